"""A deterministic Memotion-format demo dataset whose words and pictures carry the sentiment (and
whose words carry humour; sarcasm, offensive and motivational are noise at the real file's shares).

It mirrors Kaggle's ``memotion_dataset_7k`` (``labels.csv`` + ``images/`` of mixed formats at
meme-like sizes, ~60/31/9 % positive/neutral/negative) and the official test release
(``2000_testdata.csv`` + ground truth ``Image_name,Labels``), plus a few bad rows of every kind
the prepare stage must drop.
"""

from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

RAW_LABELS = {
    "positive": ("very_positive", "positive"),
    "neutral": ("neutral",),
    "negative": ("negative", "very_negative"),
}
CLASS_SHARE = {"positive": 0.60, "neutral": 0.31, "negative": 0.09}
TASK_A_CODE = {"positive": "1", "neutral": "0", "negative": "-1"}
WORDS = {
    "positive": "love awesome best happy win great funny lol amazing proud yay friends party".split(),
    "neutral": "monday office meeting weather news report coffee train schedule update email".split(),
    "negative": "hate worst sad awful angry broke fail cry tired sick lonely ugh".split(),
}
FILLER = (
    "when you the me my is a of and that it to this be in your i what just when "
    "mom dad teacher cat dog exam pizza game phone internet year challenge"
).split()
HUES = {"positive": 25, "neutral": 105, "negative": 175}  # OpenCV hue (0-179): orange, blue, red
# (suffix, encoder) cycle: ~75 % JPEG, ~25 % PNG in grey / RGBA / palette / RGB, some odd names.
FORMATS = ["jpg"] * 9 + ["jpeg", "JPG", "jpe", "png", "png-grey", "png-rgba", "png-palette", "PNG", "bmp"]
AFFECT = {  # Task C levels (in order) and their shares in the real training file, for the random ones
    "sarcasm": (("not_sarcastic", "general", "twisted_meaning", "very_twisted"), (0.22, 0.50, 0.22, 0.06)),
    "offensive": (
        ("not_offensive", "slight", "very_offensive", "hateful_offensive"),
        (0.39, 0.37, 0.21, 0.03),
    ),
    "motivational": (("not_motivational", "motivational"), (0.65, 0.35)),
}
HUMOUR_LEVELS = ("funny", "very_funny", "hilarious")
HUMOUR_WORDS = {"lol", "funny", "party"}
"""A meme is funny (at a random level) exactly when its text holds one of these words."""
BAD_ROWS = ("empty_text", "web_noise", "unknown_label", "no_image", "corrupt_image")
"""Planted rows: four kinds of recorded drop, and (``no_image``) memes kept without an image."""


def _text(rng: np.random.Generator, label: str) -> str:
    n = int(rng.integers(6, 30))
    signal = WORDS[label] if rng.random() > 0.2 else WORDS[rng.choice(list(WORDS))]
    words = [str(rng.choice(signal)) if rng.random() < 0.3 else str(rng.choice(FILLER)) for _ in range(n)]
    words[0] = words[0].upper()
    if rng.random() < 0.3:
        words.append(rng.choice(["!!", "?", "#memes", "@friend", "it's", "lol.", "imgflip.com"]))
    return " ".join(words)


def _affect(rng: np.random.Generator, text: str) -> list[str]:
    """Humour, sarcasm, offensive and motivational levels of a meme: humour follows ``HUMOUR_WORDS``
    in its text, the others are drawn at the real file's shares (nothing in the meme carries them)."""
    words = set(text.lower().replace(".", " ").split())
    humour = str(rng.choice(HUMOUR_LEVELS)) if words & HUMOUR_WORDS else "not_funny"
    return [humour] + [str(rng.choice(levels, p=shares)) for levels, shares in AFFECT.values()]


def _truth(label: str, affect: list[str]) -> str:
    """The official ground-truth field ``A_BBBB_CCCC`` of a meme."""
    levels = [("not_funny", *HUMOUR_LEVELS)] + [lv for lv, _ in AFFECT.values()]
    codes = [str(lv.index(a)) for lv, a in zip(levels, affect)]
    return f"{TASK_A_CODE[label]}_{''.join('0' if c == '0' else '1' for c in codes)}_{''.join(codes)}"


def _image(rng: np.random.Generator, label: str, scale: float) -> np.ndarray:
    """BGR uint8 picture: a class-hued background with noise, shapes and a caption band."""
    h = max(16, int(rng.normal(587, 90) * scale))
    w = max(16, int(rng.normal(547, 90) * scale))
    hue = HUES[label] if rng.random() > 0.15 else int(rng.integers(0, 180))
    small = (max(2, w // 32), max(2, h // 32))  # low-frequency texture: smooth, like a photo
    hsv = np.empty((small[1], small[0], 3), np.uint8)
    hsv[..., 0] = (hue + rng.integers(-8, 9, hsv.shape[:2])) % 180
    hsv[..., 1] = rng.integers(120, 220)
    hsv[..., 2] = np.clip(rng.normal(170, 30, hsv.shape[:2]), 0, 255)
    img = cv2.resize(cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR), (w, h), interpolation=cv2.INTER_CUBIC)
    for _ in range(int(rng.integers(2, 6))):
        color = tuple(int(c) for c in rng.integers(0, 256, 3))
        center = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.circle(img, center, int(rng.integers(5, max(6, w // 4))), color, -1)
    cv2.rectangle(img, (0, 0), (w, max(2, h // 8)), (255, 255, 255), -1)
    return img


def _write_image(path: Path, bgr: np.ndarray, fmt: str) -> None:
    if fmt == "png-grey":
        cv2.imwrite(str(path), cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY))
    elif fmt == "png-rgba":
        cv2.imwrite(str(path), np.dstack([bgr, np.full(bgr.shape[:2], 200, np.uint8)]))
    elif fmt == "png-palette":
        Image.fromarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)).convert(
            "P", palette=Image.Palette.ADAPTIVE
        ).save(path)
    else:
        cv2.imwrite(str(path), bgr)


def _suffix(fmt: str) -> str:
    return fmt.split("-")[0]


def _memes(rng: np.random.Generator, n: int, prefix: str, images: Path, scale: float):
    """Yield (image_name, text, class) for n good memes, writing their images."""
    classes = rng.choice(list(CLASS_SHARE), size=n, p=list(CLASS_SHARE.values()))
    for i, label in enumerate(classes):
        fmt = FORMATS[i % len(FORMATS)]
        name = f"{prefix}_{i + 1}.{_suffix(fmt)}"
        _write_image(images / name, _image(rng, label, scale), fmt)
        yield name, _text(rng, label), str(label)


def generate_demo(
    out: Path, n_train: int = 900, n_test: int = 150, seed: int = 7, scale: float = 1.0
) -> None:
    """Write ``out/labels.csv``, ``out/images/``, ``out/test/2000_testdata.csv``, ``out/test/images/``
    and ``out/test/labels.csv`` (official ground-truth format).

    ``scale`` shrinks the pictures (tests use small ones); the defaults give meme-like sizes.
    """
    rng = np.random.default_rng(seed)
    images, test_images = out / "images", out / "test" / "images"
    images.mkdir(parents=True, exist_ok=True)
    test_images.mkdir(parents=True, exist_ok=True)

    affect_rng = np.random.default_rng([seed, 1])  # its own stream: the memes stay those of one seed
    rows = []
    for name, text, label in _memes(rng, n_train, "image", images, scale):
        raw = str(rng.choice(RAW_LABELS[label]))
        rows.append([name, text.lower(), text, *_affect(affect_rng, text), raw])
    for j, kind in enumerate(BAD_ROWS * 2):
        name, text, raw = f"bad_{j + 1}.jpg", "a perfectly fine caption", "positive"
        if kind == "empty_text":
            text = ""
        elif kind == "web_noise":
            text = '<html><head><meta content="text/html; charset=UTF-8"></head>'
        elif kind == "unknown_label":
            raw = "meh"
        if kind == "corrupt_image":
            (images / name).write_bytes(rng.integers(0, 256, 2048, dtype=np.uint8).tobytes())
        elif kind != "no_image":
            _write_image(images / name, _image(rng, "neutral", scale), "jpg")
        rows.append([name, text, text, "funny", "general", "not_offensive", "not_motivational", raw])
    with open(out / "labels.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "",
                "image_name",
                "text_ocr",
                "text_corrected",
                "humour",
                "sarcasm",
                "offensive",
                "motivational",
                "overall_sentiment",
            ]
        )
        writer.writerows([i, *row] for i, row in enumerate(rows))

    with (
        open(out / "test" / "2000_testdata.csv", "w", newline="") as fh,
        open(out / "test" / "labels.csv", "w", newline="") as gt,
    ):
        data, truth = csv.writer(fh), csv.writer(gt)
        data.writerow(["Image_name", "Image_URL", "OCR_extracted_text", "corrected_text"])
        truth.writerow(["Image_name", "Labels"])
        for name, text, label in _memes(rng, n_test, "test", test_images, scale):
            data.writerow([name, f"https://example.invalid/{name}", text.lower(), text])
            truth.writerow([name, _truth(label, _affect(affect_rng, text))])
