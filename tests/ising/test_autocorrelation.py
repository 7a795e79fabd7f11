"""Tests for rglib.ising.autocorrelation against exact closed forms.

The reference process is the stationary AR(1) chain

    x_{t+1} = phi x_t + sqrt(1 - phi^2) eps_t,   x_0 ~ N(0, 1),

with unit variance, rho(t) = phi^t and tau_int = (1 + phi) / (2 (1 - phi)).
Tolerances are a few standard deviations of the estimator, computed from
known variance formulas (quoted where used), so a pass is meaningful and a
failure is not a fluke of the fixed seed.
"""

import math

import numpy as np
import pytest

from rglib.ising.autocorrelation import (
    AutocorrelationEstimate, BinningResult, autocorrelation_function, binning_error,
    estimate_autocorrelation, integrated_autocorrelation_time,
)

N_SIGMA = 4.0  # tolerance in standard deviations of the estimator


def ar1(phi: float, n_chains: int, n_steps: int, seed: int) -> np.ndarray:
    """Independent stationary unit-variance AR(1) chains, shape (n_chains, n_steps)."""
    noise = np.random.default_rng(seed).standard_normal((n_steps, n_chains))
    x = np.empty_like(noise)
    x[0] = noise[0]
    scale = math.sqrt(1.0 - phi**2)
    for t in range(1, n_steps):
        x[t] = phi * x[t - 1] + scale * noise[t]
    return x.T.copy()


def ar1_tau_int(phi: float) -> float:
    return (1.0 + phi) / (2.0 * (1.0 - phi))


def ar1_standard_error(phi: float, n: int) -> float:
    """Exact standard error of the mean of n consecutive AR(1) samples (sigma = 1)."""
    variance = (1.0 + phi) / ((1.0 - phi) * n) - 2.0 * phi * (1.0 - phi**n) / (
        n**2 * (1.0 - phi) ** 2
    )
    return math.sqrt(variance)


def bartlett_std(phi: float, lag: int, n_samples: int) -> float:
    """Bartlett's large-N standard deviation of the estimated rho(lag) for AR(1)."""
    variance = (1 + phi**2) * (1 - phi ** (2 * lag)) / (1 - phi**2) - 2 * lag * phi ** (
        2 * lag
    )
    return math.sqrt(variance / n_samples)


@pytest.fixture(scope="module", params=[0.0, 0.5, 0.9, 0.98])
def ar1_chains(request):
    phi = request.param
    return phi, ar1(phi, n_chains=256, n_steps=16_384, seed=int(100 * phi))


# --- autocorrelation function ---------------------------------------------


def test_acf_matches_direct_sum_with_common_mean():
    x = np.random.default_rng(1).standard_normal((3, 50)) + [[0.0], [1.0], [-2.0]]
    deviations = x - x.mean()  # one common mean over all chains and steps
    n = x.shape[1]
    cov = np.array(
        [np.mean(np.sum(deviations[:, : n - t] * deviations[:, t:], axis=1)) / n
         for t in range(n)]
    )
    np.testing.assert_allclose(autocorrelation_function(x), cov / cov[0], atol=1e-12)


def test_acf_shapes_and_normalization():
    x = np.random.default_rng(2).standard_normal(100)
    rho = autocorrelation_function(x, max_lag=10)
    assert rho.shape == (11,)
    assert rho[0] == pytest.approx(1.0)
    np.testing.assert_array_equal(rho, autocorrelation_function(x[None, :], max_lag=10))
    assert autocorrelation_function(x).shape == (100,)


def test_acf_of_ar1_is_phi_to_the_t(ar1_chains):
    phi, x = ar1_chains
    lags = np.arange(1, 11)
    rho = autocorrelation_function(x, max_lag=10)[1:]
    tolerance = [N_SIGMA * bartlett_std(phi, lag, x.size) for lag in lags]
    assert np.all(np.abs(rho - phi**lags) <= tolerance)


# --- integrated autocorrelation time ------------------------------------


def test_tau_int_of_ar1(ar1_chains):
    phi, x = ar1_chains
    estimate = estimate_autocorrelation(x)
    exact = ar1_tau_int(phi)
    # Madras-Sokal: var(tau)/tau^2 ~ 2(2W+1)/N. With N = 4.2e6 samples this
    # gives N_SIGMA relative tolerances from 0.7% (phi = 0) to 6% (phi = 0.98).
    # The window's truncation bias phi^(W+1)/(1-phi) is below 1% for c = 5.
    relative_std = math.sqrt(2 * (2 * estimate.window + 1) / x.size)
    assert estimate.tau_int == pytest.approx(exact, rel=N_SIGMA * relative_std)
    assert estimate.window >= 5.0 * estimate.tau_int
    assert (estimate.n_chains, estimate.n_steps) == x.shape
    assert estimate.reliable
    assert integrated_autocorrelation_time(x) == estimate.tau_int


def test_tau_int_of_white_noise_is_one_half():
    x = np.random.default_rng(3).standard_normal(2**17)
    estimate = estimate_autocorrelation(x)
    relative_std = math.sqrt(2 * (2 * estimate.window + 1) / x.size)
    assert estimate.tau_int == pytest.approx(0.5, rel=N_SIGMA * relative_std)
    assert estimate.reliable


def test_tau_int_of_repeated_values():
    # Each value repeated 4 times: rho(t) = 1 - t/4 for t < 4, so tau_int = 2.
    x = np.repeat(np.random.default_rng(4).standard_normal(2**15), 4)
    estimate = estimate_autocorrelation(x)
    relative_std = math.sqrt(2 * (2 * estimate.window + 1) / x.size)
    assert estimate.tau_int == pytest.approx(2.0, rel=N_SIGMA * relative_std)


def test_short_run_is_flagged_unreliable():
    # tau_int = 199.5 but only 1000 steps: far below Sokal's 50 tau_int.
    estimate = estimate_autocorrelation(ar1(0.995, 1, 1000, seed=14))
    assert isinstance(estimate, AutocorrelationEstimate)
    assert not estimate.reliable


def test_missing_window_is_flagged_unreliable():
    # Two chains stuck at different values never decorrelate around their
    # common mean: rho(t) ~ 1 - t/n, so no window satisfies W >= c tau(W).
    noise = np.random.default_rng(5).standard_normal((2, 100))
    estimate = estimate_autocorrelation(noise + [[10.0], [-10.0]])
    assert estimate.window == 99
    assert not estimate.reliable


def test_window_factor_changes_window():
    x = ar1(0.9, 16, 4096, seed=6)
    assert estimate_autocorrelation(x, c=10).window > estimate_autocorrelation(x).window


# --- binning ------------------------------------------------------------


def test_binning_levels_structure():
    x = np.random.default_rng(7).standard_normal(1000)
    result = binning_error(x, min_bins=32)
    assert isinstance(result, BinningResult)
    # 1000 samples -> 1000, 500, 250, 125, 62, 31 blocks; 31 < 32 stops.
    np.testing.assert_array_equal(result.bin_sizes, [1, 2, 4, 8, 16])
    assert result.errors[0] == pytest.approx(x.std(ddof=1) / math.sqrt(x.size))
    assert result.error == max(result.errors)
    assert result.mean == pytest.approx(x.mean())
    assert not result.errors.flags.writeable


# The estimate from the last level (between min_bins and 2 min_bins blocks) has
# relative error ~ 1/sqrt(2 (n_blocks - 1)) <= 3.1% for min_bins = 512, so the
# 10% tolerance below is >= 3 of its standard deviations; blocks of >= 512
# samples leave a bias < 1% for phi = 0.9 (tau_int = 9.5). At a true plateau
# ``converged`` is False by chance in ~2% of runs (see binning_error); seeds
# are fixed, so these assertions are deterministic.


def test_binning_iid_gives_naive_error():
    x = np.random.default_rng(8).standard_normal(2**18)
    result = binning_error(x, min_bins=512)
    assert result.error == pytest.approx(1.0 / math.sqrt(x.size), rel=0.10)
    assert result.converged


def test_binning_ar1_matches_exact_standard_error():
    phi, n = 0.9, 2**18
    result = binning_error(ar1(phi, 1, n, seed=15)[0], min_bins=512)
    assert result.error == pytest.approx(ar1_standard_error(phi, n), rel=0.10)
    assert result.converged


def test_binning_ar1_multiple_chains():
    phi, n_chains, n = 0.9, 64, 8192
    x = ar1(phi, n_chains, n, seed=10)
    result = binning_error(x, min_bins=512)
    # Independent chains: the error of the grand mean is the per-chain
    # error divided by sqrt(n_chains).
    exact = ar1_standard_error(phi, n) / math.sqrt(n_chains)
    assert result.error == pytest.approx(exact, rel=0.10)
    assert result.mean == pytest.approx(x.mean())
    assert result.converged


def test_binning_not_converged_when_blocks_shorter_than_tau():
    # tau_int ~ 1000 while the longest blocks hold 128 samples.
    result = binning_error(ar1(0.999, 1, 4096, seed=11)[0])
    assert not result.converged


def test_binning_error_bars_cover_true_mean():
    series = ar1(0.8, 200, 4096, seed=12)  # 200 independent runs, true mean 0
    results = [binning_error(s) for s in series]
    covered = np.mean([abs(r.mean) < 2 * r.error for r in results])
    assert 0.90 <= covered <= 0.99
    # The naive error ignores tau_int = 4.5 and covers far less.
    naive = series.std(axis=1, ddof=1) / math.sqrt(series.shape[1])
    assert np.mean(np.abs(series.mean(axis=1)) < 2 * naive) < 0.8


# --- validation ---------------------------------------------------------

GOOD = np.random.default_rng(13).standard_normal(200)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: autocorrelation_function(np.zeros((2, 2, 10))), "series"),
        (lambda: autocorrelation_function([1.0, 2.0, 3.0]), "series"),
        (lambda: autocorrelation_function(np.empty((0, 10))), "series"),
        (lambda: autocorrelation_function([1.0, np.nan, 2.0, 3.0]), "series"),
        (lambda: autocorrelation_function(GOOD, max_lag=-1), "max_lag"),
        (lambda: autocorrelation_function(GOOD, max_lag=200), "max_lag"),
        (lambda: autocorrelation_function(GOOD, max_lag=2.0), "max_lag"),
        (lambda: estimate_autocorrelation([0.0, np.inf, 1.0, 2.0]), "series"),
        (lambda: integrated_autocorrelation_time(GOOD, c=0.0), "c must"),
        (lambda: integrated_autocorrelation_time(GOOD, c=-1.0), "c must"),
        (lambda: integrated_autocorrelation_time(GOOD, c=np.nan), "c must"),
        (lambda: binning_error(GOOD[:63]), "samples"),
        (lambda: binning_error(np.zeros((2, 2, 40))), "samples"),
        (lambda: binning_error(np.full(100, np.nan)), "samples"),
        (lambda: binning_error(GOOD, min_bins=1), "min_bins"),
        (lambda: binning_error(GOOD, min_bins=2.0), "min_bins"),
    ],
)
def test_bad_input_raises_value_error_naming_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "function", [autocorrelation_function, integrated_autocorrelation_time]
)
def test_constant_series_is_rejected(function):
    with pytest.raises(ValueError, match="constant"):
        function(np.full((2, 50), 3.0))


@pytest.mark.parametrize(
    "call, named",
    [
        (lambda: autocorrelation_function(["a", "b", "c", "d"]), "series"),
        (lambda: autocorrelation_function(np.arange(8) * 1j), "series"),  # imaginary parts dropped
        (lambda: estimate_autocorrelation(GOOD, c="5"), "c"),
        (lambda: estimate_autocorrelation(GOOD, c=True), "c"),
        (lambda: binning_error([[1.0, 2.0], [3.0]]), "samples"),
    ],
)
def test_non_numeric_input_is_refused_naming_it(call, named):
    with pytest.raises(ValueError, match=rf"^{named} must"):
        call()
