"""Run sizes for the whole book, in one place.

Every chapter reads its sizes from :func:`active_profile`. The profile is
chosen with the environment variable ``RGLIB_PROFILE``:

``ci`` (default)
    sized so that the whole book executes in at most 25 minutes on a 2-core CPU;
``paper``
    the paper's sizes (80 x 80 lattice, 40,000 samples at T = 4), meant for a GPU.

A profile groups its settings per topic:

``profile.ising`` (:class:`IsingProfile`)
    the Ising training data and the sampler's validation scan (Section II A);
``profile.rbm`` (:class:`RBMProfile`)
    the single RBM and the stack trained on that data (Sections II A, II E);
``profile.mnist``, ``.fashion_mnist``, ``.flowers``, ``.clouds`` (:class:`ImageProfile`)
    the RBM of each image data set (Sections II B-D); by data set name with
    :meth:`Profile.images`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from .runtime.validation import require_choice, require_integer, require_positive_finite

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

    def __post_init__(self) -> None:
        _check_settings(self)


def _paper_images(side: int) -> ImageProfile:
    """The paper's image RBM: ``side`` -> ``side/2``, every image, batch, rate and CD-1 of
    Section II A, 1,000 epochs (stated for Fashion-MNIST and flowers; Table I trains the MNIST
    RBM 8 epochs; none is stated for clouds)."""
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
class IsingProfile:
    """The Ising data of Section II A: the training set and the sampler's validation scan.

    Attributes
    ----------
    lattice_size : int
        Side L of the L x L Ising lattice the networks are trained on (the paper: 80).
    temperature : float
        Temperature of the training data (the paper uses T = 4).
    n_samples : int
        Number of training configurations (the paper: 40,000).
    seed : int
        Seed of the training data set; the RBMs trained on it are seeded with it too.
    validation_lattice_size : int
        Side of the lattice used to validate the sampler against exact results.
    validation_temperatures : tuple of float
        Temperatures of the validation scan E(T), M(T).
    validation_samples : int
        Configurations per temperature in the validation scan.
    """

    lattice_size: int
    temperature: float
    n_samples: int
    seed: int
    validation_lattice_size: int
    validation_temperatures: tuple[float, ...]
    validation_samples: int

    def __post_init__(self) -> None:
        _check_settings(self)


@dataclass(frozen=True)
class RBMProfile:
    """The RBMs trained on the Ising data: the single RBM of Section II A and the stack of II E.

    Attributes
    ----------
    hidden_size : int
        Side of the hidden lattice of the single RBM (the paper: 40, i.e. 1600 units).
    epochs : int
        Training epochs (the paper: about 6,000).
    batch_size : int
        Samples per contrastive-divergence batch (the paper: 1,000).
    learning_rate : float
        Step size of the plain SGD update (the paper: 1e-3).
    cd_steps : int
        k of CD-k (the paper's Appendix A describes CD-1).
    stack_sides : tuple of int
        Lattice sides of the greedy layer-wise stack (the paper: 80, 40, 20, 10);
        it starts with the Ising lattice size and ``hidden_size``.
    checkpoint_every : int
        Epochs between training checkpoints.
    precision : {"fp32", "tf32"}
        Matrix-product precision of training (``tf32`` only on a CUDA GPU);
        :func:`active_profile` takes it from ``RGLIB_PRECISION`` (default fp32).
        Part of the profile, so that everything keyed by a profile (cached
        evidence included) tells the two precisions apart.
    """

    hidden_size: int
    epochs: int
    batch_size: int
    learning_rate: float
    cd_steps: int
    stack_sides: tuple[int, ...]
    checkpoint_every: int
    precision: str = "fp32"

    def __post_init__(self) -> None:
        _check_settings(self)
        require_choice("precision", self.precision, PRECISIONS)


@dataclass(frozen=True)
class Profile:
    """The sizes one run of the book uses, grouped per topic.

    Attributes
    ----------
    name : str
        ``"ci"`` or ``"paper"``.
    ising : IsingProfile
        The Ising training data and the validation scan of the sampler.
    rbm : RBMProfile
        The single RBM and the stack trained on the Ising data (precision included).
    mnist, fashion_mnist, flowers, clouds : ImageProfile
        The RBM of each image data set.
    """

    name: str
    ising: IsingProfile
    rbm: RBMProfile
    mnist: ImageProfile
    fashion_mnist: ImageProfile
    flowers: ImageProfile
    clouds: ImageProfile

    def __post_init__(self) -> None:
        _check_settings(self)

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


#: The group classes a :class:`Profile` field may hold, by the annotation naming them.
_GROUPS = {"IsingProfile": IsingProfile, "RBMProfile": RBMProfile, "ImageProfile": ImageProfile}


def _check_settings(settings: ImageProfile | IsingProfile | RBMProfile | Profile) -> None:
    """Refuse settings that could not be run, naming the field: sizes are integers >= 1
    (a seed >= 0), rates and temperatures finite and positive, and each group of a
    :class:`Profile` an instance of its class (each group checks its own fields)."""
    for item in dataclasses.fields(settings):
        name, value = item.name, getattr(settings, item.name)
        if item.type == "int":
            require_integer(name, value, minimum=0 if name == "seed" else 1)
        elif item.type == "int | None" and value is not None:
            require_integer(name, value, minimum=1)
        elif item.type == "float":
            require_positive_finite(name, value)
        elif item.type.startswith("tuple["):
            if not isinstance(value, tuple) or not value:
                raise ValueError(f"{name} must be a non-empty tuple, got {value!r}")
            check = require_integer if item.type == "tuple[int, ...]" else require_positive_finite
            for index, entry in enumerate(value):
                check(f"{name}[{index}]", entry, *((1,) if check is require_integer else ()))
        elif item.type == "str" and not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}")
        elif item.type in _GROUPS and not isinstance(value, _GROUPS[item.type]):
            raise TypeError(f"{name} must be an {item.type}, got {type(value).__name__}")


_VALIDATION_TEMPERATURES = (1.5, 1.8, 2.0, 2.1, 2.2, 2.25, 2.3, 2.4, 2.6, 3.0, 3.5, 4.0, 5.0)

PROFILES: dict[str, Profile] = {
    "ci": Profile(
        name="ci",
        ising=IsingProfile(
            lattice_size=32,
            temperature=4.0,
            n_samples=10_000,
            seed=2021,
            validation_lattice_size=16,
            validation_temperatures=_VALIDATION_TEMPERATURES,
            validation_samples=2_000,
        ),
        rbm=RBMProfile(
            hidden_size=16,
            epochs=600,
            batch_size=1_000,
            learning_rate=1e-2,
            cd_steps=1,
            stack_sides=(32, 16, 8, 4),
            checkpoint_every=50,
        ),
        mnist=_ci_images(28, n_train=None, n_test=None, epochs=200),
        fashion_mnist=_ci_images(28, n_train=6_000, n_test=2_000, epochs=150),
        flowers=_ci_images(32, n_train=None, n_test=None, epochs=300),
        clouds=_ci_images(32, n_train=None, n_test=None, epochs=150),
    ),
    "paper": Profile(
        name="paper",
        ising=IsingProfile(
            lattice_size=80,
            temperature=4.0,
            n_samples=40_000,
            seed=2021,
            validation_lattice_size=80,
            validation_temperatures=_VALIDATION_TEMPERATURES,
            validation_samples=10_000,
        ),
        rbm=RBMProfile(
            hidden_size=40,
            epochs=6_000,
            batch_size=1_000,
            learning_rate=1e-3,
            cd_steps=1,
            stack_sides=(80, 40, 20, 10),
            checkpoint_every=100,
        ),
        mnist=_paper_images(28),
        fashion_mnist=_paper_images(28),
        flowers=_paper_images(100),
        clouds=_paper_images(100),
    ),
}


def summed_step(profile: Profile, epochs: int | None = None) -> float:
    """The summed step size of the single RBM's training: learning rate x number of updates.

    The number of updates is ``epochs`` (default: the profile's) times the
    batches per epoch, ``ceil(n_samples / batch_size)``: 0.01 x 600 x 10 = 60
    for ``ci``, the paper's 0.001 x 6000 x 40 = 240 for ``paper``.

    Raises
    ------
    TypeError
        If ``profile`` is not a :class:`Profile`.
    ValueError
        If ``epochs`` is not an integer >= 1 (or None).
    """
    require_profile(profile)
    epochs = profile.rbm.epochs if epochs is None else require_integer("epochs", epochs, minimum=1)
    batches = -(-profile.ising.n_samples // profile.rbm.batch_size)
    return profile.rbm.learning_rate * epochs * batches


def require_profile(profile) -> Profile:
    """``profile`` if it is a :class:`Profile`, else TypeError naming it and the fix.

    Raises
    ------
    TypeError
        If ``profile`` is anything else (a profile's name included: pass
        ``active_profile(name)``).
    """
    if not isinstance(profile, Profile):
        raise TypeError(
            f"profile must be a rglib.profiles.Profile, got {type(profile).__name__} {profile!r}; "
            "pass active_profile() or active_profile('ci' or 'paper')"
        )
    return profile


def active_profile(name: str | None = None) -> Profile:
    """Return the profile named ``name``, or the one ``RGLIB_PROFILE`` selects.

    Its ``rbm.precision`` is taken from ``RGLIB_PRECISION`` (``fp32`` or
    ``tf32``, default ``fp32``).

    Parameters
    ----------
    name : str, optional
        ``"ci"`` or ``"paper"``. When omitted, ``RGLIB_PROFILE`` decides
        (default ``"ci"``).

    Raises
    ------
    ValueError
        If the name is not a known profile, or ``RGLIB_PRECISION`` not a known precision.
    """
    source = "name"
    if name is None:
        name = os.environ.get(PROFILE_ENVIRONMENT_VARIABLE, "ci").strip().lower() or "ci"
        source = PROFILE_ENVIRONMENT_VARIABLE
    if not isinstance(name, str) or name not in PROFILES:
        raise ValueError(f"{source} must be one of {sorted(PROFILES)}, got {name!r}")
    precision = os.environ.get(PRECISION_ENVIRONMENT_VARIABLE, "fp32").strip().lower() or "fp32"
    if precision not in PRECISIONS:
        raise ValueError(f"{PRECISION_ENVIRONMENT_VARIABLE} must be one of {PRECISIONS}, got {precision!r}")
    profile = PROFILES[name]
    return dataclasses.replace(profile, rbm=dataclasses.replace(profile.rbm, precision=precision))
