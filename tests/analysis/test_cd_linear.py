"""The linearised CD-1 growth against its recursion and against a simulated linear model."""

import numpy as np
import pytest

from rglib.analysis.cd_linear import growth_rates, linear_cd_power, projected_power, second_moment


def test_second_moment_has_a_unit_diagonal_and_is_the_mean_outer_product():
    data = np.random.default_rng(0).choice([-1, 1], size=(50, 6))
    c = second_moment(data)
    np.testing.assert_allclose(np.diag(c), 1.0)
    np.testing.assert_allclose(c, sum(np.outer(v, v) for v in data) / 50)


def test_the_power_solves_the_recursion_exactly():
    lam, m0, lr, batch, hidden = np.array([0.2, 1.0, 2.5]), np.array([1e-4, 2e-4, 3e-4]), 0.05, 20, 7
    power = linear_cd_power(lam, m0, lr, batch, hidden, np.arange(30))
    a, q = (1 + lr * (lam - 1)) ** 2, hidden * lr**2 * (lam + 1) / batch
    expected = [m0]
    for _ in range(29):
        expected.append(a * expected[-1] + q)
    np.testing.assert_allclose(power, np.array(expected), rtol=1e-12)


def test_a_simulated_linear_model_with_the_stated_noise_matches_the_prediction():
    """dW = lr (C - I) W + noise of covariance lr^2 (C + I) / B per column: the mean power is the prediction."""
    rng = np.random.default_rng(1)
    basis, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    lam = np.array([2.0, 1.5, 0.8, 0.3])
    c = basis @ np.diag(lam) @ basis.T
    lr, batch, hidden, updates, runs = 0.05, 50, 3, 40, 4000
    noise = np.linalg.cholesky(lr**2 * (c + np.eye(4)) / batch)
    w = np.full((runs, 4, hidden), 0.0) + 1e-3 * rng.standard_normal((1, 4, hidden))
    start = projected_power(w[0], basis)
    for _ in range(updates):
        w = w + lr * (c - np.eye(4)) @ w + noise @ rng.standard_normal((runs, 4, hidden))
    measured = np.mean([projected_power(x, basis) for x in w], axis=0)
    predicted = linear_cd_power(lam, start, lr, batch, hidden, np.array([updates]))[0]
    np.testing.assert_allclose(measured, predicted, rtol=0.06)


def test_growth_rates_recover_the_exponent_of_a_pure_exponential():
    s = np.linspace(0, 2, 9)
    power = np.exp(2 * np.outer(s, [1.5, -0.5, 0.0]))
    np.testing.assert_allclose(growth_rates(power, s), [1.5, -0.5, 0.0], atol=1e-12)


def test_without_noise_the_rate_tends_to_lambda_minus_one():
    power = linear_cd_power([3.0], [1.0], 1e-4, 10**9, 1, np.array([0, 10_000, 20_000]))
    assert growth_rates(power, np.array([0.0, 1.0, 2.0]))[0] == pytest.approx(2.0, rel=1e-3)


@pytest.mark.parametrize("call, name", [
    (lambda: second_moment([[1, 0]]), "data"),
    (lambda: second_moment(np.ones(3)), "data"),
    (lambda: linear_cd_power([1.0, 2.0], [1.0], 0.1, 1, 1, [0]), "initial_power"),
    (lambda: linear_cd_power([-1.0], [1.0], 0.1, 1, 1, [0]), "eigenvalues"),
    (lambda: linear_cd_power([1.0], [1.0], 0.0, 1, 1, [0]), "lr"),
    (lambda: linear_cd_power([1.0], [1.0], 0.1, 0, 1, [0]), "batch_size"),
    (lambda: linear_cd_power([1.0], [1.0], 0.1, 1, 0, [0]), "n_hidden"),
    (lambda: linear_cd_power([1.0], [1.0], 0.1, 1, 1, [0.5]), "updates"),
    (lambda: projected_power(np.ones((3, 2)), np.ones((4, 1))), "eigenvectors"),
    (lambda: growth_rates(np.ones((3, 1)), [0.0, 1.0]), "summed_steps"),
    (lambda: growth_rates(np.zeros((2, 1)), [0.0, 1.0]), "power"),
])
def test_bad_input_is_refused_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
