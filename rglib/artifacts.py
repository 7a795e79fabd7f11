"""Every expensive result the book uses, made (or read from the cache) in one place.

Chapters call these functions instead of choosing sizes and seeds themselves,
and ``python -m rglib reproduce`` calls all of them, so that a run at the
paper's scale on a GPU leaves behind everything the book then renders from.
Each function takes a :class:`~rglib.profiles.Profile`; all sizes come from it.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from . import datasets
from .datasets import image_inputs
from .runtime.backend import torch_device
from .runtime.cache import cache_directory
from .datasets import ising as ising_data
from .ising.exact import critical_temperature
from .ising import SamplingReport
from .models.rbm import RBM
from .models.stack import require_first_layer, stack
from .profiles import PRECISION_ENVIRONMENT_VARIABLE, Profile, require_profile
from .runtime.progress import show_progress

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
    profile = _checked(profile, progress)
    points = []
    for index, temperature in enumerate(profile.ising.validation_temperatures):
        spins, report = ising_data.samples(
            profile.ising.validation_lattice_size, temperature, profile.ising.validation_samples,
            seed=100 + index, return_report=True, progress=progress,
        )
        points.append(ScanPoint(temperature, spins, report))
    return points


def autocorrelation_runs(profile: Profile, progress: bool | None = None) -> dict[tuple[float, str], SamplingReport]:
    """Run reports of both algorithms at T = 4 and just above T_c (T = 2.4)."""
    profile = _checked(profile, progress)
    runs = {}
    for temperature in AUTOCORRELATION_TEMPERATURES:
        for algorithm in ("metropolis", "wolff"):
            _, runs[temperature, algorithm] = ising_data.samples(
                profile.ising.validation_lattice_size, temperature, AUTOCORRELATION_SAMPLES, seed=7,
                algorithm=algorithm, return_report=True, progress=progress,
            )
    return runs


def example_configurations(progress: bool | None = None) -> dict[float, np.ndarray]:
    """One 64 x 64 configuration at each of a few temperatures, for pictures."""
    show_progress(progress)  # refuses a bad value before any work
    return {
        temperature: ising_data.samples(
            PICTURE_SIZE, temperature, 4, seed=200 + index, progress=progress)[0]
        for index, temperature in enumerate(PICTURE_TEMPERATURES)
    }


def training_set(profile: Profile, progress: bool | None = None) -> tuple[np.ndarray, SamplingReport]:
    """The data the networks train on: the profile's lattice at its temperature."""
    ising = _checked(profile, progress).ising
    return ising_data.samples(
        ising.lattice_size, ising.temperature, ising.n_samples, seed=ising.seed,
        return_report=True, progress=progress,
    )


HELD_OUT_FRACTION = 0.1


def held_out_set(profile: Profile, progress: bool | None = None) -> np.ndarray:
    """Independent samples (another seed) for the RBM's overfitting monitor, as vectors."""
    ising = _checked(profile, progress).ising
    n_held_out = max(1, round(HELD_OUT_FRACTION * ising.n_samples))
    spins = ising_data.samples(
        ising.lattice_size, ising.temperature, n_held_out, seed=ising.seed + 1, progress=progress
    )
    return spins.reshape(n_held_out, -1)


def rbm_stack(profile: Profile, progress: bool | None = None,
              first_layer: RBM | None = None) -> list[RBM]:
    """The greedy layer-wise stack on the training set; layer 0 is the single RBM of Section II A.

    The paper's single RBM (80 x 80 -> 40 x 40) and the first layer of its
    stack are the same network trained on the same data, so one training
    serves both. Trained weights are cached (with resumable checkpoints).
    ``first_layer``, a trained single RBM (a snapshot of
    :mod:`rglib.meta.training_length`, say), replaces the profile's own layer 0:
    the deeper layers are then trained on it (see :func:`rglib.models.stack.stack`).
    """
    profile = _checked(profile, progress)
    if first_layer is not None:  # before any sampling
        require_first_layer(first_layer, profile.rbm.stack_sides, torch_device())
    spins, _ = training_set(profile, progress)
    sides = profile.rbm.stack_sides
    if sides[0] != profile.ising.lattice_size or sides[1] != profile.rbm.hidden_size:
        raise ValueError(
            f"profile {profile.name!r}: stack_sides must start with lattice_size and hidden_size, "
            f"got {sides} for {profile.ising.lattice_size} and {profile.rbm.hidden_size}"
        )
    return stack(
        spins.reshape(len(spins), -1), sides,
        epochs=profile.rbm.epochs, batch_size=profile.rbm.batch_size, lr=profile.rbm.learning_rate,
        k=profile.rbm.cd_steps, seed=profile.ising.seed, device=torch_device(),
        held_out=held_out_set(profile, progress), checkpoint_dir=cache_directory(),
        checkpoint_every=profile.rbm.checkpoint_every, progress=progress,
        precision=training_precision(profile), first_layer=first_layer,
    )


def single_rbm(profile: Profile, progress: bool | None = None) -> RBM:
    """The RBM of Section II A: the first layer of :func:`rbm_stack`."""
    return rbm_stack(profile, progress)[0]


@dataclass(frozen=True, eq=False)
class ImageSet:
    """One split of an image data set, at the size an image profile trains on.

    Attributes
    ----------
    name, split : str
        As :func:`rglib.datasets.load` names them.
    images : numpy.ndarray of float32, shape (n, side, side)
        Grey levels in [0, 1], area-averaged to the profile's side.
    means : numpy.ndarray of float32, shape (n, side * side)
        The same images as +-1 unit means 2p - 1 (:func:`rglib.datasets.image_inputs.to_means`).
    source : str
        Where the images came from (:attr:`rglib.datasets.Dataset.source`),
        and how this set was cut from them.
    standin : bool
        True when the images stand in for the paper's data set.
    """

    name: str
    split: str
    images: np.ndarray
    means: np.ndarray
    source: str
    standin: bool


@lru_cache(maxsize=2)
def image_set(profile: Profile, name: str, split: str) -> ImageSet:
    """The ``split`` of image data set ``name`` that the profile's image RBM uses.

    A seeded random subset of ``n_train`` (``n_test``) images of the split
    (all of them when None), area-averaged to ``side x side`` pixels
    (:func:`rglib.datasets.image_inputs.area_resize`, a no-op at the data set's own side),
    or, for a ``side`` that is a multiple of the data set's, enlarged by
    repeating each pixel (:func:`rglib.datasets.image_inputs.enlarge`).

    Raises
    ------
    ValueError
        For an unknown name or split, or a side above the data set's that is not a multiple of it.
    rglib.datasets.DatasetUnavailableError
        When the data set is not on this machine (the message says how to get it).
    """
    settings = require_profile(profile).images(name)
    dataset = datasets.load(name, split)
    count = settings.n_train if split == "train" else settings.n_test
    chosen = image_inputs.subset(len(dataset.images), count, settings.seed)
    original = dataset.images.shape[1]
    resize = image_inputs.area_resize if settings.side <= original else image_inputs.enlarge
    images = resize(dataset.images[chosen], settings.side).astype(np.float32)
    # Area averages of levels in [0, 1] are in [0, 1] up to rounding; bring the rounding back.
    images = np.clip(images, 0.0, 1.0, out=images)
    cut = f"{len(chosen):,} of its {len(dataset.images):,} images"
    if count is not None and count < len(dataset.images):
        cut += f" (a random subset, seed {settings.seed})"
    if settings.side < original:
        cut += f", area-averaged from {original} x {original} to {settings.side} x {settings.side} pixels"
    elif settings.side > original:
        cut += (f", enlarged from {original} x {original} to {settings.side} x {settings.side} pixels "
                "by repeating each pixel (no detail the data set's images do not hold)")
    return ImageSet(name, split, images, image_inputs.to_means(images),
                    f"{dataset.source} Used here: {cut}.", dataset.standin)


def image_rbm(profile: Profile, name: str, progress: bool | None = None) -> RBM:
    """The RBM of Sections II B-D on image data set ``name``, trained (or read from its checkpoint).

    ``side**2`` visible units, ``hidden_side**2`` hidden units, Glorot
    (Xavier) initial weights from the image profile's seed, trained with
    ``binarize=True`` on the training images' unit means (fresh +-1 states
    every batch) and monitored on the held-out test images. The checkpoint
    file is named after the settings, the pixels of both splits, the device
    and the precision, and the RBM's own key check guards its content.
    """
    settings = _checked(profile, progress).images(name)
    train, test = image_set(profile, name, "train"), image_set(profile, name, "test")
    identity = hashlib.sha256(repr(sorted(asdict(settings).items())).encode())
    for pixels in (train.means, test.means):
        identity.update(np.ascontiguousarray(pixels).tobytes())
    device, precision = torch_device(), training_precision(profile)
    identity.update(f"{device} {precision}".encode())
    path = cache_directory() / f"rbm-image-{name}-{identity.hexdigest()[:32]}.npz"
    rbm = RBM(settings.side**2, settings.hidden_side**2, seed=settings.seed, device=device)
    return rbm.fit(
        train.means, settings.epochs, settings.batch_size, settings.learning_rate, settings.cd_steps,
        binarize=True, held_out=test.means, checkpoint_every=settings.checkpoint_every,
        checkpoint_path=path, progress=progress, precision=precision,
    )


def training_precision(profile: Profile) -> str:
    """The profile's matrix-product precision of training (``RGLIB_PRECISION``), checked.

    TF32 is a CUDA-only choice (see :func:`rglib.models.rbm.fit`); the trained
    weights of each precision are cached separately.
    """
    if require_profile(profile).rbm.precision == "tf32" and torch_device() != "cuda":
        raise ValueError(
            f"{PRECISION_ENVIRONMENT_VARIABLE}=tf32 (--precision tf32) needs training on a CUDA "
            "GPU, and training runs on the CPU here; use fp32"
        )
    return profile.rbm.precision


def _checked(profile: Profile, progress: bool | None) -> Profile:
    """``profile``, after refusing a bad ``profile`` or ``progress`` before any work starts."""
    show_progress(progress)
    return require_profile(profile)
