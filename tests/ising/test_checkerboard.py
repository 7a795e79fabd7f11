import numpy as np
import pytest

from rglib.ising import checkerboard, energy_per_spin, magnetization
from rglib.ising.metropolis_cpu import energy_and_magnetization_cpu


def _random_lattices(n, size, seed=0):
    return np.where(np.random.default_rng(seed).random((n, size, size)) < 0.5, 1, -1).astype(np.int8)


def test_sublattice_layout_round_trips():
    for size in (2, 4, 6, 10):
        spins = _random_lattices(5, size)
        assert np.array_equal(checkerboard.from_sublattices(checkerboard.to_sublattices(spins)), spins)


def test_sublattice_colours_are_the_checkerboard():
    size = 6
    rows, columns = np.indices((size, size))
    labels = (rows * size + columns)[None]
    sub = checkerboard.to_sublattices(labels)
    colour = (rows + columns) % 2
    assert set(sub[0, 0].ravel()) == set(labels[0][colour == 0])
    assert set(sub[0, 1].ravel()) == set(labels[0][colour == 1])


def test_sublattice_energy_equals_direct_bond_sum():
    for size in (2, 4, 8):
        spins = _random_lattices(7, size, seed=size)
        energy, total_m = checkerboard.energy_and_magnetization(checkerboard.to_sublattices(spins))
        assert np.allclose(energy / size**2, energy_per_spin(spins))
        assert np.allclose(total_m / size**2, magnetization(spins))


def test_observables_of_simple_states():
    up = np.ones((4, 4), dtype=np.int8)
    stripes = np.tile(np.array([1, -1], dtype=np.int8), (4, 2))
    chessboard = np.where(np.indices((4, 4)).sum(0) % 2 == 0, 1, -1)
    assert energy_per_spin(up) == -2.0 and magnetization(up) == 1.0
    assert energy_per_spin(chessboard) == 2.0 and magnetization(chessboard) == 0.0
    assert energy_per_spin(stripes) == 0.0


def test_compiled_observables_equal_the_array_version():
    for size in (2, 4, 10):
        sub = checkerboard.to_sublattices(_random_lattices(6, size, seed=10 + size))
        energy, total_m = energy_and_magnetization_cpu(sub)
        expected_energy, expected_m = checkerboard.energy_and_magnetization(sub)
        assert np.array_equal(energy, expected_energy) and np.array_equal(total_m, expected_m)


def test_observables_refuse_spins_that_are_not_real_plus_or_minus_one():
    complex_, boolean, text = np.full((4, 4), 1j), np.ones((4, 4), dtype=bool), np.full((4, 4), "1")
    for spins in (complex_, boolean, text, [[1, -1], [1]]):
        for observable in (energy_per_spin, magnetization):
            with pytest.raises(ValueError, match="^spins must"):
                observable(spins)
