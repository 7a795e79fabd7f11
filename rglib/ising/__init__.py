"""The 2-D Ising model, sampled and solved exactly.

Sampling: Metropolis and Swendsen-Wang (CPU and GPU), Wolff (CPU). Beside the samplers
live :mod:`rglib.ising.exact` (exact thermodynamics: Onsager, Yang, Kaufman, and
enumeration of tiny lattices), :mod:`rglib.ising.philox` (the counter-based random
generator of the samplers and of the fused RBM sampling kernel) and
:mod:`rglib.ising.autocorrelation` (autocorrelation times and binning errors of Monte
Carlo series).

Public API: :func:`sample`, :class:`SamplingReport`, :func:`choose_algorithm`, :func:`plan`,
:func:`energy_per_spin`, :func:`magnetization`, and the argument checks
:func:`require_lattice_size` and :func:`require_temperature`.
"""

from .observables import energy_per_spin, magnetization
from .sampler import (
    ALGORITHMS, SAMPLER_VERSION, MAX_TEMPERATURE, MIN_LATTICE_SIZE, SamplingReport,
    choose_algorithm, plan, require_lattice_size, require_temperature, sample,
)

__all__ = [
    "ALGORITHMS",
    "SAMPLER_VERSION",
    "MAX_TEMPERATURE",
    "MIN_LATTICE_SIZE",
    "SamplingReport",
    "choose_algorithm",
    "energy_per_spin",
    "magnetization",
    "plan",
    "require_lattice_size",
    "require_temperature",
    "sample",
]
