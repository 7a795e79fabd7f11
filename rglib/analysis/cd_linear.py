"""CD-1 with +-1 units linearised about small weights: each data direction's predicted growth.

For weights small enough that tanh(x) ~ x and zero biases, the conditionals
(A10), (A11) give E[h^ | v^] = W^T v^, E[v~ | h^] = W h^ and E[h~ | v~] =
W^T v~. With C = <v v^T>_data the data's second-moment matrix (its diagonal is
exactly 1, since v_i**2 = 1) and <v~ v~^T> = I + O(W**2) (the diagonal is again
exactly 1, the off-diagonal is second order), the expected CD-1 update of a
batch is

    E[dW] = lr (<v h>_data - <v h>_model) = lr (C - I) W + O(W**3).

Its noise, at W -> 0 where every sampled unit is a fair coin, has covariance
lr**2 (C + I) / B per column of W and per update (B: the batch size). In the
eigenbasis C u_k = lambda_k u_k, the power of W along u_k summed over the
hidden units, m_k = |u_k^T W|**2, then obeys the exact recursion of this linear
model

    E[m_k(n + 1)] = a_k E[m_k(n)] + q_k,   a_k = (1 + lr (lambda_k - 1))**2,
    q_k = n_hidden lr**2 (lambda_k + 1) / B,

so the directions with lambda_k > 1 grow, asymptotically at the rate
lambda_k - 1 per unit of summed step (lr x updates), and the others settle
at the noise floor. :func:`linear_cd_power` solves the recursion;
:func:`projected_power` and :func:`growth_rates` measure the same thing on a
trained weight.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..runtime.validation import require_finite_array, require_integer, require_positive_finite

__all__ = ["growth_rates", "linear_cd_power", "projected_power", "second_moment"]


def second_moment(data: ArrayLike) -> np.ndarray:
    """C = <v v^T>_data, the second-moment matrix of +-1 training vectors (float64).

    Parameters
    ----------
    data : array_like, shape (n_samples, n_visible)
        +-1 states, one row each.

    Returns
    -------
    numpy.ndarray, shape (n_visible, n_visible)
        Symmetric, with ones on the diagonal.

    Raises
    ------
    ValueError
        If ``data`` is not a non-empty 2-D array of +1 and -1.

    Examples
    --------
    >>> second_moment([[1, 1], [1, -1]]).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    array = require_finite_array("data", data, ndim=2)
    if array.shape[0] < 1 or not np.all(np.abs(array) == 1):
        raise ValueError(f"data must be a non-empty (n_samples, n_visible) array of +1 and -1, "
                         f"got shape {array.shape}")
    return array.T @ array / len(array)


def linear_cd_power(eigenvalues: ArrayLike, initial_power: ArrayLike, lr: float, batch_size: int,
                    n_hidden: int, updates: ArrayLike) -> np.ndarray:
    """Expected power m_k = |u_k^T W|**2 along each eigenvector of C after ``updates`` CD-1 steps.

    The solution of the linear recursion of the module docstring,
    m_k(n) = a_k**n m_k(0) + q_k (a_k**n - 1) / (a_k - 1) (q_k n where a_k = 1).

    Parameters
    ----------
    eigenvalues : array_like, shape (n_directions,)
        Eigenvalues lambda_k of the data's second-moment matrix (>= 0).
    initial_power : array_like, shape (n_directions,)
        m_k(0) of the starting weight (:func:`projected_power`), >= 0.
    lr : float
        Learning rate (> 0).
    batch_size, n_hidden : int
        Samples per update and hidden units (>= 1).
    updates : array_like of int, shape (n_times,)
        Update counts n >= 0.

    Returns
    -------
    numpy.ndarray, shape (n_times, n_directions)

    Raises
    ------
    ValueError
        Naming the argument out of range.

    Examples
    --------
    >>> power = linear_cd_power([1.0], [0.0], lr=0.1, batch_size=10, n_hidden=2, updates=[0, 3])
    >>> [round(float(x), 12) for x in power[:, 0]]  # lambda = 1: only the noise, 3 q = 3 * 2 * 0.01 * 2 / 10
    [0.0, 0.012]
    """
    lam = require_finite_array("eigenvalues", eigenvalues, ndim=1)
    power = require_finite_array("initial_power", initial_power, ndim=1)
    if lam.shape != power.shape:
        raise ValueError(f"initial_power must have the shape of eigenvalues {lam.shape}, got {power.shape}")
    if np.any(lam < 0) or np.any(power < 0):
        raise ValueError("eigenvalues and initial_power must be >= 0 (a second moment, a power)")
    lr = require_positive_finite("lr", lr)
    batch_size = require_integer("batch_size", batch_size, minimum=1)
    n_hidden = require_integer("n_hidden", n_hidden, minimum=1)
    steps = np.asarray(updates)
    if steps.ndim != 1 or not np.issubdtype(steps.dtype, np.integer) or np.any(steps < 0):
        raise ValueError(f"updates must be a 1-D array of integers >= 0, got {updates!r}")
    a = (1 + lr * (lam - 1)) ** 2
    q = n_hidden * lr**2 * (lam + 1) / batch_size
    n = steps[:, None].astype(np.float64)
    grown = a[None, :] ** n
    flat = np.isclose(a, 1.0, rtol=0, atol=1e-12)
    safe = np.where(flat, 2.0, a)
    noise = np.where(flat[None, :], q[None, :] * n, q[None, :] * (grown - 1) / (safe[None, :] - 1))
    return grown * power[None, :] + noise


def projected_power(weight: ArrayLike, eigenvectors: ArrayLike) -> np.ndarray:
    """m_k = |u_k^T W|**2: the power of ``weight`` along each column u_k of ``eigenvectors``.

    Parameters
    ----------
    weight : array_like, shape (n_visible, n_hidden)
    eigenvectors : array_like, shape (n_visible, n_directions)
        Orthonormal columns (e.g. of :func:`numpy.linalg.eigh` of the second moment).

    Returns
    -------
    numpy.ndarray, shape (n_directions,)

    Raises
    ------
    ValueError
        If either is not a finite matrix, or their first dimensions differ.

    Examples
    --------
    >>> projected_power([[3.0, 0.0], [0.0, 4.0]], [[1.0], [0.0]]).tolist()
    [9.0]
    """
    w = require_finite_array("weight", weight, ndim=2)
    u = require_finite_array("eigenvectors", eigenvectors, ndim=2)
    if u.shape[0] != w.shape[0]:
        raise ValueError(f"eigenvectors must have {w.shape[0]} rows (the weight's visible units), "
                         f"got {u.shape[0]}")
    return ((u.T @ w) ** 2).sum(axis=1)


def growth_rates(power: ArrayLike, summed_steps: ArrayLike) -> np.ndarray:
    """Least-squares slope of log sqrt(m_k) against the summed step: each direction's growth rate.

    Parameters
    ----------
    power : array_like, shape (n_times, n_directions)
        Powers m_k at each time, all > 0.
    summed_steps : array_like, shape (n_times,)
        The summed steps (lr x updates) of the rows, at least two distinct.

    Returns
    -------
    numpy.ndarray, shape (n_directions,)
        Per unit of summed step: lambda_k - 1 for a direction growing as the drift alone says.

    Raises
    ------
    ValueError
        For shapes that do not fit, powers <= 0, or fewer than two distinct times.

    Examples
    --------
    >>> import numpy as np
    >>> s = np.array([0.0, 1.0, 2.0])
    >>> growth_rates(np.exp(2 * 0.5 * s)[:, None], s).round(12).tolist()
    [0.5]
    """
    m = require_finite_array("power", power, ndim=2)
    s = require_finite_array("summed_steps", summed_steps, ndim=1)
    if len(s) != len(m) or len(np.unique(s)) < 2:
        raise ValueError(f"summed_steps must give one time per row of power ({len(m)}), at least "
                         f"two distinct, got {len(s)}")
    if np.any(m <= 0):
        raise ValueError("power must be > 0 everywhere (its logarithm is fitted)")
    centred = s - s.mean()
    return centred @ (0.5 * np.log(m) - 0.5 * np.log(m).mean(axis=0)) / (centred @ centred)
