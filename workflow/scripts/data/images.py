"""Rule images: one split's images (its has_image memes, in memes order) as uint8
(N, size, size, channels): RGB, or their luminance with one channel."""

from pathlib import Path

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.data.image_arrays import write_image_array
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    split = snakemake.wildcards.image_split
    memes = read_parquet(snakemake.input.memes, columns=["split", "has_image", "image_path"])
    paths = [Path(p) for p in memes.loc[(memes["split"] == split) & memes["has_image"], "image_path"]]
    p = snakemake.params
    write_image_array(
        paths,
        Path(snakemake.output.array),
        p.size,
        snakemake.threads,
        p.max_pixels,
        [Path(f) for f in p.folders],
        p.channels,
    )
    log.info(
        "%s: %d images at %dx%d, %d channel(s), with %d threads",
        split,
        len(paths),
        p.size,
        p.size,
        p.channels,
        snakemake.threads,
    )
