"""Rule statistics: bootstrap intervals for every run, variant and baseline; paired comparisons."""

import pandas as pd
from memotion_gmm.evaluation.intervals import study
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    memes = pd.read_parquet(snakemake.input.memes, columns=["meme_id", "split", "label"])
    seeds = list(snakemake.params.seeds)
    paths = iter(snakemake.input.predictions)  # run_files order: variant, then seed
    predictions = {v: [pd.read_parquet(next(paths)) for _ in seeds] for v in snakemake.params.variants}
    intervals, comparisons = study(
        predictions,
        memes,
        dict(snakemake.params.variants),
        seeds,
        snakemake.params.splits,
        dict(snakemake.params.settings),
        snakemake.params.classes,
    )
    intervals.to_csv(snakemake.output.intervals, index=False)
    comparisons.to_csv(snakemake.output.comparisons, index=False)
    log.info("%d interval rows, %d comparison rows", len(intervals), len(comparisons))
