"""rglib.meta.training_length: one continued training, its cached snapshots, and the verdict table."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from rglib import artifacts, claims
from rglib.chapters import display
from rglib.runtime import cache
from rglib.meta import training_length
from rglib.claims.core import VERDICTS
from rglib.models.rbm import RBM, fit
from tests.claims.test_claims import TINY as CLAIMS_TINY
from tests.models.test_rbm import random_spins
from tests.models.test_rbm_fit import interrupt_at_epoch

#: test_claims' tiny profile on data of another seed: the claims' evidence is cached in memory
#: by profile, and what these tests measure must not stand in for what test_claims measures
#: in its own (empty) cache folder. It trains 0.02 of summed step per epoch (learning rate
#: 0.01, two batches) and 4 epochs (0.08).
TINY = dataclasses.replace(CLAIMS_TINY, ising=dataclasses.replace(CLAIMS_TINY.ising, seed=5))
STEPS = (0.04, 0.08, 0.16)
NAN = float("nan")


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RGLIB_DEVICE", "cpu")
    return tmp_path / "cache"


def _parameters(rbm: RBM) -> list[torch.Tensor]:
    return [rbm.weight, rbm.visible_bias, rbm.hidden_bias, rbm.generator.get_state()]


def _same(a: RBM, b: RBM) -> bool:
    """The same parameters and generator state, bit for bit."""
    return all(torch.equal(x, y) for x, y in zip(_parameters(a), _parameters(b)))


def _measured(history: dict) -> dict:
    """A history without its wall times."""
    return {name: values for name, values in history.items() if name != "seconds"}


def test_fit_called_again_continues_the_same_training_bit_for_bit():
    data, held_out = random_spins(250, 36, seed=30), random_spins(40, 36, seed=31)
    whole = fit(RBM(36, 9, seed=3), data, 7, 100, 0.05, held_out=held_out)
    continued = RBM(36, 9, seed=3)
    fit(continued, data, 3, 100, 0.05, held_out=held_out)
    first = _measured(continued.history_)
    fit(continued, data, 4, 100, 0.05, held_out=held_out)
    assert _same(whole, continued)
    assert _measured(whole.history_) == {name: first[name] + values
                                         for name, values in _measured(continued.history_).items()}


def test_the_snapshot_at_the_profiles_length_is_the_books_network(empty_cache):
    kept = training_length.snapshots(TINY, STEPS)
    assert [s.epochs for s in kept] == [2, 4, 8] and [s.step for s in kept] == list(STEPS)
    assert [len(s.rbm.history_["reconstruction_error"]) for s in kept] == [2, 4, 8]
    book = artifacts.single_rbm(TINY)
    own = kept[1].rbm
    for name in ("weight", "visible_bias", "hidden_bias"):
        assert torch.equal(getattr(own, name), getattr(book, name)), name
    assert _measured(own.history_) == _measured(book.history_)
    assert not torch.equal(kept[0].rbm.weight, own.weight)


def test_a_second_call_reads_every_snapshot_from_the_cache(empty_cache, monkeypatch):
    kept = training_length.snapshots(TINY, STEPS)
    calls = interrupt_at_epoch(monkeypatch, epoch=1)
    again = training_length.snapshots(TINY, STEPS)
    assert not calls
    for before, after in zip(kept, again):
        assert _same(before.rbm, after.rbm)
        assert before.rbm.history_ == after.rbm.history_


def test_changing_a_length_or_the_seed_changes_the_key(empty_cache):
    paths = [s.path for s in training_length.snapshots(TINY, STEPS)]
    longer = [s.path for s in training_length.snapshots(TINY, (0.04, 0.08, 0.2))]
    assert longer[:2] == paths[:2] and longer[2] != paths[2]
    # Another first length changes the first two stretches; the third starts from the same
    # state at epoch 4 (continuation is bit for bit), so it is the same run and the same file.
    shorter_first = [s.path for s in training_length.snapshots(TINY, (0.02, 0.08, 0.16))]
    assert not set(shorter_first[:2]) & set(paths) and shorter_first[2] == paths[2]
    reseeded = dataclasses.replace(TINY, ising=dataclasses.replace(TINY.ising, seed=7))
    assert not {s.path for s in training_length.snapshots(reseeded, STEPS)} & set(paths)


@pytest.mark.parametrize("damage", ["corrupt", "stale"])
def test_a_corrupt_or_stale_file_is_replaced_not_used(empty_cache, damage):
    kept = training_length.snapshots(TINY, STEPS)
    if damage == "corrupt":
        kept[1].path.write_bytes(b"not an archive")
    else:  # another stretch's checkpoint under this stretch's name
        shutil.copyfile(kept[0].path, kept[1].path)
    with pytest.warns(cache.CorruptCacheWarning):
        again = training_length.snapshots(TINY, STEPS)
    for before, after in zip(kept, again):
        assert _same(before.rbm, after.rbm)


def test_every_claim_on_the_trained_network_has_a_metric_and_is_measured_alike_on_a_given_network(
        empty_cache):
    assert list(training_length.METRICS) == training_length.network_claims()
    network = artifacts.rbm_stack(TINY)
    for claim_id in training_length.network_claims():
        item = claims.claim(claim_id)
        assert item.evaluate(TINY) == item.evaluate(TINY, network=network), claim_id


def test_the_table_has_every_claim_at_every_length(empty_cache):
    study = training_length.run(TINY, training_length.snapshots(TINY, STEPS), compare=(0.08, 0.16))
    assert study["epochs"] == [2, 4, 8] and study["compare"] == [0.08, 0.16]
    assert study["own_step"] == pytest.approx(0.08) and study["seconds"] > 0
    rows = study["rows"]
    assert [row["claim"] for row in rows] == list(training_length.METRICS)
    for row in rows:
        assert len(row["values"]) == len(row["verdicts"]) == 3
        assert all(np.isfinite(row["values"])) and set(row["verdicts"]) <= set(VERDICTS)
        assert row["movement"] in (training_length.TOWARD, training_length.AWAY,
                                   training_length.UNCHANGED)
    table = display.training_length_table(study).data.splitlines()
    assert len(table) == 2 + len(rows)
    assert "| 0.04 | 0.08 | 0.16 | metric from 0.08 to 0.16 |" in table[0]
    summary = training_length.summary(study)
    moved = summary["toward"] + summary["away"] + summary["unchanged"]
    assert sorted(moved) == sorted(training_length.METRICS)
    assert {claim for claim, _, _ in summary["disagreeing_toward"]} <= set(summary["disagreeing"])
    assert all(covered > 0 and remaining >= 0
               for _, covered, remaining in summary["disagreeing_toward"])
    assert set(summary["unsteady"]) <= set(training_length.METRICS)
    figure = training_length.figure(study)
    assert sum(axis.axison for axis in figure.axes) == len(rows)


def test_the_metric_moves_toward_the_side_of_the_paper():
    assert training_length.movement(0.2, 0.1, -1) == training_length.TOWARD
    assert training_length.movement(0.2, 0.1, 1) == training_length.AWAY
    assert training_length.movement(3.0, 3.0, 1) == training_length.UNCHANGED


def _run(distance: float, verdict: str) -> dict:
    """Every claim: all measures 1 but the block-spin distance, every verdict ``verdict``."""
    names = ("relative_change_last_tenth", "gap_in_standard_errors", "top_five_low_momentum",
             "top_five_hidden_low_momentum", "bottom_five_low_momentum", "top_five_distance_over_baseline.0", "fraction_above",
             "effective", "samples", "measured_fraction", "areas.0", "areas.1", "ratios.0")
    measures = dict.fromkeys(names, 1.0) | {"distance": distance}
    return {claim_id: {"verdict": verdict, "measures": measures}
            for claim_id in training_length.METRICS}


def test_table_rows_read_the_movement_between_the_two_compared_lengths():
    runs = [_run(0.3, "disagrees"), _run(0.2, "disagrees"), _run(0.01, "agrees")]
    rows = {row["claim"]: row for row in training_length.table_rows(runs, start=1, end=2)}
    row = rows["fig1-block-spin-match"]
    assert row["values"] == [0.3, 0.2, 0.01] and row["boundary"] == 0.05
    assert row["movement"] == training_length.TOWARD and row["verdict_change"] == "toward agreement"
    assert rows["fig4-alignment"]["movement"] == training_length.UNCHANGED


def test_the_summary_says_how_far_a_disagreeing_metric_moved_and_has_still_to_go():
    runs = [_run(0.3, "disagrees"), _run(0.2, "disagrees"), _run(0.1, "partly agrees")]
    study = {"profile": "ci", "steps": [15.0, 60.0, 240.0], "epochs": [150, 600, 2400],
             "own_step": 60.0, "compare": [60.0, 240.0], "seconds": 1.0, "runs": runs,
             "rows": training_length.table_rows(runs, 1, 2)}
    summary = training_length.summary(study)
    ((claim, covered, remaining),) = summary["disagreeing_toward"]
    assert claim == "fig1-block-spin-match"
    assert covered == pytest.approx(0.1) and remaining == pytest.approx(0.05)
    assert len(summary["changed"]) == len(training_length.METRICS)
    assert summary["unsteady"] == list(training_length.METRICS)


def _snapshot(epochs: int) -> training_length.Snapshot:
    """An untrained stand-in for TINY's snapshot at ``epochs``, for refusals before any work."""
    return training_length.Snapshot(0.02 * epochs, epochs, RBM(64, 16), Path("unused.npz"))


PAIR = [_snapshot(2), _snapshot(8)]


@pytest.mark.parametrize("call, name", [
    (lambda: training_length.epochs_at(TINY, (0.04, 0.03)), "steps"),
    (lambda: training_length.epochs_at(TINY, (0.05,)), "steps"),
    (lambda: training_length.epochs_at(TINY, ()), "steps"),
    (lambda: training_length.epochs_at(TINY, "0.04"), "steps"),
    (lambda: training_length.epochs_at(TINY, (0.04, -1.0)), "steps"),
    (lambda: training_length.epochs_at("ci", STEPS), "profile"),
    (lambda: training_length.snapshots(TINY, (0.04, 0.16), progress="no"), "progress"),
    (lambda: training_length.run(TINY, "kept"), "kept"),
    (lambda: training_length.run(TINY, [_snapshot(2), "snapshot"]), "kept"),
    (lambda: training_length.run(TINY, PAIR), "compare"),
    (lambda: training_length.run(TINY, PAIR, compare=(0.16, 0.04)), "compare"),
    (lambda: training_length.run(TINY, PAIR, compare=(0.04,)), "compare"),
    (lambda: training_length.run(TINY, PAIR, compare=(0.04, NAN)), "compare"),
    (lambda: training_length.run(TINY, PAIR, compare=(0.04, 0.16), progress="yes"), "progress"),
    (lambda: training_length.movement(1.0, NAN, 1), "after"),
    (lambda: training_length.movement(1.0, 2.0, 0), "paper_side"),
    (lambda: training_length.table_rows([{}], 0, 1), "runs"),
    (lambda: training_length.table_rows([_run(1.0, "agrees")] * 2, 1, 1), "start"),
    (lambda: training_length.table_rows([_run(1.0, "agrees")] * 2, 0, 2), "end"),
    (lambda: training_length.table_rows([_run(1.0, "agrees")] * 2, True, 1), "start"),
    (lambda: training_length.at_length(TINY, "snapshot"), "snapshot"),
    (lambda: training_length.summary({}), "study"),
    (lambda: display.training_length_table(None), "study"),
    (lambda: training_length.require_study([]), "study"),
    (lambda: training_length.figure([]), "study"),
])
def test_bad_arguments_are_refused_naming_them(call, name):
    with pytest.raises((ValueError, TypeError), match=rf"\b{name}\b"):
        call()
