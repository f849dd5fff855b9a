#!/usr/bin/env bash
# One prepared GPU check for an H200 machine without network access (issue: GPU runners).
# torch is there; the project's other dependencies travel as wheels in ./wheels if missing
# (build them here with: pip download -d wheels --only-binary=:all: <packages>; carry the folder).
# Grades every chapter's catalogue with --device cuda and --device cpu, prints per entry
# "identical yes/no" and the time per submission on each device. Budget: under 8 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-bench/results/gpu_check_$(date +%F).txt}"
PY="${PYTHON:-python3}"
"$PY" -c "import torch; assert torch.cuda.is_available(), 'no CUDA device'; print(torch.cuda.get_device_name(0))"
if ! "$PY" -c "import nbgrader, diffusers, safetensors, pytest_timeout, rich, sklearn" 2>/dev/null; then
  "$PY" -m pip install --no-index --find-links wheels -e . --no-deps
  "$PY" -m pip install --no-index --find-links wheels nbgrader diffusers safetensors pytest-timeout rich scikit-learn
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
timeout 470 "$PY" bench/gpu_check.py --out "$OUT" --workers "${WORKERS:-8}"
