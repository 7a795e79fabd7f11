"""Swendsen-Wang on an NVIDIA GPU (CuPy raw kernels), all chains at once.

One sweep is three kernel launches over every site of every chain:

1. ``sw_bonds`` draws the site's two bonds (right, below) and its flip bit
   from one Philox call, exactly as :mod:`rglib.ising.swendsen_wang` does,
   and makes the site its own root;
2. ``sw_union`` joins the two ends of each bond in a lock-free union-find:
   the larger of two roots is hooked under the smaller with ``atomicCAS``,
   and a failed hook (another thread got there first) retries from the new
   roots. Parents only ever point to smaller indices, so every cluster ends
   rooted at its smallest site, whatever the order the threads ran in;
3. ``sw_flip`` finds each site's root and flips the site when the root's
   flip bit is set.

Roots are found with path halving. Reads of the parent array are
``volatile`` so that a thread never loops on a stale cached copy of a
parent that another thread has just hooked. The chains are bit-identical to
the CPU kernel's.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .philox import PHILOX_CUDA_SOURCE, Stream
from .swendsen_wang import BOND_DOWN, BOND_RIGHT, FLIP

_KERNEL_SOURCE = (
    PHILOX_CUDA_SOURCE
    + r"""
__device__ __forceinline__ int sw_root(volatile int* parent, int site)
{
    int up = parent[site];
    while (up != site) {
        const int above = parent[up];
        if (above != up) parent[site] = above;  // halve the path: still an ancestor
        site = up;
        up = above;
    }
    return site;
}

__device__ __forceinline__ void sw_unite(int* parent, int a, int b)
{
    while (true) {
        a = sw_root(parent, a);
        b = sw_root(parent, b);
        if (a == b) return;
        if (a < b) { const int t = a; a = b; b = t; }
        if (atomicCAS(parent + a, a, b) == a) return;
    }
}

__device__ __forceinline__ void sw_neighbours(int site, int size, int* right, int* below)
{
    const int row = site / size;
    const int column = site - row * size;
    *right = row * size + (column + 1 < size ? column + 1 : 0);
    *below = (row + 1 < size ? row + 1 : 0) * size + column;
}

extern "C" __global__ void sw_bonds(
    const signed char* spins, int* parent, unsigned char* bonds, const long long n_total,
    const int size, const unsigned int sweep, const unsigned int threshold,
    const unsigned int key_0, const unsigned int key_1, const unsigned int first_chain)
{
    const long long index = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= n_total) return;
    const int n_sites = size * size;
    const long long chain = index / n_sites;
    const int site = (int)(index - chain * n_sites);
    int right, below;
    sw_neighbours(site, size, &right, &below);
    unsigned int words[4] = {(unsigned int)site, sweep, first_chain + (unsigned int)chain, STREAM};
    philox4x32_10(words, key_0, key_1);
    const signed char* lattice = spins + chain * n_sites;
    unsigned char bits = (words[2] >> 31) ? FLIP_BIT : 0;
    if (lattice[site] == lattice[right] && words[0] < threshold) bits |= RIGHT_BIT;
    if (lattice[site] == lattice[below] && words[1] < threshold) bits |= DOWN_BIT;
    bonds[index] = bits;
    parent[index] = site;
}

extern "C" __global__ void sw_union(
    int* parent, const unsigned char* bonds, const long long n_total, const int size)
{
    const long long index = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= n_total) return;
    const int n_sites = size * size;
    const long long chain = index / n_sites;
    const int site = (int)(index - chain * n_sites);
    const unsigned char bits = bonds[index];
    if (!(bits & (RIGHT_BIT | DOWN_BIT))) return;
    int right, below;
    sw_neighbours(site, size, &right, &below);
    int* tree = parent + chain * n_sites;
    if (bits & RIGHT_BIT) sw_unite(tree, site, right);
    if (bits & DOWN_BIT) sw_unite(tree, site, below);
}

extern "C" __global__ void sw_flip(
    signed char* spins, int* parent, const unsigned char* bonds, const long long n_total,
    const int size)
{
    const long long index = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= n_total) return;
    const int n_sites = size * size;
    const long long chain = index / n_sites;
    const int site = (int)(index - chain * n_sites);
    const int root = sw_root(parent + chain * n_sites, site);
    if (bonds[chain * n_sites + root] & FLIP_BIT) spins[index] = (signed char)(-spins[index]);
}
""".replace("STREAM", f"{int(Stream.SWENDSEN_WANG)}u")
    .replace("RIGHT_BIT", str(BOND_RIGHT))
    .replace("DOWN_BIT", str(BOND_DOWN))
    .replace("FLIP_BIT", str(FLIP))
)

_THREADS_PER_BLOCK = 256


@lru_cache(maxsize=1)
def _kernels():
    import cupy

    module = cupy.RawModule(code=_KERNEL_SOURCE)
    return tuple(module.get_function(name) for name in ("sw_bonds", "sw_union", "sw_flip"))


def swendsen_wang_sweeps_gpu(lattices, first_sweep, n_sweeps, bond_threshold, key_0, key_1, first_chain) -> None:
    """Run ``n_sweeps`` sweeps in place on the CuPy int8 array ``lattices`` (n, L, L)."""
    import cupy

    n_chains, size, _ = lattices.shape
    n_total = n_chains * size * size
    parent = cupy.empty(n_total, dtype=cupy.int32)
    bonds = cupy.empty(n_total, dtype=cupy.uint8)
    grid = ((n_total + _THREADS_PER_BLOCK - 1) // _THREADS_PER_BLOCK,)
    block = (_THREADS_PER_BLOCK,)
    bonds_kernel, union_kernel, flip_kernel = _kernels()
    total, side = np.int64(n_total), np.int32(size)
    for sweep in range(first_sweep, first_sweep + n_sweeps):
        bonds_kernel(grid, block, (lattices, parent, bonds, total, side, np.uint32(sweep),
                                   np.uint32(bond_threshold), np.uint32(key_0), np.uint32(key_1),
                                   np.uint32(first_chain)))
        union_kernel(grid, block, (parent, bonds, total, side))
        flip_kernel(grid, block, (lattices, parent, bonds, total, side))
