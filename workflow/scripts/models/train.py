"""Rule train: one (variant, seed) run: fit, save model and history, predict every split."""

from memotion_gmm.models.training import RunSpec, run_training
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    spec = RunSpec(
        variant=snakemake.wildcards.variant,
        seed=int(snakemake.wildcards.seed),
        **dict(snakemake.params.items()),
    )
    run = run_training(spec, dict(snakemake.input.items()), dict(snakemake.output.items()), snakemake.threads)
    log.info("done: %s", run)
