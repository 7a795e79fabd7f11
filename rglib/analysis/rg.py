"""The paper's central test: is a hidden vector its visible vector with high modes discarded?

:func:`rg_consistency` scores a pair of singular vectors (Appendix G) against
the momentum-space RG step of :func:`rglib.analysis.fourier.discard_high_modes`,
and against random hidden fields as a baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from rglib.runtime.validation import require_fits_in_memory, require_integer

from ._checks import square_field
from .fourier import discard_high_modes, radial_profiles

__all__ = ["RGConsistency", "rg_consistency"]

#: :func:`rg_consistency` treats a visible field with less than this fraction
#: of its norm in the kept Fourier modes as having none (rounding level).
KEPT_FRACTION_FLOOR = 1e-12


@dataclass(frozen=True)
class RGConsistency:
    """How well a hidden vector equals its visible vector with high modes discarded.

    Attributes
    ----------
    distance : float
        ``1 - |cos angle|`` between ``discard_high_modes(visible, Lh)`` and
        the hidden field: 0 when they are equal up to scale and sign.
    radial_distance : float
        ``|| p_v - p_h ||`` where ``p_v`` is the radial amplitude profile of
        ``discard_high_modes(visible, Lh)`` and ``p_h`` the hidden field's,
        each scaled to unit norm (0 when the profiles are proportional, at
        most ``sqrt(2)``).
    random_distance : float
        Mean ``distance`` of the visible field against Gaussian random hidden
        fields: the score of a hidden vector unrelated to the visible one.
    random_radial_distance : float
        Mean ``radial_distance`` against the same random fields.
    """

    distance: float
    radial_distance: float
    random_distance: float
    random_radial_distance: float


def _one_minus_abs_cosine(reference: np.ndarray, others: np.ndarray) -> np.ndarray:
    """``1 - |cos angle|`` between ``reference`` and each field of ``others`` (1 if one is zero)."""
    a = reference.ravel()
    b = others.reshape(-1, a.size)
    norms = np.linalg.norm(b, axis=1) * np.linalg.norm(a)
    cosine = np.divide(b @ a, norms, out=np.zeros(len(b)), where=norms > 0)
    return 1.0 - np.minimum(np.abs(cosine), 1.0)


def _unit_rows(profiles: np.ndarray) -> np.ndarray:
    """Each row divided by its Euclidean norm (a zero row stays zero)."""
    norms = np.linalg.norm(profiles, axis=-1, keepdims=True)
    return np.divide(profiles, norms, out=np.zeros_like(profiles), where=norms > 0)


def rg_consistency(
    visible_vector: ArrayLike, hidden_vector: ArrayLike, *, n_random: int = 32, seed: int = 0
) -> RGConsistency:
    """Score the claim "the hidden vector is the visible one with high modes discarded".

    Two scores, both 0 for perfect agreement:

    ``distance``
        ``1 - |cos angle|`` between ``discard_high_modes(visible, Lh)`` and
        the hidden field, both flattened: a test of the full field, phases
        included, insensitive to overall scale and sign.
    ``radial_distance``
        The radial amplitude profiles
        (:func:`~rglib.analysis.fourier.radial_fft`) of
        ``discard_high_modes(visible, Lh)`` and of the hidden field, each
        scaled to unit norm; the score is the norm of their difference.
        Radial mode ``n`` of the visible field is compared with radial mode
        ``n`` of the hidden one (the same wavelength in units of the lattice
        size).  For ``n < Lh/2`` the first profile is the visible field's own
        radial profile (times ``(Lv/Lh)**2``, removed by the scaling); at
        larger ``n``, where the hidden lattice's annuli are cut by the edges
        of its Brillouin zone, only the visible modes that exist on the
        hidden lattice enter, so that the same modes are averaged on both
        sides.  This is the comparison the paper's radial-FFT figures make by
        eye; it ignores phases and directions.

    A visible field with no component on the kept modes (less than
    ``KEPT_FRACTION_FLOOR`` of its norm, e.g. a checkerboard) has no RG image:
    both scores are then 1.

    The baseline replaces the hidden field by ``n_random`` fields of
    independent standard Gaussian entries (generator ``seed``) and reports
    the mean of each score: what a hidden vector unrelated to the visible one
    scores.  For ``Lh**2 = N`` sites, ``random_distance`` is about
    ``1 - sqrt(2 / (pi N))``.

    Parameters
    ----------
    visible_vector : array_like
        Real ``Lv x Lv`` field or vector of length ``Lv*Lv``.
    hidden_vector : array_like
        Real ``Lh x Lh`` field or vector of length ``Lh*Lh``, ``Lh <= Lv``.
    n_random : int, default 32
        Number of random hidden fields in the baseline.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng` for the baseline.

    Returns
    -------
    RGConsistency

    Raises
    ------
    ValueError
        If a vector's length is not a perfect square (or an array is not
        square), it is not finite or all zero, ``Lh > Lv``, or ``n_random``
        or ``seed`` is not a valid integer, or the ``n_random`` fields would
        not fit in this machine's memory.

    Examples
    --------
    A smooth field on the visible lattice and its values at every second
    site:

    >>> import numpy as np
    >>> from rglib.analysis.rg import rg_consistency
    >>> i, j = np.indices((16, 16))
    >>> smooth = np.cos(2 * np.pi * (i + 2 * j) / 16) + 0.5 * np.sin(2 * np.pi * j / 16)
    >>> score = rg_consistency(smooth, smooth[::2, ::2])
    >>> round(score.distance, 12), round(score.radial_distance, 12)
    (0.0, 0.0)
    >>> bool(score.random_distance > 0.8)
    True
    """
    visible = square_field("visible_vector", visible_vector)
    hidden = square_field("hidden_vector", hidden_vector)
    n_random = require_integer("n_random", n_random, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    visible_side, hidden_side = visible.shape[0], hidden.shape[0]
    if hidden_side > visible_side:
        raise ValueError(
            f"hidden_vector's lattice side ({hidden_side}) must not exceed "
            f"visible_vector's ({visible_side})"
        )
    require_fits_in_memory("n_random", n_random, 48 * n_random * hidden_side**2,
                           "the random hidden fields and their Fourier transforms")
    coarse = discard_high_modes(visible, hidden_side)
    # Fraction of the visible field's norm in the kept modes (Parseval); below
    # rounding level nothing survives the RG step, and the scores are 1.
    kept_fraction = np.linalg.norm(coarse) * hidden_side / (np.linalg.norm(visible) * visible_side)
    if kept_fraction < KEPT_FRACTION_FLOOR:
        coarse = np.zeros_like(coarse)
    random_fields = np.random.default_rng(seed).standard_normal((n_random, *hidden.shape))
    candidates = np.concatenate([hidden[None], random_fields])
    distances = _one_minus_abs_cosine(coarse, candidates)
    candidate_profiles, _, _ = radial_profiles(candidates)
    coarse_profile, _, _ = radial_profiles(coarse)
    radial = np.linalg.norm(_unit_rows(candidate_profiles) - _unit_rows(coarse_profile), axis=-1)
    return RGConsistency(
        distance=float(distances[0]),
        radial_distance=float(radial[0]),
        random_distance=float(distances[1:].mean()),
        random_radial_distance=float(radial[1:].mean()),
    )
