"""Grey images as inputs of a +-1 RBM: resizing, subsets, and grey levels as unit means.

The RBM of Appendix A has visible units that take the values +-1, and the
image data sets (:mod:`rglib.datasets`) hold grey levels ``p`` in [0, 1].
This book reads a grey level as the probability that the unit is +1, i.e.
as the unit mean ``m = 2p - 1`` (:func:`to_means`); training then draws
fresh +-1 states with these means for every batch
(``RBM.fit(..., binarize=True)``). Images are flattened row-major, pixel
``(i, j)`` of a ``side x side`` image at index ``i * side + j``, as lattice
sites are in :mod:`rglib.analysis.blockspin` and :mod:`rglib.analysis.modes`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..runtime.validation import require_finite_array, require_integer

__all__ = ["area_matrix", "area_resize", "enlarge", "from_means", "subset", "to_means"]


def area_matrix(old: int, new: int) -> np.ndarray:
    """The 1-D area-averaging ("box") matrix from ``old`` pixels to ``new`` pixels.

    Output pixel ``a`` covers the interval ``[a * old / new, (a + 1) * old / new)``
    of the input axis; entry ``[a, i]`` is the fraction of that interval that
    input pixel ``i`` (the interval ``[i, i + 1)``) covers, so every row sums
    to 1. For ``old = f * new`` it averages blocks of ``f`` pixels.

    Parameters
    ----------
    old, new : int
        Input and output sizes, ``1 <= new <= old``.

    Returns
    -------
    numpy.ndarray, shape (new, old)

    Examples
    --------
    >>> area_matrix(4, 2).tolist()
    [[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]]
    >>> area_matrix(3, 2).round(4).tolist()
    [[0.6667, 0.3333, 0.0], [0.0, 0.3333, 0.6667]]
    """
    old = require_integer("old", old, minimum=1)
    new = require_integer("new", new, minimum=1)
    if new > old:
        raise ValueError(f"new must be at most old = {old} (images are only made smaller), got {new}")
    # In units of 1 / new of an input pixel, output a spans [a * old, (a + 1) * old) and
    # input i spans [i * new, (i + 1) * new): integer arithmetic, exact overlaps.
    starts = np.arange(new)[:, None] * old
    pixels = np.arange(old)[None, :] * new
    overlap = np.minimum(starts + old, pixels + new) - np.maximum(starts, pixels)
    return np.clip(overlap, 0, None) / old


def area_resize(images: ArrayLike, side: int) -> np.ndarray:
    """Square images area-averaged to ``side x side`` pixels (the box filter, exact).

    Each output pixel is the mean of the input image over the output pixel's
    area (:func:`area_matrix` along both axes), so a constant image stays
    constant and the mean grey level of every image is kept. ``side`` equal
    to the input side returns the images unchanged (as float64).

    Parameters
    ----------
    images : array_like, shape (n, s, s)
        Finite grey levels.
    side : int
        ``1 <= side <= s``.

    Returns
    -------
    numpy.ndarray of float64, shape (n, side, side)

    Examples
    --------
    >>> area_resize(np.arange(16.0).reshape(1, 4, 4), 2).tolist()
    [[[2.5, 4.5], [10.5, 12.5]]]
    """
    array = require_finite_array("images", images)
    if array.ndim != 3 or array.shape[1] != array.shape[2] or array.shape[1] == 0:
        raise ValueError(f"images must have shape (n, s, s) (square images), got {array.shape}")
    if require_integer("side", side, minimum=1) > array.shape[1]:
        raise ValueError(f"side must be at most the images' side {array.shape[1]} (images are only "
                         f"made smaller), got {side}")
    matrix = area_matrix(array.shape[1], side)
    return np.einsum("ai,nij,bj->nab", matrix, array, matrix, optimize=True)


def enlarge(images: ArrayLike, side: int) -> np.ndarray:
    """Square images enlarged to ``side x side`` pixels by repeating each pixel in a block.

    ``side`` must be a multiple ``f * s`` of the input side ``s``: each pixel
    becomes an ``f x f`` block of its value, so the enlarged image holds no
    detail the input did not (the inverse of :func:`area_resize` by ``f``).

    Parameters
    ----------
    images : array_like, shape (n, s, s)
        Finite grey levels.
    side : int
        A multiple of ``s``.

    Returns
    -------
    numpy.ndarray of float64, shape (n, side, side)

    Raises
    ------
    ValueError
        If ``images`` is not a finite array of square images, or ``side`` not a multiple of their side.

    Examples
    --------
    >>> enlarge([[[0.0, 1.0], [0.5, 0.25]]], 4)[0].tolist()[:2]
    [[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0]]
    """
    array = require_finite_array("images", images)
    if array.ndim != 3 or array.shape[1] != array.shape[2] or array.shape[1] == 0:
        raise ValueError(f"images must have shape (n, s, s) (square images), got {array.shape}")
    factor, rest = divmod(require_integer("side", side, minimum=1), array.shape[1])
    if rest or not factor:
        raise ValueError(f"side must be a multiple of the images' side {array.shape[1]}, got {side}")
    return array.repeat(factor, axis=1).repeat(factor, axis=2)


def to_means(images: ArrayLike) -> np.ndarray:
    """Grey levels ``p`` in [0, 1] as +-1 unit means ``2p - 1``, one flattened image per row.

    Parameters
    ----------
    images : array_like, shape (n, h, w)
        Grey levels in [0, 1].

    Returns
    -------
    numpy.ndarray of float32, shape (n, h * w)

    Raises
    ------
    ValueError
        If ``images`` is not 3-D or holds a value outside [0, 1] (or NaN);
        nothing is clipped.

    Examples
    --------
    >>> to_means([[[0.0, 0.5], [0.75, 1.0]]]).tolist()
    [[-1.0, 0.0, 0.5, 1.0]]
    """
    array = _real_array("images", images)
    if array.ndim != 3:
        raise ValueError(f"images must have shape (n, h, w), got {array.shape}")
    if not np.all((array >= 0) & (array <= 1)):
        raise ValueError("images must hold grey levels in [0, 1] (no NaN); nothing is clipped")
    return (2 * array - 1).reshape(len(array), -1).astype(np.float32)


def from_means(means: ArrayLike, side: int) -> np.ndarray:
    """The inverse of :func:`to_means` for square images: grey levels ``(1 + m) / 2``.

    Parameters
    ----------
    means : array_like, shape (n, side * side) or (side * side,)
    side : int

    Returns
    -------
    numpy.ndarray, shape (n, side, side) or (side, side)

    Examples
    --------
    >>> from_means([-1.0, 0.0, 0.5, 1.0], 2).tolist()
    [[0.0, 0.5], [0.75, 1.0]]
    """
    side = require_integer("side", side, minimum=1)
    array = _real_array("means", means)
    if array.ndim not in (1, 2) or array.shape[-1] != side * side:
        raise ValueError(f"means must have shape (n, side * side) or (side * side,) = ({side * side},), "
                         f"got {array.shape}")
    if not np.all((array >= -1) & (array <= 1)):
        raise ValueError("means must hold unit means in [-1, 1] (no NaN); nothing is clipped")
    return ((1 + array) / 2).reshape(*array.shape[:-1], side, side)


def subset(count: int, size: int | None, seed: int) -> np.ndarray:
    """Sorted indices of a seeded random subset of ``size`` of ``count`` items (None: all).

    Parameters
    ----------
    count : int
        Number of items, at least 1.
    size : int or None
        How many to keep; None or ``size >= count`` keeps them all.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    >>> subset(5, None, seed=0).tolist()
    [0, 1, 2, 3, 4]
    >>> len(subset(100, 10, seed=0)), len(set(subset(100, 10, seed=0)))
    (10, 10)
    """
    count = require_integer("count", count, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    if size is None or require_integer("size", size, minimum=1) >= count:
        return np.arange(count)
    return np.sort(np.random.default_rng(seed).choice(count, size=size, replace=False))


def _real_array(name: str, values: ArrayLike) -> np.ndarray:
    """``values`` as a float64 array, or ValueError naming ``name`` (NaN is left to the range checks)."""
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nesting
        raise ValueError(f"{name} must be a real numeric array: {error}") from None
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a real numeric array, got dtype {array.dtype}")
    return array.astype(np.float64, copy=False)
