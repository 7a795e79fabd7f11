"""Atomic, verified storage of expensive arrays on disk (NumPy ``.npz``, no pickle).

Each file holds named arrays plus a JSON header with the key the arrays were
made from and a SHA-256 digest of every array. Files are written to a
temporary ``.partial`` name beside the target and renamed into place, so a
reader never sees half a file. What can go wrong, and what happens then:

- The content is proven bad (not an archive, truncated, a malformed header,
  another key, digests that do not match): a :class:`CorruptCacheWarning`,
  the file is removed and treated as missing, so the caller regenerates it.
- The file cannot be opened (no permission to read it, a folder, FIFO or
  device in its place, ``RGLIB_CACHE`` naming a file): :class:`CacheAccessError`,
  naming the file and ``RGLIB_CACHE``. Nothing is deleted, and nothing blocks.
- The file cannot be written: callers call :func:`require_writable` before
  the work, so a misconfigured cache fails in seconds, not after an hour of
  computing. Should :func:`store` still fail (disk full, permissions changed
  meanwhile), it warns with a :class:`CacheWriteWarning` and returns False;
  the caller keeps and returns its result.
- A writer killed mid-store leaves its ``.partial`` file behind;
  :func:`remove_stale_partials` (run by every store) removes it once its
  writer is provably gone.

Files and folders are created with the permissions the umask allows, like
any other file the user creates.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import socket
import stat
import struct
import time
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import platformdirs

CACHE_ENVIRONMENT_VARIABLE = "RGLIB_CACHE"
PARTIAL_SUFFIX = ".partial"
#: A ``.partial`` file of a writer on this host whose process has ended is
#: removed once it has not changed for this long (seconds). The wait also
#: covers a writer in another PID namespace (a container) with our host name.
DEAD_WRITER_GRACE_SECONDS = 3600.0
#: A ``.partial`` file whose writer cannot be checked (it ran on another host
#: sharing the folder, or the name holds no process id) is removed once it has
#: not changed for this long (seconds).
UNCHECKABLE_WRITER_SECONDS = 7 * 24 * 3600.0
_HEADER = "__header__"
# Errors of reading an opened cache file that prove its content bad; EIO (a
# failing disk) is excluded below: it proves nothing about the content.
_CONTENT_ERRORS = (
    OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error, struct.error,
    NotImplementedError,
)


class CorruptCacheWarning(UserWarning):
    """A cache file's content was proven bad; it was removed and will be regenerated."""


class CacheWriteWarning(UserWarning):
    """A result could not be stored; it is returned all the same, and recomputed next time."""


class CacheAccessError(OSError):
    """A cache file or folder exists but cannot be read or written here.

    The message names the path and the setting that chose it (``RGLIB_CACHE``
    unless the caller says otherwise). Nothing was deleted.
    """


def cache_directory() -> Path:
    """The cache folder: ``RGLIB_CACHE`` if set (``~`` expanded), else the user's cache folder."""
    configured = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_cache_dir("rglib"))


def key_digest(key: dict) -> str:
    """A short, stable digest of a key: a dict of JSON values (finite numbers only).

    Raises
    ------
    TypeError
        If ``key`` is not a dict or holds something JSON cannot represent.
    ValueError
        If ``key`` holds NaN or infinity (NaN != NaN: such a key never matches).
    """
    return hashlib.sha256(_json_text("key", key).encode()).hexdigest()[:20]


def require_writable(path: str | os.PathLike, *, setting: str = CACHE_ENVIRONMENT_VARIABLE) -> Path:
    """Check, before the work starts, that :func:`store` will be able to write ``path``.

    Creates the missing parent folders, then creates and removes a probe file
    beside ``path``: unlike a look at permission bits, this sees ACLs,
    read-only mounts and a file standing where a folder should be. Call it
    before computing what will be stored, so that a misconfigured cache
    fails at once instead of losing the work.

    Parameters
    ----------
    path : str or os.PathLike
        The file that will be written.
    setting : str, optional
        What chose ``path``, named in the error as the thing to change:
        ``"RGLIB_CACHE"`` (default) for files in :func:`cache_directory`, or
        e.g. ``"checkpoint_path"`` for a path the caller was given.

    Returns
    -------
    pathlib.Path
        ``path`` as a Path.

    Raises
    ------
    CacheAccessError
        If ``path`` is a folder, or no file can be created in its folder.
        The message names ``path`` and ``setting``.
    TypeError
        If ``path`` is not a str or path-like object.
    """
    path = _as_path(path)
    _require_setting(setting)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, probe = _create_partial(path)
        os.close(descriptor)
        probe.unlink()
    except OSError as error:
        raise _access_error(path, "write", error, setting) from None
    return path


def store(
    path: str | os.PathLike, arrays: dict[str, np.ndarray], key: dict, extra: dict | None = None,
    *, setting: str = CACHE_ENVIRONMENT_VARIABLE,
) -> bool:
    """Write ``arrays`` with their ``key`` (and optional JSON ``extra``) atomically to ``path``.

    Parameters
    ----------
    path : str or os.PathLike
        The file; its folder is created if missing.
    arrays : dict of str to array_like
        Numeric or boolean arrays (object arrays would need pickle: refused).
    key : dict
        Everything that determined the arrays, as JSON values; :func:`load`
        returns the arrays only to a caller asking with an equal key.
    extra : dict, optional
        JSON values stored with the arrays and returned by :func:`load`.
    setting : str, optional
        What chose ``path``, named in the warning as the thing to change (as
        for :func:`require_writable`).

    Returns
    -------
    bool
        True when written. False when the file system refused (no permission,
        disk full, ...): a :class:`CacheWriteWarning` names the file and
        ``setting``, no partial file is left behind, and the caller should
        carry on with its result, which will be recomputed next time.

    Raises
    ------
    TypeError, ValueError
        For arguments that cannot be stored, naming the argument; nothing is
        written then.
    """
    path = _as_path(path)
    _require_setting(setting)
    arrays = _storable_arrays(arrays)
    header = {
        "key": json.loads(_json_text("key", key)),
        "digests": {name: _array_digest(array) for name, array in arrays.items()},
        "extra": {} if extra is None else json.loads(_json_text("extra", extra, allow_nan=True)),
    }
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(path.parent)
        descriptor, temporary = _create_partial(path)
        with os.fdopen(descriptor, "wb") as stream:
            np.savez(stream, **arrays, **{_HEADER: np.array(json.dumps(header, sort_keys=True))})
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as error:
        _remove_quietly(temporary)
        warnings.warn(
            f"could not store {path} ({error.strerror or error}); the result is kept in memory "
            f"but will be recomputed next time. {_fix(setting)}",
            CacheWriteWarning,
            stacklevel=2,
        )
        return False
    except BaseException:
        _remove_quietly(temporary)
        raise
    return True


def load(
    path: str | os.PathLike, key: dict, *, setting: str = CACHE_ENVIRONMENT_VARIABLE
) -> tuple[dict[str, np.ndarray], dict] | None:
    """Read what :func:`store` wrote for ``key``; None when absent or proven bad.

    ``setting`` is what chose ``path``, named in errors as the thing to change
    (as for :func:`require_writable`).

    Returns
    -------
    (arrays, extra) or None
        None when there is no file, or (with a :class:`CorruptCacheWarning`,
        the file being removed) when its content is bad or belongs to another key.

    Raises
    ------
    CacheAccessError
        If the file exists but cannot be opened (permissions, a folder, FIFO
        or device in its place, ``RGLIB_CACHE`` naming a file), naming
        ``setting``. The file is left alone.
    TypeError, ValueError
        For a bad ``path`` or ``key``, naming it.
    """
    path = _as_path(path)
    _require_setting(setting)
    expected = json.loads(_json_text("key", key))
    try:
        stream = _open_regular(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _access_error(path, "read", error, setting) from None
    with stream:
        try:
            with np.load(stream, allow_pickle=False) as archive:
                header = json.loads(str(archive[_HEADER]))
                arrays = {name: archive[name] for name in archive.files if name != _HEADER}
        except _CONTENT_ERRORS as error:
            if isinstance(error, OSError) and error.errno == errno.EIO:
                raise _access_error(path, "read", error, setting) from None
            return _discard(path, f"unreadable ({type(error).__name__}: {error})")
    problem = _header_problem(header, expected, arrays)
    if problem:
        return _discard(path, problem)
    return arrays, header["extra"]


def remove_stale_partials(folder: str | os.PathLike | None = None) -> list[Path]:
    """Remove the ``.partial`` files that killed writers left in ``folder``.

    :func:`store` writes ``<name>.<host>.<pid>.<random>.partial`` and renames
    it into place; a writer killed mid-store (SIGKILL, power cut) leaves it
    behind. A file is removed only when its writer is provably gone: it ran
    on this host, its process no longer exists, and the file has not changed
    for :data:`DEAD_WRITER_GRACE_SECONDS`. A file whose writer cannot be
    checked (another host sharing the folder, or a name without a process id)
    is removed after :data:`UNCHECKABLE_WRITER_SECONDS` without change. So a
    running writer's file is never removed; and were one removed, that
    writer's store would fail with a :class:`CacheWriteWarning` while its
    result is still returned.

    Parameters
    ----------
    folder : str or os.PathLike, optional
        Default: :func:`cache_directory`. A missing folder holds nothing.

    Returns
    -------
    list of pathlib.Path
        The files removed.
    """
    folder = cache_directory() if folder is None else _as_path(folder, "folder")
    try:
        candidates = list(folder.glob(f"*{PARTIAL_SUFFIX}"))
    except OSError:
        return []
    removed = []
    now = time.time()
    for candidate in candidates:
        try:
            unchanged_for = now - candidate.stat().st_mtime
        except OSError:  # renamed into place or removed meanwhile
            continue
        if _writer_gone(candidate.name, unchanged_for):
            try:
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)
    return removed


# --------------------------------------------------------------------------
# Arguments
# --------------------------------------------------------------------------


def _as_path(path, name: str = "path") -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a str or os.PathLike, got {type(path).__name__}")
    return Path(path)


def _require_setting(setting) -> None:
    if not isinstance(setting, str):
        raise TypeError(
            f"setting must be a str (what chose the path), got {type(setting).__name__}"
        )


def _json_text(name: str, value, allow_nan: bool = False) -> str:
    """``value`` (a dict) as canonical JSON, or an error naming ``name``.

    A key may not hold NaN: NaN != NaN, so a file stored under it would never match.
    """
    if not isinstance(value, dict):
        raise TypeError(f"{name} must be a dict of JSON values, got {type(value).__name__}")
    try:
        return json.dumps(value, sort_keys=True, allow_nan=allow_nan)
    except TypeError as error:
        raise TypeError(
            f"{name} must hold only JSON values (str, number, bool, None, list, dict): {error}"
        ) from None
    except ValueError as error:
        kind = "" if allow_nan else "finite numbers and "
        raise ValueError(f"{name} must hold only {kind}no reference cycles: {error}") from None


def _storable_arrays(arrays) -> dict[str, np.ndarray]:
    if not isinstance(arrays, dict):
        raise TypeError(f"arrays must be a dict of name to array, got {type(arrays).__name__}")
    converted = {}
    for name, value in arrays.items():
        if not isinstance(name, str) or not name.isidentifier() or name == _HEADER:
            raise ValueError(
                f"arrays must be named by Python identifiers other than {_HEADER!r}, got {name!r}"
            )
        array = np.asarray(value)
        if array.dtype.kind not in "biufc":
            raise ValueError(
                f"arrays[{name!r}] must be numeric or boolean "
                f"(dtype {array.dtype} would need pickle)"
            )
        converted[name] = array
    return converted


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def _array_digest(array: np.ndarray) -> str:
    """SHA-256 of dtype, shape and bytes, hashed in place (no copy of a C-contiguous array)."""
    digest = hashlib.sha256(str((array.dtype.str, array.shape)).encode())
    digest.update(np.ascontiguousarray(array).reshape(-1).view(np.uint8))
    return digest.hexdigest()


def _header_problem(header, expected_key, arrays: dict[str, np.ndarray]) -> str | None:
    """Why the header does not vouch for ``arrays`` under ``expected_key``, or None."""
    if not isinstance(header, dict) or not isinstance(header.get("extra"), dict):
        return "its header is not the JSON object that store() writes"
    if header.get("key") != expected_key:
        return "its key does not match the request"
    digests = header.get("digests")
    if not isinstance(digests, dict) or set(digests) != set(arrays) or any(
        digests[name] != _array_digest(array) for name, array in arrays.items()
    ):
        return "its contents do not match their checksums"
    return None


def _open_regular(path: Path):
    """``path`` opened for binary reading; OSError (errno EINVAL) unless it is a regular file.

    Opened without blocking, so that a FIFO or a device standing at a cache
    file's path is refused at once instead of waiting forever for a writer.
    """
    stream = open(path, "rb", opener=_open_without_blocking)
    try:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
            raise OSError(errno.EINVAL, f"it is {kind}")
        os.set_blocking(stream.fileno(), True)
    except BaseException:
        stream.close()
        raise
    return stream


def _open_without_blocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _discard(path: Path, reason: str) -> None:
    try:
        path.unlink(missing_ok=True)
        outcome = "removed it; regenerating"
    except OSError as error:
        outcome = f"could not remove it ({error.strerror or error}); regenerating"
    warnings.warn(
        f"cache file {path} was rejected: {reason}; {outcome}", CorruptCacheWarning, stacklevel=3
    )
    return None


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"


def _create_partial(path: Path) -> tuple[int, Path]:
    """Create ``<name>.<host>.<pid>.<random>.partial`` beside ``path``, mode 0666 less the umask."""
    temporary = path.with_name(
        f"{path.name}.{_host()}.{os.getpid()}.{secrets.token_hex(6)}{PARTIAL_SUFFIX}"
    )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(temporary, flags, 0o666), temporary


def _writer_gone(name: str, unchanged_for: float) -> bool:
    """Whether the writer of the ``.partial`` file ``name`` has provably stopped."""
    parts = name[: -len(PARTIAL_SUFFIX)].rsplit(".", 3)
    if len(parts) == 4 and parts[1] == _host() and parts[2].isdigit() and int(parts[2]) > 0:
        return unchanged_for > DEAD_WRITER_GRACE_SECONDS and not _process_exists(int(parts[2]))
    return unchanged_for > UNCHECKABLE_WRITER_SECONDS


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it exists
        return True
    return True


def _remove_quietly(path: Path | None) -> None:
    if path is not None:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _access_error(path: Path, action: str, error: OSError, setting: str) -> CacheAccessError:
    return CacheAccessError(f"cannot {action} {path}: {error.strerror or error}. {_fix(setting)}")


def _fix(setting: str) -> str:
    if setting != CACHE_ENVIRONMENT_VARIABLE:
        return f"Check the path and its permissions, or choose another {setting}."
    configured = os.environ.get(CACHE_ENVIRONMENT_VARIABLE)
    now = f"now {configured!r}" if configured else f"unset, so {cache_directory()}"
    return (
        f"Check the path and its permissions, or set {CACHE_ENVIRONMENT_VARIABLE} to a folder "
        f"you can read and write ({CACHE_ENVIRONMENT_VARIABLE} is {now})."
    )
