#!/usr/bin/env bash
# Issue 25's GPU study in one command, after setup.sh: the paper's protocol with the image models'
# remedies, grey-scale CNN-I and Tasks B / C multi-head (gpu-images.yaml), then the fusion-feature
# space (gpu-fusion.yaml, its own outdir); each with per-stage wall times and GPU utilisation.
# Usage (repo root): bash benchmarks/gpu/image_study.sh OUTDIR SECONDS [GPU_SLOTS]
set -uo pipefail
out=$1 limit=$2 slots=${3:-6}
mkdir -p "$out/images" "$out/fusion"
start=$(date +%s)
bash benchmarks/gpu/paper_protocol.sh "$out/images" "$limit" "$slots" workflow/configs/gpu-images.yaml
left=$(( limit - ($(date +%s) - start) ))
bash benchmarks/gpu/paper_protocol.sh "$out/fusion" "$(( left > 60 ? left : 60 ))" "$slots" workflow/configs/gpu-fusion.yaml
