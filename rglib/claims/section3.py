"""The judges of the claims of Section III: split independence, solvability, noise rejection.

Their evidence is measured in :mod:`rglib.studies.section3`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..profiles import Profile
from ..studies.section3 import (
    NetworkComparison, NoiseEvidence, SolvabilityEvidence, split_sizes, stop_index,
)
from .core import Judgement, three_way


def judge_solvability(evidence: SolvabilityEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the Ising count stops (a doubling raises it by at most ``growth_tolerance`` in every
    repeat), its repeats align (>= ``alignment``) and the control's do not.

    The stop is recomputed here from the counts, so the threshold sweep varies it; the repeats'
    subspaces were recorded where the count stopped at the catalogue's tolerance.
    """
    level = thresholds["alignment"]
    stops = [stop_index(counts, thresholds["growth_tolerance"]) for counts in evidence.ising.counts]
    stopped = all(stop is not None and counts[stop] > 0 for stop, counts in zip(stops, evidence.ising.counts))
    ising_aligned = min(evidence.ising.alignments) >= level
    control_fails = max(evidence.control.alignments) < level
    verdict = three_way(stopped and ising_aligned and control_fails, not stopped and not ising_aligned)
    numbers = {"ising_counts": evidence.ising.counts, "ising_stopped": stopped,
               "k": evidence.ising.k, "ising_alignment": min(evidence.ising.alignments),
               "control_counts": evidence.control.counts, "control_alignment": max(evidence.control.alignments),
               "chance": evidence.ising.chance, "sizes": evidence.ising.sizes}
    key = (f"Ising: count {'stops' if stopped else 'keeps growing'}, repeats align "
           f"{min(evidence.ising.alignments):.2f}; control {max(evidence.control.alignments):.2f}")
    return Judgement(verdict, key, numbers)


def judge_noise(evidence: NoiseEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if irrelevant noise passes less than ``reject`` of relevant noise's gain at every strength
    *and* less than through the initial weights; disagrees if more than ``pass`` of it at every strength,
    or no less than through the initial weights at every strength; partly otherwise."""
    ratio, initial = evidence.trained.ratio, evidence.initial.ratio
    verdict = three_way(bool(np.all(ratio < thresholds["reject"]) and np.all(ratio < initial)),
                        bool(np.all(ratio > thresholds["pass"]) or np.all(ratio >= initial)))
    numbers = {"strengths": evidence.trained.strengths, "irrelevant_over_relevant": ratio,
               "initial_irrelevant_over_relevant": initial,
               "relevant_gain": evidence.trained.relevant, "irrelevant_gain": evidence.trained.irrelevant,
               "isotropic_gain": evidence.trained.isotropic, "k": evidence.k}
    return Judgement(verdict, f"irrelevant/relevant gain {ratio.min():.2f}–{ratio.max():.2f} "
                              f"(initial weights {initial.min():.2f}–{initial.max():.2f})", numbers)


def judge_split(evidence: NetworkComparison, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if most relevant alignments exceed ``eigenvalue``, unseen free energies correlate above
    ``correlation`` and the irrelevant directions differ (mean alignment below ``irrelevant_max`` of the
    way from chance to 1); disagrees if none of the three holds; partly otherwise."""
    fraction = float(np.mean(evidence.relevant_alignment > thresholds["eigenvalue"]))
    same_subspace = fraction > thresholds["majority"]
    same_outputs = evidence.free_energy_correlation > thresholds["correlation"]
    chance, irrelevant = evidence.irrelevant_chance, float(evidence.irrelevant_alignment.mean())
    irrelevant_level = chance + thresholds["irrelevant_max"] * (1 - chance)
    differ = irrelevant < irrelevant_level
    verdict = three_way(same_subspace and same_outputs and differ,
                        not (same_subspace or same_outputs or differ))
    numbers = {"k": evidence.k, "relevant_fraction_above": fraction,
               "relevant_mean_alignment": float(evidence.relevant_alignment.mean()),
               "irrelevant_mean_alignment": irrelevant, "irrelevant_chance": chance,
               "irrelevant_level": irrelevant_level, "irrelevant_differ": differ,
               "unseen_free_energy_correlation": evidence.free_energy_correlation,
               "unseen_reconstruction_difference": evidence.reconstruction_difference}
    return Judgement(verdict, f"{fraction:.0%} of top-{evidence.k} alignments > {thresholds['eigenvalue']:g}; "
                              f"unseen F correlation {evidence.free_energy_correlation:.3f}; irrelevant "
                              f"alignment {irrelevant:.2f} (chance {chance:.2f}, level {irrelevant_level:.2f})",
                     numbers)


def split_source(profile: Profile) -> str:
    """The data source of the split test, as text."""
    L, L_h, epochs = split_sizes(profile)
    stand_in = " (a smaller, shorter-trained stand-in for the ci network)" if profile.name == "ci" else ""
    return (f"two RBMs {L}²→{L_h}²{stand_in}, {epochs} epochs each on disjoint halves of "
            f"{profile.ising.n_samples:,} Ising samples")
