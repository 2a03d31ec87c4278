# Table 1 over seeds with chance baselines, figures, and submissions for an unlabelled test split.


rule report:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        metrics=run_files("metrics.json"),
        histories=run_files("history.csv"),
        predictions=run_files("predictions.parquet"),
        intervals=f"{OUT}/report/statistics/intervals.csv",
    output:
        table_csv=f"{OUT}/report/table1.csv",
        table_md=f"{OUT}/report/table1.md",
        table_html=report(
            f"{OUT}/report/table1.html",
            caption="../report/table1.rst",
            category="Results",
        ),
        long=f"{OUT}/report/metrics_long.csv",
        confusion=report(
            f"{OUT}/report/figures/confusion_matrices.png",
            caption="../report/confusion.rst",
            category="Results",
        ),
        curves=report(
            f"{OUT}/report/figures/learning_curves.png",
            caption="../report/learning_curves.rst",
            category="Results",
        ),
    log:
        f"{OUT}/logs/report.log",
    conda:
        "../../envs/report.yaml"
    params:
        variants=list(VARIANTS),
        seeds=SEEDS,
        splits=PLAN.evaluated,
    script:
        "../scripts/report.py"


rule paper_comparison:
    input:
        table=f"{OUT}/report/table1.csv",
    output:
        report(
            f"{OUT}/report/paper_comparison.md",
            caption="../report/paper_comparison.rst",
            category="Results",
        ),
    log:
        f"{OUT}/logs/paper_comparison.log",
    conda:
        "../../envs/report.yaml"
    script:
        "../scripts/paper_comparison.py"


rule submission:
    input:
        metrics=lambda wc: [f"{OUT}/runs/{wc.variant}/seed{s}/metrics.json" for s in SEEDS],
        predictions=lambda wc: [f"{OUT}/runs/{wc.variant}/seed{s}/predictions.parquet" for s in SEEDS],
    output:
        f"{OUT}/submission/{{variant}}.csv",
    log:
        f"{OUT}/logs/submission/{{variant}}.log",
    conda:
        "../../envs/report.yaml"
    params:
        seeds=SEEDS,
    script:
        "../scripts/submission.py"
