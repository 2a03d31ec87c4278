"""Rule gmm_fit: one class's mixture over a space's training rows, and the synthetic rows it draws
(token ids rounded into the vocabulary; vectors kept as drawn)."""

import json

from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.resampling.gmm import GMMSettings, oversample_class, save_mixture, synthetic_meta
from memotion_gmm.resampling.spaces import training_rows
from memotion_gmm.text.sequences import write_sequences

with job_log(snakemake) as log:
    cls = snakemake.wildcards.cls
    meta, rows, vocab_size = training_rows(dict(snakemake.input.items()), snakemake.params.image_rows)
    settings = GMMSettings.from_config(snakemake.params.settings)
    mixture, diagnostics, synthetic = oversample_class(
        meta["label"].to_numpy(dtype=object), rows, cls, settings, vocab_size
    )
    save_mixture(mixture, snakemake.output.params)
    with open(snakemake.output.diagnostics, "w") as fh:
        json.dump(diagnostics, fh, indent=1)
    write_sequences(synthetic_meta(cls, [cls] * len(synthetic)), synthetic, snakemake.output.samples)
    log.info(
        "%s in %s: %s",
        cls,
        snakemake.wildcards.space,
        {k: diagnostics[k] for k in ("rows", "n_components", "converged", "fit_seconds", "samples_drawn")},
    )
