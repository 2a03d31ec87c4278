# Each split's images as one uint8 (N, size, size, 3) array, row-aligned with its has_image memes.


rule images:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
    output:
        array=f"{OUT}/images/{{image_split}}.npy",
    log:
        f"{OUT}/logs/images/{{image_split}}.log",
    benchmark:
        f"{OUT}/benchmarks/images/{{image_split}}.tsv"
    conda:
        "../../envs/data.yaml"
    threads: config["images"]["threads"]
    resources:
        mem_mb=lambda wc, input: 1024 + 6 * input.size_mb,
    params:
        size=config["images"]["size"],
        max_pixels=config["images"]["max_pixels"],
        # images are read only from inside these folders
        folders=[spec["images"] for spec in PLAN.sources.values() if spec.get("images")],
    script:
        "../scripts/images.py"
