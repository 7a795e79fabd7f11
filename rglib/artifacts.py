"""Every expensive result the book uses, made (or read from the cache) in one place.

Chapters call these functions instead of choosing sizes and seeds themselves,
and ``python -m rglib reproduce`` calls all of them, so that a run at the
paper's scale on a GPU leaves behind everything the book then renders from.
Each function takes a :class:`~rglib.profiles.Profile`; all sizes come from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import data
from .exact import critical_temperature
from .ising import SamplingReport
from .profiles import Profile

AUTOCORRELATION_TEMPERATURES = (4.0, 2.4)
AUTOCORRELATION_SAMPLES = 2_000
PICTURE_TEMPERATURES = (1.8, critical_temperature(), 2.6, 4.0)
PICTURE_SIZE = 64


@dataclass(frozen=True)
class ScanPoint:
    """Samples at one temperature of the validation scan, with their run report."""

    temperature: float
    spins: np.ndarray
    report: SamplingReport


def validation_scan(profile: Profile, progress: bool | None = None) -> list[ScanPoint]:
    """Samples on the validation lattice at each of the profile's validation temperatures."""
    points = []
    for index, temperature in enumerate(profile.validation_temperatures):
        spins, report = data.ising(
            profile.validation_lattice_size, temperature, profile.validation_samples,
            seed=100 + index, return_report=True, progress=progress,
        )
        points.append(ScanPoint(temperature, spins, report))
    return points


def autocorrelation_runs(profile: Profile, progress: bool | None = None) -> dict[tuple[float, str], SamplingReport]:
    """Run reports of both algorithms at T = 4 and just above T_c (T = 2.4)."""
    runs = {}
    for temperature in AUTOCORRELATION_TEMPERATURES:
        for algorithm in ("metropolis", "wolff"):
            _, runs[temperature, algorithm] = data.ising(
                profile.validation_lattice_size, temperature, AUTOCORRELATION_SAMPLES, seed=7,
                algorithm=algorithm, return_report=True, progress=progress,
            )
    return runs


def example_configurations(progress: bool | None = None) -> dict[float, np.ndarray]:
    """One 64 x 64 configuration at each of a few temperatures, for pictures."""
    return {
        temperature: data.ising(PICTURE_SIZE, temperature, 4, seed=200 + index, progress=progress)[0]
        for index, temperature in enumerate(PICTURE_TEMPERATURES)
    }


def training_set(profile: Profile, progress: bool | None = None) -> tuple[np.ndarray, SamplingReport]:
    """The data the networks train on: the profile's lattice at its temperature."""
    return data.ising(
        profile.lattice_size, profile.temperature, profile.n_samples, seed=profile.seed,
        return_report=True, progress=progress,
    )
