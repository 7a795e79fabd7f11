"""The device: NumPy or CuPy for arrays, and the torch device for the RBMs.

This module is the only place that imports CuPy and the only one that maps
the user's device to torch's. Everything else asks it for a device name
(``"cpu"`` or ``"gpu"``) and for the matching array module
(:func:`array_module`), or for the matching torch device, ``"cpu"`` or
``"cuda"`` (:func:`torch_device`). The choice comes from the ``device``
argument of the public functions, or, when that is ``"auto"``, from the
environment variable ``RGLIB_DEVICE`` (``auto``, ``cpu`` or ``gpu``; default
``auto``). CuPy is imported only when asked for: it is optional, and a
successful import does not mean a usable GPU (:func:`gpu_available`).
"""

from __future__ import annotations

import os
import platform
from types import ModuleType
from typing import Literal

import numpy as np
import torch

from .validation import require_choice

Device = Literal["cpu", "gpu"]
DEVICE_CHOICES = ("auto", "cpu", "gpu")
DEVICE_ENVIRONMENT_VARIABLE = "RGLIB_DEVICE"
#: The torch devices an RBM can live on.
TORCH_DEVICES = ("cpu", "cuda")


def gpu_available() -> bool:
    """Return True when CuPy is installed and a CUDA device can be used.

    A successful ``import cupy`` is not enough: CuPy imports on machines
    without a GPU, so the decision rests on ``cupy.is_available()``.
    """
    try:
        import cupy
    except ImportError:
        return False
    try:
        return bool(cupy.is_available())
    except Exception:  # a broken CUDA installation counts as no GPU
        return False


def resolve_device(device: str = "auto") -> Device:
    """Turn a requested device into the device that will be used.

    Parameters
    ----------
    device : {"auto", "cpu", "gpu"}
        ``"auto"`` defers to ``RGLIB_DEVICE`` and, when that is ``auto`` too,
        picks the GPU if one is available and the CPU otherwise.

    Returns
    -------
    {"cpu", "gpu"}

    Raises
    ------
    ValueError
        If ``device`` (or ``RGLIB_DEVICE``) is not one of the choices, or if
        the GPU is requested where none is available.
    """
    if device not in DEVICE_CHOICES:
        raise ValueError(f"device must be one of {DEVICE_CHOICES}, got {device!r}")
    source = "device"
    if device == "auto":
        device = os.environ.get(DEVICE_ENVIRONMENT_VARIABLE, "auto").strip().lower() or "auto"
        source = DEVICE_ENVIRONMENT_VARIABLE
        if device not in DEVICE_CHOICES:
            raise ValueError(
                f"{DEVICE_ENVIRONMENT_VARIABLE} must be one of {DEVICE_CHOICES}, got {device!r}"
            )
    if device == "auto":
        return "gpu" if gpu_available() else "cpu"
    if device == "gpu" and not gpu_available():
        raise ValueError(
            f"{source}='gpu' was requested but no usable GPU is present "
            "(CuPy is not installed or cupy.is_available() is False); "
            "use device='cpu' or 'auto'"
        )
    return device  # type: ignore[return-value]


def array_module(device: Device) -> ModuleType:
    """Return the array module for a resolved device: ``numpy`` or ``cupy``.

    Raises
    ------
    ValueError
        If ``device`` is not ``"cpu"`` or ``"gpu"`` (pass a requested device,
        ``"auto"`` included, through :func:`resolve_device` first), or is
        ``"gpu"`` where no usable GPU is present.
    """
    if _require_resolved(device) == "gpu":
        import cupy

        return cupy
    return np


def torch_device(device: str = "auto") -> str:
    """The torch device matching a requested device: ``"cuda"`` or ``"cpu"``.

    ``"cuda"`` where ``device`` resolves to the GPU (:func:`resolve_device`,
    so ``"auto"`` follows ``RGLIB_DEVICE``) and torch can use CUDA; ``"cpu"``
    otherwise (a torch without CUDA trains on the CPU while CuPy samples on
    the GPU).

    Raises
    ------
    ValueError
        As :func:`resolve_device`.
    """
    return "cuda" if resolve_device(device) == "gpu" and torch.cuda.is_available() else "cpu"


def require_torch_device(device: str) -> str:
    """``device`` if it is a torch device present here (``"cpu"``, or ``"cuda"`` with CUDA).

    Raises
    ------
    ValueError
        Naming ``device``: not one of :data:`TORCH_DEVICES`, or ``"cuda"``
        where torch cannot use CUDA.
    """
    require_choice("device", device, TORCH_DEVICES)
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device='cuda' was requested but CUDA is not available; use device='cpu'")
    return device


def to_numpy(array) -> np.ndarray:
    """Copy an array from either backend into host memory as a NumPy array.

    Raises
    ------
    TypeError
        If ``array`` is neither a NumPy nor a CuPy array.
    """
    if isinstance(array, np.ndarray):
        return array
    if type(array).__module__.split(".")[0] == "cupy" and hasattr(array, "get"):
        return array.get()
    raise TypeError(
        f"array must be a NumPy or CuPy array, got {type(array).__name__}; "
        "convert other values with numpy.asarray first"
    )


def describe_device(device: Device) -> str:
    """A one-line description of the hardware behind a resolved device.

    Raises
    ------
    ValueError
        As :func:`array_module`, for a device that is not resolved or not present.
    """
    if _require_resolved(device) == "gpu":
        import cupy

        properties = cupy.cuda.runtime.getDeviceProperties(cupy.cuda.Device().id)
        return f"GPU: {properties['name'].decode()}"
    return f"CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} cores"


def _require_resolved(device) -> Device:
    """``device`` if it is a resolved device that is present here, else ValueError naming it."""
    if not isinstance(device, str) or device not in ("cpu", "gpu"):
        raise ValueError(
            f"device must be a resolved device, 'cpu' or 'gpu', got {device!r}; "
            "turn a requested device ('auto', 'cpu', 'gpu') into one with resolve_device()"
        )
    if device == "gpu" and not gpu_available():
        raise ValueError(
            "device='gpu' but no usable GPU is present (CuPy is not installed or "
            "cupy.is_available() is False); use device='cpu'"
        )
    return device  # type: ignore[return-value]
