"""Rule image_features: each split's images through a trained CNN-I up to its penultimate layer,
float32 (N, dim) per split, row-aligned with the split's has_image memes."""

import numpy as np
from memotion_gmm.core.artifacts import load_npy
from memotion_gmm.models.features import extract, feature_extractor
from memotion_gmm.models.runtime import configure_backend
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    configure_backend(snakemake.params.seed, snakemake.threads)  # logs the device it found
    extractor = feature_extractor(snakemake.input.model)
    for split, images, path in zip(
        snakemake.params.splits, snakemake.input.images, snakemake.output.features
    ):
        features = extract(extractor, load_npy(images, mmap_mode="r"), snakemake.params.batch_size)
        np.save(path, features)
        log.info("%s: %d feature vectors of dimension %d", split, *features.shape)
