"""The protocol study (issue 19): criteria, starts, readings, the cached map and early growth."""

import dataclasses

import numpy as np
import pytest
import torch

from rglib.claims.catalogue import claim
from rglib.claims.core import AGREES, DISAGREES, PARTLY
from rglib.claims.protocol import judge_protocol
from rglib.models import init
from rglib.models.rbm import RBM
from rglib.profiles import PROFILES
from rglib.studies import protocol
from rglib.studies.protocol import (
    MapSize, Point, ProtocolMap, Reading, converged, early_growth, readings, run_reading, start_weight, steep,
)

CI = PROFILES["ci"]
TINY_SIZES = {"small": MapSize(4, 2, 200, 50, 100, (0, 1, 2)), "large": MapSize(4, 2, 200, 50, 100, (0,))}


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """The map's sizes shrunk to 4 x 4 -> 2 x 2 (200 samples, batches of 100), in an empty cache."""
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setitem(protocol.MAP_SIZES, "ci", TINY_SIZES)
    protocol.map_data.cache_clear()
    yield
    protocol.map_data.cache_clear()


def test_the_criteria_sit_on_either_side_of_their_thresholds():
    assert steep(0.25) and not steep(0.2501)
    assert steep(0.3, factor=3.0)
    assert converged(0.951, 1.0) and not converged(0.949, 1.0) and converged(1.049, 1.0)
    with pytest.raises(ValueError, match="kept_fraction"):
        steep(1.5)
    with pytest.raises(ValueError, match="previous"):
        converged(0.1, 0.0)


def test_the_gaussian_start_of_width_1e_3_is_the_small_random_start():
    rbm = init.initialize_(RBM(16, 4, seed=3, dtype=torch.float64), "small-random")
    np.testing.assert_array_equal(start_weight("gaussian-1e-3", 4, 2, 3), rbm.weight.numpy())
    np.testing.assert_allclose(start_weight("gaussian-1e-2", 4, 2, 3), 10 * rbm.weight.numpy())
    xavier = init.initialize_(RBM(16, 4, seed=3, dtype=torch.float64), "xavier").weight.numpy()
    np.testing.assert_array_equal(start_weight("xavier", 4, 2, 3), xavier)
    np.testing.assert_allclose(start_weight("block-spin", 4, 2, 3), init.block_spin_weight(4, 2))


@pytest.mark.parametrize("name", ["ci", "paper"])
def test_every_stop_of_every_reading_is_a_whole_number_of_epochs(name):
    profile = PROFILES[name]
    for reading in readings(profile):
        sizes = protocol.MAP_SIZES[name][reading.size]
        per_epoch = sizes.n_train // sizes.batch_size
        for step in reading.steps:
            epochs = step / reading.lr / per_epoch
            assert abs(epochs - round(epochs)) < 1e-9 and round(epochs) >= 1, (reading.label, step)
    labels = [r.label for r in readings(profile)]
    assert len(labels) == len(set(zip(labels, (r.size for r in readings(profile)))))
    assert sum(r.control for r in readings(profile)) == 1


def test_the_whole_set_reading_is_the_paper_step_times_batch_over_samples():
    assert protocol.WHOLE_SET_STEP == 6.0


def _reading(**changes):
    return dataclasses.replace(Reading("t", "start and summed step", "small", "gaussian-1e-2", 0.5, (1.0, 2.0)),
                               **changes)


def test_a_run_is_cached_and_the_same_seed_gives_the_same_points(tiny, monkeypatch):
    first = run_reading(CI, _reading(), 1)
    assert [p.summed_step for p in first] == [0.0, 1.0, 2.0]
    assert not first[0].is_converged()
    monkeypatch.setattr(protocol, "train_in_stretches", lambda *a, **k: pytest.fail("retrained"))
    assert run_reading(CI, _reading(), 1) == first


def test_runs_differ_by_seed_and_by_rule(tiny):
    base = run_reading(CI, _reading(), 0)
    assert run_reading(CI, _reading(), 1) != base
    decayed = run_reading(CI, _reading(weight_decay=1.0, control=True), 0)
    assert decayed[-1].kept_fraction != base[-1].kept_fraction or decayed[-1].ratio != base[-1].ratio
    for reading in (_reading(k=2), _reading(persistent=True), _reading(hidden_statistics="means")):
        points = run_reading(CI, reading, 0)
        assert all(0 <= p.kept_fraction <= 1 and np.isfinite(p.gap_per_spin) for p in points)


def test_each_stop_is_measured_once(tiny, monkeypatch):
    calls = []
    measure = protocol.measure_point
    monkeypatch.setattr(protocol, "measure_point", lambda *args: calls.append(1) or measure(*args))
    assert len(run_reading(CI, _reading(), 2)) == len(calls) == 3


def test_both_sizes_have_three_seeds_at_both_profiles():
    assert all(size.seeds == (0, 1, 2) for sizes in protocol.MAP_SIZES.values() for size in sizes.values())


@pytest.mark.parametrize("name", ["ci", "paper"])
def test_every_reading_runs_from_three_seeds_at_both_sizes_on_one_thread(name, tiny, monkeypatch):
    monkeypatch.setitem(protocol.MAP_SIZES, name, {size: dataclasses.replace(TINY_SIZES[size], seeds=(0, 1, 2))
                                                   for size in TINY_SIZES})
    runs = []

    def record(profile, reading, seed, progress):  # reads its data as run_reading does
        protocol.map_data(profile, reading.size)
        runs.append((reading.label, reading.size, seed, torch.get_num_threads()))
        return []

    monkeypatch.setattr(protocol, "run_reading", record)
    found = protocol.protocol_map.__wrapped__(PROFILES[name], False).readings
    assert sorted(runs) == sorted((r.label, r.size, seed, 1) for r in found for seed in (0, 1, 2))


def test_one_thread_holds_torch_and_blas_to_one_thread_and_restores_them():
    from threadpoolctl import threadpool_info

    before = torch.get_num_threads(), [pool["num_threads"] for pool in threadpool_info()]
    with protocol.one_thread():
        assert torch.get_num_threads() == 1
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())
    assert (torch.get_num_threads(), [pool["num_threads"] for pool in threadpool_info()]) == before


def test_a_stop_that_is_not_a_whole_epoch_is_refused_naming_the_reading(tiny):
    with pytest.raises(ValueError, match="not a whole number of epochs"):
        run_reading(CI, _reading(steps=(0.3,)), 0)


def test_measures_of_a_block_spin_weight_are_its_known_spectrum(tiny):
    train, held = protocol.map_data(CI, "small")
    rbm = RBM(16, 4, weight=init.block_spin_weight(4, 2), dtype=torch.float64)
    values = protocol.measure_point(rbm, 4, 2, train, held)
    sv = np.linalg.svd(init.block_spin_weight(4, 2), compute_uv=False)
    assert values["kept_fraction"] == np.mean(sv > 0.2 * sv[0])
    assert values["ratio"] == pytest.approx(sv[-1] / sv[0])
    assert values["gap_per_spin"] == pytest.approx(
        float(rbm.free_energy(held.astype(float)).mean() - rbm.free_energy(train[:50].astype(float)).mean()) / 16)


def test_early_growth_follows_the_linear_prediction_on_a_tiny_lattice(tiny, monkeypatch):
    monkeypatch.setattr(protocol, "GROWTH_LR", 0.05)
    monkeypatch.setattr(protocol, "GROWTH_STOP", 0.1)
    monkeypatch.setattr(protocol, "GROWTH_SPAN", 0.5)
    growth = early_growth.__wrapped__(CI)
    assert growth.measured.shape == growth.predicted.shape == (6, 16)
    assert growth.summed_steps.tolist() == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4, 0.5])
    np.testing.assert_allclose(growth.measured[0], growth.predicted[0])
    assert np.corrcoef(growth.measured_rate, growth.predicted_rate)[0, 1] > 0.5
    assert growth.growing == int(np.sum(growth.eigenvalues > 1))


# ------------------------------------------------------------------ the judge
def _point(label, step, kept, error, previous, seed=0, control=False, size="small"):
    return Point(label, "x", size, seed, step, control, kept, 0.5, 0.1, 2, 0.5, error, error, 0.0, previous)


def _map(literal_kept, other_kept=0.9, control_kept=0.9, start_kept=0.9, error=1.0, previous=1.0):
    points, found = [], []
    for start in ("a", "b"):
        found.append(Reading(start, "start and summed step", "small", "xavier", 0.1, (4.0,)))
        for seed in range(3):
            points += [_point(start, 0.0, start_kept, 1.2, 1.2, seed), _point(start, 4.0, literal_kept, error, previous, seed)]
    found.append(Reading("other", "statistics", "small", "xavier", 0.1, (4.0,)))
    found.append(Reading("decay", "control", "small", "xavier", 0.1, (4.0,), control=True))
    points += [_point("other", 0.0, 0.9, 1.2, 1.2), _point("other", 4.0, other_kept, error, previous)]
    points += [_point("decay", 0.0, 0.9, 1.2, 1.2, control=True),
               _point("decay", 4.0, control_kept, error, previous, control=True)]
    return ProtocolMap(points, found)


THRESHOLDS = claim("fig1-protocol").thresholds


@pytest.mark.parametrize("kept, verdict", [(0.25, AGREES), (0.26, DISAGREES)])
def test_the_literal_reading_agrees_on_one_side_of_the_kept_fraction_and_not_the_other(kept, verdict):
    assert judge_protocol(_map(kept), THRESHOLDS).verdict == verdict


@pytest.mark.parametrize("error, verdict", [(0.96, AGREES), (0.94, DISAGREES)])
def test_a_steep_but_unconverged_literal_reading_does_not_count(error, verdict):
    assert judge_protocol(_map(0.1, error=error), THRESHOLDS).verdict == verdict


def test_another_reading_alone_is_partial_and_the_control_alone_is_not():
    assert judge_protocol(_map(0.9, other_kept=0.2), THRESHOLDS).verdict == PARTLY
    judgement = judge_protocol(_map(0.9, control_kept=0.2), THRESHOLDS)
    assert judgement.verdict == DISAGREES and "control: yes" in judgement.key_number


def test_steep_starting_weights_are_named_in_the_note():
    judgement = judge_protocol(_map(0.9, start_kept=0.1), THRESHOLDS)
    assert "a" in judgement.numbers["starts_already_steep"] and "already steep" in judgement.note


def test_a_profile_without_map_sizes_is_refused_naming_profile():
    with pytest.raises(ValueError, match="profile"):
        readings(dataclasses.replace(CI, name="other"))


@pytest.mark.parametrize("call, name", [
    (lambda: protocol.protocol_map("ci"), "profile"),
    (lambda: protocol.protocol_map(CI, "no"), "progress"),
    (lambda: protocol.early_growth(None), "profile"),
    (lambda: protocol.early_growth(CI, "no"), "progress"),
    (lambda: protocol.map_data(CI, "medium"), "size"),
])
def test_the_cached_entry_points_refuse_bad_input_naming_the_argument(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()
