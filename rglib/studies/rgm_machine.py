"""Two claims on the RGM itself (Appendix C, Sec. II C): Eq. C10, and its images against training's.

**Eq. C10.** The RGM's singular values are "the magnitude of the vector"
``|I> = C |v, I>``, the block-spin coarse graining ``C`` of each normalized
visible singular vector. :mod:`rglib.models.rgm` builds ``W = sum_I S_I v_I
h_I^T`` from orthonormal ``v_I`` and ``h_I``, so the singular values of ``W``
are exactly those norms (times the overall scale, over ``||C||_2``).
:func:`c10_of` measures both sides independently of the construction: the
singular values of the built weight by an SVD, and the norms from the explicit
block-spin matrix of :func:`rglib.analysis.blockspin.block_spin_matrix`.

**Late-training images.** Sec. II C: "the images it [the RGM] produces are
similar to images that are produced quite late in the training process".
:func:`late_training_evidence` compares the untrained RGM's mean-field
reconstructions of the held-out digits (the images of Table I) with those of
the Xavier RBM of the speed-up study after every epoch ``e = 0 .. budget``
(each seed of :data:`rglib.studies.speedups.SEEDS`), as the mean squared
difference per pixel. :func:`start_late_training_evidence` does the same for
the Xavier start of each seed in place of the RGM: the claim's control.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import artifacts
from ..analysis.blockspin import block_spin_matrix
from ..datasets import DatasetUnavailableError
from ..models.init import initialize_
from ..models.rbm import RBM, set_parameters_
from ..models.reconstruction import mean_field_reconstruction
from ..models.rgm import RGM
from ..profiles import Profile, require_profile
from ..runtime.backend import torch_device
from . import speedups

__all__ = ["C10Evidence", "LateTrainingEvidence", "c10_evidence", "c10_of", "late_training_evidence",
           "start_late_training_evidence"]

#: The data set of both claims: Table I's (MNIST).
DATA_SET = "mnist"


@dataclass(frozen=True)
class C10Evidence:
    """The singular values of an RGM's weight, next to Eq. C10's block-spin norms.

    Attributes
    ----------
    computed : numpy.ndarray
        Every singular value of the weight (an SVD), descending.
    closed_form : numpy.ndarray, shape (kappa,)
        ``scale * |C^T v_I| / ||C||_2`` of each visible vector, descending.
    kappa, block, stride : int
        The machine's rank and its block-spin geometry.
    """

    computed: np.ndarray
    closed_form: np.ndarray
    kappa: int
    block: int
    stride: int


def c10_of(machine: RGM) -> C10Evidence:
    """Eq. C10's norms of ``machine``'s visible vectors and the SVD of its weight.

    Raises
    ------
    TypeError
        If ``machine`` is not an :class:`rglib.models.rgm.RGM`.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.models.rgm import rgm
    >>> data = np.sign(np.random.default_rng(0).standard_normal((200, 64)))
    >>> evidence = c10_of(rgm(data, 4, kappa=3, alpha=1))
    >>> bool(np.allclose(evidence.computed[:3], evidence.closed_form, rtol=1e-12))
    True
    """
    if not isinstance(machine, RGM):
        raise TypeError(f"machine must be an rglib.models.rgm.RGM, got {type(machine).__name__}")
    stride = machine.visible_side // machine.hidden_side
    coarse = block_spin_matrix(machine.visible_side, machine.block, stride)
    norms = machine.scale * np.linalg.norm(machine.visible_vectors @ coarse, axis=1) / np.linalg.norm(coarse, 2)
    computed = np.linalg.svd(np.asarray(machine.weight, dtype=np.float64), compute_uv=False)
    return C10Evidence(computed, np.sort(norms)[::-1], machine.kappa, machine.block, stride)


def c10_evidence(profile: Profile) -> C10Evidence | str:
    """:func:`c10_of` the RGM of the profile's MNIST digits (that of Table I), or why MNIST is missing."""
    require_profile(profile)
    try:
        return c10_of(speedups.rgm_of(profile, DATA_SET)[0])
    except DatasetUnavailableError as error:
        return f"MNIST is not on this machine ({error})"


@dataclass(frozen=True)
class LateTrainingEvidence:
    """How far one network's held-out reconstructions are from the Xavier RBM's after each epoch.

    Attributes
    ----------
    distance : numpy.ndarray, shape (seeds, budget + 1)
        Mean squared difference per pixel between the network's reconstructions
        and those of the seed's Xavier RBM after ``e`` epochs (column ``e``).
    start_distance : numpy.ndarray, shape (seeds, budget + 1)
        The same for the seed's Xavier start (column 0 is 0): the scale.
    budget : int
        The epochs of the Xavier reference (Table I: 8).
    network : str
        The network compared (``"RGM"`` or ``"Xavier start"``).
    """

    distance: np.ndarray
    start_distance: np.ndarray
    budget: int
    network: str


def _network_of(machine: RGM, like: RBM) -> RBM:
    rbm = RBM(like.n_visible, like.n_hidden, device=like.device)
    return set_parameters_(rbm, machine.weight, machine.visible_bias, machine.hidden_bias)


@lru_cache(maxsize=2)
def _distance_tables(profile: Profile) -> tuple[np.ndarray, np.ndarray, int]:
    """Per seed and epoch, the mean squared difference of the Xavier RBM's held-out reconstructions to
    the untrained RGM's, and to those of the seed's own Xavier start; and the budget."""
    held_out = artifacts.image_set(profile, DATA_SET, "test").means
    budget = speedups.budget(profile, DATA_SET)
    machine = speedups.rgm_of(profile, DATA_SET)[0]
    settings = profile.images(DATA_SET)
    to_rgm, to_start = [], []
    for seed in speedups.SEEDS:  # the Xavier start as the speed-up study makes it, then each epoch
        start = initialize_(RBM(settings.side**2, settings.hidden_side**2, seed=seed, device=torch_device()),
                            "xavier")
        if not to_rgm:
            rgm_images = mean_field_reconstruction(_network_of(machine, start), held_out)
        start_images = mean_field_reconstruction(start, held_out)
        rows = ([], [])
        for epochs in range(budget + 1):
            rbm = start if epochs == 0 else speedups.train(profile, DATA_SET, "xavier", seed, epochs)[0]
            images = mean_field_reconstruction(rbm, held_out)
            rows[0].append(float(np.mean((rgm_images - images) ** 2)))
            rows[1].append(float(np.mean((start_images - images) ** 2)))
        to_rgm.append(rows[0])
        to_start.append(rows[1])
    return np.array(to_rgm), np.array(to_start), budget


def late_training_evidence(profile: Profile) -> LateTrainingEvidence | str:
    """The untrained RGM's reconstructions against the Xavier RBM's after each epoch (or why MNIST is missing).

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    """
    return _evidence(require_profile(profile), "RGM")


def start_late_training_evidence(profile: Profile) -> LateTrainingEvidence | str:
    """The control: each seed's Xavier start in place of the RGM (or why MNIST is missing).

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    """
    return _evidence(require_profile(profile), "Xavier start")


def _evidence(profile: Profile, network: str) -> LateTrainingEvidence | str:
    try:
        to_rgm, to_start, budget = _distance_tables(profile)
    except DatasetUnavailableError as error:
        return f"MNIST is not on this machine ({error})"
    return LateTrainingEvidence(to_rgm if network == "RGM" else to_start, to_start, budget, network)
