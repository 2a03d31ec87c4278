"""Rule statistics: bootstrap intervals for every run, variant and baseline; paired comparisons; the
chance verdict of every run and variant."""

import pandas as pd
from memotion_gmm.evaluation.intervals import study
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    memes = pd.read_parquet(snakemake.input.memes, columns=["meme_id", "split", "label"])
    seeds = list(snakemake.params.seeds)
    paths = iter(snakemake.input.predictions)  # run_files order: variant, then seed
    predictions = {v: [pd.read_parquet(next(paths)) for _ in seeds] for v in snakemake.params.variants}
    intervals, comparisons, chance = study(
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
    chance.to_csv(snakemake.output.chance, index=False)
    log.info("%d interval rows, %d comparison rows", len(intervals), len(comparisons))
    for row in chance[chance["seed"] == "all"].itertuples():
        log.info(
            "%s %s: macro F1 %.3f, p vs chance %.3f (Holm %.3f), detectable gain %.3f",
            row.split,
            row.variant,
            row.macro_f1,
            row.p_value,
            row.p_holm,
            row.detectable_gain,
        )
