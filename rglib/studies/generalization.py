"""Exact log-likelihoods of small RBMs, on training and on held-out data, over training.

For an RBM with few visible units the partition function is a sum over all
``2**n_visible`` visible states of ``exp(-F(v))`` (the hidden units are
summed in the free energy ``F``), so the log-likelihood ``log p(v) = -F(v) -
log Z`` is exact. :func:`likelihood_curve` trains a small RBM on Ising data
one epoch at a time and records the exact mean log-likelihood of the training
and of held-out samples after each epoch, next to the entropy of the exact
Ising distribution, the best any model can reach on fresh samples.

For a large RBM ``log Z`` is out of reach, but the gap between the two mean
log-likelihoods is not: ``<log p>_train - <log p>_held = <F>_held - <F>_train``,
the free-energy gap that :meth:`rglib.models.rbm.RBM.fit` records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from scipy.special import logsumexp

from ..datasets import ising as ising_data
from ..models.rbm import RBM, require_rbm
from ..models.reconstruction import reconstruction_error
from ..runtime.validation import require_finite_array, require_integer, require_positive_finite

#: The largest visible layer whose states are enumerated.
MAX_ENUMERATED_VISIBLE = 20


def all_spin_states(n: int) -> np.ndarray:
    """Every configuration of ``n`` +-1 spins, shape ``(2**n, n)``, as float64."""
    n = require_integer("n", n, minimum=1)
    if n > MAX_ENUMERATED_VISIBLE:
        raise ValueError(f"n must be at most {MAX_ENUMERATED_VISIBLE} to enumerate 2**n states, got {n}")
    bits = (np.arange(2**n)[:, None] >> np.arange(n)[None, :]) & 1
    return 2.0 * bits - 1.0


def exact_log_partition(rbm: RBM) -> float:
    """``log Z`` of ``rbm`` by summing ``exp(-F(v))`` over every visible state."""
    states = all_spin_states(_require_enumerable(rbm).n_visible)
    with torch.no_grad():
        free = rbm.free_energy(states).double().cpu().numpy()
    return float(logsumexp(-free))


def exact_log_likelihood(rbm: RBM, samples: np.ndarray) -> float:
    """Mean exact ``log p(v)`` of ``samples`` (shape ``(n, n_visible)``, +-1) under ``rbm``."""
    samples = _require_samples(_require_enumerable(rbm), samples)
    with torch.no_grad():
        free = rbm.free_energy(samples).double().cpu().numpy()
    return float(-free.mean() - exact_log_partition(rbm))


def ising_entropy(L: int, temperature: float) -> float:
    """Entropy (nats) of the exact Boltzmann distribution of the periodic ``L x L`` Ising model."""
    L = _require_enumerable_side(L)
    temperature = require_positive_finite("temperature", temperature)
    spins = all_spin_states(L * L).reshape(-1, L, L)
    energy = -(spins * np.roll(spins, 1, axis=1) + spins * np.roll(spins, 1, axis=2)).sum(axis=(1, 2))
    log_weight = -energy / temperature
    log_p = log_weight - logsumexp(log_weight)
    return float(-(np.exp(log_p) * log_p).sum())


def _require_enumerable(rbm) -> RBM:
    """``rbm`` if it is an RBM with at most MAX_ENUMERATED_VISIBLE visible units."""
    if require_rbm(rbm).n_visible > MAX_ENUMERATED_VISIBLE:
        raise ValueError(
            f"rbm has {rbm.n_visible} visible units; exact likelihoods enumerate 2**n_visible states "
            f"and need at most {MAX_ENUMERATED_VISIBLE}"
        )
    return rbm


def _require_samples(rbm: RBM, samples) -> np.ndarray:
    """``samples`` as float64, checked to be +-1 vectors of ``rbm``'s visible size."""
    array = require_finite_array("samples", samples, ndim=2)
    if array.shape[0] < 1 or array.shape[1] != rbm.n_visible or not np.all(np.abs(array) == 1):
        raise ValueError(
            f"samples must be +-1 vectors of shape (n >= 1, {rbm.n_visible}), got shape {array.shape}"
            + ("" if np.all(np.abs(array) == 1) else " with values other than +-1")
        )
    return array


def _require_enumerable_side(L) -> int:
    L = require_integer("L", L, minimum=2)
    if L * L > MAX_ENUMERATED_VISIBLE:
        raise ValueError(
            f"L must have L * L <= {MAX_ENUMERATED_VISIBLE} to enumerate every state, got L = {L}"
        )
    return L


@dataclass(frozen=True)
class LikelihoodCurve:
    """Exact log-likelihoods and reconstruction errors of a small RBM at a few epochs of training.

    Attributes
    ----------
    n_train : int
        Training samples.
    epochs : numpy.ndarray
        The epochs after which the measures were taken.
    train_log_likelihood, held_out_log_likelihood : numpy.ndarray
        Mean exact log p(v) per sample (nats), one per entry of ``epochs``.
    train_reconstruction, held_out_reconstruction : numpy.ndarray
        Mean squared reconstruction errors.
    entropy : float
        Entropy of the exact Ising distribution: ``-entropy`` is the best mean
        log-likelihood of fresh samples.
    """

    n_train: int
    epochs: np.ndarray
    train_log_likelihood: np.ndarray
    held_out_log_likelihood: np.ndarray
    train_reconstruction: np.ndarray
    held_out_reconstruction: np.ndarray
    entropy: float


def likelihood_curve(L: int, n_hidden: int, temperature: float, n_train: int, n_held_out: int, *,
                     epochs: int, batch_size: int, lr: float, points: int = 25,
                     seed: int = 0) -> LikelihoodCurve:
    """Train an ``L*L -> n_hidden`` RBM on Ising samples and measure it exactly during training.

    The training and held-out samples come from :func:`rglib.datasets.ising.samples` with
    seeds ``seed`` and ``seed + 1``; the RBM is ``RBM(L*L, n_hidden, seed=seed)``
    trained by CD-1 (:meth:`rglib.models.rbm.RBM.fit`, continued call after call, so
    the run is the same as one call with ``epochs``). The measures are taken
    after ``points`` epochs spaced evenly in log between 1 and ``epochs``.
    """
    # Every argument is checked before any sampling or training.
    L = _require_enumerable_side(L)
    n_hidden = require_integer("n_hidden", n_hidden, minimum=1)
    temperature = require_positive_finite("temperature", temperature)
    n_train = require_integer("n_train", n_train, minimum=1)
    n_held_out = require_integer("n_held_out", n_held_out, minimum=1)
    epochs = require_integer("epochs", epochs, minimum=1)
    batch_size = require_integer("batch_size", batch_size, minimum=1)
    lr = require_positive_finite("lr", lr)
    points = require_integer("points", points, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    train = ising_data.samples(L, temperature, n_train, seed=seed).reshape(n_train, -1).astype(np.float64)
    held = ising_data.samples(L, temperature, n_held_out, seed=seed + 1).reshape(n_held_out, -1).astype(np.float64)
    rbm = RBM(L * L, n_hidden, seed=seed, dtype=torch.float64)
    stops = np.unique(np.geomspace(1, epochs, points).round().astype(int))
    records, done = [], 0
    for stop in stops:
        rbm.fit(train, int(stop - done), batch_size, lr)
        done = int(stop)
        records.append((exact_log_likelihood(rbm, train), exact_log_likelihood(rbm, held),
                        reconstruction_error(rbm, train), reconstruction_error(rbm, held)))
    columns = np.array(records).T
    return LikelihoodCurve(n_train, stops, *columns, entropy=ising_entropy(L, temperature))
