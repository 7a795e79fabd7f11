"""Tests of rglib.analysis.alignment: projectors onto known subspaces have known overlaps."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

from rglib.analysis.alignment import alignment_eigenvalues, principal_axes, subspace_alignment

pytestmark = pytest.mark.filterwarnings("error")


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


def test_principal_axes_are_the_covariances_top_eigenvectors(axes):
    scales = np.linspace(10.0, 1.0, 20)
    data = _data_with_axes(axes, scales)
    principal = principal_axes(data, 4)
    expected = np.linalg.eigvalsh(np.cov(data, rowvar=False))[::-1]
    np.testing.assert_allclose(principal.variances, expected[:4], rtol=1e-10)
    np.testing.assert_allclose(np.abs(np.sum(principal.axes * axes[:, :4], axis=0)), 1.0, atol=1e-10)
    assert principal.k == 4 and principal.n_samples == 40
    first = principal.top(2)
    np.testing.assert_array_equal(first.axes, principal.axes[:, :2])
    np.testing.assert_array_equal(first.variances, principal.variances[:2])
    for bad_k, message in ((5, "k must be at most the 4 axes held"), (0, "k must be"), (2.0, "k must be")):
        with pytest.raises(ValueError, match=message):
            principal.top(bad_k)


@pytest.mark.parametrize(("dtype", "scale", "n"), [
    (np.int8, 1, 4000),      # +-1 spins: float32 sums, exact
    (np.int16, 1000, 40),    # sums beyond 2**24: float64
])
def test_integer_data_give_the_float64_result_exactly(dtype, scale, n):
    rng = np.random.default_rng(5)
    spins = (rng.choice([-1, 1], size=(n, 36)) * rng.integers(1, 3, size=36)).astype(dtype) * scale
    exact, as_floats = principal_axes(spins, 5), principal_axes(spins.astype(np.float64), 5)
    np.testing.assert_array_equal(exact.variances, as_floats.variances)
    np.testing.assert_array_equal(exact.axes, as_floats.axes)


def test_one_set_of_axes_serves_several_weights(axes):
    data = _data_with_axes(axes, np.linspace(10.0, 1.0, 20))
    principal = principal_axes(data, 3)
    for seed in range(3):
        weight = np.random.default_rng(seed).standard_normal((20, 6))
        np.testing.assert_array_equal(subspace_alignment(weight, principal),
                                      alignment_eigenvalues(weight, data, 3))


@pytest.mark.parametrize(("weight", "message"), [
    (np.ones((19, 6)), "weight must have the data's n_visible = 20 rows"),
    (np.ones((20, 2)), "weight must have at least k = 3 columns"),
])
def test_subspace_alignment_refuses_a_weight_of_other_data(axes, weight, message):
    principal = principal_axes(_data_with_axes(axes, np.linspace(10.0, 1.0, 20)), 3)
    with pytest.raises(ValueError, match=message):
        subspace_alignment(weight, principal)
    with pytest.raises(TypeError, match="principal must be a PrincipalAxes"):
        subspace_alignment(np.ones((20, 6)), principal.axes)


@pytest.mark.parametrize("data", [
    # n max**2 = 2 * 4095**2 = 33,538,050: just over 2**24 (and under 2**25), where float32
    # spaces its numbers 2 apart; the sums of squares here are odd, so float32 would round them.
    np.array([[4095, 4093, -4091, 4089], [4094, -4092, 4090, 4088]], dtype=np.int16),
    # many samples of large integers: far beyond the bound
    np.random.default_rng(6).integers(-3000, 3001, size=(50, 8)).astype(np.int16),
])
def test_integer_data_beyond_the_float32_exactness_bound_are_multiplied_in_float64(data):
    """Loosening the bound (even by a factor of 2) or removing it sends these through float32."""
    assert len(data) * int(np.abs(data).max()) ** 2 >= 2**24
    exact, as_floats = principal_axes(data, 1), principal_axes(data.astype(np.float64), 1)
    np.testing.assert_array_equal(exact.variances, as_floats.variances)
    np.testing.assert_array_equal(exact.axes, as_floats.axes)
