"""Sampling the 2-D Ising model: Metropolis and Swendsen-Wang (CPU and GPU), Wolff (CPU).

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
