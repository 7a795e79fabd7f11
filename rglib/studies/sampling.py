"""Evidence on the training data (Appendix D): the sampler against exact results.

The judge is in :mod:`rglib.claims.sampling`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import artifacts
from ..ising import SamplingReport, energy_per_spin, exact, magnetization
from ..ising.autocorrelation import binning_error
from ..profiles import Profile
from ..runtime.validation import require_real

@dataclass(frozen=True, eq=False)
class SamplerEvidence:
    """The validation scan, the autocorrelation runs and the training set, measured."""

    lattice_size: int
    temperatures: np.ndarray
    algorithms: list[str]
    energy_mean: np.ndarray
    energy_error: np.ndarray
    energy_exact: np.ndarray
    z_scores: np.ndarray
    abs_m_mean: np.ndarray
    abs_m_error: np.ndarray
    autocorrelation: dict[tuple[float, str], SamplingReport]
    training_report: SamplingReport
    training_energy: float
    training_energy_error: float
    training_exact: float
    training_z: float
    training_shape_ok: bool


def yang_deviation(evidence: SamplerEvidence, below_tc: float) -> tuple[np.ndarray, np.ndarray]:
    """Which temperatures lie at or below ``below_tc`` times T_c, and there ``|<|m|> - Yang|``.

    Well below T_c the finite-size corrections to ``<|m|>`` are exponentially
    small, so the sampled magnetization should sit on Yang's exact curve; the
    fraction of T_c where that is checked is a threshold of the claim
    ``ising-samples`` in :mod:`rglib.claims.catalogue`.

    Returns
    -------
    deep : numpy.ndarray of bool
        Per temperature of the scan, whether it is checked.
    deviation : numpy.ndarray
        ``|<|m|> - m_Yang(T)|`` at the checked temperatures.

    Raises
    ------
    TypeError
        If ``evidence`` is not a SamplerEvidence.
    ValueError
        If ``below_tc`` is not a positive number (above 1 it checks temperatures above T_c too,
        where Yang's curve is 0 and a finite lattice's ``<|m|>`` is not).
    """
    if not isinstance(evidence, SamplerEvidence):
        raise TypeError(f"evidence must be a SamplerEvidence (from sampler_evidence), got {type(evidence).__name__}")
    below_tc = require_real("below_tc", below_tc)
    if not below_tc > 0:
        raise ValueError(f"below_tc must be a positive multiple of T_c, got {below_tc}")
    deep = evidence.temperatures <= below_tc * exact.critical_temperature()
    return deep, np.abs(evidence.abs_m_mean[deep] - exact.magnetization(evidence.temperatures[deep]))


@lru_cache(maxsize=None)
def sampler_evidence(profile: Profile) -> SamplerEvidence:
    """Measure the sampler for ``profile`` (samples come from, or go to, the cache)."""
    points = artifacts.validation_scan(profile)
    temperatures = np.array([point.temperature for point in points])
    energies = [binning_error(energy_per_spin(point.spins)) for point in points]
    abs_m = [binning_error(np.abs(magnetization(point.spins))) for point in points]
    energy_mean = np.array([e.mean for e in energies])
    energy_error = np.array([e.error for e in energies])
    energy_exact = exact.energy_per_spin(temperatures, L=profile.ising.validation_lattice_size)
    m_mean = np.array([m.mean for m in abs_m])
    training, report = artifacts.training_set(profile)
    training_energy = binning_error(energy_per_spin(training))
    ising = profile.ising
    training_exact = float(exact.energy_per_spin(ising.temperature, L=ising.lattice_size))
    return SamplerEvidence(
        lattice_size=ising.validation_lattice_size,
        temperatures=temperatures,
        algorithms=[point.report.algorithm for point in points],
        energy_mean=energy_mean,
        energy_error=energy_error,
        energy_exact=energy_exact,
        z_scores=(energy_mean - energy_exact) / energy_error,
        abs_m_mean=m_mean,
        abs_m_error=np.array([m.error for m in abs_m]),
        autocorrelation=artifacts.autocorrelation_runs(profile),
        training_report=report,
        training_energy=training_energy.mean,
        training_energy_error=training_energy.error,
        training_exact=training_exact,
        training_z=(training_energy.mean - training_exact) / training_energy.error,
        training_shape_ok=training.shape == (ising.n_samples, ising.lattice_size,
                                             ising.lattice_size),
    )
