"""Rule sequences: every split's texts as padded token-id sequences (parquet)."""

import json

from memotion_gmm.artifacts import read_parquet
from memotion_gmm.sequences import encode_split, resolve_max_len, write_sequences
from memotion_gmm.smk import job_log
from memotion_gmm.tokenizer import WordTokenizer

with job_log(snakemake) as log:
    p = snakemake.params
    memes = read_parquet(snakemake.input.memes)
    tokenizer = WordTokenizer.from_json(snakemake.input.vocab)
    train_ids = [tokenizer.encode(t) for t in memes.loc[memes["split"] == "train", "text"]]
    max_len = resolve_max_len(p.encoding["max_len"], train_ids)
    stats = {"max_len": max_len, "vocab_size": tokenizer.vocab_size, "splits": {}}
    for split, path in zip(p.splits, snakemake.output.sequences):
        rows = memes[memes["split"] == split]
        meta, tokens = encode_split(rows, tokenizer, max_len, p.encoding["padding"], p.encoding["truncating"])
        write_sequences(meta, tokens, path)
        lengths = [len(tokenizer.encode(t)) for t in rows["text"]]
        stats["splits"][split] = {
            "rows": len(rows),
            "truncated": sum(n > max_len for n in lengths),
            "empty_after_tokenizing": sum(n == 0 for n in lengths),
        }
        log.info("%s: %d sequences of length %d", split, len(rows), max_len)
    with open(snakemake.output.stats, "w") as fh:
        json.dump(stats, fh, indent=1)
