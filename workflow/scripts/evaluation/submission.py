"""Rule submission: the unlabelled test split's predictions from a variant's best seed on trial."""

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.evaluation.runs import load_runs, long_metrics
from memotion_gmm.evaluation.tables import best_seed, submission
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    runs = load_runs(snakemake.input.metrics)
    seed = best_seed(long_metrics(runs), snakemake.wildcards.variant)
    predictions = read_parquet(snakemake.input.predictions[snakemake.params.seeds.index(seed)])
    submission(predictions).to_csv(snakemake.output[0], index=False)
    log.info("%s: submission from seed %d", snakemake.wildcards.variant, seed)
