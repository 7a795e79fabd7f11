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
    deep: np.ndarray
    yang_deviation: np.ndarray
    autocorrelation: dict[tuple[float, str], SamplingReport]
    training_report: SamplingReport
    training_energy: float
    training_energy_error: float
    training_exact: float
    training_z: float
    training_shape_ok: bool


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
    deep = temperatures <= 0.9 * exact.critical_temperature()
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
        deep=deep,
        yang_deviation=np.abs(m_mean[deep] - exact.magnetization(temperatures[deep])),
        autocorrelation=artifacts.autocorrelation_runs(profile),
        training_report=report,
        training_energy=training_energy.mean,
        training_energy_error=training_energy.error,
        training_exact=training_exact,
        training_z=(training_energy.mean - training_exact) / training_energy.error,
        training_shape_ok=training.shape == (ising.n_samples, ising.lattice_size,
                                             ising.lattice_size),
    )
