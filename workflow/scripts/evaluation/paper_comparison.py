"""Rule paper_comparison: our Table 1 beside the paper's published one."""

import pandas as pd
from memotion_gmm.evaluation.tables import PAPER_TABLE1, to_markdown
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake):
    ours = pd.read_csv(snakemake.input.table, keep_default_na=False)
    with open(snakemake.output[0], "w") as fh:
        fh.write(
            "## This workflow\n\n"
            + to_markdown(ours)
            + "\n## Liu et al. (2020), Table 1 as published\n\n"
            + to_markdown(PAPER_TABLE1)
        )
