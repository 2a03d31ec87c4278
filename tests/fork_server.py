"""A Unix-socket server that forks a child per connection, and its start-up: what ``warm_cli``
(Snakemake starts) and ``warm_jobs`` (workflow jobs) share. The server's imports are whatever its
script did before ``serve``; each child is a copy of that interpreter."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def start(script: str, server: Path, hash_seed: str, timeout: float = 300) -> subprocess.Popen:
    """``python script server`` listening at ``server`` (ready when this returns), its interpreter
    (hence every child's) with ``PYTHONHASHSEED`` ``hash_seed``; it exits when the process that
    started it does."""
    proc = subprocess.Popen(
        [sys.executable, script, str(server)], env=os.environ | {"PYTHONHASHSEED": hash_seed}
    )
    deadline = time.time() + timeout
    while not server.exists():
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"{Path(script).name}'s server did not start (status {proc.poll()})")
        time.sleep(0.05)
    return proc


def serve(path: Path, child: Callable[[socket.socket], None]) -> None:
    """Accept connections at ``path`` until the process that started this one is gone; each in a
    forked child that runs ``child(connection)`` (which must end the child with ``os._exit``)."""
    parent = os.getppid()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path) + ".tmp")
        os.rename(str(path) + ".tmp", path)  # the path appears once it accepts
        listener.listen(64)
        listener.settimeout(1.0)
        while os.getppid() == parent:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(None)
            if os.fork() == 0:
                listener.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the child waits for its own children
                child(conn)
            conn.close()
