"""Speed of rglib's Ising sampler against references measured in the same run.

Run by hand (``make bench`` or ``python benchmarks/bench_ising.py``). Prints, for
batched 80 x 80 lattices at T = 4:

* rglib's checkerboard Metropolis, spin-update attempts per nanosecond;
* a naive NumPy reference (full-lattice ``np.roll`` neighbour sums, a colour
  mask, one float64 uniform per site per half-sweep);
* the random-number generators alone, 32-bit numbers per nanosecond: NumPy's
  default generator (PCG64, one thread: what array-based Metropolis draws from)
  and rglib's Philox4x32-10 kernel on all threads;
* the wall time of the paper-profile data set (40,000 decorrelated samples);
* the same on the GPU when CuPy sees one.

Targets (issue 2): CPU rate >= 0.8 x generator-only rate; paper data set <= 60 s
on the CPU; >= 300 flips/ns on one H100.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numba
import numpy as np
from numba import njit, prange, uint32

from rglib.runtime.backend import describe_device, gpu_available
from rglib.ising import sample
from rglib.ising.throughput import metropolis_updates_per_nanosecond
from rglib.ising.philox import philox4x32

SIZE = 80
TEMPERATURE = 4.0


def naive_reference_rate(n_chains: int = 64, n_sweeps: int = 4) -> float:
    """Full-lattice np.roll Metropolis with a colour mask, flips/ns."""
    rng = np.random.default_rng(0)
    spins = rng.choice(np.array([-1, 1], dtype=np.int8), size=(n_chains, SIZE, SIZE))
    rows, columns = np.indices((SIZE, SIZE))
    masks = [((rows + columns) % 2 == colour)[None] for colour in (0, 1)]

    def sweep():
        for mask in masks:
            field = (
                np.roll(spins, 1, 1) + np.roll(spins, -1, 1) + np.roll(spins, 1, 2) + np.roll(spins, -1, 2)
            )
            accept = np.exp(-2.0 * spins * field / TEMPERATURE)
            flip = mask & (rng.random(spins.shape) < accept)
            spins[flip] *= -1

    sweep()
    started = time.perf_counter()
    for _ in range(n_sweeps):
        sweep()
    return n_chains * SIZE * SIZE * n_sweeps / ((time.perf_counter() - started) * 1e9)


def numpy_generator_rate(n_words: int = 2**16, repeats: int = 1024) -> float:
    """NumPy's default bit generator alone: 32-bit random numbers per ns (one thread).

    Cache-sized batches, so that the figure is the generator's, not the memory's.
    """
    generator = np.random.default_rng(0).bit_generator
    generator.random_raw(1024)
    started = time.perf_counter()
    for _ in range(repeats):
        generator.random_raw(n_words // 2)
    return n_words * repeats / ((time.perf_counter() - started) * 1e9)


@njit(parallel=True, cache=True)
def _philox_fill(words, key_0, key_1):
    for block in prange(words.shape[0] // 4):
        w0, w1, w2, w3 = philox4x32(block, 0, 0, 0, key_0, key_1)
        words[4 * block] = w0
        words[4 * block + 1] = w1
        words[4 * block + 2] = w2
        words[4 * block + 3] = w3


def philox_rate(n_words: int = 2**18, repeats: int = 256) -> float:
    """rglib's Philox4x32-10 alone, all threads: 32-bit random numbers per ns (cache-sized batches)."""
    words = np.empty(n_words, dtype=np.uint32)
    _philox_fill(words, uint32(1), uint32(2))
    started = time.perf_counter()
    for _ in range(repeats):
        _philox_fill(words, uint32(1), uint32(2))
    return n_words * repeats / ((time.perf_counter() - started) * 1e9)


def paper_dataset_seconds(device: str) -> tuple[float, dict]:
    started = time.perf_counter()
    _, report = sample(SIZE, TEMPERATURE, 40_000, seed=2021, device=device, algorithm="metropolis", return_report=True)
    seconds = time.perf_counter() - started
    return seconds, {"n_chains": report.n_chains, "burn_in": report.burn_in, "spacing": report.spacing,
                     "decorrelation_time": report.decorrelation_time}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this JSON file")
    arguments = parser.parse_args()
    results: dict[str, object] = {
        "machine": f"{platform.node()} {describe_device('cpu')}",
        "numba_threads": numba.get_num_threads(),
    }
    results["cpu_rglib_flips_per_ns"] = metropolis_updates_per_nanosecond(SIZE, TEMPERATURE, 512, 20, "cpu")
    results["cpu_naive_reference_flips_per_ns"] = naive_reference_rate()
    results["numpy_generator_numbers_per_ns"] = numpy_generator_rate()
    results["philox_generator_numbers_per_ns"] = philox_rate()
    results["ratio_rglib_to_numpy_generator"] = (
        results["cpu_rglib_flips_per_ns"] / results["numpy_generator_numbers_per_ns"]
    )
    results["ratio_rglib_to_philox_generator"] = (
        results["cpu_rglib_flips_per_ns"] / results["philox_generator_numbers_per_ns"]
    )
    results["ratio_rglib_to_naive"] = results["cpu_rglib_flips_per_ns"] / results["cpu_naive_reference_flips_per_ns"]
    seconds, details = paper_dataset_seconds("cpu")
    results["cpu_paper_dataset_seconds"] = seconds
    results["cpu_paper_dataset_run"] = details
    if gpu_available():
        results["gpu"] = describe_device("gpu")
        results["gpu_rglib_flips_per_ns"] = metropolis_updates_per_nanosecond(SIZE, TEMPERATURE, 8192, 50, "gpu")
        seconds, details = paper_dataset_seconds("gpu")
        results["gpu_paper_dataset_seconds"] = seconds
        results["gpu_paper_dataset_run"] = details
    else:
        results["gpu"] = "not available (cupy.is_available() is False): GPU figures not measured"
    for name, value in results.items():
        print(f"{name:36s} {value:.3f}" if isinstance(value, float) else f"{name:36s} {value}")
    if arguments.json:
        with open(arguments.json, "w") as stream:
            json.dump(results, stream, indent=2)


if __name__ == "__main__":
    os.environ.setdefault("RGLIB_PROGRESS", "0")
    main()
