"""Rule gmm_fit: fit one minority class's mixture and draw its synthetic sequences."""

import json

from memotion_gmm.gmm import GMMSettings, oversample_class, save_mixture, synthetic_meta
from memotion_gmm.sequences import read_tokens, write_sequences
from memotion_gmm.smk import job_log
from memotion_gmm.tokenizer import WordTokenizer

with job_log(snakemake) as log:
    cls = snakemake.wildcards.cls
    settings = GMMSettings.from_config(snakemake.params.settings)
    table, tokens = read_tokens(snakemake.input.train)
    vocab_size = WordTokenizer.from_json(snakemake.input.vocab).vocab_size
    mixture, diagnostics, synthetic = oversample_class(
        table["label"].to_numpy(dtype=object), tokens, cls, settings, vocab_size
    )
    save_mixture(mixture, snakemake.output.params)
    with open(snakemake.output.diagnostics, "w") as fh:
        json.dump(diagnostics, fh, indent=1)
    write_sequences(synthetic_meta(cls, [cls] * len(synthetic)), synthetic, snakemake.output.samples)
    log.info(
        "%s: %d rows, %d components, converged=%s in %.3fs, drew %d",
        cls,
        diagnostics["rows"],
        diagnostics["n_components"],
        diagnostics["converged"],
        diagnostics["fit_seconds"],
        len(synthetic),
    )
