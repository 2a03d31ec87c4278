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
# Then outputs damaged since their jobs wrote them are removed, so that they are remade
# (memotion_gmm/pipeline/integrity.py): by the main process only, while no other run holds the lock.
from memotion_gmm.pipeline.integrity import remove_damaged, runs_jobs
from memotion_gmm.pipeline.recovery import (
    announce_head,
    clear_stale_lock,
    forget_head,
    lock_advice,
    locked,
    register_head,
)

announce_head()
_stale_lock = clear_stale_lock()
if _stale_lock:
    print(f"memotion-gmm: {_stale_lock}", file=sys.stderr)
_runs_jobs = workflow.is_main_process and runs_jobs(sys.argv[1:])
_advice = lock_advice() if _runs_jobs else None
if _advice:
    print(f"memotion-gmm: {_advice}", file=sys.stderr)
if workflow.is_main_process and not locked():
    for _damaged in remove_damaged(dry_run=not _runs_jobs):
        print(f"memotion-gmm: {_damaged}", file=sys.stderr)
if _runs_jobs:
    register_head()  # before Snakemake takes the lock: a kill while the DAG is built is recovered too


onsuccess:
    forget_head()


onerror:
    forget_head()
