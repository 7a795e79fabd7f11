"""Evidence for the RG side of the paper (Appendices B 1, E and G 3), on the profile's lattice."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import numpy as np
import scipy.stats

from ..analysis.blockspin import block_spin_matrix, block_spin_modes, block_spin_singular_values
from ..analysis.fourier import radial_centroid
from ..analysis.modes import SingularModes
from ..profiles import Profile, require_profile
from ..analysis.rg_theory import (
    linear_r2, measured_scaling_exponent, nonzero_count, scaling_table, score_modes,
    top_and_bottom, top_decile_share,
)
from .core import AGREES, DISAGREES, Judgement, three_way

#: The paper's block sizes: little overlap (Fig. 14) and large overlap (Fig. 17).
SMALL_BLOCK, LARGE_BLOCK = 4, 20


@dataclass(frozen=True, eq=False)
class RGEvidence:
    """Everything the RG-theory chapter measures, for one lattice side ``L``."""

    L: int
    scaling: dict[tuple[int, int], float]
    relevant: list[tuple[int, int]]
    marginal: list[tuple[int, int]]
    measured_exponents: dict[tuple[int, int], float]
    exponent_error: float
    gram_error: float
    two_by_two_values: np.ndarray
    copy_error: float
    spectra: dict[int, np.ndarray]
    block_sizes: np.ndarray
    shares: np.ndarray
    largest_dip: float
    scaled_block: int
    modes: dict[int, SingularModes]
    scores: dict[int, dict[str, np.ndarray]]
    summary: dict[int, dict[str, object]]
    mean_modes: dict[int, tuple[list[float], list[float]]]


@lru_cache(maxsize=None)
def rg_evidence(L: int) -> RGEvidence:
    """Measure the RG claims on an ``L x L`` visible lattice (``L / 2`` hidden)."""
    table = scaling_table()
    measured = {key: measured_scaling_exponent(*key) for key in table if key != (0, 0)}
    two_by_two = block_spin_matrix(L, 2)
    modes_2 = block_spin_modes(L, 2)
    blown_up = np.array([np.kron(h, np.ones((2, 2))) / 2 for h in modes_2.hidden])
    block_sizes = np.arange(2, L + 1)
    shares = np.array([top_decile_share(block_spin_singular_values(L, b)) for b in block_sizes])
    scaled = round(LARGE_BLOCK * L / 80)  # the paper's b = 20 as a fraction (1/4) of its 80-site lattice
    modes = {block: block_spin_modes(L, block) for block in sorted({SMALL_BLOCK, LARGE_BLOCK, scaled})}
    scores = {block: score_modes(block_modes) for block, block_modes in modes.items()}
    summary = {}
    for block, block_modes in modes.items():
        top, bottom = top_and_bottom(block_modes.values)
        k = nonzero_count(block_modes.values)
        distance = scores[block]["distance"]
        summary[block] = {
            "top": distance[top], "bottom": distance[bottom], "nonzero": k,
            "baseline": float(scores[block]["random_distance"].mean()),
            "radial_baseline": float(scores[block]["random_radial_distance"].mean()),
            "rho": float(scipy.stats.spearmanr(np.arange(k), distance[:k]).statistic),
        }
    mean_modes = {}
    for block in (SMALL_BLOCK, LARGE_BLOCK):
        top, bottom = top_and_bottom(modes[block].values)
        mean_modes[block] = ([radial_centroid(modes[block].visible[i]) for i in top],
                             [radial_centroid(modes[block].visible[i]) for i in bottom])
    return RGEvidence(
        L=L,
        scaling=table,
        relevant=sorted(key for key, e in table.items() if e < 0),
        marginal=sorted(key for key, e in table.items() if e == 0),
        measured_exponents=measured,
        exponent_error=max(abs(measured[key] - table[key]) for key in measured),
        gram_error=float(np.abs(two_by_two.T @ two_by_two - 4 * np.eye(two_by_two.shape[1])).max()),
        two_by_two_values=block_spin_singular_values(L, 2),
        copy_error=float(np.abs(np.abs(modes_2.visible) - np.abs(blown_up)).max()),
        spectra={block: block_spin_singular_values(L, block) for block in (SMALL_BLOCK, LARGE_BLOCK)},
        block_sizes=block_sizes,
        shares=shares,
        largest_dip=float(max(0.0, -np.diff(shares).min())),
        scaled_block=scaled,
        modes=modes,
        scores=scores,
        summary=summary,
        mean_modes=mean_modes,
    )


def profile_rg_evidence(profile: Profile) -> RGEvidence:
    """:func:`rg_evidence` on the profile's visible lattice."""
    return rg_evidence(require_profile(profile).ising.lattice_size)


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
