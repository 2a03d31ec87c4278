"""Rule sequences: every split's texts as padded token-id sequences (parquet)."""

import json

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.text.sequences import encode_splits, write_sequences
from memotion_gmm.text.tokenizer import WordTokenizer

with job_log(snakemake) as log:
    memes = read_parquet(snakemake.input.memes)
    tokenizer = WordTokenizer.from_json(snakemake.input.vocab)
    encoded, stats = encode_splits(memes, tokenizer, snakemake.params.splits, snakemake.params.encoding)
    for split, path in zip(snakemake.params.splits, snakemake.output.sequences):
        write_sequences(*encoded[split], path)
        log.info("%s: %d sequences of length %d", split, len(encoded[split][0]), stats["max_len"])
    with open(snakemake.output.stats, "w") as fh:
        json.dump(stats, fh, indent=1)
