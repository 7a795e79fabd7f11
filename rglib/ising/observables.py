"""Energy and magnetization per spin of Ising configurations (J = 1, periodic)."""

from __future__ import annotations

import numpy as np


def _as_batch(spins) -> tuple[np.ndarray, bool]:
    try:
        array = np.asarray(spins)
    except (TypeError, ValueError) as error:
        raise ValueError(f"spins must be an array of +1 and -1: {error}") from None
    if array.dtype.kind not in "iuf":
        raise ValueError(
            f"spins must be a real numeric array of +1 and -1, got dtype {array.dtype}"
        )
    if array.ndim not in (2, 3) or array.shape[-1] != array.shape[-2] or array.shape[-1] < 2:
        raise ValueError(
            "spins must be one L x L lattice or a batch of shape (n, L, L) with L >= 2, "
            f"got shape {array.shape}"
        )
    if not np.all(np.abs(array) == 1):
        raise ValueError("spins must contain only the values +1 and -1")
    single = array.ndim == 2
    return (array[None] if single else array).astype(np.int32), single


def energy_per_spin(spins) -> np.ndarray | float:
    """Energy per spin, -(1/N) sum over nearest-neighbour bonds of s_i s_j.

    Parameters
    ----------
    spins : array_like of +-1, shape (L, L) or (n, L, L)
        Configurations on the periodic L x L lattice.

    Returns
    -------
    float or numpy.ndarray of shape (n,)

    Examples
    --------
    >>> energy_per_spin(np.ones((4, 4), dtype=np.int8))
    -2.0
    """
    batch, single = _as_batch(spins)
    bonds = batch * (np.roll(batch, 1, axis=1) + np.roll(batch, 1, axis=2))
    energy = -bonds.sum(axis=(1, 2)) / (batch.shape[1] * batch.shape[2])
    return float(energy[0]) if single else energy


def magnetization(spins) -> np.ndarray | float:
    """Magnetization per spin (1/N) sum_i s_i, with its sign.

    Parameters
    ----------
    spins : array_like of +-1, shape (L, L) or (n, L, L)

    Returns
    -------
    float or numpy.ndarray of shape (n,)
    """
    batch, single = _as_batch(spins)
    m = batch.mean(axis=(1, 2))
    return float(m[0]) if single else m
