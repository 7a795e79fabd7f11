"""Evidence on the RG side of the paper (Appendices B 1, E and G 3), on the profile's lattice.

The judges are in :mod:`rglib.claims.rg_theory`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.stats

from ..analysis.blockspin import block_spin_matrix, block_spin_modes, block_spin_singular_values
from ..analysis.fourier import radial_centroid
from ..analysis.modes import SingularModes
from ..analysis.rg_theory import (
    measured_scaling_exponent, nonzero_count, scaling_table, score_modes, top_and_bottom, top_decile_share,
)
from ..profiles import Profile, require_profile

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
