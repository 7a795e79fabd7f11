"""Tests of rglib.analysis.rg: a smooth field sampled on two lattices is an exact RG pair."""

from __future__ import annotations

import math

import numpy as np
import pytest
from tests.lattice_fields import smooth_field

from rglib.analysis.fourier_shells import symmetry_shells
from rglib.analysis.rg import rg_consistency

pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize(("visible_side", "hidden_side"), [(32, 16), (18, 9), (40, 20)])
def test_a_smooth_field_on_both_lattices_is_consistent(visible_side, hidden_side):
    field = smooth_field(visible_side, (hidden_side - 1) // 2)
    score = rg_consistency(field, field[::2, ::2])
    assert score.distance < 1e-12
    assert score.radial_distance < 1e-12
    assert score.random_distance > 0.8


def test_consistency_ignores_scale_and_sign_and_reads_flat_vectors():
    field = smooth_field(16, 3)
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
    field = smooth_field(16, 3)
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


def test_more_random_fields_than_the_machine_holds_are_refused_naming_n_random():
    field = smooth_field(8, 1)
    with pytest.raises(ValueError, match=r"^n_random = 1000000000 would need .* GiB of memory"):
        rg_consistency(field, field[::2, ::2], n_random=10**9)


def test_symmetry_shells_of_a_lattice_larger_than_the_machine_are_refused_naming_L():
    with pytest.raises(ValueError, match=r"^L = 100000 would need .* GiB of memory"):
        symmetry_shells(10**5)
