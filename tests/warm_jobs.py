"""A workflow job's ``python script.py`` in a process forked from one that has imported its libraries.

A training job on the tiny data spent about 10 of its 14.7 seconds importing TensorFlow and Keras,
an evaluation job 2 of its 3.2 importing scikit-learn and pandas (docs/performance.md#ci), and the
test suite runs several hundred jobs. ``python warm_jobs.py SOCKET`` imports those libraries once
(nothing of the checkout's package: a test may run a copy of the checkout) and serves: for each
connection it forks a child that becomes the job. ``shim`` writes the executable that Snakemake
runs in place of ``python`` (``warm_cli`` sets it as Snakemake's ``sys.executable``, which is what
a ``script:`` job is started with): it hands the job its standard streams, arguments, environment
and working directory and exits with the job's status; the job ends when the shim does. Anything
but ``python SCRIPT`` under this server's hash seed runs in a new interpreter, as without the shim.

The job is the same code on the same data as in a new interpreter; the interrupt harness
(tests/workflow/test_interrupt_anywhere.py) compares every file of a run made this way with one
made by new interpreters, byte for byte.
"""

from __future__ import annotations

import atexit
import json
import os
import runpy
import socket
import subprocess
import sys
import threading
import traceback
from pathlib import Path

import fork_server

SHIM = '''#!{python} -IS
"""python, as Snakemake starts a job: forwarded to the warm_jobs server at {socket!r}."""
import json, os, socket, sys

REAL, SERVER, HASH_SEED = {python!r}, {socket!r}, {hash_seed!r}
args = sys.argv[1:]
if len(args) != 1 or args[0].startswith("-") or os.environ.get("PYTHONHASHSEED") != HASH_SEED:
    os.execv(REAL, [REAL, *args])
conn = socket.socket(socket.AF_UNIX)
conn.connect(SERVER)
request = {{"argv": args, "env": dict(os.environ), "cwd": os.getcwd()}}
socket.send_fds(conn, [json.dumps(request).encode() + b"\\n"], [0, 1, 2])
status = conn.makefile().readline()  # the job ends when this process does (signalled, killed)
sys.exit(int(status) if status.strip() else 1)
'''


def shim(folder: Path, server: Path, hash_seed: str) -> Path:
    """Write the executable that runs ``python SCRIPT`` through the server at ``server`` (others:
    the real interpreter) into ``folder``; returns its path."""
    path = folder / "python"
    path.write_text(SHIM.format(python=sys.executable, socket=str(server), hash_seed=hash_seed))
    path.chmod(0o755)
    return path


def start(server: Path, hash_seed: str) -> subprocess.Popen:
    """A server listening at ``server`` (ready when this returns), its interpreter (hence every
    job's) with ``PYTHONHASHSEED`` ``hash_seed``; it exits when the process that started it does."""
    return fork_server.start(__file__, server, hash_seed)


def _exit_status(exit_: SystemExit) -> int:
    """The status the interpreter exits with for ``exit_``, printing a message as it does."""
    if exit_.code is None or isinstance(exit_.code, int):
        return exit_.code or 0
    print(exit_.code, file=sys.stderr)
    return 1


def _child(conn: socket.socket, base_path: list[str]) -> None:
    """In the forked child: become the job the request describes; answer its status. The job ends
    at once if the shim goes away (its connection closes)."""
    message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
    request = json.loads(message)
    for fd, target in zip(fds, (0, 1, 2)):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", buffering=1, closefd=False)
    sys.stderr = open(2, "w", buffering=1, closefd=False)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    script = request["argv"][0]
    extra = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = [os.path.dirname(os.path.abspath(script)), *extra, *base_path]  # as python SCRIPT has it
    sys.argv = list(request["argv"])
    threading.Thread(target=lambda: conn.recv(1) or os._exit(1), daemon=True).start()
    code = 1
    try:
        runpy.run_path(script, run_name="__main__")
        code = 0
    except SystemExit as exit_:
        code = _exit_status(exit_)
    except BaseException as err:  # the interpreter's report, from the script's own frame on
        frames = err.__traceback__
        while frames is not None and frames.tb_frame.f_code.co_filename != script:
            frames = frames.tb_next
        traceback.print_exception(type(err), err, frames)
    finally:
        threading._shutdown()  # what the interpreter's exit runs: non-daemon threads, then atexit
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        conn.sendall(f"{code}\n".encode())
        os._exit(code)


if __name__ == "__main__":
    # The jobs' expensive imports (TensorFlow and Keras bring scipy, scikit-learn and matplotlib),
    # and Snakemake's, which every job's preamble imports.
    import cv2  # noqa: F401
    import imblearn  # noqa: F401
    import keras  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    import sklearn.metrics  # noqa: F401
    import sklearn.mixture  # noqa: F401
    import snakemake.script  # noqa: F401
    import tensorflow  # noqa: F401

    base_path = sys.path[1:]  # the interpreter's own, without this file's folder
    fork_server.serve(Path(sys.argv[1]), lambda conn: _child(conn, base_path))
