"""Reading IDX files, the format of MNIST and Fashion-MNIST.

An IDX file is a big-endian header followed by unsigned bytes. The header's
first four bytes are the magic number: 2051 for images (then three 32-bit
dimensions: count, rows, columns) and 2049 for labels (then one: count). The
files may be gzip-compressed (``.gz``) or plain; the reader tells them apart
by their content, not their name.

Every check fails loudly: a wrong magic number, a header that is cut short, or
a body whose length differs from what the header announces is a
:class:`ValueError` that names the file. A truncated file never becomes a
silently shorter array.
"""

from __future__ import annotations

import gzip
import math
import os
import zlib
from pathlib import Path

import numpy as np

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049
_GZIP_SIGNATURE = b"\x1f\x8b"


def read_idx_images(path: str | os.PathLike) -> np.ndarray:
    """The images of an IDX image file (magic number 2051).

    Parameters
    ----------
    path : str or path-like
        The file, gzip-compressed or plain.

    Returns
    -------
    numpy.ndarray of uint8, shape (count, rows, columns)

    Raises
    ------
    ValueError
        If the file is not an IDX image file, or is truncated or corrupt.
    """
    return _read_idx(_path(path), IMAGES_MAGIC, "image")


def read_idx_labels(path: str | os.PathLike) -> np.ndarray:
    """The labels of an IDX label file (magic number 2049).

    Parameters
    ----------
    path : str or path-like
        The file, gzip-compressed or plain.

    Returns
    -------
    numpy.ndarray of uint8, shape (count,)

    Raises
    ------
    ValueError
        If the file is not an IDX label file, or is truncated or corrupt.
    """
    return _read_idx(_path(path), LABELS_MAGIC, "label")


def _path(path) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    return Path(path)


def _read_idx(path: Path, magic: int, kind: str) -> np.ndarray:
    content = _file_content(path)
    rank = magic & 0xFF
    header_length = 4 + 4 * rank
    if len(content) < 4:
        raise ValueError(f"{path} holds {len(content)} bytes, too few for an IDX header")
    found = int.from_bytes(content[:4], "big")
    if found != magic:
        raise ValueError(
            f"{path} is not an IDX {kind} file: its magic number is {found}, expected {magic}"
        )
    if len(content) < header_length:
        raise ValueError(f"{path} is truncated inside its header ({len(content)} bytes)")
    shape = tuple(int(size) for size in np.frombuffer(content, ">u4", count=rank, offset=4))
    if 0 in shape:
        raise ValueError(f"{path} announces an empty array of shape {shape}")
    announced = math.prod(shape)
    present = len(content) - header_length
    if present != announced:
        raise ValueError(
            f"{path} is truncated or corrupt: its header announces shape {shape} "
            f"({announced} bytes of data) but the file holds {present}"
        )
    return np.frombuffer(content, np.uint8, offset=header_length).reshape(shape)


def _file_content(path: Path) -> bytearray:
    """The file's bytes, decompressed when it is gzip (writable, so arrays can share it)."""
    content = path.read_bytes()
    if content[:2] != _GZIP_SIGNATURE:
        return bytearray(content)
    try:
        return bytearray(gzip.decompress(content))
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"{path} is a truncated or corrupt gzip file: {error}") from None
