"""Rule balance: a space's real training rows followed by every class's synthetic ones."""

import json

from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.resampling.gmm import balance
from memotion_gmm.resampling.remedies import summary
from memotion_gmm.resampling.spaces import training_rows
from memotion_gmm.text.sequences import read_tokens, write_sequences

with job_log(snakemake) as log:
    inputs = {k: v for k, v in snakemake.input.items() if k != "samples"}
    real, rows, _ = training_rows(inputs, snakemake.params.image_rows)
    synthetic = {
        cls: read_tokens(path) for cls, path in zip(snakemake.params.classes, snakemake.input.samples)
    }
    meta, balanced = balance(real, rows, synthetic, snakemake.params.classes)
    write_sequences(meta, balanced, snakemake.output.balanced)
    facts = summary(real, meta)
    with open(snakemake.output.summary, "w") as fh:
        json.dump(facts, fh, indent=1)
    log.info(
        "balanced training set in %s: %s -> %s", snakemake.wildcards.space, facts["before"], facts["after"]
    )
