"""Tests of rglib.analysis.fourier against closed-form results.

Plane waves have known Fourier transforms, Parseval's theorem fixes the
normalization, and a smooth field sampled on two lattices is exactly its
visible field with the high modes discarded.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from tests.lattice_fields import annulus_counts_by_loops, plane_wave, smooth_field

from rglib.analysis.fourier import discard_high_modes, radial_centroid, radial_fft

pytestmark = pytest.mark.filterwarnings("error")


# --------------------------------------------------------------------------
# radial_fft and radial_centroid
# --------------------------------------------------------------------------


@pytest.mark.parametrize("L", [16, 17, 20])
@pytest.mark.parametrize(("n", "m"), [(1, 0), (0, 3), (2, 2), (3, 4), (5, 1), (-4, 2)])
def test_plane_wave_peaks_at_its_radius_with_the_unnormalized_amplitude(L, n, m):
    spectrum = radial_fft(plane_wave(L, n, m, phase=0.3))
    annulus = round(math.hypot(n, m))
    assert int(np.argmax(spectrum.amplitude)) == annulus
    # |F| = L**2 / 2 at (n, m) and at (-n, -m), both in the same annulus.
    assert spectrum.amplitude[annulus] * spectrum.counts[annulus] == pytest.approx(L * L)
    others = np.delete(spectrum.amplitude, annulus)
    assert np.all(others < 1e-9 * L * L)


def test_constant_field_and_delta_function():
    constant = radial_fft(np.full((10, 10), 2.0))
    assert constant.amplitude[0] == pytest.approx(200.0)
    assert np.all(constant.amplitude[1:] < 1e-12)
    delta = np.zeros((10, 10))
    delta[3, 7] = 1.0
    np.testing.assert_allclose(radial_fft(delta).amplitude, 1.0)  # |F| = 1 everywhere


@pytest.mark.parametrize("L", [1, 2, 3, 8, 9, 24, 31])
def test_annulus_counts_match_a_mode_by_mode_count(L):
    spectrum = radial_fft(np.random.default_rng(L).standard_normal((L, L)))
    expected = annulus_counts_by_loops(L)
    assert spectrum.counts.tolist() == [expected[k] for k in range(len(expected))]
    np.testing.assert_array_equal(spectrum.modes, np.arange(len(expected)))


def test_every_annulus_is_occupied_up_to_L_200():
    for L in range(1, 201):
        assert np.all(radial_fft(np.ones((L, L))).counts > 0), L


@pytest.mark.parametrize("L", [7, 16])
def test_parseval_fixes_the_unnormalized_convention(L):
    field = np.random.default_rng(3).standard_normal((L, L))
    spectrum = radial_fft(field)
    assert np.sum(spectrum.counts * spectrum.power) == pytest.approx(L * L * np.sum(field**2))
    assert spectrum.amplitude[0] == pytest.approx(abs(field.sum()))
    assert np.sum(spectrum.counts) == L * L
    assert np.all(spectrum.amplitude**2 <= spectrum.power * (1 + 1e-12))  # mean |F| <= rms |F|


def test_radial_centroid_of_known_spectra():
    L = 16
    assert radial_centroid(np.full((L, L), 3.0)) == 0.0
    assert radial_centroid(plane_wave(L, 3, 4, phase=1.0)) == pytest.approx(5.0, abs=1e-12)
    # Two waves in annuli 1 and 3 with amplitudes a and b: powers in the ratio a^2 : b^2.
    a, b = 2.0, 0.5
    mixed = a * plane_wave(L, 1, 0) + b * plane_wave(L, 0, 3, phase=0.7)
    assert radial_centroid(mixed) == pytest.approx((1 * a**2 + 3 * b**2) / (a**2 + b**2))
    # A single site has |F| = 1 everywhere: the mode average weighted by the annulus sizes.
    delta = np.zeros((L, L))
    delta[5, 2] = -1.0
    counts = annulus_counts_by_loops(L)
    flat = sum(n * c for n, c in counts.items()) / L**2
    assert radial_centroid(delta) == pytest.approx(flat)
    with pytest.raises(ValueError, match="field"):
        radial_centroid(np.ones(10))


def test_radial_fft_reads_a_flat_vector_row_major():
    field = np.random.default_rng(4).standard_normal((6, 6))
    np.testing.assert_array_equal(radial_fft(field.ravel()).amplitude, radial_fft(field).amplitude)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (np.ones((4, 5)), "field must be an L x L array"),
        (np.ones(15), "perfect-square length"),
        (np.ones((2, 2, 2)), "field must be an L x L array"),
        (np.array([[1.0, np.nan], [0.0, 0.0]]), "finite"),
        (np.zeros((3, 3)), "all zero"),
        (np.ones((3, 3)) * 1j, "real"),
    ],
)
def test_radial_fft_refuses_bad_input(field, message):
    with pytest.raises(ValueError, match=message):
        radial_fft(field)


# --------------------------------------------------------------------------
# discard_high_modes
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visible_side", "hidden_side", "step"), [(32, 16, 2), (18, 9, 2), (24, 8, 3)]
)
def test_discarding_high_modes_of_a_smooth_field_samples_it(visible_side, hidden_side, step):
    largest = (hidden_side - 1) // 2  # exists on the hidden lattice without aliasing
    field = smooth_field(visible_side, largest)
    coarse = discard_high_modes(field, hidden_side)
    np.testing.assert_allclose(coarse, step**2 * field[::step, ::step], atol=1e-10)


def test_discarding_high_modes_removes_them_and_keeps_everything_at_full_size():
    high = plane_wave(16, 5, 0)  # mode 5 does not exist on an 8-site lattice
    np.testing.assert_allclose(discard_high_modes(high, 8), 0.0, atol=1e-12)
    field = np.random.default_rng(5).standard_normal((9, 9))
    np.testing.assert_allclose(discard_high_modes(field, 9), field, atol=1e-12)


def test_the_nyquist_mode_is_averaged_like_sampling_aliases_it():
    # Visible modes -4 and +4 of a 16-site lattice both land on hidden mode 4 = -4 of 8 sites.
    for n, m in [(4, 0), (4, 4), (-4, 1)]:
        field = plane_wave(16, n, m, phase=0.4)
        np.testing.assert_allclose(discard_high_modes(field, 8), 4 * field[::2, ::2], atol=1e-12)


def test_discard_high_modes_refuses_bad_input():
    with pytest.raises(ValueError, match="hidden_side must be at most"):
        discard_high_modes(np.ones((4, 4)), 5)
    with pytest.raises(ValueError, match="hidden_side"):
        discard_high_modes(np.ones((4, 4)), 0)


@pytest.mark.parametrize("value", [1e153, 1e200, 1e308])
def test_fields_whose_fourier_power_would_overflow_are_refused_naming_them(value):
    """L**2 max|f| above sqrt(float64 max): |F|**2 could be inf, and then NaN."""
    field = np.where(np.indices((8, 8)).sum(axis=0) % 2, value, -value / 3)
    for transform in (radial_fft, lambda f: discard_high_modes(f, 4)):
        with pytest.raises(ValueError, match=r"^field must have values small enough"):
            transform(field)
    spectrum = radial_fft(field / value)  # the same field, scaled down: finite
    assert np.isfinite(spectrum.power).all()
