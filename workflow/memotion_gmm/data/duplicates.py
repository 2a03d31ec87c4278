"""Finding the same meme twice: perceptual image hashes, normalised texts, and duplicate groups.

Used by the splitter (a duplicate group stays on one side of a carved split) and by the overlap
audit (which memes of an evaluation split the training data already holds).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

HASH_SIZE = 16
"""imagehash's ``hash_size``: a 16 x 16 = 256-bit hash. The 64-bit default calls many memes that
share a template but not a caption the same image (checked on the real Memotion 7k)."""


def image_hash(path: Path, max_pixels: int) -> str | None:
    """The image's perceptual hash (DCT-based ``imagehash.phash``, 256 bits) as 64 hex digits, or
    None where it cannot be decoded. It survives re-encoding, resizing and renaming."""
    import imagehash
    from PIL import Image

    from .decoding import decode_rgb

    rgb = decode_rgb(path, max_pixels)
    if rgb is None:
        return None
    return str(imagehash.phash(Image.fromarray(rgb), HASH_SIZE))


def image_hashes(paths: Iterable[str | None], max_pixels: int, threads: int = 1) -> list[str | None]:
    """``image_hash`` of each path (None where it is not a string: None or NaN), in order."""
    paths = list(paths)
    with ThreadPoolExecutor(max(1, threads)) as pool:
        return list(
            pool.map(lambda p: image_hash(Path(p), max_pixels) if isinstance(p, str) else None, paths)
        )


def hash_bits(hashes: Iterable[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(hashes as rows of uint64 words, bool mask of the rows that have one)."""
    hashes = list(hashes)
    present = np.array([isinstance(h, str) for h in hashes], dtype=bool)
    values = np.zeros((len(hashes), HASH_SIZE * HASH_SIZE // 64), dtype=np.uint64)
    for i in np.flatnonzero(present):
        values[i] = np.frombuffer(bytes.fromhex(hashes[i]), dtype=">u8")
    return values, present


def hamming(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """(len(left), len(right)) Hamming distances between hashes (rows of uint64 words)."""
    return np.bitwise_count(left[:, None, :] ^ right[None, :, :]).sum(axis=2, dtype=np.int32)


_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def normalize_text(text: str | None) -> str:
    """Case-folded, accents kept, punctuation and symbols removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def tfidf(left: list[str], right: list[str]):
    """Row-normalised character 3-5-gram TF-IDF vectors of two lists of texts (one vocabulary)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit([*left, *right, " "])
    return vectorizer.transform(left), vectorizer.transform(right)


def _image_pairs(left: tuple, right: tuple, max_distance: int, chunk: int) -> set[tuple[int, int]]:
    """(left, right) positions whose image hashes (``hash_bits`` of each side) are within
    ``max_distance`` bits."""
    (lh, lok), (rh, rok) = left, right
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(lh), chunk):
        rows = np.arange(start, min(start + chunk, len(lh)))
        close = (hamming(lh[rows], rh) <= max_distance) & lok[rows, None] & rok[None, :]
        pairs.update((int(rows[i]), int(j)) for i, j in zip(*np.nonzero(close), strict=True))
    return pairs


def _identical_text_pairs(ltext: list[str], rtext: list[str]) -> set[tuple[int, int]]:
    """(left, right) positions whose normalised texts are the same and not empty."""
    positions: dict[str, list[int]] = {}
    for j, t in enumerate(rtext):
        if t:
            positions.setdefault(t, []).append(j)
    return {(i, j) for i, t in enumerate(ltext) for j in positions.get(t, [])}


def match_pairs(
    left: pd.DataFrame,
    right: pd.DataFrame,
    max_distance: int,
    min_similarity: float | None = None,
    chunk: int = 256,
) -> pd.DataFrame:
    """Pairs (left row, right row) that are the same meme: image hashes within ``max_distance`` bits,
    or normalised texts identical (or, with ``min_similarity``, TF-IDF cosine at least that).

    Both frames need ``image_hash`` (hex or None) and ``text``. Returns columns ``left``, ``right``
    (positions), ``hash_distance`` (NaN without two hashes), ``text_similarity`` (TF-IDF cosine of
    the normalised texts, 1 where identical, NaN where one is empty) and ``kind`` (``image``,
    ``text`` or ``both``): an image match with dissimilar texts may be two memes on one template.
    """
    lh, lok = hash_bits(left["image_hash"])
    rh, rok = hash_bits(right["image_hash"])
    ltext = [normalize_text(t) for t in left["text"]]
    rtext = [normalize_text(t) for t in right["text"]]
    by_image = _image_pairs((lh, lok), (rh, rok), max_distance, chunk)
    by_text = _identical_text_pairs(ltext, rtext)
    lvec, rvec = tfidf(ltext, rtext)
    if min_similarity is not None:
        for start in range(0, len(left), chunk):
            cosine = (lvec[start : start + chunk] @ rvec.T).toarray()
            by_text.update(
                (start + int(i), int(j)) for i, j in zip(*np.nonzero(cosine >= min_similarity), strict=True)
            )
    pairs = sorted(by_image | by_text)
    li = np.array([i for i, _ in pairs], dtype=int)
    ri = np.array([j for _, j in pairs], dtype=int)
    frame = pd.DataFrame({"left": li, "right": ri})
    frame["hash_distance"] = np.where(
        lok[li] & rok[ri], np.bitwise_count(lh[li] ^ rh[ri]).sum(axis=1), np.nan
    )
    cosine = np.asarray(lvec[li].multiply(rvec[ri]).sum(axis=1)).ravel() if pairs else np.zeros(0)
    same = np.array([ltext[i] == rtext[j] for i, j in pairs], dtype=bool)
    empty = np.array([not ltext[i] or not rtext[j] for i, j in pairs], dtype=bool)
    frame["text_similarity"] = np.where(same, 1.0, np.where(empty, np.nan, np.minimum(cosine, 1.0)))
    image = np.array([p in by_image for p in pairs], dtype=bool)
    text = np.array([p in by_text for p in pairs], dtype=bool)
    frame["kind"] = np.where(image & text, "both", np.where(image, "image", "text"))
    return frame


def duplicate_groups(memes: pd.DataFrame, max_distance: int) -> np.ndarray:
    """A group number per row: rows linked by an image-hash match or an identical normalised text,
    transitively, share one (connected components of the match graph). No TF-IDF: its memory
    grows with the texts' length, and identical texts need none."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    texts = [normalize_text(t) for t in memes["text"]]
    bits = hash_bits(memes["image_hash"])
    pairs = _image_pairs(bits, bits, max_distance, chunk=256)
    pairs = [(i, j) for i, j in pairs | _identical_text_pairs(texts, texts) if i != j]
    n = len(memes)
    rows, cols = (np.array([p[k] for p in pairs], dtype=int) for k in (0, 1))
    graph = coo_matrix((np.ones(len(pairs)), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1]
