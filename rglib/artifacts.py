"""Every expensive result the book uses, made (or read from the cache) in one place.

Chapters call these functions instead of choosing sizes and seeds themselves,
and ``python -m rglib reproduce`` calls all of them, so that a run at the
paper's scale on a GPU leaves behind everything the book then renders from.
Each function takes a :class:`~rglib.profiles.Profile`; all sizes come from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from . import data
from .backend import resolve_device
from .cache import cache_directory
from .exact import critical_temperature
from .ising import SamplingReport
from .profiles import Profile
from .rbm import RBM, stack

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


HELD_OUT_FRACTION = 0.1


def held_out_set(profile: Profile, progress: bool | None = None) -> np.ndarray:
    """Independent samples (another seed) for the RBM's overfitting monitor, as vectors."""
    n_held_out = max(1, round(HELD_OUT_FRACTION * profile.n_samples))
    spins = data.ising(
        profile.lattice_size, profile.temperature, n_held_out, seed=profile.seed + 1, progress=progress
    )
    return spins.reshape(n_held_out, -1)


def rbm_stack(profile: Profile, progress: bool | None = None) -> list[RBM]:
    """The greedy layer-wise stack on the training set; layer 0 is the single RBM of Section II A.

    The paper's single RBM (80 x 80 -> 40 x 40) and the first layer of its
    stack are the same network trained on the same data, so one training
    serves both. Trained weights are cached (with resumable checkpoints).
    """
    spins, _ = training_set(profile, progress)
    sides = profile.stack_sides
    if sides[0] != profile.lattice_size or sides[1] != profile.hidden_size:
        raise ValueError(
            f"profile {profile.name!r}: stack_sides must start with lattice_size and hidden_size, "
            f"got {sides} for {profile.lattice_size} and {profile.hidden_size}"
        )
    return stack(
        spins.reshape(len(spins), -1), sides,
        epochs=profile.rbm_epochs, batch_size=profile.rbm_batch_size, lr=profile.rbm_learning_rate,
        k=profile.rbm_cd_steps, seed=profile.seed, device=torch_device(),
        held_out=held_out_set(profile, progress), checkpoint_dir=cache_directory(),
        checkpoint_every=profile.checkpoint_every, progress=progress,
    )


def single_rbm(profile: Profile, progress: bool | None = None) -> RBM:
    """The RBM of Section II A: the first layer of :func:`rbm_stack`."""
    return rbm_stack(profile, progress)[0]


def torch_device() -> str:
    """The torch device matching ``RGLIB_DEVICE``: CUDA where the backend picks the GPU."""
    return "cuda" if resolve_device() == "gpu" and torch.cuda.is_available() else "cpu"
