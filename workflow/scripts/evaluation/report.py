"""Rule report: Table 1 over seeds with baselines, the long metrics table and figures."""

import pandas as pd
from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.evaluation.baselines import baseline_runs
from memotion_gmm.evaluation.figures import confusion_figure, learning_curves_figure
from memotion_gmm.evaluation.runs import load_runs, long_metrics
from memotion_gmm.evaluation.tables import table1, table1_display, table1_intervals, to_html, to_markdown
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    runs = load_runs(snakemake.input.metrics)
    memes = read_parquet(snakemake.input.memes, columns=["split", "label"])
    baselines = baseline_runs(
        memes, snakemake.params.seeds, snakemake.params.splits, snakemake.params.classes
    )
    long = long_metrics(runs + baselines)
    order = snakemake.params.variants + sorted({b.variant for b in baselines})
    table = table1(long, order)
    intervals = pd.read_csv(snakemake.input.intervals)
    present = [v for v in order if (long["variant"] == v).any()]  # table1's rows
    table1_intervals(table, intervals, present).to_csv(snakemake.output.table_csv, index=False)
    shown, note = table1_display(table)
    with open(snakemake.output.table_md, "w") as fh:
        fh.write(to_markdown(shown) + (f"\n{note}\n" if note else ""))
    with open(snakemake.output.table_html, "w") as fh:
        fh.write(to_html(shown, f"Table 1: {snakemake.params.title} results", note))
    long.to_csv(snakemake.output.long, index=False)
    confusion_figure(runs, snakemake.output.confusion)
    histories = {}
    for run, path in zip(runs, snakemake.input.histories):
        histories.setdefault(run.variant, []).append(pd.read_csv(path))
    learning_curves_figure(histories, snakemake.output.curves)
    log.info("\n%s%s", to_markdown(shown), note)
