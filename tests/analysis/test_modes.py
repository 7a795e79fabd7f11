"""Tests of rglib.analysis.modes: the singular modes of known weights and their sign convention."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

from rglib.analysis.modes import singular_modes

pytestmark = pytest.mark.filterwarnings("error")


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
