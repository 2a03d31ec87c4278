"""How much CPU other processes took while a measurement ran (the machine is shared).

``Window`` reads the machine's busy CPU time (/proc/stat) and this process's own CPU time (plus
its finished children's) at both ends; what the machine spent beyond ours, divided by the wall
time, is the number of cores other processes kept busy meanwhile. On a 2-core machine a
measurement with 0.5 "other cores" had a quarter of the machine taken from it.
"""

from __future__ import annotations

import os
import resource
import time
from typing import Self

_TICK = os.sysconf("SC_CLK_TCK")


def _machine_busy() -> float:
    with open("/proc/stat") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / _TICK  # user nice system idle iowait irq softirq steal


def _own_cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Window:
    """``with Window() as w: ...`` then ``w.seconds``, ``w.own_cpu`` and ``w.others`` (cores)."""

    def __enter__(self) -> Self:
        self._busy, self._own, self._wall = _machine_busy(), _own_cpu(), time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._wall
        self.own_cpu = _own_cpu() - self._own
        spent = _machine_busy() - self._busy
        self.others = max(0.0, (spent - self.own_cpu) / self.seconds) if self.seconds > 0 else 0.0
