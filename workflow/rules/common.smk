# Config validation, the split plan, output paths and input functions shared by every rule.

import os

import yaml

from memotion_gmm.core.errors import ConfigError
from memotion_gmm.core.tasks import SEMEVAL_TOPS, Task, run_tasks, stratify_problem
from memotion_gmm.data.splits import SplitPlan
from memotion_gmm.models.architectures import IMAGE_INPUTS, needs_images, reads
from memotion_gmm.pipeline.configuration import (
    merged_away,
    missing_dataset_message,
    missing_label_columns,
    unusable_source_files,
    validate_config,
)
from memotion_gmm.resampling.remedies import RESAMPLING, SYNTHETIC
from memotion_gmm.resampling.spaces import TOKENS

_message = merged_away(config, workflow.overwrite_configfiles)
if _message:
    raise WorkflowError(f"invalid configuration: {_message}")
try:
    validate_config(config)  # fills the schema's defaults
except ConfigError as err:
    raise WorkflowError(f"invalid configuration: {err}") from None

if not config["dataset"]["demo"]:
    _message = missing_dataset_message(config)
    if _message:
        raise WorkflowError(_message)
_message = unusable_source_files(config) or missing_label_columns(config)
if _message:
    raise WorkflowError(f"invalid configuration: {_message}")

OUT = config["outdir"]
DATASET = config["dataset"]
TASKS = {t.name: t for t in run_tasks(config)}
"""The tasks this run trains, in report order; each problem's outputs live in ``problem_dir``."""


def problem_params(task, problem):
    """A problem's definition as a job reads it (raw column, classes, fold, ground-truth field): its
    name and its block under ``labels``, so editing one problem reruns only that problem's jobs."""
    return {"name": problem} | {
        k: v
        for k, v in config["labels"][task]["problems"][problem].items()
        if k in ("column", "classes", "fold", "truth")
    }


STRATIFY_TASK, STRATIFY = stratify_problem(config)
"""The problem prepare carves the splits on (its unusable rows are dropped from every problem)."""
PROBLEM_DIR = f"{OUT}/tasks/{{task}}/{{problem}}"
"""Where a problem's outputs live (its labelled memes table, remedies, runs, report)."""


def problem_dir(task, problem):
    return f"{OUT}/tasks/{task}/{problem}"


def problem_of(wildcards):
    """The ``Problem`` of a job's ``{task}`` and ``{problem}`` wildcards."""
    return TASKS[wildcards.task].problems[wildcards.problem]


def classes(wildcards):
    """The job's problem's classes in order: every rule that scores, trains or draws takes them."""
    return list(problem_of(wildcards).classes)


def gmm_classes(wildcards):
    """The classes the gmm remedy fits a mixture to and draws for, in order (every class where the
    problem names no minority: the largest then draws none)."""
    return list(problem_of(wildcards).minority)


PLAN = SplitPlan.from_config(config)
SEEDS = [config["training"]["seed"] + i for i in range(config["training"]["repeats"])]
# config.yaml's variants first, in its order (Snakemake merges --configfile values in ahead of
# it, which would put a config's extra variants first in Table 1), then the config's own
with open(os.path.join(workflow.basedir, "config.yaml")) as _fh:
    _PAPER_ORDER = list(yaml.safe_load(_fh)["variants"])
VARIANTS = {v: config["variants"][v] for v in [*_PAPER_ORDER, *config["variants"]] if v in config["variants"]}
REMEDIES = config["remedies"]


def task_variants(task):
    """The variants trained on every problem of ``task`` (all but those naming other tasks)."""
    return [v for v, spec in VARIANTS.items() if spec["tasks"] is None or task in spec["tasks"]]


PROBLEMS = [(t, p) for t in TASKS for p in TASKS[t].problems]
"""Every (task, problem) this run trains."""


FEATURE_VARIANT = config["image_features"]["variant"]
FEATURE_SEED = SEEDS[0] if config["image_features"]["seed"] is None else config["image_features"]["seed"]
FEATURE_RUN = f"{FEATURE_VARIANT}/seed{FEATURE_SEED}"
"""The trained CNN-I or CNN-LSTM-TI run (``runs/{variant}/seed{seed}`` of a problem) whose
penultimate layer gives that problem's image features."""
VECTOR_SPACES = {
    "embedding": "embeddings",
    "lexicon": "lexicon",
    "image_features": f"features/{FEATURE_RUN}",
}
"""Per model input read as float vectors: the space (folder) holding ``{split}.npy``, row-aligned
with memes.parquet (image features: with its has_image memes). A space's remedies live in that
folder under the problem's directory."""
IMAGE_SPACES = {space for m, space in VECTOR_SPACES.items() if m in IMAGE_INPUTS}
"""The vector spaces that exist only for memes with an image, in the splits with images; they are
made per problem (by a model trained on its labels), the others once under OUT."""


def space_file(space, split, wildcards):
    """A vector space's ``{split}.npy``: under the problem's directory for a space made per problem
    (image features), else under OUT."""
    root = problem_dir(wildcards.task, wildcards.problem) if space in IMAGE_SPACES else OUT
    return f"{root}/{space}/{split}.npy"


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
    memes = f"{problem_dir(wildcards.task, wildcards.problem)}/memes.parquet"
    if wildcards.space == TOKENS:
        return {
            "memes": memes,
            "train": f"{OUT}/text/sequences/train.parquet",
            "vocab": f"{OUT}/text/vocab.json",
        }
    return {"memes": memes, "vectors": space_file(wildcards.space, "train", wildcards)}


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


def remedy_train_file(remedy, space, wildcards):
    """The training set remedy ``remedy`` writes in ``space`` for the job's problem, or None for one
    that makes no data."""
    method = REMEDIES[remedy]["method"]
    if method not in RESAMPLING and method != "gmm":
        return None
    root = f"{problem_dir(wildcards.task, wildcards.problem)}/{space}"
    if method == "gmm":
        return f"{root}/{gmm_dir(remedy)}/balanced_train.parquet"
    return f"{root}/remedies/{remedy}/train.parquet"


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


IMAGE_DIRS = {3: "images", 1: "images/grey"}
"""Where the image arrays of each channel setting are cached (RGB, luminance), so switching
``images.channels`` back and forth decodes each setting once."""
CHANNELS_OF = {d: c for c, d in IMAGE_DIRS.items()}


def image_channels(variant):
    """The variant's image channels: its own ``channels``, else ``images.channels``."""
    return VARIANTS[variant]["channels"] or config["images"]["channels"]


def image_settings(variant):
    """The ``size`` and ``channels`` of the image arrays the variant reads (None: it reads none)."""
    if not uses(variant, "image"):
        return None
    return {"size": config["images"]["size"], "channels": image_channels(variant)}


def image_file(variant, split):
    """A split's image array as variant ``variant`` reads it (in its channel setting)."""
    return f"{OUT}/{IMAGE_DIRS[image_channels(variant)]}/{split}.npy"


def uses(variant, modality):
    """Whether the variant's model reads ``tokens``, ``embedding``, ``image`` or ``image_features``."""
    return reads(VARIANTS[variant]["model"], modality)


def submission_variants():
    """Variants that can predict the unlabelled test split (image models need its images)."""
    if not PLAN.unlabelled_test:
        return []
    return [v for v in VARIANTS if not needs_images(VARIANTS[v]["model"]) or "test" in PLAN.with_images]


def submission_inputs(wildcards):
    """A variant's metrics and predictions of every seed, per problem it trains (``{task}/{problem}``)."""
    files = {}
    for t, p in PROBLEMS:
        if wildcards.variant in task_variants(t):
            root = f"{problem_dir(t, p)}/runs/{wildcards.variant}"
            files[f"{t}/{p}/metrics"] = [f"{root}/seed{s}/metrics.json" for s in SEEDS]
            files[f"{t}/{p}/predictions"] = [f"{root}/seed{s}/predictions.parquet" for s in SEEDS]
    return files


def train_inputs(wildcards):
    """Exactly the files a (problem, variant, seed) run reads, so unrelated changes never retrain it."""
    memes = {"memes": f"{problem_dir(wildcards.task, wildcards.problem)}/memes.parquet"}
    return memes | model_inputs(wildcards.variant, wildcards)


def variant_problems(variant):
    """Every (task, problem) the variant trains."""
    return [(t, p) for t, p in PROBLEMS if variant in task_variants(t)]


MULTI_HEAD = [v for v, spec in VARIANTS.items() if spec["multi_head"] and variant_problems(v)]
"""Variants with one shared encoder and a head per problem that train in this run: one job per seed
trains all their problems."""


def feature_inputs(wildcards):
    """The files an image_features job reads: the source run's model, the problem's memes table and
    the source variant's model inputs (images in its channel setting; tokens for a fusion model)."""
    root = problem_dir(wildcards.task, wildcards.problem)
    run = {"model": f"{root}/runs/{FEATURE_RUN}/model.keras", "memes": f"{root}/memes.parquet"}
    return run | model_inputs(FEATURE_VARIANT, wildcards)


def multi_head_inputs(variant):
    """An input function: every problem's memes table (``{task}/{problem}/memes``) and the model
    inputs of a multi-head variant's run."""

    def files(wildcards):
        memes = {f"{t}/{p}/memes": f"{problem_dir(t, p)}/memes.parquet" for t, p in variant_problems(variant)}
        return memes | model_inputs(variant, wildcards)

    return files


def model_inputs(v, wildcards):
    """The model inputs variant ``v`` reads (tokens, images, vectors per split, and its remedy's
    training set for the job's problem); a multi-head variant reads no per-problem space."""
    files = {}
    if uses(v, "tokens"):
        files["vocab"] = f"{OUT}/text/vocab.json"
        synthetic = REMEDIES[VARIANTS[v]["balance"]]["method"] in SYNTHETIC
        for split in PLAN.present:
            if not (split == "train" and synthetic):  # synthetic sets hold the real rows too
                files[f"tokens_{split}"] = f"{OUT}/text/sequences/{split}.parquet"
    if uses(v, "image"):
        for split in PLAN.with_images:
            files[f"images_{split}"] = image_file(v, split)
    for modality, space in VECTOR_SPACES.items():
        if uses(v, modality):
            synthetic = REMEDIES[VARIANTS[v]["balance"]]["method"] in SYNTHETIC
            for split in PLAN.with_images if space in IMAGE_SPACES else PLAN.present:
                if not (split == "train" and synthetic):
                    files[f"{modality}_{split}"] = space_file(space, split, wildcards)
    resampled = remedy_train_file(VARIANTS[v]["balance"], variant_space(v), wildcards)
    if resampled:
        files["resampled_train"] = resampled
    return files


def model_sizes(variant):
    """The variant's architecture sizes: the model's config sizes, overridden by the variant's."""
    spec = VARIANTS[variant]
    return config["models"][spec["model"]] | spec["sizes"]


def run_files(name):
    """An input function: one file of every (variant, seed) run of the job's problem."""

    def files(wildcards):
        root = problem_dir(wildcards.task, wildcards.problem)
        return [f"{root}/runs/{v}/seed{s}/{name}" for v in task_variants(wildcards.task) for s in SEEDS]

    return files


def gmm_fit_settings(gmmdir):
    """The gmm settings a fit in ``gmmdir`` reads. ``candidates`` matter only with ``n_components:
    auto``; otherwise the one candidate is ``n_components``, so editing the list reruns nothing."""
    settings = dict(GMM_DIRS[gmmdir])
    if settings["n_components"] != "auto":
        settings["candidates"] = [settings["n_components"]]
    return settings


def token_gmm_used(task):
    """Whether a variant of ``task`` trains on the gmm block's token-space mixtures (the paper's GMM):
    then each of its problems' report shows them (figures/gmm_balance.png); the stratification
    problem's always does."""
    if task == STRATIFY_TASK.name:
        return True
    return any(
        set(REMEDIES[VARIANTS[v]["balance"]]) == {"method"}
        and REMEDIES[VARIANTS[v]["balance"]]["method"] == "gmm"
        and variant_space(v) == TOKENS
        for v in task_variants(task)
    )


def problem_title(task, problem):
    """A problem's tables' title: its task's, naming the problem where the task has several."""
    spec = TASKS[task]
    return spec.title if len(spec.problems) == 1 else f"{spec.title}, {problem}"


def task_score_inputs(wildcards):
    """Every problem's memes table and its runs' predictions (variant, then seed), per problem."""
    files = {}
    for p in TASKS[wildcards.task].problems:
        root = problem_dir(wildcards.task, p)
        files[f"{p}/memes"] = f"{root}/memes.parquet"
        files[f"{p}/predictions"] = [
            f"{root}/runs/{v}/seed{s}/predictions.parquet"
            for v in task_variants(wildcards.task)
            for s in SEEDS
        ]
    return files


def published_top(task):
    """The SemEval-2020 leaderboard's top score of ``task`` for Memotion 7k's official tasks, else None."""
    if DATASET["name"] != "memotion7k":
        return None
    return SEMEVAL_TOPS.get(task)


def submission_problems(variant):
    """Every defined problem's place in the official field, the class codes, and whether the variant
    trains it (``{task}/{problem}`` -> {part, digit, codes, run})."""
    out = {}
    for t, spec in config["labels"].items():
        task = Task.from_config(t, spec)
        for p, problem in task.problems.items():
            run = t in TASKS and variant in task_variants(t)
            out[f"{t}/{p}"] = {
                "part": problem.truth_part,
                "digit": problem.truth_digit,
                "width": problem.truth_width,
                "codes": {c: problem.truth_code(c) for c in problem.classes} if run else None,
            }
    return out


PROBLEM_OUTPUTS = [
    "report/table1.csv",
    "report/table1.md",
    "report/table1.html",
    "report/figures/confusion_matrices.png",
    "report/figures/learning_curves.png",
    "report/imbalance.csv",
    "report/imbalance.md",
    "report/imbalance.html",
    "report/figures/imbalance_forest.png",
    "report/table1_unseen.csv",
    "reliability/summary.json",
    "report/figures/reliability.png",
]
"""Every problem's deliverables, under its ``problem_dir``."""


def final_outputs():
    outs = [f"{OUT}/audit/summary.json", f"{OUT}/report/figures/audit_pairs.png"]
    outs += [f"{problem_dir(t, p)}/{name}" for t, p in PROBLEMS for name in PROBLEM_OUTPUTS]
    outs += [f"{problem_dir(t, p)}/report/figures/gmm_balance.png" for t, p in PROBLEMS if token_gmm_used(t)]
    outs += [f"{OUT}/report/{t}/scores.md" for t in TASKS]
    if DATASET["name"] == "memotion7k" and (STRATIFY_TASK.name, STRATIFY.name) in PROBLEMS:
        outs.append(f"{OUT}/report/paper_comparison.md")
    outs += [f"{OUT}/submission/{v}.csv" for v in submission_variants()]
    return outs
