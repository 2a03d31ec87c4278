# Scoring and reporting: each run's metrics, bootstrap intervals, paired tests and chance verdicts
# over every run, label reliability from duplicate memes, the imbalance study, Table 1 over seeds
# with chance baselines and the label ceiling (also on the memes the audit found unseen), the
# paper's Table 1 beside ours, and submissions for an unlabelled test split.


rule evaluate:
    input:
        predictions=f"{PROBLEM_DIR}/runs/{{variant}}/seed{{seed}}/predictions.parquet",
        run=f"{PROBLEM_DIR}/runs/{{variant}}/seed{{seed}}/run.json",
    output:
        metrics=f"{PROBLEM_DIR}/runs/{{variant}}/seed{{seed}}/metrics.json",
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/evaluate/{{variant}}/seed{{seed}}.log",
    conda:
        "../../envs/data.yaml"
    params:
        classifier=lambda wc: VARIANTS[wc.variant]["classifier"],
        data=lambda wc: VARIANTS[wc.variant]["data"],
        splits=PLAN.evaluated,
        classes=classes,
    script:
        "../scripts/evaluation/evaluate.py"


rule statistics:
    input:
        memes=f"{PROBLEM_DIR}/memes.parquet",
        predictions=run_files("predictions.parquet"),
    output:
        intervals=f"{PROBLEM_DIR}/report/statistics/intervals.csv",
        comparisons=f"{PROBLEM_DIR}/report/statistics/comparisons.csv",
        chance=f"{PROBLEM_DIR}/report/statistics/chance.csv",
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/statistics.log",
    benchmark:
        f"{OUT}/benchmarks/tasks/{{task}}/{{problem}}/statistics.tsv"
    conda:
        "../../envs/report.yaml"
    params:
        variants=lambda wc: {
            v: {k: VARIANTS[v][k] for k in ("classifier", "model", "balance")}
            for v in task_variants(wc.task)
        },
        seeds=SEEDS,
        splits=PLAN.evaluated,
        settings=config["statistics"],
        classes=classes,
    script:
        "../scripts/evaluation/statistics.py"


# Label reliability reads only the memes table, the audit's pairs and its settings: a change to
# them reruns it and the tables that show the ceiling, never a training job.
rule reliability:
    input:
        memes=f"{PROBLEM_DIR}/memes.parquet",
        overlap=f"{OUT}/audit/overlap.csv",
    output:
        summary=f"{PROBLEM_DIR}/reliability/summary.json",
        pairs=f"{PROBLEM_DIR}/reliability/pairs.csv",
        figure=report(
            f"{PROBLEM_DIR}/report/figures/reliability.png",
            caption="../report/reliability.rst",
            category="Label reliability",
        ),
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/reliability.log",
    benchmark:
        f"{OUT}/benchmarks/tasks/{{task}}/{{problem}}/reliability.tsv"
    conda:
        "../../envs/report.yaml"
    params:
        classes=classes,
        ordinal=lambda wc: problem_of(wc).ordinal,
        settings=config["statistics"],
    script:
        "../scripts/evaluation/reliability.py"


rule imbalance:
    input:
        intervals=f"{PROBLEM_DIR}/report/statistics/intervals.csv",
        comparisons=f"{PROBLEM_DIR}/report/statistics/comparisons.csv",
        chance=f"{PROBLEM_DIR}/report/statistics/chance.csv",
    output:
        csv=f"{PROBLEM_DIR}/report/imbalance.csv",
        md=f"{PROBLEM_DIR}/report/imbalance.md",
        html=report(
            f"{PROBLEM_DIR}/report/imbalance.html",
            caption="../report/imbalance.rst",
            category="Imbalance remedies",
        ),
        forest=report(
            f"{PROBLEM_DIR}/report/figures/imbalance_forest.png",
            caption="../report/imbalance_forest.rst",
            category="Imbalance remedies",
        ),
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/imbalance.log",
    conda:
        "../../envs/report.yaml"
    params:
        remedies=list(REMEDIES),  # the table's remedy order
        classes=classes,
    script:
        "../scripts/evaluation/imbalance.py"


rule report:
    input:
        memes=f"{PROBLEM_DIR}/memes.parquet",
        metrics=run_files("metrics.json"),
        histories=run_files("history.csv"),
        predictions=run_files("predictions.parquet"),
        intervals=f"{PROBLEM_DIR}/report/statistics/intervals.csv",
        chance=f"{PROBLEM_DIR}/report/statistics/chance.csv",
        reliability=f"{PROBLEM_DIR}/reliability/summary.json",
    output:
        table_csv=f"{PROBLEM_DIR}/report/table1.csv",
        table_md=f"{PROBLEM_DIR}/report/table1.md",
        table_html=report(
            f"{PROBLEM_DIR}/report/table1.html",
            caption="../report/table1.rst",
            category="Results",
        ),
        long=f"{PROBLEM_DIR}/report/metrics_long.csv",
        confusion=report(
            f"{PROBLEM_DIR}/report/figures/confusion_matrices.png",
            caption="../report/confusion.rst",
            category="Results",
        ),
        curves=report(
            f"{PROBLEM_DIR}/report/figures/learning_curves.png",
            caption="../report/learning_curves.rst",
            category="Results",
        ),
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/report.log",
    conda:
        "../../envs/report.yaml"
    params:
        variants=lambda wc: task_variants(wc.task),
        seeds=SEEDS,
        splits=PLAN.evaluated,
        classes=classes,
        title=lambda wc: problem_title(wc.task, wc.problem),
        ceiling=config["reliability"]["ceiling"],
    script:
        "../scripts/evaluation/report.py"


# Table 1 again, on the evaluation memes the audit matched to no training meme.
rule table1_unseen:
    input:
        memes=f"{PROBLEM_DIR}/memes.parquet",
        unseen=f"{OUT}/audit/unseen.parquet",
        metrics=run_files("metrics.json"),
        predictions=run_files("predictions.parquet"),
    output:
        csv=f"{PROBLEM_DIR}/report/table1_unseen.csv",
        md=f"{PROBLEM_DIR}/report/table1_unseen.md",
        html=report(
            f"{PROBLEM_DIR}/report/table1_unseen.html",
            caption="../report/table1_unseen.rst",
            category="Results",
        ),
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/table1_unseen.log",
    conda:
        "../../envs/report.yaml"
    params:
        variants=lambda wc: task_variants(wc.task),
        specs=lambda wc: {v: {"classifier": VARIANTS[v]["classifier"]} for v in task_variants(wc.task)},
        seeds=SEEDS,
        splits=PLAN.evaluated,
        classes=classes,
        settings=config["statistics"],
    script:
        "../scripts/evaluation/table1_unseen.py"


rule paper_comparison:
    input:
        table=f"{problem_dir(STRATIFY_TASK.name, STRATIFY.name)}/report/table1.csv",
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


# Each task's score (macro F1 of each problem, averaged over them) per variant and split, with
# intervals over memes and seeds, chance rows and, for Memotion 7k, the SemEval-2020 tops.
rule task_scores:
    input:
        unpack(task_score_inputs),
    output:
        csv=f"{OUT}/report/{{task}}/scores.csv",
        md=f"{OUT}/report/{{task}}/scores.md",
    log:
        f"{OUT}/logs/report/{{task}}/scores.log",
    conda:
        "../../envs/report.yaml"
    params:
        problems=lambda wc: {p: list(spec.classes) for p, spec in TASKS[wc.task].problems.items()},
        variants=lambda wc: {v: VARIANTS[v]["classifier"] for v in task_variants(wc.task)},
        data=lambda wc: {v: VARIANTS[v]["data"] for v in task_variants(wc.task)},
        seeds=SEEDS,
        splits=PLAN.evaluated,
        title=lambda wc: TASKS[wc.task].title,
        settings=config["statistics"],
        published=lambda wc: published_top(wc.task),
    script:
        "../scripts/evaluation/task_scores.py"


# One file per variant in the organisers' format: every task it trains in the combined field.
rule submission:
    input:
        unpack(submission_inputs),
    output:
        f"{OUT}/submission/{{variant}}.csv",
    log:
        f"{OUT}/logs/submission/{{variant}}.log",
    conda:
        "../../envs/report.yaml"
    params:
        seeds=SEEDS,
        select_on=config["submission"]["select_on"],
        problems=lambda wc: submission_problems(wc.variant),
    script:
        "../scripts/evaluation/submission.py"
