"""Rule prepare: read, clean and split every source; record dropped rows."""

import json

from memotion_gmm.core.tasks import Problem
from memotion_gmm.data.cleaning import NoiseRule
from memotion_gmm.data.prepare import prepare_memes, summarize
from memotion_gmm.data.sources import Source
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    problem = Problem.from_config(p.problem["name"], p.problem)
    sources = {name: Source.from_config(name, spec, problem) for name, spec in p.sources.items()}
    memes, dropped = prepare_memes(
        sources,
        problem,
        [NoiseRule(**r) for r in p.noise_rules],
        dict(p.fractions),
        p.seed,
        p.max_pixels,
        snakemake.threads,
        p.duplicate_distance,
        max_text_chars=p.max_text_chars,
    )
    memes.to_parquet(snakemake.output.memes, index=False)
    dropped.to_csv(snakemake.output.dropped, index=False)
    text_only = [s for s in memes["split"].unique() if s not in p.image_splits]
    summary = summarize(memes, dropped, text_only)
    with open(snakemake.output.summary, "w") as fh:
        json.dump(summary, fh, indent=1)
    for reason, count in summary["dropped"].items():
        log.info("dropped %d rows: %s", count, reason)
    for file, counts in summary["dropped_by_file"].items():
        log.info("dropped from %s: %s", file, counts)
    for split, info in summary["splits"].items():
        log.info(
            "split %s: %d rows %s, text from %s, %s",
            split,
            info["rows"],
            info["classes"],
            info["text_source"],
            f"{info['with_image']} with an image" if info["images"] else "text only",
        )
