#!/usr/bin/env bash
# The paper's full protocol (6 variants x 5 seeds x 20 epochs, 128 px, 192 tokens) on the real
# Memotion 7k unpacked by setup.sh into /tmp/mg/data, several training jobs sharing the GPU.
# Usage (repo root): bash benchmarks/gpu/paper_protocol.sh OUTDIR SECONDS [GPU_SLOTS]
set -uo pipefail
out=$1 limit=$2 slots=${3:-6}
export PYTHONPATH=/tmp/mg/site:$PWD/workflow KERAS_BACKEND=jax TF_CPP_MIN_LOG_LEVEL=2
cat > /tmp/mg/gpu.yaml <<YAML
dataset:
  name: memotion7k
  train: {csv: /tmp/mg/data/labels.csv, images: /tmp/mg/data/images}
  test:
    csv: /tmp/mg/data/test/2000_testdata.csv
    images: null
    columns: {image: Image_name, text: corrected_text, labels: null}
outdir: /tmp/mg/results
cleaning: {threads: 8}
images: {threads: 8}
training: {threads: 2}
YAML
start=$(date +%s)
timeout "$limit" python3 -m snakemake -s Snakefile -d /tmp/mg --configfile /tmp/mg/gpu.yaml \
  --cores 16 --resources gpu="$slots" --scheduler greedy --keep-going --quiet rules > "$out/snakemake.log" 2>&1
echo "rc=$? wall=$(( $(date +%s) - start )) s" | tee -a "$out/snakemake.log"
cd /tmp/mg/results && tar -czf "$out/results.tar.gz" --exclude='*.npy' --exclude='*.keras' \
  --exclude='text/sequences' --exclude='gmm/*.parquet' --exclude='prepare/memes.parquet' . && ls -la "$out"
cat report/table1.md 2>/dev/null || ls runs/*/ | head
