# memotion-gmm: UoR at SemEval-2020 Task 8 (GMM oversampling for multimodal meme sentiment)
# as a Snakemake workflow. Quick start and configuration: README.md.

from snakemake.utils import min_version

min_version("9.0")


configfile: "config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/demo.smk"
include: "workflow/rules/prepare.smk"
include: "workflow/rules/text.smk"
include: "workflow/rules/images.smk"
include: "workflow/rules/gmm.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/report.smk"


rule all:
    input:
        final_outputs(),
    default_target: True
