"""Training with copies of the weight at chosen epochs, each stretch of training cached on disk.

:func:`fit_with_snapshots` trains an RBM exactly as one call of
:func:`rglib.models.training.fit` would, but stops at each requested epoch to
copy the weight. Each stretch between two such epochs is one more call of
``fit``, which continues from the parameters and the generator state the
previous call left, so the snapshots are those of one uninterrupted run. With
``checkpoint_dir``, each stretch is a checkpoint file named after its run key
(its initial state included), and a run made before is loaded, not trained.
"""

from __future__ import annotations

import os

import numpy as np
import torch

from .. import cache
from ..validation import require_flag, require_integer, require_positive_finite
from .rbm import RBM, ArrayLike, require_rbm
from .training import _checkpoint_file, _means, _require_precision, _run_key, _spins, fit

__all__ = ["fit_with_snapshots"]


def fit_with_snapshots(
    rbm: RBM,
    data: ArrayLike,
    epochs_at: tuple[int, ...] | list[int],
    batch_size: int,
    lr: float,
    k: int = 1,
    *,
    binarize: bool = False,
    checkpoint_dir: str | os.PathLike | None = None,
    progress: bool | None = None,
    precision: str = "fp32",
) -> list[np.ndarray]:
    """Train ``rbm`` in place for ``max(epochs_at)`` epochs; return its weight after each of ``epochs_at``.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
        The model, with its initial parameters.
    data : array_like or torch.Tensor, shape (n_samples, n_visible)
        As for :func:`rglib.models.training.fit` (+-1 states, or unit means with ``binarize``).
    epochs_at : sequence of int
        Strictly increasing epoch counts, at least one above 0; 0 (the
        untrained weight) may come first.
    batch_size, lr, k, binarize, progress, precision
        As for :func:`rglib.models.training.fit`.
    checkpoint_dir : path, optional
        Folder of the stretches' checkpoint files (e.g.
        :func:`rglib.cache.cache_directory`); none are written when None.

    Returns
    -------
    list of numpy.ndarray, shape (n_visible, n_hidden) each
        Float64 copies of the weight, one per entry of ``epochs_at``.

    Raises
    ------
    TypeError
        If ``epochs_at`` is not a sequence of integers or ``checkpoint_dir`` not a path.
    ValueError
        If ``rbm`` is not an RBM, ``epochs_at`` is not strictly increasing from
        0 or more with one entry above 0, or another argument is refused by ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> data = np.random.default_rng(0).choice([-1, 1], size=(50, 6))
    >>> weights = fit_with_snapshots(RBM(6, 3, seed=0), data, (0, 1, 3), batch_size=10, lr=0.01)
    >>> [w.shape for w in weights]
    [(6, 3), (6, 3), (6, 3)]
    """
    require_rbm(rbm)
    epochs_at = _require_epochs("epochs_at", epochs_at)
    batch_size = require_integer("batch_size", batch_size, minimum=1)
    lr = require_positive_finite("lr", lr)
    k = require_integer("k", k, minimum=1)
    binarize = require_flag("binarize", binarize)
    folder = _checkpoint_file("checkpoint_dir", checkpoint_dir)
    if folder is not None:
        cache.require_writable(folder / "rbm-snapshot-probe.npz", setting="checkpoint_dir")
    digest = (_means if binarize else _spins)(rbm, "data", data)[1]
    weights, done = [], 0
    for target in epochs_at:
        if target > done:
            path = None
            if folder is not None:
                key = _run_key(rbm, digest, None, target - done, batch_size, lr, k, False,
                               _require_precision(rbm, precision), binarize)
                path = folder / f"rbm-snapshot-{cache.key_digest(key)}.npz"
            fit(rbm, data, target - done, batch_size, lr, k, binarize=binarize, checkpoint_path=path,
                progress=progress, precision=precision)
            done = target
        weights.append(rbm.weight.detach().to("cpu", torch.float64).numpy().copy())
    return weights


def _require_epochs(name: str, values) -> tuple[int, ...]:
    """``values`` as a tuple of strictly increasing epoch counts >= 0 with one above 0."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or not len(values):
        raise TypeError(f"{name} must be a non-empty sequence of epoch counts, e.g. (0, 1, 3), got {values!r}")
    epochs = tuple(require_integer(f"{name}[{i}]", value, minimum=0) for i, value in enumerate(values))
    if any(later <= earlier for earlier, later in zip(epochs, epochs[1:])) or epochs[-1] == 0:
        raise ValueError(f"{name} must increase strictly and end above 0, got {epochs}")
    return epochs
