"""Rule submission: the unlabelled test split's predictions from a variant's best seed on trial."""

from memotion_gmm.artifacts import read_parquet
from memotion_gmm.report import best_seed, load_runs, long_metrics, submission
from memotion_gmm.smk import job_log

with job_log(snakemake) as log:
    runs = load_runs(snakemake.input.metrics)
    seed = best_seed(long_metrics(runs), snakemake.wildcards.variant)
    predictions = read_parquet(snakemake.input.predictions[snakemake.params.seeds.index(seed)])
    submission(predictions).to_csv(snakemake.output[0], index=False)
    log.info("%s: submission from seed %d", snakemake.wildcards.variant, seed)
