"""Rule vector_balance: a vector space's real training rows plus every class's synthetic ones."""

import json

from memotion_gmm.artifacts import read_parquet
from memotion_gmm.gmm import balance
from memotion_gmm.model_inputs import space_rows
from memotion_gmm.remedies import summary
from memotion_gmm.sequences import read_tokens, write_sequences
from memotion_gmm.smk import job_log

with job_log(snakemake) as log:
    real, vectors = space_rows(
        read_parquet(snakemake.input.memes), snakemake.input.vectors, "train", snakemake.params.image_rows
    )
    synthetic = {
        cls: read_tokens(path) for cls, path in zip(snakemake.params.classes, snakemake.input.samples)
    }
    meta, rows = balance(real, vectors, synthetic, snakemake.params.classes)
    write_sequences(meta, rows, snakemake.output.balanced)
    facts = summary(real, meta)
    with open(snakemake.output.summary, "w") as fh:
        json.dump(facts, fh, indent=1)
    log.info("balanced training set: %s -> %s", facts["before"], facts["after"])
