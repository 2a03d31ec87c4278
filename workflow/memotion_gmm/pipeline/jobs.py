"""Glue for Snakemake ``script:`` jobs: logging into the rule's log file, and stopping a job
whose Snakemake process died (``kill -9``, a crash) instead of letting it write on unseen."""

from __future__ import annotations

import errno
import logging
import os
import re
import socket
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from .integrity import record_outputs
from .recovery import announced_head, process_start_time

# Scheduler facts worth having in every job's log (which job, which GPUs it was given).
_JOB_ENV = ("SLURM_JOB_ID", "SLURM_JOB_GPUS", "SLURM_GPUS_ON_NODE", "SLURM_STEP_GPUS", "CUDA_VISIBLE_DEVICES")


# Exit status of a job stopped because its Snakemake process is gone (EX_TEMPFAIL: rerun it).
ORPHAN_EXIT = 75


def _is_snakemake(pid: int) -> bool:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return False
    return any(os.path.basename(arg) == "snakemake" for arg in argv[:3])


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def watched_process() -> tuple[int, str | None]:
    """The process this job lives for: the Snakemake process that announced itself to it (the
    local run that started it, or the per-job Snakemake process of a cluster job), else its
    nearest Snakemake ancestor, else its parent. Returns (pid, start time or None where /proc is
    not available). The announced process is known even when it died before the job got here (a
    kill during the job's imports): its parent is then init, and the start time tells it is gone."""
    if announced := announced_head():
        return announced
    parent = os.getppid()
    pid = parent
    try:
        while pid > 1:
            if _is_snakemake(pid):
                return pid, process_start_time(pid)
            pid = _parent_of(pid)
    except (OSError, ValueError, IndexError):
        pass
    return parent, process_start_time(parent)


def stop_when_orphaned(log: logging.Logger, interval: float = 1.0) -> threading.Thread:
    """Start a daemon thread that ends this process (exit status ORPHAN_EXIT) as soon as the
    Snakemake process that started it is gone, so that nothing writes into the outputs of a run
    that no longer exists; a rerun (``rerun-incomplete``) then redoes the job from scratch."""
    pid, start = watched_process()
    ppid = os.getppid()

    def gone() -> bool:
        if start is not None:
            return process_start_time(pid) != start
        return os.getppid() != ppid  # no /proc: at least notice the parent going

    def watch() -> None:
        while not gone():
            time.sleep(interval)
        log.error(
            "the Snakemake process %d that started this job is gone (killed or crashed): stopping "
            "the job so that it writes nothing more; rerun the workflow to redo it",
            pid,
        )
        for handler in logging.getLogger().handlers:
            handler.flush()
        os._exit(ORPHAN_EXIT)

    thread = threading.Thread(target=watch, name="orphan-watchdog", daemon=True)
    thread.start()
    return thread


# Write failures that are the machine's, not the code's: the disk or quota is full, a file is over
# the size limit, the folder is read-only.
_CANNOT_WRITE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)


def _write_failure(err: BaseException, outputs) -> str | None:
    """A message naming the path and the cause where ``err`` is one of ``_CANNOT_WRITE`` (pyarrow
    puts the errno in its message only), else None."""
    if not isinstance(err, OSError):
        return None
    code = err.errno
    if code is None and (found := re.search(r"errno (\d+)", str(err), re.IGNORECASE)):
        code = int(found.group(1))
    if code not in _CANNOT_WRITE:
        return None
    where = err.filename or ", ".join(map(str, outputs))
    return (
        f"{where}: {os.strerror(code)} while writing this job's outputs; make room (or make the folder "
        "writable) and run the same command again: Snakemake removes what this job left"
    )


@contextmanager
def job_log(snakemake):
    """Send this job's logging (and warnings) to its ``log:`` file. An error is one line on stderr
    (a problem's job names its task and problem first: ``task C, problem offensive: ...``), with
    its traceback in the log file only, and the job exits with status 1; once the job's body has
    run, its outputs are recorded (``integrity.record_outputs``)."""
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
    stop_when_orphaned(log)
    try:
        yield log
        record_outputs(snakemake.output, snakemake.input, snakemake.rule)
    except Exception as err:
        names = [
            f"{k} {getattr(snakemake.wildcards, k)}"
            for k in ("task", "problem")
            if hasattr(snakemake.wildcards, k)
        ]
        where = f"{', '.join(names)}: " if names else ""
        message = _write_failure(err, snakemake.output) or f"{type(err).__name__}: {where}{err}"
        log.error("%s", message)
        if snakemake.log:
            handlers[-1].stream.write(traceback.format_exc())
            handlers[-1].flush()
        raise SystemExit(1) from None
