"""Training of the RBM (rglib.models.rbm.fit) against exact results, and its checkpoints."""

import logging
import math

import numpy as np
import pytest
import torch

from rglib.runtime import cache
from rglib.models import fused_sampling, training
from rglib.models import rbm as rbm_module
from rglib.models.rbm import RBM, read_means, read_spins, run_key
from rglib.models.stack import stack
from tests.models.test_rbm import exact_marginal, parameters_of, random_rbm, random_spins


# ------------------------------------------------------------ training: exact KL
MODES = np.array([[1, 1, 1, -1, -1, -1], [-1, 1, -1, 1, -1, 1]], dtype=float)
MODE_WEIGHTS = np.array([0.6, 0.4])
AGREEMENT = 0.85


def _target_distribution(visible):
    """q(v): a mixture of two product distributions around MODES."""
    agree = visible[:, None, :] == MODES[None, :, :]
    return (np.where(agree, AGREEMENT, 1 - AGREEMENT).prod(axis=2) * MODE_WEIGHTS).sum(axis=1)


def _samples_of_target(n, seed):
    rng = np.random.default_rng(seed)
    modes = MODES[rng.choice(2, size=n, p=MODE_WEIGHTS)]
    return np.where(rng.random(modes.shape) < AGREEMENT, modes, -modes).astype(np.int8)


def _exact_kl(model):
    """KL(q || p_model) of Eq. (A6), summing over all 64 visible and 8 hidden states."""
    visible, p_model = exact_marginal(model)
    q = _target_distribution(visible)
    assert q.sum() == pytest.approx(1.0)
    return float(np.sum(q * np.log(q / p_model)))


@pytest.mark.parametrize("persistent", [False, True], ids=["cd1", "pcd1"])
def test_training_lowers_the_exact_kl_divergence_at_least_threefold(persistent):
    data = _samples_of_target(10_000, seed=0)
    model = RBM(6, 3, seed=0)
    before = _exact_kl(model)
    model.fit(data, epochs=20, batch_size=100, lr=0.05, k=1, persistent=persistent)
    after = _exact_kl(model)
    print(f"KL(q||p) persistent={persistent}: before {before:.4f}, after {after:.4f}")
    assert after <= before / 3


# ----------------------------------------------------------------- history
def test_history_values_are_the_exact_measures_when_they_can_be_enumerated():
    """With one visible unit, the pseudo-likelihood is the likelihood itself."""
    rng = np.random.default_rng(12)
    data = np.where(rng.random((300, 1)) < 0.8, 1, -1)
    held_out = np.where(rng.random((300, 1)) < 0.5, 1, -1)
    model = RBM(1, 2, seed=3, dtype=torch.float64).fit(
        data, epochs=3, batch_size=50, lr=0.1, held_out=held_out)
    weight, visible_bias, hidden_bias = parameters_of(model)
    visible, p_model = exact_marginal(model)
    log_p = dict(zip(visible[:, 0], np.log(p_model)))
    reconstruction = np.tanh(np.tanh(data @ weight + hidden_bias) @ weight.T + visible_bias)

    def free_energy(v):
        return -v @ visible_bias - np.log(2 * np.cosh(v @ weight + hidden_bias)).sum(axis=1)

    history = model.history_
    assert set(history) == {
        "reconstruction_error", "pseudo_log_likelihood", "free_energy_gap", "seconds"}
    assert history["pseudo_log_likelihood"][-1] == pytest.approx(
        np.mean([log_p[x] for x in data[:, 0]]))
    assert history["reconstruction_error"][-1] == pytest.approx(
        np.mean((data - reconstruction) ** 2))
    assert history["free_energy_gap"][-1] == pytest.approx(
        free_energy(held_out).mean() - free_energy(data).mean())


def test_history_has_one_finite_entry_per_epoch():
    data = random_spins(120, 9, seed=13)
    model = RBM(9, 4, seed=1).fit(data, epochs=4, batch_size=50, lr=0.01)
    assert set(model.history_) == {"reconstruction_error", "pseudo_log_likelihood", "seconds"}
    for name, values in model.history_.items():
        assert len(values) == 4 and all(math.isfinite(x) for x in values), name
    assert all(x <= 0 for x in model.history_["pseudo_log_likelihood"])


# ------------------------------------------------------- seeds and checkpoints
def test_the_same_seed_gives_the_same_model_and_another_seed_another():
    data = random_spins(200, 12, seed=14)

    def train(seed):
        return RBM(12, 5, seed=seed).fit(data, epochs=2, batch_size=64, lr=0.05).weight

    assert torch.equal(train(3), train(3))
    assert not torch.equal(train(3), train(4))


def interrupt_at_epoch(monkeypatch, epoch):
    """Make rglib.models.rbm._train_epoch raise at its ``epoch``-th call (never if 0); returns the call log."""
    original, calls = rbm_module._train_epoch, []

    def counting(*args, **kwargs):
        calls.append(None)
        if len(calls) == epoch:
            raise KeyboardInterrupt("simulated interruption")
        return original(*args, **kwargs)

    monkeypatch.setattr(rbm_module, "_train_epoch", counting)
    return calls


@pytest.mark.parametrize("persistent", [False, True], ids=["cd", "pcd"])
def test_an_interrupted_run_resumes_bit_identically(tmp_path, monkeypatch, caplog, persistent):
    data, held_out = random_spins(300, 16, seed=15), random_spins(100, 16, seed=16)
    arguments = dict(epochs=6, batch_size=64, lr=0.05, k=1, persistent=persistent,
                     held_out=held_out, checkpoint_every=2)
    whole = RBM(16, 8, seed=5).fit(data, checkpoint_path=tmp_path / "whole.npz", **arguments)

    interrupt_at_epoch(monkeypatch, epoch=5)
    with pytest.raises(KeyboardInterrupt):
        RBM(16, 8, seed=5).fit(data, checkpoint_path=tmp_path / "broken.npz", **arguments)
    calls = interrupt_at_epoch(monkeypatch, epoch=0)
    with caplog.at_level(logging.INFO, logger="rglib.models.rbm"):
        resumed = RBM(16, 8, seed=5).fit(data, checkpoint_path=tmp_path / "broken.npz", **arguments)
    assert "resumed" in caplog.text and len(calls) == 2, "only epochs 5 and 6 should run again"

    for name in ("weight", "visible_bias", "hidden_bias"):
        assert torch.equal(getattr(resumed, name), getattr(whole, name)), name
    assert torch.equal(resumed.generator.get_state(), whole.generator.get_state())
    for name in ("reconstruction_error", "pseudo_log_likelihood", "free_energy_gap"):
        assert resumed.history_[name] == whole.history_[name], name
    assert len(resumed.history_["seconds"]) == 6


def test_a_completed_checkpoint_is_loaded_without_training(tmp_path, monkeypatch):
    data = random_spins(100, 9, seed=17)
    arguments = dict(epochs=3, batch_size=32, lr=0.05, checkpoint_path=tmp_path / "c.npz")
    trained = RBM(9, 4, seed=2).fit(data, **arguments)
    calls = interrupt_at_epoch(monkeypatch, epoch=1)
    loaded = RBM(9, 4, seed=2).fit(data, **arguments)
    assert not calls and torch.equal(loaded.weight, trained.weight)
    assert loaded.history_ == trained.history_


OTHER_DATA = random_spins(100, 9, seed=18)
OTHER_DATA[0, 0] *= -1


@pytest.mark.parametrize("model_changes, fit_changes", [
    ({}, {"lr": 0.07}),
    ({}, {"data": OTHER_DATA}),
    ({}, {"held_out": OTHER_DATA[:10]}),
    ({}, {"batch_size": 33}),
    ({}, {"k": 2}),
    ({}, {"persistent": True}),
    ({"seed": 3}, {}),
    ({"hidden_bias": [0.0, 0.0, 0.0, 0.5]}, {}),
    ({"dtype": torch.float64}, {}),
], ids=["lr", "data", "held_out", "batch_size", "k", "persistent", "seed", "initial", "dtype"])
def test_a_checkpoint_of_another_run_is_not_resumed(tmp_path, model_changes, fit_changes):
    path = tmp_path / "c.npz"
    base = dict(data=random_spins(100, 9, seed=18), epochs=2, batch_size=32, lr=0.05)
    RBM(9, 4, seed=2).fit(**base, checkpoint_path=path)
    arguments = {**base, **fit_changes}
    with pytest.warns(cache.CorruptCacheWarning, match="key does not match"):
        other = RBM(9, 4, **{"seed": 2, **model_changes}).fit(**arguments, checkpoint_path=path)
    fresh = RBM(9, 4, **{"seed": 2, **model_changes}).fit(**arguments)
    assert torch.equal(other.weight, fresh.weight)


@pytest.mark.parametrize("where", ["under a file", "a folder"])
def test_an_unwritable_checkpoint_path_is_refused_before_any_epoch(tmp_path, monkeypatch, where):
    (tmp_path / "a file").write_text("not a folder")
    (tmp_path / "a folder").mkdir()
    path = tmp_path / "a file" / "c.npz" if where == "under a file" else tmp_path / "a folder"
    calls = interrupt_at_epoch(monkeypatch, epoch=0)
    model = RBM(9, 4, seed=2)
    initial = model.weight.clone()
    with pytest.raises(cache.CacheAccessError, match=r"\bcheckpoint_path\b"):
        model.fit(random_spins(100, 9, seed=17), epochs=2, batch_size=32, lr=0.05, checkpoint_path=path)
    assert not calls and torch.equal(model.weight, initial), "no epoch may run before the check"
    with pytest.raises(cache.CacheAccessError, match=r"\bcheckpoint_dir\b"):
        stack(random_spins(40, 16, seed=17), (4, 2), epochs=1, batch_size=20, lr=0.05,
              checkpoint_dir=tmp_path / "a file")
    assert not calls


def test_a_checkpoint_that_cannot_be_stored_warns_and_training_still_returns(
        tmp_path, monkeypatch):
    folder, data = tmp_path / "checkpoints", random_spins(100, 9, seed=17)
    arguments = dict(epochs=2, batch_size=32, lr=0.05)
    original = rbm_module._train_epoch

    def folder_replaced_by_a_file(*args, **kwargs):  # after the check, before the store
        if folder.is_dir():
            folder.rmdir()
            folder.write_text("in the way")
        return original(*args, **kwargs)

    monkeypatch.setattr(rbm_module, "_train_epoch", folder_replaced_by_a_file)
    with pytest.warns(cache.CacheWriteWarning, match=r"\bcheckpoint_path\b"):
        model = RBM(9, 4, seed=2).fit(data, checkpoint_path=folder / "c.npz", **arguments)
    monkeypatch.undo()
    reference = RBM(9, 4, seed=2).fit(data, **arguments)
    assert torch.equal(model.weight, reference.weight)
    assert model.history_ == {**reference.history_, "seconds": model.history_["seconds"]}
    assert not list(tmp_path.glob("**/*.partial"))


# ----------------------------------------------------------------- bad input
GOOD = random_spins(20, 4, seed=20)


@pytest.mark.parametrize("build, name", [
    (lambda: RBM(4, 3).fit(GOOD.reshape(20, 2, 2), 1, 10, 0.1), "data"),
    (lambda: RBM(4, 3).fit(random_spins(20, 5, seed=0), 1, 10, 0.1), "data"),
    (lambda: RBM(4, 3).fit((GOOD + 1) // 2, 1, 10, 0.1), "data"),
    (lambda: RBM(4, 3).fit(np.where(GOOD == 1, np.nan, -1.0), 1, 10, 0.1), "data"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, 0.1, held_out=np.zeros((5, 4))), "held_out"),
    (lambda: RBM(4, 3).fit(GOOD, 0, 10, 0.1), "epochs"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 0, 0.1), "batch_size"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, 0.0), "lr"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, -0.1), "lr"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, float("nan")), "lr"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, 0.1, k=0), "k"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, 0.1, persistent="yes"), "persistent"),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, 0.1, checkpoint_every=1), "checkpoint_every"),
    (lambda: rbm_module.fit("rbm", GOOD, 1, 10, 0.1), "rbm"),
])
def test_bad_input_is_refused_naming_the_argument(build, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        build()


@pytest.mark.parametrize("build, name, error", [
    (lambda: RBM(4, 3).fit(np.where(GOOD == 1, 1, 255).astype(np.uint8), 1, 10, 0.1),
     "data", TypeError),
    (lambda: RBM(4, 3).fit(GOOD.astype(complex), 1, 10, 0.1), "data", TypeError),
    (lambda: RBM(4, 3).fit(GOOD == 1, 1, 10, 0.1), "data", TypeError),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, 0.1, precision="tf32"), "precision", ValueError),
    (lambda: RBM(4, 3).fit(GOOD, 1, 10, 0.1, precision="fp16"), "precision", ValueError),
])
def test_bad_data_and_precision_are_refused_naming_the_argument(build, name, error):
    with pytest.raises(error, match=rf"\b{name}\b"):
        build()


# ------------------------------------------------- the fused training step
@pytest.mark.parametrize("k", [1, 3])
def test_a_training_epoch_is_the_cd_gradient_step_of_eqs_A12_to_A17(k):
    """fit's fused update (one product over both phases) equals contrastive_divergence + SGD."""
    data = random_spins(24, 7, seed=30).astype(np.float64)
    fused = random_rbm(7, 4, seed=31)
    reference = random_rbm(7, 4, seed=31)
    replay = torch.Generator().manual_seed(0)
    replay.set_state(fused.generator.get_state())
    fused.fit(data, epochs=1, batch_size=10, lr=0.3, k=k)

    order = torch.randperm(len(data), generator=replay)
    for start in range(0, len(data), 10):
        batch = torch.as_tensor(data)[order[start:start + 10]]
        gradients = reference.contrastive_divergence(batch, k=k, generator=replay)
        for parameter, gradient in zip(
                (reference.weight, reference.visible_bias, reference.hidden_bias), gradients):
            parameter.add_(gradient, alpha=0.3)
    for name in ("weight", "visible_bias", "hidden_bias"):
        np.testing.assert_allclose(getattr(fused, name).numpy(), getattr(reference, name).numpy(),
                                   rtol=0, atol=1e-12, err_msg=name)
    assert torch.equal(fused.generator.get_state(), replay.get_state())


def test_the_precision_and_the_algorithm_version_are_part_of_the_checkpoint_key(
        tmp_path, monkeypatch):
    data = random_spins(60, 9, seed=32)
    arguments = dict(epochs=2, batch_size=30, lr=0.05, checkpoint_path=tmp_path / "c.npz")
    model = RBM(9, 4, seed=2).fit(data, **arguments)
    assert model.precision_ == "fp32"
    key = run_key(model, "d", None, 2, 30, 0.05, 1, False, "fp32")
    assert key["precision"] == "fp32" and key["algorithm"] == training.ALGORITHM_VERSION
    monkeypatch.setattr(training, "ALGORITHM_VERSION", training.ALGORITHM_VERSION + 1)
    with pytest.warns(cache.CorruptCacheWarning, match="key does not match"):
        RBM(9, 4, seed=2).fit(data, **arguments)


def test_matrix_precision_is_restored_after_training(monkeypatch):
    """fp32 training sets "highest" inside fit; a caller's other setting must come back."""
    before = torch.get_float32_matmul_precision()
    torch.set_float32_matmul_precision("medium")
    try:
        seen = []
        original = rbm_module._train_epoch

        def spying(*args, **kwargs):
            seen.append(torch.get_float32_matmul_precision())
            return original(*args, **kwargs)

        monkeypatch.setattr(rbm_module, "_train_epoch", spying)
        RBM(4, 2).fit(GOOD, 1, 10, 0.1)
        assert seen == ["highest"]
        assert torch.get_float32_matmul_precision() == "medium"
    finally:
        torch.set_float32_matmul_precision(before)


# ------------------------------------------------------------------ CUDA
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU (torch.cuda)")


@cuda
@pytest.mark.gpu
@pytest.mark.parametrize("precision", ["fp32", "tf32"])
def test_cuda_training_resumes_bit_identically_and_matches_the_cpu_statistics(
        tmp_path, monkeypatch, precision):
    data, held_out = random_spins(400, 16, seed=34), random_spins(100, 16, seed=35)
    arguments = dict(epochs=6, batch_size=64, lr=0.05, held_out=held_out, checkpoint_every=2,
                     precision=precision)
    whole = RBM(16, 8, seed=5, device="cuda").fit(
        data, checkpoint_path=tmp_path / "whole.npz", **arguments)
    assert whole.precision_ == precision
    interrupt_at_epoch(monkeypatch, epoch=5)
    with pytest.raises(KeyboardInterrupt):
        RBM(16, 8, seed=5, device="cuda").fit(data, checkpoint_path=tmp_path / "b.npz", **arguments)
    interrupt_at_epoch(monkeypatch, epoch=0)
    resumed = RBM(16, 8, seed=5, device="cuda").fit(
        data, checkpoint_path=tmp_path / "b.npz", **arguments)
    for name in ("weight", "visible_bias", "hidden_bias"):
        assert torch.equal(getattr(resumed, name), getattr(whole, name)), name
    for name in ("reconstruction_error", "pseudo_log_likelihood", "free_energy_gap"):
        assert resumed.history_[name] == whole.history_[name], name
        assert len(whole.history_[name]) == 6


@cuda
@pytest.mark.gpu
def test_the_cuda_step_is_the_cd_gradient_step_in_float64():
    """The same check as on the CPU, with the GPU's generator replayed."""
    data = random_spins(24, 7, seed=30).astype(np.float64)
    rng = np.random.default_rng(31)
    parameters = dict(weight=rng.normal(0, 0.7, (7, 4)), visible_bias=rng.normal(0, 0.7, 7),
                      hidden_bias=rng.normal(0, 0.7, 4))
    fused = RBM(7, 4, device="cuda", dtype=torch.float64, **parameters)
    reference = RBM(7, 4, device="cuda", dtype=torch.float64, **parameters)
    replay = torch.Generator(device="cuda")
    replay.set_state(fused.generator.get_state())
    fused.fit(data, epochs=1, batch_size=10, lr=0.3)
    order = torch.randperm(len(data), generator=replay, device="cuda")
    for start in range(0, len(data), 10):
        batch = torch.as_tensor(data, device="cuda")[order[start:start + 10]]
        gradients = reference.contrastive_divergence(batch, generator=replay)
        for parameter, gradient in zip(
                (reference.weight, reference.visible_bias, reference.hidden_bias), gradients):
            parameter.add_(gradient, alpha=0.3)
    for name in ("weight", "visible_bias", "hidden_bias"):
        np.testing.assert_allclose(getattr(fused, name).cpu().numpy(),
                                   getattr(reference, name).cpu().numpy(), atol=1e-12)


@cuda
@pytest.mark.gpu
def test_a_replayed_cuda_graph_trains_as_the_eager_kernels_do(monkeypatch):
    data, held_out = random_spins(1000, 64, seed=36), random_spins(200, 64, seed=37)
    arguments = dict(epochs=5, batch_size=128, lr=0.05, held_out=held_out)
    graphed = RBM(64, 16, seed=7, device="cuda").fit(data, **arguments)
    monkeypatch.setenv("RGLIB_CUDA_GRAPHS", "0")
    eager = RBM(64, 16, seed=7, device="cuda").fit(data, **arguments)
    assert graphed.cuda_graph_ and not eager.cuda_graph_
    assert torch.equal(graphed.generator.get_state(), eager.generator.get_state())
    for name in ("weight", "visible_bias", "hidden_bias"):
        torch.testing.assert_close(getattr(graphed, name), getattr(eager, name), rtol=1e-5, atol=1e-6)


@cuda
@pytest.mark.gpu
@pytest.mark.skipif(not fused_sampling.available(), reason="needs CuPy for the fused sampling kernel")
def test_the_fused_cuda_step_is_the_cd_step_with_the_kernels_units():
    """Weights in eighths and +-1 units make every product exact in float32 on both devices,
    so the GPU's step must equal the CD step computed on the CPU from the kernel's reference
    units (draws 0, 1, 2: h^, v~, h~) bit for bit."""
    rng = np.random.default_rng(40)
    n_visible, n_hidden, n, lr = 12, 5, 8, 0.5
    weight = (rng.integers(-4, 5, (n_visible, n_hidden)) / 8).astype(np.float32)
    visible_bias = (rng.integers(-4, 5, n_visible) / 8).astype(np.float32)
    hidden_bias = (rng.integers(-4, 5, n_hidden) / 8).astype(np.float32)
    data = random_spins(n, n_visible, seed=41).astype(np.float32)
    rbm = RBM(n_visible, n_hidden, weight=weight, visible_bias=visible_bias, hidden_bias=hidden_bias,
              seed=3, device="cuda")
    assert rbm.fused_sampling
    visible = torch.empty(2 * n, n_visible, device="cuda")
    hidden = torch.empty(2 * n, n_hidden, device="cuda")
    with rbm_module._matmul_precision("fp32"):
        rbm_module._cd_step(rbm, torch.as_tensor(data, device="cuda"), torch.arange(n, device="cuda"), 1, lr,
                          visible, hidden)
    key = rbm.sampling_key
    h_hat = fused_sampling.reference_spins(data @ weight + hidden_bias, 0, key)
    v_tilde = fused_sampling.reference_spins(h_hat @ weight.T + visible_bias, 1, key)
    h_tilde = fused_sampling.reference_spins(v_tilde @ weight + hidden_bias, 2, key)
    step = np.float32(lr / n)
    expected = {
        "weight": weight + step * (data.T @ h_hat - v_tilde.T @ h_tilde),
        "visible_bias": visible_bias + step * (data.sum(0) - v_tilde.sum(0)),
        "hidden_bias": hidden_bias + step * (h_hat.sum(0) - h_tilde.sum(0)),
    }
    for name, values in expected.items():
        np.testing.assert_array_equal(getattr(rbm, name).cpu().numpy(), values, err_msg=name)
    assert int(rbm.sampling_draw) == 3


def test_the_fused_kernel_enters_the_checkpoint_key_only_where_it_draws():
    rbm = RBM(6, 3, seed=0)
    plain = run_key(rbm, "data", None, 2, 10, 0.1, 1, False, "fp32")
    rbm.fused_sampling = True  # as on CUDA with CuPy; the key is all that is computed here
    fused = run_key(rbm, "data", None, 2, 10, 0.1, 1, False, "fp32")
    persistent = run_key(rbm, "data", None, 2, 10, 0.1, 1, True, "fp32")
    assert "sampling" not in plain and "sampling" in fused and "sampling" not in persistent
    others = {"sampling", "initial_state"}  # the initial state adds the draw number when fused
    assert {name: value for name, value in fused.items() if name not in others} == {
        name: value for name, value in plain.items() if name not in others}


def test_cuda_graphs_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("RGLIB_CUDA_GRAPHS", "0")
    assert not training.cuda_graphs_enabled()
    monkeypatch.setenv("RGLIB_CUDA_GRAPHS", "1")
    assert training.cuda_graphs_enabled()


# What each ALGORITHM_VERSION trains: RBM(6, 3, seed=0, float64) fitted 2 epochs on the data
# below, parameters rounded to 1e-9, SHA-256 (shortened). Not a check of correctness (the exact
# tests above do that) but of the checkpoints: training whose numbers change must come with a
# new ALGORITHM_VERSION and a new row, so that old checkpoints are never resumed.
TRAINING_OF_VERSION = {2: "f440059021ccb8bf"}


def test_changed_training_comes_with_a_new_algorithm_version():
    import hashlib

    data = np.random.default_rng(40).choice(np.array([-1, 1], dtype=np.int8), size=(50, 6))
    model = RBM(6, 3, seed=0, dtype=torch.float64).fit(data, epochs=2, batch_size=20, lr=0.1)
    values = torch.cat([model.weight.flatten(), model.visible_bias, model.hidden_bias]).numpy()
    digest = hashlib.sha256(np.round(values, 9).tobytes()).hexdigest()[:16]
    assert training.ALGORITHM_VERSION in TRAINING_OF_VERSION, "add this version's row"
    assert digest == TRAINING_OF_VERSION[training.ALGORITHM_VERSION], (
        "training changed: bump rglib.models.training.ALGORITHM_VERSION and add its row")


# The digest of each ALGORITHM_VERSION's checkpoint key for one fixed run (+-1 data, and grey
# means with binarize). Cached checkpoints are found by this key: a change of the key (a field,
# its spelling, a module path in it) orphans every checkpoint in RGLIB_CACHE, so it must come
# only with a new ALGORITHM_VERSION and a new row. Version 2's digests were those of rglib.rbm
# before it became rglib.models.
CHECKPOINT_KEY_OF_VERSION = {2: ("8c3db08f1eb10f00376d", "ca2576d91d1f00bef556")}


def test_the_checkpoint_key_is_the_one_cached_checkpoints_were_stored_under():
    data = np.random.default_rng(40).choice(np.array([-1, 1], dtype=np.int8), size=(50, 6))
    means = np.linspace(-1, 1, 300).reshape(50, 6)
    model = RBM(6, 3, seed=0, dtype=torch.float64)
    spins_digest = read_spins(model, "data", data)[1]
    means_digest = read_means(model, "data", means)[1]
    arguments = (2, 20, 0.1, 1, False, "fp32")  # epochs, batch_size, lr, k, persistent, precision
    digests = (
        cache.key_digest(run_key(model, spins_digest, None, *arguments)),
        cache.key_digest(run_key(model, means_digest, spins_digest, *arguments, True)),
    )
    assert training.ALGORITHM_VERSION in CHECKPOINT_KEY_OF_VERSION, "add this version's row"
    assert digests == CHECKPOINT_KEY_OF_VERSION[training.ALGORITHM_VERSION], (
        "the checkpoint key changed, so no cached checkpoint would be found again: keep it, "
        "or bump rglib.models.training.ALGORITHM_VERSION and add its row")
