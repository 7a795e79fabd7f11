"""Lattice fields with known Fourier content, shared by the tests of :mod:`rglib.analysis`."""

from __future__ import annotations

import math

import numpy as np


def plane_wave(L: int, n: int, m: int, phase: float = 0.0) -> np.ndarray:
    i, j = np.indices((L, L))
    return np.cos(2 * np.pi * (n * i + m * j) / L + phase)


def annulus_counts_by_loops(L: int) -> dict[int, int]:
    """Modes per annulus, counted one by one over kx, ky in -L//2 .. (L-1)//2."""
    counts: dict[int, int] = {}
    for kx in range(-(L // 2), (L - 1) // 2 + 1):
        for ky in range(-(L // 2), (L - 1) // 2 + 1):
            annulus = round(math.sqrt(kx * kx + ky * ky))
            counts[annulus] = counts.get(annulus, 0) + 1
    return counts


def smooth_field(L: int, largest_mode: int) -> np.ndarray:
    """A sum of cosines with all mode numbers |k| <= largest_mode, and a constant."""
    return (
        0.3
        + plane_wave(L, 1, 0, 0.2)
        + 0.7 * plane_wave(L, 1, -2, 1.0)
        + 0.4 * plane_wave(L, 0, largest_mode, 2.0)
        + 0.2 * plane_wave(L, largest_mode, largest_mode - 1, 0.5)
    )
