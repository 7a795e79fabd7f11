"""The RBM model (rglib.models.rbm) against exact results: hand-written sums and enumeration."""

import itertools
import math

import numpy as np
import pytest
import torch

from rglib.models.rbm import RBM


def all_states(n):
    """All 2^n vectors of +-1, as a float64 array of shape (2^n, n)."""
    return np.array(list(itertools.product((-1.0, 1.0), repeat=n)))


def random_spins(n, size, seed):
    return np.random.default_rng(seed).choice(np.array([-1, 1], dtype=np.int8), size=(n, size))


def random_rbm(n_visible, n_hidden, seed, scale=0.7):
    rng = np.random.default_rng(seed)
    return RBM(
        n_visible, n_hidden, dtype=torch.float64,
        weight=rng.normal(0, scale, (n_visible, n_hidden)),
        visible_bias=rng.normal(0, scale, n_visible), hidden_bias=rng.normal(0, scale, n_hidden),
    )


def parameters_of(model):
    return [getattr(model, name).detach().cpu().numpy().astype(np.float64)
            for name in ("weight", "visible_bias", "hidden_bias")]


def _energy_table(model):
    """All visible states, all hidden states, and E(v, h) of Eq. (A1) for every pair, in NumPy."""
    weight, visible_bias, hidden_bias = parameters_of(model)
    visible, hidden = all_states(model.n_visible), all_states(model.n_hidden)
    energy = -(visible @ weight @ hidden.T)
    energy -= (visible @ visible_bias)[:, None] + (hidden @ hidden_bias)[None, :]
    return visible, hidden, energy


def _exact_joint(model):
    """Visible states, hidden states and p(v, h) = exp(-E) / Z by enumeration."""
    visible, hidden, energy = _energy_table(model)
    weights = np.exp(-(energy - energy.min()))
    return visible, hidden, weights / weights.sum()


def exact_marginal(model):
    visible, _, joint = _exact_joint(model)
    return visible, joint.sum(axis=1)


# ------------------------------------------------------------------ the model
def test_energy_is_eq_A1_summed_term_by_term():
    model = random_rbm(5, 3, seed=1)
    weight, visible_bias, hidden_bias = parameters_of(model)
    rng = np.random.default_rng(2)
    v, h = rng.choice([-1.0, 1.0], size=5), rng.choice([-1.0, 1.0], size=3)
    expected = 0.0
    for i in range(5):
        for a in range(3):
            expected -= v[i] * weight[i, a] * h[a]
        expected -= v[i] * visible_bias[i]
    for a in range(3):
        expected -= h[a] * hidden_bias[a]
    assert float(model.energy(v, h)) == pytest.approx(expected, rel=1e-12)


def test_conditionals_are_eqs_A10_A11_written_out():
    model = random_rbm(5, 4, seed=3)
    weight, visible_bias, hidden_bias = parameters_of(model)
    rng = np.random.default_rng(4)
    v, h = rng.choice([-1.0, 1.0], size=(3, 5)), rng.choice([-1.0, 1.0], size=(3, 4))
    hidden, visible = model.hidden_probability(v).numpy(), model.visible_probability(h).numpy()
    for sample in range(3):
        for a in range(4):
            field = sum(weight[i, a] * v[sample, i] for i in range(5)) + hidden_bias[a]
            assert hidden[sample, a] == pytest.approx(0.5 * (1 + math.tanh(field)), rel=1e-12)
        for i in range(5):
            field = sum(weight[i, a] * h[sample, a] for a in range(4)) + visible_bias[i]
            assert visible[sample, i] == pytest.approx(0.5 * (1 + math.tanh(field)), rel=1e-12)


def test_conditionals_and_means_equal_those_of_the_enumerated_joint_distribution():
    model = random_rbm(4, 3, seed=5)
    visible, hidden, joint = _exact_joint(model)
    hidden_given_visible = joint / joint.sum(axis=1, keepdims=True)
    visible_given_hidden = (joint / joint.sum(axis=0, keepdims=True)).T
    mean_hidden, mean_visible = hidden_given_visible @ hidden, visible_given_hidden @ visible

    def check(computed, expected):
        np.testing.assert_allclose(computed.numpy(), expected, rtol=1e-10, atol=1e-12)

    check(model.hidden_probability(visible), hidden_given_visible @ (hidden == 1))
    check(model.visible_probability(hidden), visible_given_hidden @ (visible == 1))
    check(model.hidden_mean(visible), mean_hidden)
    check(model.transform(visible), mean_hidden)
    check(model.visible_mean(hidden), mean_visible)
    weight, visible_bias, _ = parameters_of(model)
    check(model.reconstruct(visible), np.tanh(mean_hidden @ weight.T + visible_bias))


def test_free_energy_is_minus_log_of_the_sum_over_hidden_states():
    model = random_rbm(4, 3, seed=6, scale=2.0)
    visible, _, energy = _energy_table(model)
    expected = -np.log(np.exp(-energy).sum(axis=1))
    np.testing.assert_allclose(model.free_energy(visible).numpy(), expected, rtol=1e-12)


def test_samples_are_pm1_with_the_frequencies_of_the_conditionals():
    model = random_rbm(3, 2, seed=7)
    generator = torch.Generator().manual_seed(0)
    repeats = 40_000
    v = torch.tensor([[1.0, -1.0, 1.0]]).repeat(repeats, 1)
    h = torch.tensor([[-1.0, 1.0]]).repeat(repeats, 1)
    for samples, probability in [
        (model.sample_hidden(v, generator), model.hidden_probability(v[0])),
        (model.sample_visible(h, generator), model.visible_probability(h[0])),
    ]:
        assert set(samples.unique().tolist()) <= {-1.0, 1.0}
        frequency = (samples == 1).double().mean(0)
        sigma = torch.sqrt(probability * (1 - probability) / repeats)
        assert torch.all((frequency - probability).abs() < 5 * sigma)


# ------------------------------------------------------ contrastive divergence
def _saturated_rbm():
    """Weights +-20 with odd fan-in and biases +-0.25: every field is an odd multiple of 20
    plus +-0.25, so tanh is exactly +-1 in float32 and every sample is the sign of its field."""
    signs = [[1, -1, 1], [1, 1, -1], [-1, 1, 1], [1, -1, -1], [-1, -1, 1]]
    return RBM(5, 3, weight=20.0 * np.array(signs, dtype=float),
               visible_bias=[0.25, -0.25, 0.25, 0.25, -0.25], hidden_bias=[0.25, -0.25, 0.25])


def _explicit_gradients(v_hat, h_hat, v_tilde, h_tilde):
    """Eqs. (A12)-(A17) as explicit sums over the batch."""

    def average(rows, i, a=None):
        return sum(row[i] if a is None else row[0][i] * row[1][a] for row in rows) / len(rows)

    data, model = list(zip(v_hat, h_hat)), list(zip(v_tilde, h_tilde))
    n_visible, n_hidden = len(v_hat[0]), len(h_hat[0])
    grad_weight = [[average(data, i, a) - average(model, i, a) for a in range(n_hidden)]
                   for i in range(n_visible)]
    grad_visible = [average(v_hat, i) - average(v_tilde, i) for i in range(n_visible)]
    grad_hidden = [average(h_hat, a) - average(h_tilde, a) for a in range(n_hidden)]
    return np.array(grad_weight), np.array(grad_visible), np.array(grad_hidden)


def _sign_of_field(states, weight, bias):
    """sign(sum_j state_j weight[j][a] + bias[a]) for every state and unit a."""
    return [[1.0 if sum(x * row[a] for x, row in zip(state, weight)) + bias[a] > 0 else -1.0
             for a in range(len(bias))] for state in states]


@pytest.mark.parametrize("k", [1, 2])
@pytest.mark.parametrize("persistent", [False, True])
def test_cd_gradient_is_eqs_A12_to_A17_on_a_batch_whose_samples_are_certain(k, persistent):
    model = _saturated_rbm()
    weight, visible_bias, hidden_bias = (p.tolist() for p in parameters_of(model))
    transposed = [list(column) for column in zip(*weight)]
    v_hat = [[1, 1, -1, 1, -1], [-1, 1, 1, -1, 1], [1, -1, -1, -1, 1]]
    chain = [[-1, -1, 1, 1, 1], [1, 1, 1, 1, 1]] if persistent else None
    h_hat = _sign_of_field(v_hat, weight, hidden_bias)
    h_tilde = _sign_of_field(chain, weight, hidden_bias) if persistent else h_hat
    for _ in range(k):
        v_tilde = _sign_of_field(h_tilde, transposed, visible_bias)
        h_tilde = _sign_of_field(v_tilde, weight, hidden_bias)
    *gradients, final = model.contrastive_divergence(v_hat, k=k, chain=chain)
    expected = _explicit_gradients(v_hat, h_hat, v_tilde, h_tilde)
    for computed, exact in zip(gradients, expected):
        np.testing.assert_allclose(computed.numpy(), exact, atol=1e-7)
    assert final.tolist() == v_tilde
    assert np.abs(expected[0]).max() > 0, "the batch should exercise a non-zero gradient"


def test_cd_gradient_is_eqs_A12_to_A17_with_the_generator_replayed():
    model = random_rbm(4, 3, seed=8)
    weight, visible_bias, hidden_bias = parameters_of(model)
    v_hat = np.random.default_rng(9).choice([-1.0, 1.0], size=(6, 4))
    result = model.contrastive_divergence(v_hat, k=2, generator=torch.Generator().manual_seed(11))
    replay = torch.Generator().manual_seed(11)

    def draw(states, matrix, bias):
        """One uniform per unit, in the order the model draws them; +1 below Eq. (A10)/(A11)."""
        shape = (len(states), len(bias))
        uniform = torch.rand(shape, generator=replay, dtype=torch.float64).numpy()
        fields = [[sum(state[i] * matrix[i][a] for i in range(len(state))) + bias[a]
                   for a in range(len(bias))] for state in states]
        return [[1.0 if uniform[s, a] < 0.5 * (1 + math.tanh(fields[s][a])) else -1.0
                 for a in range(len(bias))] for s in range(len(states))]

    h_hat = draw(v_hat, weight, hidden_bias)
    h_tilde = h_hat
    for _ in range(2):
        v_tilde = draw(h_tilde, weight.T, visible_bias)
        h_tilde = draw(v_tilde, weight, hidden_bias)
    for computed, expected in zip(result, _explicit_gradients(v_hat, h_hat, v_tilde, h_tilde)):
        np.testing.assert_allclose(computed.numpy(), expected, atol=1e-12)
    assert result[3].tolist() == v_tilde


# ----------------------------------------------------------------- bad input
GOOD = random_spins(20, 4, seed=20)


@pytest.mark.parametrize("build, name", [
    (lambda: RBM(4.0, 3), "n_visible"),
    (lambda: RBM(0, 3), "n_visible"),
    (lambda: RBM(4, "3"), "n_hidden"),
    (lambda: RBM(4, 3, seed=-1), "seed"),
    (lambda: RBM(4, 3, weight=np.full((4, 3), np.nan)), "weight"),
    (lambda: RBM(4, 3, weight=np.zeros((3, 4))), "weight"),
    (lambda: RBM(4, 3, visible_bias=np.zeros(3)), "visible_bias"),
    (lambda: RBM(4, 3, hidden_bias=[0.0, np.inf, 0.0]), "hidden_bias"),
    (lambda: RBM(4, 3, device="tpu"), "device"),
    (lambda: RBM(4, 3, dtype=torch.int32), "dtype"),
    (lambda: RBM(4, 3).contrastive_divergence(GOOD, k=0), "k"),
    (lambda: RBM(4, 3).contrastive_divergence(GOOD[0]), "v_data"),
    (lambda: RBM(4, 3).hidden_probability(np.ones((2, 5))), "v"),
])
def test_bad_input_is_refused_naming_the_argument(build, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        build()


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_cuda_without_a_gpu_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="device='cpu'"):
        RBM(4, 3, device="cuda")


@pytest.mark.parametrize("build, name, error", [
    (lambda: RBM(4, 3).transform([np.nan, 1, 1, 1]), "v", ValueError),
    (lambda: RBM(4, 3).transform([0, 1, 1, 0]), "v", ValueError),
    (lambda: RBM(4, 3).reconstruct([[1, 1, 1, np.inf]]), "v", ValueError),
    (lambda: RBM(4, 3).reconstruct(np.ones((1, 4), dtype=complex)), "v", TypeError),
    (lambda: RBM(4, 3).free_energy([1, 0, 1, 1]), "v", ValueError),
    (lambda: RBM(4, 3).free_energy(np.ones(4, dtype=np.uint8)), "v", TypeError),
    (lambda: RBM(4, 3).contrastive_divergence((GOOD + 1) // 2), "v_data", ValueError),
    (lambda: RBM(4, 3).contrastive_divergence(GOOD, chain=np.zeros((3, 4))), "chain", ValueError),
    (lambda: RBM(4, 3).hidden_mean([2.0, 0, 0, 0]), "v", ValueError),
    (lambda: RBM(4, 3).visible_mean([np.nan, 0, 0]), "h", ValueError),
    (lambda: RBM(4, 3).sample_visible([0.5, 0, 0]), "h", ValueError),
    (lambda: RBM(4, 3).energy([1, 1, 1, 1], [1, 0, 1]), "h", ValueError),
])
def test_bad_unit_states_are_refused_naming_the_argument(build, name, error):
    with pytest.raises(error, match=rf"\b{name}\b"):
        build()


def test_means_are_accepted_where_the_documentation_says_so():
    model = random_rbm(4, 3, seed=33)
    means = [0.5, -0.25, 0.0, 1.0]
    expected = np.tanh(np.array(means) @ parameters_of(model)[0] + parameters_of(model)[2])
    np.testing.assert_allclose(model.hidden_mean(means).numpy(), expected, atol=1e-12)


# --------------------------------------------------------------------------
# Issue 17: the caller's array is never trained in place; absurd sizes are refused
# --------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_training_never_changes_the_callers_arrays(dtype):
    rng = np.random.default_rng(0)
    weight, visible_bias, hidden_bias = rng.standard_normal((4, 3)), np.zeros(4), np.zeros(3)
    before = [weight.copy(), visible_bias.copy(), hidden_bias.copy()]
    rbm = RBM(4, 3, weight=weight, visible_bias=visible_bias, hidden_bias=hidden_bias, dtype=dtype)
    rbm.fit(rng.choice([-1, 1], size=(20, 4)), epochs=2, batch_size=10, lr=0.1)
    assert not np.array_equal(rbm.weight.double().numpy(), before[0])  # it did train
    for given, copy in zip((weight, visible_bias, hidden_bias), before):
        np.testing.assert_array_equal(given, copy)


def test_a_weight_larger_than_the_machine_is_refused_naming_the_sizes():
    with pytest.raises(ValueError, match=r"n_visible x n_hidden = \(1000000, 1000000\).*GiB of memory"):
        RBM(10**6, 10**6)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_a_learning_rate_that_could_overflow_the_parameters_is_refused_before_training(dtype):
    data = np.random.default_rng(1).choice([-1, 1], size=(20, 4))
    rbm = RBM(4, 3, dtype=dtype)
    start = rbm.weight.clone()
    largest = torch.finfo(dtype).max
    with pytest.raises(ValueError, match=r"^lr must be at most"):
        rbm.fit(data, epochs=3, batch_size=10, lr=largest / 10)
    assert torch.equal(rbm.weight, start)  # nothing trained
    with pytest.raises(ValueError, match=r"^lr must be at most"):
        rbm.fit(data, epochs=3, batch_size=10, lr=1e307 if dtype == torch.float64 else 1e300)
    # Just below the bound (5 units + 1, 6 updates of at most 2 lr), every parameter stays finite.
    bound = (largest / 5 - float(rbm.weight.abs().max())) / 12
    rbm.fit(data, epochs=3, batch_size=10, lr=bound * 0.99)
    assert all(bool(torch.isfinite(p).all()) for p in (rbm.weight, rbm.visible_bias, rbm.hidden_bias))


def test_energy_of_batches_of_different_sizes_is_refused_naming_h():
    rbm = RBM(4, 3)
    with pytest.raises(ValueError, match=r"^h must hold as many states as v \(3 rows\), got 2"):
        rbm.energy(np.ones((3, 4)), np.ones((2, 3)))
    assert rbm.energy(np.ones((3, 4)), np.ones(3)).shape == (3,)  # one h paired with every v
