"""The architecture registry: each architecture's name and the model inputs it reads.

Free of Keras, so the Snakefile and the config checks can import it at DAG-build time. Its size
settings and their defaults (the paper's) live in the config schema (``definitions.<name>_sizes``);
its builder in ``builders.BUILDERS``. ``tests/unit/test_registries.py`` checks the three agree.
"""

from __future__ import annotations

ARCHITECTURES: dict[str, tuple[str, ...]] = {
    "lstm_text": ("tokens",),
    "conv1d_text": ("tokens",),
    "cnn_image": ("image",),
    "cnn_lstm_fusion": ("tokens", "image"),
    "embedding_mlp": ("embedding",),
    "feature_head": ("image_features",),
    "lexicon_mlp": ("lexicon",),
    "embedding_lexicon_mlp": ("embedding", "lexicon"),
}
"""Per architecture: the model inputs it reads."""


VECTOR_INPUTS = ("embedding", "lexicon", "image_features")
"""Inputs read as float vectors from a vector space (``{space}/{split}.npy``), where the vector
remedies (GMM, SMOTE) work."""

FEATURE_SOURCES = ("cnn_image", "cnn_lstm_fusion")
"""The architectures whose trained runs give image features (``image_features.variant``): their
head's dense layer sees the image (and, for the fusion model, the text)."""

IMAGE_INPUTS = ("image", "image_features")
"""Inputs that exist only for memes with an image: their rows are a split's ``has_image`` memes."""


def reads(architecture: str, modality: str) -> bool:
    """Whether ``architecture`` takes ``modality`` (``tokens``, ``embedding``, ``image``,
    ``image_features``) as an input."""
    return modality in ARCHITECTURES[architecture]


def needs_images(architecture: str) -> bool:
    """Whether ``architecture`` sees only memes with an image (it reads images or image features)."""
    return any(reads(architecture, m) for m in IMAGE_INPUTS)


def vector_inputs(architecture: str) -> tuple[str, ...]:
    """The vector inputs ``architecture`` reads, in its input order (none: empty)."""
    return tuple(m for m in ARCHITECTURES[architecture] if m in VECTOR_INPUTS)
