"""How well the top singular directions of a weight align with the data's principal axes (Eq. 1)."""

from __future__ import annotations

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from rglib.validation import require_finite_array, require_integer

__all__ = ["alignment_eigenvalues"]


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
    samples = require_finite_array("data", data, ndim=2)
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
    mean = samples.mean(axis=0)
    second_moment = samples.T @ samples
    covariance = second_moment - len(samples) * np.outer(mean, mean)  # centred, no copy
    top = [n_visible - k, n_visible - 1]
    variances, data_axes = scipy.linalg.eigh(covariance, subset_by_index=top)
    # The centring above leaves rounding errors of at most about this size in the eigenvalues.
    rounding = 10 * n_visible * np.finfo(float).eps * np.trace(second_moment)
    varying = int(np.sum(variances > rounding))
    if varying < k:
        raise ValueError(
            f"data must vary in at least k = {k} directions for its top-k principal subspace to "
            f"be defined, but only {varying} principal variances exceed the rounding level "
            f"{rounding:.3g} (constant data have none): lower k or use data that vary"
        )
    left, singular_values, _ = scipy.linalg.svd(matrix, full_matrices=False)
    tolerance = max(matrix.shape) * np.finfo(float).eps * singular_values[0]
    rank = int(np.sum(singular_values > tolerance))
    if rank < k:
        raise ValueError(
            f"weight must have rank >= k = {k} for its top-k singular vectors to be defined, "
            f"got rank {rank}: lower k"
        )
    trained_axes = left[:, :k]
    cosines = scipy.linalg.svdvals(data_axes.T @ trained_axes)
    return np.minimum(cosines**2, 1.0)
