# Scoring and reporting: each run's metrics, bootstrap intervals, paired tests and chance verdicts
# over every run, label reliability from duplicate memes, the imbalance study, Table 1 over seeds
# with chance baselines and the label ceiling (also on the memes the audit found unseen), the
# paper's Table 1 beside ours, and submissions for an unlabelled test split.


rule evaluate:
    input:
        predictions=f"{OUT}/runs/{{variant}}/seed{{seed}}/predictions.parquet",
        run=f"{OUT}/runs/{{variant}}/seed{{seed}}/run.json",
    output:
        metrics=f"{OUT}/runs/{{variant}}/seed{{seed}}/metrics.json",
    log:
        f"{OUT}/logs/evaluate/{{variant}}/seed{{seed}}.log",
    conda:
        "../../envs/data.yaml"
    params:
        classifier=lambda wc: VARIANTS[wc.variant]["classifier"],
        data=lambda wc: VARIANTS[wc.variant]["data"],
        splits=PLAN.evaluated,
        classes=CLASSES,
    script:
        "../scripts/evaluation/evaluate.py"


rule statistics:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        predictions=run_files("predictions.parquet"),
    output:
        intervals=f"{OUT}/report/statistics/intervals.csv",
        comparisons=f"{OUT}/report/statistics/comparisons.csv",
        chance=f"{OUT}/report/statistics/chance.csv",
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
        classes=CLASSES,
    script:
        "../scripts/evaluation/statistics.py"


# Label reliability reads only the memes table, the audit's pairs and its settings: a change to
# them reruns it and the tables that show the ceiling, never a training job.
rule reliability:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        overlap=f"{OUT}/audit/overlap.csv",
    output:
        summary=f"{OUT}/reliability/summary.json",
        pairs=f"{OUT}/reliability/pairs.csv",
        figure=report(
            f"{OUT}/report/figures/reliability.png",
            caption="../report/reliability.rst",
            category="Label reliability",
        ),
    log:
        f"{OUT}/logs/reliability.log",
    benchmark:
        f"{OUT}/benchmarks/reliability.tsv"
    conda:
        "../../envs/report.yaml"
    params:
        classes=CLASSES,
        ordinal=PROBLEM.ordinal,
        settings=config["statistics"],
    script:
        "../scripts/evaluation/reliability.py"


rule imbalance:
    input:
        intervals=f"{OUT}/report/statistics/intervals.csv",
        comparisons=f"{OUT}/report/statistics/comparisons.csv",
        chance=f"{OUT}/report/statistics/chance.csv",
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
    params:
        remedies=list(REMEDIES),  # the table's remedy order
        classes=CLASSES,
    script:
        "../scripts/evaluation/imbalance.py"


rule report:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        metrics=run_files("metrics.json"),
        histories=run_files("history.csv"),
        predictions=run_files("predictions.parquet"),
        intervals=f"{OUT}/report/statistics/intervals.csv",
        chance=f"{OUT}/report/statistics/chance.csv",
        reliability=f"{OUT}/reliability/summary.json",
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
        classes=CLASSES,
        title=TASK.title,
        ceiling=config["reliability"]["ceiling"],
    script:
        "../scripts/evaluation/report.py"


# Table 1 again, on the evaluation memes the audit matched to no training meme.
rule table1_unseen:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        unseen=f"{OUT}/audit/unseen.parquet",
        metrics=run_files("metrics.json"),
        predictions=run_files("predictions.parquet"),
    output:
        csv=f"{OUT}/report/table1_unseen.csv",
        md=f"{OUT}/report/table1_unseen.md",
        html=report(
            f"{OUT}/report/table1_unseen.html",
            caption="../report/table1_unseen.rst",
            category="Results",
        ),
    log:
        f"{OUT}/logs/table1_unseen.log",
    conda:
        "../../envs/report.yaml"
    params:
        variants=list(VARIANTS),
        specs={v: {"classifier": VARIANTS[v]["classifier"]} for v in VARIANTS},
        seeds=SEEDS,
        splits=PLAN.evaluated,
        classes=CLASSES,
        settings=config["statistics"],
    script:
        "../scripts/evaluation/table1_unseen.py"


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
        "../scripts/evaluation/paper_comparison.py"


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
        "../scripts/evaluation/submission.py"
