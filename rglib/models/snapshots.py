"""Training in stretches, each cached on disk, and copies of the weight at chosen epochs.

:func:`train_in_stretches` trains an RBM exactly as one call of
:func:`rglib.models.rbm.fit` would, but stops at each requested epoch
and hands the model over before training on. Each stretch between two such
epochs is one more call of ``fit``, which continues from the parameters and
the generator state the previous call left, so the stops are those of one
uninterrupted run. With ``checkpoint_dir``, each stretch is a checkpoint file
named after its run key (its initial state included), and a run made before
is loaded, not trained. :func:`fit_with_snapshots` keeps a copy of the weight
at each stop; :func:`rglib.meta.training_length.snapshots` keeps the whole model.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..runtime import cache
from ..runtime.progress import show_progress
from ..runtime.validation import (
    require_flag,
    require_integer,
    require_path,
    require_positive_finite,
)
from .rbm import (
    RBM,
    ArrayLike,
    fit,
    read_means,
    read_spins,
    require_precision,
    require_rbm,
    require_rule,
    run_key,
)

__all__ = ["Stretch", "fit_with_snapshots", "train_in_stretches"]


@dataclass(frozen=True, eq=False)
class Stretch:
    """Where a training in stretches stands at one of its requested epochs.

    Attributes
    ----------
    epochs : int
        Epochs trained so far.
    path : pathlib.Path or None
        The checkpoint file of the stretch that ended here; None without a
        checkpoint folder, or at epoch 0 (nothing trained yet).
    history : dict of str to list of float
        The measures of every epoch trained so far: the ``history_`` that
        :func:`rglib.models.rbm.fit` left after each stretch, joined
        (a copy, the caller's to keep).
    """

    epochs: int
    path: Path | None
    history: dict[str, list[float]]


def train_in_stretches(
    rbm: RBM,
    data: ArrayLike,
    epochs_at: Sequence[int],
    batch_size: int,
    lr: float,
    k: int = 1,
    *,
    binarize: bool = False,
    held_out: ArrayLike | None = None,
    checkpoint_every: int | None = None,
    checkpoint_dir: str | os.PathLike | None = None,
    file_name: str = "rbm-snapshot-{digest}.npz",
    progress: bool | None = None,
    precision: str = "fp32",
    persistent: bool = False,
    hidden_statistics: str = "samples",
    weight_decay: float = 0.0,
) -> Iterator[Stretch]:
    """Train ``rbm`` in place for ``max(epochs_at)`` epochs, stopping at each of ``epochs_at``.

    The arguments are checked at once; the training happens as the returned
    iterator is consumed. At each stop, ``rbm`` is the model after that many
    epochs: copy what is to be kept before asking for the next stop, which
    trains it on.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
        The model, with its initial parameters.
    data : array_like or torch.Tensor, shape (n_samples, n_visible)
        As for :func:`rglib.models.rbm.fit` (+-1 states, or unit means with ``binarize``).
    epochs_at : sequence of int
        Strictly increasing epoch counts, at least one above 0; 0 (the
        untrained model) may come first.
    batch_size, lr, k, binarize, held_out, progress, precision, hidden_statistics, weight_decay
        As for :func:`rglib.models.rbm.fit`.
    persistent : bool
        Persistent CD, as for :func:`rglib.models.rbm.fit`; its chain starts
        afresh at the data at each stop (each stretch is one call of ``fit``).
    checkpoint_every : int, optional
        Within each stretch, save its checkpoint every this many epochs
        (needs ``checkpoint_dir``).
    checkpoint_dir : path, optional
        Folder of the stretches' checkpoint files (e.g.
        :func:`rglib.runtime.cache.cache_directory`); none are written when None.
    file_name : str
        Name of each stretch's checkpoint file, a :meth:`str.format` template
        with the fields ``{digest}`` (of the stretch's run key, required) and,
        optionally, ``{end}`` (the epochs trained at the stretch's end).

    Returns
    -------
    iterator of Stretch
        One per entry of ``epochs_at``, each given when ``rbm`` has trained
        that many epochs.

    Raises
    ------
    TypeError
        If ``epochs_at`` is not a sequence of integers, ``checkpoint_dir``
        not a path or ``file_name`` not a str.
    ValueError
        If ``rbm`` is not an RBM, ``epochs_at`` is not strictly increasing
        from 0 or more with one entry above 0, ``checkpoint_every`` is given
        without ``checkpoint_dir``, ``file_name`` is not a file name holding
        ``{digest}``, or another argument is refused by ``fit``.

    Examples
    --------
    >>> import numpy as np
    >>> data = np.random.default_rng(0).choice([-1, 1], size=(50, 6))
    >>> rbm = RBM(6, 3, seed=0)
    >>> [(stop.epochs, len(stop.history.get("reconstruction_error", [])))
    ...  for stop in train_in_stretches(rbm, data, (0, 1, 3), batch_size=10, lr=0.01)]
    [(0, 0), (1, 1), (3, 3)]
    """
    require_rbm(rbm)
    epochs_at = _require_epochs("epochs_at", epochs_at)
    batch_size = require_integer("batch_size", batch_size, minimum=1)
    lr = require_positive_finite("lr", lr)
    k = require_integer("k", k, minimum=1)
    binarize = require_flag("binarize", binarize)
    folder = require_path("checkpoint_dir", checkpoint_dir, allow_none=True)
    if checkpoint_every is not None:
        checkpoint_every = require_integer("checkpoint_every", checkpoint_every, minimum=1)
        if folder is None:
            raise ValueError("checkpoint_every needs checkpoint_dir: give the folder to save to")
    checkpoint_name = _require_file_name(file_name)
    if folder is not None:
        cache.require_writable(folder / checkpoint_name(epochs_at[-1], "probe"),
                               setting="checkpoint_dir")
    read = read_means if binarize else read_spins
    digest = read(rbm, "data", data)[1]
    held_digest = None if held_out is None else read(rbm, "held_out", held_out)[1]
    precision = require_precision(rbm, precision)
    persistent = require_flag("persistent", persistent)
    rule = require_rule(hidden_statistics, weight_decay)
    show_progress(progress)

    def stretches() -> Iterator[Stretch]:
        history: dict[str, list[float]] = {}
        done, path = 0, None
        for target in epochs_at:
            if target > done:
                if folder is not None:
                    key = run_key(rbm, digest, held_digest, target - done, batch_size, lr, k,
                                   persistent, precision, binarize, *rule)
                    path = folder / checkpoint_name(target, cache.key_digest(key))
                fit(rbm, data, target - done, batch_size, lr, k, binarize=binarize,
                    held_out=held_out, checkpoint_every=checkpoint_every, checkpoint_path=path,
                    progress=progress, precision=precision, persistent=persistent,
                    hidden_statistics=rule[0], weight_decay=rule[1])
                for measure, values in rbm.history_.items():
                    history.setdefault(measure, []).extend(values)
                done = target
            yield Stretch(done, path, {measure: values[:] for measure, values in history.items()})

    return stretches()


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

    The training is :func:`train_in_stretches`'s, its checkpoints named
    ``rbm-snapshot-{digest}.npz``.

    Parameters
    ----------
    rbm, data, epochs_at, batch_size, lr, k, binarize, checkpoint_dir, progress, precision
        As for :func:`train_in_stretches` (``epochs_at`` may start at 0:
        the untrained weight).

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
    stretches = train_in_stretches(rbm, data, epochs_at, batch_size, lr, k, binarize=binarize,
                                   checkpoint_dir=checkpoint_dir, progress=progress,
                                   precision=precision)
    return [rbm.weight.detach().to("cpu", torch.float64).numpy().copy() for _ in stretches]


def _require_epochs(name: str, values) -> tuple[int, ...]:
    """``values`` as a tuple of strictly increasing epoch counts >= 0 with one above 0."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or not len(values):
        raise TypeError(f"{name} must be a non-empty sequence of epoch counts, e.g. (0, 1, 3), got {values!r}")
    epochs = tuple(require_integer(f"{name}[{i}]", value, minimum=0) for i, value in enumerate(values))
    if any(later <= earlier for earlier, later in zip(epochs, epochs[1:])) or epochs[-1] == 0:
        raise ValueError(f"{name} must increase strictly and end above 0, got {epochs}")
    return epochs


def _require_file_name(template) -> Callable[[int, str], str]:
    """``name(end, digest)``: ``template``, a file name with ``{digest}`` (maybe ``{end}``),
    filled in."""
    if not isinstance(template, str):
        raise TypeError(f"file_name must be a str, got {type(template).__name__}")

    def name(end: int, digest: str) -> str:
        return template.format(end=end, digest=digest)

    try:
        probe = name(0, "digest")
    except (KeyError, IndexError, ValueError):
        probe = None
    if probe is None or name(0, "other") == probe or Path(probe).name != probe:
        raise ValueError(f"file_name must be a file name with the field {{digest}} (and "
                         f"optionally {{end}}), e.g. 'rbm-snapshot-{{digest}}.npz', "
                         f"got {template!r}")
    return name
