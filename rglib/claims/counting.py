"""The judges of the claims on the paper's count of effective parameters (Section II A, footnote 1).

Their evidence is measured in :mod:`rglib.studies.counting`.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..studies.counting import PAPER_CHAIN, PAPER_SAMPLES, PaperCountEvidence
from ..studies.network import MeasuredCount
from .core import AGREES, DISAGREES, PARTLY, Judgement

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


def judge_fraction(evidence: tuple[PaperCountEvidence, MeasuredCount], thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if our network's effective fraction (counted at the ``cut`` and ``spectrum_floor``
    conventions) is at most ``agree_max``; partly up to ``partly_max``."""
    paper, network = evidence
    ours = network.count(thresholds["cut"], thresholds["spectrum_floor"])
    fraction = ours.effective / ours.naive
    verdict = (AGREES if fraction <= thresholds["agree_max"]
               else PARTLY if fraction <= thresholds["partly_max"] else DISAGREES)
    numbers = {"paper_arithmetic_fraction": paper.arithmetic.effective / paper.arithmetic.naive,
               "paper_exact_fraction": paper.with_singular_values / paper.arithmetic.naive,
               "measured_fraction": fraction}
    return Judgement(verdict, f"ours {100 * fraction:.1f} % (paper's numbers: "
                              f"{100 * paper.arithmetic.effective / paper.arithmetic.naive:.2f} %)", numbers)
