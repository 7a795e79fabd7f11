"""The paper's deep network: a stack of RBMs trained greedily, layer by layer.

:func:`stack` trains one RBM per pair of consecutive lattice sides, each on
+-1 hidden samples of the layer below, with :func:`rglib.models.rbm.fit`
and a checkpoint per layer.
"""

from __future__ import annotations

import os

import torch

from ..runtime import cache
from ..runtime.backend import require_torch_device
from ..runtime.validation import require_integer, require_path, require_positive_finite
from .rbm import (
    RBM,
    STACK_SAMPLES_STREAM,
    ArrayLike,
    derive_seed,
    fit,
    read_spins,
    require_precision,
    run_key,
)


def stack(
    data: ArrayLike,
    sides: tuple[int, ...] | list[int],
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    k: int = 1,
    seed: int = 0,
    device: str = "cpu",
    held_out: ArrayLike | None = None,
    checkpoint_dir: str | os.PathLike | None = None,
    checkpoint_every: int | None = None,
    progress: bool | None = None,
    precision: str = "fp32",
    first_layer: RBM | None = None,
) -> list[RBM]:
    """Greedy layer-wise training of a stack of RBMs between square lattices.

    Layer l maps sides[l]^2 visible units to sides[l+1]^2 hidden units and is
    trained (:func:`rglib.models.rbm.fit`) on +-1 hidden *samples* of
    layer l-1, drawn from p(h | v) over that layer's training data with a
    seeded generator. Samples, not means tanh(v W + b_h), because the next
    RBM's visible units take the values +-1 only, as its energy and
    conditionals assume.

    Parameters
    ----------
    data : array_like, shape (n_samples, sides[0] ** 2)
        +-1 training vectors of the first layer.
    sides : sequence of int
        Strictly decreasing lattice sides, at least two; the paper: (80, 40, 20, 10).
    epochs, batch_size, lr, k, checkpoint_every, progress, precision
        As for :func:`rglib.models.rbm.fit`, for every layer.
    seed : int
        Layer l is ``RBM(..., seed=seed + l)``; the samples passed on to the
        next layer come from a generator seeded from ``seed`` and l.
    device : {"cpu", "cuda"}
    held_out : array_like, optional
        Held-out +-1 vectors of the first layer, for its free-energy-gap
        monitor (:func:`rglib.models.rbm.fit`); the deeper layers are not monitored.
    checkpoint_dir : path, optional
        Folder of the layers' checkpoints (e.g. :func:`rglib.runtime.cache.cache_directory`),
        one file per layer named after a digest of the data and the arguments;
        a completed stack is then loaded instead of trained again.
    first_layer : RBM, optional
        A trained first layer (``sides[0] ** 2`` visible and ``sides[1] ** 2``
        hidden units, on ``device``) to use as layer 0 instead of training it,
        e.g. a snapshot of a longer training
        (:mod:`rglib.meta.training_length`); the deeper layers are trained on its
        hidden samples as always. ``held_out`` is then not used.

    Returns
    -------
    list of RBM, one per layer (``len(sides) - 1``)

    Examples
    --------
    >>> import numpy as np
    >>> data = np.random.default_rng(0).choice([-1, 1], size=(40, 16))
    >>> layers = stack(data, (4, 2, 1), epochs=1, batch_size=20, lr=0.01)
    >>> [(layer.n_visible, layer.n_hidden) for layer in layers]
    [(16, 4), (4, 1)]
    """
    sides = _require_sides(sides)
    arguments = {
        "sides": sides,
        "epochs": require_integer("epochs", epochs, minimum=1),
        "batch_size": require_integer("batch_size", batch_size, minimum=1),
        "lr": repr(require_positive_finite("lr", lr)),
        "k": require_integer("k", k, minimum=1),
        "seed": require_integer("seed", seed, minimum=0),
        "device": require_torch_device(device),
    }
    if checkpoint_every is not None and checkpoint_dir is None:
        raise ValueError("checkpoint_every needs checkpoint_dir: give the folder to save to")
    folder = require_path("checkpoint_dir", checkpoint_dir, allow_none=True)
    if folder is not None:  # before any layer trains, not after the first
        cache.require_writable(folder / "rbm-stack-layer0.npz", setting="checkpoint_dir")
    if first_layer is not None:
        require_first_layer(first_layer, sides, arguments["device"])
    layers = [RBM(visible ** 2, hidden ** 2, seed=seed + index, device=device)
              if index > 0 or first_layer is None else first_layer
              for index, (visible, hidden) in enumerate(zip(sides[:-1], sides[1:]))]
    layer_data = read_spins(layers[0], "data", data)[0]
    held_digest = None if held_out is None else read_spins(layers[0], "held_out", held_out)[1]
    for index, rbm in enumerate(layers):
        if index > 0:
            layer_data = next_layer_data(layers[index - 1], layer_data, seed, index)
        elif first_layer is not None:
            continue
        layer_held_out, layer_held_digest = (held_out, held_digest) if index == 0 else (None, None)
        path = None
        if folder is not None:
            # Named after everything that determines this layer's training, so that a
            # file from another run is never mistaken for this one.
            key = run_key(rbm, read_spins(rbm, "data", layer_data)[1], layer_held_digest,
                           arguments["epochs"], arguments["batch_size"], float(arguments["lr"]),
                           arguments["k"], False, require_precision(rbm, precision))
            path = folder / f"rbm-stack-layer{index}-{cache.key_digest(key)}.npz"
        fit(rbm, layer_data, epochs, batch_size, lr, k, checkpoint_every=checkpoint_every,
            checkpoint_path=path, progress=progress, held_out=layer_held_out, precision=precision)
    return layers


def next_layer_data(below: RBM, data: torch.Tensor, seed: int, index: int) -> torch.Tensor:
    """The training data of layer ``index`` of a stack seeded ``seed``: +-1 hidden samples of ``below``.

    One draw from p(h | v) of ``below`` (layer ``index - 1``) for each row of
    ``data`` (that layer's training data), with a generator seeded from
    ``seed`` and ``index``, as :func:`stack` draws them.

    Raises
    ------
    TypeError
        If ``below`` is not an RBM.
    ValueError
        If ``data`` are not +-1 states of its visible units, or ``seed`` or
        ``index`` (at least 1) are out of range.
    """
    if not isinstance(below, RBM):
        raise TypeError(f"below must be an rglib.models.rbm.RBM, got {type(below).__name__}")
    seed = require_integer("seed", seed, minimum=0)
    index = require_integer("index", index, minimum=1)
    states = below._states("data", data, below.n_visible, ndim=2)
    sampler = torch.Generator(device=below.device)
    sampler.manual_seed(derive_seed(seed, STACK_SAMPLES_STREAM, index))
    return below.sample_hidden(states, sampler)


def require_first_layer(first_layer, sides: tuple[int, ...], device: str) -> RBM:
    """``first_layer`` if it is an RBM of layer 0's sizes on ``device``, else an error naming it.

    Parameters
    ----------
    first_layer : RBM
        A trained first layer of a stack (see :func:`stack`).
    sides : tuple of int
        The stack's checked lattice sides: the layer must map ``sides[0] ** 2``
        visible to ``sides[1] ** 2`` hidden units.
    device : str
        The stack's checked device, ``"cpu"`` or ``"cuda"``.

    Returns
    -------
    RBM
        ``first_layer``.

    Raises
    ------
    TypeError
        If ``first_layer`` is not an RBM.
    ValueError
        If its sizes or its device are not those.
    """
    if not isinstance(first_layer, RBM):
        raise TypeError(
            f"first_layer must be an rglib.models.rbm.RBM or None, got {type(first_layer).__name__}"
        )
    sizes = (sides[0] ** 2, sides[1] ** 2)
    if (first_layer.n_visible, first_layer.n_hidden) != sizes or first_layer.device != device:
        raise ValueError(
            f"first_layer must have {sizes[0]} visible and {sizes[1]} hidden units on {device!r} "
            f"(sides {sides[:2]}), got {first_layer.n_visible} and {first_layer.n_hidden} on "
            f"{first_layer.device!r}"
        )
    return first_layer


def _require_sides(sides) -> tuple[int, ...]:
    if isinstance(sides, (str, bytes)) or not hasattr(sides, "__len__") or len(sides) < 2:
        raise ValueError(
            f"sides must be a sequence of at least two lattice sides, e.g. (80, 40), got {sides!r}"
        )
    sides = tuple(require_integer(f"sides[{i}]", side, minimum=1) for i, side in enumerate(sides))
    if any(later >= earlier for earlier, later in zip(sides, sides[1:])):
        raise ValueError(f"sides must be strictly decreasing, e.g. (80, 40, 20, 10), got {sides}")
    return sides
