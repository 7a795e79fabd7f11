"""Evidence for the paper's count of effective parameters (Section II A, footnote 1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import numpy as np

from ..analysis.fourier import radial_fft
from ..analysis.parameters import EffectiveParameters, PaperParameterCount, paper_parameter_count
from ..profiles import Profile, require_profile
from .core import AGREES, DISAGREES, PARTLY, Judgement
from ..models.rbm import RBM
from .network import count_evidence, count_evidence_of_network

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


def judge_arithmetic(evidence: PaperCountEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if 10,240,000 -> 1,280,000 -> 35,555 follows from the stated inputs."""
    count = evidence.arithmetic
    chain = (count.naive, count.truncated, count.effective)
    numbers = {"naive": count.naive, "truncated": count.truncated, "effective": count.effective,
               "fourier_factor": count.fourier_factor, "implied_max_radial_mode": 60,
               "lattice_max_radial_mode": evidence.max_radial_mode}
    return Judgement(AGREES if chain == PAPER_CHAIN else DISAGREES,
                     f"{count.naive:,} → {count.truncated:,} → {count.effective:,}", numbers)


def judge_fewer_than_samples(evidence: PaperCountEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the exact count at the paper's cutoff is below 40,000; partly if only the arithmetic holds."""
    arithmetic_holds = (evidence.arithmetic.naive, evidence.arithmetic.truncated,
                        evidence.arithmetic.effective) == PAPER_CHAIN
    exact = evidence.with_singular_values
    verdict = AGREES if arithmetic_holds and exact < PAPER_SAMPLES else PARTLY if arithmetic_holds else DISAGREES
    numbers = {"modes_in_disc": evidence.modes_in_disc, "modes_in_annuli": evidence.modes_in_annuli,
               "independent_vectors": evidence.per_vector, "orthonormal_vectors": evidence.orthonormal,
               "with_singular_values": exact, "samples": PAPER_SAMPLES,
               "excess_over_samples": exact / PAPER_SAMPLES - 1}
    return Judgement(verdict, f"exact count {exact:,} vs {PAPER_SAMPLES:,} samples", numbers)


def fraction_evidence(profile: Profile) -> tuple[PaperCountEvidence, EffectiveParameters]:
    """The paper's count and the measured count of the profile's network."""
    require_profile(profile)
    return paper_count_evidence(), count_evidence(profile)


def fraction_evidence_of_network(
    network: Sequence[RBM], profile: Profile,
) -> tuple[PaperCountEvidence, EffectiveParameters]:
    """:func:`fraction_evidence` of layer 0 of ``network`` (a trained stack, as
    :func:`rglib.claims.network.require_network` describes it)."""
    return paper_count_evidence(), count_evidence_of_network(network, profile)


def judge_fraction(evidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if our network's effective fraction is at most ``agree_max``; partly up to ``partly_max``."""
    paper, ours = evidence
    fraction = ours.effective / ours.naive
    verdict = (AGREES if fraction <= thresholds["agree_max"]
               else PARTLY if fraction <= thresholds["partly_max"] else DISAGREES)
    numbers = {"paper_arithmetic_fraction": paper.arithmetic.effective / paper.arithmetic.naive,
               "paper_exact_fraction": paper.with_singular_values / paper.arithmetic.naive,
               "measured_fraction": fraction}
    return Judgement(verdict, f"ours {100 * fraction:.1f} % (paper's numbers: "
                              f"{100 * paper.arithmetic.effective / paper.arithmetic.naive:.2f} %)", numbers)
