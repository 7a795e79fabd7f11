"""Equilibrated, decorrelated samples of the 2-D Ising model.

:func:`sample` runs a batch of independent chains. How long they run is
measured, not guessed: a pilot run, doubled until it is long enough, gives
the integrated autocorrelation times of the energy and of the magnetization
(Sokal's automatic window W) and a decorrelation time tau = 1/2 + sum over
t <= W of |rho(t)|, which anticorrelation cannot shorten. The pilot is
discarded as burn-in only once its first third spans at least
``BURN_IN_TAUS`` tau and the rest at least ``SERIES_TAUS`` tau; afterwards
each chain contributes one sample every ``SPACING_TAUS`` tau sweeps.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from tqdm import tqdm

from . import exact
from .autocorrelation import autocorrelation_function, estimate_autocorrelation
from ..runtime.backend import DEVICE_CHOICES, Device, resolve_device
from .philox import Stream, random_signs
from ..runtime.progress import show_progress
from ..runtime.validation import (
    require_choice, require_flag, require_integer, require_positive_finite,
)
from .chains import Chains, MetropolisChains, SwendsenWangChains, WolffChains

ALGORITHMS = ("auto", "metropolis", "wolff", "swendsen-wang")
# The version of what the samplers compute (random streams, update rules, run-length
# rules): bump it with any change that alters the samples, never for comments or
# refactorings. It keys the cached samples (rglib.datasets.ising); tests/datasets/test_ising.py pins the
# samples of each version, so a change of the samples without a bump fails there.
SAMPLER_VERSION = 2
#: Smallest lattice side: on the 2 x 2 torus a site's two neighbours along an
#: axis are one and the same spin, and checkerboard Metropolis gets trapped in
#: a cycle that flips every spin in every sweep.
MIN_LATTICE_SIZE = 4
#: Highest temperature, the bound of :mod:`rglib.ising.exact`: near it Metropolis
#: flips almost every spin in every sweep, so its chains oscillate for hundreds
#: of sweeps (decorrelation time about 600 at T = 1e4), and far above it forever.
MAX_TEMPERATURE = exact.MAX_TEMPERATURE
INITIAL_PILOT_SWEEPS = 64
MAX_PILOT_SWEEPS = 2**17
BURN_IN_TAUS = 20
SERIES_TAUS = 40
SPACING_TAUS = 4
SAMPLES_PER_CHAIN = 16
MIN_CHAINS = 64
MAX_CHAINS = {"cpu": 4096, "gpu": 65536}
WOLFF_CORRELATION_LENGTH = 2.0


@dataclass(frozen=True)
class SamplingReport:
    """How a call of :func:`sample` ran.

    Attributes
    ----------
    lattice_size, temperature, n_samples, seed : as passed to :func:`sample`
    algorithm : {"metropolis", "wolff", "swendsen-wang"}
    device : {"cpu", "gpu"}
    n_chains : int
        Independent chains run side by side.
    burn_in : int
        Sweeps discarded at the start of every chain (the whole pilot run).
    spacing : int
        Sweeps between two kept samples of one chain.
    tau_energy, tau_magnetization : float
        Integrated autocorrelation times, in sweeps, measured on the last two
        thirds of the pilot (the magnetization is |m| below T_c, m above).
    decorrelation_time : float
        The larger over both observables of 1/2 + sum_{t=1}^{W} |rho(t)| (W:
        Sokal's window), in sweeps; burn-in and spacing are set from it.
    autocorrelation_energy, autocorrelation_magnetization : numpy.ndarray
        The measured normalized autocorrelation functions rho(t), t = 0, 1, ...
    mean_cluster_size : float
        Spins per Wolff cluster (NaN for Metropolis and Swendsen-Wang).
    spin_updates : int
        Spin-update attempts (Metropolis) or spin-update equivalents (cluster
        algorithms: L^2 per sweep) over all chains and sweeps.
    seconds : float
        Wall-clock time of the whole call.
    """

    lattice_size: int
    temperature: float
    n_samples: int
    seed: int
    algorithm: str
    device: str
    n_chains: int
    burn_in: int
    spacing: int
    tau_energy: float
    tau_magnetization: float
    decorrelation_time: float
    autocorrelation_energy: np.ndarray
    autocorrelation_magnetization: np.ndarray
    mean_cluster_size: float
    spin_updates: int
    seconds: float

    @property
    def tau(self) -> float:
        """The larger of the two integrated autocorrelation times (sweeps)."""
        return max(self.tau_energy, self.tau_magnetization)

    @property
    def updates_per_nanosecond(self) -> float:
        """Throughput of the whole call, spin updates per nanosecond."""
        return self.spin_updates / (self.seconds * 1e9)


def require_lattice_size(L) -> int:
    """``L`` as an int if it is an even side >= ``MIN_LATTICE_SIZE``, else ValueError naming L."""
    L = require_integer("L", L)
    if L < MIN_LATTICE_SIZE or L % 2:
        raise ValueError(
            f"L must be an even integer >= {MIN_LATTICE_SIZE}, got {L}: the checkerboard update "
            "needs even L, and on the 2 x 2 torus a site's two neighbours along an axis are the "
            "same spin, so Metropolis gets trapped in a cycle that flips every spin every sweep"
        )
    return L


def require_temperature(T, name: str = "T") -> float:
    """``T`` as a float if 0 < T <= ``MAX_TEMPERATURE``, else ValueError naming ``name``."""
    T = require_positive_finite(name, T)
    if T > MAX_TEMPERATURE:
        raise ValueError(
            f"{name} must be at most {MAX_TEMPERATURE:g} (the bound of rglib.ising.exact), got {T!r}: "
            "above it Metropolis flips nearly every spin in every sweep, so its chains "
            "oscillate instead of decorrelating"
        )
    return T


def choose_algorithm(temperature: float) -> str:
    """The algorithm ``algorithm="auto"`` uses at ``temperature``.

    Wolff at and below T_c and wherever the exact correlation length of the
    infinite lattice reaches ``WOLFF_CORRELATION_LENGTH`` lattice spacings
    (T below about 3.0): there Metropolis decorrelates slowly (critical slowing
    down, tau ~ xi^2.17). Metropolis elsewhere, where Wolff clusters are tiny.

    Raises
    ------
    ValueError
        If ``temperature`` is not in (0, ``MAX_TEMPERATURE``].
    """
    temperature = require_temperature(temperature, "temperature")
    if temperature <= exact.critical_temperature():
        return "wolff"
    return "wolff" if exact.correlation_length(temperature) >= WOLFF_CORRELATION_LENGTH else "metropolis"


def plan(T: float, device: str = "auto", algorithm: str = "auto") -> tuple[str, Device]:
    """The algorithm and device :func:`sample` will use for these arguments.

    ``algorithm="auto"`` takes :func:`choose_algorithm`'s choice, except that
    where it asks for a cluster algorithm and the device is a GPU, the cluster
    algorithm is Swendsen-Wang: Wolff grows one cluster at a time, which
    leaves a GPU idle, while Swendsen-Wang labels every cluster of every
    chain at once.

    Raises
    ------
    ValueError
        For ``T`` outside (0, ``MAX_TEMPERATURE``], an unknown ``device`` or
        ``algorithm``, or Wolff asked for on the GPU.
    """
    T = require_temperature(T)
    require_choice("device", device, DEVICE_CHOICES)
    require_choice("algorithm", algorithm, ALGORITHMS)
    if algorithm == "auto":
        algorithm = choose_algorithm(T)
        if algorithm == "wolff" and device != "cpu" and resolve_device(device) == "gpu":
            algorithm = "swendsen-wang"
    if algorithm != "wolff":
        return algorithm, resolve_device(device)
    if device == "gpu":
        raise ValueError(
            "algorithm='wolff' runs on the CPU only; pass device='cpu', or "
            "algorithm='swendsen-wang' (a cluster algorithm) or 'metropolis' for the GPU"
        )
    return algorithm, "cpu"


def sample(
    L: int,
    T: float,
    n_samples: int,
    *,
    seed: int,
    device: str = "auto",
    algorithm: str = "auto",
    return_report: bool = False,
    progress: bool | None = None,
):
    """Draw equilibrated, decorrelated configurations of the periodic L x L Ising model.

    Parameters
    ----------
    L : int
        Lattice side, even (the checkerboard update needs it) and >= 4 (on the
        2 x 2 torus Metropolis does not mix).
    T : float
        Temperature (J = 1, k_B = 1), 0 < T <= ``MAX_TEMPERATURE`` (1e4, the
        bound of :mod:`rglib.ising.exact`).
    n_samples : int
        Number of configurations, >= 1.
    seed : int
        Non-negative seed. The same seed gives the same samples on the same
        device; the CPU and GPU kernels of Metropolis and of Swendsen-Wang
        share their random numbers, so they agree with each other too.
    device : {"auto", "cpu", "gpu"}
        Where to run Metropolis and Swendsen-Wang; Wolff runs on the CPU
        (``"gpu"`` with Wolff is an error, ``"auto"`` with Wolff uses the CPU).
    algorithm : {"auto", "metropolis", "wolff", "swendsen-wang"}
        ``"auto"`` follows :func:`plan`: :func:`choose_algorithm`, with
        Swendsen-Wang for the cluster algorithm on a GPU.
    return_report : bool
        Also return a :class:`SamplingReport` (burn-in, spacing, tau, timing).
    progress : bool, optional
        Show a progress bar; by default only when ``RGLIB_PROGRESS=1`` or
        standard error is a terminal.

    Returns
    -------
    samples : numpy.ndarray of int8, shape (n_samples, L, L)
        Entries +1 and -1. Each sample's overall sign is randomized (an exact
        symmetry of the model), so both magnetized states appear below T_c.
    report : SamplingReport
        Only when ``return_report`` is True.

    Raises
    ------
    ValueError
        For an odd or too small ``L``, ``T`` outside (0, ``MAX_TEMPERATURE``],
        ``n_samples < 1``, non-integer sizes, an unknown ``algorithm`` or
        ``device``, Wolff requested on the GPU, or flags that are not bools.
    RuntimeError
        If the chains decorrelate too slowly to measure within
        ``MAX_PILOT_SWEEPS`` sweeps (Metropolis near T_c on a large lattice:
        use Wolff there).

    Examples
    --------
    >>> spins = sample(8, 4.0, 10, seed=1, device="cpu")
    >>> spins.shape, spins.dtype
    ((10, 8, 8), dtype('int8'))
    """
    started = time.perf_counter()
    L = require_lattice_size(L)
    T = require_temperature(T)
    n_samples = require_integer("n_samples", n_samples, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    return_report = require_flag("return_report", return_report)
    show = show_progress(progress)
    algorithm, resolved = plan(T, device, algorithm)

    seeds = np.random.SeedSequence([seed, L, int(np.float64(T).view(np.uint64))])
    key = tuple(int(word) for word in seeds.generate_state(2, np.uint32))
    n_chains = min(n_samples, max(MIN_CHAINS, math.ceil(n_samples / SAMPLES_PER_CHAIN)), MAX_CHAINS[resolved])
    initial = _initial_configurations(n_chains, L, T, np.random.default_rng(seeds.spawn(1)[0]))
    chains: Chains
    if algorithm == "wolff":
        chains = WolffChains(initial, T, key)
    elif algorithm == "swendsen-wang":
        chains = SwendsenWangChains(initial, T, key, resolved)
    else:
        chains = MetropolisChains(initial, T, key, resolved)

    with tqdm(desc=f"Ising L={L} T={T:g} ({algorithm})", unit="sweep", disable=not show) as bar:
        pilot = _pilot(chains, T, L, algorithm, bar)
        per_chain = math.ceil(n_samples / n_chains)
        spacing = max(1, math.ceil(SPACING_TAUS * pilot.decorrelation_time))
        bar.total = chains.sweeps_done + per_chain * spacing
        bar.refresh()
        kept = np.empty((per_chain * n_chains, L, L), dtype=np.int8)
        for index in range(per_chain):
            chains.advance(spacing)
            bar.update(spacing)
            kept[index * n_chains : (index + 1) * n_chains] = chains.configurations()
    samples = kept[:n_samples]
    samples *= random_signs(n_samples, key, Stream.GLOBAL_FLIP)[:, None, None]
    if not return_report:
        return samples
    report = SamplingReport(
        lattice_size=L,
        temperature=T,
        n_samples=n_samples,
        seed=seed,
        algorithm=algorithm,
        device=resolved,
        n_chains=n_chains,
        burn_in=pilot.sweeps,
        spacing=spacing,
        tau_energy=pilot.energy.tau_int,
        tau_magnetization=pilot.magnetization.tau_int,
        decorrelation_time=pilot.decorrelation_time,
        autocorrelation_energy=pilot.energy.rho,
        autocorrelation_magnetization=pilot.magnetization.rho,
        mean_cluster_size=getattr(chains, "mean_cluster_size", float("nan")),
        spin_updates=chains.sweeps_done * n_chains * L * L,
        seconds=time.perf_counter() - started,
    )
    return samples, report


@dataclass(frozen=True)
class _Measurement:
    """Autocorrelation of one observable over the measured part of the pilot."""

    tau_int: float
    decorrelation_time: float
    rho: np.ndarray


@dataclass(frozen=True)
class _PilotResult:
    sweeps: int
    energy: _Measurement
    magnetization: _Measurement

    @property
    def decorrelation_time(self) -> float:
        return max(self.energy.decorrelation_time, self.magnetization.decorrelation_time)


def _initial_configurations(n_chains: int, L: int, T: float, rng: np.random.Generator) -> np.ndarray:
    """Ordered (cold) start below T_c, random (hot) start at and above it."""
    if T < exact.critical_temperature():
        return np.ones((n_chains, L, L), dtype=np.int8)
    return (2 * rng.integers(0, 2, size=(n_chains, L, L), dtype=np.int8) - 1).astype(np.int8)


def _pilot(chains: Chains, T: float, L: int, algorithm: str, bar: tqdm) -> _PilotResult:
    """Run until the burn-in and the measured series are long enough for tau."""
    below_critical = T < exact.critical_temperature()
    energies: list[np.ndarray] = []
    magnetizations: list[np.ndarray] = []
    target = INITIAL_PILOT_SWEEPS
    while True:
        while chains.sweeps_done < target:
            chains.advance(1)
            bar.update(1)
            energy, magnetization = chains.energy_and_magnetization()
            energies.append(energy)
            magnetizations.append(np.abs(magnetization) if below_critical else magnetization)
        start = target // 3
        energy = _measure(np.stack(energies[start:], axis=1))
        magnetization = _measure(np.stack(magnetizations[start:], axis=1))
        result = _PilotResult(target, energy, magnetization)
        tau = result.decorrelation_time
        if start >= BURN_IN_TAUS * tau and target - start >= SERIES_TAUS * tau:
            return result
        if 2 * target > MAX_PILOT_SWEEPS:
            advice = (
                "algorithm='wolff' decorrelates much faster near the critical temperature"
                if algorithm == "metropolis"
                else "a smaller L or a temperature further from T_c decorrelates faster"
            )
            raise RuntimeError(
                f"{algorithm} chains at L={L}, T={T:g} decorrelate too slowly to measure within "
                f"{MAX_PILOT_SWEEPS} pilot sweeps (decorrelation time >= {tau:.0f} sweeps); "
                f"{advice}"
            )
        target *= 2


def _measure(series: np.ndarray) -> _Measurement:
    """tau_int (Sokal's window W), the decorrelation time 1/2 + sum_{t<=W} |rho(t)|, and rho.

    The decorrelation time cannot be lowered by anticorrelation: checkerboard
    Metropolis at high temperature makes the magnetization oscillate (rho < 0 at
    lags of a few sweeps), which shortens tau_int although single samples a few
    sweeps apart remain correlated. An observable that never changed counts as
    uncorrelated (tau = 1/2).
    """
    if np.ptp(series) == 0:
        return _Measurement(0.5, 0.5, np.array([1.0]))
    estimate = estimate_autocorrelation(series)
    lags = min(series.shape[1] - 1, max(10, 2 * estimate.window))
    rho = autocorrelation_function(series, max_lag=lags)
    decorrelation_time = 0.5 + float(np.abs(rho[1 : estimate.window + 1]).sum())
    return _Measurement(estimate.tau_int, max(decorrelation_time, estimate.tau_int), rho)
