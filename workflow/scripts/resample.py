"""Rule resample: one remedy's resampled training set (training rows only)."""

import json

from memotion_gmm.remedies import resample, summary
from memotion_gmm.sequences import read_tokens, write_sequences
from memotion_gmm.smk import job_log
from memotion_gmm.tokenizer import WordTokenizer

with job_log(snakemake) as log:
    real, tokens = read_tokens(snakemake.input.train)
    vocab_size = WordTokenizer.from_json(snakemake.input.vocab).vocab_size
    meta, out = resample(
        real, tokens, snakemake.wildcards.remedy, dict(snakemake.params.settings), vocab_size
    )
    write_sequences(meta, out, snakemake.output.train)
    facts = summary(real, meta)
    with open(snakemake.output.summary, "w") as fh:
        json.dump(facts, fh, indent=1)
    log.info("%s: %s -> %s", snakemake.wildcards.remedy, facts["before"], facts["after"])
