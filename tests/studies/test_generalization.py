"""rglib.studies.generalization: exact log-likelihoods against a brute-force sum over the joint states."""

import itertools

import numpy as np
import pytest
import torch
from scipy.special import logsumexp

from rglib.studies import generalization
from rglib.models.rbm import RBM


def _random_rbm(seed=0):
    rng = np.random.default_rng(seed)
    return RBM(5, 3, weight=0.5 * rng.standard_normal((5, 3)), visible_bias=0.3 * rng.standard_normal(5),
               hidden_bias=0.3 * rng.standard_normal(3), dtype=torch.float64)


def test_log_partition_is_the_sum_over_every_joint_state():
    rbm = _random_rbm()
    states = [np.array(s, dtype=float) for s in itertools.product((-1, 1), repeat=5)]
    hidden = [np.array(s, dtype=float) for s in itertools.product((-1, 1), repeat=3)]
    w, b, c = (t.detach().numpy() for t in (rbm.weight, rbm.visible_bias, rbm.hidden_bias))
    minus_energies = [v @ w @ h + v @ b + h @ c for v in states for h in hidden]
    assert generalization.exact_log_partition(rbm) == pytest.approx(logsumexp(minus_energies), rel=1e-12)


def test_probabilities_sum_to_one():
    rbm = _random_rbm(1)
    states = generalization.all_spin_states(5)
    log_z = generalization.exact_log_partition(rbm)
    with torch.no_grad():
        log_p = -rbm.free_energy(states).numpy() - log_z
    assert np.exp(log_p).sum() == pytest.approx(1.0, rel=1e-12)


def test_ising_entropy_of_the_2x2_torus():
    # 2x2 periodic: each bond counted twice; all equal: E = -8 (2 states), one flipped: E = 0 (4+4+4...)
    spins = generalization.all_spin_states(4).reshape(-1, 2, 2)
    energy = -(spins * np.roll(spins, 1, 1) + spins * np.roll(spins, 1, 2)).sum(axis=(1, 2))
    weights = np.exp(-energy / 2.0)
    p = weights / weights.sum()
    assert generalization.ising_entropy(2, 2.0) == pytest.approx(-(p * np.log(p)).sum())


def test_too_many_visible_units_are_refused():
    with pytest.raises(ValueError, match="at most 20"):
        generalization.all_spin_states(21)
