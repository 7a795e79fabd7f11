"""rglib.studies.mode_dropping: truncated weights, low-passed singular vectors, and the held-out measures."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from rglib.runtime import cache
from rglib.studies import mode_dropping
from rglib.analysis.fourier import discard_high_modes
from rglib.studies.mode_dropping import (
    DroppedModes, cached_drop_modes, default_grid, drop_modes, relevant_count, truncated_rbm,
)
from rglib.models.rbm import RBM
from rglib.models.reconstruction import reconstruction_error

RNG = np.random.default_rng(11)
#: An 8 x 8 -> 4 x 4 network in float64 with biases, and data for it.
NETWORK = RBM(64, 16, weight=RNG.standard_normal((64, 16)) * 0.3, visible_bias=RNG.standard_normal(64) * 0.1,
              hidden_bias=RNG.standard_normal(16) * 0.1, dtype=torch.float64)
STATES = RNG.choice([-1.0, 1.0], size=(50, 64))
TRAIN = RNG.choice([-1.0, 1.0], size=(80, 64))
MEANS = RNG.uniform(-1, 1, size=(40, 64))


def _outside_band_power(fields: np.ndarray, side: int, band: int) -> float:
    spectra = np.abs(np.fft.fft2(fields.reshape(-1, side, side))) ** 2
    k = np.abs(np.fft.fftfreq(side) * side)
    return float(spectra[:, ~np.outer(k <= band, k <= band)].sum())


def test_full_rank_reproduces_the_network_and_zero_leaves_the_biases():
    full = truncated_rbm(NETWORK, 16)
    np.testing.assert_allclose(full.weight.numpy(), NETWORK.weight.numpy(), atol=1e-13)
    np.testing.assert_array_equal(full.visible_bias.numpy(), NETWORK.visible_bias.numpy())
    np.testing.assert_array_equal(full.hidden_bias.numpy(), NETWORK.hidden_bias.numpy())
    np.testing.assert_allclose(full.free_energy(STATES).numpy(), NETWORK.free_energy(STATES).numpy(), rtol=1e-12)
    np.testing.assert_allclose(full.hidden_mean(MEANS).numpy(), NETWORK.hidden_mean(MEANS).numpy(), atol=1e-13)
    bias_only = truncated_rbm(NETWORK, 0)
    assert float(bias_only.weight.abs().max()) == 0.0
    b_v, b_h = NETWORK.visible_bias.numpy(), NETWORK.hidden_bias.numpy()
    np.testing.assert_allclose(bias_only.hidden_mean(STATES).numpy(), np.tile(np.tanh(b_h), (50, 1)), atol=1e-15)
    expected = -STATES @ b_v - np.sum(np.log(2 * np.cosh(b_h)))
    np.testing.assert_allclose(bias_only.free_energy(STATES).numpy(), expected, rtol=1e-13)


@pytest.mark.parametrize("k", [1, 5, 15])
def test_top_k_keeps_the_largest_singular_modes(k):
    before = NETWORK.weight.numpy().copy()
    values = np.linalg.svd(before, compute_uv=False)
    weight = truncated_rbm(NETWORK, k).weight.numpy()
    kept = np.linalg.svd(weight, compute_uv=False)
    np.testing.assert_allclose(kept[:k], values[:k], rtol=1e-12)
    assert np.all(kept[k:] < 1e-12 * values[0])
    np.testing.assert_array_equal(NETWORK.weight.numpy(), before)  # the network itself is left alone


def test_low_pass_keeps_exactly_the_hidden_band():
    """The band is that of discard_high_modes: the coarse-grained columns do not change."""
    original = NETWORK.weight.numpy()
    low = truncated_rbm(NETWORK, 16, low_pass=True).weight.numpy()
    assert _outside_band_power(low.T, 8, 2) < 1e-24
    assert _outside_band_power(original.T, 8, 2) > 1.0
    for column in range(16):
        np.testing.assert_allclose(discard_high_modes(low[:, column], 4),
                                   discard_high_modes(original[:, column], 4), atol=1e-12)
    # A band-limited weight is left as it is.
    smooth = RBM(64, 16, weight=low, dtype=torch.float64)
    np.testing.assert_allclose(truncated_rbm(smooth, 16, low_pass=True).weight.numpy(), low, atol=1e-13)


def test_drop_modes_bookkeeping_and_reference_values():
    result = drop_modes(NETWORK, MEANS, STATES, TRAIN, relevant_fraction=0.2)
    values = np.linalg.svd(NETWORK.weight.numpy(), compute_uv=False)
    assert result.relevant == relevant_count(values, 0.2) == int(np.sum(values >= 0.2 * values[0]))
    assert result.kept[0] == 16 and result.kept[-1] == 0 and result.relevant in result.kept
    assert np.all(np.diff(result.kept) < 0)
    np.testing.assert_array_equal(result.kept, default_grid(16, result.relevant))
    for name in ("errors", "low_passed_errors", "gaps", "low_passed_gaps"):
        assert getattr(result, name).shape == result.kept.shape
    assert result.full_error == pytest.approx(reconstruction_error(NETWORK, MEANS), rel=1e-12)
    assert result.errors[-1] == pytest.approx(reconstruction_error(truncated_rbm(NETWORK, 0), MEANS), rel=1e-12)
    assert result.errors[-1] == result.low_passed_errors[-1]  # nothing left to low-pass
    per_sample = ((MEANS - NETWORK.visible_mean(NETWORK.hidden_mean(MEANS)).numpy()) ** 2).mean(axis=1)
    assert result.error_standard_error == pytest.approx(per_sample.std(ddof=1) / np.sqrt(40), rel=1e-12)
    held, train = NETWORK.free_energy(STATES).numpy(), NETWORK.free_energy(TRAIN).numpy()
    assert result.gaps[0] == pytest.approx(held.mean() - train.mean(), rel=1e-12)
    assert result.gap_standard_error == pytest.approx(np.sqrt(held.var(ddof=1) / 50 + train.var(ddof=1) / 80))
    assert result.n_held_out == 40
    chosen = drop_modes(NETWORK, MEANS, STATES, TRAIN, kept=[3], relevant_fraction=0.2)
    np.testing.assert_array_equal(chosen.kept, sorted({16, result.relevant, 3}, reverse=True))
    assert chosen.errors[list(chosen.kept).index(3)] == result.errors[list(result.kept).index(3)]


def test_default_grid():
    assert default_grid(1, 1).tolist() == [1, 0]
    grid = default_grid(1600, 200)
    assert grid[0] == 1600 and grid[-1] == 0 and 200 in grid and np.all(np.diff(grid) < 0)


@pytest.mark.parametrize(("call", "name"), [
    (lambda: truncated_rbm(NETWORK, 17), "k"),
    (lambda: truncated_rbm(NETWORK, -1), "k"),
    (lambda: truncated_rbm(NETWORK, 2.0), "k"),
    (lambda: truncated_rbm(NETWORK, 2, low_pass="yes"), "low_pass"),
    (lambda: truncated_rbm("rbm", 2), "rbm"),
    (lambda: truncated_rbm(RBM(10, 4), 2), "rbm"),
    (lambda: truncated_rbm(RBM(16, 64), 2), "rbm"),
    (lambda: drop_modes(NETWORK, MEANS[:, :63], STATES, TRAIN, relevant_fraction=0.2), "held_out"),
    (lambda: drop_modes(NETWORK, MEANS * 2, STATES, TRAIN, relevant_fraction=0.2), "held_out"),
    (lambda: drop_modes(NETWORK, MEANS, MEANS, TRAIN, relevant_fraction=0.2), "held_out_states"),
    (lambda: drop_modes(NETWORK, MEANS, STATES, TRAIN[:1], relevant_fraction=0.2), "train_states"),
    (lambda: drop_modes(NETWORK, MEANS, STATES, TRAIN, kept=[17], relevant_fraction=0.2), "kept"),
    (lambda: drop_modes(NETWORK, MEANS, STATES, TRAIN, kept=[2.5], relevant_fraction=0.2), "kept"),
    (lambda: relevant_count([1.0, -1.0], 0.2), "singular_values"),
    (lambda: relevant_count([[1.0]], 0.2), "singular_values"),
    (lambda: default_grid(0, 0), "rank"),
    (lambda: default_grid(4, 5), "relevant"),
])
def test_bad_arguments_name_the_argument(call, name):
    with pytest.raises((ValueError, TypeError), match=rf"\b{name}\b"):
        call()


# ------------------------------------------------------------------ the cache of drop_modes
#: A tiny 4 x 4 -> 2 x 2 network in float32 (as the trained ones are), and data for it.
TINY = RBM(16, 4, weight=RNG.standard_normal((16, 4)) * 0.5, visible_bias=RNG.standard_normal(16) * 0.1,
           hidden_bias=RNG.standard_normal(4) * 0.1)
TINY_DATA = (RNG.uniform(-1, 1, size=(12, 16)), RNG.choice([-1.0, 1.0], size=(12, 16)),
             RNG.choice([-1, 1], size=(15, 16)).astype(np.int8))


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def computed(monkeypatch) -> list:
    """The arguments of every drop_modes call that cached_drop_modes makes (it still computes)."""
    calls = []

    def counting(*args, **kwargs):
        calls.append((args, kwargs))
        return drop_modes(*args, **kwargs)

    monkeypatch.setattr(mode_dropping, "drop_modes", counting)
    return calls


def _assert_identical(a: DroppedModes, b: DroppedModes) -> None:
    """Field by field: arrays of the same dtype, shape and bytes; numbers of the same type and value."""
    for field in dataclasses.fields(DroppedModes):
        x, y = getattr(a, field.name), getattr(b, field.name)
        assert type(x) is type(y), field.name
        if isinstance(x, np.ndarray):
            assert (x.dtype, x.shape, x.tobytes()) == (y.dtype, y.shape, y.tobytes()), field.name
        else:
            assert x == y, field.name


def _files(folder) -> list:
    return sorted(folder.glob("mode-dropping-*.npz"))


def test_cached_drop_modes_round_trips_exactly(empty_cache, computed):
    expected = drop_modes(TINY, *TINY_DATA, relevant_fraction=0.2)
    first = cached_drop_modes(TINY, *TINY_DATA, relevant_fraction=0.2)
    assert len(computed) == 1 and len(_files(empty_cache)) == 1
    again = cached_drop_modes(TINY, *TINY_DATA, relevant_fraction=0.2)
    assert len(computed) == 1  # read, not computed
    for result in (first, again):
        _assert_identical(result, expected)
    chosen = cached_drop_modes(TINY, *TINY_DATA, kept=np.array([1], dtype=np.int32), relevant_fraction=0.2)
    _assert_identical(cached_drop_modes(TINY, *TINY_DATA, kept=[1, 1], relevant_fraction=0.2), chosen)  # the same grid
    _assert_identical(chosen, drop_modes(TINY, *TINY_DATA, kept=[1], relevant_fraction=0.2))
    assert len(computed) == 2 and len(_files(empty_cache)) == 2


def _changed_parameter(name: str) -> RBM:
    values = {key: getattr(TINY, key).numpy().copy() for key in ("weight", "visible_bias", "hidden_bias")}
    values[name].flat[0] = np.nextafter(values[name].flat[0], np.float32(np.inf), dtype=np.float32)
    return RBM(16, 4, **values)


@pytest.mark.parametrize("change", [
    "weight", "visible_bias", "hidden_bias", "float64", "held_out", "held_out_states", "train_states", "kept",
    "relevant_fraction",
])
def test_any_change_of_network_data_or_grid_is_another_file_and_recomputed(empty_cache, computed, change):
    cached_drop_modes(TINY, *TINY_DATA, relevant_fraction=0.2)
    rbm, data, kept, fraction = TINY, list(TINY_DATA), None, 0.2
    if change == "relevant_fraction":
        fraction = 0.4
    elif change in ("weight", "visible_bias", "hidden_bias"):
        rbm = _changed_parameter(change)
    elif change == "float64":  # the same values, held in another precision
        rbm = RBM(16, 4, weight=TINY.weight.double(), visible_bias=TINY.visible_bias.double(),
                  hidden_bias=TINY.hidden_bias.double(), dtype=torch.float64)
    elif change == "kept":
        kept = [1]
    else:
        index = ("held_out", "held_out_states", "train_states").index(change)
        data[index] = data[index].copy()
        data[index][-1, -1] *= -1
    changed = cached_drop_modes(rbm, *data, kept=kept, relevant_fraction=fraction)
    assert len(computed) == 2 and len(_files(empty_cache)) == 2
    _assert_identical(changed, drop_modes(rbm, *data, kept=kept, relevant_fraction=fraction))


def test_the_key_at_the_papers_cut_is_the_one_written_before_the_cut_was_an_argument():
    """Files written when the 20 % cut was a constant of the study are still found."""
    arrays, _ = mode_dropping._arguments(TINY, *TINY_DATA, None)
    key = mode_dropping._key(TINY, arrays, None, 0.2)
    assert "relevant_fraction" not in key
    assert mode_dropping._key(TINY, arrays, None, 0.4)["relevant_fraction"] == 0.4


@pytest.mark.parametrize("damage", ["corrupt", "stale"])
def test_a_corrupt_or_stale_file_is_recomputed_not_used(empty_cache, computed, damage):
    expected = cached_drop_modes(TINY, *TINY_DATA, relevant_fraction=0.2)
    (path,) = _files(empty_cache)
    if damage == "corrupt":
        path.write_bytes(path.read_bytes()[:-50])
    else:  # another network's result under this network's name
        other = cached_drop_modes(_changed_parameter("weight"), *TINY_DATA, relevant_fraction=0.2)
        assert not np.array_equal(other.singular_values, expected.singular_values)
        (other_path,) = set(_files(empty_cache)) - {path}
        other_path.replace(path)
    calls = len(computed)
    with pytest.warns(cache.CorruptCacheWarning):
        again = cached_drop_modes(TINY, *TINY_DATA, relevant_fraction=0.2)
    assert len(computed) == calls + 1
    _assert_identical(again, expected)
    _assert_identical(cached_drop_modes(TINY, *TINY_DATA, relevant_fraction=0.2), expected)  # stored again, and sound
    assert len(computed) == calls + 1


def test_cached_drop_modes_checks_its_arguments_before_touching_the_cache(empty_cache):
    with pytest.raises(ValueError, match="train_states"):
        cached_drop_modes(TINY, TINY_DATA[0], TINY_DATA[1], TINY_DATA[2][:1], relevant_fraction=0.2)
    assert not empty_cache.exists()
