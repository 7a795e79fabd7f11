#!/usr/bin/env bash
# One prepared GPU run for a node as it comes, with no network access:
#   bash benchmarks/gpu_check.sh
# It uses the node's own python3 (which must already have torch, CuPy, numba,
# NumPy, SciPy, matplotlib and pytest), installs only missing pure-Python
# packages from the wheels in ${RGLIB_WHEELS:-.whl} (never from an index), puts
# the project on PYTHONPATH, and runs, each step with its own time limit:
#   1. the GPU tests;
#   2. the paper-scale reproduction with every claim judged (and the time of
#      each), writing the results file (results/paper.json) with its provenance,
#      then the validation scan's time per temperature (from its cached reports);
#   3. the RBM benchmark (step in fp32 and tf32, fused and torch sampling);
#   4. with RGLIB_CHECK_ALL=1 only (they need more than one device session):
#      the precision study (the ci network in fp32 and tf32, 3 seeds each,
#      writing results/precision.json) and the sampler benchmark.
# With RGLIB_CHECK_LARGE=1, step 2 is replaced by the paper's large-input run
# (Sec. II C: the flowers RBM 200 x 200 -> 100 x 100 from Xavier, block-spin
# and RGM weights, 1,000 epochs each), judged and written to large_inputs.json;
# the two do not fit one session together.
# Everything, the log included, goes to ${OUT:-gpu-results}/ (the two results
# files are also left in results/, ready to commit). A failing step is logged
# and the later steps still run; the exit status is that of the first failure.
# The whole run keeps within ${RGLIB_CHECK_SECONDS:-540} s: a step gets at most
# what is left, and a step with under 20 s left is skipped (and counts as failed).
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-gpu-results}"
mkdir -p "$out"
exec > >(tee "$out/log.txt") 2>&1
export PYTHONUNBUFFERED=1 RGLIB_PROGRESS="${RGLIB_PROGRESS:-0}"
export RGLIB_CACHE="${RGLIB_CACHE:-/tmp/rglib-cache}"
python="${PYTHON:-python3}"
status=0
deadline=$((SECONDS + ${RGLIB_CHECK_SECONDS:-540}))

step() {  # step NAME SECONDS COMMAND...: run with a time limit, log the time and the outcome
    local name="$1" limit="$2"; shift 2
    local started=$SECONDS left=$((deadline - SECONDS)) code
    if [ "$left" -lt "$limit" ]; then limit=$left; fi
    if [ "$limit" -lt 20 ]; then
        echo "=== $name: skipped, ${left} s left of the run's time"
        [ "$status" -eq 0 ] && status=124
        return
    fi
    echo "=== $name (limit ${limit} s)"
    timeout "$limit" "$@"
    code=$?
    echo "=== $name: exit $code after $((SECONDS - started)) s"
    if [ "$code" -ne 0 ] && [ "$status" -eq 0 ]; then status=$code; fi
}

site="${RGLIB_SITE:-/tmp/rglib-site}"
if ! "$python" benchmarks/gpu_setup.py --wheels "${RGLIB_WHEELS:-.whl}" --target "$site"; then
    echo "set-up failed: see above"; exit 1
fi
export PYTHONPATH="$PWD:$site${PYTHONPATH:+:$PYTHONPATH}"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || true
"$python" -c "import torch, cupy, numba, numpy; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.is_available()); print('cupy', cupy.__version__, cupy.is_available()); print('numba', numba.__version__, 'numpy', numpy.__version__)"

# The GPU tests (and the unit tests of the modules they use), without the book's notebook plugins.
step "GPU tests" 150 "$python" -m pytest -p no:cacheprovider -o addopts="" --noconftest -q \
    -m gpu tests/ising/test_sampler.py tests/models/test_rbm_fit.py tests/models/test_fused_sampling.py
# The Ising chapters' claims; the image chapters' paper-scale networks (100 x 100 flowers and
# clouds, 1,000 epochs) do not fit one 9-minute session: RGLIB_PAPER_CHAPTERS=all adds them.
ising_chapters=sampling,rg_theory,training,singular_values,fourier,data_subspace,effective_parameters,stacked
if [ "${RGLIB_CHECK_LARGE:-0}" = 1 ]; then
    step "large inputs, 200 x 200 (paper)" 420 env RGLIB_DEVICE=gpu \
        RGLIB_PRECISION="${RGLIB_PAPER_PRECISION:-tf32}" "$python" -m rglib claims --profile paper \
        --ids flowers-200x200 --json "$out/large_inputs.json"
else
    step "paper-scale results" 360 "$python" -m rglib results --profile paper --device gpu \
        --precision "${RGLIB_PAPER_PRECISION:-tf32}" --chapters "${RGLIB_PAPER_CHAPTERS:-$ising_chapters}"
    cp results/paper.json "$out/" 2>/dev/null || true
fi
step "validation scan, per temperature" 40 "$python" -c "
from rglib import artifacts, profiles
for point in artifacts.validation_scan(profiles.active_profile('paper')):
    r = point.report
    print(f'T={r.temperature:<6g} {r.algorithm:10s} {r.device} {r.n_chains:5d} chains  '
          f'burn-in {r.burn_in:6d}  spacing {r.spacing:4d}  {r.seconds:7.2f} s')"
step "RBM benchmark" 90 "$python" benchmarks/bench_rbm.py --repeats "${RGLIB_BENCH_REPEATS:-2}" \
    --json "$out/bench_rbm.json"
if [ "${RGLIB_CHECK_ALL:-0}" = 1 ]; then
    step "precision study" 150 "$python" -m rglib precision-study --device gpu
    cp results/precision.json "$out/" 2>/dev/null || true
    step "sampler benchmark" 90 "$python" benchmarks/bench_ising.py --json "$out/bench_ising.json"
fi
echo "gpu_check: exit status $status"
exit "$status"
