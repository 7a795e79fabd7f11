"""Argument checks shared by the modules of :mod:`rglib.analysis`.

Fields are flattened row-major: site ``(i, j)`` of an ``L x L`` lattice is at
index ``i*L + j``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from rglib.runtime.validation import require_finite_array, require_integer

#: The largest ``L**2 max |f|`` of a field whose Fourier power ``|F|**2`` cannot overflow float64.
_FOURIER_LIMIT = math.sqrt(np.finfo(np.float64).max)


def square_field(name: str, value) -> np.ndarray:
    """A square lattice field from an ``L x L`` array or a vector of length ``L*L``.

    Finite, not all zero, and small enough that its Fourier power is finite.
    """
    array = require_finite_array(name, value)
    if array.ndim == 1:
        side = math.isqrt(array.size)
        if side * side != array.size or side == 0:
            raise ValueError(
                f"{name} must have a perfect-square length L*L, got length {array.size}"
            )
        array = array.reshape(side, side)
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.size == 0:
        raise ValueError(f"{name} must be an L x L array or a vector of length L*L, "
                         f"got shape {array.shape}")
    if not np.any(array):
        raise ValueError(f"{name} must not be all zero")
    # |F(k)| <= sum |f| <= L**2 max |f|: below this bound the Fourier power |F|**2 is finite.
    largest = float(np.max(np.abs(array)))
    if largest * array.size > _FOURIER_LIMIT:
        raise ValueError(f"{name} must have values small enough for its Fourier power to be finite: "
                         f"L**2 max|{name}| = {largest * array.size:.3g} exceeds {_FOURIER_LIMIT:.3g}; "
                         f"divide {name} by a constant first (spectra scale with it)")
    return array


def lattice_shape(name: str, value) -> tuple[int, ...]:
    """A lattice shape: a tuple of positive integers (or one integer)."""
    if isinstance(value, numbers.Integral):
        value = (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise ValueError(f"{name} must be a tuple of positive integers, got {value!r}") from None
    if not items:
        raise ValueError(f"{name} must hold at least one dimension")
    return tuple(require_integer(name, item, minimum=1) for item in items)


def weight_matrix(weight, visible_shape, hidden_shape) -> tuple[np.ndarray, tuple, tuple]:
    """Check that ``weight`` is a finite matrix matching the two lattice shapes."""
    visible_shape = lattice_shape("visible_shape", visible_shape)
    hidden_shape = lattice_shape("hidden_shape", hidden_shape)
    matrix = require_finite_array("weight", weight, ndim=2)
    expected = (math.prod(visible_shape), math.prod(hidden_shape))
    if matrix.shape != expected:
        raise ValueError(
            f"weight must have shape (prod(visible_shape), prod(hidden_shape)) = {expected}, "
            f"got {matrix.shape}"
        )
    return matrix, visible_shape, hidden_shape
