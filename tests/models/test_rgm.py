"""The RGM (Appendix C) against independent constructions, and the initialisations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.linalg
import torch

from rglib.analysis.blockspin import block_spin_matrix
from rglib.models.init import block_spin_weight, initialize_
from rglib.models.rbm import RBM
from rglib.models.rgm import choose_kappa_alpha, data_covariance, data_spectrum, init_rbm_, rgm


def _wave(side: int, kx: int, ky: int, phase: str) -> np.ndarray:
    i, j = np.indices((side, side))
    angle = 2 * np.pi * (kx * i + ky * j) / side
    field = np.cos(angle) if phase == "cos" else np.sin(angle)
    return (field / np.linalg.norm(field)).ravel()


def _fourier_basis(side: int, alpha: int) -> np.ndarray:
    """Orthonormal real basis (rows) of the fields with |kx|, |ky| <= alpha, built from cos and sin."""
    fields = [_wave(side, kx, ky, phase)
              for kx, ky in itertools.product(range(-alpha, alpha + 1), repeat=2)
              for phase in ("cos", "sin") if not (phase == "sin" and kx == 0 and ky == 0)]
    basis = scipy.linalg.orth(np.array(fields).T).T
    assert len(basis) == (2 * alpha + 1) ** 2
    return basis


def _outside_power(fields: np.ndarray, side: int, alpha: int) -> float:
    """Largest fraction of a field's Fourier power outside |kx|, |ky| <= alpha."""
    spectra = np.abs(np.fft.fft2(fields.reshape(-1, side, side))) ** 2
    k = np.abs(np.fft.fftfreq(side) * side)
    outside = ~np.outer(k <= alpha, k <= alpha)
    return float(np.max(spectra[:, outside].sum(axis=1) / spectra.sum(axis=(1, 2))))


def _cosines(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Cosines of the principal angles between the row spaces of two matrices."""
    return scipy.linalg.svdvals(scipy.linalg.orth(first.T).T @ scipy.linalg.orth(second.T))


@pytest.fixture(scope="module")
def planted():
    """16 x 16 data: four smooth waves with variances 16, 9, 4, 1, a mean, and white noise."""
    rng = np.random.default_rng(7)
    waves = np.array([_wave(16, 1, 0, "cos"), _wave(16, 0, 1, "sin"), _wave(16, 1, 1, "cos"),
                      _wave(16, 2, 0, "sin")])
    amplitudes = rng.standard_normal((4000, 4)) * [4.0, 3.0, 2.0, 1.0]
    data = amplitudes @ waves + 0.3 * rng.standard_normal((4000, 256)) + 0.2
    return data, waves


def test_planted_structure_rank_support_and_subspace(planted):
    data, _ = planted
    alpha, kappa = 2, 5
    machine = rgm(data, 8, kappa=kappa, alpha=alpha)
    weight = machine.weight
    values = scipy.linalg.svdvals(weight)
    assert np.sum(values > 1e-10 * values[0]) == kappa
    # No Fourier power beyond alpha on either lattice: columns live on the visible, rows on the hidden one.
    assert _outside_power(weight.T, 16, alpha) < 1e-20
    assert _outside_power(weight, 8, alpha) < 1e-20
    # The visible subspace is the span of the leading eigenvectors of <v v^T>, low-passed (by an
    # independent projector built from cos and sin waves).
    eigenvalues, eigenvectors = np.linalg.eigh(data.T @ data / len(data))
    leading = eigenvectors[:, ::-1][:, :kappa].T
    basis = _fourier_basis(16, alpha)
    low_passed = leading @ basis.T @ basis
    left = scipy.linalg.svd(weight)[0][:, :kappa].T
    np.testing.assert_allclose(_cosines(left, low_passed), 1.0, atol=1e-9)
    np.testing.assert_allclose(_cosines(machine.visible_vectors, low_passed), 1.0, atol=1e-9)
    np.testing.assert_allclose(machine.eigenvalues, eigenvalues[::-1][:kappa], rtol=1e-10)
    # The first visible vector is the low-passed top eigenvector itself.
    top = low_passed[0] / np.linalg.norm(low_passed[0])
    assert abs(abs(machine.visible_vectors[0] @ top) - 1) < 1e-10


def test_planted_singular_vectors_values_and_biases(planted):
    data, _ = planted
    machine = rgm(data, 8, kappa=5, alpha=2)
    visible, hidden, s = machine.visible_vectors, machine.hidden_vectors, machine.singular_values
    np.testing.assert_allclose(visible @ visible.T, np.eye(5), atol=1e-12)
    np.testing.assert_allclose(hidden @ hidden.T, np.eye(5), atol=1e-12)
    # Eq. C7 at L_v = 2 L_h: the hidden vector is twice the visible one read at every second site.
    np.testing.assert_allclose(hidden, 2 * visible.reshape(5, 16, 16)[:, ::2, ::2].reshape(5, 64), atol=1e-12)
    np.testing.assert_allclose(machine.weight, visible.T @ np.diag(s) @ hidden, atol=1e-12)
    np.testing.assert_allclose(np.sort(scipy.linalg.svdvals(machine.weight))[::-1][:5], np.sort(s)[::-1],
                               rtol=1e-10)
    blocks = block_spin_matrix(16, 4, 2)
    np.testing.assert_allclose(s, np.linalg.norm(visible @ blocks, axis=1) / np.linalg.norm(blocks, 2),
                               rtol=1e-10)
    top = np.argmax(s)
    np.testing.assert_allclose(np.abs(machine.visible_bias), s[top] * np.abs(visible[top]), atol=1e-12)
    np.testing.assert_allclose(machine.hidden_bias @ hidden[top], machine.visible_bias @ visible[top])
    assert data.mean(axis=0) @ machine.visible_bias >= 0
    assert machine.effective_parameters == 5 * 25
    doubled = rgm(data, 8, kappa=5, alpha=2, scale=2.0)
    np.testing.assert_allclose(doubled.weight, 2 * machine.weight, atol=1e-12)


def test_tiny_enumerable_case_matches_eq_c9_summed_literally():
    """All 8 sign combinations of three orthogonal smooth waves on an 8 x 8 lattice -> 4 x 4.

    The enumeration makes <v v^T> = sum_i f_i f_i^T exactly, so the eigenvectors
    are the waves, in the order of their norms; W is then Eq. C9 summed term by
    term with explicit exponentials and the coefficients of Eq. C2.
    """
    Lv, Lh, alpha = 8, 4, 1
    waves = np.array([3.0 * _wave(Lv, 1, 0, "cos"), 2.0 * _wave(Lv, 0, 1, "cos"), _wave(Lv, 1, 1, "sin")])
    data = np.array([signs @ waves for signs in itertools.product((-1.0, 1.0), repeat=3)])
    np.testing.assert_allclose(data_covariance(data, centred=False), waves.T @ waves / 1.0, atol=1e-12)
    machine = rgm(data, Lh, kappa=2, alpha=alpha)
    sites = np.arange(Lv)
    hidden_sites = np.arange(Lh)
    blocks = block_spin_matrix(Lv, 4, 2)
    block_norm = np.linalg.svd(blocks, compute_uv=False)[0]
    expected = np.zeros((Lv * Lv, Lh * Lh))
    for index in range(2):
        v = waves[index] / np.linalg.norm(waves[index]) * np.sign(machine.visible_vectors[index] @ waves[index])
        field = v.reshape(Lv, Lv)
        coefficient = {(k, p): np.sum(field * np.exp(-2j * np.pi * (np.outer(sites, np.ones(Lv)) * k
                                                                       + np.outer(np.ones(Lv), sites) * p) / Lv))
                       for k in range(-alpha, alpha + 1) for p in range(-alpha, alpha + 1)}
        singular = np.linalg.norm(v @ blocks) / block_norm
        for (m, n), (a, b) in itertools.product(itertools.product(sites, sites),
                                                itertools.product(hidden_sites, hidden_sites)):
            total = sum(coefficient[k, p] * coefficient[x, y] / 2
                        * np.exp(2j * np.pi * ((m * k + n * p) / Lv - (a * x + b * y) / Lh))
                        for (k, p), (x, y) in itertools.product(coefficient, coefficient))
            expected[m * Lv + n, a * Lh + b] += singular * total.real / (Lv**2 * Lh**2)
    np.testing.assert_allclose(machine.weight, expected, atol=1e-12)


def test_choose_kappa_alpha_finds_the_planted_structure(planted):
    data, _ = planted
    kappa, alpha = choose_kappa_alpha(data, 8)
    assert kappa == 5  # four waves and the mean
    assert alpha == 2  # the waves reach mode 2
    # Independent spins: nothing but (at most) an eigenvalue fluctuating at the noise edge.
    structureless = np.random.default_rng(0).choice([-1.0, 1.0], size=(4000, 256))
    try:
        assert choose_kappa_alpha(structureless, 8)[0] <= 2
    except ValueError as error:
        assert "data" in str(error)


@pytest.mark.parametrize(("change", "name"), [
    ({"kappa": 0}, "kappa"), ({"kappa": 26}, "kappa"), ({"kappa": 2.0}, "kappa"),
    ({"alpha": 0}, "alpha"), ({"alpha": 4}, "alpha"), ({"hidden_side": 5}, "hidden_side"),
    ({"hidden_side": 16}, "hidden_side"), ({"block": 0}, "block"), ({"scale": -1.0}, "scale"),
    ({"centred": "no"}, "centred"), ({"data": np.ones((10, 15))}, "data"),
    ({"data": np.full((10, 256), np.nan)}, "data"), ({"data": np.ones(256)}, "data"),
])
def test_bad_arguments_name_the_argument(planted, change, name):
    arguments = {"data": planted[0][:50], "hidden_side": 8, "kappa": 5, "alpha": 2, **change}
    data, hidden_side = arguments.pop("data"), arguments.pop("hidden_side")
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        rgm(data, hidden_side, **arguments)


def test_dependent_low_passed_eigenvectors_are_refused():
    """Data without any mode |kx|, |ky| <= 1: every low-passed eigenvector vanishes."""
    basis = _fourier_basis(16, 1)
    noise = np.random.default_rng(1).standard_normal((500, 256))
    data = noise - noise @ basis.T @ basis
    with pytest.raises(ValueError, match="kappa"):
        rgm(data, 8, kappa=2, alpha=1)


def test_initialisations(planted):
    data, _ = planted
    rbm = init_rbm_(RBM(256, 64, seed=3, dtype=torch.float64), data, kappa=5, alpha=2)
    machine = rgm(data, 8, kappa=5, alpha=2)
    np.testing.assert_allclose(rbm.weight.numpy(), machine.weight)
    np.testing.assert_allclose(rbm.hidden_bias.numpy(), machine.hidden_bias)
    np.testing.assert_allclose(rbm.visible_bias.numpy(), machine.visible_bias)

    xavier = initialize_(RBM(256, 64, seed=3, dtype=torch.float64), "xavier")
    np.testing.assert_array_equal(xavier.weight.numpy(), RBM(256, 64, seed=3, dtype=torch.float64).weight.numpy())
    block = initialize_(RBM(256, 64, seed=3, dtype=torch.float64), "block-spin")
    expected = block_spin_matrix(16, 4, 2)
    np.testing.assert_allclose(block.weight.numpy(), expected / np.linalg.norm(expected, 2))
    np.testing.assert_allclose(block_spin_weight(16, 8), expected / np.linalg.norm(expected, 2))
    assert float(block.visible_bias.abs().sum()) == 0.0
    chosen = initialize_(RBM(256, 64, seed=3, dtype=torch.float64), "rgm", data)
    kappa, alpha = choose_kappa_alpha(data, 8)
    np.testing.assert_allclose(chosen.weight.numpy(), rgm(data, 8, kappa=kappa, alpha=alpha).weight)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: initialize_("rbm", "xavier"), "rbm"),
    (lambda: initialize_(RBM(256, 64), "orthogonal"), "method"),
    (lambda: initialize_(RBM(256, 64), "rgm"), "data"),
    (lambda: initialize_(RBM(256, 64), "xavier", np.ones((3, 256))), "data"),
    (lambda: initialize_(RBM(250, 64), "block-spin"), "rbm"),
    (lambda: init_rbm_(RBM(256, 64), np.ones((3, 100)), kappa=1, alpha=1), "data"),
    (lambda: block_spin_weight(16, 5), "hidden_side"),
])
def test_initialisation_errors_name_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()


def test_spectrum_holds_the_full_decompositions_leading_eigenpairs(planted):
    """Only the eigenpairs asked for are computed; they equal those of the full decomposition."""
    data, _ = planted
    second = data.T @ data / len(data)
    full_values, full_vectors = np.linalg.eigh(second)
    full_values, full_vectors = full_values[::-1], full_vectors[:, ::-1].T
    top = data_spectrum(data, 7)
    np.testing.assert_allclose(top.eigenvalues, full_values[:7], rtol=1e-12)
    signs = np.sign(np.sum(top.eigenvectors * full_vectors[:7], axis=1))
    np.testing.assert_allclose(top.eigenvectors, signs[:, None] * full_vectors[:7], atol=1e-10)
    variance = np.mean(np.diag(second) - data.mean(axis=0) ** 2)
    edge = variance * (1 + np.sqrt(256 / 4000)) ** 2
    above = data_spectrum(data)  # the default: every eigenpair above the noise edge
    assert above.noise_edge == pytest.approx(edge, rel=1e-12)
    assert above.complete_above_edge and top.complete_above_edge  # the 6th is below the edge
    assert not data_spectrum(data, 3).complete_above_edge
    np.testing.assert_allclose(above.eigenvalues, full_values[full_values > edge], rtol=1e-12)
    np.testing.assert_allclose(above.mean, data.mean(axis=0), rtol=1e-12)
    centred = data_spectrum(data, 3, centred=True)
    np.testing.assert_allclose(centred.eigenvalues, np.linalg.eigvalsh(np.cov(data.T, bias=True))[::-1][:3],
                               rtol=1e-12)


def test_one_spectrum_serves_the_choice_and_the_construction(planted):
    data, _ = planted
    spectrum = data_spectrum(data)
    assert choose_kappa_alpha(spectrum, 8) == choose_kappa_alpha(data, 8) == (5, 2)
    from_data, from_spectrum = rgm(data, 8, kappa=5, alpha=2), rgm(spectrum, 8, kappa=5, alpha=2)
    for name in ("weight", "visible_bias", "hidden_bias", "singular_values", "eigenvalues"):
        np.testing.assert_allclose(getattr(from_spectrum, name), getattr(from_data, name), rtol=1e-12,
                                   atol=1e-14)
    exact = rgm(data_spectrum(data, 5), 8, kappa=5, alpha=2)  # the very computation rgm(data) makes
    np.testing.assert_array_equal(exact.weight, from_data.weight)
    rbm = init_rbm_(RBM(256, 64, dtype=torch.float64), spectrum, kappa=5, alpha=2)
    np.testing.assert_allclose(rbm.weight.numpy(), from_spectrum.weight)


@pytest.mark.parametrize("centred", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fewer_samples_than_pixels_give_the_full_decompositions_eigenpairs(planted, centred, dtype):
    """n < p: the eigenpairs come from the n x n Gram matrix and equal those of the p x p matrix."""
    data = planted[0][:40].astype(dtype)  # 40 samples of 256 pixels
    matrix = data.astype(np.float64).T @ data / len(data)
    if centred:
        mean = data.mean(axis=0, dtype=np.float64)
        matrix -= np.outer(mean, mean)
    full_values, full_vectors = np.linalg.eigh(matrix)
    full_values, full_vectors = full_values[::-1], full_vectors[:, ::-1].T
    tolerance = 1e-10  # the Gram route computes in float64 whatever the data's precision
    for count in (None, 6, 39):
        spectrum = data_spectrum(data, count, centred=centred)
        held = len(spectrum.eigenvalues)
        assert held == (count or int(np.sum(full_values > spectrum.noise_edge))) > 0
        np.testing.assert_allclose(spectrum.eigenvalues, full_values[:held], rtol=tolerance)
        # The eigenvalues are distinct here, so each vector is determined up to its sign.
        signs = np.sign(np.sum(spectrum.eigenvectors * full_vectors[:held], axis=1))
        np.testing.assert_allclose(spectrum.eigenvectors, signs[:, None] * full_vectors[:held],
                                   atol=tolerance)
    # The noise edge is the one the p x p route computes from the same data.
    variance = np.mean(np.diag(matrix) - (0.0 if centred else data.mean(axis=0, dtype=np.float64) ** 2))
    assert data_spectrum(data, centred=centred).noise_edge == pytest.approx(
        variance * (1 + np.sqrt(256 / 40)) ** 2, rel=tolerance)


def test_eigenvectors_beyond_the_datas_rank_still_come_from_the_full_matrix(planted, monkeypatch):
    """Centred, 40 samples span 39 dimensions: the 40th eigenvector is not in their span."""
    import rglib.models.rgm

    data = planted[0][:40]
    spectrum = data_spectrum(data, 40, centred=True)
    matrix = np.cov(data.T, bias=True)
    residual = matrix @ spectrum.eigenvectors.T - spectrum.eigenvectors.T * spectrum.eigenvalues
    assert np.abs(residual).max() < 1e-12 and spectrum.eigenvalues[-1] < 1e-12
    np.testing.assert_allclose(spectrum.eigenvectors @ spectrum.eigenvectors.T, np.eye(40), atol=1e-12)
    # ... while up to the rank, the p x p matrix is never formed.
    monkeypatch.setattr(rglib.models.rgm, "_covariance", lambda *args: pytest.fail("p x p matrix formed"))
    assert len(data_spectrum(data, 39, centred=True).eigenvalues) == 39


def test_rgm_of_a_200_by_200_lattice_never_forms_the_pixel_matrix(monkeypatch):
    """Paper's large input: 40,000 pixels; the 40,000**2 covariance (12.8 GB) is never formed."""
    import rglib.models.rgm

    monkeypatch.setattr(rglib.models.rgm, "_covariance", lambda *args: pytest.fail("p x p matrix formed"))
    rng = np.random.default_rng(5)
    waves = np.array([_wave(200, 1, 0, "cos"), _wave(200, 0, 2, "sin"), _wave(200, 1, 1, "cos")])
    data = (rng.standard_normal((30, 3)) * [30.0, 20.0, 10.0]) @ waves \
        + 0.01 * rng.standard_normal((30, 200 * 200))
    machine = rgm(data.astype(np.float32), 100, kappa=3, alpha=2)
    assert machine.weight.shape == (40_000, 10_000)
    assert _cosines(machine.visible_vectors, waves).min() > 1 - 1e-6


@pytest.mark.parametrize(("call", "name"), [
    (lambda data: data_spectrum(data, 0), "count"),
    (lambda data: data_spectrum(data, 257), "count"),
    (lambda data: data_spectrum(data, 2.0), "count"),
    (lambda data: data_spectrum(data, centred=1), "centred"),
    (lambda data: data_spectrum(data[:, :255]), "data"),
    (lambda data: rgm(data_spectrum(data, 3), 8, kappa=5, alpha=2), "kappa"),
    (lambda data: rgm(data_spectrum(data, 5), 8, kappa=5, alpha=2, centred=True), "centred"),
    (lambda data: choose_kappa_alpha(data_spectrum(data, centred=True), 8), "data"),
    (lambda data: choose_kappa_alpha(data_spectrum(data, 3), 8), "data"),
    (lambda data: init_rbm_(RBM(100, 64), data_spectrum(data, 5), kappa=5, alpha=2), "data"),
])
def test_spectrum_errors_name_the_argument(planted, call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call(planted[0])


# --------------------------------------------------------------------------
# Issue 17: silent wrong answers refused, and the checks that had no test
# --------------------------------------------------------------------------


@pytest.mark.parametrize("data", [np.zeros((20, 64)), np.full((20, 64), 0.7), np.full((20, 64), -1.0)])
def test_all_zero_or_constant_data_are_refused_beyond_the_directions_they_vary_in(data):
    with pytest.raises(ValueError, match=r"\bdata\b.*\bkappa\b"):
        rgm(data, 4, kappa=3, alpha=1)
    if np.any(data):  # constant data vary in one direction, their own: kappa = 1 is defined
        machine = rgm(data, 4, kappa=1, alpha=1)
        np.testing.assert_allclose(np.abs(machine.visible_vectors[0]), 1 / 8, rtol=1e-12)


def test_a_block_larger_than_the_lattice_is_refused(planted):
    with pytest.raises(ValueError, match=r"\bblock\b.*16"):
        rgm(planted[0][:50], 8, kappa=5, alpha=2, block=17)
    rgm(planted[0][:50], 8, kappa=5, alpha=2, block=16)  # the whole side is the largest block


@pytest.mark.parametrize("n", [4000, 40])  # the p x p route and the Gram route
@pytest.mark.parametrize("scale", [2.0**-400, 1e-150, 1e150, 2.0**508])
def test_spectra_of_data_of_any_representable_scale_are_the_scaled_spectrum(planted, n, scale):
    data = planted[0][:n]
    reference, scaled = data_spectrum(data), data_spectrum(data * scale)
    assert len(scaled.eigenvalues) == len(reference.eigenvalues) > 0
    np.testing.assert_allclose(scaled.eigenvalues / scale**2, reference.eigenvalues, rtol=1e-12)
    assert scaled.noise_edge / scale**2 == pytest.approx(reference.noise_edge, rel=1e-12)
    signs = np.sign(np.sum(scaled.eigenvectors * reference.eigenvectors, axis=1))
    np.testing.assert_allclose(scaled.eigenvectors, signs[:, None] * reference.eigenvectors, atol=1e-12)


@pytest.mark.parametrize("scale", [1e200, 1e-200])
def test_data_whose_eigenvalues_no_float_can_hold_are_refused_naming_data(planted, scale):
    for data in (planted[0][:4000] * scale, planted[0][:40] * scale):
        with pytest.raises(ValueError, match=r"^data must have magnitudes"):
            data_spectrum(data)
    with pytest.raises(ValueError, match=r"^data must have magnitudes.*float32"):
        data_spectrum((planted[0][:1000] * 1e30).astype(np.float32))  # the p x p route, in float32


def test_the_gram_route_falls_back_to_the_pixel_matrix_when_count_exceeds_the_samples(planted, monkeypatch):
    """n = 40 < p = 256, count = 41 and 50: the eigenvectors beyond the data's span need the p x p matrix."""
    import rglib.models.rgm

    data = planted[0][:40]
    matrix = data.T @ data / len(data)
    for count in (41, 50):
        spectrum = data_spectrum(data, count)
        assert spectrum.eigenvectors.shape == (count, 256)
        residual = matrix @ spectrum.eigenvectors.T - spectrum.eigenvectors.T * spectrum.eigenvalues
        assert np.abs(residual).max() < 1e-12
        np.testing.assert_allclose(spectrum.eigenvectors @ spectrum.eigenvectors.T, np.eye(count), atol=1e-12)
    # ... through the p x p matrix, which is formed exactly then.
    formed = []
    real_covariance = rglib.models.rgm._covariance
    monkeypatch.setattr(rglib.models.rgm, "_covariance",
                        lambda *arguments: formed.append(1) or real_covariance(*arguments))
    data_spectrum(data, 40)
    assert not formed
    data_spectrum(data, 41)
    assert formed


def _rank_one(field: np.ndarray, n: int = 4000) -> np.ndarray:
    return np.random.default_rng(3).standard_normal((n, 1)) * field


def test_alpha_below_one_is_raised_to_one():
    """Data along the uniform field only: its profile is mode 0 alone (alpha 0 before the bound)."""
    assert choose_kappa_alpha(_rank_one(np.ones(256)) + 0.5, 8) == (1, 1)


def test_alpha_beyond_the_hidden_lattice_is_brought_down():
    """Waves of mode 6 and a hidden side 8: alpha may be at most ceil(8 / 2) - 1 = 3."""
    rng = np.random.default_rng(4)
    waves = np.array([_wave(16, 6, 0, "cos"), _wave(16, 0, 6, "sin")])
    data = (rng.standard_normal((4000, 2)) * [3.0, 2.0]) @ waves
    kappa, alpha = choose_kappa_alpha(data, 8)
    assert (kappa, alpha) == (2, 3)


def test_kappa_is_capped_at_the_kept_modes():
    """Twelve smooth directions, but a hidden side 4 allows alpha = 1: (2 alpha + 1)**2 = 9 modes."""
    rng = np.random.default_rng(5)
    directions = np.vstack([_fourier_basis(16, 1), [_wave(16, 2, 0, "cos"), _wave(16, 0, 2, "cos"),
                                                    _wave(16, 2, 2, "sin")]])
    data = (rng.standard_normal((4000, 12)) * np.linspace(4.0, 2.0, 12)) @ directions
    assert int(np.sum(data_spectrum(data).eigenvalues > data_spectrum(data).noise_edge)) == 12
    kappa, alpha = choose_kappa_alpha(data, 4)
    assert (kappa, alpha) == (9, 1)
    rgm(data, 4, kappa=kappa, alpha=alpha)
