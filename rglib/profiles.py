"""Run sizes for the whole book, in one place.

Every chapter reads its sizes from :func:`active_profile`. The profile is
chosen with the environment variable ``RGLIB_PROFILE``:

``ci`` (default)
    sized so that the whole book executes in about 15 minutes on a 2-core CPU;
``paper``
    the paper's sizes (80 x 80 lattice, 40,000 samples at T = 4), meant for a GPU.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

PROFILE_ENVIRONMENT_VARIABLE = "RGLIB_PROFILE"


@dataclass(frozen=True)
class Profile:
    """The sizes one run of the book uses.

    Attributes
    ----------
    name : str
        ``"ci"`` or ``"paper"``.
    lattice_size : int
        Side L of the L x L Ising lattice the networks are trained on.
    temperature : float
        Temperature of the training data (the paper uses T = 4).
    n_samples : int
        Number of training configurations.
    seed : int
        Seed of the training data set.
    validation_lattice_size : int
        Side of the lattice used to validate the sampler against exact results.
    validation_temperatures : tuple of float
        Temperatures of the validation scan E(T), M(T).
    validation_samples : int
        Configurations per temperature in the validation scan.
    hidden_size : int
        Side of the hidden lattice of the single RBM (the paper: 40, i.e. 1600 units).
    rbm_epochs : int
        Training epochs of the single RBM (the paper: about 6,000).
    rbm_batch_size : int
        Samples per contrastive-divergence batch (the paper: 1,000).
    rbm_learning_rate : float
        Step size of the plain SGD update (the paper: 1e-3).
    rbm_cd_steps : int
        k of CD-k (the paper's Appendix A describes CD-1).
    stack_sides : tuple of int
        Lattice sides of the greedy layer-wise stack (the paper: 80, 40, 20, 10).
    checkpoint_every : int
        Epochs between training checkpoints.
    """

    name: str
    lattice_size: int
    temperature: float
    n_samples: int
    seed: int
    validation_lattice_size: int
    validation_temperatures: tuple[float, ...]
    validation_samples: int
    hidden_size: int
    rbm_epochs: int
    rbm_batch_size: int
    rbm_learning_rate: float
    rbm_cd_steps: int
    stack_sides: tuple[int, ...]
    checkpoint_every: int


_VALIDATION_TEMPERATURES = (1.5, 1.8, 2.0, 2.1, 2.2, 2.25, 2.3, 2.4, 2.6, 3.0, 3.5, 4.0, 5.0)

PROFILES: dict[str, Profile] = {
    "ci": Profile(
        name="ci",
        lattice_size=32,
        temperature=4.0,
        n_samples=10_000,
        seed=2021,
        validation_lattice_size=16,
        validation_temperatures=_VALIDATION_TEMPERATURES,
        validation_samples=2_000,
        hidden_size=16,
        rbm_epochs=600,
        rbm_batch_size=1_000,
        rbm_learning_rate=1e-2,
        rbm_cd_steps=1,
        stack_sides=(32, 16, 8, 4),
        checkpoint_every=50,
    ),
    "paper": Profile(
        name="paper",
        lattice_size=80,
        temperature=4.0,
        n_samples=40_000,
        seed=2021,
        validation_lattice_size=80,
        validation_temperatures=_VALIDATION_TEMPERATURES,
        validation_samples=10_000,
        hidden_size=40,
        rbm_epochs=6_000,
        rbm_batch_size=1_000,
        rbm_learning_rate=1e-3,
        rbm_cd_steps=1,
        stack_sides=(80, 40, 20, 10),
        checkpoint_every=100,
    ),
}


def active_profile(name: str | None = None) -> Profile:
    """Return the profile named ``name``, or the one ``RGLIB_PROFILE`` selects.

    Parameters
    ----------
    name : str, optional
        ``"ci"`` or ``"paper"``. When omitted, ``RGLIB_PROFILE`` decides
        (default ``"ci"``).

    Raises
    ------
    ValueError
        If the name is not a known profile.
    """
    source = "name"
    if name is None:
        name = os.environ.get(PROFILE_ENVIRONMENT_VARIABLE, "ci").strip().lower() or "ci"
        source = PROFILE_ENVIRONMENT_VARIABLE
    if name not in PROFILES:
        raise ValueError(f"{source} must be one of {sorted(PROFILES)}, got {name!r}")
    return PROFILES[name]
