"""rglib.studies.initial_weights: the bookkeeping of the signature study, its cache, and the large-input criterion."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from rglib import claims
from rglib.studies import initial_weights
from rglib.analysis.blockspin import best_block_size
from rglib.claims.catalogue import SIGNATURE_JUDGES
from rglib.claims.core import AGREES, DISAGREES, PARTLY, Judgement
from rglib.claims.initial_weights import judge_large_inputs, judge_learned
from rglib.studies.network import SingularValueEvidence, fourier_evidence_of, stack_evidence_from
from rglib.models.init import SMALL_RANDOM_STD, initialize_
from rglib.models.rbm import RBM
from rglib.models.snapshots import fit_with_snapshots
from rglib.profiles import PROFILES
from rglib.studies.speedups import Run

#: A profile small enough to sample and train in seconds; not named ``ci``, so that the study
#: trains for the profile's own 4 epochs (snapshots 0, 1, 4).
TINY = dataclasses.replace(
    PROFILES["ci"], name="tiny",
    ising=dataclasses.replace(PROFILES["ci"].ising, lattice_size=12, n_samples=200),
    rbm=dataclasses.replace(PROFILES["ci"].rbm, hidden_size=6, epochs=4, batch_size=100,
                            stack_sides=(12, 6, 3)),
)


@pytest.fixture(scope="module")
def tiny_runs(tmp_path_factory) -> dict[str, initial_weights.Trajectory]:
    """The TINY Ising stack trained from every start, in an empty cache."""
    with pytest.MonkeyPatch.context() as patch:  # the cache stays set for the tests that use them
        patch.setenv("RGLIB_CACHE", str(tmp_path_factory.mktemp("cache")))
        patch.setenv("RGLIB_DEVICE", "cpu")
        yield {start: initial_weights.trajectory(TINY, SIGNATURE_JUDGES, "ising", start)
               for start in initial_weights.STUDY_INITIALIZATIONS}


def test_judgements_are_cached_under_the_weights(tiny_runs):
    run = tiny_runs["rgm"]
    computed = run.judgements("fig2")
    again = initial_weights.trajectory(TINY, SIGNATURE_JUDGES, "ising", "rgm")  # a new object: read from the disk cache
    assert [j["verdict"] for j in again.judgements("fig2")] == [j["verdict"] for j in computed]
    np.testing.assert_allclose(again.values("fig2"), run.values("fig2"))
    noise = np.random.default_rng(0).standard_normal(run.weights[0][0].shape)
    changed = dataclasses.replace(run, weights=tuple((w[0] + noise, *w[1:]) for w in run.weights))
    assert changed.values("fig1")[-1] != pytest.approx(run.values("fig1")[-1])


MEASURES = {measure.name: measure for measure in initial_weights.MEASURES}


def _judged(claim_id: str, evidence) -> Judgement:
    claim = claims.claim(claim_id)
    return claim.judge(evidence, claim.thresholds)


@pytest.mark.parametrize("start", ["small-random", "block-spin"])
def test_epoch_zero_is_judged_on_the_initial_weights_themselves(tiny_runs, start):
    run = tiny_runs[start]
    assert run.epochs == initial_weights.snapshot_epochs(TINY.rbm.epochs) == (0, 1, 4)
    sides, seed = TINY.rbm.stack_sides, TINY.ising.seed
    initial = [initialize_(RBM(v * v, h * h, seed=seed + index), start).weight.double().numpy()
               for index, (v, h) in enumerate(zip(sides[:-1], sides[1:]))]
    layers = [fourier_evidence_of(w, v, h) for w, v, h in zip(initial, sides[:-1], sides[1:])]
    match = best_block_size(initial[0], sides[0])
    direct = {
        "fig1": _judged("fig1-block-spin-match", SingularValueEvidence(match, match)),
        "fig2": _judged("fig2-hidden-is-coarse-visible", layers[0]),
        "fig2-3-low": _judged("fig2-3-low-momentum", layers[0]),
        "fig18-19": _judged("fig18-19-every-layer", stack_evidence_from(layers, sides)),
    }
    for name, judgement in direct.items():
        first = run.judgements(name)[0]
        assert first["verdict"] == judgement.verdict, name
        assert run.values(name)[0] == pytest.approx(MEASURES[name].value(judgement.numbers)), name
    if start == "block-spin":  # the block-spin start is Fig. 1's own matrix
        assert run.judgements("fig1")[0]["numbers"]["best_block"] == 4 and run.agrees("fig1")[0]
    else:
        assert np.std(initial[0]) == pytest.approx(SMALL_RANDOM_STD, rel=0.05)


def test_snapshots_are_one_uninterrupted_run_and_each_stretch_is_cached(tmp_path):
    data = np.random.default_rng(0).choice([-1, 1], size=(60, 16))
    weights = fit_with_snapshots(RBM(16, 4, seed=3), data, (0, 1, 3), 20, 0.05, checkpoint_dir=tmp_path)
    straight = RBM(16, 4, seed=3).fit(data, 3, 20, 0.05)
    np.testing.assert_array_equal(weights[0], RBM(16, 4, seed=3).weight.double().numpy())
    np.testing.assert_allclose(weights[-1], straight.weight.double().numpy(), rtol=0, atol=1e-6)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2  # the stretches 0-1 and 1-3
    again = fit_with_snapshots(RBM(16, 4, seed=3), data, (0, 1, 3), 20, 0.05, checkpoint_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    for first, second in zip(weights, again):
        np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("change", [
    dict(lr=0.1), dict(batch_size=10), dict(k=2), dict(epochs_at=(0, 2, 3)), dict(seed=4),
    dict(data=np.random.default_rng(1).choice([-1, 1], size=(60, 16))), dict(start="small-random"),
])
def test_every_input_changes_the_cache_files(tmp_path, change):
    base = dict(lr=0.05, batch_size=20, k=1, epochs_at=(0, 1, 3), seed=3, start="xavier",
                data=np.random.default_rng(0).choice([-1, 1], size=(60, 16)))

    def files(**arguments) -> set[str]:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        rbm = initialize_(RBM(16, 4, seed=arguments["seed"]), arguments["start"])
        fit_with_snapshots(rbm, arguments["data"], arguments["epochs_at"], arguments["batch_size"],
                           arguments["lr"], arguments["k"], checkpoint_dir=folder)
        return {p.name for p in folder.iterdir()}

    assert files(**base) == files(**base)
    assert files(**base).isdisjoint(files(**{**base, **change}))


def test_binarized_data_is_its_own_run(tmp_path):
    means = np.random.default_rng(0).uniform(-1, 1, size=(40, 16))
    spins = np.sign(means)
    fit_with_snapshots(RBM(16, 4), means, (2,), 20, 0.05, binarize=True, checkpoint_dir=tmp_path / "a")
    fit_with_snapshots(RBM(16, 4), spins, (2,), 20, 0.05, checkpoint_dir=tmp_path / "b")
    assert {p.name for p in (tmp_path / "a").iterdir()}.isdisjoint(p.name for p in (tmp_path / "b").iterdir())


EVERY = dict.fromkeys(initial_weights.STUDY_INITIALIZATIONS, True)
NONE = dict.fromkeys(initial_weights.STUDY_INITIALIZATIONS, False)
STRUCTURED = {**NONE, "block-spin": True, "rgm": True}


@pytest.mark.parametrize("start, end, outcome", [
    (NONE, EVERY, "learned"),
    (STRUCTURED, EVERY, "learned"),
    (STRUCTURED, STRUCTURED, "inherited"),
    (STRUCTURED, {**NONE, "rgm": True}, "inherited"),
    (STRUCTURED, NONE, "lost"),
    (NONE, NONE, "absent"),
    (NONE, STRUCTURED, "mixed"),  # appears in training, but only from the structured starts
    (STRUCTURED, {**STRUCTURED, "xavier": True}, "mixed"),
])
def test_outcomes(start, end, outcome):
    assert initial_weights.classify(start, end) == outcome


def test_the_study_classifies_from_the_first_and_last_snapshot(tiny_runs):
    study = initial_weights.SignatureStudy(initial_weights.study_sizes(TINY), tuple(tiny_runs.values()))
    assert all(len(run.weights) == len(run.epochs) and len(run.weights[0]) == 2 for run in tiny_runs.values())
    for measure in (m.name for m in initial_weights.MEASURES if m.network == "ising"):
        start = {name: run.agrees(measure)[0] for name, run in tiny_runs.items()}
        end = {name: run.agrees(measure)[-1] for name, run in tiny_runs.items()}
        assert study.outcome(measure) == initial_weights.classify(start, end)
    with pytest.raises(ValueError, match="network and initialization"):
        study.outcome("fig7")  # no MNIST run in this study
    with pytest.raises(ValueError, match="measure"):
        tiny_runs["xavier"].judgements("fig7")


def test_the_signature_verdict():
    names = [m.name for m in initial_weights.MEASURES]
    judgement = judge_learned(SimpleNamespace(outcomes=dict.fromkeys(names, "inherited")), {})
    assert judgement.verdict == DISAGREES and judgement.numbers["inherited"] == len(names)
    assert judge_learned(SimpleNamespace(outcomes=dict.fromkeys(names, "learned")), {}).verdict == AGREES
    mixed = {**dict.fromkeys(names, "absent"), names[0]: "learned"}
    assert judge_learned(SimpleNamespace(outcomes=mixed), {}).verdict == PARTLY


@pytest.mark.parametrize("errors, outcome", [
    ([0.5, 0.3, np.nan, 0.2], "diverged"),
    ([0.5, 0.3, np.inf, np.inf], "diverged"),
    ([0.5, 0.30, 0.31, 0.30], "never below the mean-image baseline"),
    ([0.1, 0.3, 0.4, 0.5], "never below the mean-image baseline"),  # only the untrained start was below
    ([0.5, 0.2, 0.6, 1.5], "ended above the mean-image baseline"),  # diverging, finite
    ([0.5, 0.3, 0.2, 0.1], "converged"),
])
def test_the_convergence_criterion_on_synthetic_histories(errors, outcome):
    result = initial_weights.convergence(errors, 0.25)
    assert result.outcome == outcome and result.converged == (outcome == "converged")


def _large(errors: dict[str, list[float]]) -> initial_weights.LargeInputs:
    runs = tuple(Run(start, 0, np.array(values), np.ones(len(values) - 1), 0.0) for start, values in errors.items())
    return initial_weights.LargeInputs(80, 3, runs, 0.25, "a source", True)


def test_the_large_input_verdict():
    good, flat = [0.5, 0.2, 0.1, 0.1], [0.5, 0.3, 0.3, 0.3]
    fails = judge_large_inputs(_large({"xavier": flat, "block-spin": good, "rgm": good}), {})
    assert fails.verdict == AGREES
    assert "side 80 (not 200) on the flowers STAND-IN" in fails.key_number and "GPU" in fails.key_number
    assert judge_large_inputs(_large({"xavier": good, "block-spin": good, "rgm": good}), {}).verdict == DISAGREES
    assert judge_large_inputs(_large({"xavier": flat, "block-spin": flat, "rgm": good}), {}).verdict == PARTLY


def test_sizes():
    assert initial_weights.study_sizes(PROFILES["ci"]) == initial_weights.CI_SIZES
    paper = initial_weights.study_sizes(PROFILES["paper"])
    assert (paper.ising_epochs, paper.mnist_epochs, paper.mnist_images) == (6_000, 1_000, None)
    assert initial_weights.large_input_side(PROFILES["paper"]) == 200
    assert initial_weights.large_input_side(PROFILES["ci"]) == initial_weights.LARGE_SIDES["ci"]


@pytest.mark.parametrize("call, argument", [
    (lambda: initial_weights.snapshot_epochs(0), "epochs"),
    (lambda: initial_weights.trajectory(TINY, SIGNATURE_JUDGES, "cifar", "xavier"), "network"),
    (lambda: initial_weights.trajectory(TINY, SIGNATURE_JUDGES, "ising", "he"), "initialization"),
    (lambda: initial_weights.trajectory("ci", SIGNATURE_JUDGES, "ising", "xavier"), "profile"),
    (lambda: initial_weights.trajectory(TINY, claims.claim, "ising", "xavier"), "judges"),
    (lambda: initial_weights.classify(EVERY, {"xavier": True}), "end"),
    (lambda: initial_weights.classify({**EVERY, "xavier": 1}, EVERY), "start"),
    (lambda: initial_weights.convergence([[0.1, 0.2]], 0.1), "errors"),
    (lambda: initial_weights.convergence([0.1], 0.1), "errors"),
    (lambda: initial_weights.convergence(["a", "b"], 0.1), "errors"),
    (lambda: initial_weights.convergence([0.1, 0.2], float("nan")), "baseline"),
    (lambda: initial_weights.large_inputs(TINY, side=33), "side"),
    (lambda: initial_weights.large_inputs(TINY, side=4), "side"),
    (lambda: initial_weights.large_inputs(TINY, epochs=0), "epochs"),
    (lambda: fit_with_snapshots(RBM(4, 2), np.ones((4, 4)), (3, 1), 2, 0.1), "epochs_at"),
    (lambda: fit_with_snapshots(RBM(4, 2), np.ones((4, 4)), (0,), 2, 0.1), "epochs_at"),
    (lambda: fit_with_snapshots(RBM(4, 2), np.ones((4, 4)), (1,), 2, -0.1), "lr"),
    (lambda: initialize_(RBM(4, 2), "small-random", np.ones((3, 4))), "data"),
])
def test_bad_arguments_are_refused(call, argument):
    with pytest.raises((ValueError, TypeError), match=rf"\b{argument}\b"):
        call()


def test_layer_data_are_the_stacks():
    from rglib.models.stack import next_layer_data, stack

    data = np.random.default_rng(5).choice([-1, 1], size=(30, 16))
    layers = stack(data, (4, 2, 1), epochs=1, batch_size=10, lr=0.1, seed=7)
    samples = next_layer_data(layers[0], torch.as_tensor(data, dtype=torch.float32), 7, 1)
    assert samples.shape == (30, 4) and set(samples.unique().tolist()) <= {-1.0, 1.0}
    with pytest.raises(TypeError, match="below"):
        next_layer_data("rbm", data, 7, 1)


def test_enlarged_images_repeat_each_pixel():
    from rglib.datasets.image_inputs import area_resize, enlarge

    images = np.random.default_rng(2).uniform(size=(3, 5, 5))
    large = enlarge(images, 15)
    assert large.shape == (3, 15, 15)
    np.testing.assert_array_equal(large[:, 3:6, 6:9], np.broadcast_to(images[:, 1:2, 2:3], (3, 3, 3)))
    np.testing.assert_allclose(area_resize(large, 5), images, atol=1e-12)


def test_large_input_records_are_cached(tiny_runs):
    first = initial_weights.large_inputs(TINY, side=8, epochs=2)
    initial_weights.large_inputs.cache_clear()
    again = initial_weights.large_inputs(TINY, side=8, epochs=2)
    assert first is not again and (first.side, first.epochs) == (8, 2) and first.baseline > 0
    for start in ("xavier", "block-spin", "rgm"):
        assert len(first.run(start).errors) == 3
        np.testing.assert_array_equal(first.run(start).errors, again.run(start).errors)
        assert first.convergence(start) == again.convergence(start)


# What each INITIAL_WEIGHTS_VERSION computes: the four starts of a 64 -> 16 RBM (seed 0; the RGM
# from the data below, and from version 2 on also the RGM of its first 40 images, fewer samples
# than pixels), weights and biases rounded to 1e-9, SHA-256 (shortened). Initial weights whose
# numbers change must come with a new version and a new row, so that cached runs from the old
# weights are never reused.
INITIAL_WEIGHTS_OF_VERSION = {1: "e885ba97cc47da50", 2: "b48637eb1a212acb"}


def _initial_weights_digest() -> str:
    import hashlib

    from rglib.models import init
    from rglib.models.rbm import RBM

    rng = np.random.default_rng(3)  # +-1 images of two long waves, so the RGM finds structure
    i, j = np.indices((8, 8))
    waves = np.stack([np.cos(2 * np.pi * i / 8), np.cos(2 * np.pi * j / 8)]).reshape(2, 64)
    data = np.sign(rng.normal(size=(200, 2)) @ waves + 0.3 * rng.normal(size=(200, 64)))
    digest = hashlib.sha256()
    starts = [(method, data if method == "rgm" else None) for method in init.METHODS]
    for method, images in [*starts, ("rgm", data[:40])]:
        rbm = init.initialize_(RBM(64, 16, seed=0, dtype=torch.float64), method, images)
        for parameter in (rbm.weight, rbm.visible_bias, rbm.hidden_bias):
            digest.update(np.round(parameter.detach().numpy(), 9).tobytes())
    return digest.hexdigest()[:16]


def test_changed_initial_weights_come_with_a_new_version():
    from rglib.models.init import INITIAL_WEIGHTS_VERSION

    assert _initial_weights_digest() == INITIAL_WEIGHTS_OF_VERSION[INITIAL_WEIGHTS_VERSION]
