"""Rule lexicon_scores: every split's texts as float32 VADER scores (N, 4), in memes order."""

import numpy as np
from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.text.lexicon import SCORES, score_splits

with job_log(snakemake) as log:
    memes = read_parquet(snakemake.input.memes)
    scores = score_splits(memes, snakemake.params.splits)
    for split, path in zip(snakemake.params.splits, snakemake.output.scores):
        np.save(path, scores[split])
        log.info("%s: %d rows of %s", split, len(scores[split]), ", ".join(SCORES))
