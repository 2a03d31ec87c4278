"""Rule submission: a variant's predictions of the unlabelled test split in the organisers' format,
each problem's from the variant's best seed on ``submission.select_on`` (valid, or trial)."""

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.evaluation.runs import load_runs, long_metrics
from memotion_gmm.evaluation.tables import best_seed, submission
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    inputs, seeds, variant = (
        dict(snakemake.input.items()),
        list(snakemake.params.seeds),
        snakemake.wildcards.variant,
    )
    predictions = {}
    for key, spec in snakemake.params.problems.items():
        if spec["codes"] is None:
            continue
        seed = best_seed(
            long_metrics(load_runs(inputs[f"{key}/metrics"])), variant, snakemake.params.select_on
        )
        predictions[key] = read_parquet(inputs[f"{key}/predictions"][seeds.index(seed)])
        log.info(
            "%s %s: test predictions of seed %d (best on %s)", variant, key, seed, snakemake.params.select_on
        )
    submission(predictions, dict(snakemake.params.problems)).to_csv(snakemake.output[0], index=False)
