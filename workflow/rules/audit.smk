# Overlap audit: memes an evaluation split shares with the training data (or another split), and
# Table 1 rescored on the unseen ones. The audit reads only the memes table (with its image
# hashes) and its own settings: changing them reruns the audit and the unseen table, never training.


rule audit:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
    output:
        overlap=f"{OUT}/audit/overlap.csv",
        summary=f"{OUT}/audit/summary.json",
        unseen=f"{OUT}/audit/unseen.parquet",
        figure=report(
            f"{OUT}/report/figures/audit_pairs.png",
            caption="../report/audit_pairs.rst",
            category="Data",
        ),
    log:
        f"{OUT}/logs/audit.log",
    benchmark:
        f"{OUT}/benchmarks/audit.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        max_distance=config["audit"]["max_distance"],
        text_similarity=config["audit"]["text_similarity"],
        figure_pairs=config["audit"]["figure_pairs"],
        max_pixels=config["images"]["max_pixels"],
    script:
        "../scripts/audit.py"


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
        seeds=SEEDS,
        splits=PLAN.evaluated,
    script:
        "../scripts/table1_unseen.py"
