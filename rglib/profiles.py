"""Run sizes for the whole book, in one place.

Every chapter reads its sizes from :func:`active_profile`. The profile is
chosen with the environment variable ``RGLIB_PROFILE``:

``ci`` (default)
    sized so that the whole book executes in about 15 minutes on a 2-core CPU;
``paper``
    the paper's sizes (80 x 80 lattice, 40,000 samples at T = 4), meant for a GPU.

The settings of the RBMs trained on image data sets (Sections II B-D) are one
:class:`ImageProfile` per data set inside the profile (``profile.mnist``,
``profile.fashion_mnist``, ``profile.flowers``, ``profile.clouds``; by data
set name with :meth:`Profile.images`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

PROFILE_ENVIRONMENT_VARIABLE = "RGLIB_PROFILE"
PRECISION_ENVIRONMENT_VARIABLE = "RGLIB_PRECISION"
PRECISIONS = ("fp32", "tf32")


@dataclass(frozen=True)
class ImageProfile:
    """The sizes of the RBM trained on one image data set (Sections II B-D).

    Attributes
    ----------
    side : int
        Images are area-averaged to ``side x side`` pixels (the paper: 28
        for MNIST and Fashion-MNIST, 100 for flowers and clouds, i.e. no
        resizing of the loaded images).
    hidden_side : int
        Side of the hidden lattice (the paper: half of ``side``).
    n_train : int or None
        Training images, a seeded random subset of the training split
        (None: all of it).
    n_test : int or None
        Held-out images, likewise from the test split (None: all of it).
    epochs : int
        Training epochs.
    batch_size : int
        Images per contrastive-divergence batch.
    learning_rate : float
        Step size of the plain SGD update.
    cd_steps : int
        k of CD-k.
    seed : int
        Seeds the subsets and the RBM (initial weights and training).
    checkpoint_every : int
        Epochs between training checkpoints.
    """

    side: int
    hidden_side: int
    n_train: int | None
    n_test: int | None
    epochs: int
    batch_size: int
    learning_rate: float
    cd_steps: int
    seed: int
    checkpoint_every: int


def _paper_images(side: int) -> ImageProfile:
    """The paper's image RBM: ``side`` -> ``side/2``, every image, batch, rate and CD-1 of
    Section II A, 1,000 epochs (stated for Fashion-MNIST and flowers; none is stated for the
    others)."""
    return ImageProfile(side=side, hidden_side=side // 2, n_train=None, n_test=None, epochs=1_000,
                        batch_size=1_000, learning_rate=1e-3, cd_steps=1, seed=2021,
                        checkpoint_every=100)


def _ci_images(side: int, n_train: int | None, n_test: int | None, epochs: int) -> ImageProfile:
    """A small image RBM for a 2-core CPU: the paper's rate 1e-3 and CD-1, in batches of 100
    (more updates per epoch than the paper's 1,000 on small sets)."""
    return ImageProfile(side=side, hidden_side=side // 2, n_train=n_train, n_test=n_test,
                        epochs=epochs, batch_size=100, learning_rate=1e-3, cd_steps=1, seed=2021,
                        checkpoint_every=50)


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
    mnist, fashion_mnist, flowers, clouds : ImageProfile
        The RBM of each image data set.
    rbm_precision : {"fp32", "tf32"}
        Matrix-product precision of RBM training (``tf32`` only on a CUDA GPU);
        :func:`active_profile` takes it from ``RGLIB_PRECISION`` (default fp32).
        Part of the profile, so that everything keyed by a profile (cached
        evidence included) tells the two precisions apart.
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
    mnist: ImageProfile
    fashion_mnist: ImageProfile
    flowers: ImageProfile
    clouds: ImageProfile
    rbm_precision: str = "fp32"

    def images(self, name: str) -> ImageProfile:
        """The :class:`ImageProfile` of the image data set ``name`` (as :func:`rglib.datasets.load` names it).

        Raises
        ------
        ValueError
            For a name that is not an image data set.
        """
        names = ("mnist", "fashion-mnist", "flowers", "clouds")
        if name not in names:
            raise ValueError(f"name must be one of {names}, got {name!r}")
        return getattr(self, name.replace("-", "_"))


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
        mnist=_ci_images(28, n_train=None, n_test=None, epochs=200),
        fashion_mnist=_ci_images(28, n_train=6_000, n_test=2_000, epochs=150),
        flowers=_ci_images(32, n_train=None, n_test=None, epochs=300),
        clouds=_ci_images(32, n_train=None, n_test=None, epochs=150),
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
        mnist=_paper_images(28),
        fashion_mnist=_paper_images(28),
        flowers=_paper_images(100),
        clouds=_paper_images(100),
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
    precision = os.environ.get(PRECISION_ENVIRONMENT_VARIABLE, "fp32").strip().lower() or "fp32"
    if precision not in PRECISIONS:
        raise ValueError(f"{PRECISION_ENVIRONMENT_VARIABLE} must be one of {PRECISIONS}, got {precision!r}")
    return dataclasses.replace(PROFILES[name], rbm_precision=precision)
