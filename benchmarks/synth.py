"""Benchmark data generated on the spot: memes at realistic sizes and formats, and their texts.

Pictures start from ``memotion_gmm.demo``'s class-hued scenes (mean about 547 x 587 pixels,
like the original Memotion memes) and get what makes real memes costly to decode: sensor-like
noise and a bold two-line caption. 3 of every 4 are JPEG (quality 90; .jpg/.jpeg/.JPG), 1 is
PNG (RGB, grey, RGBA or palette), i.e. ~75 % / ~25 %. Each meme's picture depends only on
(seed, index), so the set is identical however many processes write it.
"""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import pandas as pd
from memotion_gmm.data import demo
from PIL import Image

# 4-meme cycle: three JPEGs, one PNG; the PNG kind rotates over four cycles.
JPEG_NAMES = ("jpg", "jpeg", "JPG")
PNG_KINDS = ("png", "png-grey", "png-rgba", "png-palette")
CAPTIONS = ("WHEN YOU FINALLY", "UNDERSTAND THE MEME", "ME AT 3 AM", "NOBODY:", "MY CODE IN PROD")


def _format(i: int) -> str:
    return PNG_KINDS[(i // 4) % 4] if i % 4 == 3 else JPEG_NAMES[i % 4]


_NOISE: np.ndarray | None = None


def _noise() -> np.ndarray:
    """A fixed 1024 x 1024 field of sensor-like noise (grain sd 5 + colour sd 3), made once per process."""
    global _NOISE
    if _NOISE is None:
        rng = np.random.default_rng(0)
        grain = rng.normal(0, 5, (1024, 1024, 1)) + rng.normal(0, 3, (1024, 1024, 3))
        _NOISE = np.rint(grain).astype(np.int16)
    return _NOISE


def _picture(seed: int, i: int, label: str) -> np.ndarray:
    rng = np.random.default_rng([seed, i])
    img = demo._image(rng, label, 1.0)
    img = img[:1024, :1024]
    h, w = img.shape[:2]
    y, x = int(rng.integers(0, 1025 - h)), int(rng.integers(0, 1025 - w))
    img = np.clip(img + _noise()[y : y + h, x : x + w], 0, 255).astype(np.uint8)
    scale = w / 600
    for y in (int(0.1 * h), int(0.92 * h)):
        text = CAPTIONS[int(rng.integers(len(CAPTIONS)))]
        org = (int(0.05 * w), y)
        cv2.putText(
            img, text, org, cv2.FONT_HERSHEY_DUPLEX, 1.3 * scale, (0, 0, 0), int(7 * scale) + 1, cv2.LINE_AA
        )
        cv2.putText(
            img,
            text,
            org,
            cv2.FONT_HERSHEY_DUPLEX,
            1.3 * scale,
            (255, 255, 255),
            int(3 * scale) + 1,
            cv2.LINE_AA,
        )
    return img


def _write(args: tuple[int, int, str, str]) -> tuple[int, int, int]:
    seed, i, label, path = args
    img = _picture(seed, i, label)
    fmt = _format(i)
    if fmt in JPEG_NAMES:
        cv2.imwrite(path, img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    elif fmt == "png-palette":  # fast octree quantiser: the demo's adaptive one is 10x slower
        rgb = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
        rgb.quantize(256, method=Image.Quantize.FASTOCTREE).save(path)
    else:
        demo._write_image(Path(path), img, fmt)
    return img.shape[0], img.shape[1], Path(path).stat().st_size


def _word(rank: int) -> str:
    """A pronounceable pseudo-word for a Zipf rank (rank 1 = the most common word)."""
    consonants, vowels = "bcdfghjklmnprstvwz", "aeiou"
    word = ""
    while True:
        rank, c = divmod(rank, len(consonants))
        rank, v = divmod(rank, len(vowels))
        word += consonants[c] + vowels[v]
        if rank == 0:
            return word


def texts(n: int, seed: int) -> pd.DataFrame:
    """n (text, label) rows shaped like Memotion's captions.

    Class shares are the demo's; lengths are log-normal (median 12 words, like the real texts'
    13); words are Zipf-distributed (a = 1.2) over pseudo-words, with 15 % class signal words
    from the demo, so 7,000 texts have a vocabulary of ~14,000 words (the real set: 13,379).
    Some capitals, hashtags, mentions and punctuation exercise the tokenizer's filters.
    """
    rng = np.random.default_rng(seed)
    labels = rng.choice(list(demo.CLASS_SHARE), size=n, p=list(demo.CLASS_SHARE.values()))
    lengths = np.clip(np.rint(rng.lognormal(np.log(12.5), 0.6, n)), 1, 190).astype(int)
    ranks = np.minimum(rng.zipf(1.2, lengths.sum()), 10**6)
    vocab = {int(r): _word(int(r)) for r in np.unique(ranks)}
    signal = rng.random(lengths.sum()) < 0.15
    extras = ["!!", "?", "#memes", "@friend", "it's", "lol.", "imgflip.com", "RT", "2019"]
    rows, start = [], 0
    for label, k in zip(labels, lengths):
        words = [
            str(rng.choice(demo.WORDS[label])) if signal[start + j] else vocab[int(ranks[start + j])]
            for j in range(k)
        ]
        start += k
        words[0] = words[0].upper()
        if rng.random() < 0.3:
            words.append(str(rng.choice(extras)))
        rows.append(" ".join(words))
    return pd.DataFrame({"text": rows, "label": labels.astype(str)})


def memes(out: Path, n: int, seed: int = 7, workers: int = 2) -> tuple[pd.DataFrame, dict]:
    """Write n memes under ``out/images`` (reused if already there); returns (table, facts).

    The table has image_name, image_path, text, label; facts give sizes and the format mix.
    """
    facts_path = out / "facts.json"
    table_path = out / "memes.csv"
    if facts_path.exists() and table_path.exists():
        facts = json.loads(facts_path.read_text())
        if facts.get("n") == n and facts.get("seed") == seed:
            return pd.read_csv(table_path, keep_default_na=False), facts | {"reused": True}
    images = out / "images"
    images.mkdir(parents=True, exist_ok=True)
    table = texts(n, seed)
    table.insert(0, "image_name", [f"meme_{i + 1}.{demo._suffix(_format(i))}" for i in range(n)])
    table.insert(1, "image_path", [str(images / name) for name in table["image_name"]])
    jobs = [(seed, i, lab, path) for i, (lab, path) in enumerate(zip(table["label"], table["image_path"]))]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        shapes = np.array(list(pool.map(_write, jobs, chunksize=16)))
    jpeg = np.array([_format(i) in JPEG_NAMES for i in range(n)])
    facts = {
        "n": n,
        "seed": seed,
        "mean_height": round(float(shapes[:, 0].mean())),
        "mean_width": round(float(shapes[:, 1].mean())),
        "jpeg_share": round(float(jpeg.mean()), 3),
        "mean_kb_jpeg": round(float(shapes[jpeg, 2].mean()) / 1024, 1),
        "mean_kb_png": round(float(shapes[~jpeg, 2].mean()) / 1024, 1) if (~jpeg).any() else None,
    }
    table.to_csv(table_path, index=False)
    facts_path.write_text(json.dumps(facts))
    return table, facts | {"reused": False}
