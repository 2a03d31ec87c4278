# Config validation, the split plan, output paths and input functions shared by every rule.

import os

import yaml

from memotion_gmm.core.errors import ConfigError
from memotion_gmm.core.tasks import selected_problem
from memotion_gmm.data.splits import SplitPlan
from memotion_gmm.models.architectures import IMAGE_INPUTS, needs_images, reads
from memotion_gmm.pipeline.configuration import missing_dataset_message, validate_config
from memotion_gmm.resampling.remedies import RESAMPLING, SYNTHETIC
from memotion_gmm.resampling.spaces import TOKENS

try:
    validate_config(config)  # fills the schema's defaults
except ConfigError as err:
    raise WorkflowError(f"invalid configuration: {err}") from None

if not config["dataset"]["demo"]:
    _message = missing_dataset_message(config)
    if _message:
        raise WorkflowError(_message)

OUT = config["outdir"]
DATASET = config["dataset"]
TASK, PROBLEM = selected_problem(config)
PROBLEM_PARAMS = {"name": PROBLEM.name} | {
    k: config["labels"][TASK.name]["problems"][PROBLEM.name][k]
    for k in ("column", "classes", "fold", "truth")
}
"""The problem's definition as prepare reads it (raw column, classes, fold, ground-truth field)."""
CLASSES = list(PROBLEM.classes)
"""The problem's classes in order: every rule that scores, trains or draws takes them as a param."""
GMM_CLASSES = list(PROBLEM.minority)
"""The classes the gmm remedy fits a mixture to and draws for, in order (every class where the
problem names no minority: the largest then draws none)."""
PLAN = SplitPlan.from_config(config)
SEEDS = [config["training"]["seed"] + i for i in range(config["training"]["repeats"])]
# config.yaml's variants first, in its order (Snakemake merges --configfile values in ahead of
# it, which would put a config's extra variants first in Table 1), then the config's own
with open(os.path.join(workflow.basedir, "config.yaml")) as _fh:
    _PAPER_ORDER = list(yaml.safe_load(_fh)["variants"])
VARIANTS = {v: config["variants"][v] for v in [*_PAPER_ORDER, *config["variants"]] if v in config["variants"]}
REMEDIES = config["remedies"]


FEATURE_SEED = SEEDS[0] if config["image_features"]["seed"] is None else config["image_features"]["seed"]
FEATURE_RUN = f"{config['image_features']['variant']}/seed{FEATURE_SEED}"
"""The trained CNN-I run (``runs/{variant}/seed{seed}``) whose penultimate layer gives image features."""
VECTOR_SPACES = {"embedding": "embeddings", "image_features": f"features/{FEATURE_RUN}"}
"""Per model input read as float vectors: the space (folder under OUT) holding ``{split}.npy``,
row-aligned with memes.parquet (image features: with its has_image memes)."""
IMAGE_SPACES = {space for m, space in VECTOR_SPACES.items() if m in IMAGE_INPUTS}
"""The vector spaces that exist only for memes with an image, in the splits with images."""
SPACE_PATTERN = "|".join([TOKENS, *VECTOR_SPACES.values()])
"""What the ``{space}`` wildcard may be: ``text`` (token ids) or a vector space's folder (it may hold
slashes, e.g. features/cnn_i/seed1). A space's remedies live in its folder."""


def variant_space(variant):
    """The space the variant's remedy works in: the vector space its model reads, else token ids
    (for an image model, random oversampling resamples meme ids there, and images follow)."""
    return next((space for m, space in VECTOR_SPACES.items() if uses(variant, m)), TOKENS)


def space_inputs(wildcards):
    """A space's training rows for its remedies' rules: token sequences and the vocabulary (synthetic
    ids are rounded into it), or the vectors and the memes table they follow."""
    if wildcards.space == TOKENS:
        return {"train": f"{OUT}/text/sequences/train.parquet", "vocab": f"{OUT}/text/vocab.json"}
    return {"memes": f"{OUT}/prepare/memes.parquet", "vectors": f"{OUT}/{wildcards.space}/train.npy"}


def gmm_dir(remedy):
    """Where a gmm remedy's mixtures live: the paper's ``gmm/`` for ``{method: gmm}`` (the gmm block
    as it is), ``remedies/{name}/`` for one overriding any of its settings."""
    return "gmm" if set(REMEDIES[remedy]) == {"method"} else f"remedies/{remedy}"


# every gmm directory some variant trains on (the paper's always: its figure is in the report)
GMM_DIRS = {"gmm": config["gmm"]} | {
    gmm_dir(r): config["gmm"] | {k: v for k, v in REMEDIES[r].items() if k != "method"}
    for r in {spec["balance"] for spec in VARIANTS.values()}
    if REMEDIES[r]["method"] == "gmm"
}
RESAMPLED = sorted(
    {spec["balance"] for spec in VARIANTS.values() if REMEDIES[spec["balance"]]["method"] in RESAMPLING}
)


def remedy_train_file(remedy, space):
    """The training set remedy ``remedy`` writes in ``space``, or None for one that makes no data."""
    method = REMEDIES[remedy]["method"]
    root = f"{OUT}/{space}"
    if method == "gmm":
        return f"{root}/{gmm_dir(remedy)}/balanced_train.parquet"
    if method in RESAMPLING:
        return f"{root}/remedies/{remedy}/train.parquet"
    return None


def training_remedy(variant):
    """What the train job needs of its variant's remedy: the method, and class weights."""
    remedy = REMEDIES[VARIANTS[variant]["balance"]]
    return {k: v for k, v in remedy.items() if k in ("method", "weights")}


def source_inputs(wildcards=None):
    """Every file that prepare reads (each split's CSV, image folder and ground truth)."""
    files = {}
    for name, spec in PLAN.sources.items():
        files[f"{name}_csv"] = spec["csv"]
        if spec.get("images"):
            files[f"{name}_images"] = spec["images"]
        if spec.get("ground_truth"):
            files[f"{name}_ground_truth"] = spec["ground_truth"]["csv"]
    return files


def uses(variant, modality):
    """Whether the variant's model reads ``tokens``, ``embedding``, ``image`` or ``image_features``."""
    return reads(VARIANTS[variant]["model"], modality)


def submission_variants():
    """Variants that can predict the unlabelled test split (image models need its images)."""
    if not PLAN.unlabelled_test:
        return []
    return [v for v in VARIANTS if not needs_images(VARIANTS[v]["model"]) or "test" in PLAN.with_images]


def train_inputs(wildcards):
    """Exactly the files a (variant, seed) run reads, so unrelated changes never retrain it."""
    v = wildcards.variant
    files = {"memes": f"{OUT}/prepare/memes.parquet"}
    if uses(v, "tokens"):
        files["vocab"] = f"{OUT}/text/vocab.json"
        synthetic = REMEDIES[VARIANTS[v]["balance"]]["method"] in SYNTHETIC
        for split in PLAN.present:
            if not (split == "train" and synthetic):  # synthetic sets hold the real rows too
                files[f"tokens_{split}"] = f"{OUT}/text/sequences/{split}.parquet"
    if uses(v, "image"):
        for split in PLAN.with_images:
            files[f"images_{split}"] = f"{OUT}/images/{split}.npy"
    for modality, space in VECTOR_SPACES.items():
        if uses(v, modality):
            synthetic = REMEDIES[VARIANTS[v]["balance"]]["method"] in SYNTHETIC
            for split in PLAN.with_images if space in IMAGE_SPACES else PLAN.present:
                if not (split == "train" and synthetic):
                    files[f"{modality}_{split}"] = f"{OUT}/{space}/{split}.npy"
    resampled = remedy_train_file(VARIANTS[v]["balance"], variant_space(v))
    if resampled:
        files["resampled_train"] = resampled
    return files


def model_sizes(variant):
    """The variant's architecture sizes: the model's config sizes, overridden by the variant's."""
    spec = VARIANTS[variant]
    return config["models"][spec["model"]] | spec["sizes"]


def run_files(name):
    """One file of every (variant, seed) run."""
    return [f"{OUT}/runs/{v}/seed{s}/{name}" for v in VARIANTS for s in SEEDS]


def gmm_fit_settings(gmmdir):
    """The gmm settings a fit in ``gmmdir`` reads. ``candidates`` matter only with ``n_components:
    auto``; otherwise the one candidate is ``n_components``, so editing the list reruns nothing."""
    settings = dict(GMM_DIRS[gmmdir])
    if settings["n_components"] != "auto":
        settings["candidates"] = [settings["n_components"]]
    return settings


def final_outputs():
    outs = [
        f"{OUT}/report/table1.csv",
        f"{OUT}/report/table1.md",
        f"{OUT}/report/table1.html",
        f"{OUT}/report/figures/confusion_matrices.png",
        f"{OUT}/report/figures/learning_curves.png",
        f"{OUT}/report/figures/gmm_balance.png",
        f"{OUT}/report/imbalance.csv",
        f"{OUT}/report/imbalance.md",
        f"{OUT}/report/imbalance.html",
        f"{OUT}/report/figures/imbalance_forest.png",
        f"{OUT}/audit/summary.json",
        f"{OUT}/report/figures/audit_pairs.png",
        f"{OUT}/report/table1_unseen.csv",
        f"{OUT}/reliability/summary.json",
        f"{OUT}/report/figures/reliability.png",
    ]
    if DATASET["name"] == "memotion7k":
        outs.append(f"{OUT}/report/paper_comparison.md")
    outs += [f"{OUT}/submission/{v}.csv" for v in submission_variants()]
    return outs
