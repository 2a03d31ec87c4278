"""Rule demo_dataset: write the deterministic demo dataset."""

from pathlib import Path

from memotion_gmm.data.demo import generate_demo
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    out = Path(snakemake.output.csv).parent
    generate_demo(
        out, snakemake.params.n_train, snakemake.params.n_test, snakemake.params.seed, snakemake.params.scale
    )
    log.info("demo dataset written to %s", out)
