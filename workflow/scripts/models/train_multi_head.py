"""A multi-head variant's train rule: one (variant, seed) run fitting every problem's head, and each
problem's predictions, history and run record."""

from memotion_gmm.models.multi_head import MultiHeadSpec, run_multi_head
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    spec = MultiHeadSpec(
        variant=p.variant,
        seed=int(snakemake.wildcards.seed),
        **{k: v for k, v in dict(p.items()).items() if k != "variant"},
    )
    out = snakemake.output
    outputs = {"model": out.model, "history": out.history, "run": out.run}
    for key, predictions, history, run in zip(p.problems, out.predictions, out.histories, out.runs):
        outputs[key] = {"predictions": predictions, "history": history, "run": run}
    record = run_multi_head(spec, dict(snakemake.input.items()), outputs, snakemake.threads)
    log.info("done: %s", record)
