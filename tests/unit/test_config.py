"""Config validation: a bad value is named by its key before any job runs."""

import copy
from pathlib import Path

import pytest
import yaml
from memotion_gmm.core.errors import ConfigError
from memotion_gmm.pipeline.configuration import (
    merged_away,
    missing_dataset_message,
    unusable_source_files,
    validate_config,
)

REPO = Path(__file__).resolve().parents[2]


def default_config():
    """config.yaml as read from disk (no defaults filled in)."""
    return yaml.safe_load((REPO / "config.yaml").read_text())


def with_value(config: dict, path: tuple, value) -> dict:
    """``config`` with ``value`` at ``path``, creating the blocks on the way."""
    node = config
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return config


def test_default_config_is_valid():
    validate_config(default_config())


@pytest.mark.parametrize(
    "path, value, message",
    [
        (("training", "epochs"), -3, "training.epochs: -3 is less than the minimum of 1"),
        (("images", "size"), "big", "images.size: 'big' is not of type 'integer'"),
        (
            ("text", "max_len"),
            "long",
            "text.max_len: 'long' is not of type 'integer'; or 'auto' was expected",
        ),
        (("gmm", "n_components"), "many", "gmm.n_components: 'many' is not of type 'integer'; or 'auto'"),
        (("images", "max_pixels"), 0, "images.max_pixels: 0 is less than the minimum of 1"),
        (("gmm", "covariance_type"), "round", "gmm.covariance_type: 'round' is not one of"),
        (("split", "valid_fraction"), 1.5, "split.valid_fraction"),
        (("split", "valid_fraction"), 0, "split.valid_fraction: 0 is less than or equal to the minimum of 0"),
        (("dataset", "demo_test_size"), 0, "dataset.demo_test_size: 0 is less than the minimum of 1"),
        (
            ("training", "bogus"),
            1,
            "training: Additional properties are not allowed ('bogus' was unexpected)",
        ),
        (("variants", "lstm_t", "model"), "transformer", "variants.lstm_t.model"),
        (
            ("models", "conv1d_text", "kernel_size"),
            0,
            "models.conv1d_text.kernel_size: 0 is less than the minimum of 1",
        ),
        (
            ("models", "lstm_text", "dropout"),
            1.5,
            "models.lstm_text.dropout: 1.5 is greater than or equal to",
        ),
        (
            ("models", "cnn_image", "filters"),
            [32, -4],
            "models.cnn_image.filters.1: -4 is less than the minimum of 1",
        ),
        (("models", "lstm_text", "lstm_unit"), 64, "models.lstm_text: Additional properties are not allowed"),
        (
            ("dataset", "test"),
            {"csv": "t.csv", "columns": {"image": "i", "text": "t", "labels": "x"}},
            "dataset.test",
        ),
        (("labels", "A", "problems", "sentiment", "classes"), ["only"], "classes: ['only'] is too short"),
        (
            ("remedies", "smote", "k_neighbors"),
            0,
            "remedies.smote.k_neighbors: 0 is less than the minimum of 1",
        ),
        (("images", "channels"), 2, "images.channels: 2 is not one of [3, 1]"),
        (("variants", "cnn_i", "channels"), 4, "variants.cnn_i.channels: 4 is not one of [3, 1, None]"),
        (
            ("variants", "lstm_t", "channels"),
            1,
            "variants.lstm_t.channels: 1, but model 'lstm_text' reads no images",
        ),
    ],
)
def test_schema_errors_name_the_key(path, value, message):
    with pytest.raises(ConfigError) as err:
        validate_config(with_value(default_config(), path, value))
    assert message in str(err.value)


def test_an_overlay_keeps_the_defaults_beside_what_it_sets():
    """A default that is an object fills the keys a config's object leaves out, at any depth: one
    model size, one remedy setting or one fold entry keeps the rest."""
    config = with_value(default_config(), ("models", "lstm_text", "lstm_units"), 8)
    with_value(config, ("remedies", "gmm_auto", "candidates"), [1, 2])
    with_value(config, ("labels", "A", "problems", "sentiment", "fold", "meh"), "neutral")
    with_value(config, ("remedies", "borderline_smote"), None)
    config = validate_config(config)
    assert config["models"]["lstm_text"] == {
        "embedding_dim": 100,
        "embeddings": "random",
        "trainable_embeddings": True,
        "lstm_units": 8,
        "dense_units": 32,
        "dropout": 0.5,
    }
    assert config["remedies"]["gmm_auto"] == {"method": "gmm", "n_components": "auto", "candidates": [1, 2]}
    fold = config["labels"]["A"]["problems"]["sentiment"]["fold"]
    assert fold["meh"] == "neutral" and fold["very_negative"] == "negative"
    assert "borderline_smote" not in config["remedies"] and "smote" in config["remedies"]  # null drops one


def test_gmm_on_an_image_model_is_rejected():
    config = default_config()
    config["variants"]["cnn_i"]["train_data"] = "gmm"
    with pytest.raises(
        ConfigError, match="variants.cnn_i.balance: 'gmm' .gmm. makes synthetic token sequences"
    ):
        validate_config(config)


HEAD = {"classifier": "CNN-I head", "data": "Image features", "model": "feature_head", "balance": "gmm"}


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"variants": {"cnn_i": None}},
            r"image_features.variant: 'cnn_i' is not a single-head cnn_image or cnn_lstm_fusion variant .*no",
        ),
        (
            {"image_features": {"variant": "lstm_t"}},
            r"'lstm_t' is not a single-head cnn_image or cnn_lstm_fusion variant .*model 'lstm_text'",
        ),
        (
            {"image_features": {"seed": 9}},
            r"image_features.seed: 9 is not a trained seed .training seeds \[1, 2, 3, 4, 5\]",
        ),
    ],
)
def test_a_feature_head_needs_a_trained_cnn_image_run(change, message):
    config = default_config()
    config["variants"]["head"] = HEAD
    config["variants"].update(change.get("variants", {}))
    config["image_features"] = change.get("image_features", {})
    with pytest.raises(ConfigError, match=message):
        validate_config(copy.deepcopy(config))
    del config["variants"]["head"]
    validate_config(config)  # the same settings are fine without a variant reading the features


def test_a_variant_s_sizes_are_checked_like_its_model_s():
    config = default_config()
    config["variants"]["lstm_t"]["sizes"] = {"lstm_unit": 64}
    with pytest.raises(
        ConfigError, match=r"variants.lstm_t.sizes \(over models.lstm_text\).*'lstm_unit' was unexpected"
    ):
        validate_config(copy.deepcopy(config))
    config["variants"]["lstm_t"]["sizes"] = {"dropout": 1.0}
    with pytest.raises(
        ConfigError, match=r"variants.lstm_t.sizes \(over models.lstm_text\): dropout: 1.0 is greater"
    ):
        validate_config(config)


def test_missing_dataset_says_where_to_get_it_and_how_to_run_the_demo(tmp_path):
    config = validate_config(
        with_value(default_config(), ("dataset", "train", "csv"), str(tmp_path / "nope.csv"))
    )
    message = missing_dataset_message(config)
    assert "dataset.train.csv" in message and "memotion_dataset_7k" in message
    assert "workflow/configs/demo.yaml" in message


def test_a_variant_set_to_null_is_dropped_and_at_least_one_must_remain():
    config = default_config()
    config["variants"]["cnn_i"] = None
    assert "cnn_i" not in validate_config(config)["variants"]
    config["variants"] = dict.fromkeys(config["variants"])
    with pytest.raises(ConfigError, match="every variant is null"):
        validate_config(config)


def test_a_noise_rule_that_is_no_regular_expression_is_refused_naming_it():
    config = with_value(
        default_config(), ("cleaning", "noise_rules"), [{"name": "url", "pattern": "https?://("}]
    )
    with pytest.raises(
        ConfigError, match=r"cleaning.noise_rules.0 \('url'\): pattern 'https\?://\(' is not a valid"
    ):
        validate_config(config)


def test_source_files_that_cannot_work_are_named_before_any_job(tmp_path):
    """A column twice in a header, a header with no data rows, an image folder setting naming a
    file: each named with its key and path; a well-formed file passes."""
    (tmp_path / "labels.csv").write_text(
        "image_name,text_corrected,text_corrected,overall_sentiment\na.jpg,x,y,positive\n"
    )
    (tmp_path / "trial.csv").write_text("image_name,text_corrected,overall_sentiment\n\n")
    (tmp_path / "test.csv").write_text("image_name,text_corrected,overall_sentiment\nb.jpg,z,negative\n")
    (tmp_path / "images.txt").write_text("not a folder")
    columns = {"image": "image_name", "text": "text_corrected"}
    config = validate_config(
        with_value(
            default_config(),
            ("dataset",),
            {
                "train": {"csv": str(tmp_path / "labels.csv"), "images": str(tmp_path / "images.txt")},
                "trial": {"csv": str(tmp_path / "trial.csv"), "images": None, "columns": columns},
                "test": {"csv": str(tmp_path / "test.csv"), "images": None, "columns": columns},
            },
        )
    )
    message = unusable_source_files(config)
    assert "dataset.train.csv" in message and "['text_corrected'] appear more than once" in message
    assert f"dataset.trial.csv ({tmp_path / 'trial.csv'}): no data rows" in message
    assert f"dataset.train.images ({tmp_path / 'images.txt'}): a file, not a folder" in message
    assert "dataset.test" not in message
    (tmp_path / "labels.csv").write_text("image_name,text_corrected,overall_sentiment\na.jpg,x,positive\n")
    (tmp_path / "trial.csv").write_text("image_name,text_corrected,overall_sentiment\nc.jpg,w,neutral\n")
    (tmp_path / "images.txt").unlink()
    assert unusable_source_files(config) is None


@pytest.mark.parametrize(
    "path, value, message",
    [
        (
            ("models", "cnn_image", "filters"),
            [4] * 8,
            r"variants.cnn_i: model 'cnn_image' halves the image 8 times .* images.size 128 .* >= 256",
        ),
        (("statistics", "confidence"), 0.999, r"statistics.resamples: 1000 draws .* use at least 2000"),
    ],
)
def test_settings_that_cannot_work_together_are_refused_naming_the_keys(path, value, message):
    with pytest.raises(ConfigError, match=message):
        validate_config(with_value(default_config(), path, value))


def test_an_empty_mapping_in_an_overlay_that_merges_away_is_refused(tmp_path):
    """``variants: {}`` keeps config.yaml's variants (config files merge key by key): say so, and
    how to drop them; an empty mapping where nothing was set before is fine."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("variants: {}\nremedies: {mine: {}}\n")
    merged = default_config()
    message = merged_away(merged, [overlay])
    assert message.startswith(f"{overlay}: variants: {{}} keeps the 6 entries set before it (lstm_t, ")
    assert "set each entry to drop to null" in message
    overlay.write_text("variants: {lstm_t: null}\nremedies: {mine: {}}\n")
    assert merged_away(merged, [overlay]) is None
