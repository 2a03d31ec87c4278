"""What each architecture reads and which size settings its builder takes.

Free of Keras, so the Snakefile and the config checks can import it at DAG-build time.
"""

from __future__ import annotations

ARCHITECTURES: dict[str, dict[str, tuple[str, ...]]] = {
    "lstm_text": {
        "inputs": ("tokens",),
        "sizes": ("embedding_dim", "lstm_units", "dense_units", "dropout"),
    },
    "conv1d_text": {
        "inputs": ("tokens",),
        "sizes": ("embedding_dim", "filters", "kernel_size", "dense_units", "dropout"),
    },
    "cnn_image": {
        "inputs": ("image",),
        "sizes": ("filters", "kernel_size", "dense_units", "dropout"),
    },
    "embedding_mlp": {
        "inputs": ("embedding",),
        "sizes": ("hidden_units", "dropout"),
    },
    "feature_head": {
        "inputs": ("image_features",),
        "sizes": ("hidden_units", "dropout"),
    },
    "cnn_lstm_fusion": {
        "inputs": ("tokens", "image"),
        "sizes": (
            "embedding_dim",
            "lstm_units",
            "filters",
            "kernel_size",
            "branch_units",
            "dense_units",
            "dropout",
        ),
    },
}
"""Per architecture: the model inputs it reads and the size settings its builder takes."""


VECTOR_INPUTS = ("embedding", "image_features")
"""Inputs read as float vectors from a vector space (``{space}/{split}.npy``), where the vector
remedies (GMM, SMOTE) work."""

IMAGE_INPUTS = ("image", "image_features")
"""Inputs that exist only for memes with an image: their rows are a split's ``has_image`` memes."""


def reads(architecture: str, modality: str) -> bool:
    """Whether ``architecture`` takes ``modality`` (``tokens``, ``embedding``, ``image``,
    ``image_features``) as an input."""
    return modality in ARCHITECTURES[architecture]["inputs"]


def needs_images(architecture: str) -> bool:
    """Whether ``architecture`` sees only memes with an image (it reads images or image features)."""
    return any(reads(architecture, m) for m in IMAGE_INPUTS)


def vector_input(architecture: str) -> str | None:
    """The vector input ``architecture`` reads, or None."""
    return next((m for m in VECTOR_INPUTS if reads(architecture, m)), None)
