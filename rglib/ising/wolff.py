"""Wolff single-cluster updates on the CPU, one thread per chain.

A Wolff step picks a uniformly random site, grows the Fortuin-Kasteleyn
cluster around it (an aligned neighbour joins with probability
1 - exp(-2 / T)) and flips it. Here a *sweep* is a fixed number of Wolff
steps, chosen once per run (by :class:`rglib.ising.chains.WolffChains`) so
that a sweep flips about L^2 spins on average and so costs about as much as
a Metropolis sweep. The number must not depend on the current state: stopping
"once L^2 spins have flipped" would favour ending on a large cluster and bias
the equilibrium distribution.

Random words come from Philox with counter ``(draw // 4, sweep, chain, 1)``.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange, uint32, uint64

from .philox import Stream, philox4x32


@njit(inline="always", cache=True)
def _next_word(words, position, sweep, chain_id, key_0, key_1):  # pragma: no cover
    """The next random word of this sweep; ``position`` = [words drawn so far]."""
    lane = position[0] & 3
    if lane == 0:
        w0, w1, w2, w3 = philox4x32(
            position[0] >> 2, sweep, chain_id, uint32(Stream.WOLFF), key_0, key_1
        )
        words[0] = w0
        words[1] = w1
        words[2] = w2
        words[3] = w3
    position[0] += 1
    return words[lane]


@njit(parallel=True, cache=True)
def wolff_sweeps(
    lattices, first_sweep, n_sweeps, clusters_per_sweep, add_threshold, key_0, key_1, first_chain,
    tally,
):  # pragma: no cover - compiled
    """Run ``n_sweeps`` sweeps of ``clusters_per_sweep`` Wolff steps in place on ``lattices``.

    ``tally[chain]`` accumulates (clusters flipped, spins flipped).
    """
    n_chains, size, _ = lattices.shape
    n_sites = size * size
    # Largest multiple of n_sites below 2^32: rejection makes the seed site exactly uniform.
    accept_below = uint64(2**32) - uint64(2**32) % uint64(n_sites)
    for chain in prange(n_chains):
        spins = lattices[chain].ravel()
        stack = np.empty(n_sites, dtype=np.int64)
        words = np.empty(4, dtype=np.uint32)
        position = np.zeros(1, dtype=np.int64)
        chain_id = uint32(first_chain + chain)
        for sweep in range(first_sweep, first_sweep + n_sweeps):
            position[0] = 0
            for _ in range(clusters_per_sweep):
                word = _next_word(words, position, sweep, chain_id, key_0, key_1)
                while uint64(word) >= accept_below:
                    word = _next_word(words, position, sweep, chain_id, key_0, key_1)
                seed = int(uint64(word) % uint64(n_sites))
                aligned = spins[seed]
                # Flipping a site as it joins marks it: it no longer equals `aligned`.
                spins[seed] = -aligned
                stack[0] = seed
                top = 1
                size_of_cluster = 1
                while top > 0:
                    top -= 1
                    site = stack[top]
                    row = site // size
                    column = site - row * size
                    for neighbour in (
                        (row - 1 if row > 0 else size - 1) * size + column,
                        (row + 1 if row < size - 1 else 0) * size + column,
                        row * size + (column - 1 if column > 0 else size - 1),
                        row * size + (column + 1 if column < size - 1 else 0),
                    ):
                        if spins[neighbour] == aligned:
                            word = _next_word(words, position, sweep, chain_id, key_0, key_1)
                            if word < add_threshold:
                                spins[neighbour] = -aligned
                                stack[top] = neighbour
                                top += 1
                                size_of_cluster += 1
                tally[chain, 0] += 1
                tally[chain, 1] += size_of_cluster
