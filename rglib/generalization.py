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
the free-energy gap that :meth:`rglib.rbm.RBM.fit` records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from scipy.special import logsumexp

from . import data
from .rbm import RBM
from .validation import require_integer, require_positive_finite

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
    states = all_spin_states(rbm.n_visible)
    with torch.no_grad():
        free = rbm.free_energy(states).double().cpu().numpy()
    return float(logsumexp(-free))


def exact_log_likelihood(rbm: RBM, samples: np.ndarray) -> float:
    """Mean exact ``log p(v)`` of ``samples`` (shape ``(n, n_visible)``, +-1) under ``rbm``."""
    with torch.no_grad():
        free = rbm.free_energy(np.asarray(samples, dtype=np.float64)).double().cpu().numpy()
    return float(-free.mean() - exact_log_partition(rbm))


def ising_entropy(L: int, temperature: float) -> float:
    """Entropy (nats) of the exact Boltzmann distribution of the periodic ``L x L`` Ising model."""
    L = require_integer("L", L, minimum=2)
    temperature = require_positive_finite("temperature", temperature)
    spins = all_spin_states(L * L).reshape(-1, L, L)
    energy = -(spins * np.roll(spins, 1, axis=1) + spins * np.roll(spins, 1, axis=2)).sum(axis=(1, 2))
    log_weight = -energy / temperature
    log_p = log_weight - logsumexp(log_weight)
    return float(-(np.exp(log_p) * log_p).sum())


def reconstruction_error(rbm: RBM, samples: np.ndarray) -> float:
    """Mean squared difference between ``samples`` and their mean-field reconstruction."""
    samples = torch.as_tensor(np.asarray(samples, dtype=np.float32))
    with torch.no_grad():
        return float(((samples - rbm.reconstruct(samples).float().cpu()) ** 2).mean())


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

    The training and held-out samples come from :func:`rglib.data.ising` with
    seeds ``seed`` and ``seed + 1``; the RBM is ``RBM(L*L, n_hidden, seed=seed)``
    trained by CD-1 (:meth:`rglib.rbm.RBM.fit`, continued call after call, so
    the run is the same as one call with ``epochs``). The measures are taken
    after ``points`` epochs spaced evenly in log between 1 and ``epochs``.
    """
    if L * L > MAX_ENUMERATED_VISIBLE:
        raise ValueError(f"L * L must be at most {MAX_ENUMERATED_VISIBLE} for exact likelihoods, got {L * L}")
    epochs = require_integer("epochs", epochs, minimum=1)
    train = data.ising(L, temperature, n_train, seed=seed).reshape(n_train, -1).astype(np.float64)
    held = data.ising(L, temperature, n_held_out, seed=seed + 1).reshape(n_held_out, -1).astype(np.float64)
    rbm = RBM(L * L, n_hidden, seed=seed, dtype=torch.float64)
    stops = np.unique(np.geomspace(1, epochs, require_integer("points", points, minimum=1)).round().astype(int))
    records, done = [], 0
    for stop in stops:
        rbm.fit(train, int(stop - done), batch_size, lr)
        done = int(stop)
        records.append((exact_log_likelihood(rbm, train), exact_log_likelihood(rbm, held),
                        reconstruction_error(rbm, train), reconstruction_error(rbm, held)))
    columns = np.array(records).T
    return LikelihoodCurve(n_train, stops, *columns, entropy=ising_entropy(L, temperature))
