# The data stage: raw CSVs + images -> one table of usable memes with their split (unusable rows
# recorded), the overlap audit between splits, and each split's images as one uint8 array. The
# demo dataset, when configured, is generated first at the configured paths.

if DATASET["demo"]:

    # (the test split's ground truth goes next to its CSV as labels.csv; configure it to use it)
    rule demo_dataset:
        output:
            csv=DATASET["train"]["csv"],
            images=directory(DATASET["train"]["images"]),
            test_csv=DATASET["test"]["csv"],
            test_images=directory(DATASET["test"]["images"]),
            test_truth=os.path.join(os.path.dirname(DATASET["test"]["csv"]), "labels.csv"),
        log:
            f"{OUT}/logs/demo_dataset.log",
        conda:
            "../../envs/data.yaml"
        params:
            n_train=DATASET["demo_size"],
            n_test=DATASET["demo_test_size"],
            scale=DATASET["demo_image_scale"],
            seed=DATASET["demo_seed"],
        script:
            "../scripts/data/demo_dataset.py"


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
        problem=problem_params(STRATIFY_TASK.name, STRATIFY.name),
        noise_rules=config["cleaning"]["noise_rules"],
        max_text_chars=config["cleaning"]["max_text_chars"],
        fractions=PLAN.carved,
        seed=config["split"]["seed"],
        duplicate_distance=(
            config["split"]["duplicate_distance"] if config["split"]["group_duplicates"] else None
        ),
        image_splits=PLAN.with_images,
        max_pixels=config["images"]["max_pixels"],
    script:
        "../scripts/data/prepare.py"


# One problem's labels on the memes table: its own raw column (or ground-truth digit) read back from
# the source files, so a problem is added or edited without rerunning prepare or another problem.
rule labels:
    input:
        unpack(source_inputs),
        memes=f"{OUT}/prepare/memes.parquet",
    output:
        memes=f"{PROBLEM_DIR}/memes.parquet",
        dropped=f"{PROBLEM_DIR}/dropped.csv",
        summary=f"{PROBLEM_DIR}/labels.json",
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/labels.log",
    conda:
        "../../envs/data.yaml"
    params:
        sources=PLAN.sources,
        problem=lambda wc: problem_params(wc.task, wc.problem),
    script:
        "../scripts/data/labels.py"


# The audit reads only the memes table (with its image hashes) and its own settings: changing them
# reruns the audit and the unseen table, never training.
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
        "../scripts/data/audit.py"


rule images:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
    output:
        array=f"{OUT}/{{image_dir}}/{{image_split}}.npy",
    log:
        f"{OUT}/logs/{{image_dir}}/{{image_split}}.log",
    benchmark:
        f"{OUT}/benchmarks/{{image_dir}}/{{image_split}}.tsv"
    conda:
        "../../envs/data.yaml"
    threads: config["images"]["threads"]
    resources:
        mem_mb=lambda wc, input: 1024 + 6 * input.size_mb,
    params:
        size=config["images"]["size"],
        channels=lambda wc: CHANNELS_OF[wc.image_dir],
        max_pixels=config["images"]["max_pixels"],
        # images are read only from inside these folders
        folders=[spec["images"] for spec in PLAN.sources.values() if spec.get("images")],
    script:
        "../scripts/data/images.py"
