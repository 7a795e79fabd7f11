"""The mean-field reconstruction of an RBM, and its error: one definition for every study.

The reconstruction of unit means ``m`` (+-1 spins, or ``2 p - 1`` of grey
levels ``p``) is ``E[v | h = E[h | m]]``, visible -> hidden -> visible through
the units' means (:meth:`rglib.models.rbm.RBM.hidden_mean`,
:meth:`rglib.models.rbm.RBM.visible_mean`). Its error,
``mean((m - E[v | h = E[h | m]])**2)``, is computed in the RBM's own dtype on
its device, as :func:`rglib.models.rbm.fit` records
``held_out_reconstruction_error``.
"""

from __future__ import annotations

import numpy as np
import torch
from numpy.typing import ArrayLike

from ..runtime.validation import require_finite_array
from .rbm import RBM, require_rbm

__all__ = ["mean_field_reconstruction", "reconstruction_error"]


def mean_field_reconstruction(rbm: RBM, means: ArrayLike) -> np.ndarray:
    """``E[v | h = E[h | v]]`` of the unit means ``means``, as float64 NumPy.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
    means : array_like, shape (n_visible,) or (n, n_visible)
        Unit means in [-1, 1] (+-1 spins, or ``2 p - 1`` of grey levels ``p``).

    Returns
    -------
    numpy.ndarray
        Same shape as ``means``.

    Raises
    ------
    ValueError
        If ``rbm`` is not an RBM, or ``means`` not finite unit means of its visible size.

    Examples
    --------
    >>> mean_field_reconstruction(RBM(3, 2, seed=0), [[1.0, -1.0, 0.5]]).shape
    (1, 3)
    """
    means = _require_means(require_rbm(rbm), means)
    with torch.no_grad():
        return rbm.visible_mean(rbm.hidden_mean(means)).double().cpu().numpy()


def reconstruction_error(rbm: RBM, means: ArrayLike) -> float:
    """``mean((m - E[v | h = E[h | m]])**2)`` over the unit means ``means``, in the RBM's dtype.

    The measure of Tables I-III and of the training chapter: what
    :func:`rglib.models.rbm.fit` records as ``held_out_reconstruction_error``.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
    means : array_like, shape (n, n_visible)
        Unit means in [-1, 1] (+-1 spins, or ``2 p - 1`` of grey levels ``p``), one row each.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``rbm`` is not an RBM, or ``means`` not a finite (n, n_visible) array in [-1, 1].

    Examples
    --------
    >>> rbm = RBM(2, 1, weight=[[0.0], [0.0]], dtype=torch.float64)
    >>> reconstruction_error(rbm, [[1.0, -1.0]])
    1.0
    """
    means = _require_means(require_rbm(rbm), means, ndim=2)
    with torch.no_grad():
        held = torch.as_tensor(means, dtype=rbm.dtype, device=rbm.device)
        return float(((held - rbm.visible_mean(rbm.hidden_mean(held))) ** 2).mean())


def _require_means(rbm: RBM, means: ArrayLike, ndim: int | None = None) -> np.ndarray:
    """``means`` as a finite array of unit means in [-1, 1] of ``rbm``'s visible size, or ValueError."""
    array = require_finite_array("means", means, ndim=ndim)
    if array.ndim not in (1, 2) or array.shape[-1] != rbm.n_visible or np.abs(array).max(initial=0) > 1:
        raise ValueError(f"means must be unit means in [-1, 1] of shape (n, {rbm.n_visible}), got shape "
                         f"{array.shape}; map grey levels p with 2 * p - 1")
    return array
