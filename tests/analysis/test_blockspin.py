"""Tests of rglib.analysis.blockspin against results exact by construction.

Block geometry is checked site by site against hand-written counts, the
Kronecker shortcut against direct SVDs of the full matrices, and the block
size search against weights built from known block sizes.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg

from rglib.analysis.blockspin import (
    best_block_size, block_spin_matrix, block_spin_modes, block_spin_singular_values, coarse_grain,
)

pytestmark = pytest.mark.filterwarnings("error")


# --------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------


@pytest.mark.parametrize("L", [4, 8, 16])
def test_non_overlapping_two_by_two_blocks_have_every_singular_value_two(L):
    matrix = block_spin_matrix(L, block=2)
    assert matrix.shape == (L * L, (L // 2) ** 2)
    assert matrix.dtype == np.float64
    np.testing.assert_allclose(scipy.linalg.svdvals(matrix), 2.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(block_spin_singular_values(L, 2), 2.0, rtol=0, atol=1e-12)
    # Every site lies in exactly one block, every block holds 4 sites.
    np.testing.assert_array_equal(matrix.sum(axis=1), 1.0)
    np.testing.assert_array_equal(matrix.sum(axis=0), 4.0)


def test_two_by_two_blocks_are_the_sites_2I_2I_plus_1():
    matrix = block_spin_matrix(8, block=2)
    for I in range(4):
        for J in range(4):
            expected = np.zeros((8, 8))
            expected[2 * I : 2 * I + 2, 2 * J : 2 * J + 2] = 1.0
            np.testing.assert_array_equal(matrix[:, I * 4 + J].reshape(8, 8), expected)


# Sites per block on the 8 x 8 lattice, written out by hand.  Block 4 covers
# rows 2I-1 .. 2I+2: 0..2, 1..4, 3..6, 5..7 after discarding rows -1 and 8.
# Block 5 covers rows 2I-2 .. 2I+2: 0..2, 0..4, 2..6, 4..7.  Block 7 covers
# rows 2I-3 .. 2I+3: 0..3, 0..5, 1..7, 3..7.
_ROWS_PER_BLOCK_L8 = {
    1: [1, 1, 1, 1],
    2: [2, 2, 2, 2],
    3: [2, 3, 3, 3],
    4: [3, 4, 4, 3],
    5: [3, 5, 5, 4],
    7: [4, 6, 7, 5],
}


@pytest.mark.parametrize("block", sorted(_ROWS_PER_BLOCK_L8))
def test_column_counts_are_the_block_area_minus_discarded_edge_sites(block):
    rows = np.array(_ROWS_PER_BLOCK_L8[block])
    counts = block_spin_matrix(8, block).sum(axis=0).reshape(4, 4)
    np.testing.assert_array_equal(counts, np.outer(rows, rows))


def test_block_positions_for_odd_and_even_blocks():
    # Odd block 3 is centred on (2I, 2J): block (1, 2) covers rows 1..3, columns 3..5.
    column = block_spin_matrix(8, block=3)[:, 1 * 4 + 2].reshape(8, 8)
    expected = np.zeros((8, 8))
    expected[1:4, 3:6] = 1.0
    np.testing.assert_array_equal(column, expected)
    # Even block 4 reaches one further down and right: rows 1..4, columns 3..6.
    column = block_spin_matrix(8, block=4)[:, 1 * 4 + 2].reshape(8, 8)
    expected = np.zeros((8, 8))
    expected[1:5, 3:7] = 1.0
    np.testing.assert_array_equal(column, expected)


def test_stride_three_and_one():
    matrix = block_spin_matrix(6, block=3, stride=3)  # rows 3I-1 .. 3I+1
    counts = matrix.sum(axis=0).reshape(2, 2)
    np.testing.assert_array_equal(counts, [[4, 6], [6, 9]])
    assert block_spin_matrix(5, block=1, stride=1).shape == (25, 25)
    np.testing.assert_array_equal(block_spin_matrix(5, block=1, stride=1), np.eye(25))


def test_growing_overlap_concentrates_the_spectrum():
    fractions = []
    for block in (2, 4, 8, 12):
        values = block_spin_singular_values(32, block)
        top = len(values) // 10
        fractions.append(np.sum(values[:top] ** 2) / np.sum(values**2))
    assert fractions[0] == pytest.approx(25 / 256)  # flat spectrum: exactly 10 %
    assert np.all(np.diff(fractions) > 0), fractions


# --------------------------------------------------------------------------
# Kronecker structure
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("L", "stride"), [(4, 2), (6, 2), (8, 2), (10, 2), (6, 3), (9, 3), (5, 1)]
)
def test_kronecker_singular_values_equal_the_direct_svd(L, stride):
    for block in range(1, L + 3):
        direct = scipy.linalg.svdvals(block_spin_matrix(L, block, stride))
        np.testing.assert_allclose(
            block_spin_singular_values(L, block, stride), direct, rtol=0, atol=1e-10 * direct[0]
        )


@pytest.mark.parametrize(("L", "stride"), [(4, 2), (6, 2), (9, 3), (5, 1)])
def test_coarse_grain_equals_the_product_with_the_matrix(L, stride):
    fields = np.random.default_rng(L).standard_normal((3, L * L))
    for block in range(1, L + 3):
        np.testing.assert_allclose(coarse_grain(fields, L, block, stride),
                                   fields @ block_spin_matrix(L, block, stride), rtol=1e-12, atol=1e-12)


def test_coarse_grain_refuses_fields_of_another_lattice():
    with pytest.raises(ValueError, match=r"\bfields\b"):
        coarse_grain(np.zeros((2, 15)), 4, 2)


@pytest.mark.parametrize(("L", "block"), [(8, 4), (10, 3), (12, 7)])
def test_block_spin_modes_are_an_svd_of_the_matrix(L, block):
    matrix = block_spin_matrix(L, block)
    modes = block_spin_modes(L, block)
    n = L // 2
    visible = modes.visible.reshape(n * n, L * L)
    hidden = modes.hidden.reshape(n * n, n * n)
    np.testing.assert_allclose(modes.values, scipy.linalg.svdvals(matrix), atol=1e-10)
    np.testing.assert_allclose((visible.T * modes.values) @ hidden, matrix, atol=1e-10)
    np.testing.assert_allclose(visible @ visible.T, np.eye(n * n), atol=1e-10)
    np.testing.assert_allclose(hidden @ hidden.T, np.eye(n * n), atol=1e-10)
    assert np.all(np.diff(modes.values) <= 0)
    # Sign convention: the visible sums are positive unless they vanish.
    sums = visible.sum(axis=1)
    assert np.all((sums > 0) | (np.abs(sums) < 1e-8))


def test_block_spin_modes_are_separable_fields():
    modes = block_spin_modes(12, block=5)
    for field in (*modes.visible[:6], *modes.hidden[:6]):
        assert np.linalg.matrix_rank(field, tol=1e-10) == 1


# --------------------------------------------------------------------------
# Best block size
# --------------------------------------------------------------------------


@pytest.mark.parametrize("block", [2, 3, 4, 6, 9, 13])
def test_best_block_size_recovers_a_scaled_noisy_block_matrix(block):
    rng = np.random.default_rng(block)
    scale = rng.uniform(0.01, 10.0)
    exact = scale * block_spin_matrix(16, block)
    noisy = exact + 1e-3 * scale * rng.standard_normal(exact.shape)
    match = best_block_size(noisy, L=16)
    assert match.block == block
    assert match.scale == pytest.approx(scale, rel=0.01)
    assert match.distance < 0.01
    np.testing.assert_array_equal(match.candidates, np.arange(2, 17))
    assert match.distances.shape == (15,)
    assert match.distances[match.candidates == block][0] == match.distance
    np.testing.assert_allclose(
        match.singular_values, scipy.linalg.svdvals(noisy), atol=1e-7 * match.singular_values[0]
    )
    np.testing.assert_allclose(
        match.block_singular_values, match.scale * block_spin_singular_values(16, block)
    )


def test_best_block_size_without_noise_is_exact():
    match = best_block_size(0.25 * block_spin_matrix(12, 5), L=12, candidates=[3, 5, 7])
    assert match.block == 5
    assert match.scale == pytest.approx(0.25, rel=1e-10)
    assert match.distance < 1e-10
    assert np.all(match.distances[[0, 2]] > 0.01)


def test_best_block_size_uses_only_the_singular_values():
    # Block 6's singular values on random singular vectors: still block 6, exactly.
    rng = np.random.default_rng(5)
    left = scipy.linalg.qr(rng.standard_normal((256, 64)), mode="economic")[0]
    right = scipy.linalg.qr(rng.standard_normal((64, 64)))[0]
    weight = (left * block_spin_singular_values(16, 6)) @ right.T
    match = best_block_size(weight, L=16)
    assert match.block == 6
    assert match.scale == pytest.approx(1.0, rel=1e-10)
    assert match.distance < 1e-8


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"L": 1, "block": 1}, "L"),
        ({"L": 7, "block": 2}, "L must be divisible by stride"),
        ({"L": 8.0, "block": 2}, "L"),
        ({"L": 8, "block": 0}, "block"),
        ({"L": 8, "block": 2.5}, "block"),
        ({"L": 8, "block": 2, "stride": 0}, "stride"),
        ({"L": 8, "block": True}, "block"),
    ],
)
def test_bad_geometry_is_refused(kwargs, name):
    for function in (block_spin_matrix, block_spin_singular_values, block_spin_modes):
        with pytest.raises(ValueError, match=name):
            function(**kwargs)


@pytest.mark.parametrize(
    ("weight", "kwargs", "message"),
    [
        (np.ones((64, 15)), {}, "weight must have shape"),
        (np.ones(64 * 16), {}, "weight must be 2-dimensional"),
        (np.full((64, 16), np.nan), {}, "weight must contain only finite"),
        (np.full((64, 16), np.inf), {}, "weight must contain only finite"),
        (np.zeros((64, 16)), {}, "weight must not be all zero"),
        (np.ones((64, 16), dtype=complex), {}, "weight must be a real"),
        ([["a"] * 16] * 64, {}, "weight must be a real"),
        (np.ones((64, 16)), {"candidates": []}, "candidates"),
        (np.ones((64, 16)), {"candidates": [0, 2]}, "candidates"),
        (np.ones((64, 16)), {"candidates": [2.5]}, "candidates"),
        (np.ones((64, 16)), {"stride": 3}, "L must be divisible by stride"),
    ],
)
def test_best_block_size_refuses_bad_input(weight, kwargs, message):
    with pytest.raises(ValueError, match=message):
        best_block_size(weight, L=8, **kwargs)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_coarse_grain_refuses_non_finite_fields_naming_them(bad):
    fields = np.ones((2, 64))
    fields[1, 5] = bad
    with pytest.raises(ValueError, match=r"^fields must contain only finite numbers"):
        coarse_grain(fields, 8, 2)


def test_a_block_spin_matrix_larger_than_the_machine_is_refused_naming_L():
    with pytest.raises(ValueError, match=r"^L = 2000 would need .* GiB of memory"):
        block_spin_matrix(2000, 2)
