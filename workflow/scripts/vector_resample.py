"""Rule vector_resample: one remedy's resampled training set in a vector space (training rows only)."""

import json

from memotion_gmm.artifacts import read_parquet
from memotion_gmm.model_inputs import space_rows
from memotion_gmm.remedies import resample, summary
from memotion_gmm.sequences import write_sequences
from memotion_gmm.smk import job_log

with job_log(snakemake) as log:
    real, vectors = space_rows(
        read_parquet(snakemake.input.memes), snakemake.input.vectors, "train", snakemake.params.image_rows
    )
    meta, rows = resample(real, vectors, snakemake.wildcards.remedy, dict(snakemake.params.settings), None)
    write_sequences(meta, rows, snakemake.output.train)
    facts = summary(real, meta)
    with open(snakemake.output.summary, "w") as fh:
        json.dump(facts, fh, indent=1)
    log.info("%s: %s -> %s", snakemake.wildcards.remedy, facts["before"], facts["after"])
