"""A catalogue of bad inputs, generated here, each with its expected fate in the data stage.

Fates: kept (converted correctly), dropped with a named reason (and a detail a user can act on),
or an error that names the file and, where there is one, the line or row. Nothing is left
unaccounted for, and nothing outside the configured image folder is ever opened.
"""

import os
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pandas as pd
import pytest
from memotion_gmm.core.artifacts import ArtifactError, load_keras, load_npy, maker, read_json, read_parquet
from memotion_gmm.core.errors import InputError
from memotion_gmm.data import decoding as images_module
from memotion_gmm.data import duplicates as duplicates_module
from memotion_gmm.data import prepare as prepare_module
from memotion_gmm.data.cleaning import NoiseRule, clean_source
from memotion_gmm.data.image_arrays import write_image_array
from memotion_gmm.data.prepare import prepare_memes
from memotion_gmm.data.sources import Source, read_source
from memotion_gmm.models.inputs import load_split
from memotion_gmm.resampling.gmm import load_mixture
from memotion_gmm.text.sequences import read_tokens
from PIL import Image
from workflow_utils import PAPER, SENTIMENT, kaggle_source

HTML = NoiseRule("html", r"<\s*/?\s*[a-z][a-z0-9]*(\s[^>]*)?>")
LIMIT = PAPER["images"]["max_pixels"]
COLOUR = (200, 30, 40)


def png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG whose header declares width x height; its pixel data is a few bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def solid(h: int, w: int) -> np.ndarray:
    return np.tile(np.array(COLOUR, np.uint8), (h, w, 1))


def make_images(folder: Path) -> None:
    """Every kind of image file the catalogue names, in ``folder`` (and one outside it)."""
    folder.mkdir(parents=True)
    rgb = solid(40, 30)
    Image.fromarray(rgb).save(folder / "ok.jpg", quality=95)
    for name in ("dup_same.jpg", "dup_conflict.jpg", "html.jpg", "empty_text.jpg", "odd_label.jpg"):
        Image.fromarray(rgb).save(folder / name)
    Image.fromarray(rgb).save(folder / "odd_case.JPG", format="JPEG")
    Image.fromarray(rgb).save(folder / "unknown_label.jpg")
    cv2.imwrite(str(folder / "sixteen_bit.png"), (solid(40, 30)[..., ::-1].astype(np.uint16) * 257))
    Image.fromarray(np.full((40, 30), 77, np.uint8), "L").save(folder / "grey.png")
    Image.fromarray(np.dstack([rgb, np.full((40, 30), 9, np.uint8)]), "RGBA").save(folder / "rgba.png")
    Image.fromarray(rgb).save(folder / "anim.gif")
    Image.fromarray(rgb).save(folder / "bitmap.bmp")
    Image.fromarray(rgb).save(folder / "targa.tga")  # OpenCV 5 cannot read TGA: Pillow does
    Image.fromarray(solid(1, 1)).save(folder / "tiny.png")
    Image.fromarray(solid(1, 900)).save(folder / "wide.png")
    Image.fromarray(solid(900, 2)).save(folder / "tall.png")
    (folder / "zero.jpg").write_bytes(b"")
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (200, 200, 3), np.uint8)).save(
        folder / "full.jpg", quality=90
    )
    (folder / "truncated.jpg").write_bytes((folder / "full.jpg").read_bytes()[:300])
    (folder / "full.jpg").unlink()
    (folder / "text.jpg").write_text("this is not an image, it is text\n")
    png_header_only(folder / "huge.png", 60000, 60000)
    png_header_only(folder / "big.png", 30000, 30000)
    Image.fromarray(np.zeros((20, 20, 3), np.uint8)).save(folder.parent / "outside.png")  # not ours
    (folder / "link_out.png").symlink_to(folder.parent / "outside.png")
    (folder / "link_in.png").symlink_to(folder / "grey.png")


# image name -> (text, raw label, expected fate: "kept" or the drop reason)
CATALOGUE = {
    "ok.jpg": ("a fine meme", "positive", "kept"),
    "odd_case.JPG": ("upper-case extension", "neutral", "kept"),
    "odd_label.jpg": ("label with odd case and whitespace", "  Very_NEGATIVE ", "kept"),
    "sixteen_bit.png": ("16-bit png", "positive", "kept"),
    "grey.png": ("grey", "positive", "kept"),
    "rgba.png": ("rgba", "positive", "kept"),
    "anim.gif": ("gif", "positive", "kept"),
    "bitmap.bmp": ("bmp", "positive", "kept"),
    "targa.tga": ("tga: only Pillow reads it", "positive", "kept"),
    "tiny.png": ("one pixel", "positive", "kept"),
    "wide.png": ("1 x 900", "positive", "kept"),
    "tall.png": ("900 x 2", "positive", "kept"),
    "link_in.png": ("a symlink to a file inside the folder", "neutral", "kept"),
    "dup_same.jpg": ("first of two", "positive", "kept"),
    "dup_conflict.jpg": ("first of two, labels differ", "positive", "kept"),
    "empty_text.jpg": ("   ", "neutral", "empty_text"),
    "html.jpg": ('<div class="x">click</div>', "neutral", "web_noise"),
    "unknown_label.jpg": ("text", "ecstatic", "unknown_label"),
    "": ("no image name", "neutral", "no_image"),
    "missing.jpg": ("no such file", "neutral", "no_image"),
    "zero.jpg": ("zero bytes", "neutral", "corrupt_image"),
    "truncated.jpg": ("cut short", "neutral", "corrupt_image"),
    "text.jpg": ("text saved as .jpg", "neutral", "corrupt_image"),
    "huge.png": ("declares 60000 x 60000", "neutral", "image_too_large"),
    "big.png": ("declares 30000 x 30000", "neutral", "image_too_large"),
    "../outside.png": ("climbs out of the folder", "neutral", "unsafe_image_name"),
    "sub/../../outside.png": ("climbs out through a folder", "neutral", "unsafe_image_name"),
    "/etc/passwd": ("absolute path", "neutral", "unsafe_image_name"),
    "link_out.png": ("a symlink pointing outside", "neutral", "unsafe_image_name"),
}
# rows appended after the catalogue: the same names again
REPEATS = [
    ("dup_same.jpg", "second of two", "POSITIVE ", "duplicate_image_name"),
    ("dup_conflict.jpg", "second of two, another label", "negative", "duplicate_image_name"),
]
UNSAFE = ["../outside.png", "sub/../../outside.png", "/etc/passwd", "link_out.png"]


@pytest.fixture
def catalogue(tmp_path):
    """A Kaggle-format labels.csv (with a BOM, extra columns, a quoted newline) + images/."""
    make_images(tmp_path / "images")
    rows = [(n, t, lab) for n, (t, lab, _) in CATALOGUE.items()] + [r[:3] for r in REPEATS]
    frame = pd.DataFrame(rows, columns=["image_name", "text_corrected", "overall_sentiment"])
    frame.insert(0, "", range(len(frame)))
    frame.insert(2, "text_ocr", "ocr")  # extra columns are ignored
    frame["humour"] = "funny"
    frame.loc[0, "text_corrected"] = "a fine meme\nover two lines"  # quoted newline
    (tmp_path / "labels.csv").write_bytes(b"\xef\xbb\xbf" + frame.to_csv(index=False).encode())
    return kaggle_source(tmp_path)


def fates(kept: pd.DataFrame, dropped: pd.DataFrame) -> dict[int, str]:
    """Row -> ``kept`` (with its image), ``no_image`` (kept without one) or the drop reason."""
    kept_fates = {r: "kept" if has else "no_image" for r, has in zip(kept["row"], kept["has_image"])}
    return kept_fates | dict(zip(dropped["row"], dropped["reason"]))


def test_every_catalogued_input_meets_its_fate_and_unsafe_names_are_never_opened(catalogue, monkeypatch):
    opened = []
    real_isfile, real_decode = os.path.isfile, images_module.decode_rgb
    monkeypatch.setattr(os.path, "isfile", lambda p: opened.append(str(p)) or real_isfile(p))
    monkeypatch.setattr(
        images_module, "decode_rgb", lambda p, *a, **k: opened.append(str(p)) or real_decode(p, *a, **k)
    )
    rows = read_source(catalogue, SENTIMENT)
    kept, dropped = clean_source(rows, catalogue, SENTIMENT, [HTML], LIMIT, threads=2)

    expected = [fate for _, _, fate in CATALOGUE.values()] + [fate for *_, fate in REPEATS]
    assert fates(kept, dropped) == dict(enumerate(expected, start=1))
    assert len(kept) + len(dropped) == len(rows) == len(expected)
    assert not [p for p in opened if "outside" in p or "passwd" in p or "link_out" in p]
    assert opened, "the spies saw nothing: the test would prove nothing"

    detail = dict(zip(dropped["image_name"] + "|" + dropped["reason"], dropped["detail"]))
    assert "60000 x 60000 = 3,600,000,000 pixels" in detail["huge.png|image_too_large"]
    assert "30000 x 30000" in detail["big.png|image_too_large"]
    assert "max_pixels" in detail["big.png|image_too_large"]
    assert "outside the image folder" in detail["../outside.png|unsafe_image_name"]
    same = dropped[dropped["image_name"] == "dup_same.jpg"]["detail"].item()
    conflict = dropped[dropped["image_name"] == "dup_conflict.jpg"]["detail"].item()
    first_row = list(CATALOGUE).index("dup_conflict.jpg") + 1
    assert "different label" not in same
    assert f"row {first_row} with a different label ('positive' there, 'negative' here)" in conflict

    assert kept["image_path"].isna().tolist() == (~kept["has_image"]).tolist()
    by_name = kept.set_index("image_name")
    assert by_name.loc["odd_label.jpg", "label"] == "negative"
    assert by_name.loc["ok.jpg", "text"] == "a fine meme\nover two lines"
    assert kept["row"].tolist() == sorted(kept["row"])  # rows are data rows, not lines


def test_kept_images_of_every_kind_become_the_right_pixels(catalogue):
    kept, _ = clean_source(read_source(catalogue, SENTIMENT), catalogue, SENTIMENT, [HTML], LIMIT)
    kept = kept.set_index("image_name")
    names = ["ok.jpg", "sixteen_bit.png", "rgba.png", "anim.gif", "bitmap.bmp", "targa.tga"]
    names += ["tiny.png", "wide.png", "tall.png", "grey.png", "link_in.png"]
    out = catalogue.images.parent / "train.npy"
    paths = [Path(kept.loc[n, "image_path"]) for n in names]
    write_image_array(paths, out, 8, 2, LIMIT, [catalogue.images])
    array = np.load(out)
    assert array.shape == (len(names), 8, 8, 3) and array.dtype == np.uint8
    for i, name in enumerate(names[:-2]):
        np.testing.assert_allclose(array[i].reshape(-1, 3).mean(0), COLOUR, atol=6, err_msg=name)
    assert (array[-2:] == 77).all()  # grey: the value on all three channels


def test_the_pixel_limit_is_the_configured_one(tmp_path):
    folder = tmp_path / "images"
    folder.mkdir()
    Image.fromarray(solid(100, 100)).save(folder / "a.png")
    pd.DataFrame(
        {"image_name": ["a.png"], "text_corrected": ["hi"], "overall_sentiment": ["neutral"]}
    ).to_csv(tmp_path / "labels.csv", index=False)
    source = Source(
        "train", tmp_path / "labels.csv", folder, "image_name", "text_corrected", "overall_sentiment"
    )
    kept, dropped = clean_source(read_source(source, SENTIMENT), source, SENTIMENT, [], max_pixels=10_000)
    assert len(kept) == 1 and dropped.empty
    kept, dropped = clean_source(read_source(source, SENTIMENT), source, SENTIMENT, [], max_pixels=9_999)
    assert dropped["reason"].tolist() == ["image_too_large"]
    assert "100 x 100 = 10,000 pixels, more than images.max_pixels (9,999)" in dropped["detail"].item()


def test_the_images_rule_refuses_unsafe_paths_and_oversized_files_by_name(catalogue):
    folder = catalogue.images
    out = folder.parent / "o.npy"
    for bad in (folder / "../outside.png", Path("/etc/passwd"), folder / "link_out.png"):
        with pytest.raises(InputError, match=f"{bad}: image path resolves outside"):
            write_image_array([folder / "ok.jpg", bad], out, 8, 1, LIMIT, [folder])
    with pytest.raises(InputError, match=r"huge\.png: image declares 60000 x 60000"):
        write_image_array([folder / "huge.png"], out, 8, 1, LIMIT, [folder])


@pytest.mark.parametrize(
    "content, error",
    [
        (
            b"image_name,text_corrected\na.jpg,hi\n",
            r"labels\.csv: missing column\(s\) \['overall_sentiment'\]",
        ),
        (
            b"image_name,text_corrected,overall_sentiment\na.jpg,fine,positive\nb.jpg,caf\xe9,positive\n",
            r"labels\.csv: line 3 \(byte \d+, b'\\xe9.*is not UTF-8 text",
        ),
        (b"", r"labels\.csv: malformed CSV"),
        (
            b'image_name,text_corrected,overall_sentiment\na.jpg,"open quote,positive\nb.jpg,x,y,z,w\n',
            r"labels\.csv: malformed CSV",
        ),
    ],
    ids=["missing column", "non-UTF-8 byte", "empty file", "unterminated quote"],
)
def test_unreadable_csvs_are_errors_naming_the_file_and_line(tmp_path, content, error):
    (tmp_path / "labels.csv").write_bytes(content)
    source = Source(
        "train", tmp_path / "labels.csv", None, "image_name", "text_corrected", "overall_sentiment"
    )
    with pytest.raises(InputError, match=error):
        read_source(source, SENTIMENT)


def test_a_bom_before_a_named_first_column_is_ignored(tmp_path):
    (tmp_path / "test.csv").write_bytes(b"\xef\xbb\xbfImage_name,corrected_text\r\na.jpg,hello\r\n")
    source = Source("test", tmp_path / "test.csv", None, "Image_name", "corrected_text")
    assert read_source(source, SENTIMENT)["image_name"].tolist() == ["a.jpg"]


def test_rows_that_do_not_add_up_fail_the_run_loudly(catalogue, monkeypatch):
    real = prepare_module.clean_source

    def loses_a_row(*args, **kwargs):
        kept, dropped = real(*args, **kwargs)
        return kept.iloc[1:], dropped

    monkeypatch.setattr(prepare_module, "clean_source", loses_a_row)
    with pytest.raises(
        RuntimeError, match=r"labels\.csv: rows do not add up: 31 read, \d+ kept \+ \d+ dropped"
    ):
        prepare_memes({"train": catalogue}, SENTIMENT, [HTML], {}, seed=0, max_pixels=LIMIT)


def test_prepare_accounts_for_every_row_of_every_file(catalogue):
    memes, dropped = prepare_memes({"train": catalogue}, SENTIMENT, [HTML], {}, seed=0, max_pixels=LIMIT)
    assert len(memes) + len(dropped) == len(CATALOGUE) + len(REPEATS)


def test_an_absurdly_long_text_is_dropped_before_any_matching_reads_it(tmp_path, monkeypatch):
    """One 2 MB caption among short ones: dropped as text_too_long, and duplicate grouping builds no
    TF-IDF (its memory grows with every text's length: 20 MB of text took 3.9 GB)."""
    (tmp_path / "images").mkdir()
    texts = ["a cat", "a dog", "x" * 2_000_000, "a cat", "a bird"]
    frame = pd.DataFrame({"image_name": [f"{i}.jpg" for i in range(5)], "text_corrected": texts})
    frame["overall_sentiment"] = "neutral"
    frame.to_csv(tmp_path / "labels.csv", index=False)

    def no_tfidf(*args):
        raise AssertionError("duplicate grouping built TF-IDF vectors")

    monkeypatch.setattr(duplicates_module, "tfidf", no_tfidf)
    memes, dropped = prepare_memes(
        {"train": kaggle_source(tmp_path)}, SENTIMENT, [], {}, 0, LIMIT, 1, 8, max_text_chars=10_000
    )
    (reason, detail), *_ = dropped[["reason", "detail"]].itertuples(index=False)
    assert len(dropped) == 1 and reason == "text_too_long"
    assert detail == "text of 2,000,000 characters, over cleaning.max_text_chars (10,000)"
    assert len(memes) == 4


# ---------------------------------------------------------------------------------------------
# The workflow's own cached files, damaged on disk


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def test_damaged_cached_files_are_named_with_the_rule_that_makes_them(tmp_path):
    out = tmp_path / "results"
    (out / "text/sequences").mkdir(parents=True)
    (out / "images").mkdir()
    (out / "gmm").mkdir()
    (out / "runs/lstm_t/seed1").mkdir(parents=True)
    (out / "prepare").mkdir()

    memes = pd.DataFrame(
        {
            "meme_id": ["train:1"],
            "split": ["train"],
            "image_name": ["a"],
            "has_image": [True],
            "label": ["positive"],
        }
    )
    memes.to_parquet(out / "prepare/memes.parquet")
    truncate(out / "prepare/memes.parquet")
    with pytest.raises(
        ArtifactError, match=r"prepare/memes\.parquet: corrupt or truncated \(made by rule prepare\)"
    ):
        read_parquet(out / "prepare/memes.parquet")

    seq = out / "text/sequences/train.parquet"
    seq.write_bytes(b"PAR1 not really")
    with pytest.raises(
        ArtifactError, match=r"train\.parquet: corrupt or truncated \(made by rule sequences\)"
    ):
        read_tokens(seq)

    np.save(out / "images/train.npy", np.zeros((1, 8, 8, 3), np.uint8))
    truncate(out / "images/train.npy", 0.8)
    with pytest.raises(
        ArtifactError, match=r"images/train\.npy: corrupt or truncated \(made by rule images\)"
    ):
        load_split("train", memes, None, out / "images/train.npy")
    with pytest.raises(ArtifactError, match=r"made by rule images"):
        load_npy(out / "images/train.npy")

    np.savez(out / "gmm/neutral.npz", weights=np.ones(1))
    truncate(out / "gmm/neutral.npz")
    with pytest.raises(ArtifactError, match=r"neutral\.npz: corrupt or truncated \(made by rule gmm_fit\)"):
        load_mixture(out / "gmm/neutral.npz")

    (out / "runs/lstm_t/seed1/model.keras").write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(ArtifactError, match=r"model\.keras: corrupt or truncated \(made by rule train\)"):
        load_keras(out / "runs/lstm_t/seed1/model.keras")

    with pytest.raises(ArtifactError, match=r"predictions\.parquet: missing \(made by rule train\)"):
        read_parquet(out / "runs/lstm_t/seed1/predictions.parquet")


@pytest.mark.parametrize(
    "path, rule",
    [
        ("results/text/vocab.json", "vocab"),
        ("results/tasks/A/sentiment/runs/lstm_t/seed1/run.json", "train"),
        ("results/tasks/A/sentiment/runs/lstm_t/seed1/metrics.json", "evaluate"),
        ("results/tasks/A/sentiment/reliability/summary.json", "reliability"),
        ("results/multi_head/mlp_e_heads/seed2/run.json", "train_multi_head_mlp_e_heads"),
    ],
)
def test_a_truncated_json_file_is_named_with_its_rule_not_a_decode_traceback(tmp_path, path, rule):
    file = tmp_path / path
    file.parent.mkdir(parents=True)
    file.write_text('{"variant": "lstm_t", "splits": {"valid": {"macro')
    with pytest.raises(ArtifactError, match=rf"{file.name}: corrupt or truncated \(made by rule {rule}\)"):
        read_json(file)
    file.write_text("")
    with pytest.raises(ArtifactError, match=rf"made by rule {rule}\)"):
        read_json(file)
    file.write_text('{"ok": 1}')
    assert read_json(file) == {"ok": 1}


@pytest.mark.parametrize(
    "path, rule",
    [
        ("results/tasks/B/humour/memes.parquet", "labels"),
        ("results/tasks/B/humour/labels.json", "labels"),
        ("results/images/grey/valid.npy", "images"),
        ("results/tasks/A/sentiment/report/table1.csv", "report"),
        ("results/tasks/A/sentiment/report/imbalance.csv", "imbalance"),
        ("results/tasks/A/sentiment/report/table1_unseen.csv", "table1_unseen"),
        ("results/tasks/A/sentiment/report/statistics/intervals.csv", "statistics"),
        ("results/report/C/scores.csv", "task_scores"),
        ("results/submission/lstm_t.csv", "submission"),
        ("results/multi_head/lstm_t_heads/seed1/history.csv", "train_multi_head_lstm_t_heads"),
        ("results/tasks/A/sentiment/text/remedies/smote/train.parquet", "resample"),
        ("results/tasks/A/sentiment/text/remedies/gmm_auto/neutral.npz", "gmm_fit"),
        ("results/tasks/A/sentiment/text/remedies/gmm_auto/balanced_train.parquet", "balance"),
    ],
)
def test_every_file_read_back_names_the_rule_that_makes_it(path, rule):
    assert maker(path) == rule
