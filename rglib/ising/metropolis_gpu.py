"""Checkerboard Metropolis on an NVIDIA GPU (CuPy raw kernel).

One CUDA thread updates four consecutive sites of one row of one colour of
one chain, using the four words of a single Philox call. Counters, thresholds
and the update rule are exactly those of :mod:`rglib.ising.metropolis_cpu`,
so the two devices produce identical chains from the same seed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .philox import PHILOX_CUDA_SOURCE, Stream

_KERNEL_SOURCE = (
    PHILOX_CUDA_SOURCE
    + r"""
extern "C" __global__ void metropolis_colour(
    signed char* sub, const long long n_chains, const int size, const int colour,
    const unsigned int step, const unsigned int threshold_2, const unsigned int threshold_4,
    const unsigned int key_0, const unsigned int key_1, const unsigned int first_chain)
{
    const int half = size / 2;
    const int blocks = (half + 3) / 4;
    const long long thread = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (thread >= n_chains * size * blocks) return;
    const int block = (int)(thread % blocks);
    const long long rest = thread / blocks;
    const int row = (int)(rest % size);
    const long long chain = rest / size;

    unsigned int words[4] = {(unsigned int)(row * blocks + block), step,
                             first_chain + (unsigned int)chain, STREAM};
    philox4x32_10(words, key_0, key_1);

    signed char* spins = sub + (chain * 2 + colour) * size * half;
    const signed char* other = sub + (chain * 2 + 1 - colour) * size * half;
    const int above = (row > 0 ? row - 1 : size - 1) * half;
    const int below = (row < size - 1 ? row + 1 : 0) * half;
    const int here = row * half;
    const int shift = ((row + colour) % 2 == 0) ? -1 : 1;
#pragma unroll
    for (int lane = 0; lane < 4; ++lane) {
        const int k = 4 * block + lane;
        if (k < half) {
            int side = k + shift;
            side = side < 0 ? half - 1 : (side >= half ? 0 : side);
            const int field = other[above + k] + other[below + k] + other[here + k] + other[here + side];
            const int spin = spins[here + k];
            const int cost = spin * field;
            const unsigned int word = words[lane];
            const bool flip = cost <= 0 || (cost == 2 && word < threshold_2)
                              || (cost == 4 && word < threshold_4);
            if (flip) spins[here + k] = (signed char)(-spin);
        }
    }
}
""".replace("STREAM", f"{int(Stream.METROPOLIS)}u")
)

_THREADS_PER_BLOCK = 256


@lru_cache(maxsize=1)
def _kernel():
    import cupy

    return cupy.RawKernel(_KERNEL_SOURCE, "metropolis_colour")


def metropolis_sweeps_gpu(
    sub, first_sweep, n_sweeps, threshold_2, threshold_4, key_0, key_1, first_chain
) -> None:
    """Run ``n_sweeps`` sweeps in place on the CuPy array ``sub`` (n, 2, L, L/2)."""
    n_chains, _, size, half = sub.shape
    threads = n_chains * size * ((half + 3) // 4)
    grid = ((threads + _THREADS_PER_BLOCK - 1) // _THREADS_PER_BLOCK,)
    kernel = _kernel()
    for sweep in range(first_sweep, first_sweep + n_sweeps):
        for colour in range(2):
            kernel(
                grid,
                (_THREADS_PER_BLOCK,),
                (
                    sub,
                    np.int64(n_chains),
                    np.int32(size),
                    np.int32(colour),
                    np.uint32(2 * sweep + colour),
                    np.uint32(threshold_2),
                    np.uint32(threshold_4),
                    np.uint32(key_0),
                    np.uint32(key_1),
                    np.uint32(first_chain),
                ),
            )
