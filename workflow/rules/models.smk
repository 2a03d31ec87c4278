# Training: one job per (problem, variant, seed) on GPU resources, predicting every evaluated split;
# then each problem's image features from one of its trained CNN-I runs (trained on the training
# split only), the vector space where feature_head variants and their remedies work.


rule train:
    input:
        unpack(train_inputs),
    output:
        model=f"{PROBLEM_DIR}/runs/{{variant}}/seed{{seed}}/model.keras",
        history=f"{PROBLEM_DIR}/runs/{{variant}}/seed{{seed}}/history.csv",
        predictions=f"{PROBLEM_DIR}/runs/{{variant}}/seed{{seed}}/predictions.parquet",
        run=f"{PROBLEM_DIR}/runs/{{variant}}/seed{{seed}}/run.json",
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/train/{{variant}}/seed{{seed}}.log",
    benchmark:
        f"{OUT}/benchmarks/tasks/{{task}}/{{problem}}/train/{{variant}}/seed{{seed}}.tsv"
    wildcard_constraints:
        variant="|".join(v for v, spec in VARIANTS.items() if not spec["multi_head"]) or "(?!)",
    conda:
        "../../envs/tensorflow.yaml"
    threads: config["training"]["threads"]
    resources:
        gpu=config["training"]["gpus"],
    params:
        classes=classes,
        architecture=lambda wc: VARIANTS[wc.variant]["model"],
        sizes=lambda wc: model_sizes(wc.variant),
        balance=lambda wc: training_remedy(wc.variant),
        images=lambda wc: image_settings(wc.variant),
        eval_splits=PLAN.evaluated,
        text_batching=lambda wc: (config["training"]["text_batching"] if uses(wc.variant, "tokens") else None),
        # one dict, so that settings trading values are still seen as a change
        fit={k: config["training"][k] for k in ("epochs", "batch_size", "learning_rate")},
    script:
        "../scripts/models/train.py"


# A multi-head variant: one job per seed fits its shared encoder and every problem's head, and writes
# each problem's run files where a separate model's would be (rule train never matches it).
for _variant in MULTI_HEAD:

    rule:
        name:
            f"train_multi_head_{_variant}"
        input:
            unpack(multi_head_inputs(_variant)),
        output:
            model=f"{OUT}/multi_head/{_variant}/seed{{seed}}/model.keras",
            history=f"{OUT}/multi_head/{_variant}/seed{{seed}}/history.csv",
            run=f"{OUT}/multi_head/{_variant}/seed{{seed}}/run.json",
            predictions=[
                f"{problem_dir(t, p)}/runs/{_variant}/seed{{seed}}/predictions.parquet"
                for t, p in variant_problems(_variant)
            ],
            histories=[
                f"{problem_dir(t, p)}/runs/{_variant}/seed{{seed}}/history.csv"
                for t, p in variant_problems(_variant)
            ],
            runs=[
                f"{problem_dir(t, p)}/runs/{_variant}/seed{{seed}}/run.json"
                for t, p in variant_problems(_variant)
            ],
        log:
            f"{OUT}/logs/multi_head/{_variant}/seed{{seed}}.log",
        benchmark:
            f"{OUT}/benchmarks/multi_head/{_variant}/seed{{seed}}.tsv"
        conda:
            "../../envs/tensorflow.yaml"
        threads: config["training"]["threads"]
        resources:
            gpu=config["training"]["gpus"],
        params:
            variant=_variant,
            problems={f"{t}/{p}": list(TASKS[t].problems[p].classes) for t, p in variant_problems(_variant)},
            architecture=VARIANTS[_variant]["model"],
            sizes=model_sizes(_variant),
            images=image_settings(_variant),
            eval_splits=PLAN.evaluated,
            text_batching=config["training"]["text_batching"] if uses(_variant, "tokens") else None,
            fit={k: config["training"][k] for k in ("epochs", "batch_size", "learning_rate")},
        script:
            "../scripts/models/train_multi_head.py"


rule image_features:
    input:
        unpack(feature_inputs),
    output:
        features=expand(
            f"{PROBLEM_DIR}/features/{FEATURE_RUN}/{{split}}.npy", split=PLAN.with_images, allow_missing=True
        ),
    log:
        f"{OUT}/logs/tasks/{{task}}/{{problem}}/features/{FEATURE_RUN}.log",
    benchmark:
        f"{OUT}/benchmarks/tasks/{{task}}/{{problem}}/features/{FEATURE_RUN}.tsv"
    conda:
        "../../envs/tensorflow.yaml"
    threads: config["training"]["threads"]
    params:
        splits=PLAN.with_images,
        seed=FEATURE_SEED,  # the extractor run's: another training.seed alone changes nothing here
        batch_size=config["training"]["batch_size"],
    script:
        "../scripts/models/image_features.py"
