"""Measured speed of the Metropolis kernels (spin-update attempts per nanosecond)."""

from __future__ import annotations

import time

import numpy as np

from ..runtime.backend import resolve_device
from ..runtime.validation import require_integer
from .chains import MetropolisChains
from .sampler import require_lattice_size, require_temperature


def metropolis_updates_per_nanosecond(
    L: int = 80, T: float = 4.0, n_chains: int = 512, n_sweeps: int = 20, device: str = "auto"
) -> float:
    """Time ``n_sweeps`` checkerboard sweeps of ``n_chains`` L x L lattices.

    The kernel is compiled and warmed up by one untimed sweep first. On the
    GPU the timing waits for the device to finish.

    Parameters
    ----------
    L, T, device
        As for :func:`rglib.ising.sample` (L even and >= 4, 0 < T <= 1e4).
    n_chains, n_sweeps : int
        Chains run side by side and sweeps timed, each >= 1.

    Returns
    -------
    float
        Spin-update attempts per nanosecond (n_chains * L^2 * n_sweeps / time).

    Raises
    ------
    ValueError
        For any argument out of range, naming it.
    """
    L = require_lattice_size(L)
    T = require_temperature(T)
    n_chains = require_integer("n_chains", n_chains, minimum=1)
    n_sweeps = require_integer("n_sweeps", n_sweeps, minimum=1)
    resolved = resolve_device(device)
    rng = np.random.default_rng(0)
    initial = (2 * rng.integers(0, 2, size=(n_chains, L, L), dtype=np.int8) - 1).astype(np.int8)
    chains = MetropolisChains(initial, T, (1, 2), resolved)
    chains.advance(1)
    _synchronize(resolved)
    started = time.perf_counter()
    chains.advance(n_sweeps)
    _synchronize(resolved)
    return n_chains * L * L * n_sweeps / ((time.perf_counter() - started) * 1e9)


def _synchronize(device: str) -> None:
    if device == "gpu":
        import cupy

        cupy.cuda.get_current_stream().synchronize()
