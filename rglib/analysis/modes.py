"""Singular modes of a weight matrix: its SVD as pairs of lattice fields.

The paper (Section II A, Appendices F and G) reads a trained weight matrix
through its singular value decomposition ``W = sum_k s_k u_k v_k^T``: the
visible singular vector ``u_k`` and the hidden one ``v_k`` are fields on the
visible (``Lv x Lv``) and hidden (``Lh x Lh``) lattices.
:func:`singular_modes` splits a weight into such modes, and
:func:`signed_modes` applies the sign convention that fixes each pair.
Fields are flattened row-major, site ``(i, j)`` at index ``i*L + j``, as in
:mod:`rglib.analysis.blockspin`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from rglib.runtime.validation import require_finite_array

from ._checks import lattice_shape, weight_matrix

__all__ = ["SingularModes", "signed_modes", "singular_modes"]

#: A visible vector whose entries sum to less than this (times ``sqrt(n)``,
#: the largest possible sum of a unit vector) counts as summing to zero in
#: the sign convention of :func:`singular_modes`; also the relative tolerance
#: within which two entries count as equally large there.
ZERO_SUM_TOLERANCE = 1e-9


@dataclass(frozen=True, eq=False)
class SingularModes:
    """The singular value decomposition of a weight, as lattice fields.

    Attributes
    ----------
    values : numpy.ndarray
        Singular values, descending, length ``k = min(n_visible, n_hidden)``.
    visible : numpy.ndarray
        Shape ``(k, *visible_shape)``: ``visible[m]`` is the unit visible
        (left) singular vector of ``values[m]``.
    hidden : numpy.ndarray
        Shape ``(k, *hidden_shape)``: the matching unit hidden (right)
        singular vector, so that ``weight @ hidden[m].ravel() ==
        values[m] * visible[m].ravel()``.
    """

    values: np.ndarray
    visible: np.ndarray
    hidden: np.ndarray


def _sign_convention(visible: np.ndarray) -> np.ndarray:
    """+1 or -1 per row of ``visible`` (unit vectors) that makes the row's sum positive.

    A row whose sum is zero within ``ZERO_SUM_TOLERANCE * sqrt(n)`` gets the
    sign that makes its first largest-magnitude entry positive instead
    (entries within ``ZERO_SUM_TOLERANCE`` of the largest magnitude, relative,
    count as tied, so that rounding does not pick among equal entries).
    """
    n = visible.shape[1]
    sums = visible.sum(axis=1)
    magnitude = np.abs(visible)
    tied = magnitude >= magnitude.max(axis=1, keepdims=True) * (1 - ZERO_SUM_TOLERANCE)
    fallback = np.sign(visible[np.arange(len(visible)), np.argmax(tied, axis=1)])
    return np.where(np.abs(sums) > ZERO_SUM_TOLERANCE * math.sqrt(n), np.sign(sums), fallback)


def singular_modes(
    weight: ArrayLike, visible_shape: tuple[int, ...], hidden_shape: tuple[int, ...]
) -> SingularModes:
    """Singular values and singular vectors of a weight, shaped as lattice fields.

    ``weight = sum_m values[m] * outer(visible[m].ravel(), hidden[m].ravel())``.
    Each pair ``(visible[m], hidden[m])`` is defined up to a common sign; the
    sign is chosen so that ``visible[m].sum() > 0``, or, if that sum is zero
    (below ``ZERO_SUM_TOLERANCE * sqrt(n_visible)``), so that the first of
    its largest-magnitude entries is positive.  Within a degenerate singular
    value the basis is whatever LAPACK returns; the pairing of visible and
    hidden vectors is still exact.

    Parameters
    ----------
    weight : array_like
        Real, finite, shape ``(prod(visible_shape), prod(hidden_shape))``:
        visible units by hidden units, each flattened row-major.
    visible_shape, hidden_shape : tuple of int
        Lattice shapes, e.g. ``(80, 80)`` and ``(40, 40)``.

    Returns
    -------
    SingularModes
        ``k = min(n_visible, n_hidden)`` modes.

    Raises
    ------
    ValueError
        If a shape is not positive integers, or ``weight`` is not a finite
        real matrix of the matching shape.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.analysis.modes import singular_modes
    >>> weight = -np.diag([3.0, 1.0, 2.0, 0.5])
    >>> modes = singular_modes(weight, (2, 2), (4,))
    >>> modes.values.tolist()
    [3.0, 2.0, 1.0, 0.5]
    >>> modes.visible[0].tolist()  # sign chosen so that the visible sum is positive
    [[1.0, 0.0], [0.0, 0.0]]
    >>> float(modes.hidden[0][0])  # so the hidden vector carries the minus sign
    -1.0
    """
    matrix, visible_shape, hidden_shape = weight_matrix(weight, visible_shape, hidden_shape)
    left, values, right_t = scipy.linalg.svd(matrix, full_matrices=False)
    return signed_modes(values, left.T, right_t, visible_shape, hidden_shape)


def signed_modes(
    values: np.ndarray,
    visible: np.ndarray,
    hidden: np.ndarray,
    visible_shape: tuple[int, ...],
    hidden_shape: tuple[int, ...],
) -> SingularModes:
    """Singular modes from paired singular vectors, with the sign convention applied.

    Parameters
    ----------
    values : numpy.ndarray, shape (k,)
        Singular values, descending.
    visible, hidden : numpy.ndarray, shapes (k, n_visible) and (k, n_hidden)
        Row m is the pair of unit singular vectors of ``values[m]``.
    visible_shape, hidden_shape : tuple of int
        Lattice shapes the rows are laid out on.

    Returns
    -------
    SingularModes
        Each pair's sign flipped together so that the visible vector sums to a
        positive number (see :func:`singular_modes`).

    Raises
    ------
    ValueError
        If an array is not finite and real, or the shapes do not match, naming it.
    """
    visible_shape = lattice_shape("visible_shape", visible_shape)
    hidden_shape = lattice_shape("hidden_shape", hidden_shape)
    values = require_finite_array("values", values, ndim=1)
    k = len(values)
    vectors = {}
    for name, rows, shape in (("visible", visible, visible_shape), ("hidden", hidden, hidden_shape)):
        vectors[name] = require_finite_array(name, rows, ndim=2)
        if vectors[name].shape != (k, math.prod(shape)):
            raise ValueError(
                f"{name} must have shape (len(values), prod({name}_shape)) = {(k, math.prod(shape))}, "
                f"got {vectors[name].shape}"
            )
    visible, hidden = vectors["visible"], vectors["hidden"]
    signs = _sign_convention(visible)[:, None]
    return SingularModes(
        values=values,
        visible=(visible * signs).reshape(k, *visible_shape),
        hidden=(hidden * signs).reshape(k, *hidden_shape),
    )
