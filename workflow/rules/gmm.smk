# One Gaussian mixture per minority class (its own job), then the balanced training set.


rule gmm_fit:
    input:
        train=f"{OUT}/text/sequences/train.parquet",
        vocab=f"{OUT}/text/vocab.json",
    output:
        params=f"{OUT}/gmm/{{cls}}.npz",
        diagnostics=f"{OUT}/gmm/{{cls}}.json",
        samples=f"{OUT}/gmm/{{cls}}.samples.parquet",
    log:
        f"{OUT}/logs/gmm/{{cls}}.log",
    benchmark:
        f"{OUT}/benchmarks/gmm/{{cls}}.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        settings=gmm_fit_settings(),
    script:
        "../scripts/gmm_fit.py"


rule balance:
    input:
        train=f"{OUT}/text/sequences/train.parquet",
        samples=expand(f"{OUT}/gmm/{{cls}}.samples.parquet", cls=config["gmm"]["classes"]),
    output:
        balanced=f"{OUT}/gmm/balanced_train.parquet",
        summary=f"{OUT}/gmm/balance.json",
    log:
        f"{OUT}/logs/balance.log",
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
