"""The judges of the claims on the RGM itself: Eq. C10, and its images against late training's.

Their evidence is measured in :mod:`rglib.studies.rgm_machine`; a text in
place of the evidence says why it could not be measured here (MNIST missing),
and the claim is then ``not run here``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..profiles import Profile, require_profile
from ..studies.rgm_machine import C10Evidence, LateTrainingEvidence
from .core import AGREES, DISAGREES, NOT_RUN, Judgement, three_way

__all__ = ["judge_c10", "judge_late_training", "rgm_source"]


def rgm_source(profile: Profile) -> str:
    """What the RGM claims rest on, in words (TypeError if ``profile`` is not a Profile)."""
    settings = require_profile(profile).mnist
    return (f"the RGM of the MNIST training digits ({settings.side}²→{settings.hidden_side}², Appendix C's "
            f"construction, no training)")


def judge_c10(evidence: C10Evidence | str, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the weight's top ``kappa`` singular values equal Eq. C10's norms, and the others vanish,
    each to ``tolerance`` of the largest norm; disagrees otherwise."""
    if isinstance(evidence, str):
        return Judgement(NOT_RUN, "", {}, evidence)
    scale = float(evidence.closed_form.max())
    top, rest = evidence.computed[: evidence.kappa], evidence.computed[evidence.kappa:]
    deviation = float(np.max(np.abs(top - evidence.closed_form))) / scale
    beyond = float(rest.max()) / scale if len(rest) else 0.0
    exact = deviation < thresholds["tolerance"] and beyond < thresholds["tolerance"]
    numbers = {"kappa": evidence.kappa, "block": evidence.block, "stride": evidence.stride,
               "largest_relative_deviation": deviation, "largest_other_over_largest": beyond,
               "closed_form": evidence.closed_form, "computed_top": top}
    return Judgement(AGREES if exact else DISAGREES,
                     f"{evidence.kappa} singular values = C10 norms to {deviation:.1e} (relative); "
                     f"the other {len(rest)} below {beyond:.1e}", numbers)


def judge_late_training(evidence: LateTrainingEvidence | str, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the network's images are closest to a late epoch (median over seeds at least
    ``late_fraction`` of the budget) and nearer the last epoch's than the Xavier start's are (median
    ratio below ``similar_max``); disagrees if neither; partly if one."""
    if isinstance(evidence, str):
        return Judgement(NOT_RUN, "", {}, evidence)
    budget = evidence.budget
    closest = np.argmin(evidence.distance, axis=1)
    epoch = float(np.median(closest))
    ratios = evidence.distance[:, budget] / evidence.start_distance[:, budget]
    ratio = float(np.median(ratios))
    late = epoch >= thresholds["late_fraction"] * budget
    similar = ratio < thresholds["similar_max"]
    numbers = {"closest_epochs": closest, "median_closest_epoch": epoch, "budget": budget,
               "distance_to_last_epoch": evidence.distance[:, budget],
               "start_distance_to_last_epoch": evidence.start_distance[:, budget],
               "median_ratio_to_start": ratio, "late": late, "similar": similar}
    key = (f"{evidence.network}'s images closest to epoch {epoch:g} of {budget} (median of "
           f"{len(closest)} seeds); to epoch {budget}'s: {ratio:.2f} × the Xavier start's distance")
    return Judgement(three_way(late and similar, not late and not similar), key, numbers)
