"""memotion-gmm: the logic behind the Snakemake workflow (all rules are thin glue over this)."""

CLASSES: tuple[str, ...] = ("negative", "neutral", "positive")
"""Task A classes; a class's integer id is its index here (0 = negative)."""

SPLITS: tuple[str, ...] = ("train", "valid", "trial", "test")
"""Every split the workflow knows, in the order tables list them."""
