# Uncertainty: bootstrap intervals and paired tests over every run, then the imbalance study's
# table and forest plot (report/imbalance.*).


rule statistics:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        predictions=run_files("predictions.parquet"),
    output:
        intervals=f"{OUT}/report/statistics/intervals.csv",
        comparisons=f"{OUT}/report/statistics/comparisons.csv",
    log:
        f"{OUT}/logs/statistics.log",
    benchmark:
        f"{OUT}/benchmarks/statistics.tsv"
    conda:
        "../../envs/report.yaml"
    params:
        variants={v: {k: VARIANTS[v][k] for k in ("classifier", "model", "balance")} for v in VARIANTS},
        seeds=SEEDS,
        splits=PLAN.evaluated,
        settings=config["statistics"],
    script:
        "../scripts/statistics.py"


rule imbalance:
    input:
        intervals=f"{OUT}/report/statistics/intervals.csv",
        comparisons=f"{OUT}/report/statistics/comparisons.csv",
    output:
        csv=f"{OUT}/report/imbalance.csv",
        md=f"{OUT}/report/imbalance.md",
        html=report(
            f"{OUT}/report/imbalance.html",
            caption="../report/imbalance.rst",
            category="Imbalance remedies",
        ),
        forest=report(
            f"{OUT}/report/figures/imbalance_forest.png",
            caption="../report/imbalance_forest.rst",
            category="Imbalance remedies",
        ),
    log:
        f"{OUT}/logs/imbalance.log",
    conda:
        "../../envs/report.yaml"
    script:
        "../scripts/imbalance.py"
