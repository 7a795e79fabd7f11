"""The Ising data sets the book trains on, sampled once and cached on disk.

:func:`samples` returns configurations of the 2-D Ising model as
:func:`rglib.ising.sample` makes them, read from ``RGLIB_CACHE`` when a run
with the same inputs made them before. The cache key holds every input that
determines the samples: lattice size, temperature, sample count, seed, the
algorithm and device actually used, the file format version, and the
sampler's declared numerics version (:data:`rglib.ising.SAMPLER_VERSION`), so
that a change to what the sampler computes never reuses stale samples while
an edit of a comment keeps them.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..runtime import cache
from ..ising import (
    SAMPLER_VERSION, SamplingReport, plan, require_lattice_size, require_temperature, sample,
)
from ..runtime.progress import show_progress
from ..runtime.validation import require_flag, require_integer

# The layout of the cached file. Part of the cache key (with "kind": "ising"), which
# names no module: moving this module from rglib.data kept every cached file valid.
FORMAT_VERSION = 1


def samples(
    L: int,
    T: float,
    n_samples: int,
    seed: int,
    *,
    device: str = "auto",
    algorithm: str = "auto",
    return_report: bool = False,
    progress: bool | None = None,
):
    """Ising configurations as :func:`rglib.ising.sample` makes them, cached on disk.

    Parameters
    ----------
    L, T, n_samples, seed, device, algorithm, progress
        As for :func:`rglib.ising.sample`.
    return_report : bool
        Also return the :class:`~rglib.ising.SamplingReport` of the run that
        made the samples (stored with them).

    Returns
    -------
    samples : numpy.ndarray of int8, shape (n_samples, L, L)
    report : SamplingReport, only when ``return_report`` is True

    Notes
    -----
    Files live in ``RGLIB_CACHE`` (default: the user's cache directory), named
    after a digest of the key. A truncated or corrupt file is reported with a
    :class:`~rglib.runtime.cache.CorruptCacheWarning` and regenerated. Before sampling,
    the cache folder is checked to be writable
    (:class:`~rglib.runtime.cache.CacheAccessError` otherwise, in seconds rather than
    after the work); should the store still fail, a
    :class:`~rglib.runtime.cache.CacheWriteWarning` is given and the samples are
    returned all the same.
    """
    L = require_lattice_size(L)
    T = require_temperature(T)
    n_samples = require_integer("n_samples", n_samples, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    return_report = require_flag("return_report", return_report)
    show_progress(progress)  # refuses a bad value even when the samples are cached
    resolved_algorithm, resolved_device = plan(T, device, algorithm)
    key = {
        "kind": "ising",
        "format": FORMAT_VERSION,
        "sampler": SAMPLER_VERSION,
        "L": L,
        "T": repr(T),
        "n_samples": n_samples,
        "seed": seed,
        "algorithm": resolved_algorithm,
        "device": resolved_device,
    }
    path = cache.cache_directory() / f"ising-L{L}-T{T:g}-n{n_samples}-{cache.key_digest(key)}.npz"
    found = cache.load(path, key)
    if found is None:
        cache.require_writable(path)
        spins, report = sample(
            L, T, n_samples, seed=seed, device=resolved_device, algorithm=resolved_algorithm,
            return_report=True, progress=progress,
        )
        arrays, scalars = _split_report(report)
        cache.store(path, {"samples": spins, **arrays}, key, extra=scalars)  # warns if it cannot
    else:
        arrays, scalars = found
        spins = arrays.pop("samples")
        report = SamplingReport(**scalars, **arrays)
    return (spins, report) if return_report else spins


def _split_report(report: SamplingReport) -> tuple[dict[str, np.ndarray], dict]:
    fields = dataclasses.asdict(report)
    arrays = {name: value for name, value in fields.items() if isinstance(value, np.ndarray)}
    scalars = {name: value for name, value in fields.items() if name not in arrays}
    return arrays, scalars
