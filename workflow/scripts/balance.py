"""Rule balance: real training sequences plus every class's synthetic ones."""

import json

from memotion_gmm.gmm import balance
from memotion_gmm.sequences import read_tokens, write_sequences
from memotion_gmm.smk import job_log

with job_log(snakemake) as log:
    real, tokens = read_tokens(snakemake.input.train)
    synthetic = {
        cls: read_tokens(path) for cls, path in zip(snakemake.params.classes, snakemake.input.samples)
    }
    meta, all_tokens = balance(real, tokens, synthetic, snakemake.params.classes)
    write_sequences(meta, all_tokens, snakemake.output.balanced)

    def counts(frame):
        return {c: int(n) for c, n in frame["label"].value_counts().sort_index().items()}

    summary = {
        "before": counts(real),
        "after": counts(meta),
        "synthetic": counts(meta[meta["synthetic"]]),
        "rows": len(meta),
    }
    with open(snakemake.output.summary, "w") as fh:
        json.dump(summary, fh, indent=1)
    log.info("balanced training set: %s -> %s", summary["before"], summary["after"])
