"""Rule labels: one problem's class per meme (read back from the source files), its dropped memes."""

import json

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.core.tasks import Problem
from memotion_gmm.data.labels import label_summary, problem_labels
from memotion_gmm.data.sources import Source
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    problem = Problem.from_config(p.problem["name"], p.problem)
    sources = {name: Source.from_config(name, spec, problem) for name, spec in p.sources.items()}
    memes, dropped = problem_labels(read_parquet(snakemake.input.memes), sources, problem)
    memes.to_parquet(snakemake.output.memes, index=False)
    dropped.to_csv(snakemake.output.dropped, index=False)
    summary = label_summary(memes, dropped, problem)
    with open(snakemake.output.summary, "w") as fh:
        json.dump(summary, fh, indent=1)
    task = snakemake.wildcards.task
    for split, info in summary["splits"].items():
        log.info(
            "%s %s, %s: %d of %d memes labelled %s",
            task,
            problem.name,
            split,
            info["labelled"],
            info["memes"],
            info["classes"],
        )
    if summary["dropped"]:
        log.info(
            "%s %s: %d memes dropped (no class of this problem): %s",
            task,
            problem.name,
            summary["dropped"],
            summary["dropped_by_file"],
        )
