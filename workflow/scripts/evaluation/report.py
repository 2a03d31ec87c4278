"""Rule report: Table 1 over seeds with chance baselines, their intervals, every variant's chance
verdict and the label ceiling from duplicate memes; the long metrics table and figures."""

import pandas as pd
from memotion_gmm.core.artifacts import read_csv, read_json, read_parquet
from memotion_gmm.evaluation.baselines import baseline_runs
from memotion_gmm.evaluation.figures import confusion_figure, learning_curves_figure
from memotion_gmm.evaluation.runs import load_runs, long_metrics
from memotion_gmm.evaluation.tables import (
    ceiling_note,
    ceiling_row,
    table1,
    table1_display,
    table1_intervals,
    to_html,
    to_markdown,
    with_verdicts,
)
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    runs = load_runs(snakemake.input.metrics)
    memes = read_parquet(snakemake.input.memes, columns=["split", "label"])
    baselines = baseline_runs(memes, p.seeds, p.splits, p.classes)
    long = long_metrics(runs + baselines)
    order = p.variants + sorted({b.variant for b in baselines})
    table = table1(long, order)
    present = [v for v in order if (long["variant"] == v).any()]  # table1's rows
    intervals = read_csv(snakemake.input.intervals)
    table = with_verdicts(table, read_csv(snakemake.input.chance), present)
    reliability = read_json(snakemake.input.reliability)
    ceiling = ceiling_row(reliability, p.ceiling)
    full = pd.concat(
        [table1_intervals(table, intervals, present), pd.DataFrame([ceiling])], ignore_index=True
    )
    full.to_csv(snakemake.output.table_csv, index=False)
    shown = pd.concat(
        [table, pd.DataFrame([{k: v for k, v in ceiling.items() if k in table}])], ignore_index=True
    )
    shown, note = table1_display(shown.drop(columns=[c for c in shown if c.startswith("p vs chance")]))
    note = " ".join(x for x in (note, ceiling_note(reliability, p.ceiling, intervals)) if x)
    with open(snakemake.output.table_md, "w") as fh:
        fh.write(to_markdown(shown) + (f"\n{note}\n" if note else ""))
    with open(snakemake.output.table_html, "w") as fh:
        fh.write(to_html(shown, f"Table 1: {p.title} results", note))
    long.to_csv(snakemake.output.long, index=False)
    confusion_figure(runs, snakemake.output.confusion)
    histories = {}
    for run, path in zip(runs, snakemake.input.histories):
        histories.setdefault(run.variant, []).append(read_csv(path))
    learning_curves_figure(histories, snakemake.output.curves)
    log.info("\n%s%s", to_markdown(shown), note)
