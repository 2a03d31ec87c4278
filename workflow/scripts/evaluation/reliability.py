"""Rule reliability: label agreement between duplicate memes (the audit's pairs), per strictness
level and scope, with bootstrap intervals over groups; every within-group pair; the figure."""

import json

from memotion_gmm.core.artifacts import read_csv, read_parquet
from memotion_gmm.evaluation.figures import reliability_figure
from memotion_gmm.evaluation.reliability import label_reliability
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    memes = read_parquet(snakemake.input.memes, columns=["meme_id", "split", "label"])
    overlap = read_csv(snakemake.input.overlap)
    summary, pairs = label_reliability(memes, overlap, p.classes, p.ordinal, dict(p.settings))
    with open(snakemake.output.summary, "w") as fh:
        json.dump(summary, fh, indent=1)
    pairs.to_csv(snakemake.output.pairs, index=False)
    reliability_figure(summary, snakemake.output.figure)
    for scope, levels in summary["scopes"].items():
        for level, facts in levels.items():
            log.info(
                "%s, %s duplicates: %d groups, %d pairs, agreement %s (chance %s), kappa %s, twin F1 %s",
                scope,
                level,
                facts["groups"],
                facts["pairs"],
                *(
                    f"{facts[k]:.3f}" if facts.get(k) is not None else "-"
                    for k in ("observed_agreement", "chance_agreement", "kappa", "twin_macro_f1")
                ),
            )
