"""The judges of the claims on the RBM trained on Ising data (Section II A, Figs. 1-6, 18, 19).

Their evidence is measured in :mod:`rglib.studies.network`; the claims, with
their thresholds, are declared in :mod:`rglib.claims.catalogue`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..profiles import Profile, require_profile
from ..studies.network import (
    FourierEvidence, MeasuredCount, SingularValueEvidence, StackEvidence, SubspaceEvidence, TrainingEvidence,
    power_cutoff,
)
from .core import AGREES, DISAGREES, PARTLY, Judgement, three_way


def network_source(profile: Profile) -> str:
    """The data source of every claim about the trained network, as text."""
    L, L_h = require_profile(profile).ising.lattice_size, profile.rbm.hidden_size
    return (f"RBM {L}²→{L_h}² trained {profile.rbm.epochs} epochs on {profile.ising.n_samples:,} "
            f"Ising samples ({L}×{L}, T = {profile.ising.temperature:g})")


def judge_converged(evidence: TrainingEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the reconstruction error changed by less than the threshold over the last tenth."""
    converged = evidence.relative_change < thresholds["relative_change"]
    numbers = {"relative_change_last_tenth": evidence.relative_change, "converged": converged,
               "reconstruction_error_first": evidence.reconstruction_first,
               "reconstruction_error_last": evidence.reconstruction_last}
    return Judgement(AGREES if converged else PARTLY,
                     f"change over the last tenth {100 * evidence.relative_change:.2f} %", numbers)


def judge_no_overfitting(evidence: TrainingEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Disagrees if held-out free energy exceeds training by more than the threshold in standard errors."""
    overfits = evidence.gap > thresholds["standard_errors"] * evidence.gap_error
    numbers = {"free_energy_gap": evidence.gap, "gap_standard_error": evidence.gap_error,
               "gap_in_standard_errors": evidence.gap / evidence.gap_error, "overfits": overfits,
               "log_likelihood_train_minus_held_out": evidence.gap,
               "reconstruction_error_train": evidence.reconstruction_train,
               "reconstruction_error_held_out": evidence.reconstruction_held_out}
    key = f"held-out F − training F = {evidence.gap:+.1f} ± {evidence.gap_error:.1f} nats"
    return Judgement(DISAGREES if overfits else AGREES, key, numbers)


def judge_block_spin_match(evidence: SingularValueEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Fig. 1: agrees if d < ``distance`` at an overlapping block (b > 2); partly if d < ``distance`` at
    b = 2 (no overlap); disagrees if the spectrum is no closer than ``distance`` to any block spin's."""
    match = evidence.trained
    close = match.distance < thresholds["distance"]
    verdict = three_way(close and match.block > 2, not close)
    numbers = {"best_block": match.block, "distance": match.distance, "initial_block": evidence.initial.block,
               "initial_distance": evidence.initial.distance, "trained_min_over_max": evidence.trained_ratio,
               "initial_min_over_max": evidence.initial_ratio}
    return Judgement(verdict, f"best block {match.block}×{match.block}, d = {match.distance:.3f}", numbers)


def judge_vanishing_singular_values(evidence: SingularValueEvidence,
                                    thresholds: Mapping[str, float]) -> Judgement:
    """Figs. 7, 10, 12: the fraction of singular values below ``cut`` times the largest.

    Agrees if it is at least ``agree_min`` ("a large number of vanishing
    singular values"; "a small number of large singular values"); disagrees
    below ``disagree_max``; partly between. The block-spin match of Fig. 1 is
    reported beside it, not judged.
    """
    values = np.asarray(evidence.trained.singular_values, dtype=float)
    initial = np.asarray(evidence.initial.singular_values, dtype=float)
    below = int(np.sum(values < thresholds["cut"] * values.max()))
    fraction = below / len(values)
    verdict = three_way(fraction >= thresholds["agree_min"], fraction < thresholds["disagree_max"])
    numbers = {"below_cut": below, "singular_values": len(values), "fraction_below_cut": fraction,
               "initial_fraction_below_cut": float(np.mean(initial < thresholds["cut"] * initial.max())),
               "best_block": evidence.trained.block, "block_spin_distance": evidence.trained.distance,
               "initial_block_spin_distance": evidence.initial.distance}
    key = (f"{below} of {len(values)} singular values below {thresholds['cut']:.0%} of the largest "
           f"(block-spin d = {evidence.trained.distance:.3f})")
    return Judgement(verdict, key, numbers)


def judge_low_momentum(evidence: FourierEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if >= ``top_min`` of the top five visible *and* of the top five hidden vectors are low-momentum
    (below the ``percentile``-th percentile of random fields' mean radial mode) and <= ``bottom_max`` of the
    bottom five visible; disagrees if <= ``top_disagree_max`` of either top five."""
    top, bottom, hidden = evidence.low_momentum(thresholds["percentile"])
    verdict = three_way(min(top, hidden) >= thresholds["top_min"] and bottom <= thresholds["bottom_max"],
                        min(top, hidden) <= thresholds["top_disagree_max"])
    numbers = {"top_five_low_momentum": top, "bottom_five_low_momentum": bottom,
               "top_five_hidden_low_momentum": hidden}
    return Judgement(verdict, f"low-momentum: top 5 visible {top}/5, hidden {hidden}/5; bottom 5 visible "
                              f"{bottom}/5", numbers)


def judge_hidden_is_coarse_visible(evidence: FourierEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if every top-five distance is below ``agree`` x baseline; disagrees if the median is above ``disagree``."""
    ratio = evidence.top_ratio
    verdict = three_way(bool(np.all(ratio < thresholds["agree"])),
                        bool(np.median(ratio) > thresholds["disagree"]))
    median_distance = float(np.median(evidence.distance[evidence.top]))
    median_baseline = float(np.median(evidence.baseline[evidence.top]))
    numbers = {"top_five_distance_over_baseline": ratio, "median_top_distance": median_distance,
               "median_top_baseline": median_baseline}
    return Judgement(verdict, f"median top-5 distance {median_distance:.2f} (random {median_baseline:.2f})",
                     numbers)


def judge_alignment(evidence: SubspaceEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if a majority exceed 0.8 and the initial weights do not; partly for 20-50 %."""
    level = thresholds["eigenvalue"]
    fraction = float(np.mean(evidence.trained > level))
    initial_fraction = float(np.mean(evidence.initial > level))
    above = int(np.sum(evidence.trained > level))
    if fraction > thresholds["majority"] and initial_fraction <= thresholds["initial_max"]:
        verdict = AGREES
    elif fraction >= thresholds["partly_min"]:
        verdict = PARTLY
    else:
        verdict = DISAGREES
    numbers = {"k": evidence.k, "above": above, "fraction_above": fraction,
               "near_zero": int(np.sum(evidence.trained < thresholds["near_zero"])),
               "initial_fraction_above": initial_fraction}
    return Judgement(verdict, f"{above} of {evidence.k} above {level:g} (paper: 177 of 200)", numbers)


def judge_measured_count(evidence: MeasuredCount, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the count (singular values of at least ``cut`` of the largest, Fourier modes up to where
    the spectrum falls below ``spectrum_floor`` of its peak) is below the samples; partly if the
    reduction exceeds ``reduction``."""
    count, samples = evidence.count(thresholds["cut"], thresholds["spectrum_floor"]), evidence.samples
    reduction = 1 - count.effective / count.naive
    power_mode, power_count = power_cutoff(count, evidence.lattice_size)
    if count.effective < samples:
        verdict = AGREES
    elif reduction > thresholds["reduction"]:
        verdict = PARTLY
    else:
        verdict = DISAGREES
    numbers = {"naive": count.naive, "kept": count.kept, "truncated": count.truncated,
               "cutoff_mode": count.cutoff_mode, "max_radial_mode": count.max_radial_mode,
               "effective": count.effective, "samples": samples, "reduction": reduction,
               "effective_fraction": count.effective / count.naive,
               "power_90_cutoff_mode": power_mode, "power_90_effective": power_count,
               "power_90_below_samples": power_count < samples}
    return Judgement(verdict, f"{count.effective:,} effective vs {samples:,} samples", numbers)


def judge_steeper(evidence: StackEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the area falls by more than ``band`` (the seed spread) at every step; disagrees if it rises
    by more than ``band`` at every step; partly otherwise (a step within the band is not resolved)."""
    steps = np.diff(evidence.areas)
    band = thresholds["band"]
    verdict = three_way(bool(np.all(steps < -band)), bool(np.all(steps > band)))
    return Judgement(verdict, "areas " + ", ".join(f"{a:.3f}" for a in evidence.areas) + f" (band ±{band:g})",
                     {"areas": evidence.areas, "steps": steps})


def judge_stack_fourier(evidence: StackEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if every layer's ratio is below ``agree``; disagrees if every one is above ``disagree``."""
    ratios = evidence.ratios
    verdict = three_way(bool(np.all(ratios < thresholds["agree"])), bool(np.all(ratios > thresholds["disagree"])))
    return Judgement(verdict, "distance / random: " + ", ".join(f"{r:.2f}" for r in ratios),
                     {"ratios": ratios, "low_momentum_top_five": evidence.low_counts})
