"""Rule image_features: each split's memes with an image through a trained CNN-I or CNN-LSTM-TI up
to its penultimate layer, float32 (N, dim) per split, row-aligned with the split's has_image memes."""

import numpy as np
from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.models.features import extract, feature_extractor
from memotion_gmm.models.inputs import SPLIT_COLUMNS, load_split
from memotion_gmm.models.runtime import configure_backend
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    configure_backend(snakemake.params.seed, snakemake.threads)  # logs the device it found
    extractor = feature_extractor(snakemake.input.model)
    memes = read_parquet(snakemake.input.memes, columns=SPLIT_COLUMNS)
    inputs = dict(snakemake.input.items())
    for split, path in zip(snakemake.params.splits, snakemake.output.features):
        rows = load_split(split, memes, inputs.get(f"tokens_{split}"), inputs[f"images_{split}"])
        features = extract(extractor, rows, snakemake.params.batch_size)
        np.save(path, features)
        log.info("%s: %d feature vectors of dimension %d", split, *features.shape)
