"""Writing a split's images as one uint8 ``.npy`` array, row by row, never holding the split in memory:
RGB (three channels) or grey-scale (one channel, the luminance of the RGB image)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np

from ..core.errors import InputError
from .decoding import load_resized

CHANNELS = (3, 1)
"""The channel settings (``images.channels``): 3 is RGB, 1 is luminance."""


def luminance(rgb: np.ndarray) -> np.ndarray:
    """The uint8 (..., 1) luminance of uint8 RGB ``rgb`` (h, w, 3): ITU-R BT.601's
    Y = 0.299 R + 0.587 G + 0.114 B, rounded to the nearest integer (OpenCV's ``RGB2GRAY``)."""
    return cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)[..., None]


def write_image_array(
    paths: list[Path],
    out: Path,
    size: int,
    threads: int,
    max_pixels: int,
    folders: list[Path],
    channels: int = 3,
) -> None:
    """Write one uint8 ``.npy`` (N, size, size, channels), row i from paths[i] (its ``luminance``
    with one channel), filled in place.

    Each row goes straight to its place in the file (``os.pwrite``), so memory holds only the
    images being decoded: never the whole split, not even as pages of a memory map (which would
    count towards the job's RSS and memory limit). A path outside every one of ``folders`` (the
    configured image folders) is refused before anything is opened; a file that no longer
    decodes, or is now over ``max_pixels``, is an error naming it.
    """
    roots = [Path(f).resolve() for f in folders]
    for path in paths:
        try:
            resolved = Path(path).resolve()
        except (OSError, ValueError, RuntimeError):
            resolved = None
        if resolved is None or not any(resolved.is_relative_to(r) and resolved != r for r in roots):
            raise InputError(
                f"{path}: image path resolves outside the configured image folders "
                f"{[str(f) for f in folders]}; refusing to read it (rerun the prepare rule)"
            )
    if channels not in CHANNELS:
        raise ValueError(f"channels: {channels} (expected one of {CHANNELS})")
    row_bytes = size * size * channels
    with open(out, "wb") as fh:
        header = {
            "descr": np.lib.format.dtype_to_descr(np.dtype(np.uint8)),
            "fortran_order": False,
            "shape": (len(paths), size, size, channels),
        }
        np.lib.format.write_array_header_1_0(fh, header)
        offset = fh.tell()
        fh.truncate(offset + len(paths) * row_bytes)
        fd = fh.fileno()

        def fill(i: int) -> None:
            img = load_resized(paths[i], size, max_pixels)
            if img is None:
                raise InputError(f"{paths[i]}: image does not decode (it did when the data was prepared)")
            if channels == 1:
                img = luminance(img)
            data, at = memoryview(np.ascontiguousarray(img)).cast("B"), offset + i * row_bytes
            try:
                while data:  # a write cut short (a full disk) is retried, and then fails with its errno
                    written = os.pwrite(fd, data, at)
                    data, at = data[written:], at + written
            except OSError as err:
                raise OSError(err.errno, err.strerror, str(out)) from None

        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            for _ in pool.map(fill, range(len(paths))):
                pass
