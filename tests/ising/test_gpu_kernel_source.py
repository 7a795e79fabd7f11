"""The CUDA kernels' sources (Metropolis, Swendsen-Wang), checked without a GPU.

The kernel text is compiled for the host by a C++ compiler, with the few CUDA
names it uses (``__global__``, ``__umulhi``, ``blockIdx``...) defined as plain
C++, and every CUDA "thread" is then run in a loop. Its chains must be
bit-identical to the CPU kernel's: the two share counters, thresholds and
update rule. Where ``nvcc`` exists, the source must also compile for an H100.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
import pytest

from rglib.ising import checkerboard
from rglib.ising.metropolis_cpu import metropolis_sweeps
from rglib.ising.metropolis_gpu import _KERNEL_SOURCE
from rglib.ising.swendsen_wang import swendsen_wang_sweeps
from rglib.ising.swendsen_wang_gpu import _KERNEL_SOURCE as SWENDSEN_WANG_SOURCE
from rglib.ising.philox import probability_threshold
from tests.host_cuda import compile_for_host, compile_ptx

HOST_DRIVER = r"""
extern "C" void run_colour(signed char* sub, long long n_chains, int size, int colour,
                           unsigned int step, unsigned int t2, unsigned int t4,
                           unsigned int k0, unsigned int k1, unsigned int first_chain) {
    const long long threads = n_chains * size * ((size / 2 + 3) / 4);
    blockDim.x = 1;
    threadIdx.x = 0;
    for (long long thread = 0; thread < threads; ++thread) {
        blockIdx.x = (unsigned int)thread;
        metropolis_colour(sub, n_chains, size, colour, step, t2, t4, k0, k1, first_chain);
    }
}
"""


@pytest.fixture(scope="module")
def host_kernel(tmp_path_factory):
    function = compile_for_host(tmp_path_factory.mktemp("kernel"), _KERNEL_SOURCE, HOST_DRIVER).run_colour
    function.restype = None
    function.argtypes = [ctypes.c_void_p, ctypes.c_longlong, ctypes.c_int, ctypes.c_int] + [ctypes.c_uint] * 6
    return function


@pytest.mark.parametrize("size, temperature", [(2, 3.0), (6, 2.0), (8, 4.0), (14, 2.5)])
def test_cuda_kernel_source_matches_the_cpu_kernel_bit_for_bit(host_kernel, size, temperature):
    rng = np.random.default_rng(size)
    spins = (2 * rng.integers(0, 2, size=(5, size, size), dtype=np.int8) - 1).astype(np.int8)
    thresholds = (probability_threshold(math.exp(-4 / temperature)), probability_threshold(math.exp(-8 / temperature)))
    key, first_chain, sweeps = (123, 456), 7, 5
    cpu = checkerboard.to_sublattices(spins)
    metropolis_sweeps(cpu, 0, sweeps, *thresholds, *key, first_chain)
    gpu_logic = np.ascontiguousarray(checkerboard.to_sublattices(spins))
    for sweep in range(sweeps):
        for colour in range(2):
            host_kernel(gpu_logic.ctypes.data, len(spins), size, colour, 2 * sweep + colour,
                        *thresholds, *key, first_chain)
    assert not np.array_equal(cpu, checkerboard.to_sublattices(spins)), "nothing moved"
    assert np.array_equal(gpu_logic, cpu)


def test_cuda_kernel_source_compiles_for_an_h100(tmp_path):
    assert "mul.hi" in compile_ptx(tmp_path, _KERNEL_SOURCE)


SWENDSEN_WANG_DRIVER = r"""
extern "C" void run_sweep(signed char* spins, int* parent, unsigned char* bonds, long long n_total,
                          int size, unsigned int sweep, unsigned int threshold, unsigned int k0,
                          unsigned int k1, unsigned int first_chain, const long long* order) {
    blockDim.x = 1;
    threadIdx.x = 0;
    for (long long t = 0; t < n_total; ++t) {
        blockIdx.x = (unsigned int)order[t];
        sw_bonds(spins, parent, bonds, n_total, size, sweep, threshold, k0, k1, first_chain);
    }
    for (long long t = 0; t < n_total; ++t) {
        blockIdx.x = (unsigned int)order[t];
        sw_union(parent, bonds, n_total, size);
    }
    for (long long t = 0; t < n_total; ++t) {
        blockIdx.x = (unsigned int)order[t];
        sw_flip(spins, parent, bonds, n_total, size);
    }
}
"""


@pytest.fixture(scope="module")
def host_swendsen_wang(tmp_path_factory):
    library = compile_for_host(tmp_path_factory.mktemp("swendsen_wang"), SWENDSEN_WANG_SOURCE,
                               SWENDSEN_WANG_DRIVER)
    function = library.run_sweep
    function.restype = None
    function.argtypes = [ctypes.c_void_p] * 3 + [ctypes.c_longlong, ctypes.c_int] + [ctypes.c_uint] * 5 + [
        ctypes.c_void_p]
    return function


@pytest.mark.parametrize("size, temperature", [(4, 1.5), (6, 2.27), (10, 3.0), (12, 2.0)])
def test_swendsen_wang_cuda_source_matches_the_cpu_kernel_bit_for_bit_in_any_thread_order(
    host_swendsen_wang, size, temperature
):
    """The threads run in a shuffled order, each sweep a different one: the clusters,
    rooted at their smallest site, and so the chains, must not depend on it."""
    rng = np.random.default_rng(size)
    spins = (2 * rng.integers(0, 2, size=(3, size, size), dtype=np.int8) - 1).astype(np.int8)
    threshold = probability_threshold(-math.expm1(-2 / temperature))
    key, first_chain, sweeps = (321, 654), 5, 6
    cpu = spins.copy()
    swendsen_wang_sweeps(cpu, 0, sweeps, threshold, *key, first_chain)
    gpu_logic = spins.copy()
    n_total = gpu_logic.size
    parent = np.empty(n_total, dtype=np.int32)
    bonds = np.empty(n_total, dtype=np.uint8)
    for sweep in range(sweeps):
        order = rng.permutation(n_total).astype(np.int64)
        host_swendsen_wang(gpu_logic.ctypes.data, parent.ctypes.data, bonds.ctypes.data, n_total, size,
                           sweep, threshold, *key, first_chain, order.ctypes.data)
    assert not np.array_equal(cpu, spins), "nothing moved"
    assert np.array_equal(gpu_logic, cpu)


def test_swendsen_wang_cuda_source_compiles_for_an_h100(tmp_path):
    assert "atom.global.cas" in compile_ptx(tmp_path, SWENDSEN_WANG_SOURCE)
