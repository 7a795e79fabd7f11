"""Section III's testable claims, as measurements.

- :func:`solvability` runs the paper's criterion: grow a random sample until
  the number of large covariance eigenvalues stops growing, record the
  eigenvectors, repeat, and see whether the repeats span the same subspace.
- :func:`noise_transmission` adds noise to inputs and measures how much of it
  reaches a layer's hidden output, for noise in the relevant (top singular)
  and in the irrelevant directions separately.
- :func:`split_networks` trains the same RBM on two disjoint halves of a data
  set; :func:`compare_networks` compares their relevant subspaces, their
  irrelevant parameters and their outputs on unseen data.

:func:`solvability_evidence`, :func:`noise_evidence` and :func:`split_evidence`
run them on the profile's data and network: the evidence of the claims of
Section III, whose judges are in :mod:`rglib.claims.section3`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch

from .. import artifacts
from ..analysis.alignment import alignment_eigenvalues
from ..datasets import ising as ising_data
from ..models.rbm import RBM, require_rbm
from ..profiles import Profile, require_profile
from ..runtime import cache
from ..runtime.validation import (
    require_finite_array, require_flag, require_integer, require_positive_finite, require_real,
)
from .network import subspace_k



def large_eigenvalue_count(samples: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Eigenvalues of the sample covariance above the Marchenko-Pastur edge of noise.

    "Large" means above ``s2 (1 + sqrt(p / n))**2``, the largest eigenvalue
    that ``n`` samples of ``p`` independent variables of variance ``s2`` (the
    mean variance of the columns) produce. Returns the count, all eigenvalues
    (descending) and the eigenvectors (columns, same order).
    """
    samples = _require_samples("samples", samples, min_rows=2)
    n, p = samples.shape
    covariance = np.cov(samples, rowvar=False)
    values, vectors = np.linalg.eigh(covariance)
    values, vectors = values[::-1], vectors[:, ::-1]
    edge = np.mean(np.diag(covariance)) * (1 + np.sqrt(p / n)) ** 2
    return int(np.sum(values > edge)), values, vectors


def stop_index(counts: list[int], growth_tolerance: float) -> int | None:
    """The first size at which the count of large eigenvalues has stopped growing, or None.

    It has stopped at index ``j`` when ``counts[j] <= (1 + growth_tolerance) * counts[j - 1]``
    (a doubling of the sample raises it by at most that fraction); the tolerance is a threshold
    of the claim ``sec3-solvability`` in :mod:`rglib.claims.catalogue`.

    Raises
    ------
    ValueError
        If ``counts`` is not a list of non-negative integers or ``growth_tolerance`` is negative.

    Examples
    --------
    >>> stop_index([3, 10, 10], 0.05), stop_index([3, 10, 11], 0.05), stop_index([3, 10, 11], 0.1)
    (2, None, 2)
    """
    if isinstance(counts, (str, bytes)) or not hasattr(counts, "__len__"):
        raise ValueError(f"counts must be a list of counts of large eigenvalues, got {counts!r}")
    counts = [require_integer(f"counts[{index}]", count, minimum=0) for index, count in enumerate(counts)]
    growth_tolerance = require_real("growth_tolerance", growth_tolerance)
    if growth_tolerance < 0:
        raise ValueError(f"growth_tolerance must be non-negative, got {growth_tolerance}")
    return next((j for j in range(1, len(counts)) if counts[j] <= (1 + growth_tolerance) * counts[j - 1]), None)


@dataclass(frozen=True)
class Solvability:
    """The outcome of the Section III criterion on one data set.

    Attributes
    ----------
    sizes : list of int
        The growing sample sizes tried.
    counts : list of list of int
        Per repeat, the count of large eigenvalues at each size.
    stopped : bool
        Whether, in every repeat, the count stopped growing before the sizes ran out.
    k : int
        The number of eigenvectors recorded (the count where it stopped; for
        a data set without one, the ``k`` given).
    alignments : list of float
        Mean alignment eigenvalue of each pair of repeats (1: same subspace).
    chance : float
        ``k / p``: the mean alignment of two random ``k``-dimensional subspaces.
    """

    sizes: list[int]
    counts: list[list[int]]
    stopped: bool
    k: int
    alignments: list[float]
    chance: float


def solvability(samples: np.ndarray, sizes: list[int], repeats: int = 3, seed: int = 0,
                k: int | None = None, *, growth_tolerance: float) -> Solvability:
    """Run the Section III criterion on ``samples`` (rows are flattened configurations).

    Each repeat draws ``max(sizes)`` rows at random without replacement, disjoint
    from the other repeats, and looks at its first ``n`` rows for each ``n``
    in ``sizes``. The eigenvectors of the large eigenvalues at the size where
    the count first stops growing (at most ``growth_tolerance`` more on
    doubling, :func:`stop_index`) are recorded; every pair of repeats is compared by the mean of
    the alignment eigenvalues of Eq. (1). ``k`` overrides the number of
    eigenvectors compared (for a control whose count never becomes positive).
    """
    samples = _require_samples("samples", samples, min_rows=2)
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) == 0:
        raise ValueError(f"sizes must be a non-empty list of sample sizes, got {sizes!r}")
    sizes = [require_integer(f"sizes[{index}]", size, minimum=2) for index, size in enumerate(sizes)]
    repeats = require_integer("repeats", repeats, minimum=2)
    seed = require_integer("seed", seed, minimum=0)
    if k is not None:
        k = require_integer("k", k, minimum=1)
        if k > samples.shape[1]:
            raise ValueError(f"k must be at most the {samples.shape[1]} columns of samples, got {k}")
    if not 0 <= require_real("growth_tolerance", growth_tolerance):
        raise ValueError(f"growth_tolerance must be non-negative, got {growth_tolerance}")
    if repeats * max(sizes) > len(samples):
        raise ValueError(f"repeats * max(sizes) = {repeats * max(sizes)} exceeds the {len(samples)} samples")
    order = np.random.default_rng(seed).permutation(len(samples))
    counts, subspaces, stopped, recorded = [], [], True, []
    for repeat in range(repeats):
        draw = samples[order[repeat * max(sizes):(repeat + 1) * max(sizes)]]
        found = [large_eigenvalue_count(draw[:n]) for n in sizes]
        repeat_counts = [count for count, _, _ in found]
        counts.append(repeat_counts)
        stop = stop_index(repeat_counts, growth_tolerance)
        stopped &= stop is not None
        index = stop if stop is not None else len(sizes) - 1
        recorded.append(repeat_counts[index])
        subspaces.append(found[index][2])
    k = k if k is not None else max(1, int(np.median(recorded)))
    alignments = [float(np.mean(_alignment(subspaces[a][:, :k], subspaces[b][:, :k])))
                  for a in range(repeats) for b in range(a + 1, repeats)]
    return Solvability(list(sizes), counts, stopped and min(recorded) > 0, k, alignments, k / samples.shape[1])


def _alignment(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Squared singular values of ``first.T @ second``: the non-zero eigenvalues of Eq. (1)."""
    return np.linalg.svd(first.T @ second, compute_uv=False) ** 2


def top_visible_vectors(weight: np.ndarray, k: int) -> np.ndarray:
    """The top-``k`` visible (left) singular vectors of ``weight``, as columns."""
    weight = require_finite_array("weight", weight, ndim=2)
    _require_k(k, min(weight.shape), "min(weight.shape)")
    return np.linalg.svd(weight, full_matrices=False)[0][:, :k]


@dataclass(frozen=True)
class NoiseTransmission:
    """Gain ``|h(v + d) - h(v)| / |d|`` for noise ``d`` of each strength, by direction."""

    strengths: np.ndarray
    relevant: np.ndarray
    irrelevant: np.ndarray
    isotropic: np.ndarray

    @property
    def ratio(self) -> np.ndarray:
        """Irrelevant over relevant gain, per strength (0: irrelevant noise rejected)."""
        return self.irrelevant / self.relevant


def noise_transmission(rbm: RBM, inputs: np.ndarray, k: int, strengths, seed: int = 0) -> NoiseTransmission:
    """How much input noise reaches the hidden output ``tanh(v W + b_h)``.

    Gaussian noise of norm ``strength * |v|`` is added to each input, either
    as drawn (isotropic), or projected onto the span of the top-``k`` visible
    singular vectors (relevant), or onto its orthogonal complement
    (irrelevant), and rescaled to the same norm. The gain is the mean over
    inputs of ``|h(v + d) - h(v)| / |d|``.
    """
    require_rbm(rbm)
    inputs = _require_samples("inputs", inputs, columns=rbm.n_visible)
    if not np.all(np.any(inputs != 0, axis=1)):
        raise ValueError("inputs must not hold an all-zero row: noise is scaled by each input's norm")
    _require_k(k, rbm.n_hidden, "rbm.n_hidden")
    if isinstance(strengths, (str, bytes)) or not hasattr(strengths, "__iter__"):
        raise ValueError(f"strengths must be a list of positive numbers, got {strengths!r}")
    strengths = [require_positive_finite(f"strengths[{i}]", value) for i, value in enumerate(strengths)]
    if not strengths:
        raise ValueError("strengths must hold at least one noise strength")
    seed = require_integer("seed", seed, minimum=0)
    weight = rbm.weight.detach().cpu().double().numpy()
    hidden_bias = rbm.hidden_bias.detach().cpu().double().numpy()

    def hidden(v: np.ndarray) -> np.ndarray:  # Eq. (A10)'s mean, for inputs off the +-1 corners too
        return np.tanh(v @ weight + hidden_bias)

    basis = top_visible_vectors(weight, k)
    inputs = np.asarray(inputs, dtype=np.float64)
    rng = np.random.default_rng(seed)
    clean = hidden(inputs)
    gains = {"relevant": [], "irrelevant": [], "isotropic": []}
    for strength in strengths:
        noise = rng.standard_normal(inputs.shape)
        relevant = noise @ basis @ basis.T
        directions = {"relevant": relevant, "irrelevant": noise - relevant, "isotropic": noise}
        for name, direction in directions.items():
            scale = strength * np.linalg.norm(inputs, axis=1, keepdims=True) / np.linalg.norm(direction, axis=1,
                                                                                              keepdims=True)
            delta = direction * scale
            noisy = hidden(inputs + delta)
            gains[name].append(float(np.mean(np.linalg.norm(noisy - clean, axis=1)
                                             / np.linalg.norm(delta, axis=1))))
    return NoiseTransmission(np.asarray(strengths, dtype=float), *(np.array(gains[n]) for n in
                                                                   ("relevant", "irrelevant", "isotropic")))


def split_networks(L: int, hidden_side: int, temperature: float, n_samples: int, *, epochs: int,
                   batch_size: int, lr: float, seed: int, checkpoint_dir: Path | None = None,
                   progress: bool | None = None) -> tuple[RBM, RBM, np.ndarray]:
    """Two RBMs, from the same initial weights, trained on the two disjoint halves of one data set.

    Returns both networks and ``n_samples // 5`` unseen samples (another seed).
    Trained weights are checkpointed in ``checkpoint_dir`` (resumed, or loaded
    when complete), one file per half named after its run.
    """
    L = require_integer("L", L, minimum=4)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    if hidden_side >= L:
        raise ValueError(f"hidden_side must be smaller than L = {L}, got {hidden_side}")
    require_positive_finite("temperature", temperature)
    n_samples = require_integer("n_samples", n_samples, minimum=10)  # two halves and n_samples // 5 unseen
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        require_integer(name, value, minimum=1)
    require_positive_finite("lr", lr)
    require_integer("seed", seed, minimum=0)
    if checkpoint_dir is not None and not isinstance(checkpoint_dir, (str, os.PathLike)):
        raise TypeError(
            f"checkpoint_dir must be a str or os.PathLike (or None), got {type(checkpoint_dir).__name__}"
        )
    require_flag("progress", progress, allow_none=True)
    spins = ising_data.samples(L, temperature, n_samples, seed=seed, progress=progress).reshape(n_samples, -1)
    unseen = ising_data.samples(L, temperature, n_samples // 5, seed=seed + 1, progress=progress).reshape(-1, L * L)
    halves = (spins[: n_samples // 2], spins[n_samples // 2:])
    networks = []
    for index, half in enumerate(halves):
        rbm = RBM(L * L, hidden_side**2, seed=seed)
        path = None
        if checkpoint_dir is not None:
            key = {"kind": "split-half", "L": L, "hidden": hidden_side, "T": temperature, "n": n_samples,
                   "half": index, "epochs": epochs, "batch": batch_size, "lr": repr(lr), "seed": seed}
            path = Path(checkpoint_dir) / f"split-half{index}-{cache.key_digest(key)}.npz"
        networks.append(rbm.fit(half, epochs, batch_size, lr, checkpoint_path=path, progress=progress))
    return networks[0], networks[1], unseen


@dataclass(frozen=True)
class NetworkComparison:
    """Two networks trained on disjoint halves, compared."""

    k: int
    relevant_alignment: np.ndarray
    irrelevant_alignment: np.ndarray
    irrelevant_chance: float
    free_energy_correlation: float
    reconstruction_difference: float


def compare_networks(first: RBM, second: RBM, unseen: np.ndarray, k: int) -> NetworkComparison:
    """Relevant subspaces, irrelevant parameters and outputs on ``unseen`` data of two RBMs.

    ``relevant_alignment``: alignment eigenvalues (Eq. 1) of the two top-``k``
    visible singular subspaces. ``irrelevant_alignment``: the same for the
    next ``n_hidden - k`` singular vectors, whose chance level is
    ``(n_hidden - k) / n_visible``. On unseen data: the correlation of the two
    free energies (equal up to a constant when the distributions agree) and
    the relative difference of the mean-field reconstructions.
    """
    require_rbm(first, "first")
    require_rbm(second, "second")
    if (second.n_visible, second.n_hidden) != (first.n_visible, first.n_hidden):
        raise ValueError(f"second must have the shape of first, {first.n_visible} -> {first.n_hidden}, "
                         f"got {second.n_visible} -> {second.n_hidden}")
    unseen = _require_samples("unseen", unseen, columns=first.n_visible, spins=True)
    _require_k(k, first.n_hidden - 1, "first.n_hidden - 1 (the rest are the irrelevant directions)")
    weights = [net.weight.detach().cpu().double().numpy() for net in (first, second)]
    bases = [np.linalg.svd(w, full_matrices=False)[0] for w in weights]
    n_visible, n_hidden = weights[0].shape
    unseen = np.asarray(unseen, dtype=np.float64)
    with torch.no_grad():
        free = [net.free_energy(unseen).double().cpu().numpy() for net in (first, second)]
        recon = [net.reconstruct(unseen).double().cpu().numpy() for net in (first, second)]
    return NetworkComparison(
        k=k,
        relevant_alignment=_alignment(bases[0][:, :k], bases[1][:, :k]),
        irrelevant_alignment=_alignment(bases[0][:, k:n_hidden], bases[1][:, k:n_hidden]),
        irrelevant_chance=(n_hidden - k) / n_visible,
        free_energy_correlation=float(np.corrcoef(free[0], free[1])[0, 1]),
        reconstruction_difference=float(np.linalg.norm(recon[0] - recon[1]) / np.linalg.norm(recon[0])),
    )


def data_subspace_alignment(rbm: RBM, samples: np.ndarray, k: int) -> np.ndarray:
    """:func:`rglib.analysis.alignment.alignment_eigenvalues` of ``rbm`` against ``samples``."""
    require_rbm(rbm)
    samples = _require_samples("samples", samples, columns=rbm.n_visible, min_rows=2)
    _require_k(k, rbm.n_hidden, "rbm.n_hidden")
    return alignment_eigenvalues(rbm.weight.detach().cpu().double().numpy(), samples, k)


def _require_k(k, largest: int, what: str) -> int:
    k = require_integer("k", k, minimum=1)
    if k > largest:
        raise ValueError(f"k must be at most {what} = {largest}, got {k}")
    return k


def _require_samples(name: str, values, *, columns: int | None = None, min_rows: int = 1,
                     spins: bool = False) -> np.ndarray:
    """``values`` as a finite float64 matrix (rows are samples), or ValueError naming ``name``."""
    array = require_finite_array(name, values, ndim=2)
    if len(array) < min_rows or array.shape[1] < 1 or (columns is not None and array.shape[1] != columns):
        expected = f"(n >= {min_rows}, {columns if columns is not None else 'p >= 1'})"
        raise ValueError(f"{name} must have shape {expected}, got {array.shape}")
    if spins and not np.all(np.abs(array) == 1):
        raise ValueError(f"{name} must hold +-1 spins")
    return array


# ------------------------------------------------- the evidence of the claims of Section III
#: Noise strengths, as fractions of the input's norm.
NOISE_STRENGTHS = (0.05, 0.1, 0.2, 0.4)


#: Held-out inputs the noise is added to.
NOISE_INPUTS = 500


#: Repeats of the solvability criterion (the paper: "repeated", at least twice).
SOLVABILITY_REPEATS = 2


#: The control of the solvability criterion: independent +-1 spins (the T = infinity limit).
CONTROL_SEED = 5


def solvability_sizes(n_visible: int, n_samples: int, repeats: int = SOLVABILITY_REPEATS) -> list[int]:
    """Sample sizes ``n_visible / 4 * 2**j`` up to ``n_samples / repeats`` (disjoint repeats)."""
    n_visible = require_integer("n_visible", n_visible, minimum=1)
    n_samples = require_integer("n_samples", n_samples, minimum=1)
    repeats = require_integer("repeats", repeats, minimum=2)
    sizes, size = [], max(2, n_visible // 4)
    while size <= n_samples // repeats:
        sizes.append(size)
        size *= 2
    return sizes


@dataclass(frozen=True, eq=False)
class SolvabilityEvidence:
    """The criterion on the Ising training data and on the control."""

    ising: Solvability
    control: Solvability


@lru_cache(maxsize=None)
def solvability_evidence(profile: Profile, growth_tolerance: float) -> SolvabilityEvidence:
    """Run the Section III criterion on the training set and on independent +-1 spins of its shape, the
    count stopped where a doubling raises it by at most ``growth_tolerance`` (the claim's threshold)."""
    spins, _ = artifacts.training_set(profile)
    samples = spins.reshape(len(spins), -1).astype(np.float64)
    sizes = solvability_sizes(samples.shape[1], len(samples))
    ising = solvability(samples, sizes, repeats=SOLVABILITY_REPEATS, seed=profile.ising.seed,
                        growth_tolerance=growth_tolerance)
    control_samples = np.random.default_rng(CONTROL_SEED).choice([-1.0, 1.0], size=samples.shape)
    control = solvability(control_samples, sizes, repeats=SOLVABILITY_REPEATS,
                          seed=profile.ising.seed, k=ising.k, growth_tolerance=growth_tolerance)
    return SolvabilityEvidence(ising, control)


@dataclass(frozen=True, eq=False)
class NoiseEvidence:
    """Noise transmission of the trained single RBM and of its initial weights."""

    k: int
    trained: NoiseTransmission
    initial: NoiseTransmission


@lru_cache(maxsize=None)
def noise_evidence(profile: Profile) -> NoiseEvidence:
    """Add noise to held-out inputs and measure what reaches the hidden output."""
    rbm = artifacts.single_rbm(profile)
    initial = RBM(rbm.n_visible, rbm.n_hidden, seed=profile.ising.seed)
    inputs = artifacts.held_out_set(profile)[:NOISE_INPUTS]
    k = subspace_k(profile)
    return NoiseEvidence(k, noise_transmission(rbm, inputs, k, NOISE_STRENGTHS),
                         noise_transmission(initial, inputs, k, NOISE_STRENGTHS))


def split_sizes(profile: Profile) -> tuple[int, int, int]:
    """Lattice sides and epochs of the split test.

    For ``ci``, a 16 -> 8 stand-in trained for a quarter of the profile's epochs
    (two trainings of the ci network do not fit in its time budget); for other
    profiles, the profile's own network and epochs.
    """
    if require_profile(profile).name == "ci":
        return 16, 8, max(1, profile.rbm.epochs // 4)
    return profile.ising.lattice_size, profile.rbm.hidden_size, profile.rbm.epochs


@lru_cache(maxsize=None)
def split_evidence(profile: Profile) -> NetworkComparison:
    """Train the same RBM on both halves of a data set and compare the two."""
    L, L_h, epochs = split_sizes(profile)
    first, second, unseen = split_networks(
        L, L_h, profile.ising.temperature, profile.ising.n_samples, epochs=epochs,
        batch_size=profile.rbm.batch_size, lr=profile.rbm.learning_rate, seed=profile.ising.seed,
        checkpoint_dir=cache.cache_directory())
    return compare_networks(first, second, unseen, round(200 / 1600 * L_h * L_h))


@lru_cache(maxsize=None)
def start_split_evidence(profile: Profile) -> NetworkComparison:
    """:func:`split_evidence` of the two halves' starting weights (the same Xavier weights for both)."""
    L, L_h, _ = split_sizes(profile)
    unseen = ising_data.samples(L, profile.ising.temperature, profile.ising.n_samples // 5,
                                seed=profile.ising.seed + 1).reshape(-1, L * L)
    start = RBM(L * L, L_h**2, seed=profile.ising.seed)
    return compare_networks(start, start, unseen, round(200 / 1600 * L_h * L_h))


@lru_cache(maxsize=None)
def start_noise_evidence(profile: Profile) -> NoiseEvidence:
    """:func:`noise_evidence` with the initial weights in place of the trained ones (a control)."""
    evidence = noise_evidence(profile)
    return NoiseEvidence(evidence.k, evidence.initial, evidence.initial)
