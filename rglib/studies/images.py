"""Evidence on the RBMs trained on image data (Sections II B-D, App. G 2).

The claims about MNIST (Figs. 7-9), Fashion-MNIST, flowers (Figs. 10, 11)
and clouds (Figs. 12, 13) are tested on the same evidence as the
corresponding Ising claims of Section II A (:mod:`rglib.studies.network`): the
block-spin match of Fig. 1, the Fourier measures of Figs. 2 and 3, and the
free-energy gap of the training chapter. Fig. 9 (the visible bias along the
top visible singular vector) is measured on MNIST and on the Ising RBM.

:func:`measured` wraps an evidence function of a data set for a claim: its
evidence as :class:`Measured`, marked when the images are a stand-in, or
:class:`Unavailable` when the data set is not on this machine. The judges
are in :mod:`rglib.claims.images`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import torch

from .. import artifacts
from ..analysis.alignment import principal_axes, subspace_alignment
from ..analysis.biases import BiasAlignment, bias_alignment
from ..analysis.blockspin import best_block_size
from ..analysis.modes import singular_modes
from ..datasets import DatasetUnavailableError
from ..models.rbm import RBM
from ..models.reconstruction import reconstruction_error
from ..profiles import Profile
from ..runtime.validation import require_choice, require_integer
from .network import FourierEvidence, SingularValueEvidence, SubspaceEvidence, fourier_evidence_of, weight_of

__all__ = [
    "IMAGE_SETS", "PATCH_SETS", "BiasEvidence", "GeneralizationEvidence", "Measured", "Unavailable",
    "bias_evidence", "bias_evidence_of", "fourier_evidence", "generalization_evidence", "ising_bias_evidence",
    "measured", "singular_value_evidence", "start_fourier_evidence", "start_subspace_evidence",
    "subspace_evidence", "start_generalization_evidence",
    "start_singular_value_evidence",
]

#: The image data sets, and how the text names them.
IMAGE_SETS = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST", "flowers": "flowers", "clouds": "clouds"}


#: Patch data sets: patches of one photograph (sky) are correlated, and the
#: held-out patches come from other photographs (skies).
PATCH_SETS = ("flowers", "clouds")


@dataclass(frozen=True)
class Unavailable:
    """The evidence of a claim whose data set is not on this machine."""

    message: str


@dataclass(frozen=True, eq=False)
class Measured:
    """The evidence of an image claim, and whether its images are a stand-in."""

    evidence: Any
    standin: bool


def measured(function: Callable[[Profile, str], Any], name: str) -> Callable[[Profile], Measured | Unavailable]:
    """``function`` of data set ``name`` as a claim's measure: ``measure(profile)`` returns its evidence as
    :class:`Measured`, or :class:`Unavailable` when the data set is not on this machine.

    Parameters
    ----------
    function : callable
        ``function(profile, name)`` returns the evidence (one of this module's ``*_evidence``).
    name : str
        One of :data:`IMAGE_SETS`.

    Returns
    -------
    callable

    Raises
    ------
    TypeError
        If ``function`` is not callable.
    ValueError
        If ``name`` is not one of :data:`IMAGE_SETS`.
    """
    if not callable(function):
        raise TypeError(f"function must be an evidence function of (profile, name), got {type(function).__name__}")
    require_choice("name", name, tuple(IMAGE_SETS))

    def measure(profile: Profile) -> Measured | Unavailable:
        try:
            evidence = function(profile, name)
            return Measured(evidence, artifacts.image_set(profile, name, "train").standin)
        except DatasetUnavailableError as error:
            return Unavailable(str(error))
    return measure


def _start_rbm(profile: Profile, name: str) -> RBM:
    """The untrained (Xavier) RBM that :func:`rglib.artifacts.image_rbm` trains on data set ``name``."""
    settings = profile.images(name)
    return RBM(settings.side**2, settings.hidden_side**2, seed=settings.seed)


# ------------------------------------------------- singular values (Figs. 7, 10, 12)
@lru_cache(maxsize=None)
def singular_value_evidence(profile: Profile, name: str) -> SingularValueEvidence:
    """The best block-spin match of the trained and of the initial (Xavier) image weights."""
    side = profile.images(name).side
    trained = weight_of(artifacts.image_rbm(profile, name))
    return SingularValueEvidence(best_block_size(trained, side),
                                 best_block_size(weight_of(_start_rbm(profile, name)), side))


@lru_cache(maxsize=None)
def start_singular_value_evidence(profile: Profile, name: str) -> SingularValueEvidence:
    """:func:`singular_value_evidence` of the starting weights (they stand as the trained ones too)."""
    match = best_block_size(weight_of(_start_rbm(profile, name)), profile.images(name).side)
    return SingularValueEvidence(match, match)


# ------------------------------------------------------ Fourier (Figs. 8, 11, 13)
@lru_cache(maxsize=None)
def fourier_evidence(profile: Profile, name: str) -> FourierEvidence:
    """Radial centroids and RG distances of every singular mode of the image RBM."""
    settings = profile.images(name)
    weight = weight_of(artifacts.image_rbm(profile, name))
    return fourier_evidence_of(weight, settings.side, settings.hidden_side)


@lru_cache(maxsize=None)
def start_fourier_evidence(profile: Profile, name: str) -> FourierEvidence:
    """:func:`fourier_evidence` of the starting (Xavier) weights of the image RBM."""
    settings = profile.images(name)
    return fourier_evidence_of(weight_of(_start_rbm(profile, name)), settings.side, settings.hidden_side)


# ------------------------------------------- data subspace (Sec. II B idea 1, Eq. 1)
def _subspace_of(weight: np.ndarray, profile: Profile, name: str) -> SubspaceEvidence:
    """Eq. (1) for an image RBM: its top-k visible singular vectors against the training images' top-k
    principal components, k the paper's ratio of Sec. II A (200 of 1,600 hidden units)."""
    settings = profile.images(name)
    k = round(200 / 1600 * settings.hidden_side**2)
    data = artifacts.image_set(profile, name, "train").means
    principal = principal_axes(data, k + 1)
    start = weight_of(_start_rbm(profile, name))
    return SubspaceEvidence(k=k, n_visible=data.shape[1], trained=subspace_alignment(weight, principal.top(k)),
                            initial=subspace_alignment(start, principal.top(k)),
                            covariance_eigenvalues=principal.variances)


@lru_cache(maxsize=None)
def subspace_evidence(profile: Profile, name: str) -> SubspaceEvidence:
    """Sec. II B idea 1 on image data set ``name``: the visible singular vectors of the largest singular
    values span the data's principal subspace (Eq. 1, as Fig. 4 tests it on Ising data)."""
    return _subspace_of(weight_of(artifacts.image_rbm(profile, name)), profile, name)


@lru_cache(maxsize=None)
def start_subspace_evidence(profile: Profile, name: str) -> SubspaceEvidence:
    """:func:`subspace_evidence` of the starting (Xavier) weights."""
    return _subspace_of(weight_of(_start_rbm(profile, name)), profile, name)


# ---------------------------------------------------------------- biases (Fig. 9)
@dataclass(frozen=True, eq=False)
class BiasEvidence:
    """The biases of one RBM against the singular vectors of its largest singular value.

    Attributes
    ----------
    visible, hidden : BiasAlignment
        The visible bias against the top visible singular vector, and the
        hidden bias against the top hidden one.
    visible_cosines : numpy.ndarray
        ``|cos|`` between the visible bias and every visible singular vector,
        in the order of the singular values (descending).
    visible_bias : numpy.ndarray
        The visible bias, as a lattice field.
    top_visible : numpy.ndarray
        The top visible singular vector, as a lattice field, with the sign
        that makes its overlap with the bias positive.
    """

    visible: BiasAlignment
    hidden: BiasAlignment
    visible_cosines: np.ndarray
    visible_bias: np.ndarray
    top_visible: np.ndarray

    @property
    def rank_of_top(self) -> int:
        """How many visible singular vectors are at least as well aligned with the bias as the top one."""
        return int(np.sum(self.visible_cosines >= self.visible_cosines[0]))


def bias_evidence_of(rbm: RBM, visible_side: int, hidden_side: int) -> BiasEvidence:
    """The biases of ``rbm`` against its top singular vectors (square lattices)."""
    visible_side = require_integer("visible_side", visible_side, minimum=1)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    weight = weight_of(rbm)
    modes = singular_modes(weight, (visible_side, visible_side), (hidden_side, hidden_side))
    visible_bias = rbm.visible_bias.detach().cpu().double().numpy()
    hidden_bias = rbm.hidden_bias.detach().cpu().double().numpy()
    vectors = modes.visible.reshape(len(modes.values), -1)
    cosines = np.abs(vectors @ visible_bias) / np.linalg.norm(visible_bias)
    top = modes.visible[0] * (1.0 if vectors[0] @ visible_bias >= 0 else -1.0)
    return BiasEvidence(
        visible=bias_alignment(visible_bias, modes.visible[0]),
        hidden=bias_alignment(hidden_bias, modes.hidden[0]),
        visible_cosines=np.minimum(cosines, 1.0),
        visible_bias=visible_bias.reshape(visible_side, visible_side),
        top_visible=top,
    )


@lru_cache(maxsize=None)
def bias_evidence(profile: Profile, name: str) -> BiasEvidence:
    """Fig. 9 for the RBM trained on image data set ``name``."""
    settings = profile.images(name)
    return bias_evidence_of(artifacts.image_rbm(profile, name), settings.side, settings.hidden_side)


@lru_cache(maxsize=None)
def ising_bias_evidence(profile: Profile) -> BiasEvidence:
    """Fig. 9 for the single RBM trained on Ising data (Section II A)."""
    return bias_evidence_of(artifacts.single_rbm(profile), profile.ising.lattice_size,
                            profile.rbm.hidden_size)


# ---------------------------------------------------------------- generalization
@dataclass(frozen=True, eq=False)
class GeneralizationEvidence:
    """Training against held-out images: reconstruction errors and free energies.

    Attributes
    ----------
    history : dict of str to numpy.ndarray
        The per-epoch measures of :func:`rglib.models.rbm.fit` (with
        ``held_out_reconstruction_error``).
    reconstruction_train, reconstruction_held_out : float
        Mean squared difference between the unit means ``2p - 1`` of every
        training (held-out) image and their mean-field reconstruction.
    free_energy_train, free_energy_held_out : numpy.ndarray
        F(v) of one +-1 draw of each held-out image and of as many training
        images (a seeded random subset).
    gap, gap_error : float
        Mean held-out F minus mean training F, and its standard error
        (images taken as independent).
    mean_image_error : float
        The held-out error of predicting the mean training image (the
        reconstruction error of a network that learned nothing of the images).
    patches : bool
        Whether the images are patches of larger photographs (skies).
    """

    history: dict[str, np.ndarray]
    reconstruction_train: float
    reconstruction_held_out: float
    free_energy_train: np.ndarray
    free_energy_held_out: np.ndarray
    gap: float
    gap_error: float
    mean_image_error: float
    patches: bool


@lru_cache(maxsize=None)
def generalization_evidence(profile: Profile, name: str) -> GeneralizationEvidence:
    """Reconstruction errors and free energies of the image RBM on training and held-out images."""
    return _generalization_of(artifacts.image_rbm(profile, name), profile, name)


@lru_cache(maxsize=None)
def start_generalization_evidence(profile: Profile, name: str) -> GeneralizationEvidence:
    """:func:`generalization_evidence` of the starting (Xavier) weights of the image RBM (no history)."""
    return _generalization_of(_start_rbm(profile, name), profile, name)


def _generalization_of(rbm: RBM, profile: Profile, name: str) -> GeneralizationEvidence:
    settings = profile.images(name)
    train = artifacts.image_set(profile, name, "train").means
    held = artifacts.image_set(profile, name, "test").means
    count = min(len(train), len(held))
    rows = np.sort(np.random.default_rng(settings.seed).choice(len(train), count, replace=False))
    generator = torch.Generator(device=rbm.device).manual_seed(settings.seed)
    with torch.no_grad():
        f_train = rbm.free_energy(rbm.binarize(train[rows], generator)).double().cpu().numpy()
        f_held = rbm.free_energy(rbm.binarize(held[:count], generator)).double().cpu().numpy()
    return GeneralizationEvidence(
        history={key: np.array(values) for key, values in getattr(rbm, "history_", {}).items()},
        reconstruction_train=reconstruction_error(rbm, train),
        reconstruction_held_out=reconstruction_error(rbm, held),
        free_energy_train=f_train,
        free_energy_held_out=f_held,
        gap=float(f_held.mean() - f_train.mean()),
        gap_error=float(np.sqrt(f_held.var(ddof=1) / len(f_held) + f_train.var(ddof=1) / len(f_train))),
        mean_image_error=float(((held - train.mean(axis=0)) ** 2).mean()),
        patches=name in PATCH_SETS,
    )
