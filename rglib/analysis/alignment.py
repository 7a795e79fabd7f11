"""How well the top singular directions of a weight align with the data's principal axes (Eq. 1).

:func:`alignment_eigenvalues` is the whole measurement for one weight. It is
:func:`principal_axes` of the data (one product of the data with itself and
one eigen-decomposition restricted to the top ``k`` pairs, the expensive part
at the paper's 40,000 x 6,400) followed by :func:`subspace_alignment` of the
weight; comparing several weights with the same data computes the axes once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from rglib.runtime.validation import require_finite_array, require_integer

__all__ = ["PrincipalAxes", "alignment_eigenvalues", "principal_axes", "subspace_alignment"]


#: Sums of integer products below this are exact in float32 (its 24-bit significand).
_FLOAT32_EXACT = 2**24


@dataclass(frozen=True, eq=False)
class PrincipalAxes:
    """The top-``k`` principal axes of data (made by :func:`principal_axes`).

    Attributes
    ----------
    axes : numpy.ndarray, shape (n_visible, k)
        Orthonormal columns: the eigenvectors of the data's covariance with the
        ``k`` largest eigenvalues, in descending order of them.
    variances : numpy.ndarray, shape (k,)
        Those eigenvalues of the covariance ``(X - m)^T (X - m) / (n - 1)``
        (the normalisation of :func:`numpy.cov`), descending.
    n_samples : int
        The number of data rows.
    """

    axes: np.ndarray
    variances: np.ndarray
    n_samples: int

    @property
    def k(self) -> int:
        """The number of axes."""
        return self.axes.shape[1]

    def top(self, k: int) -> PrincipalAxes:
        """The first ``k`` of these axes (``1 <= k <= self.k``)."""
        k = require_integer("k", k, minimum=1)
        if k > self.k:
            raise ValueError(f"k must be at most the {self.k} axes held, got {k}")
        return PrincipalAxes(self.axes[:, :k], self.variances[:k], self.n_samples)


def _checked_data(data: ArrayLike) -> np.ndarray:
    """``data`` as a 2-D real matrix: integers kept as they are (finite by nature), else finite float64."""
    if isinstance(data, np.ndarray) and np.issubdtype(data.dtype, np.integer):
        if data.ndim != 2:
            raise ValueError(f"data must be 2-dimensional, got shape {data.shape}")
        return data
    return require_finite_array("data", data, ndim=2)


def _second_moment(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(X^T X, column means)`` of :func:`_checked_data`, in float64.

    Integer data whose sums of products stay below ``2**24`` (e.g. +-1 spins,
    up to 16 million samples) are multiplied in float32, which is exact there
    and twice as fast; anything else in float64.
    """
    if np.issubdtype(samples.dtype, np.integer):
        largest = max(-int(samples.min(initial=0)), int(samples.max(initial=0)))
        if len(samples) * largest**2 < _FLOAT32_EXACT:
            single = samples.astype(np.float32)
            return (single.T @ single).astype(np.float64), samples.mean(axis=0, dtype=np.float64)
        samples = samples.astype(np.float64)
    return samples.T @ samples, samples.mean(axis=0)


def principal_axes(data: ArrayLike, k: int) -> PrincipalAxes:
    """The top-``k`` eigenvectors of the covariance of the column-centred ``data``.

    One product of the data with itself (exact in float32 for small integers
    such as +-1 spins) and one eigen-decomposition restricted to the top ``k``
    pairs (:func:`scipy.linalg.eigh`, ``subset_by_index``).

    Parameters
    ----------
    data : array_like
        Real, finite, shape ``(n_samples, n_visible)``.
    k : int
        ``1 <= k <= min(n_visible, n_samples - 1)`` (centred data have rank at
        most ``n_samples - 1``).

    Returns
    -------
    PrincipalAxes

    Raises
    ------
    ValueError
        If ``data`` is not a finite real matrix, ``k`` is out of range, or the
        data vary in fewer than ``k`` directions (constant data vary in none),
        beyond which the axes are arbitrary.

    Examples
    --------
    >>> import numpy as np
    >>> data = np.random.default_rng(0).standard_normal((500, 3)) * [5.0, 2.0, 0.1]
    >>> np.abs(principal_axes(data, 2).axes).round(1).T.tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    """
    samples = _checked_data(data)
    n_samples, n_visible = samples.shape
    k = require_integer("k", k, minimum=1)
    largest = min(n_visible, n_samples - 1)
    if k > largest:
        raise ValueError(f"k must be at most min(n_visible, n_samples - 1) = {largest}, got {k}")
    second_moment, mean = _second_moment(samples)
    scatter = second_moment - n_samples * np.outer(mean, mean)  # centred, no copy of the data
    top = [n_visible - k, n_visible - 1]
    variances, axes = scipy.linalg.eigh(scatter, subset_by_index=top, overwrite_a=True)
    # The centring above leaves rounding errors of at most about this size in the eigenvalues.
    rounding = 10 * n_visible * np.finfo(float).eps * np.trace(second_moment)
    varying = int(np.sum(variances > rounding))
    if varying < k:
        raise ValueError(
            f"data must vary in at least k = {k} directions for its top-k principal subspace to "
            f"be defined, but only {varying} principal variances exceed the rounding level "
            f"{rounding:.3g} (constant data have none): lower k or use data that vary"
        )
    return PrincipalAxes(axes=axes[:, ::-1], variances=variances[::-1] / (n_samples - 1),
                         n_samples=n_samples)


def subspace_alignment(weight: ArrayLike, principal: PrincipalAxes) -> np.ndarray:
    """Eigenvalues of ``O = P_data P_trained P_data`` (Eq. 1) for data's :func:`principal_axes`.

    ``P_trained`` projects onto the top-``k`` visible (left) singular vectors
    of ``weight``, ``k`` that of ``principal``.

    Parameters
    ----------
    weight : array_like
        Real, finite, shape ``(n_visible, n_hidden)`` with ``n_hidden >= k``.
    principal : PrincipalAxes
        Of data with ``n_visible`` columns.

    Returns
    -------
    numpy.ndarray
        The ``k`` eigenvalues, descending, each in ``[0, 1]``.

    Raises
    ------
    TypeError
        If ``principal`` is not a PrincipalAxes.
    ValueError
        If ``weight`` is not a finite real matrix, its visible size differs
        from the data's, it has fewer than ``k`` columns, or its rank is
        below ``k``, beyond which its singular vectors are arbitrary.
    """
    matrix = require_finite_array("weight", weight, ndim=2)
    if not isinstance(principal, PrincipalAxes):
        raise TypeError(f"principal must be a PrincipalAxes (from principal_axes()), "
                        f"got {type(principal).__name__}")
    n_visible, n_hidden = matrix.shape
    k = principal.k
    if principal.axes.shape[0] != n_visible:
        raise ValueError(f"weight must have the data's n_visible = {principal.axes.shape[0]} rows, "
                         f"got shape {matrix.shape}")
    if k > n_hidden:
        raise ValueError(f"weight must have at least k = {k} columns (hidden units), got {n_hidden}")
    left, singular_values, _ = scipy.linalg.svd(matrix, full_matrices=False)
    tolerance = max(matrix.shape) * np.finfo(float).eps * singular_values[0]
    rank = int(np.sum(singular_values > tolerance))
    if rank < k:
        raise ValueError(
            f"weight must have rank >= k = {k} for its top-k singular vectors to be defined, "
            f"got rank {rank}: lower k"
        )
    cosines = scipy.linalg.svdvals(principal.axes.T @ left[:, :k])
    return np.minimum(cosines**2, 1.0)


def alignment_eigenvalues(weight: ArrayLike, data: ArrayLike, k: int) -> np.ndarray:
    """Eigenvalues of ``O = P_data P_trained P_data`` (Eq. 1).

    ``P_data`` projects onto the top-``k`` eigenvectors of the data
    covariance (columns ``U_d``, from the column-centred data), ``P_trained``
    onto the top-``k`` visible (left) singular vectors of the weight (columns
    ``U_t``).  ``O = U_d M M^T U_d^T`` with ``M = U_d^T U_t``, so its non-zero
    eigenvalues are those of ``M M^T``: the squared singular values of the
    ``k x k`` matrix ``M`` (the squared cosines of the principal angles
    between the two subspaces).  All other eigenvalues of ``O`` are 0.

    Parameters
    ----------
    weight : array_like
        Real, finite, shape ``(n_visible, n_hidden)``.
    data : array_like
        Real, finite, shape ``(n_samples, n_visible)``; the column means are
        subtracted here.
    k : int
        Dimension of both subspaces: ``1 <= k <= min(n_hidden, n_samples - 1)``
        (the weight has only ``n_hidden`` singular vectors with possibly
        non-zero singular value, and centred data have rank at most
        ``n_samples - 1``; beyond that the subspaces are arbitrary).

    Returns
    -------
    numpy.ndarray
        The ``k`` eigenvalues, descending, each in ``[0, 1]``.

    Raises
    ------
    ValueError
        If the arrays are not finite real matrices, their visible sizes
        differ, ``k`` is out of range, or either subspace is undefined: the
        data vary in fewer than ``k`` directions (constant data vary in none)
        or the weight has rank below ``k``, beyond which the eigenvectors and
        singular vectors are arbitrary.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.analysis.alignment import alignment_eigenvalues
    >>> rng = np.random.default_rng(0)
    >>> data = rng.standard_normal((500, 3)) * [5.0, 2.0, 0.1]  # principal axes e0, e1
    >>> weight = np.array([[0.0, 1.0], [3.0, 0.0], [0.0, 0.0]])  # left vectors e1, e0
    >>> alignment_eigenvalues(weight, data, k=2).round(3).tolist()
    [1.0, 1.0]
    >>> alignment_eigenvalues(weight, data, k=1).round(3).tolist()  # e0 vs e1
    [0.0]
    """
    matrix = require_finite_array("weight", weight, ndim=2)
    samples = _checked_data(data)
    n_visible, n_hidden = matrix.shape
    if samples.shape[1] != n_visible:
        raise ValueError(
            f"data must have n_visible = {n_visible} columns (weight's rows), "
            f"got shape {samples.shape}"
        )
    k = require_integer("k", k, minimum=1)
    largest = min(n_hidden, samples.shape[0] - 1)
    if k > largest:
        raise ValueError(
            f"k must be at most min(n_hidden, n_samples - 1) = {largest}, got {k}"
        )
    return subspace_alignment(matrix, principal_axes(samples, k))
