# One Gaussian mixture per minority class (its own job), then the balanced training set: in gmm/
# for the paper's gmm block, in remedies/{name}/ for a gmm remedy overriding some of its settings.


rule gmm_fit:
    input:
        train=f"{OUT}/text/sequences/train.parquet",
        vocab=f"{OUT}/text/vocab.json",
    output:
        params=f"{OUT}/{{gmmdir}}/{{cls}}.npz",
        diagnostics=f"{OUT}/{{gmmdir}}/{{cls}}.json",
        samples=f"{OUT}/{{gmmdir}}/{{cls}}.samples.parquet",
    log:
        f"{OUT}/logs/{{gmmdir}}/{{cls}}.log",
    benchmark:
        f"{OUT}/benchmarks/{{gmmdir}}/{{cls}}.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        settings=lambda wc: gmm_fit_settings(wc.gmmdir),
    script:
        "../scripts/gmm_fit.py"


rule balance:
    input:
        train=f"{OUT}/text/sequences/train.parquet",
        samples=expand(f"{OUT}/{{{{gmmdir}}}}/{{cls}}.samples.parquet", cls=config["gmm"]["classes"]),
    output:
        balanced=f"{OUT}/{{gmmdir}}/balanced_train.parquet",
        summary=f"{OUT}/{{gmmdir}}/balance.json",
    log:
        f"{OUT}/logs/{{gmmdir}}/balance.log",
    conda:
        "../../envs/data.yaml"
    params:
        classes=config["gmm"]["classes"],
    script:
        "../scripts/balance.py"


rule gmm_figure:
    input:
        balanced=f"{OUT}/gmm/balanced_train.parquet",
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
    script:
        "../scripts/gmm_figure.py"


# The same in a vector space (text embeddings, image features): per-class mixtures fitted
# to the training split's vectors, samples kept as drawn, under {space}/ beside the vectors.
rule vector_gmm_fit:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        vectors=f"{OUT}/{{space}}/train.npy",
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
        "../scripts/vector_gmm_fit.py"


rule vector_balance:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        vectors=f"{OUT}/{{space}}/train.npy",
        samples=expand(
            f"{OUT}/{{{{space}}}}/{{{{gmmdir}}}}/{{cls}}.samples.parquet", cls=config["gmm"]["classes"]
        ),
    output:
        balanced=f"{OUT}/{{space}}/{{gmmdir}}/balanced_train.parquet",
        summary=f"{OUT}/{{space}}/{{gmmdir}}/balance.json",
    log:
        f"{OUT}/logs/{{space}}/{{gmmdir}}/balance.log",
    conda:
        "../../envs/data.yaml"
    params:
        classes=config["gmm"]["classes"],
        image_rows=lambda wc: wc.space in IMAGE_SPACES,
    script:
        "../scripts/vector_balance.py"
