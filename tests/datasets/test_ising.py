import errno
import hashlib
import json
import os
import warnings
from pathlib import Path

import numpy as np
import pytest

from rglib.runtime import cache
from rglib.datasets import ising as ising_data
from rglib.ising import SAMPLER_VERSION, sample


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path))
    return tmp_path


def _files(folder):
    return sorted(p for p in folder.iterdir())


def test_second_call_reads_the_cached_file_and_returns_the_same_samples(cache_dir, monkeypatch):
    first, report = ising_data.samples(8, 3.0, 100, seed=4, device="cpu", return_report=True)
    (path,) = _files(cache_dir)
    assert path.suffix == ".npz"

    def must_not_sample(*args, **kwargs):
        raise AssertionError("the cached samples should have been used")

    monkeypatch.setattr(ising_data, "sample", must_not_sample)
    second, cached_report = ising_data.samples(
        8, 3.0, 100, seed=4, device="cpu", return_report=True)
    assert np.array_equal(first, second)
    assert cached_report.burn_in == report.burn_in and cached_report.spacing == report.spacing
    assert np.array_equal(cached_report.autocorrelation_energy, report.autocorrelation_energy)


def test_cached_samples_equal_direct_sampling(cache_dir):
    from rglib.ising import sample

    assert np.array_equal(
        ising_data.samples(8, 4.0, 50, seed=2, device="cpu"),
        sample(8, 4.0, 50, seed=2, device="cpu"),
    )


def test_every_input_is_part_of_the_key(cache_dir):
    base = dict(L=8, T=3.5, n_samples=40, seed=1, device="cpu", algorithm="metropolis")
    variants = [{}, {"T": 3.6}, {"n_samples": 41}, {"seed": 2}, {"L": 10}, {"algorithm": "wolff"}]
    for change in variants:
        arguments = {**base, **change}
        ising_data.samples(
            arguments.pop("L"), arguments.pop("T"), arguments.pop("n_samples"), **arguments)
    assert len(_files(cache_dir)) == len(variants)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip_bytes"])
def test_a_damaged_cache_file_is_reported_and_regenerated(cache_dir, damage):
    original = ising_data.samples(8, 3.0, 60, seed=3, device="cpu")
    (path,) = _files(cache_dir)
    content = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(content[: len(content) // 2])
    elif damage == "garbage":
        path.write_bytes(b"not a numpy archive")
    else:  # a valid archive whose stored spins were changed: only the checksum can tell
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        arrays["samples"][0, 0, 0] *= -1
        np.savez(path, **arrays)
    with pytest.warns(cache.CorruptCacheWarning):
        regenerated = ising_data.samples(8, 3.0, 60, seed=3, device="cpu")
    assert np.array_equal(regenerated, original)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.array_equal(ising_data.samples(8, 3.0, 60, seed=3, device="cpu"), original)


def cache_key(path):
    return json.loads(str(np.load(path, allow_pickle=False)["__header__"]))["key"]


def test_a_file_whose_key_differs_is_not_used(cache_dir):
    ising_data.samples(8, 3.0, 30, seed=3, device="cpu")
    (path,) = _files(cache_dir)
    with pytest.warns(cache.CorruptCacheWarning, match="key"):
        assert cache.load(path, {**cache_key(path), "sampler": "something else"}) is None
    assert not path.exists()


def test_writes_leave_no_partial_files(cache_dir):
    cache.store(cache_dir / "x.npz", {"a": np.arange(5)}, {"k": 1})
    assert [p.name for p in _files(cache_dir)] == ["x.npz"]
    arrays, extra = cache.load(cache_dir / "x.npz", {"k": 1})
    assert np.array_equal(arrays["a"], np.arange(5)) and extra == {}


def test_interrupted_write_leaves_no_file(cache_dir):
    class Boom:
        def __array__(self, *args, **kwargs):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        cache.store(cache_dir / "y.npz", {"a": Boom()}, {"k": 1})
    assert _files(cache_dir) == []


# What each SAMPLER_VERSION draws: sample(8, 2.5, 32, seed=3) on the CPU, SHA-256 (shortened).
# Not a check of correctness (the exact tests are elsewhere) but of the cache: samples that
# change must come with a new SAMPLER_VERSION and a new row here, so that cached samples of
# the old numerics are never reused, while an edited comment keeps them.
SAMPLES_OF_VERSION = {2: {"metropolis": "e52b31cc7facad71", "wolff": "416dce2fdfe7a332"}}


@pytest.mark.parametrize("algorithm", ["metropolis", "wolff"])
def test_changed_samples_come_with_a_new_sampler_version(algorithm):
    samples = sample(8, 2.5, 32, seed=3, device="cpu", algorithm=algorithm)
    digest = hashlib.sha256(samples.tobytes()).hexdigest()[:16]
    assert SAMPLER_VERSION in SAMPLES_OF_VERSION, "add this version's row to SAMPLES_OF_VERSION"
    assert digest == SAMPLES_OF_VERSION[SAMPLER_VERSION][algorithm], (
        "the samples changed: bump rglib.ising.SAMPLER_VERSION and add its row")


# The file each SAMPLER_VERSION caches ising_data.samples(8, 3.0, 4, seed=0, device="cpu") in,
# named after the digest of its key. A change of the key (a field, its spelling, a module path
# in it) orphans every cached sample set, so it must come only with a new SAMPLER_VERSION and a
# new row. Version 2's file is the one rglib.data wrote before it became rglib.datasets.ising.
SAMPLE_FILE_OF_VERSION = {2: "ising-L8-T3-n4-64d2996e961dff0018a6.npz"}


def test_the_cache_file_is_the_one_cached_samples_were_stored_in(cache_dir):
    ising_data.samples(8, 3.0, 4, seed=0, device="cpu")
    assert SAMPLER_VERSION in SAMPLE_FILE_OF_VERSION, "add this version's row"
    assert [path.name for path in _files(cache_dir)] == [SAMPLE_FILE_OF_VERSION[SAMPLER_VERSION]], (
        "the cache key changed, so no cached samples would be found again: keep it, or bump "
        "rglib.ising.SAMPLER_VERSION and add its row")


def test_the_cache_key_follows_the_sampler_version(cache_dir, monkeypatch):
    ising_data.samples(8, 3.0, 4, seed=0, device="cpu")
    monkeypatch.setattr(ising_data, "SAMPLER_VERSION", SAMPLER_VERSION + 1)
    ising_data.samples(8, 3.0, 4, seed=0, device="cpu")
    assert len(_files(cache_dir)) == 2


def test_bad_arguments_are_named(cache_dir):
    with pytest.raises(ValueError, match="L"):
        ising_data.samples(7, 3.0, 10, seed=0)
    with pytest.raises(ValueError, match="n_samples"):
        ising_data.samples(8, 3.0, 0, seed=0)
    with pytest.raises(ValueError, match="algorithm"):
        ising_data.samples(8, 3.0, 10, seed=0, algorithm="gibbs")


def _must_not_sample(*args, **kwargs):
    raise AssertionError("the cache should have been found unwritable before sampling")


def test_rglib_cache_naming_a_file_fails_before_the_work(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("")
    monkeypatch.setenv("RGLIB_CACHE", str(not_a_folder))
    monkeypatch.setattr(ising_data, "sample", _must_not_sample)
    with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE"):
        ising_data.samples(8, 3.0, 20, seed=1, device="cpu")


def test_a_read_only_cache_fails_before_the_work_but_serves_what_it_holds(cache_dir, monkeypatch):
    held = ising_data.samples(8, 3.0, 20, seed=1, device="cpu")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):  # what a read-only folder does to a new file
        if flags & os.O_CREAT and Path(path).parent == cache_dir:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    monkeypatch.setattr(ising_data, "sample", _must_not_sample)
    with pytest.raises(cache.CacheAccessError, match="RGLIB_CACHE") as raised:
        ising_data.samples(8, 3.0, 20, seed=2, device="cpu")
    assert str(cache_dir) in str(raised.value)
    assert np.array_equal(ising_data.samples(8, 3.0, 20, seed=1, device="cpu"), held)


def test_samples_are_returned_when_storing_them_fails(cache_dir, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.warns(cache.CacheWriteWarning, match="RGLIB_CACHE"):
        samples = ising_data.samples(8, 3.0, 20, seed=1, device="cpu")
    from rglib.ising import sample

    assert np.array_equal(samples, sample(8, 3.0, 20, seed=1, device="cpu"))
    assert _files(cache_dir) == []


def test_flags_are_checked_even_when_the_samples_are_cached(cache_dir):
    ising_data.samples(8, 3.0, 20, seed=1, device="cpu")
    with pytest.raises(ValueError, match="progress"):
        ising_data.samples(8, 3.0, 20, seed=1, device="cpu", progress="no")
    with pytest.raises(ValueError, match="return_report"):
        ising_data.samples(8, 3.0, 20, seed=1, device="cpu", return_report="yes")
