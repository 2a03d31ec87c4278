"""Rule imbalance: the remedy x architecture table (csv, markdown, HTML) and its forest plot."""

import pandas as pd
from memotion_gmm.core.artifacts import read_csv
from memotion_gmm.evaluation.figures import forest_figure
from memotion_gmm.evaluation.imbalance import formatted, study_table
from memotion_gmm.evaluation.tables import to_html, to_markdown
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    intervals, comparisons, chance = (
        read_csv(path)
        for path in (snakemake.input.intervals, snakemake.input.comparisons, snakemake.input.chance)
    )
    table = study_table(intervals, comparisons, chance, snakemake.params.remedies)
    table.to_csv(snakemake.output.csv, index=False)
    splits = list(dict.fromkeys(table["split"]))
    md = "".join(f"### {s}\n\n{to_markdown(formatted(table, s, snakemake.params.classes))}\n" for s in splits)
    with open(snakemake.output.md, "w") as fh:
        fh.write(md)
    pages = [
        to_html(formatted(table, s, snakemake.params.classes), f"Imbalance remedies ({s})") for s in splits
    ]
    with open(snakemake.output.html, "w") as fh:
        fh.write("\n".join(pages) if pages else to_html(pd.DataFrame(), "Imbalance remedies"))
    forest_figure(table, snakemake.output.forest)
    log.info("\n%s", md)
