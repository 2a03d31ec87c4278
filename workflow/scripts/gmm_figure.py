"""Rule gmm_figure: class counts before/after balancing and real vs synthetic sequence lengths."""

from memotion_gmm.figures import gmm_balance_figure
from memotion_gmm.sequences import read_tokens
from memotion_gmm.smk import job_log

with job_log(snakemake):
    meta, tokens = read_tokens(snakemake.input.balanced)
    gmm_balance_figure(meta, tokens, snakemake.output[0])
