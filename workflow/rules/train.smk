# One job per (variant, seed): train on GPU resources, predict every split, then score.


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
        architecture=lambda wc: VARIANTS[wc.variant]["model"],
        sizes=lambda wc: model_sizes(wc.variant),
        balance=lambda wc: training_remedy(wc.variant),
        image_size=lambda wc: config["images"]["size"] if uses(wc.variant, "image") else None,
        eval_splits=PLAN.evaluated,
        text_batching=lambda wc: (config["training"]["text_batching"] if uses(wc.variant, "tokens") else None),
        # one dict, so that settings trading values are still seen as a change
        fit={k: config["training"][k] for k in ("epochs", "batch_size", "learning_rate")},
    script:
        "../scripts/train.py"


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
    script:
        "../scripts/evaluate.py"
