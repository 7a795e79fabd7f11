"""How well a bias vector points along a singular vector (Fig. 9, Section II B idea 4).

The paper takes an RBM's visible (hidden) bias to be the largest singular
value times the top visible (hidden) singular vector of its weight. Up to
scale and sign, that is a statement about a direction, measured here by
``1 - |cos angle|`` between the bias and the singular vector: 0 when they are
parallel, and close to 1 for a random direction in many dimensions. The
baseline replaces the singular vector by Gaussian random vectors, as
:func:`rglib.analysis.rg.rg_consistency` does for its own score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..runtime.validation import require_finite_array, require_integer

__all__ = ["BiasAlignment", "bias_alignment"]


@dataclass(frozen=True)
class BiasAlignment:
    """The angle between a bias and a singular vector, with a random baseline.

    Attributes
    ----------
    cosine : float
        ``|cos angle|`` between the bias and the vector, in [0, 1].
    distance : float
        ``1 - cosine``: 0 when they are parallel (either sign).
    random_distance : float
        Mean ``1 - |cos angle|`` between the bias and ``n_random`` Gaussian
        random vectors: the score of an unrelated direction, about
        ``1 - sqrt(2 / (pi n))`` in ``n`` dimensions.
    """

    cosine: float
    distance: float
    random_distance: float

    @property
    def ratio(self) -> float:
        """``distance / random_distance``: 0 when parallel, about 1 for an unrelated direction."""
        return self.distance / self.random_distance


def _abs_cosines(reference: np.ndarray, others: np.ndarray) -> np.ndarray:
    """``|cos angle|`` between ``reference`` and each row of ``others`` (both non-zero)."""
    cosine = others @ reference / (np.linalg.norm(others, axis=1) * np.linalg.norm(reference))
    return np.minimum(np.abs(cosine), 1.0)


def bias_alignment(bias: ArrayLike, vector: ArrayLike, *, n_random: int = 32, seed: int = 0) -> BiasAlignment:
    """Score "the bias points along the singular vector" (Fig. 9).

    Parameters
    ----------
    bias : array_like
        A bias vector (any shape; it is flattened), not all zero.
    vector : array_like
        A vector with as many entries, not all zero (a singular vector; its
        sign and length do not matter).
    n_random : int, default 32
        Number of Gaussian random vectors in the baseline.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng` for the baseline.

    Returns
    -------
    BiasAlignment

    Raises
    ------
    ValueError
        If either vector is not finite, is all zero, or their sizes differ;
        or ``n_random`` or ``seed`` is not a valid integer.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.analysis.biases import bias_alignment
    >>> vector = np.ones(100) / 10
    >>> score = bias_alignment(-3 * vector, vector)
    >>> round(score.cosine, 12), round(score.distance, 12)
    (1.0, 0.0)
    >>> bool(score.random_distance > 0.8)
    True
    """
    flat_bias = require_finite_array("bias", bias).ravel()
    flat_vector = require_finite_array("vector", vector).ravel()
    if flat_bias.size != flat_vector.size:
        raise ValueError(f"bias and vector must have as many entries, got {flat_bias.size} and {flat_vector.size}")
    for name, values in (("bias", flat_bias), ("vector", flat_vector)):
        if not np.any(values):
            raise ValueError(f"{name} must not be all zero: its direction is undefined")
    n_random = require_integer("n_random", n_random, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    cosine = float(_abs_cosines(flat_bias, flat_vector[None])[0])
    random_vectors = np.random.default_rng(seed).standard_normal((n_random, flat_bias.size))
    return BiasAlignment(
        cosine=cosine,
        distance=1.0 - cosine,
        random_distance=float(np.mean(1.0 - _abs_cosines(flat_bias, random_vectors))),
    )
