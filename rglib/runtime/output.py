"""Files a user asks for: checked before the work that fills them, rescued when the write fails late.

A command that judges every claim or trains a network for an hour must not
find out only at the end that its output path is a folder, lies in a missing
folder or cannot be written: :func:`require_output_file` says so before the
work. Should the write still fail (the folder removed or made read-only
meanwhile, a full disk), :func:`save_or_rescue` writes the result to a
temporary file instead and raises :class:`SavedElsewhereError` naming it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from .validation import require_path


class SavedElsewhereError(OSError):
    """The requested file could not be written; the result was saved elsewhere.

    Attributes
    ----------
    rescue : pathlib.Path
        Where the result is.
    """

    def __init__(self, message: str, rescue: Path) -> None:
        super().__init__(message)
        self.rescue = rescue


def require_output_file(name: str, value) -> Path:
    """``value`` as a Path to a file that can be written, or ValueError naming ``name``.

    The folder must exist (it is not created: a mistyped folder is more likely
    than a wanted new one), a file must be creatable in it (a probe file is
    created and removed, which sees ACLs and read-only mounts), and ``value``
    must not be a folder or another non-regular file (a FIFO would block).

    Parameters
    ----------
    name : str
        The argument or option that gave the path, named in the error.
    value : str or os.PathLike
        The path.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    TypeError
        If ``value`` is not a str or os.PathLike.
    ValueError
        If the file could not be written, naming ``name``, the path and the fix.

    >>> require_output_file("output", "/no/such/folder/paper.json")
    Traceback (most recent call last):
    ...
    ValueError: output: the folder /no/such/folder does not exist; create it first or choose another output
    """
    path = require_path(name, value)
    if path.is_dir():
        raise ValueError(f"{name}: {path} is a folder; give the path of a file, e.g. {path / 'results.json'}")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise ValueError(f"{name}: {path} exists and is not a regular file (a FIFO, socket or device); "
                         f"choose another {name}")
    folder = path.parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        raise ValueError(f"{name}: the folder {folder} {problem}; create it first or choose another {name}")
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".probe")
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise ValueError(f"{name}: cannot create a file in {folder} ({error.strerror or error}); "
                         f"check its permissions or choose another {name}") from None
    if path.exists() and not os.access(path, os.W_OK):
        raise ValueError(f"{name}: {path} exists and may not be written; check its permissions "
                         f"or choose another {name}")
    return path


def save_or_rescue(path: str | os.PathLike, write: Callable[[Path], object], what: str) -> Path:
    """``write(path)``; if that fails with OSError, ``write`` to a temporary file and say where.

    Parameters
    ----------
    path : str or os.PathLike
        The file asked for.
    write : callable
        Writes the result to the Path it is given.
    what : str
        The result in words, for the message (e.g. ``"the 37 claim results"``).

    Returns
    -------
    pathlib.Path
        ``path``, when written there.

    Raises
    ------
    SavedElsewhereError
        When ``path`` could not be written and the result was written to a
        temporary file instead; the message names both, and why.
    OSError
        When neither could be written (the first error, with the second as its note).
    TypeError
        For a bad ``path``, ``write`` or ``what``.
    """
    path = require_path("path", path)
    if not callable(write):
        raise TypeError(f"write must be a callable taking a Path, got {type(write).__name__}")
    if not isinstance(what, str):
        raise TypeError(f"what must be a str (the result in words), got {type(what).__name__}")
    try:
        write(path)
    except OSError as error:
        descriptor, name = tempfile.mkstemp(prefix=f"rglib-{path.stem}-", suffix=path.suffix or ".out")
        os.close(descriptor)
        rescue = Path(name)
        try:
            write(rescue)
        except OSError as second:
            rescue.unlink(missing_ok=True)
            error.add_note(f"saving to {rescue} instead failed too: {second.strerror or second}")
            raise
        raise SavedElsewhereError(
            f"could not write {path} ({error.strerror or error}); {what} were saved to {rescue} "
            f"instead: move that file where it belongs", rescue) from error
    return path
