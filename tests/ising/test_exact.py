"""Tests of rglib.ising.exact against results that are exact by construction.

The finite-lattice values are compared with Boltzmann sums over the exact
energy spectrum of the periodic L x L lattice: by enumerating all 2**(L*L)
states for L = 2, 3, 4, and by a transfer matrix evaluated at roots of unity
(which yields the integer density of states) for L = 5, 6.  The
infinite-lattice values are compared with known closed-form numbers, with
the L = 256 lattice away from T_c, with high-temperature series, and with
each other through thermodynamic derivatives.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from rglib.ising.exact import (
    correlation_length, critical_temperature, energy_per_spin, free_energy_per_spin, magnetization,
    specific_heat,
)

pytestmark = pytest.mark.filterwarnings("error")  # no overflow or division warnings

TC = critical_temperature()
KC = 1.0 / TC
_LN2 = math.log(2.0)
CATALAN = 0.915965594177219015054603514932384110774
# Ferdinand & Fisher: c(T_c) of the L x L torus grows like A ln L.
FINITE_SIZE_AMPLITUDE = (2.0 / math.pi) * (2.0 * KC) ** 2
TEMPERATURES = np.array([1.0, 1.8, TC, 2.5, 4.0, 8.0])


# --------------------------------------------------------------------------
# Exact spectra of small tori
# --------------------------------------------------------------------------


def _spectrum_by_enumeration(L: int) -> tuple[np.ndarray, np.ndarray]:
    """Energy levels and their degeneracies, from all 2**(L*L) states."""
    n = L * L
    codes = np.arange(2**n)[:, None]
    spins = (((codes >> np.arange(n)) & 1) * 2 - 1).astype(np.int8).reshape(-1, L, L)
    bonds = spins * np.roll(spins, 1, axis=1) + spins * np.roll(spins, 1, axis=2)
    energies = -bonds.sum(axis=(1, 2), dtype=np.int64)
    levels, counts = np.unique(energies, return_counts=True)
    return levels.astype(float), counts.astype(float)


def _spectrum_by_transfer_matrix(L: int) -> tuple[np.ndarray, np.ndarray]:
    """Energy levels and degeneracies from Tr T(z)^L at the roots of unity.

    T(z)[a, b] = z**(broken bonds inside row a and between rows a and b), so
    Tr T(z)^L = sum_b g_b z**b over the numbers b of broken bonds; evaluating
    it at the 2N + 1 roots of unity and transforming back gives the integers
    g_b, and E = -2N + 2b.
    """
    n = L * L
    rows = ((np.arange(2**L)[:, None] >> np.arange(L)) & 1) * 2 - 1
    inside = (rows != np.roll(rows, 1, axis=1)).sum(axis=1)
    between = (rows[:, None, :] != rows[None, :, :]).sum(axis=2)
    broken = inside[:, None] + between
    n_points = 2 * n + 1
    roots = np.exp(2j * np.pi * np.arange(n_points) / n_points)
    traces = [np.trace(np.linalg.matrix_power(z**broken, L)) for z in roots]
    raw = np.fft.fft(traces).real / n_points
    counts = np.rint(raw)
    assert np.abs(raw - counts).max() < 1e-3 and counts.sum() == 2.0**n
    keep = counts > 0
    return -2.0 * n + 2.0 * np.arange(n_points)[keep], counts[keep]


def _thermodynamics(levels, counts, T: float, n_spins: int) -> tuple[float, float, float]:
    """Free energy, energy and specific heat per spin from an exact spectrum."""
    K = 1.0 / T
    log_w = -K * levels + np.log(counts)
    top = log_w.max()
    w = np.exp(log_w - top)
    z = w.sum()
    mean = (w * levels).sum() / z
    var = (w * (levels - mean) ** 2).sum() / z
    return -T * (top + math.log(z)) / n_spins, mean / n_spins, K * K * var / n_spins


def _assert_matches_spectrum(L: int, levels, counts) -> None:
    exact = np.array([_thermodynamics(levels, counts, T, L * L) for T in TEMPERATURES])
    np.testing.assert_allclose(free_energy_per_spin(TEMPERATURES, L), exact[:, 0], rtol=1e-10)
    np.testing.assert_allclose(energy_per_spin(TEMPERATURES, L), exact[:, 1], rtol=1e-10)
    np.testing.assert_allclose(specific_heat(TEMPERATURES, L), exact[:, 2], rtol=1e-10)


@pytest.mark.parametrize("L", [2, 3, 4])
def test_finite_lattice_matches_enumeration(L):
    _assert_matches_spectrum(L, *_spectrum_by_enumeration(L))


@pytest.mark.parametrize("L", [5, 6])
def test_finite_lattice_matches_transfer_matrix(L):
    _assert_matches_spectrum(L, *_spectrum_by_transfer_matrix(L))


@pytest.mark.parametrize("L", [2, 3, 4])
def test_transfer_matrix_spectrum_equals_enumeration(L):
    for by_tm, by_enum in zip(_spectrum_by_transfer_matrix(L), _spectrum_by_enumeration(L)):
        np.testing.assert_array_equal(by_tm, by_enum)


# --------------------------------------------------------------------------
# Finite lattices: limits, T_c, stability
# --------------------------------------------------------------------------


@pytest.mark.parametrize("T", [1.5, 4.0])
def test_large_lattice_equals_infinite_lattice_away_from_tc(T):
    L = 256
    assert abs(energy_per_spin(T, L) - energy_per_spin(T)) < 1e-12
    assert specific_heat(T, L) == pytest.approx(specific_heat(T), rel=1e-10)
    # Below T_c the torus holds both ordered phases: Z_L = 2 Z_inf.
    phases = 2.0 if T < TC else 1.0
    expected = free_energy_per_spin(T) - T * math.log(phases) / L**2
    assert abs(free_energy_per_spin(T, L) - expected) < 1e-12


def test_specific_heat_at_tc_grows_like_log_of_size():
    peaks = np.array([specific_heat(TC, L) for L in (16, 32, 64, 128)])
    steps = np.diff(peaks) / (FINITE_SIZE_AMPLITUDE * math.log(2.0))
    np.testing.assert_allclose(steps, 1.0, rtol=0.02)


@pytest.mark.parametrize("L", [4, 8, 16])
def test_finite_lattice_is_regular_at_tc(L):
    """Z_4 = 0 exactly at T_c; nothing may blow up or jump there."""
    delta = 1e-6
    for quantity in (free_energy_per_spin, energy_per_spin, specific_heat):
        at, below, above = quantity(np.array([TC, TC - delta, TC + delta]), L)
        assert np.isfinite(at)
        assert at == pytest.approx(0.5 * (below + above), abs=1e-10)


@pytest.mark.parametrize("L", [2, 4, 64, 256])
def test_finite_lattice_is_stable_over_temperature_range(L):
    T = np.append(np.linspace(0.5, 10.0, 200), TC)
    f = free_energy_per_spin(T, L)
    u = energy_per_spin(T, L)
    c = specific_heat(T, L)
    for values in (f, u, c):
        assert np.all(np.isfinite(values))
    assert np.all((u >= -2.0) & (u <= 0.0))
    assert np.all(c >= 0.0)
    assert np.all(f <= u)  # f = u - T s with entropy s >= 0
    order = np.argsort(T)
    assert np.all(np.diff(u[order]) > 0)


@pytest.mark.parametrize("L", [None, 3, 16])
def test_ground_state_limit(L):
    """Far below T_c only the two ground states count (up to exp(-8/T))."""
    T = np.array([1e-300, 1e-3, 0.0199, 0.0201, 0.05, 0.1])
    n_spins = math.inf if L is None else L * L
    np.testing.assert_array_equal(energy_per_spin(T, L), -2.0)
    np.testing.assert_allclose(free_energy_per_spin(T, L), -2.0 - T * _LN2 / n_spins, rtol=1e-15)
    assert np.all(np.abs(specific_heat(T, L)) < 1e-13)  # only absolute accuracy is kept here


@pytest.mark.parametrize("L", [None, 16])
def test_high_temperature_series(L):
    """Compare with the high-temperature series up to the first omitted order.

    ln Z / N = ln 2 + 2 ln cosh K + v^4 + 2 v^6 + O(K^8), v = tanh K (closed
    loops of 4 and 6 bonds per site), so ln Z / N = ln 2 + K^2 + 5/6 K^4 +
    32/45 K^6 + O(K^8); the L = 16 torus has no wrapping loop this short.
    """
    T = 100.0
    K = 1.0 / T
    u = -(2 * K + 10 / 3 * K**3 + 64 / 15 * K**5)
    c = 2 * K**2 + 10 * K**4 + 64 / 3 * K**6
    assert energy_per_spin(T, L) == pytest.approx(u, rel=1e-10)
    assert specific_heat(T, L) == pytest.approx(c, rel=1e-10)


# --------------------------------------------------------------------------
# Infinite lattice
# --------------------------------------------------------------------------


def test_critical_temperature():
    assert math.sinh(2.0 / TC) == pytest.approx(1.0, rel=1e-15)
    assert TC == pytest.approx(2.269185314213022, rel=1e-15)


def test_onsager_values_at_tc():
    assert energy_per_spin(TC) == pytest.approx(-math.sqrt(2.0), rel=1e-13)
    # -beta f(T_c) = ln(2)/2 + 2G/pi, with Catalan's constant G.
    log_z = -free_energy_per_spin(TC) / TC
    assert log_z == pytest.approx(0.5 * _LN2 + 2.0 * CATALAN / math.pi, rel=1e-13)


def test_onsager_specific_heat_diverges_logarithmically():
    """c = -A ln|1 - T/T_c| + const near T_c, with A = (8/pi) K_c^2."""
    amplitude = (8.0 / math.pi) * KC**2
    for side in (-1.0, 1.0):
        c_far, c_near = specific_heat(TC * (1.0 + side * np.array([1e-5, 1e-6])))
        assert (c_near - c_far) == pytest.approx(amplitude * math.log(10.0), rel=1e-3)


@pytest.mark.parametrize("L", [None, 16])
@pytest.mark.parametrize("T", [1.2, 2.0, 2.2, 2.6, 4.0])
def test_specific_heat_is_derivative_of_energy(L, T):
    h = 1e-5 * T
    slope = (energy_per_spin(T + h, L) - energy_per_spin(T - h, L)) / (2.0 * h)
    assert specific_heat(T, L) == pytest.approx(slope, rel=1e-6)


def test_finite_specific_heat_is_derivative_of_energy_at_tc():
    h = 1e-5
    slope = (energy_per_spin(TC + h, 16) - energy_per_spin(TC - h, 16)) / (2.0 * h)
    assert specific_heat(TC, 16) == pytest.approx(slope, rel=1e-6)


@pytest.mark.parametrize("L", [None, 3, 16])
@pytest.mark.parametrize("T", [1.2, 2.0, TC, 2.6, 4.0])
def test_energy_is_derivative_of_beta_free_energy(L, T):
    beta, h = 1.0 / T, 1e-5 / T
    plus, minus = free_energy_per_spin(np.array([1.0 / (beta + h), 1.0 / (beta - h)]), L)
    slope = ((beta + h) * plus - (beta - h) * minus) / (2.0 * h)
    assert energy_per_spin(T, L) == pytest.approx(slope, rel=1e-7)


def test_magnetization_below_tc():
    # Yang's result written with t = tanh K, using sinh 2K = 2t / (1 - t^2).
    t = math.tanh(1.0 / 2.0)
    expected = (1.0 - (1.0 - t * t) ** 4 / (16.0 * t**4)) ** 0.125
    assert magnetization(2.0) == pytest.approx(expected, rel=1e-14)
    assert magnetization(2.0) == pytest.approx(0.911319377877496, rel=1e-12)
    m = magnetization(np.linspace(0.5, TC - 1e-3, 50))
    assert np.all(np.diff(m) < 0) and m[0] == pytest.approx(1.0, abs=1e-6)
    # m^8 vanishes linearly at T_c: m^8 ~ 8 sqrt(2) K_c eps for T = T_c (1 - eps).
    eps = 1e-7
    expected = 8.0 * math.sqrt(2.0) * KC * eps
    assert magnetization(TC * (1.0 - eps)) ** 8 == pytest.approx(expected, rel=1e-5)


def test_magnetization_vanishes_at_and_above_tc():
    T = np.array([TC, np.nextafter(TC, np.inf), 2.5, 10.0])
    np.testing.assert_array_equal(magnetization(T), 0.0)


def test_correlation_length():
    T = 4.0
    K = 1.0 / T
    dual = math.atanh(math.exp(-2.0 * K))  # tanh K* = exp(-2K)
    assert correlation_length(T) == pytest.approx(1.0 / (2.0 * (dual - K)), rel=1e-13)
    xi = correlation_length(np.array([TC * (1 + 1e-6), 2.5, 3.0, 10.0]))
    assert xi[0] > 1e5 and np.all(np.diff(xi) < 0)


@pytest.mark.parametrize("T", [TC, 2.0, [3.0, 1.0]])
def test_correlation_length_refuses_low_temperature(T):
    with pytest.raises(ValueError, match=r"^T must be above.*high-temperature"):
        correlation_length(T)


# --------------------------------------------------------------------------
# Arguments and return types
# --------------------------------------------------------------------------

_FUNCTIONS_OF_T = [energy_per_spin, specific_heat, free_energy_per_spin, magnetization,
                   correlation_length]
_FUNCTIONS_OF_T_AND_L = [energy_per_spin, specific_heat, free_energy_per_spin]


@pytest.mark.parametrize("function", _FUNCTIONS_OF_T)
def test_scalar_in_float_out_array_in_array_out(function):
    assert type(function(3.0)) is float
    assert type(function(np.float32(3.0))) is float
    assert type(function(np.array(3.0))) is float
    out = function([3.0, 4.0, 5.0])
    assert isinstance(out, np.ndarray) and out.shape == (3,)
    assert out[1] == function(4.0)


@pytest.mark.parametrize("L", [None, 5, np.int64(8)])
def test_vectorized_equals_elementwise(L):
    T = np.array([0.7, 2.0, TC, 3.3])
    for function in _FUNCTIONS_OF_T_AND_L:
        np.testing.assert_allclose(function(T, L), [function(t, L) for t in T], rtol=1e-12)


@pytest.mark.parametrize(
    "T", [0.0, -1.0, math.nan, math.inf, -math.inf, [2.0, -2.0], [[1.0, 2.0]], "2.0", True,
          1.0 + 1.0j, None]
)
@pytest.mark.parametrize("function", _FUNCTIONS_OF_T)
def test_invalid_temperature_is_refused(function, T):
    with pytest.raises(ValueError, match=r"^T must"):
        function(T)


def test_invalid_temperature_message_shows_the_value():
    with pytest.raises(ValueError, match=r"^T must be a finite positive temperature, got -1\.0$"):
        energy_per_spin([2.0, -1.0])


@pytest.mark.parametrize("L", [None, 4])
@pytest.mark.parametrize("function", _FUNCTIONS_OF_T_AND_L)
def test_temperature_above_closed_form_range_is_refused(function, L):
    assert np.isfinite(function(1e4, L))
    with pytest.raises(ValueError, match=r"^T must be at most 10000"):
        function([2.0, 1.0001e4], L)


@pytest.mark.parametrize("L", [1, 0, -4, 4.0, np.float64(4.0), True, "4"])
@pytest.mark.parametrize("function", _FUNCTIONS_OF_T_AND_L)
def test_invalid_size_is_refused(function, L):
    with pytest.raises(ValueError, match=r"^L must"):
        function(3.0, L)


@pytest.mark.parametrize("function", [free_energy_per_spin, energy_per_spin, specific_heat])
def test_a_lattice_larger_than_the_machine_is_refused_naming_L(function):
    with pytest.raises(ValueError, match=r"^L = 1099511627776 would need .* GiB of memory"):
        function(2.5, L=2**40)
