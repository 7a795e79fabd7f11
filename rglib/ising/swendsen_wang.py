"""Swendsen-Wang cluster updates on the CPU, one thread per chain.

A Swendsen-Wang sweep draws every bond of the lattice at once: two aligned
neighbours are bonded with probability 1 - exp(-2 / T). The bonds cut the
lattice into Fortuin-Kasteleyn clusters, and each cluster is flipped with
probability 1/2. Unlike Wolff's one cluster at a time, every site is
treated alike, which is what makes the update parallel: the GPU version
(:mod:`rglib.ising.swendsen_wang_gpu`) labels the clusters of all chains at
once with a lock-free union-find.

Random words come from Philox with counter ``(site, sweep, chain, 4)``
(:attr:`rglib.ising.philox.Stream.SWENDSEN_WANG`), one call per site: word 0 draws
the bond to the right neighbour, word 1 the bond to the neighbour below, and
the top bit of word 2 is the flip of the cluster whose smallest site index is
this site. Each cluster is thus flipped by the word of its smallest site, a
choice that does not depend on the order in which the clusters were found,
so the CPU and the GPU give identical chains.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange, uint32

from .philox import Stream, philox4x32

#: Bit of a site's bond byte: bonded to the right neighbour, to the one below,
#: and "flip the cluster this site is the smallest index of".
BOND_RIGHT, BOND_DOWN, FLIP = 1, 2, 4


@njit(inline="always", cache=True)
def _root(parent, site):  # pragma: no cover - compiled
    """The root of ``site``'s tree, halving the path on the way."""
    while parent[site] != site:
        parent[site] = parent[parent[site]]
        site = parent[site]
    return site


@njit(parallel=True, cache=True)
def swendsen_wang_sweeps(
    lattices, first_sweep, n_sweeps, bond_threshold, key_0, key_1, first_chain,
):  # pragma: no cover - compiled
    """Run ``n_sweeps`` Swendsen-Wang sweeps in place on ``lattices`` (n, L, L) int8.

    A bond is drawn where the Philox word is below ``bond_threshold``
    (:func:`rglib.ising.philox.probability_threshold` of 1 - exp(-2/T)).
    """
    n_chains, size, _ = lattices.shape
    n_sites = size * size
    for chain in prange(n_chains):
        spins = lattices[chain].ravel()
        parent = np.empty(n_sites, dtype=np.int32)
        bonds = np.empty(n_sites, dtype=np.uint8)
        chain_id = uint32(first_chain + chain)
        for sweep in range(first_sweep, first_sweep + n_sweeps):
            for site in range(n_sites):
                row = site // size
                column = site - row * size
                right = row * size + (column + 1 if column < size - 1 else 0)
                below = (row + 1 if row < size - 1 else 0) * size + column
                w0, w1, w2, _ = philox4x32(
                    site, sweep, chain_id, uint32(Stream.SWENDSEN_WANG), key_0, key_1
                )
                bits = FLIP if w2 >> 31 else 0
                if spins[site] == spins[right] and w0 < bond_threshold:
                    bits |= BOND_RIGHT
                if spins[site] == spins[below] and w1 < bond_threshold:
                    bits |= BOND_DOWN
                bonds[site] = bits
                parent[site] = site
            for site in range(n_sites):
                row = site // size
                column = site - row * size
                for bit, neighbour in (
                    (BOND_RIGHT, row * size + (column + 1 if column < size - 1 else 0)),
                    (BOND_DOWN, (row + 1 if row < size - 1 else 0) * size + column),
                ):
                    if bonds[site] & bit:
                        a = _root(parent, site)
                        b = _root(parent, neighbour)
                        # The smaller index becomes the root: every cluster ends rooted
                        # at its smallest site, whatever the order of the unions.
                        if a < b:
                            parent[b] = a
                        elif b < a:
                            parent[a] = b
            for site in range(n_sites):
                if bonds[_root(parent, site)] & FLIP:
                    spins[site] = -spins[site]
