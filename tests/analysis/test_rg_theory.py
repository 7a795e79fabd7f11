"""rglib.analysis.rg_theory against closed forms: scaling dimensions, quadrature, spectrum summaries."""

import numpy as np
import pytest

from rglib.analysis import rg_theory


def test_exponents_are_n_plus_4m_minus_4_in_four_dimensions():
    for (n, m), exponent in rg_theory.scaling_table().items():
        assert exponent == n + 4 * m - 4


def test_relevant_and_marginal_terms_are_B10_and_B11():
    table = rg_theory.scaling_table()
    assert sorted(k for k, e in table.items() if rg_theory.classify(e) == "relevant") == [(0, 0), (1, 0), (2, 0), (3, 0)]
    assert sorted(k for k, e in table.items() if rg_theory.classify(e) == "marginal") == [(0, 1), (4, 0)]


@pytest.mark.parametrize("n, m", [(1, 0), (4, 0), (0, 1), (2, 1), (0, 2)])
def test_quadrature_reads_off_the_counted_exponent(n, m):
    assert rg_theory.measured_scaling_exponent(n, m) == pytest.approx(n + 4 * m - 4, abs=1e-8)


def test_constant_term_is_refused():
    with pytest.raises(ValueError, match="constant term"):
        rg_theory.measured_scaling_exponent(0, 0)


def test_spectrum_summaries():
    assert rg_theory.linear_r2(3.0 - 0.5 * np.arange(10)) == pytest.approx(1.0)
    assert rg_theory.top_decile_share(np.array([3.0] + [1.0] * 9)) == pytest.approx(9 / 18)
    values = np.array([4.0, 2.0, 1.0, 0.5, 1e-14, 0.0])
    assert rg_theory.nonzero_count(values) == 4
    assert rg_theory.top_and_bottom(values, 2) == ([0, 1], [2, 3])


def test_white_noise_mean_mode_is_the_count_weighted_mean():
    L = 8
    k = np.fft.fftfreq(L, d=1 / L)
    radius = np.rint(np.hypot(k[:, None], k[None, :]))
    assert rg_theory.white_noise_mean_mode(L) == pytest.approx(radius.mean())
