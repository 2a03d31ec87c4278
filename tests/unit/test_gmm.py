"""Per-class GMM oversampling: balanced output, valid ids, determinism, component choice, errors."""

import numpy as np
import pandas as pd
import pytest
from memotion_gmm.core.errors import ConfigError, InputError
from memotion_gmm.resampling.gmm import (
    GMMSettings,
    balance,
    fit_class_gmm,
    load_mixture,
    oversample_class,
    sample_sequences,
    save_mixture,
    synthetic_counts,
)
from workflow_utils import PAPER


def gmm_settings(**changes) -> GMMSettings:
    """The paper's GMM settings with ``changes``."""
    return GMMSettings.from_config(PAPER["gmm"] | changes)


VOCAB = 50


def token_data(seed=0):
    rng = np.random.default_rng(seed)
    labels = np.array(["positive"] * 60 + ["neutral"] * 25 + ["negative"] * 12, dtype=object)
    tokens = rng.integers(0, VOCAB, (len(labels), 8)).astype(np.int32)
    return labels, tokens


def test_balanced_set_has_equal_class_counts_and_integer_ids_in_vocabulary():
    labels, tokens = token_data()
    settings = gmm_settings(n_components=1, covariance_type="full", seed=3)
    synthetic = {}
    for cls in ("neutral", "negative"):
        _, diag, draws = oversample_class(labels, tokens, cls, settings, VOCAB)
        assert diag["samples_drawn"] == 60 - {"neutral": 25, "negative": 12}[cls] == len(draws)
        assert draws.dtype == np.int32 and draws.min() >= 0 and draws.max() <= VOCAB - 1
        meta = pd.DataFrame(
            {"meme_id": [f"s{i}" for i in range(len(draws))], "image_name": None, "label": cls}
        )
        synthetic[cls] = (meta, draws)
    real = pd.DataFrame(
        {"meme_id": [f"r{i}" for i in range(len(labels))], "image_name": "x.jpg", "label": labels}
    )
    meta, out = balance(real, tokens, synthetic, ["neutral", "negative"])
    assert meta["label"].value_counts().to_dict() == {"positive": 60, "neutral": 60, "negative": 60}
    assert meta["synthetic"].sum() == 35 + 48 and not meta.loc[: len(labels) - 1, "synthetic"].any()
    assert out.shape == (180, 8)
    np.testing.assert_array_equal(out[: len(labels)], tokens)


def test_fit_and_sample_are_deterministic_for_a_seed():
    labels, tokens = token_data()
    runs = [
        oversample_class(
            labels, tokens, "negative", gmm_settings(n_components=2, covariance_type="diag", seed=7), VOCAB
        )
        for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0][0].means_, runs[1][0].means_)
    np.testing.assert_array_equal(runs[0][2], runs[1][2])
    other = oversample_class(
        labels, tokens, "negative", gmm_settings(n_components=2, covariance_type="diag", seed=8), VOCAB
    )
    assert not np.array_equal(runs[0][2], other[2])


def test_only_the_named_class_rows_reach_its_mixture():
    labels, tokens = token_data()
    mixture, diag, _ = oversample_class(labels, tokens, "negative", gmm_settings(n_components=1), VOCAB)
    assert diag["rows"] == 12
    np.testing.assert_allclose(mixture.means_[0], tokens[labels == "negative"].mean(0), atol=1e-9)


def test_auto_picks_the_true_component_count():
    rng = np.random.default_rng(0)
    centres = np.array([[0] * 5, [30] * 5, [-30, 30, -30, 30, -30]], float)
    x = np.concatenate([rng.normal(c, 1.0, (200, 5)) for c in centres])
    _, diag = fit_class_gmm(
        x,
        "neutral",
        gmm_settings(n_components="auto", candidates=(1, 2, 3, 4, 5), covariance_type="diag", seed=0),
    )
    assert diag["n_components"] == 3
    assert set(diag["bic"]) == {"1", "2", "3", "4", "5"}
    assert diag["bic"]["3"] == min(diag["bic"].values())


def test_fewer_rows_than_components_names_class_count_and_setting():
    x = np.zeros((3, 4)) + np.arange(4)
    with pytest.raises(InputError, match=r"class 'negative' has 3 training rows but gmm.n_components is 5"):
        fit_class_gmm(x, "negative", gmm_settings(n_components=5))


def test_a_class_of_one_row_is_told_what_to_change_not_to_raise_reg_covar():
    with pytest.raises(
        InputError, match=r"class 'neutral' has 1 training row: a Gaussian needs at least 2"
    ) as err:
        fit_class_gmm(np.ones((1, 4)), "neutral", gmm_settings())
    assert "reg_covar" not in str(err.value) and "minority" in str(err.value)


def test_auto_skips_candidates_a_small_class_cannot_support():
    x = np.random.default_rng(1).normal(size=(3, 2))
    _, diag = fit_class_gmm(
        x, "negative", gmm_settings(n_components="auto", candidates=(1, 2, 5, 8), covariance_type="spherical")
    )
    assert diag["skipped_candidates"] == [5, 8] and diag["n_components"] in (1, 2)


def test_empty_class_is_a_clear_error():
    with pytest.raises(InputError, match="class 'negative' has no training rows"):
        fit_class_gmm(np.zeros((0, 4)), "negative", gmm_settings())


def test_singular_covariance_needs_reg_covar():
    constant = np.zeros((20, 6))  # zero variance in every dimension
    with pytest.raises(InputError, match="Raise gmm.reg_covar"):
        fit_class_gmm(constant, "neutral", gmm_settings(n_components=1, reg_covar=0.0))
    mixture, diag = fit_class_gmm(constant, "neutral", gmm_settings(n_components=1, reg_covar=1e-6))
    assert diag["converged"] and np.allclose(np.diag(mixture.covariances_[0]), 1e-6)


def test_parameters_round_trip_through_npz(tmp_path):
    labels, tokens = token_data()
    for cov in ("full", "tied", "diag", "spherical"):
        mixture, _, _ = oversample_class(
            labels, tokens, "neutral", gmm_settings(n_components=2, covariance_type=cov, seed=2), VOCAB
        )
        save_mixture(mixture, tmp_path / f"{cov}.npz")
        loaded = load_mixture(tmp_path / f"{cov}.npz")
        np.testing.assert_allclose(loaded.score_samples(tokens), mixture.score_samples(tokens))
        np.testing.assert_array_equal(
            sample_sequences(loaded, 10, VOCAB, 4), sample_sequences(mixture, 10, VOCAB, 4)
        )


def test_minority_classes_missing_from_config_is_a_config_error():
    with pytest.raises(ConfigError, match=r"\['negative'\] are smaller than the majority 'positive'"):
        synthetic_counts({"positive": 10, "neutral": 4, "negative": 2}, ["neutral"])
    assert synthetic_counts({"positive": 10, "neutral": 4, "negative": 2}, ["neutral", "negative"]) == {
        "neutral": 6,
        "negative": 8,
    }


def test_sampled_values_are_rounded_to_the_nearest_id_and_clipped_to_the_vocabulary():
    """A mixture whose draws sit at x.7, x.2, beyond the vocabulary and below 0: rint, not floor."""
    from sklearn.mixture import GaussianMixture

    mixture = GaussianMixture(n_components=1, covariance_type="diag")
    mixture.weights_ = np.array([1.0])
    mixture.means_ = np.array([[3.7, 0.2, 7.45, 48.6, 60.0, -0.6, -3.0]])
    mixture.covariances_ = np.full((1, 7), 1e-8)  # draws within ~1e-3 of the means
    mixture.precisions_cholesky_ = 1 / np.sqrt(mixture.covariances_)
    draws = sample_sequences(mixture, 20, VOCAB, seed=0)
    assert draws.dtype == np.int32
    np.testing.assert_array_equal(draws, np.tile([4, 0, 7, 49, 49, 0, 0], (20, 1)))


def test_positions_every_real_row_pads_stay_padding_in_synthetic_rows():
    """Id 0 (padding) is a legitimate synthetic id: pre-padded short texts give a class zeros in
    the leading positions, and its draws must keep them (so synthetic ids are in [0, vocab))."""
    rng = np.random.default_rng(0)
    tokens = np.zeros((30, 8), dtype=np.int32)
    tokens[:, 3:] = rng.integers(1, VOCAB, (30, 5))  # three padding positions in every row
    labels = np.array(["negative"] * 30 + ["positive"] * 40, dtype=object)
    tokens = np.concatenate([tokens, rng.integers(1, VOCAB, (40, 8)).astype(np.int32)])
    _, _, draws = oversample_class(labels, tokens, "negative", gmm_settings(n_components=1, seed=1), VOCAB)
    assert len(draws) == 10 and (draws[:, :3] == 0).all()
    assert draws.min() >= 0 and draws.max() < VOCAB
