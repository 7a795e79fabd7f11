"""rglib.runtime.cache: a file is discarded only when its content is proven bad, failures to read or
write name the file and RGLIB_CACHE, permissions follow the umask, arrays are hashed without a
copy, and the temporary files of killed writers are cleaned up (never those of live ones)."""

from __future__ import annotations

import builtins
import errno
import os
import signal
import stat
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pytest

from rglib.runtime import cache

KEY = {"kind": "test", "n": 1}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path))
    return tmp_path


def _stored(folder: Path, name: str = "a.npz") -> Path:
    path = folder / name
    assert cache.store(path, {"a": np.arange(6)}, KEY, extra={"note": 1})
    return path


def _refuse_opening(monkeypatch, path: Path, error: int) -> None:
    """Make every open() of ``path`` fail with ``error``, as for another user's file."""
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and Path(file) == path:
            raise OSError(error, os.strerror(error), str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)


# --------------------------------------------------------------------------
# Reading: only proven-bad content is discarded
# --------------------------------------------------------------------------


def test_a_file_it_may_not_read_is_an_error_naming_it_and_is_kept(folder, monkeypatch):
    path = _stored(folder)
    _refuse_opening(monkeypatch, path, errno.EACCES)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE") as raised:
            cache.load(path, KEY)
    assert str(path) in str(raised.value) and "ermission" in str(raised.value)
    monkeypatch.undo()
    assert path.exists() and cache.load(path, KEY) is not None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_kept(folder):
    path = _stored(folder)
    path.chmod(0)
    try:
        with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE"):
            cache.load(path, KEY)
        assert path.exists()
    finally:
        path.chmod(0o644)


def test_a_folder_at_the_file_path_is_an_error_naming_it_and_is_kept(folder):
    path = folder / "a.npz"
    (path / "inside").mkdir(parents=True)
    for attempt in (lambda: cache.load(path, KEY), lambda: cache.require_writable(path)):
        with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE") as raised:
            attempt()
        assert str(path) in str(raised.value)
    assert (path / "inside").is_dir()


def test_rglib_cache_naming_a_file_is_an_error_naming_rglib_cache(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("I am a file")
    monkeypatch.setenv("RGLIB_CACHE", str(not_a_folder))
    path = cache.cache_directory() / "a.npz"
    for attempt in (lambda: cache.load(path, KEY), lambda: cache.require_writable(path)):
        with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE") as raised:
            attempt()
        assert str(not_a_folder) in str(raised.value)
    assert not_a_folder.read_text() == "I am a file"


class _Hung(Exception):
    """Raised by the alarm of a test whose call would otherwise block forever."""


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not hasattr(signal, "SIGALRM"),
                    reason="needs POSIX FIFOs and alarms")
def test_a_fifo_at_the_file_path_is_refused_at_once_and_kept(folder):
    path = folder / "a.npz"
    os.mkfifo(path)

    def hung(signum, frame):
        raise _Hung("cache.load blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)  # a regression fails here instead of hanging the test run
    try:
        with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE") as raised:
            cache.load(path, KEY)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert str(path) in str(raised.value) and "not a regular file" in str(raised.value)
    assert stat.S_ISFIFO(path.stat().st_mode)


@pytest.mark.parametrize("header", ["[1, 2]", "3", '"text"', "null", '{"key": {}, "extra": []}'])
def test_a_header_of_the_wrong_json_type_is_reported_and_discarded(folder, header):
    path = folder / "a.npz"
    np.savez(path, a=np.arange(6), __header__=np.array(header))
    with pytest.warns(cache.CorruptCacheWarning, match="its header is not"):
        assert cache.load(path, KEY) is None
    assert not path.exists()


def test_digests_of_the_wrong_type_are_reported_and_discarded(folder):
    path = folder / "a.npz"
    header = '{"key": {"kind": "test", "n": 1}, "digests": [], "extra": {}}'
    np.savez(path, a=np.arange(6), __header__=np.array(header))
    with pytest.warns(cache.CorruptCacheWarning, match="checksums"):
        assert cache.load(path, KEY) is None


def test_a_bad_file_that_cannot_be_removed_still_reads_as_missing(folder, monkeypatch):
    path = folder / "a.npz"
    path.write_bytes(b"not an archive")

    def refuse(self, missing_ok=False):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.warns(cache.CorruptCacheWarning, match="could not remove"):
        assert cache.load(path, KEY) is None


# --------------------------------------------------------------------------
# Writing: checked before the work, never losing a result
# --------------------------------------------------------------------------


def test_files_and_folders_follow_the_umask(tmp_path):
    previous = os.umask(0o002)
    try:
        assert cache.store(tmp_path / "new" / "group.npz", {"a": np.arange(3)}, KEY)
        os.umask(0o077)
        assert cache.store(tmp_path / "private.npz", {"a": np.arange(3)}, KEY)
    finally:
        os.umask(previous)
    assert (tmp_path / "new" / "group.npz").stat().st_mode & 0o777 == 0o664
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o775
    assert (tmp_path / "private.npz").stat().st_mode & 0o777 == 0o600


def _refuse_creating_in(monkeypatch, folder: Path) -> None:
    """Make creating any file in ``folder`` fail, as in a read-only cache folder."""
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)


def test_require_writable_names_the_file_and_the_setting(folder, monkeypatch):
    _refuse_creating_in(monkeypatch, folder)
    with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE") as raised:
        cache.require_writable(folder / "a.npz")
    assert str(folder / "a.npz") in str(raised.value)
    with pytest.raises(cache.CacheAccessError, match="checkpoint_path"):
        cache.require_writable(folder / "a.npz", setting="checkpoint_path")
    monkeypatch.undo()
    assert cache.require_writable(str(folder / "deeper" / "a.npz")) == folder / "deeper" / "a.npz"
    assert sorted(p.name for p in folder.rglob("*")) == ["deeper"]  # the probe is gone


def test_a_store_that_fails_warns_and_leaves_nothing_behind(folder, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.warns(cache.CacheWriteWarning, match="RGLIB_CACHE") as warned:
        assert cache.store(folder / "a.npz", {"a": np.arange(3)}, KEY) is False
    assert str(folder / "a.npz") in str(warned[0].message)
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------
# Memory: arrays are hashed in place
# --------------------------------------------------------------------------


def _peak_bytes(action) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_store_and_load_do_not_copy_the_array_to_hash_it(folder):
    array = np.ones((10_000, 80, 80), dtype=np.int8)  # 64 MB
    path = folder / "big.npz"
    # np.savez itself copies 16 MiB chunks on their way to the file; a copy to hash is 64 MB.
    assert _peak_bytes(lambda: cache.store(path, {"a": array}, KEY)) < 0.5 * array.nbytes
    # Loading must allocate the array once; hashing it again would double that.
    assert _peak_bytes(lambda: cache.load(path, KEY)) < 1.5 * array.nbytes


def test_the_digest_of_a_non_contiguous_array_equals_that_of_its_copy(folder):
    array = np.arange(24, dtype=np.int16).reshape(4, 6)
    assert cache._array_digest(array[:, ::2]) == cache._array_digest(array[:, ::2].copy())
    assert cache._array_digest(array.T) != cache._array_digest(array)


# --------------------------------------------------------------------------
# Leftovers of killed writers
# --------------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _partial(folder: Path, name: str, age_seconds: float) -> Path:
    path = folder / name
    path.write_bytes(b"half an archive")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_only_partial_files_of_writers_that_are_provably_gone_are_removed(folder):
    host = cache._host()
    hour, day = 3600.0, 24 * 3600.0
    dead, alive = _dead_pid(), os.getpid()
    stale = [
        _partial(folder, f"a.npz.{host}.{dead}.0a1b.partial", 2 * hour),
        _partial(folder, f"a.npz.other-host.{alive}.0a1b.partial", 8 * day),
        _partial(folder, "ising-L8-T3.5-n40.npzk2j3h_x.partial", 8 * day),  # an older naming scheme
    ]
    kept = [
        _partial(folder, f"a.npz.{host}.{alive}.0a1b.partial", 8 * day),  # its writer is running
        _partial(folder, f"b.npz.{host}.{dead}.0a1b.partial", 0.5 * hour),  # changed recently
        _partial(folder, f"a.npz.other-host.{alive}.0a1b.partial.npz", 8 * day),  # not partial
        _partial(folder, "ising-L8-T3.5-n40.npzk2j3h_x.partial.x", 8 * day),
        _partial(folder, f"c.npz.other-host.{dead}.0a1b.partial", 2 * day),  # cannot be checked yet
    ]
    assert sorted(cache.remove_stale_partials()) == sorted(stale)
    assert all(path.exists() for path in kept) and not any(path.exists() for path in stale)


def test_a_store_cleans_up_the_folder(folder):
    leftover = _partial(folder, f"x.npz.{cache._host()}.{_dead_pid()}.0a1b.partial", 2 * 3600.0)
    _stored(folder)
    assert not leftover.exists()


def test_a_live_concurrent_writer_keeps_its_partial_file(folder):
    """A second process holds an open .partial of its own; a store here must leave it alone."""
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        theirs = _partial(folder, f"x.npz.{cache._host()}.{writer.pid}.0a1b.partial", 2 * 3600.0)
        _stored(folder)
        assert theirs.exists()
    finally:
        writer.communicate(b"")

