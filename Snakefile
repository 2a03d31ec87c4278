# memotion-gmm: UoR at SemEval-2020 Task 8 (GMM oversampling for multimodal meme sentiment)
# as a Snakemake workflow. Quick start and configuration: README.md.

import os
import sys

from snakemake.utils import min_version

min_version("9.0")

# The memotion_gmm package lives in workflow/: importable here and in every job, also in a
# conda environment that does not install it.
PACKAGE_DIR = os.path.join(workflow.basedir, "workflow")
sys.path.insert(0, PACKAGE_DIR)
os.environ.update(PYTHONPATH=os.pathsep.join(p for p in (PACKAGE_DIR, os.environ.get("PYTHONPATH")) if p))


# The paper's protocol; --configfile / --config values are merged on top of it.
configfile: os.path.join(workflow.basedir, "config.yaml")


include: "workflow/rules/common.smk"


wildcard_constraints:
    split="|".join(PLAN.present),
    image_split="|".join(PLAN.with_images),
    image_dir="|".join(IMAGE_DIRS.values()),
    cls="|".join(sorted({c for t, p in PROBLEMS for c in TASKS[t].problems[p].classes})),
    task="|".join(TASKS),
    problem="|".join(sorted({p for t, p in PROBLEMS})),
    variant="|".join(VARIANTS),
    seed=r"\d+",
    gmmdir="|".join(GMM_DIRS),
    remedy="|".join(RESAMPLED) or "(?!)",
    space=SPACE_PATTERN,


include: "workflow/rules/data.smk"
include: "workflow/rules/text.smk"
include: "workflow/rules/resampling.smk"
include: "workflow/rules/models.smk"
include: "workflow/rules/evaluation.smk"


rule all:
    default_target: True
    input:
        final_outputs(),


# Recovery after kill -9 or a crash: rerunning the same command removes a lock whose Snakemake
# process is gone (memotion_gmm/pipeline/recovery.py); rerun-incomplete (profiles/default) redoes its jobs.
from memotion_gmm.pipeline.recovery import clear_stale_lock, forget_head, register_head

_stale_lock = clear_stale_lock()
if _stale_lock:
    print(f"memotion-gmm: {_stale_lock}", file=sys.stderr)


onstart:
    register_head()


onsuccess:
    forget_head()


onerror:
    forget_head()
