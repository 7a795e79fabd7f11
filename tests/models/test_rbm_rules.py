"""The update rules fit gains for the protocol study: hidden means in the statistics, weight decay."""

import math

import numpy as np
import pytest
import torch

from rglib.models.rbm import RBM, fit, require_rule, run_key
from rglib.models.snapshots import train_in_stretches
from tests.models.test_rbm import _explicit_gradients, parameters_of, random_rbm

SPINS = np.random.default_rng(3).choice([-1.0, 1.0], size=(40, 5))


@pytest.mark.parametrize("k", [1, 2])
def test_means_statistics_are_eqs_A12_to_A17_with_tanh_in_place_of_the_hidden_samples(k):
    """Replay the generator: the chain is sampled as with samples; the statistics take the means."""
    model = random_rbm(4, 3, seed=8)
    weight, visible_bias, hidden_bias = parameters_of(model)
    v_hat = np.random.default_rng(9).choice([-1.0, 1.0], size=(6, 4))
    result = model.contrastive_divergence(v_hat, k=k, generator=torch.Generator().manual_seed(11),
                                          hidden_statistics="means")
    replay = torch.Generator().manual_seed(11)

    def field(states, matrix, bias):
        return np.asarray(states) @ matrix + bias

    def draw(states, matrix, bias):
        shape = (len(states), len(bias))
        uniform = torch.rand(shape, generator=replay, dtype=torch.float64).numpy()
        return np.where(uniform < 0.5 * (1 + np.tanh(field(states, matrix, bias))), 1.0, -1.0)

    h_state = draw(v_hat, weight, hidden_bias)
    for step in range(k):
        v_tilde = draw(h_state, weight.T, visible_bias)
        if step < k - 1:
            h_state = draw(v_tilde, weight, hidden_bias)
    h_hat_mean = np.tanh(field(v_hat, weight, hidden_bias))
    h_tilde_mean = np.tanh(field(v_tilde, weight, hidden_bias))
    expected = _explicit_gradients(v_hat.tolist(), h_hat_mean.tolist(), v_tilde.tolist(), h_tilde_mean.tolist())
    for computed, exact in zip(result, expected):
        np.testing.assert_allclose(computed.numpy(), exact, atol=1e-12)
    assert result[3].numpy().tolist() == v_tilde.tolist()


def test_with_zero_weights_and_biases_the_means_statistics_give_exactly_zero_weight_gradient():
    model = RBM(5, 3, weight=np.zeros((5, 3)), dtype=torch.float64)
    grad_weight, _, grad_hidden, _ = model.contrastive_divergence(SPINS, hidden_statistics="means")
    assert torch.equal(grad_weight, torch.zeros(5, 3, dtype=torch.float64))
    assert torch.equal(grad_hidden, torch.zeros(3, dtype=torch.float64))
    grad_sampled = model.contrastive_divergence(SPINS)[0]
    assert grad_sampled.abs().max() > 0


@pytest.mark.parametrize("k", [1, 3])
def test_a_fit_step_with_means_is_the_replayed_contrastive_divergence_step(k):
    """One batch, one epoch: fit's fused step equals W + lr * contrastive_divergence(..., means)."""
    start = random_rbm(5, 3, seed=4)
    model = random_rbm(5, 3, seed=4)
    fit(model, SPINS, epochs=1, batch_size=len(SPINS), lr=0.1, k=k, hidden_statistics="means")
    order = torch.randperm(len(SPINS), generator=start.generator)
    grads = start.contrastive_divergence(SPINS[order.numpy()], k=k, hidden_statistics="means")
    np.testing.assert_allclose(model.weight.numpy(), (start.weight + 0.1 * grads[0]).numpy(), atol=1e-12)
    np.testing.assert_allclose(model.hidden_bias.numpy(), (start.hidden_bias + 0.1 * grads[2]).numpy(),
                               atol=1e-12)


@pytest.mark.parametrize("persistent", [False, True])
def test_weight_decay_subtracts_exactly_lr_times_decay_times_the_old_weight(persistent):
    """Same seed, same draws: the decayed step differs from the plain one by -lr * decay * W0 only."""
    plain, decayed = random_rbm(5, 3, seed=6), random_rbm(5, 3, seed=6)
    w0 = plain.weight.clone()
    fit(plain, SPINS, epochs=1, batch_size=len(SPINS), lr=0.05, persistent=persistent)
    fit(decayed, SPINS, epochs=1, batch_size=len(SPINS), lr=0.05, persistent=persistent, weight_decay=0.7)
    np.testing.assert_allclose((decayed.weight - plain.weight).numpy(), (-0.05 * 0.7 * w0).numpy(), atol=1e-12)
    assert torch.equal(decayed.visible_bias, plain.visible_bias)


def test_the_default_rule_keeps_the_old_run_keys_and_the_others_enter_them():
    model = RBM(5, 3, seed=0)
    old = run_key(model, "d", None, 2, 30, 0.05, 1, False, "fp32")
    assert run_key(model, "d", None, 2, 30, 0.05, 1, False, "fp32", False, "samples", 0.0) == old
    assert run_key(model, "d", None, 2, 30, 0.05, 1, False, "fp32", False, "means")["hidden_statistics"] == "means"
    assert run_key(model, "d", None, 2, 30, 0.05, 1, False, "fp32", False, "samples", 0.5)["weight_decay"] == "0.5"


def test_stretches_pass_the_rule_on_to_fit():
    one, two = RBM(5, 3, seed=2), RBM(5, 3, seed=2)
    fit(one, SPINS, epochs=3, batch_size=10, lr=0.05, hidden_statistics="means", weight_decay=0.3)
    for _ in train_in_stretches(two, SPINS, (1, 3), batch_size=10, lr=0.05, hidden_statistics="means",
                                weight_decay=0.3):
        pass
    assert torch.equal(one.weight, two.weight)


@pytest.mark.parametrize("statistics, decay, name", [
    ("mean", 0.0, "hidden_statistics"), (None, 0.0, "hidden_statistics"),
    ("samples", -0.1, "weight_decay"), ("samples", math.nan, "weight_decay"), ("samples", "0", "weight_decay"),
])
def test_bad_rules_are_refused_naming_the_argument(statistics, decay, name):
    with pytest.raises(ValueError, match=name):
        require_rule(statistics, decay)
