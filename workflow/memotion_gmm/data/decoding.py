"""Decoding memes to uint8 RGB arrays of one size, fast and without float copies, and checking them.

Image files are untrusted input: a name must resolve inside its image folder before anything
opens it, and a header declaring more pixels than ``images.max_pixels`` is refused before any
decoder allocates its canvas.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from ..core.errors import InputError

log = logging.getLogger(__name__)

# Pillow's own decompression-bomb guard raises (or warns) in Image.open, before the size can be
# read. Every decode here checks the declared size against the configured limit first.
Image.MAX_IMAGE_PIXELS = None

# Why an image cannot be used (the drop reasons of the prepare stage).
TOO_LARGE = "image_too_large"
UNDECODABLE = "corrupt_image"


class ImageTooLarge(InputError):
    """An image whose header declares more pixels than the configured limit."""


def inside_folder(folder: Path, name: str) -> Path | None:
    """``folder / name`` if it resolves inside ``folder`` (after ``..`` and symlinks), else None.

    Nothing is opened: only the path (and the links along it) are resolved. An absolute name, a
    name with ``..`` climbing out, a NUL byte or a symlink pointing elsewhere gives None.
    """
    try:
        root = Path(folder).resolve()
        target = (root / name).resolve()
    except (OSError, ValueError, RuntimeError):
        return None
    if Path(name).is_absolute() or not target.is_relative_to(root) or target == root:
        return None
    return Path(folder) / name


def declared_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from the file's header without decoding pixels; None if Pillow cannot
    identify the format."""
    try:
        with Image.open(path) as img:
            return img.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None


def check_size(path: Path, width: int, height: int, max_pixels: int) -> None:
    """Raise ImageTooLarge when ``width`` x ``height`` is over ``max_pixels``."""
    if width * height > max_pixels:
        raise ImageTooLarge(
            f"{path}: image declares {width} x {height} = {width * height:,} pixels, "
            f"more than images.max_pixels ({max_pixels:,})"
        )


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


def decode_rgb(path: Path, max_pixels: int, size: int | None = None) -> np.ndarray | None:
    """Decode an image file to RGB uint8 (H, W, 3), or None where no decoder can read it.

    Grey is duplicated to three channels, alpha is dropped and palettes are expanded (OpenCV's
    IMREAD_COLOR does all three). With ``size``, JPEGs are decoded at the smallest reduced
    scale that still covers ``size`` pixels per side. A header declaring more than
    ``max_pixels`` pixels raises ImageTooLarge before any decoder runs.
    """
    header = declared_size(path)
    if header is not None:
        check_size(path, *header, max_pixels)
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    flag = _decode_flag(data, path, size) if size else cv2.IMREAD_COLOR
    try:
        bgr = cv2.imdecode(data, flag)
    except cv2.error:  # e.g. OpenCV's own pixel limit on a format Pillow does not know
        bgr = None
    if bgr is not None:
        check_size(path, bgr.shape[1], bgr.shape[0], max_pixels)
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    if header is None:
        return None  # Pillow cannot identify it either
    rgb = _decode_with_pillow(path)
    if rgb is not None:
        log.info("decoded %s with Pillow (OpenCV could not read it)", path)
    return rgb


def load_resized(path: Path, size: int, max_pixels: int) -> np.ndarray | None:
    """Decode and resize to (size, size, 3) uint8 with area interpolation; None if undecodable."""
    rgb = decode_rgb(path, max_pixels, size)
    if rgb is None:
        return None
    if rgb.shape[:2] == (size, size):
        return rgb
    interp = cv2.INTER_AREA if min(rgb.shape[:2]) >= size else cv2.INTER_LINEAR
    return cv2.resize(rgb, (size, size), interpolation=interp)


def image_problem(path: Path, max_pixels: int, probe_size: int = 32) -> tuple[str, str] | None:
    """Why an image cannot be used, as (reason, detail), or None if it decodes (cheaply, at
    reduced scale) within ``max_pixels``."""
    try:
        if decode_rgb(path, max_pixels, probe_size) is not None:
            return None
    except ImageTooLarge as err:
        return TOO_LARGE, str(err).removeprefix(f"{path}: ")
    return UNDECODABLE, "no decoder can read the file"


def find_image_problems(paths: list[Path], threads: int, max_pixels: int) -> dict[int, tuple[str, str]]:
    """{index: (reason, detail)} for every path that cannot be used (see ``image_problem``)."""
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        found = list(pool.map(lambda p: image_problem(p, max_pixels), paths))
    return {i: problem for i, problem in enumerate(found) if problem is not None}
