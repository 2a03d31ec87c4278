"""Rule gmm_figure: class counts before/after balancing and real vs synthetic sequence lengths."""

from memotion_gmm.evaluation.figures import gmm_balance_figure
from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.text.sequences import read_tokens

with job_log(snakemake):
    meta, tokens = read_tokens(snakemake.input.balanced)
    gmm_balance_figure(meta, tokens, snakemake.output[0], snakemake.params.classes)
