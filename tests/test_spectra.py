"""Tests of rglib.spectra against closed-form results.

Plane waves have known Fourier transforms, Parseval's theorem fixes the
normalization, smooth fields sampled on two lattices are exact instances of
the RG claim, projectors onto known subspaces have known overlaps, and the
paper's parameter count is plain arithmetic.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg

from rglib.blockspin import block_spin_matrix, block_spin_singular_values
from rglib.spectra import (
    alignment_eigenvalues,
    discard_high_modes,
    effective_parameters,
    paper_parameter_count,
    radial_centroid,
    radial_fft,
    rg_consistency,
    singular_modes,
)

pytestmark = pytest.mark.filterwarnings("error")


def _plane_wave(L: int, n: int, m: int, phase: float = 0.0) -> np.ndarray:
    i, j = np.indices((L, L))
    return np.cos(2 * np.pi * (n * i + m * j) / L + phase)


def _annulus_counts_by_loops(L: int) -> dict[int, int]:
    """Modes per annulus, counted one by one over kx, ky in -L//2 .. (L-1)//2."""
    counts: dict[int, int] = {}
    for kx in range(-(L // 2), (L - 1) // 2 + 1):
        for ky in range(-(L // 2), (L - 1) // 2 + 1):
            annulus = round(math.sqrt(kx * kx + ky * ky))
            counts[annulus] = counts.get(annulus, 0) + 1
    return counts


# --------------------------------------------------------------------------
# singular_modes
# --------------------------------------------------------------------------


def test_singular_modes_reconstruct_the_weight():
    rng = np.random.default_rng(0)
    weight = rng.standard_normal((36, 9))
    modes = singular_modes(weight, (6, 6), (3, 3))
    assert modes.values.shape == (9,)
    assert modes.visible.shape == (9, 6, 6) and modes.hidden.shape == (9, 3, 3)
    visible = modes.visible.reshape(9, 36)
    hidden = modes.hidden.reshape(9, 9)
    np.testing.assert_allclose((visible.T * modes.values) @ hidden, weight, atol=1e-12)
    np.testing.assert_allclose(visible @ visible.T, np.eye(9), atol=1e-12)
    np.testing.assert_allclose(modes.values, scipy.linalg.svdvals(weight), atol=1e-12)
    assert np.all(visible.sum(axis=1) > 0)


def test_singular_modes_of_a_wide_weight_keep_n_visible_modes():
    weight = np.random.default_rng(1).standard_normal((4, 9))
    modes = singular_modes(weight, (2, 2), (3, 3))
    assert modes.values.shape == (4,) and modes.hidden.shape == (4, 3, 3)


def test_sign_convention_falls_back_to_the_largest_entry_when_the_sum_vanishes():
    # Four orthonormal visible vectors that sum to zero; after the convention the
    # first of the largest-magnitude entries must be positive.
    vectors = np.array([
        [1.0, -2.0, 1.0, 0.0, 0.0, 0.0],  # largest entry -2: flipped
        [0.0, 0.0, 0.0, 1.0, -2.0, 1.0],  # flipped
        [1.0, 0.0, -1.0, 0.0, 0.0, 0.0],  # tie of 1 and -1: the first, +1, stays
        [0.0, 0.0, 0.0, -1.0, 0.0, 1.0],  # tie: the first, -1, is flipped
    ])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    weight = vectors.T @ np.diag([4.0, 3.0, 2.0, 1.0])  # hidden vectors e_0 .. e_3
    modes = singular_modes(weight, (2, 3), (4,))
    expected_signs = np.array([-1.0, -1.0, 1.0, -1.0])
    np.testing.assert_allclose(
        modes.visible.reshape(4, 6), vectors * expected_signs[:, None], atol=1e-12
    )
    np.testing.assert_allclose(modes.hidden, np.diag(expected_signs), atol=1e-12)


@pytest.mark.parametrize(
    ("weight", "visible_shape", "hidden_shape", "message"),
    [
        (np.ones((16, 4)), (4, 4), (2, 3), "weight must have shape"),
        (np.ones((16, 4)), (4, 0), (2, 2), "visible_shape"),
        (np.ones((16, 4)), (4, 4.0), (2, 2), "visible_shape"),
        (np.ones((16, 4)), (4, 4), (), "hidden_shape"),
        (np.full((16, 4), np.nan), (4, 4), (2, 2), "weight must contain only finite"),
        (np.ones(16), (4, 4), (1,), "weight must be 2-dimensional"),
    ],
)
def test_singular_modes_refuses_bad_input(weight, visible_shape, hidden_shape, message):
    with pytest.raises(ValueError, match=message):
        singular_modes(weight, visible_shape, hidden_shape)


# --------------------------------------------------------------------------
# radial_fft
# --------------------------------------------------------------------------


@pytest.mark.parametrize("L", [16, 17, 20])
@pytest.mark.parametrize(("n", "m"), [(1, 0), (0, 3), (2, 2), (3, 4), (5, 1), (-4, 2)])
def test_plane_wave_peaks_at_its_radius_with_the_unnormalized_amplitude(L, n, m):
    spectrum = radial_fft(_plane_wave(L, n, m, phase=0.3))
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
    expected = _annulus_counts_by_loops(L)
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
    assert radial_centroid(_plane_wave(L, 3, 4, phase=1.0)) == pytest.approx(5.0, abs=1e-12)
    # Two waves in annuli 1 and 3 with amplitudes a and b: powers in the ratio a^2 : b^2.
    a, b = 2.0, 0.5
    mixed = a * _plane_wave(L, 1, 0) + b * _plane_wave(L, 0, 3, phase=0.7)
    assert radial_centroid(mixed) == pytest.approx((1 * a**2 + 3 * b**2) / (a**2 + b**2))
    # A single site has |F| = 1 everywhere: the mode average weighted by the annulus sizes.
    delta = np.zeros((L, L))
    delta[5, 2] = -1.0
    counts = _annulus_counts_by_loops(L)
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
# discard_high_modes and rg_consistency
# --------------------------------------------------------------------------


def _smooth_field(L: int, largest_mode: int) -> np.ndarray:
    """A sum of cosines with all mode numbers |k| <= largest_mode, and a constant."""
    return (
        0.3
        + _plane_wave(L, 1, 0, 0.2)
        + 0.7 * _plane_wave(L, 1, -2, 1.0)
        + 0.4 * _plane_wave(L, 0, largest_mode, 2.0)
        + 0.2 * _plane_wave(L, largest_mode, largest_mode - 1, 0.5)
    )


@pytest.mark.parametrize(
    ("visible_side", "hidden_side", "step"), [(32, 16, 2), (18, 9, 2), (24, 8, 3)]
)
def test_discarding_high_modes_of_a_smooth_field_samples_it(visible_side, hidden_side, step):
    largest = (hidden_side - 1) // 2  # exists on the hidden lattice without aliasing
    field = _smooth_field(visible_side, largest)
    coarse = discard_high_modes(field, hidden_side)
    np.testing.assert_allclose(coarse, step**2 * field[::step, ::step], atol=1e-10)


def test_discarding_high_modes_removes_them_and_keeps_everything_at_full_size():
    high = _plane_wave(16, 5, 0)  # mode 5 does not exist on an 8-site lattice
    np.testing.assert_allclose(discard_high_modes(high, 8), 0.0, atol=1e-12)
    field = np.random.default_rng(5).standard_normal((9, 9))
    np.testing.assert_allclose(discard_high_modes(field, 9), field, atol=1e-12)


def test_the_nyquist_mode_is_averaged_like_sampling_aliases_it():
    # Visible modes -4 and +4 of a 16-site lattice both land on hidden mode 4 = -4 of 8 sites.
    for n, m in [(4, 0), (4, 4), (-4, 1)]:
        field = _plane_wave(16, n, m, phase=0.4)
        np.testing.assert_allclose(discard_high_modes(field, 8), 4 * field[::2, ::2], atol=1e-12)


@pytest.mark.parametrize(("visible_side", "hidden_side"), [(32, 16), (18, 9), (40, 20)])
def test_a_smooth_field_on_both_lattices_is_consistent(visible_side, hidden_side):
    field = _smooth_field(visible_side, (hidden_side - 1) // 2)
    score = rg_consistency(field, field[::2, ::2])
    assert score.distance < 1e-12
    assert score.radial_distance < 1e-12
    assert score.random_distance > 0.8


def test_consistency_ignores_scale_and_sign_and_reads_flat_vectors():
    field = _smooth_field(16, 3)
    hidden = field[::2, ::2] + 0.1 * np.random.default_rng(6).standard_normal((8, 8))
    reference = rg_consistency(field, hidden)
    flipped = rg_consistency(field.ravel(), -5.0 * hidden.ravel())
    for name in ("distance", "radial_distance", "random_distance", "random_radial_distance"):
        assert getattr(flipped, name) == pytest.approx(getattr(reference, name), rel=1e-12)
    assert 0 < reference.distance < 0.1


@pytest.mark.parametrize("hidden_side", [8, 16])
def test_white_noise_against_an_unrelated_field_scores_like_the_baseline(hidden_side):
    rng = np.random.default_rng(hidden_side)
    visible = rng.standard_normal((2 * hidden_side, 2 * hidden_side))
    scores = [rg_consistency(visible, rng.standard_normal((hidden_side, hidden_side)), n_random=8)
              for _ in range(16)]
    n = hidden_side**2
    expected = 1.0 - math.sqrt(2.0 / (math.pi * n))  # 1 - E|cos| of two random directions
    standard_error = math.sqrt((1.0 - 2.0 / math.pi) / n) / math.sqrt(16)
    assert abs(np.mean([s.distance for s in scores]) - expected) < 5 * standard_error
    assert abs(np.mean([s.random_distance for s in scores]) - expected) < 5 * standard_error / 2


def test_white_noise_sampled_on_both_lattices_keeps_one_alias_in_four():
    # Sampling every second site folds 4 visible modes onto each hidden mode;
    # discarding high modes keeps 1 of the 4, so |cos| -> 1/2 for white noise.
    rng = np.random.default_rng(7)
    distances = [rg_consistency(field, field[::2, ::2], n_random=1).distance
                 for field in rng.standard_normal((8, 64, 64))]
    assert np.mean(distances) == pytest.approx(0.5, abs=0.02)


def test_a_field_without_kept_modes_has_no_rg_image():
    checkerboard = (-1.0) ** np.add.outer(np.arange(16), np.arange(16))  # mode (8, 8) only
    score = rg_consistency(checkerboard, np.ones((4, 4)))
    assert score.distance == 1.0 and score.radial_distance == 1.0
    assert np.isfinite(score.random_distance) and np.isfinite(score.random_radial_distance)


def test_random_baseline_is_reproducible_and_depends_on_the_seed():
    field = _smooth_field(16, 3)
    a = rg_consistency(field, field[::2, ::2], seed=1)
    assert a == rg_consistency(field, field[::2, ::2], seed=1)
    assert a.random_distance != rg_consistency(field, field[::2, ::2], seed=2).random_distance


@pytest.mark.parametrize(
    ("visible", "hidden", "kwargs", "message"),
    [
        (np.ones(15), np.ones(4), {}, "visible_vector must have a perfect-square length"),
        (np.ones(16), np.ones(5), {}, "hidden_vector must have a perfect-square length"),
        (np.ones((4, 4)), np.ones((2, 3)), {}, "hidden_vector must be an L x L"),
        (np.ones(16), np.ones(25), {}, "must not exceed"),
        (np.zeros(16), np.ones(4), {}, "visible_vector must not be all zero"),
        (np.ones(16), [np.inf] * 4, {}, "hidden_vector must contain only finite"),
        (np.ones(16), np.ones(4), {"n_random": 0}, "n_random"),
        (np.ones(16), np.ones(4), {"seed": -1}, "seed"),
    ],
)
def test_rg_consistency_refuses_bad_input(visible, hidden, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rg_consistency(visible, hidden, **kwargs)


def test_discard_high_modes_refuses_bad_input():
    with pytest.raises(ValueError, match="hidden_side must be at most"):
        discard_high_modes(np.ones((4, 4)), 5)
    with pytest.raises(ValueError, match="hidden_side"):
        discard_high_modes(np.ones((4, 4)), 0)


# --------------------------------------------------------------------------
# alignment_eigenvalues
# --------------------------------------------------------------------------


def _data_with_axes(axes: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Data whose centred covariance has exactly the eigenvectors ``axes`` (columns)."""
    rows = axes.T * scales[:, None]
    return np.vstack([rows, -rows]) + 7.0  # mean 7 per column; the function centres


def _weight_with_left_vectors(left: np.ndarray, n_hidden: int, seed: int) -> np.ndarray:
    k = left.shape[1]
    right = scipy.linalg.qr(np.random.default_rng(seed).standard_normal((n_hidden, n_hidden)))[0]
    return (left * np.linspace(5.0, 1.0, k)) @ right[:, :k].T


@pytest.fixture
def axes():
    return scipy.linalg.qr(np.random.default_rng(11).standard_normal((20, 20)))[0]


def test_identical_subspaces_give_eigenvalues_one(axes):
    data = _data_with_axes(axes, np.linspace(10.0, 1.0, 20))
    weight = _weight_with_left_vectors(axes[:, [2, 0, 4, 1, 3]], n_hidden=8, seed=1)
    np.testing.assert_allclose(alignment_eigenvalues(weight, data, k=5), 1.0, atol=1e-10)


def test_orthogonal_subspaces_give_eigenvalues_zero(axes):
    data = _data_with_axes(axes, np.linspace(10.0, 1.0, 20))
    weight = _weight_with_left_vectors(axes[:, 5:10], n_hidden=8, seed=2)
    np.testing.assert_allclose(alignment_eigenvalues(weight, data, k=5), 0.0, atol=1e-10)


def test_tilted_subspace_gives_squared_cosines(axes):
    data = _data_with_axes(axes, np.linspace(10.0, 1.0, 20))
    angles = np.array([0.2, 0.7, 1.1])
    left = axes[:, :3] * np.cos(angles) + axes[:, 10:13] * np.sin(angles)
    weight = _weight_with_left_vectors(left, n_hidden=6, seed=3)
    eigenvalues = alignment_eigenvalues(weight, data, k=3)
    np.testing.assert_allclose(eigenvalues, np.cos(angles) ** 2, atol=1e-10)


@pytest.mark.parametrize(
    ("weight_shape", "data_shape", "k", "message"),
    [
        ((10, 4), (50, 9), 2, "data must have n_visible = 10 columns"),
        ((10, 4), (50, 10), 0, "k must be an integer >= 1"),
        ((10, 4), (50, 10), 5, "k must be at most"),
        ((10, 4), (3, 10), 3, "k must be at most"),
        ((10, 4), (50, 10), 2.0, "k must be an integer"),
    ],
)
def test_alignment_refuses_bad_input(weight_shape, data_shape, k, message):
    with pytest.raises(ValueError, match=message):
        alignment_eigenvalues(np.ones(weight_shape), np.ones(data_shape), k)


def test_alignment_refuses_non_finite_data():
    data = np.ones((5, 4))
    data[2, 1] = np.nan
    with pytest.raises(ValueError, match="data must contain only finite"):
        alignment_eigenvalues(np.eye(4), data, 1)


# --------------------------------------------------------------------------
# Effective parameters
# --------------------------------------------------------------------------


def test_paper_parameter_count_reproduces_the_papers_numbers():
    count = paper_parameter_count()
    assert count.naive == 10_240_000
    assert count.truncated == 1_280_000
    assert count.fourier_factor == 36.0
    assert count.effective == 35_555


def test_paper_parameter_count_with_other_numbers():
    count = paper_parameter_count(100, 25, 10, 2, 4)
    stages = (count.naive, count.truncated, count.fourier_factor, count.effective)
    assert stages == (2500, 1000, 4.0, 250)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fourier_cutoff": 70}, "fourier_cutoff must be at most"),
        ({"kept_singular_values": 0}, "kept_singular_values"),
        ({"n_visible": 6400.0}, "n_visible"),
        ({"max_radial_mode": -1}, "max_radial_mode"),
    ],
)
def test_paper_parameter_count_refuses_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        paper_parameter_count(**kwargs)


def test_effective_parameters_of_plane_wave_modes_is_exact():
    # Three orthonormal plane waves with radial modes 1, 2 and 3 as visible vectors.
    L = 16
    waves = [_plane_wave(L, 1, 0), _plane_wave(L, 0, 2), _plane_wave(L, 3, 0)]
    visible = np.array([w.ravel() / np.linalg.norm(w) for w in waves])
    weight = visible.T @ np.diag([1.0, 0.6, 0.3]) @ np.eye(3, 4)
    count = effective_parameters(weight, (L, L), (2, 2))
    counts = _annulus_counts_by_loops(L)
    assert count.kept == 3
    assert count.cutoff_mode == 3
    # Unit plane wave: sum |F|^2 = L^2 over the modes of one annulus (Parseval), so
    # the mean power in annulus k is L^2 / (3 counts[k]) for the three kept waves.
    expected = np.zeros(12)
    expected[1:4] = [np.sqrt(counts[1] / counts[k]) for k in (1, 2, 3)]
    np.testing.assert_allclose(count.mean_profile, expected, atol=1e-12)
    assert count.lattice_modes == sum(counts[k] for k in range(4))
    assert count.effective == 3 * count.lattice_modes
    assert count.max_radial_mode == round(math.sqrt(2) * L / 2) == 11
    assert count.effective_paper_style == pytest.approx(3 * L * L * (3 / 11) ** 2)
    assert count.naive == 256 * 4 and count.truncated == 3 * 256
    # A higher threshold drops the smallest mode, and with it modes 3.
    fewer = effective_parameters(weight, (L, L), (2, 2), threshold=0.5)
    assert (fewer.kept, fewer.cutoff_mode) == (2, 2)


def test_effective_parameters_of_a_strongly_overlapping_block_spin_matrix():
    L, block = 20, 12
    count = effective_parameters(block_spin_matrix(L, block), (L, L), (L // 2, L // 2))
    values = block_spin_singular_values(L, block)
    assert count.kept == np.count_nonzero(values >= 0.2 * values[0])
    assert 0 < count.kept < (L // 2) ** 2
    counts = _annulus_counts_by_loops(L)
    assert count.lattice_modes == sum(counts[k] for k in range(count.cutoff_mode + 1))
    # The kept visible vectors are smooth: their spectra stop well before the last annulus.
    assert 1 <= count.cutoff_mode < count.max_radial_mode // 2
    assert count.effective == count.kept * count.lattice_modes < count.truncated
    assert count.mean_profile.max() == 1.0
    assert np.all(count.mean_profile[count.cutoff_mode + 1 :] < count.spectrum_floor)
    assert count.mean_profile[count.cutoff_mode] >= count.spectrum_floor


def test_effective_parameters_do_not_depend_on_the_basis_of_degenerate_modes():
    # Block-spin matrices have many exactly degenerate pairs; rotating the basis
    # inside them (here: a random orthogonal change of the hidden units, which
    # leaves the left singular subspaces alone) must not change the count.
    L, block = 20, 12
    matrix = block_spin_matrix(L, block)
    rotation = scipy.linalg.qr(np.random.default_rng(9).standard_normal((100, 100)))[0]
    direct = effective_parameters(matrix, (L, L), (10, 10))
    rotated = effective_parameters(matrix @ rotation, (L, L), (10, 10))
    assert (rotated.kept, rotated.cutoff_mode, rotated.effective) == (
        direct.kept, direct.cutoff_mode, direct.effective)
    np.testing.assert_allclose(rotated.mean_profile, direct.mean_profile, atol=1e-9)


def test_effective_parameters_never_count_more_modes_than_sites():
    # Little overlap: at the 20 % threshold most modes are kept, including
    # rough ones, so no Fourier mode vanishes and no reduction is left.
    count = effective_parameters(block_spin_matrix(16, 4), (16, 16), (8, 8))
    assert count.cutoff_mode == count.max_radial_mode
    assert count.lattice_modes == 256
    assert count.effective == count.truncated


@pytest.mark.parametrize(
    ("visible_shape", "kwargs", "message"),
    [
        ((4, 4), {"threshold": 0.0}, "threshold"),
        ((4, 4), {"threshold": 1.5}, "threshold must be in"),
        ((4, 4), {"spectrum_floor": float("nan")}, "spectrum_floor"),
        ((2, 8), {}, "visible_shape must be"),
        ((16,), {}, "visible_shape must be"),
    ],
)
def test_effective_parameters_refuses_bad_input(visible_shape, kwargs, message):
    with pytest.raises(ValueError, match=message):
        effective_parameters(np.ones((16, 4)), visible_shape, (2, 2), **kwargs)


def test_effective_parameters_refuses_a_zero_weight():
    with pytest.raises(ValueError, match="weight must not be all zero"):
        effective_parameters(np.zeros((16, 4)), (4, 4), (2, 2))


def test_alignment_refuses_data_too_constant_to_define_the_subspace(axes):
    weight = _weight_with_left_vectors(axes[:, :5], n_hidden=8, seed=1)
    with pytest.raises(ValueError, match="data must vary in at least k = 5 directions"):
        alignment_eigenvalues(weight, np.full((40, 20), 0.1), k=5)
    varies_in_three = _data_with_axes(axes[:, :3], np.array([3.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match="only 3 principal variances"):
        alignment_eigenvalues(weight, np.vstack([varies_in_three] * 3), k=5)


def test_alignment_refuses_a_weight_of_too_low_rank(axes):
    data = _data_with_axes(axes, np.linspace(10.0, 1.0, 20))
    with pytest.raises(ValueError, match="weight must have rank >= k = 5.*got rank 0"):
        alignment_eigenvalues(np.zeros((20, 8)), data, k=5)
    with pytest.raises(ValueError, match="got rank 3"):
        alignment_eigenvalues(_weight_with_left_vectors(axes[:, :3], n_hidden=8, seed=1), data, k=5)
