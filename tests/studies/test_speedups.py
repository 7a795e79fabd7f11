"""The speed-up criterion of rglib.studies.speedups and its judges, on hand-made runs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rglib.claims.core import AGREES, DISAGREES, NOT_RUN, PARTLY
from rglib.claims.speedups import judge_all_speedups, judge_speedup
from rglib.studies.speedups import Run, Study, epochs_to_reach


def _study(rgm_rows, xavier_rows, budget=4) -> Study:
    runs = [Run("xavier", seed, np.array(row, float), np.ones(budget), 0.0) for seed, row in enumerate(xavier_rows)]
    runs += [Run("block-spin", seed, np.array(row, float), np.ones(budget), 0.0)
             for seed, row in enumerate(xavier_rows)]
    runs += [Run("rgm", seed, np.array(row, float), np.ones(budget), 2.0) for seed, row in enumerate(rgm_rows)]
    return Study("mnist", budget, tuple(runs), machine=None)


def test_epochs_to_reach():
    assert epochs_to_reach([0.5, 0.4, 0.3], 0.4) == 1
    assert epochs_to_reach([0.5, 0.4, 0.3], 0.6) == 0
    assert epochs_to_reach([0.5, 0.4, 0.3], 0.1) is None


def test_target_speedups_and_wall_time():
    xavier = [[1.0, 0.8, 0.6, 0.5, 0.4], [1.0, 0.8, 0.6, 0.5, 0.2]]  # target: mean of 0.4 and 0.2 = 0.3
    rgm = [[0.5, 0.3, 0.2, 0.1, 0.1], [0.2, 0.1, 0.1, 0.1, 0.1]]
    study = _study(rgm, xavier)
    assert study.target == pytest.approx(0.3)
    assert study.epochs_needed("rgm") == [1, 0]
    assert study.speedups("rgm") == [4.0, math.inf]
    assert study.epochs_needed("xavier") == [None, 4]
    # Xavier: 4 epochs of 1 s; the RGM: 2 s to build plus 1 epoch (seed 0) or none (seed 1).
    assert study.wall_speedups("rgm") == pytest.approx([4 / 3, 2.0])
    untrained_block = _study(rgm, [[0.2, 0.8, 0.6, 0.5, 0.4], [1.0, 0.8, 0.6, 0.5, 0.2]])
    assert untrained_block.wall_speedups("block-spin")[0] == math.inf  # reached at epoch 0, no setup
    judgement = judge_speedup(study, {"claimed": 4.0})
    assert judgement.verdict == AGREES
    assert judge_speedup(study, {"claimed": 10.0}).verdict == AGREES  # median of 4 and inf is inf
    slow = _study([[0.9, 0.8, 0.7, 0.6, 0.25]] * 2, xavier)
    assert judge_speedup(slow, {"claimed": 4.0}).verdict == DISAGREES  # 4 / 4 = 1: no faster
    middling = _study([[0.9, 0.8, 0.29, 0.2, 0.1]] * 2, xavier)
    assert judge_speedup(middling, {"claimed": 4.0}).verdict == PARTLY  # 4 / 2 = 2
    assert judge_speedup("Fashion-MNIST is not on this machine", {"claimed": 4.0}).verdict == NOT_RUN
    assert judge_all_speedups([study, middling], {"lower": 4.0}).verdict == PARTLY
    # The criterion is on every studied set: with one absent there is no verdict, only the reason
    # and what was measured (here a median that alone would agree).
    partial = judge_all_speedups([study, "Fashion-MNIST is not on this machine"], {"lower": 4.0})
    assert partial.verdict == NOT_RUN and partial.key_number == "" and partial.numbers == {}
    assert partial.note.startswith("Fashion-MNIST is not on this machine; median speed-ups measured here:")
    assert judge_all_speedups(["absent", "absent too"], {"lower": 4.0}).note == "absent; absent too"
    assert judge_all_speedups([slow], {"lower": 4.0}).verdict == DISAGREES
