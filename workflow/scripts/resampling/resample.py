"""Rule resample: one remedy's resampled training set in a space (training rows only)."""

import json

from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.resampling.remedies import resample, summary
from memotion_gmm.resampling.spaces import training_rows
from memotion_gmm.text.sequences import write_sequences

with job_log(snakemake) as log:
    real, rows, vocab_size = training_rows(dict(snakemake.input.items()), snakemake.params.image_rows)
    remedy = snakemake.wildcards.remedy
    meta, out = resample(real, rows, remedy, dict(snakemake.params.settings), vocab_size)
    write_sequences(meta, out, snakemake.output.train)
    facts = summary(real, meta)
    with open(snakemake.output.summary, "w") as fh:
        json.dump(facts, fh, indent=1)
    log.info("%s in %s: %s -> %s", remedy, snakemake.wildcards.space, facts["before"], facts["after"])
