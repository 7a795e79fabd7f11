"""Evidence on the RBM trained on Ising data (Section II A, Figs. 1-6, 18, 19).

Each ``*_evidence(profile)`` measures the profile's own network (made by
:mod:`rglib.artifacts` when missing); each ``*_evidence_of_network(network,
profile)`` measures a trained stack given instead (:func:`require_network`).
The judges are in :mod:`rglib.claims.network`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from .. import artifacts
from ..analysis.alignment import principal_axes, subspace_alignment
from ..analysis.blockspin import BlockSizeMatch, best_block_size
from ..analysis.fourier import radial_centroid, radial_fft
from ..analysis.modes import SingularModes, singular_modes
from ..analysis.parameters import EffectiveParameters, effective_parameters
from ..analysis.rg import rg_consistency
from ..models.rbm import RBM, require_rbm
from ..models.reconstruction import reconstruction_error
from ..profiles import Profile, require_profile
from ..runtime.validation import require_integer, require_real

#: Random fields behind the low-momentum reference of the Fourier tests.
RANDOM_FIELDS = 1_000


def weight_of(rbm: RBM) -> np.ndarray:
    """The weight of ``rbm`` as a float64 NumPy array."""
    return require_rbm(rbm).weight.detach().cpu().double().numpy()


def initial_weight(profile: Profile) -> np.ndarray:
    """The (Xavier) weights the single RBM starts from: layer 0's seed."""
    L, L_h = require_profile(profile).ising.lattice_size, profile.rbm.hidden_size
    return weight_of(RBM(L * L, L_h * L_h, seed=profile.ising.seed))


@lru_cache(maxsize=None)
def start_network(profile: Profile) -> tuple[RBM, ...]:
    """The untrained stack the profile's network starts from: layer ``l`` is Xavier from seed ``seed + l``.

    These are the weights :func:`rglib.artifacts.rbm_stack` trains (see
    :func:`rglib.models.stack.stack`); a claim's control judges them with the
    claim's own criterion (:attr:`rglib.claims.core.Claim.control`).
    """
    sides = require_profile(profile).rbm.stack_sides
    return tuple(RBM(visible**2, hidden**2, seed=profile.ising.seed + index)
                 for index, (visible, hidden) in enumerate(zip(sides[:-1], sides[1:])))


def require_network(network: Sequence[RBM], profile: Profile) -> list[RBM]:
    """``network`` as a list if it is a trained stack of ``profile``'s sizes, else an error.

    A network is what :func:`rglib.artifacts.rbm_stack` returns: one RBM per
    pair of consecutive ``profile.rbm.stack_sides``, layer 0 the single RBM.
    The ``*_of_network`` functions measure such a network instead of the
    profile's own (:attr:`rglib.claims.core.Claim.measure_network`).
    """
    sides = require_profile(profile).rbm.stack_sides
    if isinstance(network, (str, bytes)) or not isinstance(network, Sequence) or not all(
            isinstance(layer, RBM) for layer in network):
        raise TypeError(f"network must be a list of rglib.models.rbm.RBM (a trained stack), "
                        f"got {type(network).__name__}")
    sizes = [(visible**2, hidden**2) for visible, hidden in zip(sides[:-1], sides[1:])]
    if [(layer.n_visible, layer.n_hidden) for layer in network] != sizes:
        raise ValueError(f"network must have layers of {sizes} units (visible, hidden), as the "
                         f"profile's stack sides {sides}; got "
                         f"{[(layer.n_visible, layer.n_hidden) for layer in network]}")
    return list(network)


# ----------------------------------------------------------------- training
@dataclass(frozen=True, eq=False)
class TrainingEvidence:
    """Training curves and the free-energy gap of the single RBM."""

    history: dict[str, np.ndarray]
    relative_change: float
    reconstruction_first: float
    reconstruction_last: float
    pll_first: float
    pll_last: float
    pll_before: float
    seconds_per_epoch: float
    free_energy_train: np.ndarray
    free_energy_held_out: np.ndarray
    gap: float
    gap_error: float
    reconstruction_train: float
    reconstruction_held_out: float


def _tenth_means(values: np.ndarray) -> tuple[float, float]:
    """Means over the last tenth of ``values`` and over the tenth before it."""
    tenth = max(1, len(values) // 10)
    return float(values[-tenth:].mean()), float(values[-2 * tenth:-tenth].mean())


@lru_cache(maxsize=None)
def training_evidence(profile: Profile) -> TrainingEvidence:
    """Measure convergence and the free-energy gap of the profile's single RBM."""
    return training_evidence_of_network(artifacts.rbm_stack(profile), profile)


def training_evidence_of_network(network: Sequence[RBM], profile: Profile) -> TrainingEvidence:
    """:func:`training_evidence` of layer 0 of ``network`` (see :func:`require_network`)."""
    rbm = require_network(network, profile)[0]
    history = {name: np.array(values) for name, values in rbm.history_.items()}
    last, before = _tenth_means(history["reconstruction_error"])
    pll_last, pll_before = _tenth_means(history["pseudo_log_likelihood"])
    held_out = artifacts.held_out_set(profile)
    training, _ = artifacts.training_set(profile)
    train_subset = training.reshape(len(training), -1)[: len(held_out)]
    with torch.no_grad():
        f_train = rbm.free_energy(train_subset).double().cpu().numpy()
        f_held = rbm.free_energy(held_out).double().cpu().numpy()
    return TrainingEvidence(
        history=history,
        relative_change=(before - last) / before,
        reconstruction_first=float(history["reconstruction_error"][0]),
        reconstruction_last=last,
        pll_first=float(history["pseudo_log_likelihood"][0]),
        pll_last=pll_last,
        pll_before=pll_before,
        seconds_per_epoch=float(np.median(history["seconds"])),
        free_energy_train=f_train,
        free_energy_held_out=f_held,
        gap=float(f_held.mean() - f_train.mean()),
        gap_error=float(np.sqrt(f_held.var(ddof=1) / len(f_held) + f_train.var(ddof=1) / len(f_train))),
        reconstruction_train=reconstruction_error(rbm, train_subset),
        reconstruction_held_out=reconstruction_error(rbm, held_out),
    )


# ------------------------------------------------------- singular values (Fig. 1)
@dataclass(frozen=True, eq=False)
class SingularValueEvidence:
    """The best block-spin match of the trained and of the initial weights."""

    trained: BlockSizeMatch
    initial: BlockSizeMatch

    @property
    def trained_ratio(self) -> float:
        """Smallest over largest singular value of the trained weight."""
        return float(self.trained.singular_values[-1] / self.trained.singular_values[0])

    @property
    def initial_ratio(self) -> float:
        """Smallest over largest singular value of the initial weight."""
        return float(self.initial.singular_values[-1] / self.initial.singular_values[0])


@lru_cache(maxsize=None)
def singular_value_evidence(profile: Profile) -> SingularValueEvidence:
    """Match the trained and the initial weights' singular values to block spins."""
    return singular_value_evidence_of_network(artifacts.rbm_stack(profile), profile)


def singular_value_evidence_of_network(network: Sequence[RBM],
                                       profile: Profile) -> SingularValueEvidence:
    """:func:`singular_value_evidence` of layer 0 of ``network`` (see :func:`require_network`)."""
    trained = weight_of(require_network(network, profile)[0])
    L = profile.ising.lattice_size
    return SingularValueEvidence(best_block_size(trained, L),
                                 best_block_size(initial_weight(profile), L))


# ------------------------------------------------------------ Fourier (Figs. 2, 3)
@dataclass(frozen=True, eq=False)
class FourierEvidence:
    """Radial centroids and RG distances of every singular mode of one weight."""

    modes: SingularModes
    top: list[int]
    bottom: list[int]
    visible_centroid: np.ndarray
    hidden_centroid: np.ndarray
    random_visible: np.ndarray
    random_hidden: np.ndarray
    distance: np.ndarray
    baseline: np.ndarray

    @property
    def low_visible(self) -> float:
        """Below this mean radial mode a visible vector is low-momentum (1st percentile of noise)."""
        return float(np.percentile(self.random_visible, 1))

    @property
    def low_hidden(self) -> float:
        """As :attr:`low_visible`, for hidden vectors."""
        return float(np.percentile(self.random_hidden, 1))

    @property
    def top_visible_low(self) -> int:
        """Low-momentum visible vectors among the top five (1st percentile of noise)."""
        return self.low_momentum(1.0)[0]

    @property
    def bottom_visible_low(self) -> int:
        """Low-momentum visible vectors among the bottom five (1st percentile of noise)."""
        return self.low_momentum(1.0)[1]

    @property
    def top_hidden_low(self) -> int:
        """Low-momentum hidden vectors among the top five (1st percentile of noise)."""
        return self.low_momentum(1.0)[2]

    def low_momentum(self, percentile: float) -> tuple[int, int, int]:
        """Low-momentum vectors at a chosen level: the top five visible, the bottom five visible and
        the top five hidden vectors whose mean radial mode is below the ``percentile``-th percentile
        of the random fields' (the properties above use the 1st percentile)."""
        percentile = require_real("percentile", percentile)
        if not 0 < percentile < 100:
            raise ValueError(f"percentile must be between 0 and 100 (exclusive), got {percentile}")
        visible = float(np.percentile(self.random_visible, percentile))
        hidden = float(np.percentile(self.random_hidden, percentile))
        return (int(np.sum(self.visible_centroid[self.top] < visible)),
                int(np.sum(self.visible_centroid[self.bottom] < visible)),
                int(np.sum(self.hidden_centroid[self.top] < hidden)))

    @property
    def top_ratio(self) -> np.ndarray:
        """Top-five RG distances over their random baselines."""
        return self.distance[self.top] / self.baseline[self.top]


def fourier_evidence_of(weight: np.ndarray, visible_side: int, hidden_side: int, seed: int = 0) -> FourierEvidence:
    """Fourier measures of one weight (random reference fields from ``seed``)."""
    visible_side = require_integer("visible_side", visible_side, minimum=1)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    modes = singular_modes(weight, (visible_side, visible_side), (hidden_side, hidden_side))
    count = min(5, len(modes.values))
    rng = np.random.default_rng(seed)

    def centroids(fields):
        return np.array([radial_centroid(field) for field in fields])

    random_visible = centroids(rng.standard_normal((RANDOM_FIELDS, visible_side, visible_side)))
    random_hidden = centroids(rng.standard_normal((RANDOM_FIELDS, hidden_side, hidden_side)))
    scores = [rg_consistency(modes.visible[m], modes.hidden[m]) for m in range(len(modes.values))]
    return FourierEvidence(
        modes=modes,
        top=list(range(count)),
        bottom=list(range(len(modes.values) - count, len(modes.values))),
        visible_centroid=centroids(modes.visible),
        hidden_centroid=centroids(modes.hidden),
        random_visible=random_visible,
        random_hidden=random_hidden,
        distance=np.array([s.distance for s in scores]),
        baseline=np.array([s.random_distance for s in scores]),
    )


@lru_cache(maxsize=None)
def fourier_evidence(profile: Profile) -> FourierEvidence:
    """Fourier measures of the profile's single RBM."""
    return fourier_evidence_of_network(artifacts.rbm_stack(profile), profile)


def fourier_evidence_of_network(network: Sequence[RBM], profile: Profile) -> FourierEvidence:
    """:func:`fourier_evidence` of layer 0 of ``network`` (see :func:`require_network`)."""
    weight = weight_of(require_network(network, profile)[0])
    return fourier_evidence_of(weight, profile.ising.lattice_size, profile.rbm.hidden_size)


# ------------------------------------------------------------ data subspace (Fig. 4)
@dataclass(frozen=True, eq=False)
class SubspaceEvidence:
    """Eigenvalues of O = P_data P_trained P_data for the trained and the initial weights.

    ``covariance_eigenvalues`` are the top ``k + 1`` eigenvalues of the
    training data's covariance (descending): the two on either side of the cut at ``k``.
    """

    k: int
    n_visible: int
    trained: np.ndarray
    initial: np.ndarray
    covariance_eigenvalues: np.ndarray


def subspace_k(profile: Profile) -> int:
    """The paper's ratio, 200 of 1600 hidden units, applied to the profile's hidden layer."""
    return round(200 / 1600 * require_profile(profile).rbm.hidden_size**2)


@lru_cache(maxsize=None)
def subspace_evidence(profile: Profile) -> SubspaceEvidence:
    """Alignment of the top-k singular vectors with the top-k principal components."""
    return subspace_evidence_of_network(artifacts.rbm_stack(profile), profile)


def subspace_evidence_of_network(network: Sequence[RBM], profile: Profile) -> SubspaceEvidence:
    """:func:`subspace_evidence` of layer 0 of ``network`` (see :func:`require_network`)."""
    weight = weight_of(require_network(network, profile)[0])
    k = subspace_k(profile)
    training, _ = artifacts.training_set(profile)
    data = training.reshape(len(training), -1)
    principal = principal_axes(data, k + 1)  # once for both weights; one more for the gap at k
    return SubspaceEvidence(
        k=k, n_visible=data.shape[1],
        trained=subspace_alignment(weight, principal.top(k)),
        initial=subspace_alignment(initial_weight(profile), principal.top(k)),
        covariance_eigenvalues=principal.variances,
    )


# ------------------------------------------------------------ effective parameters
@dataclass(frozen=True, eq=False)
class MeasuredCount:
    """The single RBM's weight, counted at a claim's conventions, and what the count is compared to.

    The conventions (the relative cut of the kept singular values, the paper's
    20 %, and the spectrum floor of the Fourier cutoff, 5 % of the peak) are
    thresholds of the claims in :mod:`rglib.claims.catalogue`, which pass them
    to :meth:`count`, so that a threshold sweep varies them.
    """

    weight: np.ndarray
    lattice_size: int
    hidden_size: int
    samples: int

    def count(self, cut: float, spectrum_floor: float) -> EffectiveParameters:
        """:func:`rglib.analysis.parameters.effective_parameters` of the weight at these conventions."""
        L, L_h = self.lattice_size, self.hidden_size
        return effective_parameters(self.weight, (L, L), (L_h, L_h), threshold=cut, spectrum_floor=spectrum_floor)


@lru_cache(maxsize=None)
def measured_count_evidence(profile: Profile) -> MeasuredCount:
    """The single RBM's weight, the profile's number of training samples and its lattice sides."""
    return measured_count_evidence_of_network(artifacts.rbm_stack(require_profile(profile)), profile)


def measured_count_evidence_of_network(network: Sequence[RBM], profile: Profile) -> MeasuredCount:
    """:func:`measured_count_evidence` of layer 0 of ``network`` (see :func:`require_network`)."""
    weight = weight_of(require_network(network, profile)[0])
    return MeasuredCount(weight, profile.ising.lattice_size, profile.rbm.hidden_size, profile.ising.n_samples)


def power_cutoff(count: EffectiveParameters, L: int, fraction: float = 0.9) -> tuple[int, int]:
    """An alternative Fourier cutoff: the smallest radial mode holding ``fraction`` of the kept power.

    The power of annulus ``n`` is its mean ``|F|**2`` per mode (``mean_profile**2``)
    times its number of lattice modes. Returns the cutoff mode and the count it
    gives (``kept`` times the lattice modes in annuli ``0 .. cutoff``), to set
    beside the 5 %-of-peak convention of :func:`rglib.analysis.parameters.effective_parameters`.
    """
    if not isinstance(count, EffectiveParameters):
        raise TypeError(f"count must be rglib.analysis.parameters.EffectiveParameters, got {type(count).__name__}")
    L = require_integer("L", L, minimum=1)
    if len(radial_fft(np.ones((L, L))).counts) != len(count.mean_profile):
        raise ValueError(f"L must be the side of the lattice count was measured on, got {L}")
    if not 0 < require_real("fraction", fraction) <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    counts = radial_fft(np.ones((L, L))).counts
    power = count.mean_profile**2 * counts
    cutoff = int(np.searchsorted(np.cumsum(power) / power.sum(), fraction))
    return cutoff, count.kept * int(counts[: cutoff + 1].sum())


# ------------------------------------------------------------ stacked RBMs
@dataclass(frozen=True, eq=False)
class StackEvidence:
    """Per layer: the area under s_i / s_1 and the Fourier measures of the top five."""

    sides: tuple[int, ...]
    layers: list[FourierEvidence]
    areas: np.ndarray

    @property
    def ratios(self) -> np.ndarray:
        """Per layer: median top-five distance over the median random baseline."""
        return np.array([np.median(e.distance[e.top]) / np.median(e.baseline[e.top]) for e in self.layers])

    @property
    def low_counts(self) -> list[int]:
        """Per layer: low-momentum visible vectors among the top five."""
        return [e.top_visible_low for e in self.layers]


@lru_cache(maxsize=None)
def stack_evidence(profile: Profile) -> StackEvidence:
    """Singular-value areas and Fourier measures of every layer of the profile's stack."""
    return stack_evidence_of_network(artifacts.rbm_stack(profile), profile)


def stack_evidence_of_network(network: Sequence[RBM], profile: Profile) -> StackEvidence:
    """:func:`stack_evidence` of every layer of ``network`` (see :func:`require_network`)."""
    layers = require_network(network, profile)
    sides = profile.rbm.stack_sides
    return stack_evidence_from([fourier_evidence_of(weight_of(layer), visible, hidden)
                                for layer, visible, hidden in zip(layers, sides[:-1], sides[1:])], sides)


def stack_evidence_from(layers: Sequence[FourierEvidence], sides: Sequence[int]) -> StackEvidence:
    """The :class:`StackEvidence` of a stack with lattice ``sides``, from each layer's Fourier evidence.

    Raises
    ------
    TypeError
        If ``layers`` is not a sequence of :class:`FourierEvidence`.
    ValueError
        If ``sides`` is not one more lattice side than there are layers.
    """
    if isinstance(layers, (str, bytes)) or not isinstance(layers, Sequence) or not all(
            isinstance(layer, FourierEvidence) for layer in layers):
        raise TypeError(f"layers must be a list of FourierEvidence, got {type(layers).__name__}")
    if isinstance(sides, (str, bytes)) or not isinstance(sides, Sequence) or len(sides) != len(layers) + 1:
        raise ValueError(f"sides must hold one lattice side more than the {len(layers)} layers, got {sides!r}")
    sides = tuple(require_integer(f"sides[{i}]", side, minimum=1) for i, side in enumerate(sides))
    areas = np.array([float(np.mean(e.modes.values / e.modes.values[0])) for e in layers])
    return StackEvidence(sides, list(layers), areas)
