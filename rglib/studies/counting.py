"""Evidence on the paper's count of effective parameters (Section II A, footnote 1).

The judges are in :mod:`rglib.claims.counting`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..analysis.fourier import radial_fft
from ..analysis.parameters import PaperParameterCount, paper_parameter_count
from ..models.rbm import RBM
from ..profiles import Profile, require_profile
from .network import MeasuredCount, measured_count_evidence, measured_count_evidence_of_network

#: The paper's numbers: an 80 x 80 -> 40 x 40 RBM, 200 kept singular values,
#: Fourier modes up to radial mode 10, 40,000 training samples.
PAPER_SIDE, PAPER_KEPT, PAPER_CUTOFF, PAPER_SAMPLES = 80, 200, 10, 40_000


PAPER_CHAIN = (10_240_000, 1_280_000, 35_555)


PAPER_FRACTION = 0.003


@dataclass(frozen=True)
class PaperCountEvidence:
    """The paper's arithmetic, and the same count made exactly on the 80 x 80 lattice."""

    arithmetic: PaperParameterCount
    max_radial_mode: int
    modes_in_disc: int
    modes_in_annuli: int
    per_vector: int
    orthonormal: int
    with_singular_values: int


@lru_cache(maxsize=None)
def paper_count_evidence() -> PaperCountEvidence:
    """Redo the paper's count: its arithmetic, then an exact count of the lattice modes.

    ``per_vector`` counts 200 independent vectors of ``modes_in_disc`` Fourier
    coefficients each; the kept visible vectors are orthonormal, which removes
    ``kept (kept + 1) / 2`` constraints: ``orthonormal = kept * modes - kept (kept + 1) / 2``.
    ``with_singular_values`` adds one number per kept singular value.
    """
    k = np.fft.fftfreq(PAPER_SIDE, d=1 / PAPER_SIDE)
    radius = np.hypot(k[:, None], k[None, :])
    in_disc = int(np.count_nonzero(radius <= PAPER_CUTOFF))
    orthonormal = PAPER_KEPT * in_disc - PAPER_KEPT * (PAPER_KEPT + 1) // 2
    return PaperCountEvidence(
        arithmetic=paper_parameter_count(),
        max_radial_mode=len(radial_fft(np.ones((PAPER_SIDE, PAPER_SIDE))).counts) - 1,
        modes_in_disc=in_disc,
        modes_in_annuli=int(np.count_nonzero(np.rint(radius) <= PAPER_CUTOFF)),
        per_vector=PAPER_KEPT * in_disc,
        orthonormal=orthonormal,
        with_singular_values=orthonormal + PAPER_KEPT,
    )


def paper_count_of(profile: Profile) -> PaperCountEvidence:
    """:func:`paper_count_evidence` (it does not depend on the profile)."""
    require_profile(profile)
    return paper_count_evidence()


def fraction_evidence(profile: Profile) -> tuple[PaperCountEvidence, MeasuredCount]:
    """The paper's count and the profile's network, to be counted at the claim's conventions."""
    require_profile(profile)
    return paper_count_evidence(), measured_count_evidence(profile)


def fraction_evidence_of_network(
    network: Sequence[RBM], profile: Profile,
) -> tuple[PaperCountEvidence, MeasuredCount]:
    """:func:`fraction_evidence` of layer 0 of ``network`` (a trained stack, as
    :func:`rglib.studies.network.require_network` describes it)."""
    return paper_count_evidence(), measured_count_evidence_of_network(network, profile)
