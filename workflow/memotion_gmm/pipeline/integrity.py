"""Damaged outputs are remade: every finished job records its outputs, every run checks them.

Snakemake decides what to rerun from modification times and metadata; a file cut short by a full
disk or a bad copy, or overwritten with garbage, under a finished run would otherwise get "Nothing
to be done" (or feed its damage to every rule downstream with exit status 0). So each job records
the size, modification time and SHA-256 of each of its outputs when it succeeds, with the job's
inputs and other outputs (``record_outputs``, called by ``jobs.job_log``), in
``.snakemake/memotion_gmm/outputs/``, and the Snakefile calls ``remove_damaged`` before building
the DAG. An output whose size or content differs from its record is removed with every output of
its job and everything recorded as made from them: Snakemake reruns a job only where a file
downstream asks for it (a missing intermediate under up-to-date results is not remade), so the
results made from the damaged file go too, and the run remakes the lot. A file only touched (same
size and content) keeps its record. Only the main Snakemake process checks, and only while no
other run holds the working directory's lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

RECORDS = Path(".snakemake/memotion_gmm/outputs")

# Snakemake options that build no job (the damaged files are then only reported).
_NO_JOBS = {
    "--dry-run", "--dryrun", "--just-print", "--dag", "--rulegraph", "--filegraph", "--d3dag",
    "--summary", "--detailed-summary", "--list-rules", "--list", "--lint", "--unlock",
    "--cleanup-metadata", "--list-changes", "--lc", "--list-code-changes", "--list-input-changes",
    "--list-params-changes", "--report", "--containerize", "--delete-all-output",
    "--delete-temp-output", "--touch",
}  # fmt: skip


def runs_jobs(argv: list[str]) -> bool:
    """Whether Snakemake's command line ``argv`` (without the program) executes jobs: not a dry
    run (``-n``, also in a cluster of short flags such as ``-np``), a listing, a graph or ``--touch``."""
    for arg in argv:
        if arg.split("=")[0] in _NO_JOBS or arg in ("-l", "-S", "-D", "-t"):
            return False
        if arg[:1] == "-" and arg[1:2] != "-" and arg[1:].isalpha() and "n" in arg:
            return False
    return True


@dataclass(frozen=True)
class Damage:
    """An output that no longer is what its rule wrote."""

    path: str
    outputs: tuple[str, ...]  # every output of the job that wrote it (files or output folders)
    rule: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} since rule {self.rule} wrote it"


def _files(path: Path) -> list[Path]:
    """The files of an output (none if it is missing: Snakemake reports that itself)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file())
    return [path] if path.exists() else []


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record_path(path: str) -> Path:
    return RECORDS / f"{hashlib.sha1(path.encode()).hexdigest()}.json"


def _write_record(record: dict) -> None:
    target = _record_path(record["path"])
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(record))
    partial.replace(target)  # a record is never seen half-written


def record_outputs(outputs, inputs, rule: str) -> None:
    """Record each output file (the files inside an output folder) of a job that just succeeded,
    with the job's outputs and inputs (which tell what is made from what)."""
    outputs, inputs = [str(o) for o in outputs], [str(i) for i in inputs]
    for output in outputs:
        for path in _files(Path(output)):
            stat = path.stat()
            _write_record(
                {
                    "path": str(path),
                    "outputs": outputs,
                    "inputs": inputs,
                    "rule": rule,
                    "size": stat.st_size,
                    "mtime_ns": stat.st_mtime_ns,
                    "sha256": _sha256(path),
                }
            )


def _check(record: dict) -> str | None:
    """Why the recorded file is damaged, or None (unchanged, only touched, or gone)."""
    path = Path(record["path"])
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    if stat.st_size != record["size"]:
        return f"{stat.st_size} bytes instead of {record['size']}"
    if stat.st_mtime_ns == record["mtime_ns"]:
        return None
    if _sha256(path) != record["sha256"]:
        return "content changed"
    _write_record(record | {"mtime_ns": stat.st_mtime_ns})  # touched only: remember the new time
    return None


_FIELDS = {"path", "outputs", "inputs", "rule", "size", "mtime_ns", "sha256"}


def _records() -> list[dict]:
    """Every readable record, with ``check`` (why its file is damaged, or None); an unreadable or
    incomplete one is forgotten."""
    records = []
    for target in sorted(RECORDS.glob("*.json")) if RECORDS.is_dir() else []:
        try:
            record = json.loads(target.read_text())
            if not _FIELDS <= set(record):
                raise KeyError(_FIELDS - set(record))
            records.append(record | {"check": _check(record)})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            target.unlink(missing_ok=True)
    return records


def find_damaged() -> tuple[list[Damage], list[str]]:
    """(recorded outputs whose size or content changed since their job wrote them, the outputs to
    remove with them: their jobs' outputs and, transitively, the outputs of every recorded job that
    read one). Records of files that are gone are forgotten."""
    records, damaged = [], []
    for record in _records():
        if not Path(record["path"]).exists():
            _record_path(record["path"]).unlink(missing_ok=True)
            continue
        records.append(record)
        if record["check"]:
            damaged.append(Damage(record["path"], tuple(record["outputs"]), record["rule"], record["check"]))
    doomed = {o for d in damaged for o in d.outputs}
    grew = bool(doomed)
    while grew:  # every job that read a doomed file makes doomed files
        made = {o for r in records if doomed.intersection(r["inputs"]) for o in r["outputs"]}
        grew = not made <= doomed
        doomed |= made
    return damaged, sorted(doomed)


def remove_damaged(dry_run: bool) -> list[str]:
    """Remove the damaged outputs, their jobs' other outputs and what was made from them (the run
    then remakes them); in a dry run only say what the next run removes. Returns messages: one per
    damaged file, then one for the files removed with them."""
    damaged, doomed = find_damaged()
    if not damaged:
        return []
    others = [o for o in doomed if o not in {d.path for d in damaged}]
    listed = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    if dry_run:
        messages = [f"{d}; the next run (without -n) removes and remakes it" for d in damaged]
        return messages + [f"the next run also removes and remakes what was made with or from them: {listed}"]
    for output in map(Path, doomed):
        for path in [output, *_files(output)]:
            _record_path(str(path)).unlink(missing_ok=True)
        if output.is_dir():
            shutil.rmtree(output)
        else:
            output.unlink(missing_ok=True)
    messages = [f"{d}: removed, rule {d.rule} remakes it" for d in damaged]
    return (
        messages + [f"removed too, to be remade: what was made with or from them: {listed}"]
        if others
        else messages
    )
