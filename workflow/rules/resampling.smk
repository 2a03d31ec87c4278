# Class-imbalance remedies in a space ({space}: text for token ids, embeddings, features/...), each a
# cached training set shared by every variant and seed using it; class weights need no data and are
# applied in train. Token ids live under text/, every other space under its own folder: the
# remedies' files sit beside the rows they resample.


# One Gaussian mixture per class to oversample (its own job), then the balanced training set: in
# {space}/gmm/ for the gmm block as it is, in {space}/remedies/{name}/ for a gmm remedy overriding
# some of its settings.
rule gmm_fit:
    input:
        unpack(space_inputs),
    output:
        params=f"{OUT}/{{space}}/{{gmmdir}}/{{cls}}.npz",
        diagnostics=f"{OUT}/{{space}}/{{gmmdir}}/{{cls}}.json",
        samples=f"{OUT}/{{space}}/{{gmmdir}}/{{cls}}.samples.parquet",
    log:
        f"{OUT}/logs/{{space}}/{{gmmdir}}/{{cls}}.log",
    benchmark:
        f"{OUT}/benchmarks/{{space}}/{{gmmdir}}/{{cls}}.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        settings=lambda wc: gmm_fit_settings(wc.gmmdir),
        image_rows=lambda wc: wc.space in IMAGE_SPACES,
    script:
        "../scripts/resampling/gmm_fit.py"


rule balance:
    input:
        unpack(space_inputs),
        samples=expand(f"{OUT}/{{{{space}}}}/{{{{gmmdir}}}}/{{cls}}.samples.parquet", cls=GMM_CLASSES),
    output:
        balanced=f"{OUT}/{{space}}/{{gmmdir}}/balanced_train.parquet",
        summary=f"{OUT}/{{space}}/{{gmmdir}}/balance.json",
    log:
        f"{OUT}/logs/{{space}}/{{gmmdir}}/balance.log",
    conda:
        "../../envs/data.yaml"
    params:
        classes=GMM_CLASSES,
        image_rows=lambda wc: wc.space in IMAGE_SPACES,
    script:
        "../scripts/resampling/balance.py"


# Random oversampling, SMOTE and its relatives (imbalanced-learn), one training set per remedy.
rule resample:
    input:
        unpack(space_inputs),
    output:
        train=f"{OUT}/{{space}}/remedies/{{remedy}}/train.parquet",
        summary=f"{OUT}/{{space}}/remedies/{{remedy}}/summary.json",
    log:
        f"{OUT}/logs/{{space}}/remedies/{{remedy}}.log",
    benchmark:
        f"{OUT}/benchmarks/{{space}}/remedies/{{remedy}}.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        settings=lambda wc: REMEDIES[wc.remedy],
        image_rows=lambda wc: wc.space in IMAGE_SPACES,
    script:
        "../scripts/resampling/resample.py"


rule gmm_figure:
    input:
        balanced=f"{OUT}/{TOKENS}/gmm/balanced_train.parquet",
    output:
        report(
            f"{OUT}/report/figures/gmm_balance.png",
            caption="../report/gmm_balance.rst",
            category="GMM oversampling",
        ),
    log:
        f"{OUT}/logs/gmm_figure.log",
    conda:
        "../../envs/report.yaml"
    params:
        classes=CLASSES,
    script:
        "../scripts/resampling/gmm_figure.py"
