"""Glue for Snakemake ``script:`` jobs: logging into the rule's log file."""

from __future__ import annotations

import logging
import sys
from contextlib import contextmanager


@contextmanager
def job_log(snakemake):
    """Send this job's logging (and warnings) to its ``log:`` file; log any error before raising."""
    handlers = [logging.StreamHandler(sys.stderr)]
    if snakemake.log:
        handlers.append(logging.FileHandler(snakemake.log[0], mode="w"))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        handlers=handlers, force=True)
    logging.captureWarnings(True)
    log = logging.getLogger(f"rule.{snakemake.rule}")
    try:
        yield log
    except Exception as err:
        log.error("%s: %s", type(err).__name__, err)
        raise
