# Raw CSVs + images -> one table of usable memes with their split; unusable rows recorded.


rule prepare:
    input:
        unpack(source_inputs),
    output:
        memes=f"{OUT}/prepare/memes.parquet",
        dropped=report(
            f"{OUT}/prepare/dropped.csv",
            caption="../report/dropped.rst",
            category="Data",
        ),
        summary=f"{OUT}/prepare/summary.json",
    log:
        f"{OUT}/logs/prepare.log",
    benchmark:
        f"{OUT}/benchmarks/prepare.tsv"
    conda:
        "../../envs/data.yaml"
    threads: config["cleaning"]["threads"]
    params:
        sources=PLAN.sources,
        fold=config["labels"]["fold"],
        noise_rules=config["cleaning"]["noise_rules"],
        fractions=PLAN.carved,
        seed=config["split"]["seed"],
        duplicate_distance=(
            config["split"]["duplicate_distance"] if config["split"]["group_duplicates"] else None
        ),
        image_splits=PLAN.with_images,
        max_pixels=config["images"]["max_pixels"],
    script:
        "../scripts/prepare.py"
