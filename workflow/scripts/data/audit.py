"""Rule audit: matched memes across splits (overlap.csv), counts (summary.json), unseen memes, figure."""

import json

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.data.audit import overlap, summary, unseen_memes
from memotion_gmm.evaluation.figures import matched_pairs_figure
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    memes = read_parquet(snakemake.input.memes)
    pairs = overlap(memes, p.max_distance, p.text_similarity)
    pairs.to_csv(snakemake.output.overlap, index=False)
    counts = summary(memes, pairs, {"max_distance": p.max_distance, "text_similarity": p.text_similarity})
    with open(snakemake.output.summary, "w") as fh:
        json.dump(counts, fh, indent=1)
    unseen_memes(memes, pairs).to_parquet(snakemake.output.unseen, index=False)
    matched_pairs_figure(pairs, memes, snakemake.output.figure, p.figure_pairs, p.max_pixels)
    for name, c in counts["pairs"].items():
        log.info("%s: %d of %d memes matched (%s)", name, c["memes_matched"], c["memes"], c["kind"])
