"""Image decoding: every colour layout becomes RGB uint8, written row-aligned without float copies."""

import cv2
import numpy as np
import pytest
from memotion_gmm.core.errors import InputError
from memotion_gmm.data.decoding import _jpeg_shape, decode_rgb, find_image_problems, load_resized
from memotion_gmm.data.image_arrays import write_image_array
from PIL import Image
from workflow_utils import PAPER

RED_RGB = (200, 30, 40)
LIMIT = PAPER["images"]["max_pixels"]


def solid_rgb(h=60, w=50):
    return np.tile(np.array(RED_RGB, np.uint8), (h, w, 1))


def test_colour_jpeg_comes_back_rgb(tmp_path):
    path = tmp_path / "a.jpg"
    cv2.imwrite(str(path), cv2.cvtColor(solid_rgb(), cv2.COLOR_RGB2BGR))
    img = decode_rgb(path, LIMIT)
    assert img.dtype == np.uint8 and img.shape == (60, 50, 3)
    np.testing.assert_allclose(img.reshape(-1, 3).mean(0), RED_RGB, atol=3)


def test_grey_png_is_duplicated_to_three_channels(tmp_path):
    path = tmp_path / "g.png"
    cv2.imwrite(str(path), np.full((20, 30), 77, np.uint8))
    img = decode_rgb(path, LIMIT)
    assert img.shape == (20, 30, 3) and (img == 77).all()


def test_rgba_png_drops_alpha(tmp_path):
    path = tmp_path / "a.PNG"  # odd-case extension
    rgba = np.dstack([solid_rgb(), np.full((60, 50), 10, np.uint8)])
    Image.fromarray(rgba, "RGBA").save(path)
    img = decode_rgb(path, LIMIT)
    assert img.shape == (60, 50, 3) and tuple(img[0, 0]) == RED_RGB


def test_palette_png_is_expanded(tmp_path):
    path = tmp_path / "p.png"
    Image.fromarray(solid_rgb()).convert("P", palette=Image.Palette.ADAPTIVE).save(path)
    img = decode_rgb(path, LIMIT)
    assert img.shape == (60, 50, 3)
    np.testing.assert_allclose(img[0, 0], RED_RGB, atol=2)


def test_image_with_misleading_extension_still_decodes(tmp_path):
    path = tmp_path / "really_a_png.jpe"
    cv2.imwrite(str(tmp_path / "x.png"), cv2.cvtColor(solid_rgb(), cv2.COLOR_RGB2BGR))
    path.write_bytes((tmp_path / "x.png").read_bytes())
    assert decode_rgb(path, LIMIT, size=16).shape == (60, 50, 3)


def test_gif_decodes(tmp_path):
    path = tmp_path / "anim.gif"
    Image.fromarray(solid_rgb()).save(path)
    img = decode_rgb(path, LIMIT)
    assert img is not None and img.shape == (60, 50, 3)
    np.testing.assert_allclose(img[0, 0], RED_RGB, atol=8)


def test_a_format_only_pillow_reads_falls_back_to_pillow(tmp_path, caplog):
    # OpenCV 5 reads GIF, BMP, WebP and TIFF itself; it cannot read TGA (nor PCX, ICO, QOI).
    path = tmp_path / "meme.tga"
    Image.fromarray(solid_rgb()).save(path)
    assert cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_COLOR) is None  # else this test is void
    with caplog.at_level("INFO"):
        img = decode_rgb(path, LIMIT)
    assert img is not None and img.shape == (60, 50, 3) and tuple(img[0, 0]) == RED_RGB
    assert "with Pillow" in caplog.text


def test_garbage_empty_and_missing_files_do_not_decode(tmp_path):
    (tmp_path / "bad.jpg").write_bytes(b"\xff\xd8\xff garbage")
    (tmp_path / "empty.png").write_bytes(b"")
    paths = [tmp_path / "bad.jpg", tmp_path / "empty.png", tmp_path / "nope.jpg"]
    assert [decode_rgb(p, LIMIT) for p in paths] == [None, None, None]
    assert sorted(find_image_problems(paths, threads=2, max_pixels=LIMIT)) == [0, 1, 2]
    assert {r for r, _ in find_image_problems(paths, 2, LIMIT).values()} == {"corrupt_image"}


def test_jpeg_header_shape_and_reduced_decode_keep_enough_pixels(tmp_path):
    path = tmp_path / "big.jpg"
    cv2.imwrite(str(path), np.random.default_rng(0).integers(0, 255, (600, 520, 3), dtype=np.uint8))
    assert _jpeg_shape(np.fromfile(path, np.uint8)) == (600, 520)
    reduced = decode_rgb(path, LIMIT, size=128)
    assert min(reduced.shape[:2]) >= 128 and reduced.shape[0] < 600  # decoded at 1/2 or 1/4
    assert load_resized(path, 128, LIMIT).shape == (128, 128, 3)


def test_write_image_array_is_uint8_row_aligned_and_memory_mappable(tmp_path):
    paths = []
    for i in range(7):
        p = tmp_path / f"{i}.png"
        cv2.imwrite(str(p), np.full((30 + i, 40, 3), i * 30, np.uint8))
        paths.append(p)
    out = tmp_path / "split.npy"
    write_image_array(paths, out, size=16, threads=3, max_pixels=LIMIT, folders=[tmp_path])
    array = np.load(out, mmap_mode="r")
    assert array.dtype == np.uint8 and array.shape == (7, 16, 16, 3)
    assert [int(array[i].mean()) for i in range(7)] == [i * 30 for i in range(7)]


def test_write_image_array_names_a_file_that_stopped_decoding(tmp_path):
    (tmp_path / "x.jpg").write_bytes(b"nope")
    with pytest.raises(InputError, match="x.jpg: image does not decode"):
        write_image_array([tmp_path / "x.jpg"], tmp_path / "o.npy", 8, 1, LIMIT, [tmp_path])


def noisy_pngs(folder, n: int, h: int, w: int) -> list:
    """``n`` PNGs of random colours (lossless, so the arrays hold exactly these pixels when no
    resize happens)."""
    rng = np.random.default_rng(3)
    paths = []
    for i in range(n):
        p = folder / f"{i}.png"
        cv2.imwrite(str(p), rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
        paths.append(p)
    return paths


def test_one_channel_arrays_are_the_luminance_of_the_rgb_ones(tmp_path):
    """images.channels 1: each pixel is ITU-R BT.601 luminance 0.299 R + 0.587 G + 0.114 B of the
    RGB array's pixel, to the rounding (OpenCV computes it in fixed point)."""
    paths = noisy_pngs(tmp_path, 5, 24, 20)
    write_image_array(paths, tmp_path / "rgb.npy", 16, 2, LIMIT, [tmp_path])
    write_image_array(paths, tmp_path / "grey.npy", 16, 2, LIMIT, [tmp_path], channels=1)
    rgb, grey = np.load(tmp_path / "rgb.npy"), np.load(tmp_path / "grey.npy")
    assert grey.dtype == np.uint8 and grey.shape == (5, 16, 16, 1)
    y = rgb.astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    assert np.abs(grey[..., 0] - y).max() <= 0.5 + 1e-6
    assert (grey[..., 0] == np.round(y)).mean() > 0.99


@pytest.mark.parametrize("size", [224, 256])
def test_original_sized_images_give_arrays_and_a_cnn_of_that_size(tmp_path, size):
    """images.size 224 or 256 on images larger than the shared 128 px copies: the arrays hold
    (N, size, size, channels) uint8 (size * size * channels bytes a meme) and CNN-I takes them."""
    from memotion_gmm.models.builders import build_model

    paths = noisy_pngs(tmp_path, 3, 300, 280)
    for channels in (3, 1):
        out = tmp_path / f"c{channels}.npy"
        write_image_array(paths, out, size, 2, LIMIT, [tmp_path], channels=channels)
        array = np.load(out, mmap_mode="r")
        assert array.shape == (3, size, size, channels) and array.dtype == np.uint8
        assert out.stat().st_size - array.offset == 3 * size * size * channels
        model = build_model(
            "cnn_image",
            n_classes=2,
            image_size=size,
            image_channels=array.shape[-1],
            **PAPER["models"]["cnn_image"],
        )
        assert model.inputs[0].shape[1:] == (size, size, channels)
        assert model.predict(np.asarray(array), verbose=0).shape == (3, 2)
