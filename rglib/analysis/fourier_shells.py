"""Degenerate Fourier shells of a periodic square lattice, and where a top-k cut falls.

The covariance of a translation-invariant system on a periodic ``L x L``
lattice is diagonal in Fourier space, and the square's symmetries (sign
flips and the exchange of ``qx`` and ``qy``) make modes related by them
degenerate: shells of up to 8 modes. Above ``T_c`` the Ising structure factor
falls as ``cos qx + cos qy`` falls (to leading order in ``1/T``), which orders
the shells. A top-``k`` principal subspace is well defined only if ``k``
falls between two shells; if it cuts through one, which modes of that shell
are "top" is decided by sampling noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..runtime.validation import require_fits_in_memory, require_integer


@dataclass(frozen=True)
class ShellCut:
    """Where the ``k``-th mode falls among the shells.

    Attributes
    ----------
    k : int
    shell_size : int
        Number of modes in the shell that holds mode ``k`` (counted from 1).
    before : int
        Modes in all higher shells.
    kept_in_shell : int
        ``k - before``: modes of that shell inside the top ``k``.
    cuts : bool
        Whether the top ``k`` take part of the shell only.
    """

    k: int
    shell_size: int
    before: int
    kept_in_shell: int
    cuts: bool


def symmetry_shells(L: int) -> list[tuple[float, int]]:
    """Shells of the ``L x L`` lattice as ``(cos qx + cos qy, number of modes)``, highest first.

    Modes with the same ``cos qx + cos qy`` (to 1e-9) form one shell: this
    joins the symmetry orbits and any accidental degeneracy of the leading
    high-temperature structure factor. An ``L`` whose ``L**2`` modes would not
    fit in this machine's memory is a ValueError naming ``L``.

    Examples
    --------
    >>> symmetry_shells(4)[:3]
    [(2.0, 1), (1.0, 4), (0.0, 6)]
    """
    L = require_integer("L", L, minimum=1)
    require_fits_in_memory("L", L, 40 * L * L, "the L x L modes and their sorted levels")
    q = 2 * np.pi * np.arange(L) / L
    level = np.round(np.cos(q)[:, None] + np.cos(q)[None, :], 9).ravel() + 0.0  # no -0.0
    values, sizes = np.unique(level, return_counts=True)
    return [(float(v), int(n)) for v, n in zip(values[::-1], sizes[::-1])]


def shell_cut(L: int, k: int) -> ShellCut:
    """The shell that holds the ``k``-th mode of the ``L x L`` lattice, and whether the top ``k`` cut it.

    Examples
    --------
    >>> shell_cut(4, 5).cuts, shell_cut(4, 3).cuts
    (False, True)
    """
    L = require_integer("L", L, minimum=1)
    k = require_integer("k", k, minimum=1)
    if k > L * L:
        raise ValueError(f"k must be at most L * L = {L * L}, got {k}")
    before = 0
    for _, size in symmetry_shells(L):
        if before + size >= k:
            return ShellCut(k, size, before, k - before, k - before < size)
        before += size
    raise AssertionError("unreachable: the shells hold all L * L modes")
