"""Exact thermodynamics of the two-dimensional ferromagnetic Ising model.

The model is :math:`H = -\\sum_{\\langle ij \\rangle} s_i s_j` (coupling
:math:`J = 1`, Boltzmann's constant :math:`k_B = 1`) with nearest-neighbour
bonds on the square lattice; :math:`\\beta = 1/T` and :math:`K = \\beta J`.
Every function takes a temperature ``T`` that is a positive number or a 1-D
array of them and returns a float or an array of the same shape.

Two geometries are covered:

* ``L=None``: the infinite lattice (Onsager [1]_, Yang [2]_);
* ``L`` an integer >= 2: the periodic ``L x L`` lattice (a torus of
  ``N = L**2`` spins and ``2N`` bonds), whose partition function Kaufman [3]_
  found in closed form.

Kaufman's result, in the notation of Ferdinand and Fisher [4]_, is

.. math::

    Z = \\tfrac12 (2 \\sinh 2K)^{N/2} (Z_1 + Z_2 + Z_3 + Z_4), \\qquad
    \\begin{aligned}
    Z_1 &= \\prod_{r=0}^{L-1} 2\\cosh(\\tfrac{L}{2}\\gamma_{2r+1}), &
    Z_2 &= \\prod_{r=0}^{L-1} 2\\sinh(\\tfrac{L}{2}\\gamma_{2r+1}), \\\\
    Z_3 &= \\prod_{r=0}^{L-1} 2\\cosh(\\tfrac{L}{2}\\gamma_{2r}), &
    Z_4 &= \\prod_{r=0}^{L-1} 2\\sinh(\\tfrac{L}{2}\\gamma_{2r}),
    \\end{aligned}

with :math:`\\cosh\\gamma_l = \\cosh 2K \\coth 2K - \\cos(\\pi l / L)` and
:math:`\\gamma_0 = 2K + \\ln\\tanh K`, which is negative above :math:`T_c`, so
that :math:`Z_4 < 0` there and :math:`Z_4 = 0` at :math:`T_c`.  The four terms
are combined as signed logarithms, and the first and second derivatives in
:math:`K` (energy and specific heat) are taken analytically, so the results
are exact to rounding for any ``L``, odd or even, including at :math:`T_c`.

Accuracy: close to machine precision for :math:`0.3 \\lesssim T \\lesssim 100`
(checked against exact enumeration).  At higher temperatures the relative
accuracy of the energy and specific heat degrades roughly like
:math:`10^{-16}\\, T^2`, as both the infinite-lattice and the finite-lattice
formulas subtract nearly equal terms there, so temperatures above
:math:`10^4` are refused.  At lower temperatures the exponentially small
specific heat is accurate only in absolute terms, and below :math:`T = 0.02`
the ground-state values, exact in double precision there, are returned.

References
----------
.. [1] L. Onsager, "Crystal statistics. I. A two-dimensional model with an
   order-disorder transition", Phys. Rev. 65, 117 (1944).
.. [2] C. N. Yang, "The spontaneous magnetization of a two-dimensional Ising
   model", Phys. Rev. 85, 808 (1952).
.. [3] B. Kaufman, "Crystal statistics. II. Partition function evaluated by
   spinor analysis", Phys. Rev. 76, 1232 (1949).
.. [4] A. E. Ferdinand and M. E. Fisher, "Bounded and inhomogeneous Ising
   models. I. Specific-heat anomaly of a finite lattice", Phys. Rev. 185, 832
   (1969).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.integrate import quad_vec
from scipy.special import ellipkm1, elliprd

from rglib.runtime.validation import require_fits_in_memory, require_integer

__all__ = [
    "MAX_TEMPERATURE",
    "correlation_length",
    "critical_temperature",
    "energy_per_spin",
    "free_energy_per_spin",
    "magnetization",
    "specific_heat",
]

_LN2 = math.log(2.0)


def critical_temperature() -> float:
    """Return Onsager's critical temperature of the square-lattice Ising model.

    Returns
    -------
    float
        :math:`T_c = 2 / \\ln(1 + \\sqrt 2) \\approx 2.269185`, the temperature
        at which :math:`\\sinh(2/T_c) = 1`.

    References
    ----------
    .. [1] L. Onsager, Phys. Rev. 65, 117 (1944).

    Examples
    --------
    >>> round(critical_temperature(), 6)
    2.269185
    """
    return 2.0 / math.log1p(math.sqrt(2.0))


# --------------------------------------------------------------------------
# Arguments and results
# --------------------------------------------------------------------------


def _as_temperatures(T: ArrayLike) -> NDArray[np.float64]:
    """Return ``T`` as a float array of ndim 0 or 1, or raise ValueError."""
    arr = np.asarray(T)
    if arr.dtype == np.bool_ or arr.dtype.kind not in "iuf":
        raise ValueError(f"T must be a real temperature or a 1-D array of them, got {T!r}")
    if arr.ndim > 1:
        raise ValueError(f"T must be a scalar or a 1-D array, got an array of shape {arr.shape}")
    arr = arr.astype(np.float64)
    bad = arr[~(np.isfinite(arr) & (arr > 0))]
    if bad.size:
        raise ValueError(f"T must be a finite positive temperature, got {float(bad[0])!r}")
    return arr


def _as_size(L: int | None) -> int | None:
    """Return ``L`` (None or an integer >= 2), or raise ValueError naming L."""
    if L is None:
        return None
    return require_integer("L", L, minimum=2)


def _to_output(
    values: NDArray[np.float64], like: NDArray[np.float64]
) -> float | NDArray[np.float64]:
    """Return a float when the input temperature was a scalar, else the array."""
    return float(values) if like.ndim == 0 else values


# --------------------------------------------------------------------------
# Overflow-free elementary functions of x > 0
# --------------------------------------------------------------------------


def _log_sinh(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """ln sinh(x) for x > 0, without overflow for large x."""
    return x + np.log(-np.expm1(-2.0 * x)) - _LN2


def _log_cosh(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """ln cosh(x), without overflow for large |x|."""
    ax = np.abs(x)
    return ax + np.log1p(np.exp(-2.0 * ax)) - _LN2


def _log_tanh(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """ln tanh(x) for x > 0, accurate also where tanh(x) rounds to 1."""
    return np.log(-np.expm1(-2.0 * x)) - np.log1p(np.exp(-2.0 * x))


# --------------------------------------------------------------------------
# Infinite lattice (Onsager, Yang)
# --------------------------------------------------------------------------


def _onsager_moduli(K: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """Return ``(tanh 2K, k^2, k'')`` for Onsager's elliptic integrals.

    The modulus is :math:`k = 2\\sinh 2K / \\cosh^2 2K`; its complement obeys
    :math:`1 - k^2 = k''^2` with :math:`k'' = 2\\tanh^2 2K - 1`, which changes
    sign at :math:`T_c` and is computed directly so that it is accurate there.
    """
    t = np.tanh(2.0 * K)
    m = (2.0 * t * np.exp(-_log_cosh(2.0 * K))) ** 2
    return t, m, 2.0 * t * t - 1.0


def _kpp_times_ellipk(kpp: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return :math:`k'' K(k)`, whose limit at :math:`k'' = 0` (T = Tc) is 0."""
    out = np.zeros_like(kpp)
    nonzero = kpp != 0.0
    out[nonzero] = kpp[nonzero] * ellipkm1(kpp[nonzero] ** 2)
    return out


def _onsager_energy(K: NDArray[np.float64]) -> NDArray[np.float64]:
    """Onsager's internal energy per spin (see :func:`energy_per_spin`)."""
    t, _, kpp = _onsager_moduli(K)
    return -(1.0 / t) * (1.0 + (2.0 / np.pi) * _kpp_times_ellipk(kpp))


def _onsager_specific_heat(K: NDArray[np.float64]) -> NDArray[np.float64]:
    """Onsager's specific heat per spin (see :func:`specific_heat`)."""
    t, m, kpp = _onsager_moduli(K)
    out = np.full_like(K, np.inf)  # logarithmic divergence at T = Tc
    ok = kpp != 0.0
    t, m, kpp, K = t[ok], m[ok], kpp[ok], K[ok]
    p = kpp**2
    k_minus_e = m * elliprd(0.0, p, 1.0) / 3.0  # K(k) - E(k), DLMF 19.25.1
    bracket = k_minus_e - (1.0 - t * t) * (0.5 * np.pi + kpp * ellipkm1(p))
    out[ok] = (4.0 / np.pi) * (K / t) ** 2 * bracket
    return out


def _onsager_log_z(K: NDArray[np.float64]) -> NDArray[np.float64]:
    """ln Z / N of the infinite lattice (Huang 1987), by adaptive quadrature.

    .. math::
        \\frac{\\ln Z}{N} = \\ln(2\\cosh 2K) + \\frac1\\pi \\int_0^{\\pi/2}
        \\ln\\frac{1 + \\sqrt{1 - k^2 \\sin^2\\theta}}{2}\\, d\\theta
    """
    _, m, kpp = _onsager_moduli(K)
    p = kpp**2

    def integrand(theta: float) -> NDArray[np.float64]:
        # 1 - m sin^2 = p + m cos^2, accurate where m is close to 1.
        return np.log1p(np.sqrt(p + m * np.cos(theta) ** 2)) - _LN2

    integral, _ = quad_vec(integrand, 0.0, 0.5 * np.pi, epsabs=1e-15, epsrel=1e-13, norm="max")
    return _log_cosh(2.0 * K) + _LN2 + integral / np.pi


# --------------------------------------------------------------------------
# Periodic L x L lattice (Kaufman)
# --------------------------------------------------------------------------


class _Term(NamedTuple):
    """One of Kaufman's terms in scaled form, :math:`Z_i = e^{\\lambda}\\, v`.

    :math:`Z_i = R\\, F` is a product :math:`R > 0` over the modes l != 0 and
    the l = 0 factor :math:`F` (:math:`F = 1` for Z_1 and Z_2), which may
    vanish.  ``log_scale`` is :math:`\\lambda = \\ln R + s` and ``value``,
    ``d1``, ``d2`` are :math:`F, F', F''` times :math:`e^{-s}`, with the
    scale :math:`s` chosen so that they are of order one; ``r1`` is
    :math:`R'/R` and ``q`` is :math:`R''/R - (R'/R)^2`.  Derivatives are with
    respect to K.
    """

    log_scale: NDArray[np.float64]
    value: NDArray[np.float64]
    d1: NDArray[np.float64]
    d2: NDArray[np.float64]
    r1: NDArray[np.float64]
    q: NDArray[np.float64]


def _gamma(
    r: NDArray[np.float64], log_r: NDArray[np.float64], a: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return :math:`\\gamma_l` and its first two K-derivatives, for l != 0.

    Written in :math:`r = 1/\\sinh 2K` and :math:`a = \\cos(\\pi l / L) < 1`:
    :math:`\\cosh\\gamma = (1 + r^2 - a r)/r`, so :math:`r\\sinh\\gamma =
    \\sqrt{P_1 P_2}` with :math:`P_{1,2} = 1 + r^2 - a r \\mp r`, both positive;
    :math:`dr/dK = -2r\\sqrt{1+r^2}`.  No expression overflows as
    :math:`r \\to 0` (low T) and none loses accuracy near :math:`T_c` (r = 1).
    """
    coth = np.sqrt(1.0 + r * r)  # coth 2K
    p1 = (1.0 - r) ** 2 + (1.0 - a) * r
    p2 = p1 + 2.0 * r
    w = np.sqrt(p1 * p2)  # r sinh(gamma)
    gamma = np.log(p1 + r + w) - log_r  # arccosh: ln(cosh + sinh)
    d1 = 2.0 * coth * (1.0 - r * r) / w
    dlog_w = (2.0 * r - 1.0 - a) / p1 + (2.0 * r + 1.0 - a) / p2  # d ln(w^2) / dr
    d2 = 4.0 * r * r * (1.0 + 3.0 * r * r) / w + r * coth * d1 * dlog_w
    return gamma, d1, d2


def _mode_product(
    r: NDArray[np.float64],
    log_r: NDArray[np.float64],
    L: int,
    modes: NDArray[np.int_],
    hyperbolic: str,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """ln, first log-derivative and curvature of prod_l 2 f(L gamma_l / 2).

    ``f`` is ``cosh`` or ``sinh``; every ``l`` in ``modes`` is nonzero, so
    :math:`\\gamma_l > 0` and every factor is positive.  For
    :math:`\\phi = \\ln 2f(y)`, :math:`y = L\\gamma/2`:
    :math:`\\phi' = \\tfrac L2 \\gamma' t` with :math:`t = \\tanh y` or
    :math:`\\coth y`, and :math:`\\phi'' = (\\tfrac L2 \\gamma')^2 (1 - t^2)
    + \\tfrac L2 \\gamma'' t` in both cases.
    """
    gamma, g1, g2 = _gamma(r[:, None], log_r[:, None], np.cos(np.pi * modes / L))
    half = 0.5 * L
    y = half * gamma
    e = np.exp(-2.0 * y)
    one_minus_e = -np.expm1(-2.0 * y)
    if hyperbolic == "cosh":
        log_f = y + np.log1p(e)
        t = one_minus_e / (1.0 + e)
        one_minus_t2 = 4.0 * e / (1.0 + e) ** 2
    else:
        log_f = y + np.log(one_minus_e)
        t = (1.0 + e) / one_minus_e
        one_minus_t2 = -4.0 * e / one_minus_e**2
    phi1 = half * g1 * t
    phi2 = (half * g1) ** 2 * one_minus_t2 + half * g2 * t
    return log_f.sum(axis=1), phi1.sum(axis=1), phi2.sum(axis=1)


def _kaufman_terms(
    K: NDArray[np.float64], r: NDArray[np.float64], log_r: NDArray[np.float64], L: int
) -> list[_Term]:
    """Kaufman's four terms Z_1..Z_4, as :class:`_Term`, with r = 1/sinh 2K.

    The l = 0 factor :math:`2f(y_0)` of Z_3 and Z_4 is kept apart, scaled by
    :math:`e^{-|y_0|}`, because :math:`2\\sinh y_0` vanishes at T_c.
    """
    odd = np.arange(1, 2 * L, 2)
    even = np.arange(2, 2 * L, 2)
    zero = np.zeros_like(K)
    one = np.ones_like(K)

    half = 0.5 * L
    g0 = 2.0 * K + _log_tanh(K)
    g0_1 = 2.0 + 2.0 * r
    g0_2 = -4.0 * r * np.sqrt(1.0 + r * r)
    y0 = half * g0
    cosh_part = 1.0 + np.exp(-2.0 * np.abs(y0))  # 2 cosh(y0) e^{-|y0|}
    sinh_part = -np.sign(y0) * np.expm1(-2.0 * np.abs(y0))  # 2 sinh(y0) e^{-|y0|}

    terms = []
    for modes, hyperbolic in ((odd, "cosh"), (odd, "sinh")):
        log_prod, r1, q = _mode_product(r, log_r, L, modes, hyperbolic)
        terms.append(_Term(log_prod, one, zero, zero, r1, q))
    for hyperbolic, value, other in (
        ("cosh", cosh_part, sinh_part),
        ("sinh", sinh_part, cosh_part),
    ):
        log_prod, r1, q = _mode_product(r, log_r, L, even, hyperbolic)
        d1 = half * g0_1 * other
        d2 = (half * g0_1) ** 2 * value + half * g0_2 * other
        terms.append(_Term(log_prod + np.abs(y0), value, d1, d2, r1, q))
    return terms


def _kaufman_log_z(K: NDArray[np.float64], L: int) -> tuple[NDArray[np.float64], ...]:
    """Return ln Z / N and its first and second K-derivatives, divided by N.

    With :math:`S = \\sum_i Z_i`, the sums below are :math:`S e^{-top}`,
    :math:`\\mu = S'/S` and :math:`(\\ln S)'' = S''/S - \\mu^2`; the last is
    written with :math:`\\delta_i = r_{1,i} - \\mu` so that no terms of order
    :math:`N^2` cancel, and nothing is divided by a :math:`Z_i`, which may be 0.
    """
    n_spins = L * L
    log_r = -_log_sinh(2.0 * K)  # r = 1 / sinh 2K, which underflows harmlessly at low T
    r = np.exp(log_r)
    terms = _kaufman_terms(K, r, log_r, L)
    log_scale = np.stack([term.log_scale for term in terms])
    top = log_scale.max(axis=0)
    weight = np.exp(log_scale - top)
    value, d1, d2, r1, q = (
        np.stack([getattr(term, key) for term in terms])
        for key in ("value", "d1", "d2", "r1", "q")
    )
    value, d1, d2 = weight * value, weight * d1, weight * d2

    total = value.sum(axis=0)  # >= Z_1 + Z_2 > 0, since Z_3 >= |Z_4|
    mean = (d1 + value * r1).sum(axis=0) / total
    delta = r1 - mean
    curvature = (d2 + 2.0 * d1 * delta + value * (delta**2 + q)).sum(axis=0) / total

    # The prefactor (1/2) (2 sinh 2K)^{N/2} and its derivatives N coth 2K, -2N / sinh^2 2K.
    log_z = -_LN2 + 0.5 * n_spins * (_LN2 - log_r) + top + np.log(total)
    d_log_z = n_spins * np.sqrt(1.0 + r * r) + mean
    d2_log_z = -2.0 * n_spins * r * r + curvature
    return log_z / n_spins, d_log_z / n_spins, d2_log_z / n_spins


# --------------------------------------------------------------------------
# Free energy, energy and specific heat of either geometry
# --------------------------------------------------------------------------

#: Float64 arrays of shape (number of temperatures, L) alive at once in
#: :func:`_mode_product` (an upper estimate), for the memory check of ``L``.
_KAUFMAN_ARRAYS = 16
#: Above this coupling (T < 0.02) every excited state has a relative weight of
#: at most N exp(-8K) < 1e-170 N: the ground-state values are exact in doubles.
_K_FROZEN = 50.0
#: Above this temperature the closed forms subtract nearly equal terms and
#: lose relative accuracy like 1e-16 T**2 (the samplers share the bound).
MAX_TEMPERATURE = 1e4


def _onsager(quantity: str, K: NDArray[np.float64]) -> NDArray[np.float64]:
    """Free energy ``"f"``, energy ``"u"`` or specific heat ``"c"`` per spin, L = inf."""
    if quantity == "f":
        return -_onsager_log_z(K) / K
    return _onsager_energy(K) if quantity == "u" else _onsager_specific_heat(K)


def _kaufman(quantity: str, K: NDArray[np.float64], L: int) -> NDArray[np.float64]:
    """Free energy ``"f"``, energy ``"u"`` or specific heat ``"c"`` per spin, L x L."""
    log_z, d_log_z, d2_log_z = _kaufman_log_z(K, L)
    return {"f": -log_z / K, "u": -d_log_z, "c": K * K * d2_log_z}[quantity]


def _ground_state(quantity: str, K: NDArray[np.float64], n_spins: float) -> NDArray[np.float64]:
    """The T -> 0 limit: two ground states of energy -2N, so ln Z = ln 2 + 2NK."""
    if quantity == "f":
        return -2.0 - _LN2 / (n_spins * K)
    return np.full_like(K, -2.0 if quantity == "u" else 0.0)


def _per_spin(quantity: str, T: ArrayLike, L: int | None) -> float | NDArray[np.float64]:
    """Validate ``T`` and ``L`` and return ``quantity`` ("f", "u" or "c") per spin."""
    temps = _as_temperatures(T)
    too_hot = temps[temps > MAX_TEMPERATURE]
    if too_hot.size:
        raise ValueError(
            f"T must be at most {MAX_TEMPERATURE:g} for the free energy, energy and specific heat "
            f"(beyond it the closed forms lose accuracy), got {float(too_hot[0])!r}"
        )
    size = _as_size(L)
    K = 1.0 / np.atleast_1d(temps)
    if size is not None:
        require_fits_in_memory("L", size, 8 * _KAUFMAN_ARRAYS * K.size * size,
                               f"Kaufman's products over the L modes at {K.size} temperature(s)")
    out = np.empty_like(K)
    frozen = K > _K_FROZEN
    out[frozen] = _ground_state(quantity, K[frozen], math.inf if size is None else size * size)
    warm = ~frozen
    if size is None and np.any(warm):
        out[warm] = _onsager(quantity, K[warm])
    elif np.any(warm):
        out[warm] = _kaufman(quantity, K[warm], size)
    return _to_output(out.reshape(temps.shape), temps)


# --------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------


def free_energy_per_spin(T: ArrayLike, L: int | None = None) -> float | NDArray[np.float64]:
    """Return the exact free energy per spin, :math:`f = -T \\ln Z / N`.

    Parameters
    ----------
    T : float or array_like of float
        Temperature(s), > 0 and <= 1e4; a scalar or a 1-D array.
    L : int or None, optional
        Linear size of the periodic ``L x L`` lattice (an integer >= 2, odd or
        even), or None (default) for the infinite lattice.

    Returns
    -------
    float or numpy.ndarray
        :math:`f(T)`, a float for scalar ``T``, else an array shaped like ``T``.

    Raises
    ------
    ValueError
        If ``T`` is not in (0, 1e4] or ``L`` is not None or an integer >= 2
        whose ``L`` modes (times the temperatures) fit in this machine's memory.

    Notes
    -----
    The infinite-lattice value is Onsager's
    :math:`-\\beta f = \\ln(2\\cosh 2K) + \\frac{1}{2\\pi}\\int_0^\\pi
    \\ln\\frac{1 + \\sqrt{1 - k^2\\sin^2\\theta}}{2} d\\theta` with
    :math:`k = 2\\sinh 2K / \\cosh^2 2K` [1]_ [3]_, integrated adaptively to
    about 1e-13; the finite-lattice value is Kaufman's closed form [2]_.

    References
    ----------
    .. [1] L. Onsager, Phys. Rev. 65, 117 (1944).
    .. [2] B. Kaufman, Phys. Rev. 76, 1232 (1949).
    .. [3] K. Huang, *Statistical Mechanics*, 2nd ed., Wiley (1987).

    Examples
    --------
    At :math:`T_c`, :math:`-\\beta f = \\tfrac12\\ln 2 + 2G/\\pi` with Catalan's
    constant :math:`G`:

    >>> Tc = critical_temperature()
    >>> round(-free_energy_per_spin(Tc) / Tc, 10)
    0.9296953983
    >>> round(free_energy_per_spin(0.5, L=4), 6)  # nearly -2 - T ln(2) / N
    -2.021661
    """
    return _per_spin("f", T, L)


def energy_per_spin(T: ArrayLike, L: int | None = None) -> float | NDArray[np.float64]:
    """Return the exact internal energy per spin, :math:`u = \\langle H \\rangle / N`.

    Parameters
    ----------
    T : float or array_like of float
        Temperature(s), > 0 and <= 1e4; a scalar or a 1-D array.
    L : int or None, optional
        Linear size of the periodic ``L x L`` lattice (an integer >= 2, odd or
        even), or None (default) for the infinite lattice.

    Returns
    -------
    float or numpy.ndarray
        :math:`u(T) \\in [-2, 0]`, a float for scalar ``T``, else an array
        shaped like ``T``.

    Raises
    ------
    ValueError
        If ``T`` is not in (0, 1e4] or ``L`` is not None or an integer >= 2
        whose ``L`` modes (times the temperatures) fit in this machine's memory.

    Notes
    -----
    For the infinite lattice, Onsager's result [1]_

    .. math:: u = -\\coth 2K \\left[1 + \\frac{2}{\\pi}(2\\tanh^2 2K - 1) K(k)\\right],

    with :math:`K(k)` the complete elliptic integral of the first kind and
    :math:`k = 2\\sinh 2K/\\cosh^2 2K`; :math:`u(T_c) = -\\sqrt 2`.  For the
    torus, :math:`u = -\\partial_K \\ln Z / N` of Kaufman's partition function
    [2]_ [3]_, differentiated analytically.

    References
    ----------
    .. [1] L. Onsager, Phys. Rev. 65, 117 (1944).
    .. [2] B. Kaufman, Phys. Rev. 76, 1232 (1949).
    .. [3] A. E. Ferdinand and M. E. Fisher, Phys. Rev. 185, 832 (1969).

    Examples
    --------
    >>> round(energy_per_spin(critical_temperature()), 12)  # -sqrt(2)
    -1.414213562373
    >>> energy_per_spin([1.0, 4.0], L=4).round(6)
    array([-1.997158, -0.625486])
    """
    return _per_spin("u", T, L)


def specific_heat(T: ArrayLike, L: int | None = None) -> float | NDArray[np.float64]:
    """Return the exact specific heat per spin, :math:`c = \\beta^2 \\mathrm{Var}(H) / N`.

    Parameters
    ----------
    T : float or array_like of float
        Temperature(s), > 0 and <= 1e4; a scalar or a 1-D array.
    L : int or None, optional
        Linear size of the periodic ``L x L`` lattice (an integer >= 2, odd or
        even), or None (default) for the infinite lattice.

    Returns
    -------
    float or numpy.ndarray
        :math:`c(T) = du/dT`, a float for scalar ``T``, else an array shaped
        like ``T``.  For the infinite lattice it diverges like
        :math:`-\\frac{8}{\\pi}K_c^2 \\ln|1 - T/T_c|` (``inf`` where
        :math:`2\\tanh^2 2K - 1` rounds to 0); for finite ``L`` it is finite
        everywhere, with a peak that grows like :math:`\\frac{8}{\\pi}K_c^2
        \\ln L` [3]_.

    Raises
    ------
    ValueError
        If ``T`` is not in (0, 1e4] or ``L`` is not None or an integer >= 2
        whose ``L`` modes (times the temperatures) fit in this machine's memory.

    Notes
    -----
    For the infinite lattice, Onsager's result [1]_

    .. math::

        c = \\frac{4}{\\pi} (K\\coth 2K)^2 \\left\\{K(k) - E(k)
        - (1 - \\tanh^2 2K)\\left[\\frac\\pi2 + (2\\tanh^2 2K - 1)K(k)\\right]\\right\\},

    with :math:`k = 2\\sinh 2K/\\cosh^2 2K` and :math:`K, E` the complete
    elliptic integrals of the first and second kind (:math:`K - E` as a
    Carlson integral).  For the torus, :math:`c = K^2 \\partial_K^2 \\ln Z / N`
    of Kaufman's partition function [2]_ [3]_, differentiated analytically.
    Where :math:`c` is tiny (below :math:`T \\approx 0.3` it is under
    :math:`10^{-8}`) only its absolute accuracy, better than :math:`10^{-13}`,
    is kept, so it may come out as a tiny negative number.

    References
    ----------
    .. [1] L. Onsager, Phys. Rev. 65, 117 (1944).
    .. [2] B. Kaufman, Phys. Rev. 76, 1232 (1949).
    .. [3] A. E. Ferdinand and M. E. Fisher, Phys. Rev. 185, 832 (1969).

    Examples
    --------
    >>> round(specific_heat(2.0), 6)
    0.724871
    >>> Tc = critical_temperature()
    >>> [round(specific_heat(Tc, L=n), 4) for n in (16, 32)]  # peak grows like ln L
    [1.4987, 1.8468]
    """
    return _per_spin("c", T, L)


def magnetization(T: ArrayLike) -> float | NDArray[np.float64]:
    """Return Yang's spontaneous magnetization per spin of the infinite lattice.

    Parameters
    ----------
    T : float or array_like of float
        Temperature(s), finite and > 0; a scalar or a 1-D array.

    Returns
    -------
    float or numpy.ndarray
        :math:`m = (1 - \\sinh^{-4} 2K)^{1/8}` for :math:`T < T_c` and exactly 0
        for :math:`T \\ge T_c`; a float for scalar ``T``, else an array shaped
        like ``T``.

    Raises
    ------
    ValueError
        If ``T`` is not finite and positive.

    References
    ----------
    .. [1] C. N. Yang, "The spontaneous magnetization of a two-dimensional
       Ising model", Phys. Rev. 85, 808 (1952).

    Examples
    --------
    >>> round(magnetization(2.0), 6)
    0.911319
    >>> magnetization([1.0, 3.0]).round(6)
    array([0.999276, 0.      ])
    """
    temps = _as_temperatures(T)
    K = 1.0 / np.atleast_1d(temps)
    below = np.atleast_1d(temps) < critical_temperature()
    m = np.zeros_like(K)
    m[below] = (-np.expm1(-4.0 * _log_sinh(2.0 * K[below]))) ** 0.125  # (1 - sinh^-4 2K)^(1/8)
    return _to_output(m.reshape(temps.shape), temps)


def correlation_length(T: ArrayLike) -> float | NDArray[np.float64]:
    """Return the exponential correlation length of the infinite lattice above Tc.

    Parameters
    ----------
    T : float or array_like of float
        Temperature(s), finite and > :math:`T_c`; a scalar or a 1-D array.

    Returns
    -------
    float or numpy.ndarray
        :math:`\\xi` in lattice spacings, from
        :math:`1/\\xi = -(2K + \\ln\\tanh K) = 2(K^* - K)`, with :math:`K^*` the
        dual coupling (:math:`\\tanh K^* = e^{-2K}`): the decay rate of the
        spin-spin correlation along a lattice axis in the disordered phase.
        It diverges as :math:`T \\to T_c^+` like :math:`1/(T - T_c)`.

    Raises
    ------
    ValueError
        If ``T`` is not finite and positive, or if any ``T <= Tc``: the
        formula used is the high-temperature one.

    References
    ----------
    .. [1] B. M. McCoy and T. T. Wu, *The Two-Dimensional Ising Model*,
       Harvard University Press (1973).

    Examples
    --------
    >>> round(correlation_length(4.0), 6)
    1.102744
    """
    temps = _as_temperatures(T)
    tc = critical_temperature()
    too_cold = temps[temps <= tc]
    if too_cold.size:
        raise ValueError(
            f"T must be above the critical temperature {tc!r} for correlation_length, "
            f"which uses the high-temperature formula 1/xi = -(2K + ln tanh K); "
            f"got T = {float(too_cold[0])!r}"
        )
    K = 1.0 / np.atleast_1d(temps)
    xi = -1.0 / (2.0 * K + _log_tanh(K))
    return _to_output(xi.reshape(temps.shape), temps)
