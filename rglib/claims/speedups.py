"""The judges of the claims on the RGM's training speed-ups (Tables I-III, abstract).

Every claim rests on :func:`rglib.studies.speedups.study`: held-out reconstruction
error against epochs for Xavier, block-spin and RGM initial weights, three
seeds each (:func:`rglib.studies.speedups.speedup_evidence`). The criterion was
fixed before any run (issue 7): the target is the Xavier network's mean held-out
error after the budget; the speed-up of a seed is the budget over the epochs it
needs to reach the target (infinite when the untrained network already does, 0
when it never does within the budget); the verdict uses the median over seeds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..profiles import Profile, require_profile
from ..studies import speedups
from ..studies.images import IMAGE_SETS
from .core import NOT_RUN, Judgement, three_way

__all__ = ["judge_all_speedups", "judge_block_spin_between", "judge_speedup", "study_source"]


def _format(value: float) -> str:
    return "∞" if math.isinf(value) else "not reached" if value == 0 else f"{value:.3g}×"


def study_source(profile: Profile) -> str:
    """What the speed-up claims rest on, in words (TypeError if ``profile`` is not a Profile)."""
    require_profile(profile)
    parts = []
    for name in speedups.STUDY_SETS:
        settings = profile.images(name)
        parts.append(f"{IMAGE_SETS[name]} {settings.side}²→{settings.hidden_side}², Xavier budget "
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
    """Agrees if the RGM's median speed-up is at least the claimed factor; partly if above 1.

    ``not run here``, with the reason, when the evidence is a text (the data set is absent).
    """
    if isinstance(evidence, str):
        return Judgement(NOT_RUN, "", {}, evidence)
    numbers = _summary(evidence)
    median = numbers["rgm_median_speedup"]
    verdict = three_way(median >= thresholds["claimed"], median <= 1)
    key = (f"{IMAGE_SETS[evidence.name]}: RGM speed-up {_format(median)} (seeds: "
           f"{', '.join(_format(s) for s in numbers['rgm_speedups'])}; budget {evidence.budget} epochs)")
    return Judgement(verdict, key, numbers)


def judge_all_speedups(evidence: list[speedups.Study | str],
                       thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if every studied median RGM speed-up reaches the lower claim; disagrees if none exceeds 1.

    ``not run here`` when a study's data set is absent (the criterion is on every studied set):
    the note gives the reason and the medians measured.
    """
    studies = [e for e in evidence if not isinstance(e, str)]
    medians = {s.name: float(np.median(s.speedups("rgm"))) for s in studies}
    key = ", ".join(f"{IMAGE_SETS[name]} {_format(m)}" for name, m in medians.items())
    missing = "; ".join(e for e in evidence if isinstance(e, str))
    if missing:
        return Judgement(NOT_RUN, "", {}, missing + (f"; median speed-ups measured here: {key}" if key else ""))
    verdict = three_way(all(m >= thresholds["lower"] for m in medians.values()),
                        all(m <= 1 for m in medians.values()))
    return Judgement(verdict, key, {"median_speedups": medians})


def _final(study: speedups.Study, initialization: str) -> tuple[float, float]:
    """Mean over seeds of the held-out error after the budget, and its standard error."""
    final = study.errors(initialization)[:, study.budget]
    return float(final.mean()), float(final.std(ddof=1) / np.sqrt(len(final))) if len(final) > 1 else 0.0


def judge_block_spin_between(evidence: list[speedups.Study | str],
                             thresholds: Mapping[str, float]) -> Judgement:
    """Sec. II C: block-spin starts do "significantly better" than Xavier and worse than the RGM.

    On each data set studied, with the held-out errors after the Xavier budget (mean over seeds):
    block-spin is better than Xavier, and worse than the RGM, each by more than
    ``standard_errors`` standard errors of the difference. Agrees if both hold on every set;
    disagrees if on every set block-spin is not significantly better than Xavier; partly otherwise.
    """
    missing = "; ".join(e for e in evidence if isinstance(e, str))
    if missing:  # the criterion is on every studied set
        return Judgement(NOT_RUN, "", {}, missing)
    studies = [e for e in evidence if not isinstance(e, str)]
    numbers, better, worse = {}, [], []
    for study in studies:
        (xavier, xavier_se), (block, block_se), (rgm, rgm_se) = (
            _final(study, name) for name in ("xavier", "block-spin", "rgm"))
        better.append(xavier - block > thresholds["standard_errors"] * np.hypot(xavier_se, block_se))
        worse.append(block - rgm > thresholds["standard_errors"] * np.hypot(block_se, rgm_se))
        numbers[study.name] = {"xavier": xavier, "block_spin": block, "rgm": rgm, "xavier_se": xavier_se,
                               "block_spin_se": block_se, "rgm_se": rgm_se, "better_than_xavier": better[-1],
                               "worse_than_rgm": worse[-1]}
    verdict = three_way(all(better) and all(worse), not any(better))
    key = "; ".join(f"{IMAGE_SETS[name]}: Xavier {n['xavier']:.3g}, block-spin {n['block_spin']:.3g}, "
                    f"RGM {n['rgm']:.3g}" for name, n in numbers.items())
    return Judgement(verdict, key, numbers)
