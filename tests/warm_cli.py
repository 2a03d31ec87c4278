"""Snakemake's command line in a process forked from one that has imported Snakemake already.

``python -m snakemake`` spends about a second of a dry run's two importing Snakemake, its executor
plugins and pandas, and the tests start Snakemake a few hundred times. ``python warm_cli.py SOCKET``
imports them once and serves: for each connection it forks a child, a fresh copy of an interpreter
that has run nothing but these imports, which calls the entry point ``python -m snakemake`` calls
(``snakemake.cli.main``) with the request's arguments, environment and working directory, its
output to the request's files, and answers with the exit status. Jobs are processes of their own,
as in any run, started with the request's ``python`` where it names one (``warm_jobs``' shim).
Nothing of the checkout's package is imported here (a test may run a copy of the checkout).
``run`` is the client (``workflow_utils.snakemake``).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path

import fork_server


class Started:
    """``python -m snakemake *argv`` forked from the server listening at ``server`` and running, its
    jobs started with ``python`` (default: this interpreter), its output in the files named, in a
    session of its own where ``session``; ``pid``, ``poll``, ``send_signal``, ``wait`` and
    ``returncode`` as a ``subprocess.Popen`` has them (-1: the child died without a status, e.g. killed)."""

    def __init__(
        self,
        server: Path,
        argv: list[str],
        env: dict[str, str],
        stdout: Path,
        stderr: Path,
        python: Path | None = None,
        session: bool = False,
    ):
        request = {"argv": argv, "env": env, "cwd": os.getcwd(), "stdout": str(stdout), "stderr": str(stderr)}
        request |= {"python": str(python or sys.executable), "session": session}
        self._conn = socket.socket(socket.AF_UNIX)
        self._conn.connect(str(server))
        self._conn.sendall(json.dumps(request).encode() + b"\n")
        self._answers = self._conn.makefile()
        self.pid = int(self._answers.readline())
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._conn], [], [], 0)[0]:
            self.wait()
        return self.returncode

    def send_signal(self, sig: int, group: bool = False) -> None:
        """``sig`` to the run (to its process group where ``group``), unless it has ended, as
        ``Popen.send_signal`` does (the child is not this process's: it may end meanwhile)."""
        if self.poll() is None:
            try:
                (os.killpg if group else os.kill)(self.pid, sig)
            except ProcessLookupError:
                pass

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            ready = select.select([self._conn], [], [], timeout)[0]
            if not ready:
                raise subprocess.TimeoutExpired(["snakemake"], timeout)
            answer = self._answers.readline()
            self.returncode = int(answer) if answer.strip() else -1
            self._conn.close()
        return self.returncode


def run(
    server: Path, argv: list[str], env: dict[str, str], stdout: Path, stderr: Path, python: Path | None = None
) -> int:
    """``Started(...)``, waited for: its exit status."""
    return Started(server, argv, env, stdout, stderr, python).wait()


def start(server: Path, hash_seed: str) -> subprocess.Popen:
    """A server listening at ``server`` (ready when this returns), its interpreter (hence every
    run's) with ``PYTHONHASHSEED`` ``hash_seed``; it exits when the process that started it does."""
    return fork_server.start(__file__, server, hash_seed)


def _child(conn: socket.socket) -> None:
    """In the forked child: read the request, answer its pid, run Snakemake's main, answer its status."""
    request = json.loads(conn.makefile().readline())
    if request["session"]:
        os.setsid()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a new interpreter's, even if ignored here
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for key, fd in (("stdout", 1), ("stderr", 2)):
        file = os.open(request[key], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(file, fd)
        os.close(file)
    sys.stdout = open(1, "w", buffering=1, closefd=False)
    sys.stderr = open(2, "w", buffering=1, closefd=False)
    conn.sendall(f"{os.getpid()}\n".encode())  # once its output files exist
    sys.argv = [str(Path(snakemake.cli.__file__).with_name("__main__.py")), *request["argv"]]
    sys.executable = request["python"]  # what Snakemake starts a script: job with
    code = 1
    try:
        snakemake.cli.main(request["argv"])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        atexit._run_exitfuncs()  # what the interpreter's exit runs (os._exit below skips it)
        sys.stdout.flush()
        sys.stderr.flush()
        conn.sendall(f"{code}\n".encode())
        os._exit(0)


if __name__ == "__main__":
    import pandas  # noqa: F401  (the Snakefile's and the Slurm plugin's)
    import snakemake.cli

    try:  # the plugin registry imports every installed executor plugin at start-up
        import snakemake_executor_plugin_slurm  # noqa: F401
    except ImportError:
        pass
    fork_server.serve(Path(sys.argv[1]), _child)
