"""Rule embed_text: every split's texts as float32 sentence embeddings (N, dim), in memes order."""

import numpy as np
from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.text.embeddings import embed_splits

with job_log(snakemake) as log:
    memes = read_parquet(snakemake.input.memes)
    vectors = embed_splits(memes, snakemake.params.splits, snakemake.params.embeddings)
    for split, path in zip(snakemake.params.splits, snakemake.output.embeddings):
        np.save(path, vectors[split])
        log.info("%s: %d embeddings of dimension %d", split, *vectors[split].shape)
