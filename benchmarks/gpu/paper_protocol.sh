#!/usr/bin/env bash
# The paper's full protocol (6 variants x 5 seeds x 20 epochs, 128 px, 192 tokens) on the real
# Memotion 7k unpacked by setup.sh into /tmp/mg/data, several training jobs sharing the GPU; any
# further --configfile overlays (e.g. workflow/configs/gpu-images.yaml) are merged over it.
# Usage (repo root): bash benchmarks/gpu/paper_protocol.sh OUTDIR SECONDS [GPU_SLOTS [OVERLAY...]]
set -uo pipefail
out=$1 limit=$2 slots=${3:-6}
shift $(( $# < 3 ? $# : 3 ))
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
# the outdir the last configfile that sets one names (relative to /tmp/mg, the working directory)
results=$(python3 -c "import sys, yaml; print([d for f in sys.argv[1:] if (d := (yaml.safe_load(open(f)) or {}).get('outdir'))][-1])" /tmp/mg/gpu.yaml "$@")
case $results in /*) ;; *) results=/tmp/mg/$results ;; esac
overlays=$(for f in "$@"; do printf ' %s' "$PWD/$f"; done)
# GPU utilisation and memory once a second while the workflow runs
nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -l 1 > "$out/gpu.csv" 2>/dev/null &
sampler=$!
start=$(date +%s)
timeout "$limit" python3 -m snakemake -s Snakefile -d /tmp/mg --configfile /tmp/mg/gpu.yaml $overlays \
  --cores 16 --resources gpu="$slots" --scheduler greedy --keep-going --quiet rules > "$out/snakemake.log" 2>&1
echo "rc=$? wall=$(( $(date +%s) - start )) s" | tee -a "$out/snakemake.log"
kill "$sampler" 2>/dev/null
python3 benchmarks/gpu/stage_times.py "$results" "$out/gpu.csv" | tee "$out/stages.txt"
cd "$results" && tar -czf "$out/results.tar.gz" --exclude='*.npy' --exclude='*.keras' \
  --exclude='text/sequences' --exclude='*/gmm/*.parquet' --exclude='prepare/memes.parquet' . && ls -la "$out"
cat tasks/A/sentiment/report/table1.md report/*/scores.md 2>/dev/null
