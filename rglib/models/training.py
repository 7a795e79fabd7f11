"""The versions and switches of RBM training, below the model that trains (:mod:`rglib.models.rbm`).

Training itself, :func:`rglib.models.rbm.fit` (also :meth:`rglib.models.rbm.RBM.fit`),
lives with the model whose internals it drives. What stays here is what names a
training run and what switches how it runs, needed by code that never trains:
:data:`FORMAT_VERSION` and :data:`ALGORITHM_VERSION`, part of every checkpoint
key (:func:`rglib.models.rbm.run_key`, a key that names no module: moving the
training between modules keeps every cached checkpoint valid), and
:func:`cuda_graphs_enabled`.
"""

from __future__ import annotations

import os

# The version of the checkpoint file's layout. Part of every checkpoint key.
FORMAT_VERSION = 1
# The version of the training numerics: bump it whenever a change alters what
# training computes (not for comments or refactorings), so that checkpoints of
# the old numerics are not resumed. It is part of every checkpoint key.
ALGORITHM_VERSION = 2
CUDA_GRAPHS_ENVIRONMENT_VARIABLE = "RGLIB_CUDA_GRAPHS"


def cuda_graphs_enabled() -> bool:
    """Whether :func:`rglib.models.rbm.fit` may replay a captured CUDA graph per epoch on CUDA.

    Every epoch of CD-k (not persistent) launches the same few hundred kernels;
    replaying them as one CUDA graph removes the per-kernel launch cost, which
    dominates for small layers. A fit captures the graph once and first checks
    it: one epoch replayed must give what the same epoch run kernel by kernel
    gives (the same generator state, and the same parameters to float
    rounding); otherwise it trains kernel by kernel, with a logged warning.
    ``RGLIB_CUDA_GRAPHS=0`` turns graphs off.

    Returns
    -------
    bool
        False when ``RGLIB_CUDA_GRAPHS`` is ``0``, ``false`` or ``no``; else True.
    """
    return os.environ.get(CUDA_GRAPHS_ENVIRONMENT_VARIABLE, "1").strip() not in ("0", "false", "no")
