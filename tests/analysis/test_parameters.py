"""Tests of rglib.analysis.parameters: the paper's count is arithmetic, the measured one exact."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
from tests.lattice_fields import annulus_counts_by_loops, plane_wave

from rglib.analysis.blockspin import block_spin_matrix, block_spin_singular_values
from rglib.analysis.parameters import effective_parameters, paper_parameter_count

pytestmark = pytest.mark.filterwarnings("error")


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
    waves = [plane_wave(L, 1, 0), plane_wave(L, 0, 2), plane_wave(L, 3, 0)]
    visible = np.array([w.ravel() / np.linalg.norm(w) for w in waves])
    weight = visible.T @ np.diag([1.0, 0.6, 0.3]) @ np.eye(3, 4)
    count = effective_parameters(weight, (L, L), (2, 2))
    counts = annulus_counts_by_loops(L)
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
    counts = annulus_counts_by_loops(L)
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
