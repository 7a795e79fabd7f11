"""The RG side of the paper, measured: scaling near the free-field fixed point
(Appendix B 1) and summaries of block-spin spectra (Appendices E and G 3).

These are the small helpers the RG-theory chapter and :mod:`rglib.claims`
share:

- :func:`scaling_exponent`, :func:`classify`, :func:`term_name` count the
  exponent ``n + 4m - 4`` of Eq. (B9) from scaling dimensions;
- :func:`gaussian_term_integral` and :func:`measured_scaling_exponent` check
  Eq. (B8) on an explicit field, without counting;
- :func:`linear_r2` and :func:`top_decile_share` summarize a singular-value
  curve (Figs. 14 and 17);
- :func:`nonzero_count`, :func:`top_and_bottom`, :func:`unit_norm`,
  :func:`score_modes` and :func:`white_noise_mean_mode` read the singular
  vectors of a block-spin matrix (Figs. 15, 16, 20, 21).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.integrate
from numpy.typing import ArrayLike

from .fourier import radial_fft
from .modes import SingularModes
from .rg import rg_consistency
from ..runtime.validation import (
    require_finite_array, require_integer, require_positive_finite, require_real,
)

#: A singular value below this fraction of the largest counts as zero to rounding.
ZERO_SINGULAR_VALUE = 1e-10


def scaling_exponent(n: int, m: int, d: int = 4) -> float:
    """Exponent of ``(1 - eps)`` in ``lambda' / lambda`` for ``lambda phi^n (grad phi . grad phi)^m``.

    Counted from scaling dimensions in ``d`` dimensions: ``[phi] = (d - 2) / 2``,
    each derivative adds 1, the measure ``d^d x`` subtracts ``d``. In ``d = 4``
    this is Eq. (B9)'s ``n + 4m - 4``.

    Examples
    --------
    >>> scaling_exponent(4, 0), scaling_exponent(0, 1), scaling_exponent(1, 1)
    (0.0, 0.0, 1.0)
    """
    n = require_integer("n", n, minimum=0)
    m = require_integer("m", m, minimum=0)
    d = require_integer("d", d, minimum=1)
    field_dimension = (d - 2) / 2
    return n * field_dimension + 2 * m * (field_dimension + 1) - d


def classify(exponent: float) -> str:
    """``"relevant"`` (exponent < 0), ``"marginal"`` (= 0) or ``"irrelevant"`` (> 0)."""
    exponent = require_real("exponent", exponent)
    return "relevant" if exponent < 0 else "marginal" if exponent == 0 else "irrelevant"


def term_name(n: int, m: int) -> str:
    """A readable name of the term ``phi^n (grad phi . grad phi)^m``.

    Examples
    --------
    >>> term_name(2, 0), term_name(1, 2), term_name(0, 0)
    ('phi^2', 'phi (grad phi.grad phi)^2', '1 (constant)')
    """
    n = require_integer("n", n, minimum=0)
    m = require_integer("m", m, minimum=0)
    parts = ([f"phi^{n}" if n > 1 else "phi"] if n else []) + (
        [f"(grad phi.grad phi)^{m}" if m > 1 else "grad phi.grad phi"] if m else []
    )
    return " ".join(parts) or "1 (constant)"


def scaling_table(max_n: int = 6, max_m: int = 2, d: int = 4) -> dict[tuple[int, int], float]:
    """:func:`scaling_exponent` of every term with ``n <= max_n`` and ``m <= max_m``."""
    max_n = require_integer("max_n", max_n, minimum=0)
    max_m = require_integer("max_m", max_m, minimum=0)
    return {(n, m): scaling_exponent(n, m, d) for m in range(max_m + 1) for n in range(max_n + 1)}


def gaussian_term_integral(n: int, m: int, amplitude: float, width: float) -> float:
    """Integral over R^4 of ``phi^n (grad phi . grad phi)^m`` for ``phi = A exp(-r^2 / (2 w^2))``.

    A radial quadrature (the area of the unit 3-sphere is ``2 pi^2``).
    """
    n = require_integer("n", n, minimum=0)
    m = require_integer("m", m, minimum=0)
    amplitude = require_positive_finite("amplitude", amplitude)
    width = require_positive_finite("width", width)

    def integrand(r: float) -> float:
        phi = amplitude * math.exp(-r * r / (2 * width * width))
        gradient = r / width**2 * phi  # |d phi / d r|
        return 2 * math.pi**2 * r**3 * phi**n * gradient ** (2 * m)

    return scipy.integrate.quad(integrand, 0, math.inf, epsabs=0, epsrel=1e-12)[0]


def measured_scaling_exponent(n: int, m: int, epsilon: float = 0.1) -> float:
    """The exponent of Eq. (B8) read off an explicit field, without any counting.

    The Gaussian ``phi(x) = exp(-|x|^2 / 2)`` and its rescaled version
    ``phi'(x') = phi(x) / (1 - eps)`` at ``x' = (1 - eps) x`` give
    ``int phi^n (grad phi)^2m = (1 - eps)^e int phi'^n (grad' phi')^2m``;
    this returns ``e``. The constant term (``n = m = 0``) has an infinite
    integral and is refused.
    """
    n = require_integer("n", n, minimum=0)
    m = require_integer("m", m, minimum=0)
    if n == 0 and m == 0:
        raise ValueError("n and m must not both be 0: the constant term's integral is the (infinite) volume")
    if not 0 < require_real("epsilon", epsilon) < 1:
        raise ValueError(f"epsilon must be in (0, 1), got {epsilon!r}")
    before = gaussian_term_integral(n, m, amplitude=1.0, width=1.0)
    after = gaussian_term_integral(n, m, amplitude=1 / (1 - epsilon), width=1 - epsilon)
    return math.log(before / after) / math.log(1 - epsilon)


def linear_r2(values: ArrayLike) -> float:
    """R^2 of a straight-line fit of ``values`` against their index (1 for a perfect line)."""
    values = require_finite_array("values", values, ndim=1)
    if len(values) < 3 or np.all(values == values[0]):
        raise ValueError(
            f"values must hold at least 3 numbers, not all equal (R^2 is undefined otherwise), got {values}"
        )
    index = np.arange(len(values))
    residual = values - np.polyval(np.polyfit(index, values, 1), index)
    return float(1 - np.sum(residual**2) / np.sum((values - values.mean()) ** 2))


def top_decile_share(values: ArrayLike) -> float:
    """Share of ``sum s^2`` held by the largest 10 % of the (descending) ``values``.

    Examples
    --------
    >>> top_decile_share(np.ones(20))
    0.1
    """
    values = _singular_values(values)
    if len(values) < 10:
        raise ValueError(
            f"values must hold at least 10 singular values (a top 10 % of one or more), got {len(values)}"
        )
    return float(np.sum(values[: len(values) // 10] ** 2) / np.sum(values**2))


def nonzero_count(values: ArrayLike) -> int:
    """Number of descending singular values that are not zero to rounding."""
    values = _singular_values(values)
    return int(np.count_nonzero(values >= ZERO_SINGULAR_VALUE * values[0]))


def top_and_bottom(values: ArrayLike, count: int = 5) -> tuple[list[int], list[int]]:
    """Indices of the ``count`` largest and the ``count`` smallest *non-zero* singular values.

    The singular vectors of a zero singular value are arbitrary, so nothing
    can be read from them; they are left out of the bottom.
    """
    count = require_integer("count", count, minimum=1)
    k = nonzero_count(values)
    return list(range(min(count, k))), list(range(max(0, k - count), k))


def unit_norm(profile: ArrayLike) -> np.ndarray:
    """``profile`` divided by its Euclidean norm."""
    profile = require_finite_array("profile", profile)
    if not np.any(profile):
        raise ValueError("profile must not be all zero: it has no direction to normalize")
    return profile / np.linalg.norm(profile)


def score_modes(modes: SingularModes) -> dict[str, np.ndarray]:
    """:func:`~rglib.analysis.rg.rg_consistency` of every mode, one array per score."""
    if not isinstance(modes, SingularModes):
        raise TypeError(
            f"modes must be rglib.analysis.modes.SingularModes (from singular_modes), "
            f"got {type(modes).__name__}"
        )
    scores = [rg_consistency(v, h) for v, h in zip(modes.visible, modes.hidden)]
    names = ("distance", "radial_distance", "random_distance", "random_radial_distance")
    return {name: np.array([getattr(score, name) for score in scores]) for name in names}


def white_noise_mean_mode(L: int) -> float:
    """The power-weighted mean radial mode of white noise on an ``L x L`` lattice, ``sum_n n N_n / L^2``."""
    L = require_integer("L", L, minimum=1)
    counts = radial_fft(np.ones((L, L))).counts
    return float(np.sum(np.arange(len(counts)) * counts) / L**2)


def _singular_values(values: ArrayLike) -> np.ndarray:
    """``values`` checked to be singular values: 1-D, finite, >= 0, descending, not all zero."""
    values = require_finite_array("values", values, ndim=1)
    if len(values) == 0 or values[0] <= 0 or np.any(values < 0) or np.any(np.diff(values) > 0):
        raise ValueError(
            "values must be singular values: a non-empty 1-D array, non-negative, in descending "
            "order, not all zero (as numpy.linalg.svd returns them)"
        )
    return values
