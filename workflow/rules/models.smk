# Training: one job per (variant, seed) on GPU resources, predicting every evaluated split; then the
# image features of one trained CNN-I run (trained on the training split only), the vector space
# where feature_head variants and their remedies work.


rule train:
    input:
        unpack(train_inputs),
    output:
        model=f"{OUT}/runs/{{variant}}/seed{{seed}}/model.keras",
        history=f"{OUT}/runs/{{variant}}/seed{{seed}}/history.csv",
        predictions=f"{OUT}/runs/{{variant}}/seed{{seed}}/predictions.parquet",
        run=f"{OUT}/runs/{{variant}}/seed{{seed}}/run.json",
    log:
        f"{OUT}/logs/train/{{variant}}/seed{{seed}}.log",
    benchmark:
        f"{OUT}/benchmarks/train/{{variant}}/seed{{seed}}.tsv"
    conda:
        "../../envs/tensorflow.yaml"
    threads: config["training"]["threads"]
    resources:
        gpu=config["training"]["gpus"],
    params:
        classes=CLASSES,
        architecture=lambda wc: VARIANTS[wc.variant]["model"],
        sizes=lambda wc: model_sizes(wc.variant),
        balance=lambda wc: training_remedy(wc.variant),
        image_size=lambda wc: config["images"]["size"] if uses(wc.variant, "image") else None,
        eval_splits=PLAN.evaluated,
        text_batching=lambda wc: (config["training"]["text_batching"] if uses(wc.variant, "tokens") else None),
        # one dict, so that settings trading values are still seen as a change
        fit={k: config["training"][k] for k in ("epochs", "batch_size", "learning_rate")},
    script:
        "../scripts/models/train.py"


rule image_features:
    input:
        model=f"{OUT}/runs/{FEATURE_RUN}/model.keras",
        images=expand(f"{OUT}/images/{{split}}.npy", split=PLAN.with_images),
    output:
        features=expand(f"{OUT}/features/{FEATURE_RUN}/{{split}}.npy", split=PLAN.with_images),
    log:
        f"{OUT}/logs/features/{FEATURE_RUN}.log",
    benchmark:
        f"{OUT}/benchmarks/features/{FEATURE_RUN}.tsv"
    conda:
        "../../envs/tensorflow.yaml"
    threads: config["training"]["threads"]
    params:
        splits=PLAN.with_images,
        seed=FEATURE_SEED,  # the extractor run's: another training.seed alone changes nothing here
        batch_size=config["training"]["batch_size"],
    script:
        "../scripts/models/image_features.py"
