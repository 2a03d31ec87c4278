"""Rule table1_unseen: Table 1 (with chance baselines and every variant's chance verdict) on the
evaluation memes the audit found no training match for, beside each split's n unseen / all."""

import pandas as pd
from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.evaluation.baselines import baseline_runs
from memotion_gmm.evaluation.runs import load_runs, long_metrics
from memotion_gmm.evaluation.tables import table1, to_html, to_markdown, with_verdicts
from memotion_gmm.evaluation.unseen import unseen_runs, unseen_verdicts
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    memes = read_parquet(snakemake.input.memes, columns=["split", "meme_id", "label"])
    unseen = read_parquet(snakemake.input.unseen)
    runs = load_runs(snakemake.input.metrics)
    predictions = [read_parquet(path) for path in snakemake.input.predictions]
    fresh = memes[~memes["meme_id"].isin(unseen.loc[unseen["seen_in_train"], "meme_id"])]
    every = runs + baseline_runs(memes, p.seeds, p.splits, p.classes)
    rescored = unseen_runs(runs, predictions, unseen, p.splits, p.classes)
    rescored += baseline_runs(fresh, p.seeds, p.splits, p.classes)
    order = p.variants + sorted({r.variant for r in every} - set(p.variants))
    long = long_metrics(rescored)
    table = table1(long, order)
    everything = table1(long_metrics(every), order)
    seeds = len(p.seeds)  # run_files order: variant, then seed
    by_variant = {v: predictions[i * seeds : (i + 1) * seeds] for i, v in enumerate(p.variants)}
    verdicts = unseen_verdicts(
        by_variant, fresh, p.splits, dict(p.specs), p.seeds, p.classes, dict(p.settings)
    )
    present = [v for v in order if (long["variant"] == v).any()]  # table1's rows
    table = with_verdicts(table, verdicts, present)
    for col in [c for c in table.columns if c.startswith("n_")]:
        table[f"{col}_all"] = everything[col]
    table.to_csv(snakemake.output.csv, index=False)
    shown = table.drop(columns=[c for c in table.columns if c.startswith(("n_", "p vs chance"))])
    for col in [c for c in table.columns if c.startswith("n_") and not c.endswith("_all")]:
        shown[f"n {col.removeprefix('n_')} (unseen/all)"] = [
            "-" if pd.isna(a) else f"{a}/{b}" for a, b in zip(table[col], table[f"{col}_all"])
        ]
    title = "Table 1 on unseen memes (no match in the training split)"
    with open(snakemake.output.md, "w") as fh:
        fh.write(to_markdown(shown))
    with open(snakemake.output.html, "w") as fh:
        fh.write(to_html(shown, title))
    log.info("%s\n%s", title, to_markdown(shown))
