"""Recovering from a killed Snakemake run with one command: the same command again.

After ``kill -9`` (or a crash, a lost terminal) Snakemake leaves its lock in
``.snakemake/locks`` and refuses to start until ``snakemake --unlock``. It cannot tell a stale
lock from a live one, so this workflow records each Snakemake process that will run jobs (when
the Snakefile is parsed, before Snakemake takes the lock) in
``.snakemake/memotion_gmm/heads/`` and removes the lock when it parses the Snakefile only if
every recorded process is on this host and no longer running. A lock with no record (or one
held by a live or remote process) is left alone, and Snakemake's own message stands.
Interrupted jobs' outputs are then redone by ``rerun-incomplete`` (set in the default profile).
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

HEADS = Path(".snakemake/memotion_gmm/heads")
HEAD_VARIABLE = "MEMOTION_GMM_SNAKEMAKE"
"""Environment variable naming the Snakemake process a job belongs to (host:pid:start time)."""
LOCKS = Path(".snakemake/locks")


def process_start_time(pid: int) -> str | None:
    """The process's start time from /proc, so that a reused pid is not mistaken for it (None: not
    running, a zombie that has exited already, or no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return None if fields[0] == "Z" else fields[19]


def _record(pid: int) -> Path:
    return HEADS / f"{socket.gethostname()}.{pid}"


def announce_head() -> None:
    """Name this Snakemake process to the jobs it starts (``HEAD_VARIABLE``), so that a job can tell
    from its first instant whether that process still runs, even if it died while the job was
    starting. Call when the Snakefile is parsed; a cluster job's own Snakemake process overrides
    the value it inherits."""
    start = process_start_time(os.getpid())
    if start is not None:
        os.environ[HEAD_VARIABLE] = f"{socket.gethostname()}:{os.getpid()}:{start}"


def announced_head() -> tuple[int, str] | None:
    """The (pid, start time) of the Snakemake process on this host that announced itself to this
    job, or None (none did, or it runs on another host)."""
    host, _, rest = os.environ.get(HEAD_VARIABLE, "").partition(":")
    pid, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit() or not start:
        return None
    return int(pid), start


def register_head(pid: int | None = None) -> Path | None:
    """Record the running Snakemake process (this one by default); call before it takes the lock."""
    pid = os.getpid() if pid is None else pid
    start = process_start_time(pid)
    if start is None:  # no /proc: nothing can be checked later, so record nothing
        return None
    HEADS.mkdir(parents=True, exist_ok=True)
    path = _record(pid)
    path.write_text(start)
    return path


def forget_head(pid: int | None = None) -> None:
    """Remove this process's record; call from ``onsuccess`` / ``onerror``."""
    _record(os.getpid() if pid is None else pid).unlink(missing_ok=True)


def _running(record: Path) -> bool:
    host, _, pid = record.name.rpartition(".")
    if host != socket.gethostname():
        return True  # cannot check another machine's processes: assume it runs
    try:
        return process_start_time(int(pid)) == record.read_text().strip()
    except (OSError, ValueError):
        return True


def locked() -> bool:
    """Whether a Snakemake run holds this working directory's lock."""
    return LOCKS.is_dir() and any(LOCKS.iterdir())


def clear_stale_lock() -> str | None:
    """Remove Snakemake's lock if it was left by recorded processes that all died; forget
    records of processes that are gone. Returns a message saying what was removed, or None."""
    records = sorted(HEADS.glob("*")) if HEADS.is_dir() else []
    live = [r for r in records if _running(r)]
    dead = [r for r in records if r not in live]
    message = None
    if locked() and dead and not live:
        shutil.rmtree(LOCKS, ignore_errors=True)
        pids = ", ".join(r.name for r in dead)
        message = (
            f"removed the lock left by Snakemake process(es) {pids} that no longer run (killed or "
            "crashed); their unfinished jobs are rerun"
        )
    for record in dead:
        record.unlink(missing_ok=True)
    return message


def lock_advice() -> str | None:
    """What to run when a lock stays that this host cannot prove stale (no record of its owner, or
    an owner on another host); None without a lock or while a recorded run of this host lives."""
    if not locked():
        return None
    records = sorted(HEADS.glob("*")) if HEADS.is_dir() else []
    here = socket.gethostname()
    if any(r.name.rpartition(".")[0] == here and _running(r) for r in records):
        return None  # a live run here: Snakemake refuses the second one itself
    owner = (
        "Snakemake process(es) " + ", ".join(r.name for r in records) + " on another host"
        if records
        else "a Snakemake run that left no record here (another host, or an older version)"
    )
    return (
        f"this directory is locked by {owner}, which cannot be checked from here; if it no longer "
        "runs: snakemake --unlock <the same options>, then the same command again"
    )
