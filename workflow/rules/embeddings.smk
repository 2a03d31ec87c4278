# Sentence embeddings (wordllama's bundled static vectors, no network), one float array per split.


rule embed_text:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
    output:
        embeddings=expand(f"{OUT}/embeddings/{{split}}.npy", split=PLAN.present),
    log:
        f"{OUT}/logs/embed_text.log",
    benchmark:
        f"{OUT}/benchmarks/embed_text.tsv"
    conda:
        "../../envs/embeddings.yaml"
    params:
        splits=PLAN.present,
        embeddings=config["embeddings"],
    script:
        "../scripts/embed_text.py"
