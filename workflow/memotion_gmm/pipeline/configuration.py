"""Validating a configuration once: the JSON schema (the one source of defaults), then the checks
the schema cannot express.

Free of TensorFlow so the Snakefile can import it at DAG-build time.
"""

from __future__ import annotations

import copy
import csv
import math
import re
from pathlib import Path

import jsonschema
import yaml

from ..core.errors import ConfigError
from ..core.tasks import run_tasks, stratify_problem
from ..data.splits import SplitPlan
from ..models.architectures import FEATURE_SOURCES, reads, vector_inputs
from ..resampling.remedies import SYNTHETIC
from ..text.glove import GLOVE_DIM

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "config.schema.yaml"

DATASET_HELP = (
    "Get Memotion 7k (SemEval-2020 Task 8) from Kaggle's 'memotion_dataset_7k' and unpack it so that "
    "dataset.train.csv and dataset.train.images point at labels.csv and images/ (default: "
    "data/memotion_dataset_7k/), or set those paths with --config / a --configfile. "
    "To try the workflow without it: snakemake --cores 2 --configfile workflow/configs/demo.yaml"
)


def fill_missing(instance: dict, default: dict) -> None:
    """Copy into ``instance`` every key of ``default`` it lacks, merging nested objects the same way
    (a value the config set, ``null`` included, stays)."""
    for key, value in default.items():
        if key not in instance:
            instance[key] = copy.deepcopy(value)
        elif isinstance(instance[key], dict) and isinstance(value, dict):
            fill_missing(instance[key], value)


def _filling_defaults(validator_class):
    """``validator_class`` that also writes each missing property's schema ``default`` into the
    instance as it validates (so nested defaults fill too); a default that is an object also fills
    the keys a config's object for that property leaves out (``fill_missing``), so an overlay that
    sets one remedy, one model size or one fold entry keeps the defaults beside it."""
    validate_properties = validator_class.VALIDATORS["properties"]

    def properties(validator, props, instance, schema):
        if validator.is_type(instance, "object"):
            for name, sub in props.items():
                if "default" not in sub:
                    continue
                if name not in instance:
                    instance[name] = copy.deepcopy(sub["default"])
                elif isinstance(instance[name], dict) and isinstance(sub["default"], dict):
                    fill_missing(instance[name], sub["default"])
        yield from validate_properties(validator, props, instance, schema)

    return jsonschema.validators.extend(validator_class, {"properties": properties})


_Validator = _filling_defaults(jsonschema.Draft202012Validator)


def load_schema(schema_path: str | Path = SCHEMA_PATH) -> dict:
    with open(schema_path) as fh:
        return yaml.safe_load(fh)


def _schema_errors(validator, instance) -> list[str]:
    """Every schema violation of ``instance`` as ``key.path: message``."""
    lines = []
    for err in sorted(validator.iter_errors(instance), key=jsonschema.exceptions.relevance):
        if err.context and all(not e.relative_path for e in err.context):
            # alternatives for the value itself (e.g. an integer or "auto"): name them all
            key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
            lines.append(f"{key}: {'; or '.join(dict.fromkeys(e.message for e in err.context))}")
            continue
        err = jsonschema.exceptions.best_match(err.context or [err])
        key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        lines.append(f"{key}: {err.message}")
    return lines


def validate_config(config: dict, schema_path: str | Path = SCHEMA_PATH) -> dict:
    """Fill the schema's defaults into ``config`` (in place) and check it; returns it.

    Raises ConfigError listing every schema violation as ``key.path: message``, then for values
    that are valid alone but not together.
    """
    _check_renamed(config)
    schema = load_schema(schema_path)
    lines = _schema_errors(_Validator(schema), config)
    if lines:
        raise ConfigError("; ".join(lines))
    check_config(config, schema)
    return config


def load_config(path: str | Path) -> dict:
    """A YAML config file, validated, with the schema's defaults filled in."""
    with open(path) as fh:
        return validate_config(yaml.safe_load(fh))


def _check_renamed(config: dict) -> None:
    """Keys this workflow renamed, named with their replacement (before the schema's generic error)."""
    for split, spec in (config.get("dataset") or {}).items():
        if isinstance(spec, dict) and "label" in (spec.get("columns") or {}):
            raise ConfigError(
                f"dataset.{split}.columns.label: replaced by columns.labels, a map {{problem: column}} for "
                "the columns that differ from labels.<task>.problems.<problem>.column ({} for none), or "
                "null for a file that holds no labels"
            )
    if "classes" in (config.get("gmm") or {}):
        raise ConfigError(
            "gmm.classes: moved to labels.<task>.problems.<problem>.minority "
            "(Task A: labels.A.problems.sentiment.minority, the paper's [neutral, negative])"
        )
    if isinstance(config.get("labels"), dict) and "fold" in config["labels"]:
        raise ConfigError(
            "labels.fold: moved to labels.<task>.problems.<problem>.fold "
            "(Task A: labels.A.problems.sentiment.fold)"
        )


def check_config(config: dict, schema: dict | None = None) -> None:
    """Raise ConfigError naming the key of values that are valid alone but not together
    (``config`` has the schema's defaults filled in)."""
    schema = schema or load_schema()
    config["variants"] = {name: spec for name, spec in config["variants"].items() if spec is not None}
    if not config["variants"]:
        raise ConfigError("variants: every variant is null; keep at least one")
    config["remedies"] = {name: spec for name, spec in config["remedies"].items() if spec is not None}
    for name, task in config["labels"].items():
        task["problems"] = {p: spec for p, spec in task["problems"].items() if spec is not None}
        if not task["problems"]:
            raise ConfigError(f"labels.{name}.problems: every problem is null; keep at least one")
    remedies = config["remedies"]
    _check_classes(config)
    for i, rule in enumerate(config["cleaning"]["noise_rules"]):
        try:
            re.compile(rule["pattern"], re.IGNORECASE)
        except re.error as err:
            raise ConfigError(
                f"cleaning.noise_rules.{i} ({rule['name']!r}): pattern {rule['pattern']!r} is not a "
                f"valid regular expression: {err}"
            ) from None

    for name, spec in config["variants"].items():
        if "train_data" in spec:  # the old setting: original = balance none, gmm = balance gmm
            alias = {"original": "none", "gmm": "gmm"}[spec.pop("train_data")]
            if spec["balance"] not in ("none", alias):
                raise ConfigError(
                    f"variants.{name}: train_data and balance disagree; drop train_data "
                    f"(it means balance: {alias})"
                )
            spec["balance"] = alias
        if spec["balance"] not in remedies:
            raise ConfigError(
                f"variants.{name}.balance: unknown remedy {spec['balance']!r}; "
                f"the remedies are {list(remedies)}"
            )
        method = remedies[spec["balance"]]["method"]
        if spec.get("multi_head") and (method != "none" or spec["model"] == "feature_head"):
            raise ConfigError(
                f"variants.{name}.multi_head: a multi-head model trains every problem on one training set, "
                f"so it takes balance none (not {spec['balance']!r}) and reads no per-problem features "
                f"(model {spec['model']!r}); give each problem its own model for a remedy"
            )
        if method in SYNTHETIC and reads(spec["model"], "image"):
            raise ConfigError(
                f"variants.{name}.balance: {spec['balance']!r} ({method}) makes synthetic token sequences "
                f"without images; model {spec['model']!r} reads images. Use none, class_weight or "
                "random_oversample."
            )
        if method in SYNTHETIC and len(vector_inputs(spec["model"])) > 1:
            raise ConfigError(
                f"variants.{name}.balance: {spec['balance']!r} ({method}) makes synthetic rows in one "
                f"vector space; model {spec['model']!r} reads {' and '.join(vector_inputs(spec['model']))}. "
                "Use none, class_weight or random_oversample."
            )
        if spec["channels"] is not None and not reads(spec["model"], "image"):
            raise ConfigError(
                f"variants.{name}.channels: {spec['channels']}, but model {spec['model']!r} reads no images"
            )
        sizes = config["models"][spec["model"]] | spec["sizes"]
        sizes_schema = {"definitions": schema["definitions"], "$ref": f"#/definitions/{spec['model']}_sizes"}
        lines = _schema_errors(jsonschema.Draft202012Validator(sizes_schema), sizes)
        if lines:
            raise ConfigError(f"variants.{name}.sizes (over models.{spec['model']}): " + "; ".join(lines))
        if sizes.get("embeddings") == "glove" and sizes["embedding_dim"] != GLOVE_DIM:
            raise ConfigError(
                f"variants.{name}: embeddings glove gives {GLOVE_DIM}-d rows, but embedding_dim is "
                f"{sizes['embedding_dim']} (models.{spec['model']}.embedding_dim or the variant's sizes); "
                f"set embedding_dim: {GLOVE_DIM}"
            )
        pools = len(sizes.get("filters", [])) if reads(spec["model"], "image") else 0
        if config["images"]["size"] < 2**pools:
            raise ConfigError(
                f"variants.{name}: model {spec['model']!r} halves the image {pools} times (one pooling per "
                f"entry of filters), so images.size {config['images']['size']} leaves no pixel; use "
                f"images.size >= {2**pools} or fewer filters"
            )
    _check_image_features(config)
    _check_statistics(config)
    test = config["dataset"].get("test") or {}
    if config["dataset"]["demo"] and not test.get("images"):
        raise ConfigError("dataset.demo: the demo also writes a test split; set dataset.test.csv and .images")
    plan = SplitPlan.from_config(config)
    if config["submission"]["select_on"] not in plan.evaluated:
        raise ConfigError(
            f"submission.select_on: {config['submission']['select_on']} is not a split of this run "
            f"(it has {plan.evaluated})"
        )


def _check_classes(config: dict) -> None:
    """Every class a setting names is a class of the problem it is used on; every task a variant
    names is defined under ``labels`` (one not in ``tasks`` is simply not run)."""
    tasks = run_tasks(config)
    stratify_problem(config)
    for name, spec in config["variants"].items():
        unknown = sorted(set(spec.get("tasks") or []) - set(config["labels"]))
        if unknown:
            raise ConfigError(
                f"variants.{name}.tasks: {unknown} not defined under labels {sorted(config['labels'])}"
            )
    weights = {
        r: set(s["weights"]) for r, s in config["remedies"].items() if isinstance(s.get("weights"), dict)
    }
    used = {spec.get("balance") for spec in config["variants"].values()}
    every_class = {c for task in tasks for problem in task.problems.values() for c in problem.classes}
    for remedy in sorted(set(weights) - used):  # used by no variant: its classes of some problem
        if weights[remedy] - every_class:
            raise ConfigError(
                f"remedies.{remedy}.weights: unknown class(es) {sorted(weights[remedy] - every_class)}; no "
                f"problem of tasks {config['tasks']} has them"
            )
    for task in tasks:
        users = {
            spec.get("balance")
            for spec in config["variants"].values()
            if spec.get("tasks") is None or task.name in spec["tasks"]
        }
        for problem in task.problems.values():
            classes = set(problem.classes)
            key = f"labels.{task.name}.problems.{problem.name}"
            named = {f"{key}.fold": set(problem.fold.values()), f"{key}.minority": set(problem.minority)}
            named |= {f"remedies.{r}.weights": weights[r] for r in sorted(users & set(weights))}
            for where, names in named.items():
                if names - classes:
                    raise ConfigError(
                        f"{where}: unknown class(es) {sorted(names - classes)}; the classes of {key} (where "
                        f"it is used) are {list(problem.classes)}"
                    )


def _check_statistics(config: dict) -> None:
    """Enough bootstrap and permutation draws for the confidence asked: each tail of an interval
    needs a draw, and a permutation p-value (at least 1 / (draws + 1)) must be able to fall below
    1 - confidence, else no row could ever beat chance."""
    stats = config["statistics"]
    alpha = 1 - stats["confidence"]
    needed = math.ceil(2 / alpha - 1e-9)
    if stats["resamples"] < needed:
        raise ConfigError(
            f"statistics.resamples: {stats['resamples']} draws cannot give a {stats['confidence']:.1%} "
            f"interval or a p-value below {alpha:.3g} (statistics.confidence); use at least {needed}"
        )


def _check_image_features(config: dict) -> None:
    """A variant on image features needs the CNN-I or CNN-LSTM-TI run it names to be trained by this
    config."""
    users = [v for v, spec in config["variants"].items() if reads(spec["model"], "image_features")]
    if not users:
        return
    source, seed = config["image_features"]["variant"], config["image_features"]["seed"]
    spec = config["variants"].get(source, {})
    model = spec.get("model")
    if model not in FEATURE_SOURCES or spec.get("multi_head"):
        raise ConfigError(
            f"image_features.variant: {source!r} is not a single-head {' or '.join(FEATURE_SOURCES)} "
            "variant of this config "
            f"({'model ' + repr(model) if model else 'no such variant'}); {users} read its features"
        )
    trained = set(spec.get("tasks") or config["tasks"])
    for user in users:
        wanted = set(config["variants"][user].get("tasks") or config["tasks"])
        if wanted - trained:
            raise ConfigError(
                f"variants.{user}.tasks: {sorted(wanted - trained)} have no {source!r} run to take image "
                f"features from (image_features.variant trains {sorted(trained)})"
            )
    training = config["training"]
    seeds = range(training["seed"], training["seed"] + training["repeats"])
    if seed is not None and seed not in seeds:
        raise ConfigError(f"image_features.seed: {seed} is not a trained seed (training seeds {list(seeds)})")


def merged_away(config: dict, overlays: list[str | Path]) -> str | None:
    """A message for an empty mapping (``variants: {}``) in a config file given with
    ``--configfile`` where the merged ``config`` still has entries: Snakemake merges config files
    key by key, so ``{}`` keeps everything the files before it set; or None."""

    def empties(value, prefix):
        if isinstance(value, dict):
            if not value and prefix:
                yield prefix
            for key, item in value.items():
                yield from empties(item, [*prefix, key])

    for path in overlays:
        try:
            overlay = yaml.safe_load(Path(path).read_text())
        except (OSError, yaml.YAMLError):
            continue  # Snakemake reports a config file it cannot read
        for keys in empties(overlay, []):
            merged = config
            for key in keys:
                merged = merged.get(key) if isinstance(merged, dict) else None
            if merged:
                dotted, entries = ".".join(map(str, keys)), ", ".join(map(str, merged))
                return (
                    f"{path}: {dotted}: {{}} keeps the {len(merged)} entries set before it ({entries}): "
                    "config files merge key by key; set each entry to drop to null "
                    f"({dotted}: {{name: null}})"
                )
    return None


def missing_dataset_message(config: dict) -> str | None:
    """A message naming every configured input path that does not exist, or None."""
    missing = []
    for split, spec in SplitPlan.from_config(config).sources.items():
        paths = {"csv": spec.get("csv"), "images": spec.get("images")}
        if spec.get("ground_truth"):
            paths["ground_truth.csv"] = spec["ground_truth"]["csv"]
        missing += [
            f"dataset.{split}.{key} = {p!r}" for key, p in paths.items() if p and not Path(p).exists()
        ]
    if not missing:
        return None
    return "input data not found: " + "; ".join(missing) + ".\n" + DATASET_HELP


def _csv_head(path: Path) -> tuple[list[str], list[str] | None]:
    """A CSV's header (names stripped, a byte-order mark ignored) and its first non-blank data row
    (None where it has none), read without the rest of the file."""
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader, [])]
        return header, next((row for row in reader if any(c.strip() for c in row)), None)


def unusable_source_files(config: dict) -> str | None:
    """A message naming each configured source that cannot work, read from the files' first lines
    before any job: a CSV with no data rows or with a column name twice (which copy is meant is not
    ours to guess), an image folder setting that names a file; or None. Files not there yet (the
    demo's, before it is generated) are skipped."""
    problems = []
    for split, spec in SplitPlan.from_config(config).sources.items():
        csvs = {f"dataset.{split}.csv": spec["csv"]}
        if spec.get("ground_truth"):
            csvs[f"dataset.{split}.ground_truth.csv"] = spec["ground_truth"]["csv"]
        for key, path in csvs.items():
            if not Path(path).is_file():
                continue
            header, first = _csv_head(path)
            twice = sorted({c for c in header if header.count(c) > 1})
            if twice:
                problems.append(f"{key} ({path}): column(s) {twice} appear more than once in its header")
            if first is None:
                problems.append(f"{key} ({path}): no data rows (a header only, or an empty file)")
        images = spec.get("images")
        if images and Path(images).exists() and not Path(images).is_dir():
            problems.append(f"dataset.{split}.images ({images}): a file, not a folder of images")
    return "; ".join(problems) or None


def missing_label_columns(config: dict) -> str | None:
    """A message naming each problem of the run whose raw column a labelled source file lacks (read
    from the files' header lines, so before any job), or None. Files not there yet are skipped."""
    problems = []
    for split, spec in SplitPlan.from_config(config).sources.items():
        path, columns = Path(spec["csv"]), spec["columns"]["labels"]
        if columns is None or spec.get("ground_truth") or not path.is_file():
            continue
        header, _ = _csv_head(path)
        for task in run_tasks(config):
            for problem in task.problems.values():
                column = columns.get(problem.name, problem.column)
                if column not in header:
                    problems.append(
                        f"task {task.name}, problem {problem.name}: column {column!r} is not in "
                        f"dataset.{split}.csv ({path}; it has {header}); set "
                        f"dataset.{split}.columns.labels.{problem.name} to its column"
                    )
    return "; ".join(problems) or None
