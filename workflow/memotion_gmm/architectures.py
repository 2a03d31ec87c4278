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


def reads(architecture: str, modality: str) -> bool:
    """Whether ``architecture`` takes ``modality`` (``tokens``, ``embedding``, ``image``) as an input."""
    return modality in ARCHITECTURES[architecture]["inputs"]
