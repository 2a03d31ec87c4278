"""One source for each value and each list: the registries, the schema, config.yaml and the docs agree."""

import inspect

import yaml
from memotion_gmm.models.architectures import ARCHITECTURES
from memotion_gmm.models.builders import BUILDERS
from memotion_gmm.pipeline.config_docs import BEGIN, END, reference
from memotion_gmm.pipeline.configuration import load_schema
from memotion_gmm.resampling.remedies import METHODS, RESAMPLING, SYNTHETIC
from workflow_utils import REPO

SCHEMA = load_schema()
DATA_DIMS = {
    "n_classes",
    "vocab_size",
    "max_len",
    "image_size",
    "image_channels",
    "mask_padding",
    "vector_dims",
    "embedding_matrix",
}
"""Builder arguments that come from the data and the task, not from ``models.<name>``."""


def test_every_architecture_is_one_name_in_the_registry_the_builders_and_the_schema():
    names = set(ARCHITECTURES)
    assert set(BUILDERS) == names
    assert set(SCHEMA["properties"]["models"]["properties"]) == names
    variant = SCHEMA["properties"]["variants"]["additionalProperties"]["properties"]
    assert set(variant["model"]["enum"]) == names
    assert {d.removesuffix("_sizes") for d in SCHEMA["definitions"] if d.endswith("_sizes")} == names


def test_each_builder_takes_exactly_its_schema_sizes_and_the_schema_holds_their_defaults():
    for name, builder in BUILDERS.items():
        sizes = SCHEMA["definitions"][f"{name}_sizes"]["properties"]
        assert set(inspect.signature(builder).parameters) - DATA_DIMS == set(sizes), name
        assert all("default" in spec for spec in sizes.values()), name


def test_every_remedy_method_is_one_name_in_the_registry_and_the_schema():
    remedy = SCHEMA["definitions"]["remedy"]
    assert tuple(remedy["properties"]["method"]["enum"]) == METHODS
    branches = {b["if"]["properties"]["method"]["const"] for b in remedy["allOf"]}
    assert branches == set(METHODS)
    assert set(RESAMPLING) | set(SYNTHETIC) <= set(METHODS)
    defaults = SCHEMA["properties"]["remedies"]["default"]
    assert {r["method"] for r in defaults.values()} == set(METHODS)


def test_config_yaml_sets_no_value_the_schema_already_defaults_to():
    """config.yaml holds only what the paper sets beyond the schema's defaults."""

    def restated(config: dict, schema: dict, path: str = "") -> list[str]:
        found = []
        for key, value in config.items():
            sub = schema.get("properties", {}).get(key, {})
            if "default" in sub and sub["default"] == value:
                found.append(f"{path}{key}")
            elif isinstance(value, dict) and "properties" in sub:
                found += restated(value, sub, f"{path}{key}.")
        return found

    config = yaml.safe_load((REPO / "config.yaml").read_text())
    assert restated(config, SCHEMA) == []
    assert set(config) == {"variants"}  # the paper's six; every other setting is a default


def test_the_configuration_reference_is_generated_from_the_schema():
    text = (REPO / "docs/configuration.md").read_text()
    committed = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert committed == reference(), (
        "docs/configuration.md is not the schema's reference: run "
        "PYTHONPATH=workflow python -m memotion_gmm.pipeline.config_docs docs/configuration.md"
    )
