"""Config checks the JSON schema cannot express, and what each architecture reads and accepts.

Kept free of TensorFlow so the Snakefile can import it at DAG-build time.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from .errors import ConfigError

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

DATASET_HELP = (
    "Get Memotion 7k (SemEval-2020 Task 8) from Kaggle's 'memotion_dataset_7k' and unpack it so that "
    "dataset.train.csv and dataset.train.images point at labels.csv and images/ (default: "
    "data/memotion_dataset_7k/), or set those paths with --config / a --configfile. "
    "To try the workflow without it: snakemake --cores 2 --configfile workflow/configs/demo.yaml"
)


def schema_errors(config: dict, schema_path: str | Path) -> list[str]:
    """Every JSON-schema violation as ``key.path: message`` (one line each, most specific first)."""
    with open(schema_path) as fh:
        schema = yaml.safe_load(fh)
    validator = jsonschema.Draft202012Validator(schema)
    lines = []
    for err in sorted(validator.iter_errors(config), key=jsonschema.exceptions.relevance):
        if err.context and all(not e.relative_path for e in err.context):
            # alternatives for the value itself (e.g. an integer or "auto"): name them all
            key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
            lines.append(f"{key}: {'; or '.join(dict.fromkeys(e.message for e in err.context))}")
            continue
        err = (
            jsonschema.exceptions.best_match([err])
            if not err.context
            else jsonschema.exceptions.best_match(err.context)
        )
        key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        lines.append(f"{key}: {err.message}")
    return lines


def check_schema(config: dict, schema_path: str | Path) -> None:
    """Raise ConfigError listing every schema violation by key (before defaults are filled)."""
    errors = schema_errors(config, schema_path)
    if errors:
        raise ConfigError("; ".join(errors))


def check_config(config: dict) -> None:
    """Raise ConfigError naming the key of values that are valid alone but not together
    (``config`` has the schema's defaults filled in)."""
    for name, spec in config["variants"].items():
        arch = ARCHITECTURES[spec["model"]]
        if spec.get("train_data") == "gmm" and "image" in arch["inputs"]:
            raise ConfigError(
                f"variants.{name}: train_data 'gmm' balances text sequences only; model {spec['model']!r} "
                "reads images. Use train_data: original."
            )
        sizes = dict(config["models"].get(spec["model"], {})) | spec.get("sizes", {})
        unknown = sorted(set(sizes) - set(arch["sizes"]))
        if unknown:
            raise ConfigError(
                f"variants.{name} / models.{spec['model']}: unknown size(s) {unknown}; "
                f"{spec['model']} accepts {list(arch['sizes'])}"
            )
    test = config["dataset"].get("test") or {}
    if config["dataset"]["demo"] and not test.get("images"):
        raise ConfigError("dataset.demo: the demo also writes a test split; set dataset.test.csv and .images")
    split = config["split"]
    carved = split["valid_fraction"] + sum(
        split[f"{s}_fraction"] for s in ("trial", "test") if not config["dataset"].get(s)
    )
    if carved >= 0.9:
        raise ConfigError(
            f"split: the carved fractions add up to {carved:.2f}; leave at least 10 % for training"
        )
    gmm = config["gmm"]
    if gmm["n_components"] == "auto" and not gmm["candidates"]:
        raise ConfigError(
            "gmm.candidates must list at least one component count when gmm.n_components is 'auto'"
        )


def missing_dataset_message(config: dict) -> str | None:
    """A message naming every configured input path that does not exist, or None."""
    missing = []
    for split in ("train", "trial", "test"):
        spec = config["dataset"].get(split)
        if not spec:
            continue
        paths = {"csv": spec.get("csv"), "images": spec.get("images")}
        if spec.get("ground_truth"):
            paths["ground_truth.csv"] = spec["ground_truth"]["csv"]
        missing += [
            f"dataset.{split}.{key} = {p!r}" for key, p in paths.items() if p and not Path(p).exists()
        ]
    if not missing:
        return None
    return "input data not found: " + "; ".join(missing) + ".\n" + DATASET_HELP
