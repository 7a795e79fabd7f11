"""Why the trained Ising spectrum is flat: the early growth of CD-1, and a map of the protocol.

Early growth (:func:`early_growth`)
-----------------------------------
From a small Gaussian start, CD-1 training is linear in W
(:mod:`rglib.analysis.cd_linear`): the power of W along each eigenvector u_k of
the data's second-moment matrix C grows (or settles) as the linear recursion
predicts, asymptotically at lambda_k - 1 per unit of summed step. The study
trains the map's small RBM from :data:`GROWTH_START` at learning rate
:data:`GROWTH_LR` through summed step :data:`GROWTH_SPAN`, stopping every
:data:`GROWTH_STOP` of summed step, for every seed of the map, and compares
the measured growth rate of each direction (:func:`rglib.analysis.cd_linear.growth_rates`,
fitted to the seed-averaged power) with the rate of the predicted power.

The map (:func:`protocol_map`)
------------------------------
Each :class:`Reading` is one way of reading Appendix A's protocol (or the
labelled control): a start, a learning rate, CD-k or persistent CD, sampled
units or means in the statistics, a weight decay, and the summed steps
(learning rate x updates) at which the run is measured. At each stop
(:class:`Point`) the study measures what the claims of Sec. II A measure: the
fraction of singular values above 20 % of the largest (the paper's cut; it
kept 200 of 1,600), smallest over largest, Fig. 1's distance d and best block
(:func:`rglib.analysis.blockspin.best_block_size`), the hidden = coarse-visible
ratio (the largest top-five RG distance over its random baseline,
:func:`rglib.studies.network.fourier_evidence_of`), the training and held-out
reconstruction errors (:func:`rglib.models.reconstruction.reconstruction_error`)
and the free-energy gap per spin.

The reading in which A12's 1/N_s divides by the whole training set rather than
the batch multiplies every step by batch / N: at the paper's sizes (1,000 of
40,000) its summed step is 240 / 40 = 6, so it is the map's point at summed
step :data:`WHOLE_SET_STEP` (and the learning-rate readings show whether the rate
matters at a fixed summed step). Every reading at the small size runs from
each of its size's seeds (three at both sizes).

The criteria, fixed before the map was first run (:func:`steep`, :func:`converged`):
a spectrum has the *shape of Fig. 1* when at most twice the paper's fraction
(2 x 200 / 1600 = 25 %) of its singular values exceed 20 % of the largest; a
point's training has *converged* when its training reconstruction error moved
by at most 5 % (relative) since the run's previous stop. A reading *reproduces
Fig. 1* at a summed step when both hold in a majority of its seeds.

Sizes (:data:`MAP_SIZES`): the small map is 16 x 16 -> 8 x 8 at T = 4 (the
profile's temperature), the large one the ``ci`` network's 32 x 32 -> 16 x 16,
each with about as many training samples per visible unit as the paper
(40,000 for 6,400: 2,000 for 256 and 8,000 for 1,024) and batches of 1,000.
Every run is trained in stretches, one cached checkpoint per stop
(:func:`rglib.models.snapshots.train_in_stretches`), and its measures are cached
once complete, so the map resumes run by run and stop by stop; the same seed
gives the same map.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from ..analysis.blockspin import best_block_size
from ..analysis.modes import singular_modes
from ..analysis.rg import rg_consistency
from ..analysis.cd_linear import growth_rates, linear_cd_power, projected_power, second_moment
from ..datasets import ising as ising_data
from ..models.init import initialize_
from ..models.rbm import INITIAL_WEIGHTS_STREAM, RBM, derive_seed, read_spins, require_rbm, set_parameters_
from ..models.reconstruction import reconstruction_error
from ..models.snapshots import train_in_stretches
from ..models.training import ALGORITHM_VERSION
from ..profiles import Profile, require_profile
from ..runtime import cache
from ..runtime.cache import cache_directory
from ..runtime.progress import show_progress
from ..runtime.validation import require_choice, require_integer, require_real

__all__ = [
    "CUT", "GROWTH_LR", "GROWTH_SPAN", "GROWTH_START", "GROWTH_STOP", "MAP_SIZES", "MEASURE_VERSION",
    "PAPER_KEPT_FRACTION", "STARTS", "WHOLE_SET_STEP", "Growth", "MapSize", "Point", "ProtocolMap",
    "Reading", "coarse_visible_ratio", "converged", "early_growth", "map_data", "map_sizes", "one_thread", "measure_point", "protocol_map", "readings",
    "run_reading", "start_weight", "steep",
]

#: The paper's cut: singular values below 20 % of the largest are dropped.
CUT = 0.2
#: The paper's kept fraction at that cut: 200 of 1,600.
PAPER_KEPT_FRACTION = 200 / 1600
#: The starts of the map: Xavier (the RBM's default), Gaussian of two widths, block spin.
STARTS = ("xavier", "gaussian-1e-3", "gaussian-1e-2", "block-spin")
#: The whole-training-set reading of A12's 1/N_s: the paper's 240 times batch / N = 1,000 / 40,000.
WHOLE_SET_STEP = 240 * 1_000 / 40_000
#: The early-growth run: this start (of :data:`STARTS`), this learning rate, measured up to
#: this summed step every GROWTH_STOP of summed step.
GROWTH_START, GROWTH_LR, GROWTH_SPAN, GROWTH_STOP = "gaussian-1e-3", 0.01, 1.0, 0.1
#: Part of the key of the cached measures: bump it when what a point measures changes.
MEASURE_VERSION = 1


@dataclass(frozen=True)
class MapSize:
    """One lattice size of the map: ``side**2 -> hidden_side**2``, its data and its seeds."""

    side: int
    hidden_side: int
    n_train: int
    n_held_out: int
    batch_size: int
    seeds: tuple[int, ...]


#: Per profile name: the small and the large size (the same at both profiles, three seeds each;
#: the profiles differ in the summed steps of :func:`readings`).
MAP_SIZES = {name: {"small": MapSize(16, 8, 2_000, 500, 1_000, (0, 1, 2)),
                    "large": MapSize(32, 16, 8_000, 2_000, 1_000, (0, 1, 2))}
             for name in ("ci", "paper")}


@dataclass(frozen=True)
class Reading:
    """One reading of the protocol: how a run trains, and the summed steps it is measured at.

    Attributes
    ----------
    label : str
        What it is, for tables.
    axis : str
        Which question of the map it belongs to (``"start and summed step"``,
        ``"negative phase"``, ``"statistics"``, ``"learning rate"``, ``"1/N_s"``,
        ``"control"``).
    size : {"small", "large"}
    start : str
        One of :data:`STARTS`.
    lr : float
    steps : tuple of float
        Summed steps of the stops (> 0, increasing); the start itself is measured too.
    k : int
    persistent : bool
    hidden_statistics : {"samples", "means"}
    weight_decay : float
    control : bool
        True for a reading the paper does not allow (weight decay).

    Each reading runs from every seed of its size (:class:`MapSize`).
    """

    label: str
    axis: str
    size: str
    start: str
    lr: float
    steps: tuple[float, ...]
    k: int = 1
    persistent: bool = False
    hidden_statistics: str = "samples"
    weight_decay: float = 0.0
    control: bool = False


def map_sizes(profile: Profile) -> dict[str, MapSize]:
    """The small and large sizes of the map for ``profile`` (:data:`MAP_SIZES`), or ValueError naming it."""
    name = require_profile(profile).name
    if name not in MAP_SIZES:
        raise ValueError(f"profile must be one of the profiles {sorted(MAP_SIZES)} the protocol map "
                         f"has sizes for, got {name!r}")
    return MAP_SIZES[name]


def readings(profile: Profile) -> list[Reading]:
    """The readings of the map for ``profile`` (``ci``: summed steps to 15; ``paper``: to 240).

    At ``ci`` the map stops at summed step 15, within the book's time budget on
    a 2-core CPU; the robustness chapter follows the ``ci`` network from 15 to 240.

    The base learning rate is 0.1, so that a summed step costs ten updates;
    the learning-rate readings test whether the rate matters at a fixed summed step.
    The weight decay of the control is 1 per unit of summed step: in the
    linear theory it lets only the directions with eigenvalue above 2 grow.
    The large size (8 updates an epoch) stops at multiples of 0.8, and only
    early (to summed step 4): its long training is the robustness chapter's.
    """
    name = require_profile(profile).name
    map_sizes(profile)
    steps = (1.0, 4.0, 15.0) + ((60.0, 240.0) if name == "paper" else ())
    found = [Reading(f"{start}, CD-1", "start and summed step", "small", start, 0.1, steps)
             for start in STARTS]
    found += [Reading(f"{start}, CD-1", "start and summed step", "large", start, 0.1, (0.8, 4.0))
              for start in ("xavier", "gaussian-1e-3")]
    base = dict(size="small", start="gaussian-1e-3", steps=(4.0, 15.0))
    found += [
        Reading("CD-10", "negative phase", lr=0.1, k=10, **base),
        Reading("persistent CD-1", "negative phase", lr=0.1, persistent=True, **base),
        Reading("hidden means in the statistics", "statistics", lr=0.1, hidden_statistics="means", **base),
        Reading("learning rate 0.05", "learning rate", lr=0.05, **base),
        Reading("learning rate 0.5", "learning rate", lr=0.5, **base),
        Reading("A12's 1/N_s over the whole training set", "1/N_s", "small", "gaussian-1e-3", 0.1,
                (2.0, WHOLE_SET_STEP)),
        Reading("CONTROL: weight decay 1", "control", lr=0.1, weight_decay=1.0, control=True, **base),
    ]
    if name == "paper":
        found.append(Reading("learning rate 0.01", "learning rate", lr=0.01, **base))
    return found


@contextmanager
def one_thread() -> Iterator[None]:
    """Run torch and the BLAS/LAPACK under numpy and scipy on one CPU thread inside the block.

    The map's matrices are small: on a shared 2-core machine one thread is
    several times faster than two that wait for each other (a 1,024 x 256
    SVD took 0.06 s on one OpenBLAS thread and up to 5 s on two while the
    machine was loaded), and a fixed count keeps the summation order, hence
    the results, the same on every machine. Both counts are restored after.
    Draw the Ising samples (:func:`map_data`) before the block: numba's parallel
    sampler sets OpenMP's thread count back to the core count, and torch would
    run on two threads again.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with threadpool_limits(limits=1):
            yield
    finally:
        torch.set_num_threads(before)


# ------------------------------------------------------------------ criteria
def steep(kept_fraction: float, paper_fraction: float = PAPER_KEPT_FRACTION, factor: float = 2.0) -> bool:
    """Whether a spectrum has the shape of Fig. 1: kept fraction at most ``factor`` x the paper's.

    Examples
    --------
    >>> steep(0.2), steep(0.3)
    (True, False)
    """
    kept = require_real("kept_fraction", kept_fraction)
    if not 0 <= kept <= 1:
        raise ValueError(f"kept_fraction must be in [0, 1], got {kept_fraction!r}")
    return kept <= require_real("factor", factor) * require_real("paper_fraction", paper_fraction)


def converged(error: float, previous: float, tolerance: float = 0.05) -> bool:
    """Whether a training error moved by at most ``tolerance`` (relative) since ``previous``.

    Examples
    --------
    >>> converged(0.50, 0.51), converged(0.4, 0.5)
    (True, False)
    """
    error, previous = require_real("error", error), require_real("previous", previous)
    if previous <= 0 or error < 0:
        raise ValueError(f"previous must be > 0 and error >= 0, got {previous!r}, {error!r}")
    return abs(error - previous) / previous <= require_real("tolerance", tolerance)


# ------------------------------------------------------------------ the data
@lru_cache(maxsize=4)
def map_data(profile: Profile, size: str) -> tuple[np.ndarray, np.ndarray]:
    """Training and held-out +-1 vectors of one size of the map (int8), from the profile's seed and T."""
    ising = require_profile(profile).ising
    sizes = map_sizes(profile)[require_choice("size", size, ("small", "large"))]
    train = ising_data.samples(sizes.side, ising.temperature, sizes.n_train, seed=ising.seed, progress=False)
    held = ising_data.samples(sizes.side, ising.temperature, sizes.n_held_out, seed=ising.seed + 1,
                              progress=False)
    return train.reshape(len(train), -1), held.reshape(len(held), -1)


def start_weight(start: str, side: int, hidden_side: int, seed: int) -> np.ndarray:
    """The starting weight ``start`` (one of :data:`STARTS`) of an RBM ``side**2 -> hidden_side**2``.

    Xavier and block spin are :func:`rglib.models.init.initialize_`'s; a
    Gaussian of width sigma draws from the same stream as its ``"small-random"``
    (so ``"gaussian-1e-3"`` is exactly that start).

    Examples
    --------
    >>> start_weight("gaussian-1e-2", 4, 2, 0).shape
    (16, 4)
    """
    start = require_choice("start", start, STARTS)
    side = require_integer("side", side, minimum=2)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    rbm = RBM(side**2, hidden_side**2, seed=seed, dtype=torch.float64)
    if start.startswith("gaussian-"):
        generator = torch.Generator().manual_seed(derive_seed(seed, INITIAL_WEIGHTS_STREAM))
        sigma = float(start.removeprefix("gaussian-"))
        return (sigma * torch.randn(side**2, hidden_side**2, generator=generator, dtype=torch.float64)).numpy()
    return initialize_(rbm, start).weight.detach().numpy().copy()


# ------------------------------------------------------------------ measures
@dataclass(frozen=True)
class Point:
    """The measures of one run at one stop."""

    label: str
    axis: str
    size: str
    seed: int
    summed_step: float
    control: bool
    kept_fraction: float
    ratio: float
    distance: float
    block: int
    coarse_ratio: float
    train_error: float
    held_out_error: float
    gap_per_spin: float
    previous_error: float

    def is_steep(self, factor: float = 2.0) -> bool:
        """:func:`steep` of this point's kept fraction."""
        return steep(self.kept_fraction, factor=factor)

    def is_converged(self, tolerance: float = 0.05) -> bool:
        """:func:`converged` of this point's training error since the run's previous stop (False at the start)."""
        return self.summed_step > 0 and converged(self.train_error, self.previous_error, tolerance)


def measure_point(rbm: RBM, side: int, hidden_side: int, train: np.ndarray,
                  held: np.ndarray) -> dict[str, float]:
    """The measures of the module docstring for one trained ``rbm`` (a dict of floats).

    ``train`` is compared with ``held`` on as many rows as ``held`` has.
    """
    require_rbm(rbm)
    side = require_integer("side", side, minimum=2)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    if rbm.n_visible != side**2 or rbm.n_hidden != hidden_side**2:
        raise ValueError(f"side and hidden_side must be the rbm's lattice sides, got {side}, {hidden_side} "
                         f"for {rbm.n_visible} -> {rbm.n_hidden} units")
    read_spins(rbm, "train", train)
    read_spins(rbm, "held", held)
    weight = rbm.weight.detach().cpu().double().numpy()
    match = best_block_size(weight, side)
    values = match.singular_values
    subset = train[: len(held)].astype(np.float64)
    held = held.astype(np.float64)
    with torch.no_grad():
        gap = float(rbm.free_energy(held).double().mean() - rbm.free_energy(subset).double().mean())
    return {
        "kept_fraction": float(np.mean(values > CUT * values[0])),
        "ratio": float(values[-1] / values[0]),
        "distance": float(match.distance), "block": float(match.block),
        "coarse_ratio": coarse_visible_ratio(weight, side, hidden_side),
        "train_error": reconstruction_error(rbm, subset),
        "held_out_error": reconstruction_error(rbm, held),
        "gap_per_spin": gap / rbm.n_visible,
    }


def coarse_visible_ratio(weight: np.ndarray, side: int, hidden_side: int) -> float:
    """The largest top-five RG distance over its random baseline: Fig. 2's measure.

    The measure of the claim ``fig2-hidden-is-coarse-visible``
    (:attr:`rglib.studies.network.FourierEvidence.top_ratio`, its maximum),
    computed for the five largest singular modes only.

    Examples
    --------
    >>> import numpy as np
    >>> 0 < coarse_visible_ratio(np.random.default_rng(0).standard_normal((64, 16)), 8, 4) < 2
    True
    """
    side = require_integer("side", side, minimum=1)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    weight = np.asarray(weight)
    if weight.shape != (side**2, hidden_side**2):
        raise ValueError(f"side and hidden_side must give weight's shape {weight.shape} as "
                         f"(side**2, hidden_side**2), got {side} and {hidden_side}")
    modes = singular_modes(weight, (side, side), (hidden_side, hidden_side))
    scores = [rg_consistency(modes.visible[m], modes.hidden[m]) for m in range(min(5, len(modes.values)))]
    return float(max(score.distance / score.random_distance for score in scores))


_NAMES = ("kept_fraction", "ratio", "distance", "block", "coarse_ratio", "train_error",
          "held_out_error", "gap_per_spin")


def run_reading(profile: Profile, reading: Reading, seed: int,
                progress: bool | None = None) -> list[Point]:
    """Train one reading from one seed, in stretches, and measure it at its start and every stop.

    Cached: the stretches as checkpoints, the measures once the run is complete.
    """
    profile = require_profile(profile)
    if not isinstance(reading, Reading):
        raise TypeError(f"reading must be a rglib.studies.protocol.Reading, got {type(reading).__name__}")
    seed = require_integer("seed", seed, minimum=0)
    show_progress(progress)
    sizes = map_sizes(profile)[reading.size]
    train, held = map_data(profile, reading.size)
    rbm = RBM(sizes.side**2, sizes.hidden_side**2, seed=seed)
    set_parameters_(rbm, start_weight(reading.start, sizes.side, sizes.hidden_side, seed),
                    np.zeros(rbm.n_visible), np.zeros(rbm.n_hidden))
    per_epoch = -(-sizes.n_train // sizes.batch_size)
    epochs = []
    for step in reading.steps:
        updates = step / reading.lr
        if abs(updates / per_epoch - round(updates / per_epoch)) > 1e-9 or round(updates) < 1:
            raise ValueError(f"reading {reading.label!r}: summed step {step:g} at lr {reading.lr:g} is "
                             f"not a whole number of epochs of {per_epoch} updates")
        epochs.append(round(updates / per_epoch))
    key = {"kind": "protocol-map", "version": MEASURE_VERSION, "algorithm": ALGORITHM_VERSION,
           "reading": {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(reading).items()},
           "size": dataclasses.asdict(sizes) | {"seeds": None}, "seed": seed,
           "data": read_spins(rbm, "data", train)[1], "held_out": read_spins(rbm, "held_out", held)[1]}
    path = cache_directory() / f"protocol-map-{cache.key_digest(key)}.npz"
    found = cache.load(path, key)
    if found is None:
        cache.require_writable(path)
        stretches = train_in_stretches(
            rbm, train, (0, *epochs), sizes.batch_size, reading.lr, reading.k,
            checkpoint_dir=cache_directory(), file_name="protocol-stretch-{digest}.npz",
            progress=False, persistent=reading.persistent,
            hidden_statistics=reading.hidden_statistics, weight_decay=reading.weight_decay)
        measures = [measure_point(rbm, sizes.side, sizes.hidden_side, train, held) for _ in stretches]
        table = np.array([[found[name] for name in _NAMES] for found in measures])
        cache.store(path, {"table": table}, key)
    else:
        table = found[0]["table"]
    points = []
    for index, (step, row) in enumerate(zip((0.0, *reading.steps), table)):
        values = dict(zip(_NAMES, row))
        previous = table[index - 1][_NAMES.index("train_error")] if index else values["train_error"]
        points.append(Point(reading.label, reading.axis, reading.size, seed, step, reading.control,
                            values["kept_fraction"], values["ratio"], values["distance"],
                            int(values["block"]), values["coarse_ratio"], values["train_error"],
                            values["held_out_error"], values["gap_per_spin"], float(previous)))
    return points


@dataclass(frozen=True, eq=False)
class ProtocolMap:
    """Every point of the map, and which readings reproduce Fig. 1 where.

    Attributes
    ----------
    points : list of Point
    readings : list of Reading
    """

    points: list[Point]
    readings: list[Reading]

    def at(self, label: str, size: str, summed_step: float) -> list[Point]:
        """The points (one per seed) of reading ``label`` at ``size`` and ``summed_step``."""
        return [p for p in self.points if p.label == label and p.size == size
                and np.isclose(p.summed_step, summed_step)]

    def reproduces(self, label: str, size: str, summed_step: float, factor: float = 2.0,
                   tolerance: float = 0.05) -> bool:
        """Steep and converged in a majority of the seeds at this point (False if it has none)."""
        points = self.at(label, size, summed_step)
        return bool(points) and 2 * sum(p.is_steep(factor) and p.is_converged(tolerance)
                                        for p in points) > len(points)

    def majority_steep(self, label: str, size: str, summed_step: float, factor: float = 2.0) -> bool:
        """Steep (converged or not) in a majority of the seeds at this point."""
        points = self.at(label, size, summed_step)
        return bool(points) and 2 * sum(p.is_steep(factor) for p in points) > len(points)

    def stops(self) -> list[tuple[str, str, float]]:
        """Every (label, size, summed step) of the map, in order, the starts (step 0) included."""
        seen: dict[tuple[str, str, float], None] = {}
        for p in self.points:
            seen.setdefault((p.label, p.size, p.summed_step), None)
        return list(seen)

    def reproducing(self, include_control: bool = False, factor: float = 2.0,
                    tolerance: float = 0.05) -> list[tuple[str, str, float]]:
        """The trained stops (summed step > 0) that reproduce Fig. 1 (the control only if asked)."""
        control = {p.label for p in self.points if p.control}
        return [(label, size, step) for label, size, step in self.stops()
                if step > 0 and (include_control or label not in control)
                and self.reproduces(label, size, step, factor, tolerance)]

    def literal(self) -> list[tuple[str, str, float]]:
        """The literal protocol's last stops: each start's CD-1 run at the small size, longest summed step."""
        base = [r for r in self.readings if r.axis == "start and summed step" and r.size == "small"]
        return [(r.label, r.size, r.steps[-1]) for r in base]

    def median(self, label: str, size: str, summed_step: float, name: str) -> float:
        """The median over seeds of measure ``name`` at one stop."""
        return float(np.median([getattr(p, name) for p in self.at(label, size, summed_step)]))


@lru_cache(maxsize=None)
def protocol_map(profile: Profile, progress: bool | None = None) -> ProtocolMap:
    """The whole map for ``profile`` (each run cached; see :func:`run_reading`)."""
    profile = require_profile(profile)
    found = readings(profile)
    runs = [(reading, seed) for reading in found for seed in map_sizes(profile)[reading.size].seeds]
    for size in map_sizes(profile):
        map_data(profile, size)  # before one_thread (see there)
    points = []
    with one_thread():
        for reading, seed in tqdm(runs, desc="protocol map", unit="run", disable=not show_progress(progress)):
            points += run_reading(profile, reading, seed, progress)
    return ProtocolMap(points, found)


# ------------------------------------------------------------------ early growth
@dataclass(frozen=True, eq=False)
class Growth:
    """Measured and predicted early growth along the data's eigenvectors.

    Attributes
    ----------
    eigenvalues : numpy.ndarray
        Of the training data's second moment, descending.
    summed_steps : numpy.ndarray
        Of the stops.
    measured, predicted : numpy.ndarray, shape (n_stops, n_directions)
        Seed-averaged power m_k along each eigenvector, and its linear prediction.
    measured_rate, predicted_rate : numpy.ndarray
        Growth rates fitted to each (:func:`rglib.analysis.cd_linear.growth_rates`).
    n_hidden : int
    """

    eigenvalues: np.ndarray
    summed_steps: np.ndarray
    measured: np.ndarray
    predicted: np.ndarray
    measured_rate: np.ndarray
    predicted_rate: np.ndarray
    n_hidden: int

    @property
    def r_squared(self) -> float:
        """1 - sum (measured - predicted)**2 / sum (predicted - mean)**2 over the rates."""
        residual = np.sum((self.measured_rate - self.predicted_rate) ** 2)
        return float(1 - residual / np.sum((self.predicted_rate - self.predicted_rate.mean()) ** 2))

    @property
    def growing(self) -> int:
        """Directions the linear theory makes grow: eigenvalues above 1."""
        return int(np.sum(self.eigenvalues > 1))


@lru_cache(maxsize=None)
def early_growth(profile: Profile, progress: bool | None = None) -> Growth:
    """Train the small map's RBM from :data:`GROWTH_START` for every seed; compare with the linear theory."""
    profile = require_profile(profile)
    show_progress(progress)
    sizes = map_sizes(profile)["small"]
    train, _ = map_data(profile, "small")
    eigenvalues, vectors = np.linalg.eigh(second_moment(train))
    eigenvalues, vectors = eigenvalues[::-1], vectors[:, ::-1]
    per_epoch = -(-sizes.n_train // sizes.batch_size)
    stop_epochs = round(GROWTH_STOP / GROWTH_LR / per_epoch)
    epochs = tuple(range(0, round(GROWTH_SPAN / GROWTH_LR / per_epoch) + 1, stop_epochs))
    updates = np.array(epochs) * per_epoch
    with one_thread():
        measured, predicted = _growth_runs(sizes, train, epochs, vectors, eigenvalues, updates, progress)
    steps = updates * GROWTH_LR
    measured, predicted = np.mean(measured, axis=0), np.mean(predicted, axis=0)
    return Growth(eigenvalues, steps, measured, predicted, growth_rates(measured, steps),
                  growth_rates(predicted, steps), sizes.hidden_side**2)


def _growth_runs(sizes: MapSize, train: np.ndarray, epochs: tuple[int, ...], vectors: np.ndarray,
                 eigenvalues: np.ndarray, updates: np.ndarray,
                 progress: bool | None) -> tuple[list, list]:
    """Per seed: the measured and the predicted power at every stop of :func:`early_growth`."""
    measured, predicted = [], []
    for seed in tqdm(sizes.seeds, desc="early growth", unit="seed", disable=not show_progress(progress)):
        rbm = RBM(sizes.side**2, sizes.hidden_side**2, seed=seed)
        weight = start_weight(GROWTH_START, sizes.side, sizes.hidden_side, seed)
        set_parameters_(rbm, weight, np.zeros(rbm.n_visible), np.zeros(rbm.n_hidden))
        start = projected_power(rbm.weight.detach().double().numpy(), vectors)
        stretches = train_in_stretches(rbm, train, epochs, sizes.batch_size, GROWTH_LR,
                                       checkpoint_dir=cache_directory(),
                                       file_name="protocol-growth-{digest}.npz", progress=False)
        measured.append([projected_power(rbm.weight.detach().double().numpy(), vectors) for _ in stretches])
        predicted.append(linear_cd_power(eigenvalues, start, GROWTH_LR, sizes.batch_size,
                                         rbm.n_hidden, updates))
    return measured, predicted
