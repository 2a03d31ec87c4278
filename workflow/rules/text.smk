# The text stage: the tokenizer fitted on the training split only, padded token-id sequences per
# split, sentence embeddings (wordllama's bundled static vectors, no network) and VADER lexicon
# scores (the lexicon inside vaderSentiment) per split.


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
        "../scripts/text/vocab.py"


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
        "../scripts/text/sequences.py"


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
        "../scripts/text/embed_text.py"


rule lexicon_scores:
    input:
        memes=f"{OUT}/prepare/memes.parquet",
    output:
        scores=expand(f"{OUT}/lexicon/{{split}}.npy", split=PLAN.present),
    log:
        f"{OUT}/logs/lexicon_scores.log",
    benchmark:
        f"{OUT}/benchmarks/lexicon_scores.tsv"
    conda:
        "../../envs/embeddings.yaml"
    params:
        splits=PLAN.present,
    script:
        "../scripts/text/lexicon_scores.py"
