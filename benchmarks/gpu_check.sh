#!/usr/bin/env bash
# One prepared GPU verification run, for a machine with an NVIDIA GPU:
# installs the pinned environment plus CuPy (and the CUDA build of torch that
# PyPI serves for torch==2.13.0), runs the GPU tests and both benchmarks, and
# writes everything to ${OUT:-gpu-results}/.
#   bash benchmarks/gpu_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-gpu-results}"
mkdir -p "$out"
python3 -m venv .venv-gpu
.venv-gpu/bin/pip install --quiet -r requirements.lock cupy-cuda12x==14.2.0
.venv-gpu/bin/pip install --quiet --no-deps --no-build-isolation -e .
nvidia-smi > "$out/nvidia-smi.txt" 2>&1 || true
export RGLIB_CACHE="$PWD/.gpu-cache"
.venv-gpu/bin/python -c "import cupy, torch; print('cupy', cupy.__version__, cupy.is_available()); print('torch', torch.__version__, torch.cuda.is_available())" | tee "$out/versions.txt"
.venv-gpu/bin/python -m pytest tests/test_ising_sampler.py -m gpu -p no:cacheprovider -o addopts="" -v 2>&1 | tee "$out/gpu-tests.txt"
.venv-gpu/bin/python benchmarks/bench_ising.py --json "$out/bench_ising.json" 2>&1 | tee "$out/bench_ising.txt"
.venv-gpu/bin/python benchmarks/bench_rbm.py --json "$out/bench_rbm.json" 2>&1 | tee "$out/bench_rbm.txt"
