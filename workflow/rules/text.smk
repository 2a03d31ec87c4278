# Tokenizer fitted on the training split only, then fixed-length token-id sequences per split.


rule vocab:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
    output:
        vocab=f"{OUT}/text/vocab.json",
    log:
        f"{OUT}/logs/vocab.log",
    conda:
        "../../envs/data.yaml"
    params:
        tokenizer={k: config["text"][k] for k in ("lower", "filters", "num_words", "oov_token")},
    script:
        "../scripts/vocab.py"


rule sequences:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
        vocab=f"{OUT}/text/vocab.json",
    output:
        sequences=expand(f"{OUT}/text/sequences/{{split}}.parquet", split=PLAN.present),
        stats=f"{OUT}/text/stats.json",
    log:
        f"{OUT}/logs/sequences.log",
    benchmark:
        f"{OUT}/benchmarks/sequences.tsv"
    conda:
        "../../envs/data.yaml"
    params:
        splits=PLAN.present,
        # one dict, so that settings trading values are still seen as a change
        encoding={k: config["text"][k] for k in ("max_len", "padding", "truncating")},
    script:
        "../scripts/sequences.py"
