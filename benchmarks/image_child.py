"""One image-stage run in its own process (so its peak RSS is its own); prints one JSON line.

``ours``: the workflow's image job, ``memotion_gmm.images.write_image_array(paths, out, size,
threads)``. ``naive``: the paper-style loop, serial ``cv2.imread`` -> ``cv2.resize`` ->
``float32 / 255`` appended to a list -> ``np.array``.

Usage: image_child.py {ours|naive} PATHS_FILE SIZE THREADS OUT_NPY
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np
from cpuload import Window


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM). Not getrusage: after exec it still counts the parent's pages."""
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024


def naive(paths: list[str], size: int) -> np.ndarray:
    images = []
    for path in paths:
        img = cv2.imread(path)
        img = cv2.resize(img, (size, size))
        images.append(img.astype(np.float32) / 255)
    return np.array(images)


def main() -> None:
    mode, paths_file, size, threads, out = (
        sys.argv[1],
        sys.argv[2],
        int(sys.argv[3]),
        int(sys.argv[4]),
        sys.argv[5],
    )
    paths = Path(paths_file).read_text().split("\n")
    if mode == "ours":
        from memotion_gmm.data.image_arrays import write_image_array
    with Window() as w:
        if mode == "ours":
            write_image_array(
                [Path(p) for p in paths], Path(out), size, threads, 10**8, [Path(p).parent for p in paths[:1]]
            )
        else:
            array = naive(paths, size)
            assert array.shape == (len(paths), size, size, 3)
    print(
        json.dumps(
            {
                "mode": mode,
                "n": len(paths),
                "seconds": w.seconds,
                "cpu_seconds": w.own_cpu,
                "others": w.others,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


if __name__ == "__main__":
    main()
