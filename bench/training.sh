#!/usr/bin/env bash
# Training throughput of `ieum train` (target tokens/s, matrix GFLOP/s) as a fraction of this
# machine's float32 sgemm peak, measured in the same run with numpy's BLAS.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import numpy" 2>/dev/null || "$venv/bin/pip" install --quiet numpy
"$venv/bin/python" bench/training.py "$@"
