#!/usr/bin/env bash
# Prepare a bare GPU machine that has Python 3.12 with JAX (CUDA) but no TensorFlow and no
# network: unpack the carried pure-Python/cp312 packages (snakemake, keras, ...) and the
# carried Memotion 7k copy into /tmp/mg, then run the tiny workflow as a smoke test.
# Usage (repo root): bash benchmarks/gpu/setup.sh gpu/site.tar.xz gpu/data1 [smoke]
set -euo pipefail
site_tar=$1 data=$2
mkdir -p /tmp/mg/site /tmp/mg/data/images /tmp/mg/data/test
[ -f "$site_tar" ] && tar -xJf "$site_tar" -C /tmp/mg/site
cp -r "$data"/images/. /tmp/mg/data/images/
[ -f "$data/labels.csv" ] && cp "$data/labels.csv" /tmp/mg/data/
[ -f "$data/test/2000_testdata.csv" ] && cp "$data/test/2000_testdata.csv" /tmp/mg/data/test/
echo "images now: $(ls /tmp/mg/data/images | wc -l)"
export PYTHONPATH=/tmp/mg/site:$PWD/workflow KERAS_BACKEND=jax TF_CPP_MIN_LOG_LEVEL=2
nvidia-smi -L
python3 -c "import keras, jax, snakemake; print('keras', keras.__version__, keras.backend.backend(), jax.devices(), 'snakemake', snakemake.__version__)"
if [ "${3:-}" = smoke ]; then
  mkdir -p /tmp/mg/tiny
  python3 - <<'PY'
import sys; sys.path.insert(0, "tests")
from pathlib import Path
from workflow_utils import write_config
write_config(Path("/tmp/mg/tiny"), {"training": {"repeats": 1}})
PY
  start=$(date +%s)
  python3 -m snakemake -s Snakefile -d /tmp/mg/tiny --configfile /tmp/mg/tiny/tiny.yaml --cores 16 --resources gpu=6 --scheduler greedy --quiet rules
  echo "tiny workflow on GPU: $(( $(date +%s) - start )) s"
  cat /tmp/mg/tiny/results/tasks/A/sentiment/report/table1.md
  grep -h device /tmp/mg/tiny/results/tasks/A/sentiment/runs/*/seed1/run.json | sort | uniq -c
fi
