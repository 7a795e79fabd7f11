"""The checkerboard (sublattice) layout used by the Metropolis samplers.

Site (i, j) of the periodic L x L lattice (L even) has colour (i + j) mod 2.
Sites of one colour only have neighbours of the other colour, so a whole
colour can be updated at once. The samplers store a batch of lattices as an
array of shape ``(n, 2, L, L // 2)``::

    sub[:, 0, i, k] = spins[:, i, 2k + (i mod 2)]        # colour 0 ("black")
    sub[:, 1, i, k] = spins[:, i, 2k + 1 - (i mod 2)]    # colour 1 ("white")

The four neighbours of site (i, k) of colour c are, on the other colour,
(i - 1, k), (i + 1, k), (i, k) and (i, k - 1) when i + c is even or
(i, k + 1) when i + c is odd, all indices periodic.
"""

from __future__ import annotations

import numpy as np


def to_sublattices(spins, xp=np):
    """Split lattices of shape (n, L, L) into the layout (n, 2, L, L // 2)."""
    n, size, _ = spins.shape
    sub = xp.empty((n, 2, size, size // 2), dtype=spins.dtype)
    sub[:, 0, 0::2] = spins[:, 0::2, 0::2]
    sub[:, 0, 1::2] = spins[:, 1::2, 1::2]
    sub[:, 1, 0::2] = spins[:, 0::2, 1::2]
    sub[:, 1, 1::2] = spins[:, 1::2, 0::2]
    return sub


def from_sublattices(sub, xp=np):
    """Join the layout (n, 2, L, L // 2) back into lattices of shape (n, L, L)."""
    n, _, size, _ = sub.shape
    spins = xp.empty((n, size, size), dtype=sub.dtype)
    spins[:, 0::2, 0::2] = sub[:, 0, 0::2]
    spins[:, 1::2, 1::2] = sub[:, 0, 1::2]
    spins[:, 0::2, 1::2] = sub[:, 1, 0::2]
    spins[:, 1::2, 0::2] = sub[:, 1, 1::2]
    return spins


def energy_and_magnetization(sub, xp=np):
    """Total energy and magnetization of each lattice in sublattice layout.

    Every bond joins one colour-0 site to one colour-1 site, so the energy
    is minus the sum over colour-0 sites of the spin times its neighbour sum.

    Returns
    -------
    energy, magnetization : arrays of shape (n,), integer
    """
    black = sub[:, 0].astype(xp.int32)
    white = sub[:, 1].astype(xp.int32)
    even_rows = (xp.arange(sub.shape[2]) % 2 == 0)[None, :, None]
    side = xp.where(even_rows, xp.roll(white, 1, axis=2), xp.roll(white, -1, axis=2))
    field = xp.roll(white, 1, axis=1) + xp.roll(white, -1, axis=1) + white + side
    energy = -(black * field).sum(axis=(1, 2))
    magnetization = black.sum(axis=(1, 2)) + white.sum(axis=(1, 2))
    return energy, magnetization
