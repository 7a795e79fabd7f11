"""Dropping a trained RBM's irrelevant modes (Section II A): held-out performance against modes kept.

Section II A reads the trained weight ``W = sum_I s_I u_I v_I^T`` through its
singular modes: those of the small singular values "are irrelevant and should
simply be dropped. Dropping these does not affect the performance of the
network." Two ways of dropping are measured here, the biases left as trained:

* **top k** (:func:`truncated_rbm`): keep the ``k`` largest singular modes,
  ``W_k = sum_{I <= k} s_I u_I v_I^T``; ``k = 0`` is the bias-only model and
  ``k = min(n_visible, n_hidden)`` the network itself (up to rounding);
* **top k, low-passed** (``low_pass=True``): in addition, every visible singular
  vector keeps only the Fourier modes inside the hidden lattice's band,
  ``|k_x|, |k_y| <= L_h // 2`` (the modes
  :func:`rglib.analysis.fourier.discard_high_modes` keeps): ``W_k -> P W_k``
  with ``P`` the projector on those visible fields (idea 2 of Section II A,
  with the band of the hidden lattice as the cutoff).

:func:`drop_modes` measures, for each ``k`` of a grid, the held-out mean-field
reconstruction error ``mean((m - E[v | h = E[h | m]])**2)`` (the measure of
Tables I-III, :func:`rglib.models.reconstruction.reconstruction_error`) and the free-energy gap
``<F>_held-out - <F>_train``, in which the partition function cancels (the
overfitting monitor of the training chapter). Both networks are evaluated in
float64.

:func:`cached_drop_modes` is :func:`drop_modes` with its result stored on disk
(:mod:`rglib.runtime.cache`), keyed by the network's parameters, the data, the grid,
the device and :data:`MODE_DROPPING_VERSION`, so the chapters that judge the
claim in separate processes compute it once. :func:`mode_dropping_evidence` runs it on the
Ising RBM of Section II A and the MNIST RBM of Section II B: the evidence of the claim, whose
judge is in :mod:`rglib.claims.mode_dropping`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np
import scipy.linalg
import torch
from numpy.typing import ArrayLike

from .. import artifacts
from ..datasets import DatasetUnavailableError
from ..models.rbm import RBM, require_rbm
from ..models import rgm
from ..profiles import Profile, require_profile
from ..runtime import cache
from ..runtime.validation import require_finite_array, require_flag, require_integer, require_real

__all__ = ["MODE_DROPPING_VERSION", "DroppedModes", "cached_drop_modes",
           "default_grid", "drop_modes", "mode_dropping_evidence", "relevant_count", "truncated_rbm"]

#: Version of what :func:`drop_modes` computes, in the key of :func:`cached_drop_modes`' files:
#: bump when what drop_modes computes changes (its measures, grid, precision or record fields).
MODE_DROPPING_VERSION = 1

#: The relevant fraction of every cache file written before the fraction was an argument (the
#: paper's 20 %); a file at this fraction keeps its old key, so those files are still found.
_UNKEYED_FRACTION = 0.2
#: Points of the geometric part of :func:`default_grid`.
_GRID_POINTS = 16


@dataclass(frozen=True, eq=False)
class DroppedModes:
    """Held-out performance of an RBM as its weight keeps fewer singular modes.

    Attributes
    ----------
    kept : numpy.ndarray of int, shape (m,)
        The numbers ``k`` of modes kept, descending; ``kept[0]`` is the rank
        ``min(n_visible, n_hidden)`` (the whole network) and the last is 0.
    singular_values : numpy.ndarray
        Every singular value of the weight, descending.
    relevant : int
        Singular values of at least the relevant fraction of the largest
        (:func:`relevant_count`; the fraction is the claim's ``cut``, passed in
        by :mod:`rglib.claims.catalogue`); always one of ``kept``.
    errors, low_passed_errors : numpy.ndarray, shape (m,)
        Held-out mean-field reconstruction error with the top ``k`` modes, and
        with them low-passed to the hidden lattice's band.
    error_standard_error : float
        Standard error of the whole network's held-out error: the standard
        deviation of the per-sample errors over ``sqrt(n_held_out)``.
    gaps, low_passed_gaps : numpy.ndarray, shape (m,)
        ``<F>_held-out - <F>_train`` of the same networks.
    gap_standard_error : float
        Standard error of the whole network's gap.
    n_held_out : int
        Held-out samples.
    """

    kept: np.ndarray
    singular_values: np.ndarray
    relevant: int
    errors: np.ndarray
    low_passed_errors: np.ndarray
    error_standard_error: float
    gaps: np.ndarray
    low_passed_gaps: np.ndarray
    gap_standard_error: float
    n_held_out: int

    @property
    def full_error(self) -> float:
        """The held-out error of the whole network (``k`` = rank, not low-passed)."""
        return float(self.errors[0])


def relevant_count(singular_values: ArrayLike, fraction: float) -> int:
    """How many singular values are at least ``fraction`` of the largest.

    The paper keeps "the largest 200 singular values (which amounts to dropping
    singular values less than 20% of the largest)"; the claim's ``cut`` in
    :mod:`rglib.claims.catalogue` is that 20 %.

    Raises
    ------
    ValueError
        If ``singular_values`` is not a finite 1-D array of non-negative numbers
        with a positive largest value, or ``fraction`` is not in ``(0, 1]``.

    Examples
    --------
    >>> relevant_count([5.0, 2.0, 1.0, 0.9], 0.2)  # at least 20 % of 5
    3
    """
    values = require_finite_array("singular_values", singular_values, ndim=1)
    if not len(values) or values.min() < 0 or values.max() == 0:
        raise ValueError("singular_values must be non-negative with a positive largest value")
    return int(np.count_nonzero(values >= _require_fraction("fraction", fraction) * values.max()))


def _require_fraction(name: str, fraction: float) -> float:
    """``fraction`` as a float, or ValueError naming ``name`` unless it is in ``(0, 1]``."""
    fraction = require_real(name, fraction)
    if not 0 < fraction <= 1:
        raise ValueError(f"{name} (the relevant fraction of the largest singular value) must be in "
                         f"(0, 1], got {fraction!r}")
    return fraction


def default_grid(rank: int, relevant: int) -> np.ndarray:
    """The numbers of modes measured: 0, ``relevant``, ``rank`` and 16 geometric steps, descending.

    Raises
    ------
    ValueError
        If ``rank`` is not a positive integer or ``relevant`` not in ``0 .. rank``.

    Examples
    --------
    >>> default_grid(8, 3).tolist()
    [8, 7, 6, 5, 4, 3, 2, 1, 0]
    """
    rank = require_integer("rank", rank, minimum=1)
    relevant = require_integer("relevant", relevant, minimum=0)
    if relevant > rank:
        raise ValueError(f"relevant must be at most rank = {rank}, got {relevant}")
    steps = np.round(np.geomspace(1, rank, _GRID_POINTS)).astype(int)
    return np.unique(np.concatenate([[0, relevant, rank], steps]))[::-1]


def _sides(rbm: RBM) -> tuple[int, int]:
    """The visible and hidden lattice sides of ``rbm`` (both square, hidden no larger)."""
    sides = math.isqrt(rbm.n_visible), math.isqrt(rbm.n_hidden)
    if sides[0] ** 2 != rbm.n_visible or sides[1] ** 2 != rbm.n_hidden or sides[1] > sides[0]:
        raise ValueError(f"rbm must map a square visible lattice to a square hidden one no larger, "
                         f"got {rbm.n_visible} -> {rbm.n_hidden} units")
    return sides


@dataclass(frozen=True, eq=False)
class _Modes:
    """The singular value decomposition of an RBM's weight, with its biases and lattice sides."""

    left: np.ndarray
    values: np.ndarray
    right: np.ndarray
    visible_bias: np.ndarray
    hidden_bias: np.ndarray
    visible_side: int
    hidden_side: int
    device: str

    @classmethod
    def of(cls, rbm: RBM) -> _Modes:
        visible_side, hidden_side = _sides(rbm)
        weight = rbm.weight.detach().cpu().double().numpy()
        left, values, right = scipy.linalg.svd(weight, full_matrices=False)
        return cls(left, values, right, rbm.visible_bias.detach().cpu().double().numpy(),
                   rbm.hidden_bias.detach().cpu().double().numpy(), visible_side, hidden_side,
                   rbm.device)

    def rbm(self, k: int, low_pass: bool) -> RBM:
        """The float64 RBM with the top ``k`` modes (low-passed visible vectors if ``low_pass``)."""
        weight = (self.left[:, :k] * self.values[:k]) @ self.right[:k]
        if low_pass:
            weight = rgm.low_pass(weight.T, self.visible_side, self.hidden_side // 2).T
        return RBM(len(self.left), len(self.right), weight=weight, visible_bias=self.visible_bias,
                   hidden_bias=self.hidden_bias, device=self.device, dtype=torch.float64)


def truncated_rbm(rbm: RBM, k: int, *, low_pass: bool = False) -> RBM:
    """``rbm`` with only the top ``k`` singular modes of its weight (and its own biases), in float64.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
        A square visible lattice mapped to a square hidden one no larger.
    k : int
        Modes kept, ``0 .. min(n_visible, n_hidden)``; 0 leaves the biases alone.
    low_pass : bool
        Also keep only the visible Fourier modes ``|k_x|, |k_y| <= L_h // 2``
        of every visible singular vector.

    Returns
    -------
    rglib.models.rbm.RBM
        A new network on ``rbm``'s device; ``rbm`` is unchanged.

    Raises
    ------
    ValueError
        Naming ``rbm`` (not an RBM of square lattices), ``k`` (not an integer
        in range) or ``low_pass`` (not a bool).

    Examples
    --------
    >>> from rglib.models.rbm import RBM
    >>> rbm = RBM(16, 4, seed=0)
    >>> float(truncated_rbm(rbm, 0).weight.abs().max())
    0.0
    """
    require_rbm(rbm)
    _sides(rbm)
    k = require_integer("k", k, minimum=0)
    rank = min(rbm.n_visible, rbm.n_hidden)
    if k > rank:
        raise ValueError(f"k must be at most min(n_visible, n_hidden) = {rank}, got {k}")
    return _Modes.of(rbm).rbm(k, require_flag("low_pass", low_pass))


def _states(name: str, values: ArrayLike, rbm: RBM, means: bool = False) -> np.ndarray:
    """``values`` as a float64 (n, n_visible) array of +-1 states (of unit means in [-1, 1])."""
    array = require_finite_array(name, values, ndim=2)
    allowed = np.abs(array) <= 1 if means else np.abs(array) == 1
    if array.shape[1] != rbm.n_visible or len(array) < 2 or not allowed.all():
        kind = "unit means in [-1, 1]" if means else "+-1 states"
        raise ValueError(f"{name} must hold at least 2 rows of {rbm.n_visible} {kind}, got shape "
                         f"{array.shape}")
    return array


def _measure(rbm: RBM, means: torch.Tensor, held: torch.Tensor, train: torch.Tensor) -> tuple[
        np.ndarray, np.ndarray, np.ndarray]:
    """Per-sample held-out errors, held-out free energies and training free energies."""
    with torch.no_grad():
        errors = ((means - rbm.visible_mean(rbm.hidden_mean(means))) ** 2).mean(dim=1)
        return tuple(x.cpu().numpy() for x in (errors, rbm.free_energy(held), rbm.free_energy(train)))


def _arguments(rbm: RBM, held_out: ArrayLike, held_out_states: ArrayLike, train_states: ArrayLike,
               kept: ArrayLike | None) -> tuple[list[np.ndarray], np.ndarray | None]:
    """:func:`drop_modes`' arguments checked: the three data arrays in float64, and ``kept`` (or None)."""
    require_rbm(rbm)
    _sides(rbm)
    arrays = [_states("held_out", held_out, rbm, means=True),
              _states("held_out_states", held_out_states, rbm), _states("train_states", train_states, rbm)]
    if kept is None:
        return arrays, None
    rank = min(rbm.n_visible, rbm.n_hidden)
    values = np.asarray(kept)
    if values.ndim != 1 or not np.issubdtype(values.dtype, np.integer) or values.min(initial=0) < 0 \
            or values.max(initial=0) > rank:
        raise ValueError(f"kept must be a 1-D array of integers in 0 .. {rank}, got {kept!r}")
    return arrays, values


def drop_modes(rbm: RBM, held_out: ArrayLike, held_out_states: ArrayLike, train_states: ArrayLike,
               kept: ArrayLike | None = None, *, relevant_fraction: float) -> DroppedModes:
    """Held-out reconstruction error and free-energy gap as the weight keeps fewer modes.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
        The trained network: a square visible lattice mapped to a square hidden one no larger.
    held_out : array_like, shape (n, n_visible)
        Held-out unit means in [-1, 1] (+-1 spins, or ``2 p - 1`` of grey
        images), whose reconstruction error is measured.
    held_out_states, train_states : array_like, shape (n', n_visible)
        +-1 states of held-out and of training data for the free-energy gap
        (for images, one +-1 draw of each image).
    kept : array_like of int, optional
        The numbers of modes, each in ``0 .. rank``. Default:
        :func:`default_grid` of the rank and :func:`relevant_count`. The rank
        (the reference) and the relevant count are always measured too.
    relevant_fraction : float
        The relevant singular values are those of at least this fraction of
        the largest (:func:`relevant_count`), in ``(0, 1]``.

    Returns
    -------
    DroppedModes

    Raises
    ------
    ValueError
        Naming the argument: ``rbm`` not an RBM of square lattices; data of the
        wrong shape or range (fewer than 2 rows); ``kept`` not integers in range;
        ``relevant_fraction`` not in ``(0, 1]``.
    """
    arrays, values = _arguments(rbm, held_out, held_out_states, train_states, kept)
    _require_fraction("relevant_fraction", relevant_fraction)
    rank = min(rbm.n_visible, rbm.n_hidden)
    modes = _Modes.of(rbm)
    relevant = relevant_count(modes.values, relevant_fraction)
    grid = default_grid(rank, relevant) if values is None else \
        np.unique(np.concatenate([values, [rank, relevant]]))[::-1]
    means, held, train = (torch.as_tensor(a, dtype=torch.float64, device=rbm.device) for a in arrays)
    measured = {low_pass: [_measure(modes.rbm(int(k), low_pass), means, held, train) for k in grid]
                for low_pass in (False, True)}
    errors, held_f, train_f = measured[False][0]
    return DroppedModes(
        kept=grid, singular_values=modes.values, relevant=relevant,
        errors=np.array([e.mean() for e, _, _ in measured[False]]),
        low_passed_errors=np.array([e.mean() for e, _, _ in measured[True]]),
        error_standard_error=float(errors.std(ddof=1) / np.sqrt(len(errors))),
        gaps=np.array([h.mean() - t.mean() for _, h, t in measured[False]]),
        low_passed_gaps=np.array([h.mean() - t.mean() for _, h, t in measured[True]]),
        gap_standard_error=float(np.sqrt(held_f.var(ddof=1) / len(held_f) + train_f.var(ddof=1) / len(train_f))),
        n_held_out=len(errors),
    )


#: The fields of DroppedModes that are plain numbers, stored as 0-d arrays (bit for bit).
_SCALARS = {"relevant": int, "error_standard_error": float, "gap_standard_error": float, "n_held_out": int}


def _digest(*arrays: np.ndarray) -> str:
    """SHA-256 of the dtype, shape and bytes of each of ``arrays``."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(str((array.dtype.str, array.shape)).encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def _key(rbm: RBM, arrays: list[np.ndarray], kept: np.ndarray | None, relevant_fraction: float) -> dict:
    """Everything that determines :func:`drop_modes`' result, for its cache file (the relevant fraction
    only where it is not :data:`_UNKEYED_FRACTION`, the one of every file written before it was keyed)."""
    parameters = (p.detach().cpu().numpy() for p in (rbm.weight, rbm.visible_bias, rbm.hidden_bias))
    return {
        "kind": "mode-dropping", "version": MODE_DROPPING_VERSION,
        "n_visible": rbm.n_visible, "n_hidden": rbm.n_hidden, "parameters": _digest(*parameters),
        "parameter_dtype": str(rbm.dtype), "evaluation_dtype": "float64", "device": rbm.device,
        **{name: _digest(array)
           for name, array in zip(("held_out", "held_out_states", "train_states"), arrays)},
        "kept": None if kept is None else sorted({int(k) for k in kept}),
        **({} if relevant_fraction == _UNKEYED_FRACTION else {"relevant_fraction": float(relevant_fraction)}),
    }


def cached_drop_modes(rbm: RBM, held_out: ArrayLike, held_out_states: ArrayLike, train_states: ArrayLike,
                      kept: ArrayLike | None = None, *, relevant_fraction: float) -> DroppedModes:
    """:func:`drop_modes`, its result read from or stored in the cache folder.

    The file (``mode-dropping-<digest>.npz`` in
    :func:`rglib.runtime.cache.cache_directory`) is keyed by a digest of the network's
    weight and biases (values, dtypes and shapes), its sizes, digests of the
    three data arrays (as float64, what is evaluated), the requested ``kept``
    (None for the default grid), the relevant fraction, the device, the
    evaluation precision and :data:`MODE_DROPPING_VERSION`. A file of another key, or a corrupt one, is
    discarded with a :class:`rglib.runtime.cache.CorruptCacheWarning` and the result
    recomputed. The result read back equals the computed one bit for bit.

    Parameters and Raises are those of :func:`drop_modes` (checked before any
    file is touched); in addition :class:`rglib.runtime.cache.CacheAccessError` if
    the cache folder cannot be read or written.
    """
    arrays, values = _arguments(rbm, held_out, held_out_states, train_states, kept)
    key = _key(rbm, arrays, values, _require_fraction("relevant_fraction", relevant_fraction))
    path = cache.cache_directory() / f"mode-dropping-{cache.key_digest(key)}.npz"
    found = cache.load(path, key)
    if found is not None and set(found[0]) == {f.name for f in fields(DroppedModes)}:
        stored = found[0]
        return DroppedModes(**{name: _SCALARS[name](value[()]) if name in _SCALARS else value
                               for name, value in stored.items()})
    cache.require_writable(path)
    result = drop_modes(rbm, *arrays, kept=values, relevant_fraction=relevant_fraction)
    cache.store(path, {f.name: np.asarray(getattr(result, f.name)) for f in fields(DroppedModes)}, key)
    return result


@lru_cache(maxsize=4)
def mode_dropping_evidence(profile: Profile, relevant_fraction: float) -> dict[str, DroppedModes | str]:
    """:func:`drop_modes` of the Ising and the MNIST RBM (or why MNIST is missing), the relevant
    singular values those of at least ``relevant_fraction`` of the largest (the claim's ``cut``).

    Each result is read from the cache folder when there
    (:func:`cached_drop_modes`, keyed by the network's
    parameters and the data), so the chapters that judge the claim, each in its
    own process, compute it once.

    The free-energy gaps compare the held-out samples with as many training
    samples, as the training and image chapters do. Ising: the single RBM, its
    held-out samples, and the first as many training samples. MNIST: the image
    RBM and its held-out digits' unit means; the free energies are of one +-1
    draw of every held-out digit and of as many training digits (a seeded random
    subset; generator and subset seeded with the image profile's seed).

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    ValueError
        If ``relevant_fraction`` is not in ``(0, 1]``.
    """
    require_profile(profile)
    _require_fraction("relevant_fraction", relevant_fraction)
    rbm = artifacts.single_rbm(profile)
    held_out = artifacts.held_out_set(profile)
    training, _ = artifacts.training_set(profile)
    train_subset = training.reshape(len(training), -1)[: len(held_out)]
    evidence: dict[str, DroppedModes | str] = {
        "Ising": cached_drop_modes(rbm, held_out, held_out, train_subset, relevant_fraction=relevant_fraction)}
    try:
        train, test = (artifacts.image_set(profile, "mnist", split) for split in ("train", "test"))
    except DatasetUnavailableError as error:
        evidence["MNIST"] = f"MNIST is not on this machine ({error})"
        return evidence
    image_rbm = artifacts.image_rbm(profile, "mnist")
    seed = profile.mnist.seed
    count = min(len(train.means), len(test.means))
    rows = np.sort(np.random.default_rng(seed).choice(len(train.means), count, replace=False))
    generator = torch.Generator(device=image_rbm.device).manual_seed(seed)
    with torch.no_grad():
        held_states, train_states = (image_rbm.binarize(means, generator).cpu().numpy()
                                     for means in (test.means, train.means[rows]))
    evidence["MNIST"] = cached_drop_modes(image_rbm, test.means, held_states, train_states,
                                          relevant_fraction=relevant_fraction)
    return evidence
