"""Checkerboard Metropolis on the CPU: one compiled kernel over many chains.

Each chain is updated by one thread (``numba.prange``); within a chain the
two colours alternate, and within a colour one row at a time: first the
row's Philox random words, then the neighbour sums and the accept/flip
decision, each in a loop that the compiler vectorizes. The random word of
site (i, k) of colour c in sweep t of chain n is lane ``k mod 4`` of
Philox(counter = (i * B + k // 4, 2 t + c, n, 0), key), with B = ceil(L / 8)
blocks per row, exactly as in the GPU kernel, so both give the same result.
"""

from __future__ import annotations

import numpy as np
from numba import int8, njit, prange, uint32

from .philox import Stream, philox4x32


@njit(parallel=True, cache=True)
def metropolis_sweeps(
    sub, first_sweep, n_sweeps, threshold_2, threshold_4, key_0, key_1, first_chain
):  # pragma: no cover - compiled
    """Run ``n_sweeps`` checkerboard sweeps in place on ``sub`` (n, 2, L, L/2).

    A spin whose flip costs energy 2 * (spin * neighbour sum) = 4 or 8 flips when
    its random word is below ``threshold_2`` or ``threshold_4``; all others flip.
    """
    n_chains, _, size, half = sub.shape
    blocks = (half + 3) // 4
    stream = uint32(Stream.METROPOLIS)
    for chain in prange(n_chains):
        words = np.empty(4 * blocks, dtype=np.uint32)
        field = np.empty(half, dtype=np.int8)
        chain_id = uint32(first_chain + chain)
        for sweep in range(first_sweep, first_sweep + n_sweeps):
            for colour in range(2):
                spins = sub[chain, colour]
                other = sub[chain, 1 - colour]
                step = uint32(2 * sweep + colour)
                for row in range(size):
                    for block in range(blocks):
                        w0, w1, w2, w3 = philox4x32(
                            row * blocks + block, step, chain_id, stream, key_0, key_1
                        )
                        words[4 * block] = w0
                        words[4 * block + 1] = w1
                        words[4 * block + 2] = w2
                        words[4 * block + 3] = w3
                    above = other[row - 1 if row > 0 else size - 1]
                    below = other[row + 1 if row < size - 1 else 0]
                    beside = other[row]
                    for k in range(half):
                        field[k] = above[k] + below[k] + beside[k]
                    if (row + colour) % 2 == 0:
                        field[0] += beside[half - 1]
                        for k in range(1, half):
                            field[k] += beside[k - 1]
                    else:
                        for k in range(half - 1):
                            field[k] += beside[k + 1]
                        field[half - 1] += beside[0]
                    current = spins[row]
                    for k in range(half):
                        cost = current[k] * field[k]
                        word = words[k]
                        flip = (
                            (cost <= 0)
                            | ((cost == 2) & (word < threshold_2))
                            | ((cost == 4) & (word < threshold_4))
                        )
                        current[k] = current[k] * (1 - 2 * int8(flip))


@njit(parallel=True, cache=True)
def energy_and_magnetization_cpu(sub):  # pragma: no cover - compiled
    """Total energy and magnetization of each chain of ``sub`` (n, 2, L, L/2).

    The same quantities as :func:`rglib.ising.checkerboard.energy_and_magnetization`,
    without temporaries: every bond has exactly one colour-0 end.
    """
    n_chains, _, size, half = sub.shape
    energy = np.empty(n_chains, dtype=np.int64)
    magnetization = np.empty(n_chains, dtype=np.int64)
    for chain in prange(n_chains):
        black = sub[chain, 0]
        white = sub[chain, 1]
        bonds = 0
        total = 0
        for row in range(size):
            above = white[row - 1 if row > 0 else size - 1]
            below = white[row + 1 if row < size - 1 else 0]
            beside = white[row]
            shift = -1 if row % 2 == 0 else 1
            for k in range(half):
                side = (k + shift) % half
                field = np.int64(above[k]) + below[k] + beside[k] + beside[side]
                bonds += black[row, k] * field
                total += np.int64(black[row, k]) + white[row, k]
        energy[chain] = -bonds
        magnetization[chain] = total
    return energy, magnetization
