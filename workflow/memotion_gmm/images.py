"""Decoding memes to uint8 RGB arrays of one size, fast and without float copies."""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from .errors import InputError

log = logging.getLogger(__name__)

# OpenCV decodes JPEG at 1/2, 1/4 or 1/8 scale inside the codec (DCT scaling), far cheaper
# than a full decode followed by a resize. Other formats gain nothing from these flags.
_REDUCED = ((8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4), (2, cv2.IMREAD_REDUCED_COLOR_2))
_JPEG_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".jfif"}


def _jpeg_shape(data: np.ndarray) -> tuple[int, int] | None:
    """(height, width) from a JPEG's SOF marker, or None if it is not a readable JPEG header."""
    buf = data.tobytes()
    if buf[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 < len(buf):
        if buf[i] != 0xFF:
            return None
        marker = buf[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(buf[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(buf[i + 5 : i + 7], "big"), int.from_bytes(buf[i + 7 : i + 9], "big")
        i += 2 + length
    return None


def _decode_flag(data: np.ndarray, path: Path, size: int) -> int:
    """The cheapest OpenCV flag whose output still has at least ``size`` pixels per side."""
    if path.suffix.lower() not in _JPEG_SUFFIXES:
        return cv2.IMREAD_COLOR
    shape = _jpeg_shape(data)
    if shape is None:
        return cv2.IMREAD_COLOR
    for factor, flag in _REDUCED:
        if min(shape) // factor >= size:
            return flag
    return cv2.IMREAD_COLOR


def _decode_with_pillow(path: Path) -> np.ndarray | None:
    """Fallback for files OpenCV cannot read (e.g. GIF): RGB uint8 or None."""
    try:
        with Image.open(path) as img:
            img.seek(0)
            return np.asarray(img.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def decode_rgb(path: Path, size: int | None = None) -> np.ndarray | None:
    """Decode an image file to RGB uint8 (H, W, 3), or None where no decoder can read it.

    Grey is duplicated to three channels, alpha is dropped and palettes are expanded (OpenCV's
    IMREAD_COLOR does all three). With ``size``, JPEGs are decoded at the smallest reduced
    scale that still covers ``size`` pixels per side.
    """
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    flag = _decode_flag(data, path, size) if size else cv2.IMREAD_COLOR
    bgr = cv2.imdecode(data, flag)
    if bgr is not None:
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    rgb = _decode_with_pillow(path)
    if rgb is not None:
        log.info("decoded %s with Pillow (OpenCV could not read it)", path)
    return rgb


def load_resized(path: Path, size: int) -> np.ndarray | None:
    """Decode and resize to (size, size, 3) uint8 with area interpolation; None if undecodable."""
    rgb = decode_rgb(path, size)
    if rgb is None:
        return None
    if rgb.shape[:2] == (size, size):
        return rgb
    interp = cv2.INTER_AREA if min(rgb.shape[:2]) >= size else cv2.INTER_LINEAR
    return cv2.resize(rgb, (size, size), interpolation=interp)


def find_undecodable(paths: list[Path], threads: int, probe_size: int = 32) -> list[int]:
    """Indices of paths that no decoder can read (decoded cheaply at reduced scale)."""
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        ok = list(pool.map(lambda p: decode_rgb(p, probe_size) is not None, paths))
    return [i for i, good in enumerate(ok) if not good]


def write_image_array(paths: list[Path], out: Path, size: int, threads: int) -> None:
    """Write one uint8 ``.npy`` (N, size, size, 3), row i from paths[i], filled in place.

    Each row goes straight to its place in the file (``os.pwrite``), so memory holds only the
    images being decoded: never the whole split, not even as pages of a memory map (which would
    count towards the job's RSS and memory limit). A file that no longer decodes is an error
    naming it.
    """
    row_bytes = size * size * 3
    with open(out, "wb") as fh:
        header = {
            "descr": np.lib.format.dtype_to_descr(np.dtype(np.uint8)),
            "fortran_order": False,
            "shape": (len(paths), size, size, 3),
        }
        np.lib.format.write_array_header_1_0(fh, header)
        offset = fh.tell()
        fh.truncate(offset + len(paths) * row_bytes)
        fd = fh.fileno()

        def fill(i: int) -> None:
            img = load_resized(paths[i], size)
            if img is None:
                raise InputError(f"{paths[i]}: image does not decode (it did when the data was prepared)")
            if os.pwrite(fd, np.ascontiguousarray(img).data, offset + i * row_bytes) != row_bytes:
                raise OSError(f"{out}: short write for row {i}")

        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            for _ in pool.map(fill, range(len(paths))):
                pass
