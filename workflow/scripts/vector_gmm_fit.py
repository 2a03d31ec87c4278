"""Rule vector_gmm_fit: one minority class's mixture over a vector space's training rows, and its
synthetic vectors (kept as drawn)."""

import json

from memotion_gmm.artifacts import read_parquet
from memotion_gmm.gmm import GMMSettings, oversample_class, save_mixture, synthetic_meta
from memotion_gmm.model_inputs import space_rows
from memotion_gmm.sequences import write_sequences
from memotion_gmm.smk import job_log

with job_log(snakemake) as log:
    cls = snakemake.wildcards.cls
    meta, vectors = space_rows(
        read_parquet(snakemake.input.memes), snakemake.input.vectors, "train", snakemake.params.image_rows
    )
    settings = GMMSettings.from_config(snakemake.params.settings)
    mixture, diagnostics, synthetic = oversample_class(
        meta["label"].to_numpy(dtype=object), vectors, cls, settings, None
    )
    save_mixture(mixture, snakemake.output.params)
    with open(snakemake.output.diagnostics, "w") as fh:
        json.dump(diagnostics, fh, indent=1)
    write_sequences(synthetic_meta(cls, [cls] * len(synthetic)), synthetic, snakemake.output.samples)
    log.info(
        "%s: %s", cls, {k: diagnostics[k] for k in ("rows", "n_components", "converged", "samples_drawn")}
    )
