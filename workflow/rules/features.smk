# Image features: every split's images through a trained CNN-I run (trained on the training split
# only) up to its penultimate layer, one float array per split with images.


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
        "../scripts/image_features.py"
