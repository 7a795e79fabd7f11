"""Atomic, verified storage of expensive arrays on disk (NumPy ``.npz``, no pickle).

Each file holds named arrays plus a JSON header with the key the arrays were
made from and a SHA-256 digest of every array. Files are written to a
temporary name and renamed into place, so a reader never sees half a file.
A file that cannot be read, whose key differs from the one asked for, or
whose digests do not match is reported with a warning, removed, and treated
as missing, so that the caller regenerates it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

import numpy as np
import platformdirs

CACHE_ENVIRONMENT_VARIABLE = "RGLIB_CACHE"
_HEADER = "__header__"


class CorruptCacheWarning(UserWarning):
    """A cache file was unreadable or did not match its key; it will be regenerated."""


def cache_directory() -> Path:
    """The cache folder: ``RGLIB_CACHE`` if set, else the user's cache directory."""
    configured = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("rglib"))


def key_digest(key: dict) -> str:
    """A short, stable digest of a JSON-serializable key."""
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]


def _array_digest(array: np.ndarray) -> str:
    digest = hashlib.sha256(str((array.dtype.str, array.shape)).encode())
    digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


def store(path: Path, arrays: dict[str, np.ndarray], key: dict, extra: dict | None = None) -> None:
    """Write ``arrays`` with their ``key`` (and optional JSON ``extra``) atomically to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {
        "key": key,
        "digests": {name: _array_digest(np.asarray(a)) for name, a in arrays.items()},
        "extra": extra or {},
    }
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, **arrays, **{_HEADER: np.array(json.dumps(header, sort_keys=True))})
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(path: Path, key: dict) -> tuple[dict[str, np.ndarray], dict] | None:
    """Read what :func:`store` wrote for ``key``; None when absent or unusable.

    Returns
    -------
    (arrays, extra) or None
    """
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as archive:
            header = json.loads(str(archive[_HEADER]))
            arrays = {name: archive[name] for name in archive.files if name != _HEADER}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        return _discard(path, f"unreadable ({type(error).__name__}: {error})")
    if header.get("key") != json.loads(json.dumps(key)):
        return _discard(path, "its key does not match the request")
    digests = header.get("digests", {})
    if set(digests) != set(arrays) or any(
        digests[name] != _array_digest(array) for name, array in arrays.items()
    ):
        return _discard(path, "its contents do not match their checksums")
    return arrays, header.get("extra", {})


def _discard(path: Path, reason: str) -> None:
    warnings.warn(f"cache file {path} was rejected: {reason}; regenerating it", CorruptCacheWarning, stacklevel=3)
    path.unlink(missing_ok=True)
    return None
