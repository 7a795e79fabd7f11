"""Batches of independent Markov chains behind one small interface.

A chain batch is advanced by whole sweeps and can be asked, at any time, for
the total energy and magnetization of each chain and for its configurations.
:class:`MetropolisChains` and :class:`SwendsenWangChains` run on the CPU or
the GPU; :class:`WolffChains` runs on the CPU.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from ..runtime.backend import Device, array_module, to_numpy
from . import checkerboard
from .metropolis_cpu import energy_and_magnetization_cpu, metropolis_sweeps
from .metropolis_gpu import metropolis_sweeps_gpu
from .philox import probability_threshold
from .swendsen_wang import swendsen_wang_sweeps
from .swendsen_wang_gpu import swendsen_wang_sweeps_gpu
from .wolff import wolff_sweeps


class Chains(Protocol):
    """What the sampler needs from a batch of chains."""

    device: Device
    sweeps_done: int

    def advance(self, n_sweeps: int) -> None:
        """Run ``n_sweeps`` more sweeps of every chain."""

    def energy_and_magnetization(self) -> tuple[np.ndarray, np.ndarray]:
        """Total energy and magnetization of each chain, as NumPy arrays."""

    def configurations(self) -> np.ndarray:
        """The current configurations, a NumPy int8 array (n_chains, L, L)."""


class MetropolisChains:
    """Checkerboard Metropolis chains, stored in the sublattice layout.

    Parameters
    ----------
    initial : numpy.ndarray of int8, shape (n_chains, L, L)
    temperature : float
    key : tuple of two int
        The Philox key.
    device : {"cpu", "gpu"}
    """

    def __init__(self, initial: np.ndarray, temperature: float, key: tuple[int, int], device: Device):
        self.device = device
        self._xp = array_module(device)
        self._sub = checkerboard.to_sublattices(self._xp.asarray(initial), self._xp)
        self._thresholds = (
            probability_threshold(math.exp(-4.0 / temperature)),
            probability_threshold(math.exp(-8.0 / temperature)),
        )
        self._key = key
        self.sweeps_done = 0

    def advance(self, n_sweeps: int) -> None:
        run = metropolis_sweeps_gpu if self.device == "gpu" else metropolis_sweeps
        run(self._sub, self.sweeps_done, n_sweeps, *self._thresholds, *self._key, 0)
        self.sweeps_done += n_sweeps

    def energy_and_magnetization(self) -> tuple[np.ndarray, np.ndarray]:
        if self.device == "cpu":
            return energy_and_magnetization_cpu(self._sub)
        energy, magnetization = checkerboard.energy_and_magnetization(self._sub, self._xp)
        return to_numpy(energy), to_numpy(magnetization)

    def configurations(self) -> np.ndarray:
        return to_numpy(checkerboard.from_sublattices(self._sub, self._xp))


class WolffChains:
    """Wolff cluster chains on the CPU (see :mod:`rglib.ising.wolff`).

    A sweep is ``clusters_per_sweep`` Wolff steps, fixed before any sweep is
    counted so that a sweep flips about L^2 spins on average. It is calibrated
    (as part of the burn-in) over ``CALIBRATION_BATCHES`` batches: each batch
    uses the cluster count suggested by the mean cluster size of the batch
    before, at most doubling from one batch to the next, so that the count
    follows the cluster size as the chains equilibrate without ever running a
    hot-start estimate (tiny clusters) on an ordered state (huge clusters).
    """

    device: Device = "cpu"
    CALIBRATION_BATCHES = 16
    FIRST_CALIBRATION_CLUSTERS = 4

    def __init__(self, initial: np.ndarray, temperature: float, key: tuple[int, int]):
        self._lattices = np.array(initial, dtype=np.int8, copy=True)
        self._add_threshold = probability_threshold(-math.expm1(-2.0 / temperature))
        self._key = key
        self._tally = np.zeros((len(initial), 2), dtype=np.int64)
        self._batches_done = 0
        self.sweeps_done = 0
        n_sites = self._lattices.shape[1] * self._lattices.shape[2]
        clusters = self.FIRST_CALIBRATION_CLUSTERS
        for _ in range(self.CALIBRATION_BATCHES):
            before = self._tally.sum(axis=0)
            self._run(1, clusters)
            batch_clusters, batch_spins = self._tally.sum(axis=0) - before
            clusters = min(2 * clusters, max(1, round(n_sites * batch_clusters / batch_spins)))
        self.clusters_per_sweep = clusters

    def _run(self, n_batches: int, clusters_per_sweep: int) -> None:
        wolff_sweeps(
            self._lattices, self._batches_done, n_batches, clusters_per_sweep,
            self._add_threshold, *self._key, 0, self._tally,
        )
        self._batches_done += n_batches

    def advance(self, n_sweeps: int) -> None:
        self._run(n_sweeps, self.clusters_per_sweep)
        self.sweeps_done += n_sweeps

    def energy_and_magnetization(self) -> tuple[np.ndarray, np.ndarray]:
        return energy_and_magnetization_cpu(checkerboard.to_sublattices(self._lattices))

    def configurations(self) -> np.ndarray:
        return self._lattices.copy()

    @property
    def mean_cluster_size(self) -> float:
        """Spins flipped per cluster, averaged over all clusters so far."""
        clusters, spins = self._tally.sum(axis=0)
        return float(spins / clusters)


class SwendsenWangChains:
    """Swendsen-Wang chains (see :mod:`rglib.ising.swendsen_wang`), on the CPU or the GPU.

    A sweep is one Swendsen-Wang update of the whole lattice. Both devices
    draw the same random words and give identical chains.

    Parameters
    ----------
    initial : numpy.ndarray of int8, shape (n_chains, L, L)
    temperature : float
    key : tuple of two int
        The Philox key.
    device : {"cpu", "gpu"}
    """

    def __init__(self, initial: np.ndarray, temperature: float, key: tuple[int, int], device: Device):
        self.device = device
        self._xp = array_module(device)
        self._lattices = self._xp.array(initial, dtype=self._xp.int8, copy=True)
        self._bond_threshold = probability_threshold(-math.expm1(-2.0 / temperature))
        self._key = key
        self.sweeps_done = 0

    def advance(self, n_sweeps: int) -> None:
        run = swendsen_wang_sweeps_gpu if self.device == "gpu" else swendsen_wang_sweeps
        run(self._lattices, self.sweeps_done, n_sweeps, self._bond_threshold, *self._key, 0)
        self.sweeps_done += n_sweeps

    def energy_and_magnetization(self) -> tuple[np.ndarray, np.ndarray]:
        if self.device == "cpu":
            return energy_and_magnetization_cpu(checkerboard.to_sublattices(self._lattices))
        xp, spins = self._xp, self._lattices.astype(self._xp.int32)
        bonds = spins * (xp.roll(spins, 1, axis=1) + xp.roll(spins, 1, axis=2))
        return to_numpy(-bonds.sum(axis=(1, 2))), to_numpy(spins.sum(axis=(1, 2)))

    def configurations(self) -> np.ndarray:
        return to_numpy(self._lattices).copy()
