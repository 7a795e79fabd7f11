"""Initial weights: is the RG signature learned or inherited, and do large inputs converge?

Learned or inherited (:func:`signature_study`)
----------------------------------------------
The evidence of Section II A -- the block-spin spectrum of Fig. 1, the low
momenta of Figs. 2 and 3, hidden singular vectors that are the visible ones
with their high modes discarded (Fig. 2), the same in every layer of the stack
(Figs. 18, 19) -- and its MNIST counterparts (Figs. 7, 8) are measured on
networks trained from four initial weights (:data:`STUDY_INITIALIZATIONS`,
:func:`rglib.models.init.initialize_`): Xavier and small random (Gaussian,
standard deviation :data:`rglib.models.init.SMALL_RANDOM_STD` = 1e-3), whose
distributions treat every hidden unit alike, and block-spin and the RGM, which
place the hidden units on a lattice. Each measure (:data:`MEASURES`) is judged
at each snapshot epoch -- the fractions :data:`FRACTIONS` of the study's
epochs, epoch 0 being the initial weights themselves -- by the judge and the
thresholds of its own claim, unchanged. The claims sit above the studies: they
are given to the study as :class:`ClaimJudges` (``rglib.claims.catalogue``
passes ``SIGNATURE_JUDGES``). The judgements are cached on disk, keyed by the
weights themselves, the claim's thresholds and :data:`MEASURE_VERSION`.

The outcome of a measure (:func:`classify`), fixed before any run, from
whether its claim *agrees* at epoch 0 and after the study's last epoch, for
each start:

``learned``
    it agrees at the end from all four starts, Xavier and small random included;
``inherited``
    it agrees at the end from no Xavier or small random start, from at least one
    block-spin or RGM start, and every start it agrees from at the end agreed at
    epoch 0 already;
``lost``
    it agrees at epoch 0 from some start and at the end from none;
``absent``
    it agrees from no start, neither at epoch 0 nor at the end;
``mixed``
    anything else.

Sizes (:func:`study_sizes`): the ``paper`` profile trains for its own
epochs; ``ci`` trains the Ising stack for :data:`CI_SIZES` ``.ising_epochs``
epochs per layer (a tenth of the ``ci`` network's 600) and the MNIST RBM for
10 epochs on 10,000 of its training images, to fit the book's time budget
(measured single-threaded, under load: about 4 CPU minutes from an empty cache,
training and judging together; 120 Ising epochs took 6).
One seed per initialisation: the profile's (layer ``l`` of the stack gets
``seed + l``, as in :func:`rglib.models.stack.stack`). Each stretch of
training between two snapshots is cached on disk
(:func:`rglib.models.snapshots.fit_with_snapshots`).

Large inputs (:func:`large_inputs`)
-----------------------------------
Section II C: an RBM on flowers resized to 200 x 200 "fails to converge" from
Xavier weights and converges from block-spin ones. :func:`large_inputs`
trains the flowers RBM of the profile (batch, learning rate, CD-k, seed) at a
given side, ``side -> side / 2``, from Xavier, block-spin and RGM weights
(:func:`rglib.studies.speedups.train`, cached) and records the held-out reconstruction
error after every epoch.

The criterion, fixed before any run (:func:`convergence`): a run *converges*
if every held-out error is finite and the error after its last epoch is below
the *mean-image baseline*, the held-out error of predicting the mean training
image for every held-out image. Otherwise it *fails*: ``diverged`` (an error is
not finite), ``never below the mean-image baseline`` (no epoch's error is), or
``ended above the mean-image baseline``.

The side (:data:`LARGE_SIDES`): the paper's 200 for ``paper`` (a GPU job;
above the data set's 100 x 100 the images are enlarged by repeating pixels,
:func:`rglib.datasets.image_inputs.enlarge`). For ``ci``, the largest side, in steps of
8 from 32, whose three runs of :data:`LARGE_EPOCHS` epochs plus the RGM's
construction take at most :data:`LARGE_BUDGET_SECONDS` on the book's 2-core
CPU, from costs measured before the first run (901 stand-in training images,
batch 100): 0.46 s per epoch at side 64, 1.05 s at 80 and 2.6 s at 100
(growing as ``side**4``), the RGM about 17 s at 80. Side 80 takes about
3 x 20 x 1.05 + 17 = 80 s; side 88 would take about 3 x 20 x 1.5 + 20 = 110 s.
(Measured again with one thread, on a machine loaded by other jobs: 164 CPU
seconds for the three runs at side 80, the RGM included.)
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .. import artifacts
from ..analysis.blockspin import best_block_size
from ..artifacts import ImageSet
from ..models import init
from ..models.init import INITIALIZATIONS, initialize_
from ..models.rbm import RBM
from ..models.snapshots import fit_with_snapshots
from ..models.stack import next_layer_data
from ..models.training import ALGORITHM_VERSION
from ..profiles import Profile, require_profile
from ..runtime import cache
from ..runtime.backend import torch_device
from ..runtime.cache import cache_directory
from ..runtime.validation import require_choice, require_flag, require_integer, require_real
from . import speedups
from .images import Measured
from .network import FourierEvidence, SingularValueEvidence, fourier_evidence_of, stack_evidence_from

__all__ = [
    "CI_SIZES", "FRACTIONS", "LARGE_BUDGET_SECONDS", "LARGE_EPOCHS", "LARGE_SIDES", "MEASURES",
    "MEASURE_VERSION",
    "OUTCOMES", "STRUCTURED_STARTS", "STUDY_INITIALIZATIONS", "SYMMETRIC_STARTS", "ClaimJudges", "Convergence",
    "LargeInputs", "Measure", "SignatureStudy", "StudySizes", "Trajectory", "classify", "convergence",
    "large_input_epochs", "large_input_side", "large_inputs", "mnist_training_set", "signature_study",
    "snapshot_epochs", "study_sizes", "trajectory",
]

#: The starts whose distribution treats every hidden unit alike.
SYMMETRIC_STARTS = ("xavier", "small-random")
#: The starts that place the hidden units on a lattice.
STRUCTURED_STARTS = ("block-spin", "rgm")
#: Every start of the study.
STUDY_INITIALIZATIONS = (*SYMMETRIC_STARTS, *STRUCTURED_STARTS)
#: Snapshots at these fractions of the study's epochs (0: the initial weights).
FRACTIONS = (0.0, 0.1, 0.3, 1.0)
#: The outcomes of :func:`classify`.
OUTCOMES = ("learned", "inherited", "lost", "absent", "mixed")
#: Side of the large-input experiment: the paper's, and the largest the ``ci`` budget allows.
LARGE_SIDES = {"ci": 80, "paper": 200}
#: Epochs of each large-input run: for ``ci`` the flowers budget of :mod:`rglib.studies.speedups`, for
#: ``paper`` the 1,000 of the paper's flowers RBM.
LARGE_EPOCHS = {"ci": 20, "paper": 1_000}
#: Seconds the ``ci`` large-input runs may take together (the rule that chose its side).
LARGE_BUDGET_SECONDS = 90.0
#: Part of the key of the cached judgements: bump it when what a measure computes changes
#: (its evidence in rglib.analysis and rglib.studies.network, or its claim's judge).
MEASURE_VERSION = 2


@dataclass(frozen=True)
class StudySizes:
    """The training of the signature study.

    Attributes
    ----------
    ising_epochs : int
        Epochs of each layer of the Ising stack.
    mnist_epochs : int
        Epochs of the MNIST RBM.
    mnist_images : int or None
        MNIST training images (a seeded subset; None: all).
    """

    ising_epochs: int
    mnist_epochs: int
    mnist_images: int | None


#: The ``ci`` profile's study, sized from measured costs to take about 4 CPU minutes from an empty
#: cache: a tenth of the ``ci`` network's epochs; MNIST on a sixth of its images.
CI_SIZES = StudySizes(ising_epochs=60, mnist_epochs=10, mnist_images=10_000)


def study_sizes(profile: Profile) -> StudySizes:
    """:data:`CI_SIZES` for the ``ci`` profile; otherwise the profile's own epochs and images.

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    """
    if require_profile(profile).name == "ci":
        return CI_SIZES
    return StudySizes(profile.rbm.epochs, profile.mnist.epochs, profile.mnist.n_train)


def snapshot_epochs(epochs: int) -> tuple[int, ...]:
    """The snapshot epochs of a study of ``epochs`` epochs: :data:`FRACTIONS` of it, rounded, distinct.

    Raises
    ------
    ValueError
        If ``epochs`` is not an integer of at least 1.

    Examples
    --------
    >>> snapshot_epochs(60)
    (0, 6, 18, 60)
    """
    epochs = require_integer("epochs", epochs, minimum=1)
    return tuple(sorted({round(fraction * epochs) for fraction in FRACTIONS}))


# ------------------------------------------------------------------- measures
@dataclass(frozen=True)
class Measure:
    """One piece of RG evidence followed through training, judged as its claim judges it.

    Attributes
    ----------
    name : str
        Short name (``"fig1"``).
    network : {"ising", "mnist"}
        The network it is measured on.
    label : str
        The figure and what it shows, for tables and plots.
    claim_id : str
        The claim of :mod:`rglib.claims` whose judge and thresholds decide whether it holds.
    number : str
        The key of the judgement's numbers that is plotted (the largest entry when it is a list).
    threshold : str
        The key of the claim's threshold drawn with that number.
    """

    name: str
    network: str
    label: str
    claim_id: str
    number: str
    threshold: str

    def value(self, numbers: Mapping[str, Any]) -> float:
        """The plotted number among a judgement's ``numbers`` (the largest entry of a list)."""
        if not isinstance(numbers, Mapping) or self.number not in numbers:
            raise ValueError(f"numbers must be the numbers of a judgement of {self.claim_id!r} "
                             f"(with {self.number!r}), got {numbers!r}")
        return float(np.max(numbers[self.number]))


MEASURES = (
    Measure("fig1", "ising", "Fig. 1: block-spin spectrum (distance d)", "fig1-block-spin-match",
            "distance", "distance"),
    Measure("fig2-3-low", "ising", "Figs. 2, 3: low momenta (top five)", "fig2-3-low-momentum",
            "top_five_low_momentum", "top_min"),
    Measure("fig2", "ising", "Fig. 2: hidden = low-passed visible (largest distance / random)",
            "fig2-hidden-is-coarse-visible", "top_five_distance_over_baseline", "agree"),
    Measure("fig18-19", "ising", "Figs. 18, 19: every layer (largest median distance / random)",
            "fig18-19-every-layer", "ratios", "agree"),
    Measure("fig7", "mnist", "Fig. 7: singular values below 20 % of the largest (fraction)",
            "fig7-mnist-singular-values", "fraction_below_cut", "agree_min"),
    Measure("fig8-low", "mnist", "Fig. 8: low momenta (top five)", "fig8-mnist-low-momentum",
            "top_five_low_momentum", "top_min"),
    Measure("fig8", "mnist", "Fig. 8: hidden = low-passed visible (largest distance / random)",
            "fig8-mnist-hidden-is-coarse-visible", "top_five_distance_over_baseline", "agree"),
)
_MEASURES = {measure.name: measure for measure in MEASURES}


@dataclass(frozen=True)
class ClaimJudges:
    """How the study judges its measures: each by its own claim, which the study is given (the claims
    sit above the studies and import them).

    Attributes
    ----------
    thresholds : callable
        ``thresholds(claim_id)``: the claim's fixed thresholds, part of the key of the cached judgements.
    judge : callable
        ``judge(claim_id, evidence)``: the claim's judgement of ``evidence`` with those thresholds, as a
        dict of plain JSON values with the keys ``verdict``, ``key_number``, ``numbers`` and ``note``
        (what the cache stores).
    agrees : str
        The verdict of a claim that agrees.
    """

    thresholds: Callable[[str], Mapping[str, float]]
    judge: Callable[[str, Any], Mapping[str, Any]]
    agrees: str


def _require_judges(judges) -> ClaimJudges:
    if not isinstance(judges, ClaimJudges):
        raise TypeError(f"judges must be a ClaimJudges (rglib.claims.catalogue.SIGNATURE_JUDGES), "
                        f"got {type(judges).__name__}")
    return judges


# ----------------------------------------------------------------- training
def mnist_training_set(profile: Profile) -> ImageSet:
    """The MNIST images the study trains on: the profile's, cut to ``mnist_images`` (a seeded subset).

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    rglib.datasets.DatasetUnavailableError
        When MNIST is not on this machine.
    """
    settings = dataclasses.replace(require_profile(profile).mnist, n_train=study_sizes(profile).mnist_images)
    return artifacts.image_set(dataclasses.replace(profile, mnist=settings), "mnist", "train")


def _ising_weights(profile: Profile, initialization: str, progress: bool | None) -> list[list[np.ndarray]]:
    """Per snapshot epoch, the weight of each layer of the Ising stack trained from ``initialization``."""
    sides, seed = profile.rbm.stack_sides, profile.ising.seed
    spins, _ = artifacts.training_set(profile, progress)
    data, below, layers = spins.reshape(len(spins), -1), None, []
    for index, (visible, hidden) in enumerate(zip(sides[:-1], sides[1:])):
        if below is not None:
            data = next_layer_data(below, data, seed, index).cpu().numpy()
        below = initialize_(RBM(visible**2, hidden**2, seed=seed + index, device=torch_device()),
                            initialization, data if initialization == "rgm" else None)
        layers.append(fit_with_snapshots(
            below, data, snapshot_epochs(study_sizes(profile).ising_epochs), profile.rbm.batch_size,
            profile.rbm.learning_rate, profile.rbm.cd_steps, checkpoint_dir=cache_directory(),
            progress=progress, precision=artifacts.training_precision(profile)))
    return [list(point) for point in zip(*layers)]


def _mnist_weights(profile: Profile, initialization: str, progress: bool | None) -> list[np.ndarray]:
    """Per snapshot epoch, the weight of the MNIST RBM trained from ``initialization``."""
    settings, means = profile.mnist, mnist_training_set(profile).means
    rbm = initialize_(RBM(settings.side**2, settings.hidden_side**2, seed=settings.seed, device=torch_device()),
                      initialization, means if initialization == "rgm" else None)
    return fit_with_snapshots(
        rbm, means, snapshot_epochs(study_sizes(profile).mnist_epochs), settings.batch_size,
        settings.learning_rate, settings.cd_steps, binarize=True, checkpoint_dir=cache_directory(),
        progress=progress, precision=artifacts.training_precision(profile))


@dataclass(frozen=True, eq=False)
class Trajectory:
    """One network trained from one start: its weights at each snapshot epoch, judged on demand.

    Attributes
    ----------
    network : {"ising", "mnist"}
    initialization : str
        One of :data:`STUDY_INITIALIZATIONS`.
    epochs : tuple of int
        The snapshot epochs (0 first: the initial weights).
    weights : tuple of tuple of numpy.ndarray
        Per snapshot epoch, the weight of each layer (the stack's three, MNIST's one).
    sides : tuple of int
        The lattice sides of the layers, visible first.
    judges : ClaimJudges
        How its measures are judged.
    standin : bool
        Whether the images stand in for the paper's (MNIST; False for Ising).
    """

    network: str
    initialization: str
    epochs: tuple[int, ...]
    weights: tuple[tuple[np.ndarray, ...], ...]
    sides: tuple[int, ...]
    judges: ClaimJudges
    standin: bool = False
    _memo: dict = dataclasses.field(default_factory=dict, init=False, repr=False)

    def judgements(self, measure: str) -> tuple[Mapping[str, Any], ...]:
        """Per snapshot epoch, the judgement of ``measure``'s claim (as :attr:`ClaimJudges.judge` gives it).

        Computed once, and cached on disk under a key of the weights themselves,
        the claim's thresholds and :data:`MEASURE_VERSION`.
        """
        names = [m.name for m in MEASURES if m.network == self.network]
        if measure not in names:
            raise ValueError(f"measure must be one of {names} (the {self.network} measures), got {measure!r}")
        if measure not in self._memo:
            self._memo[measure] = self._cached(measure)
        return self._memo[measure]

    def _cached(self, measure: str) -> tuple[Mapping[str, Any], ...]:
        """The judgements of ``measure``, from the cache or computed and stored there."""
        claim_id = _MEASURES[measure].claim_id
        digest = hashlib.sha256()
        for point in self.weights:
            for weight in point:
                digest.update(np.ascontiguousarray(weight, dtype=np.float64).tobytes())
        key = {"kind": "init-study-judgements", "version": MEASURE_VERSION, "measure": measure,
               "claim": claim_id, "thresholds": dict(self.judges.thresholds(claim_id)),
               "weights": digest.hexdigest(), "sides": list(self.sides), "standin": self.standin}
        path = cache_directory() / f"init-study-{measure}-{cache.key_digest(key)}.npz"
        found = cache.load(path, key)
        if found is not None:
            return tuple(found[1]["judgements"])
        judgements = tuple(self.judges.judge(claim_id, self._evidence(measure, point))
                           for point in range(len(self.epochs)))
        cache.store(path, {"epochs": np.asarray(self.epochs)}, key, extra={"judgements": list(judgements)})
        return judgements

    def agrees(self, measure: str) -> list[bool]:
        """Per snapshot epoch, whether ``measure``'s claim agrees."""
        return [judgement["verdict"] == self.judges.agrees for judgement in self.judgements(measure)]

    def values(self, measure: str) -> np.ndarray:
        """Per snapshot epoch, ``measure``'s plotted number (:meth:`Measure.value`)."""
        return np.array([_MEASURES[measure].value(judgement["numbers"]) for judgement in self.judgements(measure)])

    def _fourier(self, point: int, layer: int) -> FourierEvidence:
        """The Fourier evidence of one layer at one snapshot (computed once)."""
        key = ("fourier", point, layer)
        if key not in self._memo:
            self._memo[key] = fourier_evidence_of(self.weights[point][layer], self.sides[layer],
                                                  self.sides[layer + 1])
        return self._memo[key]

    def _evidence(self, measure: str, point: int) -> Any:
        """What ``measure``'s claim judges, for the weights at snapshot ``point``."""
        if measure in ("fig1", "fig7"):
            evidence = SingularValueEvidence(best_block_size(self.weights[point][0], self.sides[0]),
                                             best_block_size(self.weights[0][0], self.sides[0]))
        elif measure == "fig18-19":
            evidence = stack_evidence_from([self._fourier(point, layer) for layer in range(len(self.sides) - 1)],
                                           self.sides)
        else:
            evidence = self._fourier(point, 0)
        return Measured(evidence, self.standin) if self.network == "mnist" else evidence


def trajectory(profile: Profile, judges: ClaimJudges, network: str, initialization: str,
               progress: bool | None = None) -> Trajectory:
    """Train ``network`` from ``initialization``, keeping the weights of every snapshot (or read them from the cache).

    Parameters
    ----------
    profile : Profile
        Sizes of the network and its data (:func:`study_sizes` for the epochs).
    judges : ClaimJudges
        How the measures are judged (``rglib.claims.catalogue.SIGNATURE_JUDGES``).
    network : {"ising", "mnist"}
        The Ising stack (``profile.rbm.stack_sides``) or the MNIST RBM.
    initialization : str
        One of :data:`STUDY_INITIALIZATIONS`.
    progress : bool, optional
        Progress bars of sampling and training.

    Returns
    -------
    Trajectory
        Its measures are judged when first asked for.

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile or ``judges`` not a ClaimJudges.
    ValueError
        Naming a bad ``network``, ``initialization`` or ``progress``.
    """
    require_profile(profile)
    _require_judges(judges)
    require_choice("network", network, ("ising", "mnist"))
    require_choice("initialization", initialization, STUDY_INITIALIZATIONS)
    require_flag("progress", progress, allow_none=True)
    return _trajectory(profile, judges, network, initialization, progress)


def _trajectory(profile: Profile, judges: ClaimJudges, network: str, initialization: str,
                progress: bool | None) -> Trajectory:
    """:func:`trajectory` on checked arguments."""
    if network == "ising":
        weights = _ising_weights(profile, initialization, progress)
        return Trajectory(network, initialization, snapshot_epochs(study_sizes(profile).ising_epochs),
                          tuple(map(tuple, weights)), profile.rbm.stack_sides, judges)
    settings = profile.mnist
    weights = _mnist_weights(profile, initialization, progress)
    return Trajectory(network, initialization, snapshot_epochs(study_sizes(profile).mnist_epochs),
                      tuple((weight,) for weight in weights), (settings.side, settings.hidden_side), judges,
                      mnist_training_set(profile).standin)


# ------------------------------------------------------------------ outcomes
def classify(start: Mapping[str, bool], end: Mapping[str, bool]) -> str:
    """The outcome of one measure (see the module docstring) from whether it agrees at epoch 0 and at the end.

    Parameters
    ----------
    start, end : dict of str to bool
        For each of :data:`STUDY_INITIALIZATIONS`, whether the measure's claim
        agrees at epoch 0 (``start``) and after the last epoch (``end``).

    Returns
    -------
    str
        One of :data:`OUTCOMES`.

    Raises
    ------
    TypeError
        If ``start`` or ``end`` is not a dict.
    ValueError
        If its keys are not exactly the study's starts or a value is not a bool.

    Examples
    --------
    >>> every = dict.fromkeys(STUDY_INITIALIZATIONS, True)
    >>> classify(every, every)
    'learned'
    >>> structured = {"xavier": False, "small-random": False, "block-spin": True, "rgm": True}
    >>> classify(structured, structured)
    'inherited'
    """
    start, end = _require_starts("start", start), _require_starts("end", end)
    if all(end.values()):
        return "learned"
    if not any(end.values()):
        return "lost" if any(start.values()) else "absent"
    agreeing = [name for name, agrees in end.items() if agrees]
    if set(agreeing) <= set(STRUCTURED_STARTS) and all(start[name] for name in agreeing):
        return "inherited"
    return "mixed"


def _require_starts(name: str, values) -> dict[str, bool]:
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a dict of start to bool, got {type(values).__name__}")
    if set(values) != set(STUDY_INITIALIZATIONS):
        raise ValueError(f"{name} must have exactly the keys {STUDY_INITIALIZATIONS}, got {sorted(values)}")
    return {key: require_flag(f"{name}[{key!r}]", values[key]) for key in STUDY_INITIALIZATIONS}


@dataclass(frozen=True, eq=False)
class SignatureStudy:
    """Every network of the study, and the outcome of every measure.

    Attributes
    ----------
    sizes : StudySizes
    trajectories : tuple of Trajectory
        One per network and start.
    """

    sizes: StudySizes
    trajectories: tuple[Trajectory, ...]

    def trajectory(self, network: str, initialization: str) -> Trajectory:
        """The run of ``network`` from ``initialization``."""
        for run in self.trajectories:
            if run.network == network and run.initialization == initialization:
                return run
        raise ValueError(f"network and initialization must name a run of the study, got "
                         f"{network!r} and {initialization!r}")

    def outcome(self, measure: str) -> str:
        """:func:`classify` of ``measure`` (one of :data:`MEASURES`' names)."""
        if measure not in _MEASURES:
            raise ValueError(f"measure must be one of {sorted(_MEASURES)}, got {measure!r}")
        runs = [self.trajectory(_MEASURES[measure].network, start) for start in STUDY_INITIALIZATIONS]
        return classify({run.initialization: run.agrees(measure)[0] for run in runs},
                        {run.initialization: run.agrees(measure)[-1] for run in runs})

    def agreeing(self, measure: str, snapshot: int) -> list[str]:
        """The starts from which ``measure``'s claim agrees at snapshot ``snapshot`` (0: epoch 0; -1: the end)."""
        if measure not in _MEASURES:
            raise ValueError(f"measure must be one of {sorted(_MEASURES)}, got {measure!r}")
        snapshot = require_integer("snapshot", snapshot)
        return [start for start in STUDY_INITIALIZATIONS
                if self.trajectory(_MEASURES[measure].network, start).agrees(measure)[snapshot]]

    @property
    def outcomes(self) -> dict[str, str]:
        """The outcome of every measure of the study's networks, by name."""
        networks = {run.network for run in self.trajectories}
        return {measure.name: self.outcome(measure.name) for measure in MEASURES if measure.network in networks}


@lru_cache(maxsize=4)
def signature_study(profile: Profile, judges: ClaimJudges, networks: tuple[str, ...] = ("ising", "mnist"),
                    progress: bool | None = None) -> SignatureStudy:
    """``networks`` from every start of :data:`STUDY_INITIALIZATIONS`, trained or read from the cache.

    Parameters
    ----------
    profile : Profile
    judges : ClaimJudges
        How the measures are judged (``rglib.claims.catalogue.SIGNATURE_JUDGES``).
    networks : tuple of {"ising", "mnist"}
        Default both; ``("ising",)`` does without the MNIST images.
    progress : bool, optional
        Progress bars of sampling and training.

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile, ``judges`` not a ClaimJudges or ``networks`` not a tuple.
    ValueError
        Naming a bad network or ``progress``.
    """
    require_profile(profile)
    _require_judges(judges)
    if not isinstance(networks, tuple) or not networks:
        raise TypeError(f"networks must be a non-empty tuple of network names, got {networks!r}")
    for index, network in enumerate(networks):
        require_choice(f"networks[{index}]", network, ("ising", "mnist"))
    require_flag("progress", progress, allow_none=True)
    runs = tuple(_trajectory(profile, judges, network, start, progress)
                 for network in networks for start in STUDY_INITIALIZATIONS)
    return SignatureStudy(study_sizes(profile), runs)


# --------------------------------------------------------------- large inputs
@dataclass(frozen=True)
class Convergence:
    """Whether a run converged (:func:`convergence`), and the outcome in words."""

    converged: bool
    outcome: str


def convergence(errors, baseline: float) -> Convergence:
    """The large-input criterion: converged if every error is finite and the last is below ``baseline``.

    Parameters
    ----------
    errors : array_like, shape (epochs + 1,)
        Held-out errors, index = epochs trained (0 = untrained), at least one trained epoch.
    baseline : float
        The held-out error of predicting the mean training image.

    Returns
    -------
    Convergence
        ``outcome`` is ``"converged"``, ``"diverged"`` (an error is not finite),
        ``"never below the mean-image baseline"`` or ``"ended above the mean-image baseline"``.

    Raises
    ------
    ValueError
        If ``errors`` is not a 1-D real array of at least 2 entries or ``baseline`` not a finite number.

    Examples
    --------
    >>> convergence([0.3, 0.2, 0.1], 0.25)
    Convergence(converged=True, outcome='converged')
    >>> convergence([0.3, 0.3, 0.3], 0.25).outcome
    'never below the mean-image baseline'
    """
    try:
        array = np.asarray(errors, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"errors must be a 1-D array of real numbers, got {errors!r}") from None
    if array.ndim != 1 or len(array) < 2:
        raise ValueError(f"errors must be a 1-D array of at least 2 entries (epoch 0 and one trained "
                         f"epoch), got shape {array.shape}")
    baseline = require_real("baseline", baseline)
    if not np.isfinite(array).all():
        return Convergence(False, "diverged")
    if np.all(array[1:] >= baseline):
        return Convergence(False, "never below the mean-image baseline")
    if array[-1] >= baseline:
        return Convergence(False, "ended above the mean-image baseline")
    return Convergence(True, "converged")


def large_input_side(profile: Profile) -> int:
    """The side of the profile's large-input run (:data:`LARGE_SIDES`; ``ci``'s for other profiles)."""
    return LARGE_SIDES.get(require_profile(profile).name, LARGE_SIDES["ci"])


def large_input_epochs(profile: Profile) -> int:
    """The epochs of the profile's large-input runs (:data:`LARGE_EPOCHS`; ``ci``'s for other profiles)."""
    return LARGE_EPOCHS.get(require_profile(profile).name, LARGE_EPOCHS["ci"])


@dataclass(frozen=True, eq=False)
class LargeInputs:
    """The flowers RBM at one side from each of the paper's three initialisations.

    Attributes
    ----------
    side, epochs : int
    runs : tuple of rglib.studies.speedups.Run
        One per initialisation of :data:`rglib.models.init.INITIALIZATIONS`.
    baseline : float
        The held-out error of predicting the mean training image.
    source : str
        Where the images come from.
    standin : bool
        Whether they stand in for TF Flowers.
    """

    side: int
    epochs: int
    runs: tuple[speedups.Run, ...]
    baseline: float
    source: str
    standin: bool

    def run(self, initialization: str) -> speedups.Run:
        """The run from ``initialization``."""
        require_choice("initialization", initialization, INITIALIZATIONS)
        return next(run for run in self.runs if run.initialization == initialization)

    def convergence(self, initialization: str) -> Convergence:
        """:func:`convergence` of the run from ``initialization``."""
        return convergence(self.run(initialization).errors, self.baseline)

    @property
    def seconds(self) -> float:
        """Wall time of the three runs when they were trained, the RGM's construction included."""
        return float(sum(run.seconds.sum() + run.setup_seconds for run in self.runs))


@lru_cache(maxsize=4)
def large_inputs(profile: Profile, side: int | None = None, epochs: int | None = None,
                 progress: bool | None = None) -> LargeInputs:
    """Train the profile's flowers RBM at ``side -> side / 2`` from each initialisation (cached).

    Parameters
    ----------
    profile : Profile
        Batch, learning rate, CD-k, seed and images of ``profile.flowers``.
    side : int, optional
        An even side of at least 6 (default :func:`large_input_side`); sides
        above the data set's must be multiples of it.
    epochs : int, optional
        Default :func:`large_input_epochs`.
    progress : bool, optional
        Progress bars of training.

    Returns
    -------
    LargeInputs

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    ValueError
        Naming a bad ``side``, ``epochs`` or ``progress``.
    """
    require_profile(profile)
    side = large_input_side(profile) if side is None else require_integer("side", side, minimum=6)
    if side % 2:
        raise ValueError(f"side must be even (the hidden side is half of it), got {side}")
    epochs = large_input_epochs(profile) if epochs is None else require_integer("epochs", epochs, minimum=1)
    require_flag("progress", progress, allow_none=True)
    flowers = dataclasses.replace(profile.flowers, side=side, hidden_side=side // 2)
    at_side = dataclasses.replace(profile, flowers=flowers)
    train = artifacts.image_set(at_side, "flowers", "train")
    held_out = artifacts.image_set(at_side, "flowers", "test").means
    baseline = float(((held_out - train.means.mean(axis=0)) ** 2).mean())
    pixels = hashlib.sha256(np.ascontiguousarray(train.means).tobytes())
    pixels.update(np.ascontiguousarray(held_out).tobytes())
    runs = tuple(_large_run(at_side, start, epochs, pixels.hexdigest(), progress) for start in INITIALIZATIONS)
    return LargeInputs(side, epochs, runs, baseline, train.source, train.standin)


def _large_run(profile: Profile, start: str, epochs: int, pixels: str, progress: bool | None) -> speedups.Run:
    """:func:`rglib.studies.speedups.train` of the flowers RBM, its record cached on disk.

    The trained network is cached by ``speedups.train`` under a key of its initial
    parameters, which costs the RGM's construction on every call; the record is
    cached here under everything that determines it instead: the settings, the
    start, the pixels, the device and precision, the training numerics and the
    source of the code that makes the initial weights.
    """
    settings = profile.flowers
    key = {"kind": "init-study-large-input", "settings": dataclasses.asdict(settings),
           "initialization": start, "seed": settings.seed, "epochs": epochs, "pixels": pixels,
           "device": torch_device(), "precision": artifacts.training_precision(profile),
           "training": ALGORITHM_VERSION, "initial_weights": init.INITIAL_WEIGHTS_VERSION}
    path = cache_directory() / f"init-study-large-{start}-{cache.key_digest(key)}.npz"
    found = cache.load(path, key)
    if found is not None:
        arrays, extra = found
        return speedups.Run(start, settings.seed, arrays["errors"], arrays["seconds"], extra["setup_seconds"])
    run = speedups.train(profile, "flowers", start, settings.seed, epochs, progress)[1]
    cache.store(path, {"errors": run.errors, "seconds": run.seconds}, key,
                extra={"setup_seconds": run.setup_seconds})
    return run
