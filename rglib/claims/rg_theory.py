"""The judges of the claims on the RG side of the paper (Appendices B 1, E and G 3).

Their evidence is measured in :mod:`rglib.studies.rg_theory`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..analysis.rg_theory import linear_r2, top_decile_share
from ..studies.rg_theory import LARGE_BLOCK, SMALL_BLOCK, RGEvidence
from .core import AGREES, DISAGREES, Judgement, three_way

def judge_momentum_space(evidence: RGEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the counted exponents give B10 and B11 and the quadrature confirms B8."""
    lists_match = (evidence.relevant == [(0, 0), (1, 0), (2, 0), (3, 0)]
                   and evidence.marginal == [(0, 1), (4, 0)])
    others_irrelevant = all(e > 0 for key, e in evidence.scaling.items()
                            if key not in evidence.relevant + evidence.marginal)
    confirmed = evidence.exponent_error < thresholds["exponent_tolerance"]
    verdict = AGREES if lists_match and others_irrelevant and confirmed else DISAGREES
    numbers = {"lists_match_B10_B11": lists_match, "others_irrelevant": others_irrelevant,
               "quadrature_exponent_error": evidence.exponent_error}
    return Judgement(verdict, f"B8 confirmed to {evidence.exponent_error:.0e}", numbers)


def judge_two_by_two(evidence: RGEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if B^T B = 4 I, every singular value is 2, and visible = hidden copied onto 2 x 2 blocks."""
    spread = float(np.abs(evidence.two_by_two_values - 2).max())
    ok = (evidence.gram_error == 0 and spread < thresholds["tolerance"]
          and evidence.copy_error < thresholds["tolerance"])
    numbers = {"gram_error": evidence.gram_error, "largest_abs_s_minus_2": spread,
               "copy_error": evidence.copy_error}
    return Judgement(AGREES if ok else DISAGREES, f"max |s - 2| = {spread:.0e}", numbers)


def judge_little_overlap(evidence: RGEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if a straight line fits the b = 4 curve (R^2 above the threshold) and it is not concentrated."""
    values = evidence.spectra[SMALL_BLOCK]
    r2, share = linear_r2(values), top_decile_share(values)
    ok = r2 > thresholds["r2_min"] and share < thresholds["share_max"]
    numbers = {"linear_r2": r2, "top_decile_share": share}
    return Judgement(AGREES if ok else DISAGREES, f"R² = {r2:.3f}; top 10 % hold {share:.0%}", numbers)


def judge_large_overlap(evidence: RGEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the b = 20 spectrum is concentrated and concentration grows with overlap."""
    values = evidence.spectra[LARGE_BLOCK]
    share = top_decile_share(values)
    at = {2: float(evidence.shares[0]),
          **{b: top_decile_share(evidence.spectra[b]) for b in (SMALL_BLOCK, LARGE_BLOCK)}}
    grows = at[LARGE_BLOCK] > at[SMALL_BLOCK] > at[2] and evidence.largest_dip < thresholds["dip_max"]
    ok = share > thresholds["share_min"] and grows
    numbers = {"top_decile_share": share, "grows_with_block": grows, "largest_dip": evidence.largest_dip,
               "values_above_half": int(np.count_nonzero(values >= 0.5 * values[0])),
               "zero_values": int(np.count_nonzero(values < 1e-10 * values[0]))}
    return Judgement(AGREES if ok else DISAGREES, f"top 10 % hold {share:.0%} of Σs²", numbers)


def judge_top_modes(evidence: RGEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if every top-five distance is below baseline / 10 in every block, the top modes are
    smoother than the bottom ones, and the distance rises with rank (Spearman rho above rho_min)."""
    fraction = thresholds["agree_fraction"]
    agree = all(np.all(s["top"] < s["baseline"] * fraction) for s in evidence.summary.values())
    smoother = all(max(top) < min(bottom) for top, bottom in evidence.mean_modes.values())
    ordered = all(s["rho"] > thresholds["rho_min"] for s in evidence.summary.values())
    worst = max(float(np.max(s["top"])) for s in evidence.summary.values())
    numbers = {"all_top_agree": agree, "top_smoother_than_bottom": smoother, "largest_top_distance": worst,
               "rank_correlations": {str(b): s["rho"] for b, s in evidence.summary.items()}}
    return Judgement(AGREES if agree and smoother and ordered else DISAGREES,
                     f"largest top-5 distance {worst:.3f}", numbers)


def judge_bottom_modes(evidence: RGEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the bottom five fail (above baseline / 2) in every block; partly if they only fail to agree."""
    fail, agree = thresholds["fail_fraction"], thresholds["agree_fraction"]
    fails = {b: bool(np.all(s["bottom"] > s["baseline"] * fail)) for b, s in evidence.summary.items()}
    not_agree = all(np.all(s["bottom"] > s["baseline"] * agree) for s in evidence.summary.values())
    verdict = three_way(all(fails.values()), not not_agree)
    lowest = min(float(np.min(s["bottom"]) / s["baseline"]) for s in evidence.summary.values())
    numbers = {"fails_by_block": {str(b): f for b, f in fails.items()}, "none_agree": not_agree,
               "lowest_bottom_over_baseline": lowest}
    return Judgement(verdict, f"lowest bottom-5 distance {lowest:.2f} × baseline", numbers)
