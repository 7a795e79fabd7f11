"""The judge of the claim on the training data (Appendix D): the sampler against exact results.

Its evidence is measured in :mod:`rglib.studies.sampling`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..studies.sampling import SamplerEvidence, yang_deviation
from .core import AGREES, DISAGREES, Judgement

def judge_sampler(evidence: SamplerEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if every check of the sampling chapter passes; disagrees otherwise."""
    runs = evidence.autocorrelation
    deep, deviation = yang_deviation(evidence, thresholds["yang_below_tc"])
    checks = {
        "energies_match_kaufman": bool(np.all(np.abs(evidence.z_scores) < thresholds["z_max"])),
        "magnetization_on_yang": bool(np.all(
            deviation < thresholds["yang_errors"] * evidence.abs_m_error[deep] + thresholds["yang_floor"])),
        "wolff_beats_metropolis_near_tc": bool(
            runs[2.4, "wolff"].tau_magnetization < runs[2.4, "metropolis"].tau_magnetization),
        "fast_decorrelation_at_t4": bool(
            runs[4.0, "metropolis"].decorrelation_time < thresholds["decorrelation_max"]),
        "training_set_energy": bool(abs(evidence.training_z) < thresholds["z_max"]),
        "training_set_shape": evidence.training_shape_ok,
    }
    largest_z = float(np.abs(evidence.z_scores).max())
    numbers = {**checks, "largest_abs_z": largest_z, "training_z": evidence.training_z,
               "temperatures": len(evidence.temperatures)}
    key = f"largest |z| = {largest_z:.2f} over {len(evidence.temperatures)} temperatures"
    return Judgement(AGREES if all(checks.values()) else DISAGREES, key, numbers)
