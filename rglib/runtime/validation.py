"""Checks of arguments at the public boundary, with messages that say the fix."""

from __future__ import annotations

import math
import numbers
import os
from pathlib import Path

import numpy as np


def require_integer(name: str, value, minimum: int | None = None) -> int:
    """Return ``value`` as an int, or raise ValueError naming ``name``.

    Booleans and floats (even integral ones such as 80.0) are refused: a size
    given as a float usually hides a computation that went wrong.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def require_positive_finite(name: str, value) -> float:
    """Return ``value`` as a float, or raise ValueError if it is not finite and > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return value


def require_real(name: str, value) -> float:
    """Return ``value`` as a float, or raise ValueError if it is not a finite real number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    return float(value)


def require_choice(name: str, value, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ValueError."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def require_finite_array(name: str, value, ndim: int | None = None) -> np.ndarray:
    """``value`` as a float64 array, or ValueError naming ``name``."""
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a real numeric array: {error}") from None
    numeric = np.issubdtype(array.dtype, np.number) or array.dtype == bool
    if not numeric or np.iscomplexobj(array):
        raise ValueError(f"{name} must be a real numeric array, got dtype {array.dtype}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return array


def machine_memory() -> int | None:
    """Bytes of physical memory of this machine, or None where the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # not POSIX, or the names are unknown
        return None


def require_fits_in_memory(name: str, value, n_bytes: int, what: str) -> None:
    """ValueError naming ``name`` when ``n_bytes`` (what ``value`` asks for) exceed this machine's memory.

    Called before allocating, so that an absurd size fails at once with the
    argument to change, not with a MemoryError, a raw torch error or a swap
    storm. The bound is the physical memory (:func:`machine_memory`): a
    request larger than that cannot succeed here; one below it may still fail
    if other programs hold the memory.

    Parameters
    ----------
    name : str
        The argument that set the size, named in the message.
    value : object
        Its value, shown in the message.
    n_bytes : int
        The bytes the call would allocate (a Python int: no overflow).
    what : str
        What they would hold, in words (e.g. ``"the L**2 x (L/stride)**2 matrix"``).

    >>> require_fits_in_memory("L", 2**40, 8 * 2**80, "the lattice")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: L = 1099511627776 would need 9.01e+15 GiB for the lattice, more than the ... GiB of memory ...
    """
    available = machine_memory()
    if available is not None and n_bytes > available:
        raise ValueError(
            f"{name} = {value!r} would need {n_bytes / 2**30:.3g} GiB for {what}, more than the "
            f"{available / 2**30:.3g} GiB of memory this machine has; choose a smaller {name}")


def require_flag(name: str, value, *, allow_none: bool = False) -> bool | None:
    """Return ``value`` as a bool (or None when ``allow_none``), else raise ValueError.

    Only ``True`` and ``False`` (Python or NumPy booleans) count: a string such
    as ``"no"`` is truthy, so accepting it would do the opposite of what was meant.
    """
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    allowed = "True, False or None" if allow_none else "True or False"
    raise ValueError(f"{name} must be {allowed}, got {value!r} ({type(value).__name__})")


def require_path(name: str, value, *, allow_none: bool = False) -> Path | None:
    """``value`` as a :class:`~pathlib.Path`; TypeError naming ``name`` unless it is a str or os.PathLike.

    With ``allow_none``, None is passed through (an optional file or folder).

    >>> require_path("path", "results/paper.json")
    PosixPath('results/paper.json')
    >>> require_path("checkpoint_path", None, allow_none=True) is None
    True
    """
    if value is None and allow_none:
        return None
    if not isinstance(value, (str, os.PathLike)):
        allowed = "a str or os.PathLike (or None)" if allow_none else "a str or os.PathLike"
        raise TypeError(f"{name} must be {allowed} (a file's or folder's path), got {type(value).__name__}")
    return Path(value)
