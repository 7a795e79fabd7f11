"""The judge of the claim: dropping the irrelevant modes leaves the network's performance unchanged (Sec. II A).

The paper: the singular modes of the small singular values "are irrelevant and
should simply be dropped. Dropping these does not affect the performance of the
network." The evidence (:func:`rglib.studies.mode_dropping.mode_dropping_evidence`) is
:func:`rglib.studies.mode_dropping.drop_modes` of the Ising
RBM of Section II A and of the MNIST RBM of Section II B: held-out
reconstruction error and free-energy gap as the weight keeps only its top ``k``
singular modes, plain and with its visible singular vectors low-passed to the
hidden lattice's band.

The criterion, fixed before any run: "performance unchanged" means a held-out
reconstruction error within ``standard_errors`` (2) standard errors of the whole
network's, the standard error being that of the whole network's held-out error
(the per-sample errors' standard deviation over the square root of the
held-out samples: how much the same measurement on another held-out set of the
same size would move). It must hold for every measured ``k`` down to the
relevant count (singular values at least ``cut`` of the largest: the paper's own
20 %, a threshold of the claim), for both ways of dropping. The evidence is
measured at the catalogue's cut, so its grid holds that count; judged at another
cut (the threshold sweep), "at the relevant count" is the smallest measured ``k``
at or above it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import artifacts
from ..profiles import Profile, require_profile
from ..studies.mode_dropping import DroppedModes, relevant_count
from .core import NOT_RUN, Judgement, three_way

__all__ = ["judge_mode_dropping", "mode_dropping_source"]


def mode_dropping_source(profile: Profile) -> str:
    """What the claim rests on, in words (TypeError if ``profile`` is not a Profile)."""
    L, L_h = require_profile(profile).ising.lattice_size, profile.rbm.hidden_size
    mnist = profile.mnist
    return (f"Ising RBM {L}²→{L_h}² ({profile.rbm.epochs} epochs, {profile.ising.n_samples:,} samples, "
            f"held-out set of {artifacts.HELD_OUT_FRACTION:.0%} of that); MNIST RBM "
            f"{mnist.side}²→{mnist.hidden_side}² ({mnist.epochs} epochs) on its held-out digits")


def _smallest_unchanged(kept: np.ndarray, within: np.ndarray) -> int | None:
    """The smallest ``k`` down to which every measured ``k`` (descending) is within the band, or None."""
    outside = np.nonzero(~within)[0]
    if not len(outside):
        return int(kept[-1])
    return int(kept[outside[0] - 1]) if outside[0] else None


def _summary(evidence: DroppedModes, standard_errors: float, cut: float) -> dict:
    """The criterion's numbers for one network."""
    band = standard_errors * evidence.error_standard_error
    relevant = relevant_count(evidence.singular_values, cut)
    judged = evidence.kept >= relevant
    changes = {name: values - evidence.full_error
               for name, values in (("top_k", evidence.errors), ("low_passed", evidence.low_passed_errors))}
    at_relevant = int(np.nonzero(judged)[0][-1])  # kept descends: the smallest measured k >= relevant
    within = {name: np.abs(change) <= band for name, change in changes.items()}
    return {
        "rank": int(evidence.kept[0]), "relevant": relevant, "judged_at": int(evidence.kept[at_relevant]),
        "full_error": evidence.full_error, "error_standard_error": evidence.error_standard_error,
        "band": band, "change_at_relevant": float(changes["top_k"][at_relevant]),
        "low_passed_change_at_relevant": float(changes["low_passed"][at_relevant]),
        "largest_change_down_to_relevant": float(max(np.abs(c[judged]).max() for c in changes.values())),
        "unchanged_down_to_relevant": bool(all(np.all(w[judged]) for w in within.values())),
        "worse_at_relevant": bool(changes["top_k"][at_relevant] > band),
        "smallest_k_unchanged": _smallest_unchanged(evidence.kept, within["top_k"]),
        "smallest_k_unchanged_low_passed": _smallest_unchanged(evidence.kept, within["low_passed"]),
        "full_gap": float(evidence.gaps[0]), "gap_standard_error": evidence.gap_standard_error,
        "gap_at_relevant": float(evidence.gaps[at_relevant]),
    }


def judge_mode_dropping(evidence: Mapping[str, DroppedModes | str],
                        thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if on every network the error stays in the band down to the relevant count; disagrees if
    on every network keeping only the relevant modes makes it worse than the band; ``not run here``
    when a network's data set is not on this machine (the note says why, and what was measured)."""
    measured = {name: e for name, e in evidence.items() if isinstance(e, DroppedModes)}
    missing = "; ".join(e for e in evidence.values() if isinstance(e, str))
    numbers = {name: _summary(e, thresholds["standard_errors"], thresholds["cut"]) for name, e in measured.items()}
    verdict = three_way(all(n["unchanged_down_to_relevant"] for n in numbers.values()),
                        all(n["worse_at_relevant"] for n in numbers.values()))
    key = "; ".join(
        f"{name}: {n['relevant']} of {n['rank']} modes kept, held-out error {n['change_at_relevant']:+.2g} "
        f"(low-passed {n['low_passed_change_at_relevant']:+.2g}) against a band of ±{n['band']:.2g}"
        for name, n in numbers.items())
    if missing:  # the criterion is on every network: no verdict on some of them
        return Judgement(NOT_RUN, "", {}, missing + (f"; measured here only {key}" if key else ""))
    return Judgement(verdict, key, numbers)
