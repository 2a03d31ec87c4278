"""Rule evaluate: score one run's predictions on every labelled split."""

import json

from memotion_gmm.core.artifacts import read_json, read_parquet
from memotion_gmm.evaluation.metrics import score_predictions
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    run = read_json(snakemake.input.run)
    predictions = read_parquet(snakemake.input.predictions)
    splits = score_predictions(
        predictions, snakemake.params.splits, run["missing_splits"], snakemake.params.classes
    )
    metrics = {
        "variant": run["variant"],
        "seed": run["seed"],
        "classifier": snakemake.params.classifier,
        "data": snakemake.params.data,
        "splits": splits,
    }
    with open(snakemake.output.metrics, "w") as fh:
        json.dump(metrics, fh, indent=1)
    for split, m in splits.items():
        log.info(
            "%s: %s",
            split,
            f"macro F1 {m['macro_f1']:.3f}, accuracy {m['accuracy']:.3f}" if m["available"] else m["reason"],
        )
