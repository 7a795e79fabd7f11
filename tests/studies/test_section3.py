"""rglib.studies.section3 on data whose answer is known: noise, a planted subspace, identical networks."""

import numpy as np
import pytest
import torch

from rglib.studies import section3
from rglib.models.rbm import RBM


def _planted(n, p=40, k=3, seed=0):
    """Samples with k strong directions (variance 25) plus unit noise."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.standard_normal((p, k)))[0]
    return rng.standard_normal((n, k)) * 5 @ basis.T + rng.standard_normal((n, p))


def test_white_noise_has_no_large_eigenvalues():
    count, _, _ = section3.large_eigenvalue_count(np.random.default_rng(1).standard_normal((2000, 40)))
    assert count == 0


def test_a_planted_subspace_passes_and_noise_stays_at_chance():
    planted = section3.solvability(_planted(6000), [100, 200, 400, 800], repeats=3, growth_tolerance=0.05)
    assert planted.stopped and planted.k == 3
    assert min(planted.alignments) > 0.95
    noise = section3.solvability(np.random.default_rng(2).standard_normal((6000, 40)), [100, 200, 400, 800],
                                 repeats=3, k=3, growth_tolerance=0.05)
    assert max(noise.alignments) < 0.5


def test_noise_orthogonal_to_a_low_rank_weight_is_not_transmitted():
    rng = np.random.default_rng(3)
    weight = np.outer(rng.standard_normal(16), rng.standard_normal(4)) * 0.1  # rank one
    rbm = RBM(16, 4, weight=weight, dtype=torch.float64)
    inputs = rng.choice([-1.0, 1.0], size=(50, 16))
    result = section3.noise_transmission(rbm, inputs, k=1, strengths=(0.01, 0.1))
    assert np.all(result.irrelevant < 1e-12) and np.all(result.relevant > 1e-3)


def test_identical_networks_compare_as_identical():
    rbm = RBM(16, 4, seed=0, dtype=torch.float64)
    unseen = np.random.default_rng(4).choice([-1.0, 1.0], size=(30, 16))
    comparison = section3.compare_networks(rbm, rbm, unseen, k=2)
    assert comparison.relevant_alignment == pytest.approx(1.0)
    assert comparison.free_energy_correlation == pytest.approx(1.0)
    assert comparison.reconstruction_difference == 0.0
