"""Evidence and claims for the RGM's training speed-ups (Tables I-III, abstract).

Every claim rests on :func:`rglib.studies.speedups.study`: held-out reconstruction
error against epochs for Xavier, block-spin and RGM initial weights, three
seeds each. The criterion was fixed before any run (issue 7): the target is the
Xavier network's mean held-out error after the budget; the speed-up of a seed
is the budget over the epochs it needs to reach the target (infinite when the
untrained network already does, 0 when it never does within the budget); the
verdict uses the median over seeds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..studies import speedups
from ..datasets import DatasetUnavailableError
from ..profiles import Profile
from ..runtime.validation import require_choice
from .core import NOT_YET, Claim, Judgement, three_way

__all__ = ["CLAIMS", "STUDY_SETS", "judge_all_speedups", "judge_speedup", "speedup_evidence",
           "study_source"]

#: The data sets the study trains on, in every profile (``ci`` with scaled-down budgets).
STUDY_SETS = ("mnist", "fashion-mnist", "flowers")
_NAMES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST", "flowers": "flowers"}


def _format(value: float) -> str:
    return "∞" if math.isinf(value) else "not reached" if value == 0 else f"{value:.3g}×"


def speedup_evidence(profile: Profile, name: str) -> speedups.Study | str:
    """The study of ``name``, or why it cannot be run (a text: the data set is not on this machine).

    Raises
    ------
    ValueError
        If ``profile`` is not a Profile or ``name`` not a studied data set.
    """
    speedups.require_profile(profile)
    require_choice("name", name, STUDY_SETS)
    try:
        return speedups.study(profile, name)
    except DatasetUnavailableError as error:
        return f"{_NAMES[name]} is not on this machine ({error})"


def study_source(profile: Profile) -> str:
    """What the speed-up claims rest on, in words (ValueError if ``profile`` is not a Profile)."""
    speedups.require_profile(profile)
    parts = []
    for name in STUDY_SETS:
        settings = profile.images(name)
        parts.append(f"{_NAMES[name]} {settings.side}²→{settings.hidden_side}², Xavier budget "
                     f"{speedups.budget(profile, name)} epochs (paper {speedups.PAPER_BUDGETS[name]})")
    return ("; ".join(parts) + f"; seeds {list(speedups.SEEDS)}; flowers are a stand-in unless "
            "TF Flowers is local")


def _summary(study: speedups.Study) -> dict:
    rgm = study.speedups("rgm")
    return {
        "data_set": study.name, "budget": study.budget, "target": study.target,
        "rgm_speedups": rgm, "rgm_median_speedup": float(np.median(rgm)),
        "rgm_epochs_needed": study.epochs_needed("rgm"),
        "block_spin_speedups": study.speedups("block-spin"),
        "rgm_wall_speedups": study.wall_speedups("rgm"),
        "untrained_rgm_error": float(study.errors("rgm")[:, 0].mean()),
    }


def judge_speedup(evidence: speedups.Study | str, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the RGM's median speed-up is at least the claimed factor; partly if above 1."""
    if isinstance(evidence, str):
        return Judgement(NOT_YET, "", {}, evidence)
    numbers = _summary(evidence)
    median = numbers["rgm_median_speedup"]
    verdict = three_way(median >= thresholds["claimed"], median <= 1)
    key = (f"{_NAMES[evidence.name]}: RGM speed-up {_format(median)} (seeds: "
           f"{', '.join(_format(s) for s in numbers['rgm_speedups'])}; budget {evidence.budget} epochs)")
    return Judgement(verdict, key, numbers)


def judge_all_speedups(evidence: list[speedups.Study | str],
                       thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if every studied median RGM speed-up reaches the lower claim; disagrees if none exceeds 1."""
    studies = [e for e in evidence if not isinstance(e, str)]
    if not studies:
        return Judgement(NOT_YET, "", {}, "; ".join(evidence))
    medians = {s.name: float(np.median(s.speedups("rgm"))) for s in studies}
    verdict = three_way(all(m >= thresholds["lower"] for m in medians.values()),
                        all(m <= 1 for m in medians.values()))
    key = ", ".join(f"{_NAMES[name]} {_format(m)}" for name, m in medians.items())
    note = "; ".join(e for e in evidence if isinstance(e, str))
    return Judgement(verdict, key, {"median_speedups": medians}, note)


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "table1-rgm-mnist", "Sec. II B, Table I",
        "The RGM trained 2 epochs performs like an RBM trained 8 epochs on MNIST (a 4× speed-up).",
        "Target: the Xavier RBM's mean held-out reconstruction error after 8 epochs; agrees if the RGM's "
        "median (3 seeds) speed-up 8 / (epochs to reach it) is ≥ 4, partly if > 1, disagrees otherwise.",
        "rgm", lambda profile: speedup_evidence(profile, "mnist"), judge_speedup, {"claimed": 4.0},
        study_source,
    ),
    Claim(
        "table2-rgm-flowers", "Sec. II C, Table II",
        "The untrained RGM beats an RBM trained 1000 epochs on flowers; 10 more epochs beat it "
        "clearly (about 100×).",
        "Target: the Xavier RBM's mean held-out error after the budget; agrees if the RGM's median speed-up "
        "is ≥ 100, partly if > 1, disagrees otherwise.",
        "speedups", lambda profile: speedup_evidence(profile, "flowers"), judge_speedup, {"claimed": 100.0},
        study_source,
    ),
    Claim(
        "table3-fashion-mnist", "App. G 2, Table III",
        "On Fashion-MNIST, training from the RGM is about 10× faster.",
        "Target: the Xavier RBM's mean held-out error after the budget; agrees if the RGM's median speed-up "
        "is ≥ 10, partly if > 1, disagrees otherwise.",
        "speedups", lambda profile: speedup_evidence(profile, "fashion-mnist"), judge_speedup,
        {"claimed": 10.0}, study_source,
    ),
    Claim(
        "speedups-4-100", "Abstract; Sec. I",
        "Starting from the RGM cuts training times by a factor between 4 and 100.",
        "Agrees if on every data set studied the RGM's median speed-up is ≥ 4; disagrees if on every one "
        "it is ≤ 1; partly otherwise.",
        "speedups",
        lambda profile: [speedup_evidence(profile, name) for name in STUDY_SETS],
        judge_all_speedups, {"lower": 4.0}, study_source,
    ),
)
