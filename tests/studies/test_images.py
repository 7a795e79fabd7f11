"""The RBM on grey images: binarized training against exact enumeration, image inputs, artifacts, claims."""

from __future__ import annotations

import dataclasses
import logging

import numpy as np
import pytest
import torch

from rglib import artifacts, claims
from rglib.runtime import cache
from rglib.datasets import image_inputs
from rglib.analysis.biases import bias_alignment
from rglib.claims.images import judge_bias_alignment
from rglib.claims.core import NOT_RUN, NOT_YET
from rglib.datasets import DatasetUnavailableError
from rglib.models import rbm as rbm_module
from rglib.models.rbm import RBM, run_key
from rglib.models.reconstruction import reconstruction_error
from rglib.profiles import PROFILES, ImageProfile
from rglib.studies.images import bias_evidence_of
from tests.models.test_rbm import all_states, exact_marginal


def _product_probabilities(means, states):
    """prod_i (1 + m_i v_i) / 2 for every state (rows) and every mean vector (columns)."""
    return np.prod((1 + states[:, None, :] * means[None, :, :]) / 2, axis=2)


# ------------------------------------------------------------ binarization, exactly
def test_binarize_draws_every_state_with_its_exact_product_probability():
    means = np.array([0.6, -0.2, 0.0])
    model = RBM(3, 1, seed=0)
    repeats = 80_000
    drawn = model.binarize(np.tile(means, (repeats, 1)), torch.Generator().manual_seed(1)).numpy()
    states = all_states(3)
    exact = _product_probabilities(means[None], states)[:, 0]
    assert exact.sum() == pytest.approx(1.0)
    for state, probability in zip(states, exact):
        frequency = np.mean(np.all(drawn == state, axis=1))
        assert abs(frequency - probability) < 5 * np.sqrt(probability * (1 - probability) / repeats), state


def test_binarize_keeps_exact_states_and_refuses_values_outside_minus_one_to_one():
    model = RBM(4, 2)
    assert model.binarize([[1, -1, 1, -1]]).tolist() == [[1.0, -1.0, 1.0, -1.0]]
    with pytest.raises(ValueError, match=r"\bmeans\b"):
        model.binarize([1.5, 0, 0, 0])
    with pytest.raises(ValueError, match=r"\bmeans\b"):
        model.binarize([np.nan, 0, 0, 0])


GREY = np.array([[0.9, 0.8, 0.7, -0.8, -0.9, -0.6],
                 [-0.7, 0.6, -0.9, 0.8, -0.5, 0.9],
                 [0.2, -0.1, 0.0, 0.3, -0.4, 0.1]])


def _grey_data(n, seed):
    """n rows drawn from GREY: grey images whose binarized distribution is an exact mixture."""
    return GREY[np.random.default_rng(seed).integers(len(GREY), size=n)]


def _exact_kl_to_binarized(model, grey):
    """KL(q || p) with q(v) = mean over rows of prod_i (1 + m_i v_i) / 2, over all 64 states."""
    visible, p_model = exact_marginal(model)
    q = _product_probabilities(grey, visible).mean(axis=1)
    assert q.sum() == pytest.approx(1.0)
    return float(np.sum(q * np.log(q / p_model)))


@pytest.mark.parametrize("persistent", [False, True], ids=["cd1", "pcd1"])
def test_grey_training_lowers_the_exact_kl_to_the_binarized_distribution_threefold(persistent):
    data = _grey_data(9_000, seed=0)
    model = RBM(6, 3, seed=0)
    before = _exact_kl_to_binarized(model, GREY)
    model.fit(data, epochs=20, batch_size=100, lr=0.05, binarize=True, persistent=persistent)
    after = _exact_kl_to_binarized(model, GREY)
    print(f"KL(q||p) persistent={persistent}: before {before:.4f}, after {after:.4f}")
    assert after <= before / 3


@pytest.mark.parametrize("k", [1, 2])
def test_a_grey_epoch_is_a_fresh_draw_then_the_cd_step(k):
    """fit(binarize=True) equals: shuffle; per batch, binarize with the generator, then CD + SGD."""
    data = _grey_data(25, seed=1)
    rng = np.random.default_rng(2)
    parameters = dict(weight=rng.normal(0, 0.7, (6, 4)), visible_bias=rng.normal(0, 0.7, 6),
                      hidden_bias=rng.normal(0, 0.7, 4))
    fused = RBM(6, 4, dtype=torch.float64, **parameters)
    reference = RBM(6, 4, dtype=torch.float64, **parameters)
    replay = torch.Generator().manual_seed(0)
    replay.set_state(fused.generator.get_state())
    fused.fit(data, epochs=1, batch_size=10, lr=0.3, k=k, binarize=True)

    order = torch.randperm(len(data), generator=replay)
    for start in range(0, len(data), 10):
        batch = torch.as_tensor(data)[order[start:start + 10]]
        states = reference.binarize(batch, replay)
        assert set(states.unique().tolist()) <= {-1.0, 1.0}
        gradients = reference.contrastive_divergence(states, k=k, generator=replay)
        for parameter, gradient in zip(
                (reference.weight, reference.visible_bias, reference.hidden_bias), gradients):
            parameter.add_(gradient, alpha=0.3)
    for name in ("weight", "visible_bias", "hidden_bias"):
        np.testing.assert_allclose(getattr(fused, name).numpy(), getattr(reference, name).numpy(),
                                   rtol=0, atol=1e-12, err_msg=name)
    assert torch.equal(fused.generator.get_state(), replay.get_state())


def _free_energy(model, v):
    weight, visible_bias, hidden_bias = (getattr(model, name).detach().double().numpy()
                                         for name in ("weight", "visible_bias", "hidden_bias"))
    return -v @ visible_bias - np.log(2 * np.cosh(v @ weight + hidden_bias)).sum(axis=1)


def _reconstruction_error(model, means):
    weight, visible_bias, hidden_bias = (getattr(model, name).detach().double().numpy()
                                         for name in ("weight", "visible_bias", "hidden_bias"))
    reconstruction = np.tanh(np.tanh(means @ weight + hidden_bias) @ weight.T + visible_bias)
    return np.mean((means - reconstruction) ** 2)


def test_grey_history_holds_the_exact_reconstruction_errors_of_the_grey_images():
    data, held_out = _grey_data(60, seed=5), _grey_data(30, seed=6)
    model = RBM(6, 3, seed=1, dtype=torch.float64).fit(
        data, epochs=3, batch_size=20, lr=0.1, binarize=True, held_out=held_out)
    history = model.history_
    assert set(history) == {"reconstruction_error", "pseudo_log_likelihood", "free_energy_gap",
                            "held_out_reconstruction_error", "seconds"}
    assert all(len(values) == 3 for values in history.values())
    assert history["reconstruction_error"][-1] == pytest.approx(_reconstruction_error(model, data))
    assert history["held_out_reconstruction_error"][-1] == pytest.approx(_reconstruction_error(model, held_out))


def test_with_exact_states_as_means_the_pseudo_likelihood_and_gap_are_exact():
    """One visible unit: the pseudo-likelihood is the likelihood; +-1 means are drawn as themselves."""
    rng = np.random.default_rng(12)
    data = np.where(rng.random((300, 1)) < 0.8, 1.0, -1.0)
    held_out = np.where(rng.random((300, 1)) < 0.5, 1.0, -1.0)
    model = RBM(1, 2, seed=3, dtype=torch.float64).fit(
        data, epochs=3, batch_size=50, lr=0.1, binarize=True, held_out=held_out)
    visible, p_model = exact_marginal(model)
    log_p = dict(zip(visible[:, 0], np.log(p_model)))
    history = model.history_
    assert history["pseudo_log_likelihood"][-1] == pytest.approx(np.mean([log_p[x] for x in data[:, 0]]))
    assert history["free_energy_gap"][-1] == pytest.approx(
        _free_energy(model, held_out).mean() - _free_energy(model, data).mean())


def test_binarize_is_in_the_checkpoint_key_only_when_set(tmp_path):
    data = np.random.default_rng(7).choice([-1.0, 1.0], size=(60, 9))
    model = RBM(9, 4, seed=2)
    assert "binarize" not in run_key(model, "d", None, 2, 30, 0.05, 1, False, "fp32")
    assert "binarize" in run_key(model, "d", None, 2, 30, 0.05, 1, False, "fp32", True)
    path = tmp_path / "c.npz"
    RBM(9, 4, seed=2).fit(data, epochs=2, batch_size=30, lr=0.05, checkpoint_path=path)
    with pytest.warns(cache.CorruptCacheWarning, match="key does not match"):
        RBM(9, 4, seed=2).fit(data, epochs=2, batch_size=30, lr=0.05, checkpoint_path=path, binarize=True)


def test_an_interrupted_grey_run_resumes_bit_identically(tmp_path, monkeypatch, caplog):
    data, held_out = _grey_data(90, seed=8), _grey_data(30, seed=9)
    arguments = dict(epochs=4, batch_size=20, lr=0.05, binarize=True, held_out=held_out, checkpoint_every=2)
    whole = RBM(6, 3, seed=5).fit(data, checkpoint_path=tmp_path / "whole.npz", **arguments)
    original, calls = rbm_module._train_epoch, []

    def interrupted(*args, **kwargs):
        calls.append(None)
        if len(calls) == 3:
            raise KeyboardInterrupt("simulated interruption")
        return original(*args, **kwargs)

    monkeypatch.setattr(rbm_module, "_train_epoch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        RBM(6, 3, seed=5).fit(data, checkpoint_path=tmp_path / "broken.npz", **arguments)
    monkeypatch.setattr(rbm_module, "_train_epoch", original)
    with caplog.at_level(logging.INFO, logger="rglib.models.rbm"):
        resumed = RBM(6, 3, seed=5).fit(data, checkpoint_path=tmp_path / "broken.npz", **arguments)
    assert "resumed" in caplog.text
    for name in ("weight", "visible_bias", "hidden_bias"):
        assert torch.equal(getattr(resumed, name), getattr(whole, name)), name
    for name in ("reconstruction_error", "free_energy_gap", "held_out_reconstruction_error"):
        assert resumed.history_[name] == whole.history_[name], name


@pytest.mark.parametrize("build, name", [
    (lambda: RBM(6, 3).fit(GREY, 1, 2, 0.1), "data"),  # grey data without binarize
    (lambda: RBM(6, 3).fit(GREY, 1, 2, 0.1, binarize="yes"), "binarize"),
    (lambda: RBM(6, 3).fit(GREY * 2, 1, 2, 0.1, binarize=True), "data"),
    (lambda: RBM(6, 3).fit(np.where(GREY > 0, np.nan, GREY), 1, 2, 0.1, binarize=True), "data"),
    (lambda: RBM(6, 3).fit(GREY, 1, 2, 0.1, binarize=True, held_out=GREY + 1), "held_out"),
    (lambda: RBM(6, 3).fit(GREY[:, :5], 1, 2, 0.1, binarize=True), "data"),
])
def test_bad_grey_input_is_refused_naming_the_argument(build, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        build()


# ------------------------------------------------------------------ image inputs
def test_area_matrix_rows_sum_to_one_and_average_blocks_for_integer_factors():
    for old, new in ((100, 32), (28, 28), (7, 3), (10, 1)):
        matrix = image_inputs.area_matrix(old, new)
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-15)
        np.testing.assert_allclose(matrix.sum(axis=0), new / old, atol=1e-15)  # every pixel counts equally
    np.testing.assert_array_equal(image_inputs.area_matrix(6, 2), np.kron(np.eye(2), np.full((1, 3), 1 / 3)))


def test_area_resize_keeps_constants_and_the_mean_and_is_the_identity_at_full_size():
    rng = np.random.default_rng(0)
    images = rng.random((3, 100, 100))
    small = image_inputs.area_resize(images, 32)
    assert small.shape == (3, 32, 32)
    np.testing.assert_allclose(small.mean(axis=(1, 2)), images.mean(axis=(1, 2)), rtol=1e-12)
    np.testing.assert_allclose(image_inputs.area_resize(np.full((1, 9, 9), 0.3), 4), 0.3, rtol=1e-14)
    np.testing.assert_allclose(image_inputs.area_resize(images, 100), images, atol=1e-15)


def test_to_means_and_from_means_are_inverse_and_nothing_is_clipped():
    images = np.random.default_rng(1).random((4, 5, 5))
    means = image_inputs.to_means(images)
    assert means.shape == (4, 25) and means.dtype == np.float32
    np.testing.assert_allclose(image_inputs.from_means(means, 5), images, atol=1e-7)
    for bad in (images + 1, -images, np.full((1, 2, 2), np.nan)):
        with pytest.raises(ValueError, match="images"):
            image_inputs.to_means(bad)


def test_subset_is_seeded_sorted_and_without_repeats():
    chosen = image_inputs.subset(1000, 50, seed=3)
    assert len(set(chosen)) == 50 and np.all(np.diff(chosen) > 0)
    np.testing.assert_array_equal(chosen, image_inputs.subset(1000, 50, seed=3))
    assert not np.array_equal(chosen, image_inputs.subset(1000, 50, seed=4))
    np.testing.assert_array_equal(image_inputs.subset(7, 70, seed=0), np.arange(7))


@pytest.mark.parametrize("call, name", [
    (lambda: image_inputs.area_matrix(3, 5), "new"),
    (lambda: image_inputs.area_resize(np.zeros((2, 4, 5)), 2), "images"),
    (lambda: image_inputs.area_resize(np.full((1, 4, 4), np.inf), 2), "images"),
    (lambda: image_inputs.subset(10, 0, seed=0), "size"),
])
def test_bad_image_input_is_refused_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()


# ------------------------------------------------------------------------- biases
def test_bias_alignment_is_exact_for_parallel_and_orthogonal_vectors():
    vector = np.zeros(64)
    vector[0] = 1.0
    parallel = bias_alignment(-2 * vector, vector)
    assert (parallel.cosine, parallel.distance, parallel.ratio) == (1.0, 0.0, 0.0)
    orthogonal = bias_alignment(np.roll(vector, 1), vector)
    assert orthogonal.cosine == 0.0 and orthogonal.ratio > 1
    # The baseline is the mean 1 - |cos| of Gaussian directions: about 1 - sqrt(2 / (pi n)).
    wide = bias_alignment(np.ones(10_000), np.ones(10_000), n_random=64)
    assert wide.random_distance == pytest.approx(1 - np.sqrt(2 / (np.pi * 10_000)), abs=2e-3)
    with pytest.raises(ValueError, match="bias"):
        bias_alignment(np.zeros(64), vector)
    with pytest.raises(ValueError, match="as many entries"):
        bias_alignment(np.ones(3), vector)


def test_bias_evidence_finds_a_bias_planted_along_the_top_singular_vector():
    rng = np.random.default_rng(2)
    weight = rng.normal(0, 0.01, (16, 4))
    top = np.linspace(-1, 1, 16)
    weight[:, 0] += 3 * top  # the dominant mode
    model = RBM(16, 4, weight=weight, visible_bias=0.5 * top, hidden_bias=[1.0, 0.0, 0.0, 0.0])
    evidence = bias_evidence_of(model, 4, 2)
    assert evidence.visible.cosine == pytest.approx(1.0, abs=1e-4)
    assert evidence.rank_of_top == 1
    judgement = judge_bias_alignment(evidence, claims.claim("fig9-biases").thresholds)
    assert judgement.verdict == claims.AGREES
    random_bias = RBM(16, 4, weight=weight, visible_bias=rng.normal(size=16), hidden_bias=np.ones(4))
    assert bias_evidence_of(random_bias, 4, 2).visible.cosine < 0.9


# ------------------------------------------------------------ profiles and artifacts
#: Image profiles small enough to train in seconds.
TINY_IMAGES = ImageProfile(side=8, hidden_side=4, n_train=60, n_test=20, epochs=3, batch_size=20,
                           learning_rate=1e-2, cd_steps=1, seed=7, checkpoint_every=2)
TINY = dataclasses.replace(PROFILES["ci"], mnist=TINY_IMAGES, clouds=dataclasses.replace(TINY_IMAGES, n_test=36))


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    artifacts.image_set.cache_clear()
    yield tmp_path / "cache"
    artifacts.image_set.cache_clear()


def test_profiles_have_image_settings_for_every_data_set_at_the_papers_sides():
    paper = PROFILES["paper"]
    for name, side in (("mnist", 28), ("fashion-mnist", 28), ("flowers", 100), ("clouds", 100)):
        settings = paper.images(name)
        assert (settings.side, settings.hidden_side, settings.n_train) == (side, side // 2, None)
        ci = PROFILES["ci"].images(name)
        assert ci.hidden_side * 2 == ci.side and ci.side <= side
    with pytest.raises(ValueError, match="name"):
        paper.images("cifar")
    hash(PROFILES["ci"])  # profiles key lru caches


def test_image_set_is_the_profiles_subset_at_its_side(empty_cache):
    train = artifacts.image_set(TINY, "mnist", "train")
    assert train.images.shape == (60, 8, 8) and train.means.shape == (60, 64)
    assert train.images.min() >= 0 and train.images.max() <= 1
    np.testing.assert_allclose(train.means, 2 * train.images.reshape(60, -1) - 1, atol=1e-6)
    assert "area-averaged from 28 x 28 to 8 x 8" in train.source and "random subset" in train.source
    assert not train.standin
    clouds = artifacts.image_set(TINY, "clouds", "test")
    assert clouds.standin and "Stand-in" in clouds.source


def test_image_rbm_trains_once_then_loads_its_checkpoint(empty_cache, monkeypatch):
    rbm = artifacts.image_rbm(TINY, "mnist")
    assert (rbm.n_visible, rbm.n_hidden) == (64, 16)
    assert len(rbm.history_["held_out_reconstruction_error"]) == 3
    files = list(empty_cache.glob("rbm-image-mnist-*.npz"))
    assert len(files) == 1
    calls = []
    with monkeypatch.context() as patch:
        patch.setattr(rbm_module, "_train_epoch", lambda *args, **kwargs: calls.append(None))
        again = artifacts.image_rbm(TINY, "mnist")
    assert not calls and torch.equal(again.weight, rbm.weight)
    longer = dataclasses.replace(TINY, mnist=dataclasses.replace(TINY_IMAGES, epochs=4))
    artifacts.image_rbm(longer, "mnist")
    assert len(list(empty_cache.glob("rbm-image-mnist-*.npz"))) == 2, "other settings, another file"


# ------------------------------------------------------------------------- claims
def test_image_claims_use_the_ising_chapters_thresholds():
    spectra = [c.thresholds for c in claims.CLAIMS if c.id.endswith("singular-values") and c.chapter != "singular_values"]
    assert len(spectra) == 4 and all(t == spectra[0] for t in spectra)  # Figs. 7, 10, 12 and Fashion-MNIST alike
    for image_id, ising_id in (("mnist-data-subspace", "fig4-alignment"),
                               ("fig11-flowers-low-momentum", "fig2-3-low-momentum"),
                               ("fig13-clouds-hidden-is-coarse-visible", "fig2-hidden-is-coarse-visible"),
                               ("fashion-generalization", "no-overfitting"),
                               ("fig9-biases", "fig2-hidden-is-coarse-visible")):
        assert claims.claim(image_id).thresholds == claims.claim(ising_id).thresholds, image_id
    image_chapters = {"mnist", "fashion_mnist", "flowers", "clouds"}
    assert [c.id for c in claims.CLAIMS if c.chapter in image_chapters] == [
        "fig7-mnist-singular-values", "fig8-mnist-low-momentum", "fig8-mnist-hidden-is-coarse-visible",
        "mnist-generalization", "mnist-data-subspace", "fig9-biases", "fig9-biases-ising",
        "fig10-flowers-singular-values",
        "fig11-flowers-low-momentum", "fig11-flowers-hidden-is-coarse-visible", "flowers-generalization",
        "fig12-clouds-singular-values", "fig13-clouds-low-momentum", "fig13-clouds-hidden-is-coarse-visible",
        "clouds-generalization", "fashion-singular-values", "fashion-low-momentum",
        "fashion-hidden-is-coarse-visible", "fashion-generalization"]


def test_image_claims_are_measured_on_the_profiles_artifacts(empty_cache):
    ids = ["fig7-mnist-singular-values", "fig8-mnist-low-momentum", "fig8-mnist-hidden-is-coarse-visible",
           "mnist-generalization", "fig9-biases", "fig12-clouds-singular-values"]
    results = {r.id: r for r in claims.evaluate(TINY, ids=ids)}
    rbm = artifacts.image_rbm(TINY, "mnist")
    assert all(r.verdict in claims.VERDICTS and r.verdict != NOT_YET for r in results.values())
    assert results["fig7-mnist-singular-values"].data_source.startswith("RBM 8²→4² trained 3 epochs on 60 MNIST")
    assert results["mnist-generalization"].numbers["reconstruction_error_train"] == pytest.approx(
        reconstruction_error(rbm, artifacts.image_set(TINY, "mnist", "train").means))
    clouds = results["fig12-clouds-singular-values"]
    assert "STAND-IN" in clouds.data_source and clouds.key_number.startswith("on STAND-IN data")


def test_a_missing_data_set_gives_not_run_here_with_the_reason(monkeypatch):
    def unavailable(profile, name, split):
        raise DatasetUnavailableError("apt-get install -y dataset-fashion-mnist")

    monkeypatch.setattr(artifacts, "image_set", unavailable)
    result = claims.claim("fashion-singular-values").evaluate(TINY)
    assert result.verdict == NOT_RUN and "dataset-fashion-mnist" in result.note
    assert result.key_number == "" and result.numbers == {}
    assert "not on this machine" in result.data_source
