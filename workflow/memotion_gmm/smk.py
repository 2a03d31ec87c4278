"""Glue for Snakemake ``script:`` jobs: logging into the rule's log file."""

from __future__ import annotations

import logging
import os
import socket
import sys
from contextlib import contextmanager

# Scheduler facts worth having in every job's log (which job, which GPUs it was given).
_JOB_ENV = ("SLURM_JOB_ID", "SLURM_JOB_GPUS", "SLURM_GPUS_ON_NODE", "SLURM_STEP_GPUS", "CUDA_VISIBLE_DEVICES")


@contextmanager
def job_log(snakemake):
    """Send this job's logging (and warnings) to its ``log:`` file; log any error before raising."""
    handlers = [logging.StreamHandler(sys.stderr)]
    if snakemake.log:
        handlers.append(logging.FileHandler(snakemake.log[0], mode="w"))
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    logging.captureWarnings(True)
    log = logging.getLogger(f"rule.{snakemake.rule}")
    log.info(
        "job %s on %s: %s",
        snakemake.rule,
        socket.gethostname(),
        " ".join(f"{k}={os.environ[k]}" for k in _JOB_ENV if k in os.environ) or "not a cluster job",
    )
    try:
        yield log
    except Exception as err:
        log.error("%s: %s", type(err).__name__, err)
        raise
