"""Sampling the 2-D Ising model: Metropolis (CPU and GPU) and Wolff (CPU).

Public API: :func:`sample`, :class:`SamplingReport`, :func:`choose_algorithm`, :func:`plan`,
:func:`energy_per_spin`, :func:`magnetization`.
"""

from .observables import energy_per_spin, magnetization
from .sampler import ALGORITHMS, SamplingReport, choose_algorithm, plan, sample

__all__ = [
    "ALGORITHMS",
    "SamplingReport",
    "choose_algorithm",
    "energy_per_spin",
    "magnetization",
    "plan",
    "sample",
]
