# Class-imbalance remedies per problem in a space ({space}: text for token ids, embeddings,
# features/...), each a cached training set shared by every variant and seed of that problem using
# it; class weights need no data and are applied in train. A remedy's files sit in its space's
# folder under the problem's directory, and see only that problem's labels.


# One Gaussian mixture per class to oversample (its own job), then the balanced training set: in
# {space}/gmm/ for the gmm block as it is, in {space}/remedies/{name}/ for a gmm remedy overriding
# some of its settings.
rule gmm_fit:
    input:
        unpack(space_inputs),
    output:
        params=f"{PROBLEM_DIR}/{{space}}/{{gmmdir}}/{{cls}}.npz",
        diagnostics=f"{PROBLEM_DIR}/{{space}}/{{gmmdir}}/{{cls}}.json",
        samples=f"{PROBLEM_DIR}/{{space}}/{{gmmdir}}/{{cls}}.samples.parquet",
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/{{space}}/{{gmmdir}}/{{cls}}.log",
    benchmark:
        f"{OUT}/benchmarks/tasks/{{task}}/{{problem}}/{{space}}/{{gmmdir}}/{{cls}}.tsv"
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
        samples=lambda wc: [
            f"{problem_dir(wc.task, wc.problem)}/{wc.space}/{wc.gmmdir}/{c}.samples.parquet"
            for c in gmm_classes(wc)
        ],
    output:
        balanced=f"{PROBLEM_DIR}/{{space}}/{{gmmdir}}/balanced_train.parquet",
        summary=f"{PROBLEM_DIR}/{{space}}/{{gmmdir}}/balance.json",
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/{{space}}/{{gmmdir}}/balance.log",
    conda:
        "../../envs/data.yaml"
    params:
        classes=gmm_classes,
        image_rows=lambda wc: wc.space in IMAGE_SPACES,
    script:
        "../scripts/resampling/balance.py"


# Random oversampling, SMOTE and its relatives (imbalanced-learn), one training set per remedy.
rule resample:
    input:
        unpack(space_inputs),
    output:
        train=f"{PROBLEM_DIR}/{{space}}/remedies/{{remedy}}/train.parquet",
        summary=f"{PROBLEM_DIR}/{{space}}/remedies/{{remedy}}/summary.json",
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/{{space}}/remedies/{{remedy}}.log",
    benchmark:
        f"{OUT}/benchmarks/tasks/{{task}}/{{problem}}/{{space}}/remedies/{{remedy}}.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        settings=lambda wc: REMEDIES[wc.remedy],
        image_rows=lambda wc: wc.space in IMAGE_SPACES,
    script:
        "../scripts/resampling/resample.py"


rule gmm_figure:
    input:
        balanced=f"{PROBLEM_DIR}/{TOKENS}/gmm/balanced_train.parquet",
    output:
        report(
            f"{PROBLEM_DIR}/report/figures/gmm_balance.png",
            caption="../report/gmm_balance.rst",
            category="GMM oversampling",
        ),
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/gmm_figure.log",
    conda:
        "../../envs/report.yaml"
    params:
        classes=classes,
    script:
        "../scripts/resampling/gmm_figure.py"
