"""Rule train: one (variant, seed) run: fit, save model and history, predict every split."""

from memotion_gmm.smk import job_log
from memotion_gmm.training import RunSpec, run_training

with job_log(snakemake) as log:
    spec = RunSpec(
        variant=snakemake.wildcards.variant,
        seed=int(snakemake.wildcards.seed),
        **dict(snakemake.params.items()),
    )
    run = run_training(spec, dict(snakemake.input.items()), dict(snakemake.output.items()), snakemake.threads)
    log.info("done: %s", run)
