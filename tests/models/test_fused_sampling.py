"""The fused sampling kernel of RBM training (rglib.models.fused_sampling), checked without a GPU.

As in ``tests/ising/test_gpu_kernel_source.py``, the CUDA source is compiled for the host
by a C++ compiler, with the few CUDA names it uses defined as plain C++, and
each CUDA "thread" run in a loop. Its uniforms (read back by bisection), its
probabilities and its +-1 units must be bit-identical to the NumPy/Numba
reference. Where ``nvcc`` exists the source must compile for an H100 without
fused multiply-adds; where CuPy and CUDA exist, the GPU must give the
reference's units, in a CUDA graph too.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
import pytest
import torch

from rglib.models import fused_sampling
from rglib.models.fused_sampling import (
    KERNEL_SOURCE, available, reference_spins, reference_uniforms, sample_spins_,
)
from rglib.ising.philox import Stream, philox
from tests.host_cuda import compile_for_host, compile_ptx

HOST_DRIVER = r"""
extern "C" void run(const float* field, float* out, long long n, const unsigned long long* draw,
                    unsigned int k0, unsigned int k1, int binarize) {
    const long long threads = (n + 3) / 4;
    blockDim.x = 1;
    threadIdx.x = 0;
    for (long long thread = 0; thread < threads; ++thread) {
        blockIdx.x = (unsigned int)thread;
        rbm_sample_spins(field, out, n, draw, k0, k1, binarize);
    }
}
extern "C" void probabilities(const float* x, float* p, long long n) {
    for (long long i = 0; i < n; ++i) p[i] = rbm_tanh_probability(x[i]);
}
"""

KEY = (0x12345678, 0x9ABCDEF0)


class HostKernel:
    """The CUDA kernel's source, compiled for the host and called on NumPy arrays."""

    def __init__(self, library: ctypes.CDLL):
        self._run = library.run
        self._run.restype = None
        self._run.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_longlong, ctypes.c_void_p,
                              ctypes.c_uint, ctypes.c_uint, ctypes.c_int]
        self._probabilities = library.probabilities
        self._probabilities.restype = None
        self._probabilities.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_longlong]

    def sample(self, field: np.ndarray, draw: int, key=KEY, binarize=False, out=None) -> np.ndarray:
        """One kernel launch on ``field`` (float32, contiguous; any alignment) at draw ``draw``."""
        assert field.dtype == np.float32 and field.flags.c_contiguous
        out = np.empty_like(field) if out is None else out
        counter = np.array([draw], dtype=np.uint64)
        self._run(field.ctypes.data, out.ctypes.data, field.size, counter.ctypes.data, *key, int(binarize))
        assert counter[0] == draw, "the kernel must not change the draw counter"
        return out

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        p = np.empty_like(x)
        self._probabilities(x.ctypes.data, p.ctypes.data, x.size)
        return p

    def uniforms(self, n: int, draw: int, key=KEY, offset: int = 0) -> np.ndarray:
        """The kernel's uniforms, read back by bisection on thresholds p = m 2**-24 (binarize mode).

        With ``binarize``, x = m 2**-23 - 1 gives p = m 2**-24 exactly, and unit i
        is +1 exactly when the uniform's 24-bit integer is below m. ``offset``
        shifts the arrays by that many floats (unaligned: the kernel's scalar path).
        """
        low, high = np.zeros(n, dtype=np.int64), np.full(n, 2**24, dtype=np.int64)
        storage = np.empty(n + offset, dtype=np.float32)
        field = storage[offset:]
        while np.any(high - low > 1):
            middle = (low + high) // 2
            field[:] = (middle * 2.0**-23 - 1).astype(np.float32)
            assert np.array_equal(field.astype(np.float64), middle * 2.0**-23 - 1), "x not exact"
            below = self.sample(field, draw, key, binarize=True) > 0  # integer of u < middle
            high = np.where(below, middle, high)
            low = np.where(below, low, middle)
        return (low * 2.0**-24).astype(np.float32)


@pytest.fixture(scope="module")
def host_kernel(tmp_path_factory) -> HostKernel:
    return HostKernel(compile_for_host(tmp_path_factory.mktemp("fused_sampling"), KERNEL_SOURCE, HOST_DRIVER))


def _awkward_fields(n: int, seed: int) -> np.ndarray:
    """Random fields with the special values mixed in: 0, -0, tiny, huge, inf, NaN, +-20."""
    rng = np.random.default_rng(seed)
    field = (3 * rng.standard_normal(n)).astype(np.float32)
    special = np.array([0.0, -0.0, 1e-30, -1e-30, 1e-8, -1e-8, 9.0, -9.0, 20.0, -20.0, 45.0, -45.0,
                        1e30, -1e30, np.inf, -np.inf, np.nan], dtype=np.float32)
    field[rng.choice(n, size=len(special) * 20, replace=False)] = np.tile(special, 20)
    return field


# --------------------------------------------------------------------------
# The stream
# --------------------------------------------------------------------------


def test_reference_uniforms_are_the_documented_philox_words():
    draw = 3 * 2**32 + 17
    uniforms = reference_uniforms(10, draw, KEY)
    assert uniforms.dtype == np.float32 and uniforms.shape == (10,)
    for block in range(3):
        words = philox([block, 17, 3, int(Stream.RBM_SAMPLING)], KEY)
        expected = ((words >> 8) * 2.0**-24).astype(np.float32)[: len(uniforms[4 * block:4 * block + 4])]
        assert np.array_equal(uniforms[4 * block:4 * block + 4], expected)
    assert Stream.RBM_SAMPLING == 3


def test_reference_uniforms_lie_in_0_1_and_are_uniform():
    uniforms = reference_uniforms(400_000, 5, KEY)
    assert uniforms.min() >= 0 and uniforms.max() < 1
    assert np.all(uniforms * 2**24 == np.floor(uniforms * 2**24)), "multiples of 2**-24"
    assert abs(uniforms.mean() - 0.5) < 5 * math.sqrt(1 / 12 / len(uniforms))
    counts = np.histogram(uniforms, bins=16, range=(0, 1))[0]
    assert np.all(np.abs(counts - len(uniforms) / 16) < 5 * math.sqrt(len(uniforms) / 16))


def test_a_different_draw_or_key_gives_different_uniforms_the_same_draw_the_same():
    first = reference_uniforms(1000, 7, KEY)
    assert np.array_equal(first, reference_uniforms(1000, 7, KEY))
    for other in (reference_uniforms(1000, 8, KEY), reference_uniforms(1000, 7 + 2**32, KEY),
                  reference_uniforms(1000, 7, (KEY[0], KEY[1] ^ 1))):
        assert np.mean(first == other) < 0.01


# --------------------------------------------------------------------------
# The kernel's source, run on the host
# --------------------------------------------------------------------------


@pytest.mark.parametrize("n, draw, offset", [(1, 0, 0), (4099, 0, 0), (4099, 1, 1), (1030, 2**32 + 5, 3),
                                             (64, 2**64 - 1, 0)])
def test_the_kernels_uniforms_are_the_references_bit_for_bit(host_kernel, n, draw, offset):
    assert np.array_equal(host_kernel.uniforms(n, draw, offset=offset), reference_uniforms(n, draw, KEY))


def test_the_kernels_probability_is_the_references_bit_for_bit_and_accurate(host_kernel):
    grid = np.linspace(-50, 50, 2_000_001, dtype=np.float32)
    small = np.float32(10.0) ** np.linspace(-38, 1, 100_001, dtype=np.float32)
    x = np.concatenate([grid, small, -small, _awkward_fields(100_000, 1)]).astype(np.float32)
    p = host_kernel.probabilities(x)
    reference = fused_sampling._tanh_probability(x)
    assert np.array_equal(p, reference, equal_nan=True)
    finite = np.isfinite(x)
    exact = 0.5 * (1 + np.tanh(x[finite].astype(np.float64)))
    assert np.max(np.abs(p[finite] - exact)) < 2e-7
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(p[x >= 9] == 1) and np.all(p[x <= -9] == 0) and np.all(p[np.isnan(x)] == 0)


@pytest.mark.parametrize("binarize", [False, True])
@pytest.mark.parametrize("shape, offset", [((1000, 64), 0), ((37, 11), 0), ((5, 7), 1), ((4,), 2)])
def test_the_kernels_units_are_the_references_bit_for_bit(host_kernel, binarize, shape, offset):
    size = math.prod(shape)
    values = _awkward_fields(max(size, 400), 2)[:size]
    if binarize:
        values = np.clip(np.tanh(values), -1, 1).astype(np.float32)
    storage = np.empty(size + offset, dtype=np.float32)
    field = storage[offset:].reshape(shape)
    field[...] = values.reshape(shape)
    for draw in (0, 1, 2**40 + 3):
        units = host_kernel.sample(field, draw, binarize=binarize)
        assert np.array_equal(units, reference_spins(field, draw, KEY, binarize=binarize))


def test_the_kernel_may_write_over_its_field(host_kernel):
    field = _awkward_fields(1001, 3)
    expected = reference_spins(field, 4, KEY)
    host_kernel.sample(field, 4, out=field)
    assert np.array_equal(field, expected)


def test_units_are_plus_or_minus_one_and_saturated_fields_deterministic(host_kernel):
    units = host_kernel.sample(_awkward_fields(10_000, 4), 0)
    assert set(np.unique(units)) == {-1.0, 1.0}
    for draw in range(5):
        assert np.all(host_kernel.sample(np.full(4001, 20.0, dtype=np.float32), draw) == 1)
        assert np.all(host_kernel.sample(np.full(4001, -20.0, dtype=np.float32), draw) == -1)
        assert np.all(host_kernel.sample(np.full(4001, np.nan, dtype=np.float32), draw) == -1)
        assert np.all(host_kernel.sample(np.full(4001, 1.0, dtype=np.float32), draw, binarize=True) == 1)
        assert np.all(host_kernel.sample(np.full(4001, -1.0, dtype=np.float32), draw, binarize=True) == -1)


@pytest.mark.parametrize("x", [-2.0, -0.5, 0.0, 0.3, 1.5])
def test_the_mean_unit_is_tanh_of_the_field(host_kernel, x):
    n = 400_000
    units = host_kernel.sample(np.full(n, x, dtype=np.float32), 11)
    sigma = math.sqrt((1 - math.tanh(x) ** 2) / n)
    assert abs(units.mean() - math.tanh(x)) < 5 * sigma


@pytest.mark.parametrize("x", [-0.9, -0.25, 0.0, 0.6])
def test_binarized_units_are_plus_one_with_probability_one_plus_the_mean_over_two(host_kernel, x):
    n = 400_000
    units = host_kernel.sample(np.full(n, x, dtype=np.float32), 12, binarize=True)
    probability = (1 + x) / 2
    assert abs(np.mean(units > 0) - probability) < 5 * math.sqrt(probability * (1 - probability) / n)


def test_the_kernel_draws_anew_with_each_draw_number_and_repeats_with_the_same(host_kernel):
    field = np.zeros(4000, dtype=np.float32)
    first = host_kernel.sample(field, 0)
    assert np.array_equal(first, host_kernel.sample(field, 0))
    second = host_kernel.sample(field, 1)
    assert 0.4 < np.mean(first != second) < 0.6  # independent fair coins differ half the time


def test_the_cuda_source_compiles_for_an_h100_without_fused_multiply_adds(tmp_path):
    ptx = compile_ptx(tmp_path, KERNEL_SOURCE)
    assert "mul.hi" in ptx and ".entry rbm_sample_spins" in ptx
    assert "fma" not in ptx, "an FMA would change the probability's last bit against the CPU reference"
    assert "ld.global.v4.f32" in ptx and "st.global.v4.f32" in ptx


# --------------------------------------------------------------------------
# Arguments (checked before any GPU use)
# --------------------------------------------------------------------------


def _tensors(n=8):
    return torch.zeros(n), torch.zeros(n), torch.zeros(1, dtype=torch.int64)


@pytest.mark.parametrize("change, name", [
    (dict(field=np.zeros(8, dtype=np.float32)), "field"),
    (dict(field=torch.zeros(8, dtype=torch.float64)), "field"),
    (dict(field=torch.zeros(8, 2).T), "field"),
    (dict(out=torch.zeros(9)), "out"),
    (dict(out=torch.zeros(8, dtype=torch.float16)), "out"),
    (dict(draw_counter=torch.zeros(2, dtype=torch.int64)), "draw_counter"),
    (dict(draw_counter=torch.zeros(1, dtype=torch.int32)), "draw_counter"),
    (dict(key=(1, 2**32)), "key"),
    (dict(key=(1, -1)), "key"),
    (dict(key=(1, 2.0)), "key"),
    (dict(key=(1,)), "key"),
    (dict(binarize="yes"), "binarize"),
    ({}, "field"),  # a CPU tensor
])
def test_sample_spins_refuses_bad_arguments_naming_them(change, name):
    field, out, counter = _tensors()
    arguments = dict(field=field, out=out, draw_counter=counter, key=KEY) | change
    binarize = arguments.pop("binarize", False)
    with pytest.raises((TypeError, ValueError), match=name):
        sample_spins_(**arguments, binarize=binarize)
    assert counter.item() == 0


def test_sample_spins_refuses_an_out_overlapping_its_field():
    storage = torch.zeros(16)
    with pytest.raises(ValueError, match="out"):
        sample_spins_(storage[:8], storage[4:12], torch.zeros(1, dtype=torch.int64), KEY)


# --------------------------------------------------------------------------
# On the GPU
# --------------------------------------------------------------------------

needs_gpu = pytest.mark.skipif(not available(), reason="needs CuPy and a CUDA device (available() is False)")


@pytest.mark.gpu
@needs_gpu
@pytest.mark.parametrize("binarize", [False, True])
@pytest.mark.parametrize("shape, offset", [((1000, 1600), 0), ((37, 11), 0), ((5, 7), 1)])
def test_gpu_units_are_the_references_and_the_counter_advances(binarize, shape, offset):
    size = math.prod(shape)
    values = _awkward_fields(max(size, 400), 5)[:size]
    if binarize:
        values = np.tanh(values).astype(np.float32)
    storage = torch.empty(size + offset, device="cuda")
    field = storage[offset:].view(shape)
    field.copy_(torch.from_numpy(values.reshape(shape)))
    out = torch.empty_like(field)
    counter = torch.tensor([2**32 + 9], dtype=torch.int64, device="cuda")
    for draw in (2**32 + 9, 2**32 + 10):
        returned = sample_spins_(field, out, counter, KEY, binarize=binarize)
        assert returned is out
        assert counter.item() == draw + 1
        assert np.array_equal(out.cpu().numpy(), reference_spins(values.reshape(shape), draw, KEY,
                                                                 binarize=binarize))
    sample_spins_(field, field, counter, KEY, binarize=binarize)  # in place
    assert np.array_equal(field.cpu().numpy(), reference_spins(values.reshape(shape), draw + 1, KEY,
                                                               binarize=binarize))


@pytest.mark.gpu
@needs_gpu
def test_gpu_uniforms_are_the_references():
    n, draw = 4099, 3
    low, high = torch.zeros(n, dtype=torch.int64, device="cuda"), torch.full((n,), 2**24, device="cuda")
    field, out = torch.empty(n, device="cuda"), torch.empty(n, device="cuda")
    counter = torch.zeros(1, dtype=torch.int64, device="cuda")
    for _ in range(24):
        middle = (low + high) // 2
        field.copy_(middle.double() * 2.0**-23 - 1)
        counter.fill_(draw)
        sample_spins_(field, out, counter, KEY, binarize=True)
        below = out > 0
        high, low = torch.where(below, middle, high), torch.where(below, low, middle)
    assert np.array_equal((low.cpu().numpy() * 2.0**-24).astype(np.float32), reference_uniforms(n, draw, KEY))


@pytest.mark.gpu
@needs_gpu
def test_gpu_sampling_replayed_in_a_cuda_graph_draws_anew_each_replay():
    values = _awkward_fields(1000 * 1600, 6).reshape(1000, 1600)
    field = torch.from_numpy(values).cuda()
    out = torch.empty_like(field)
    counter = torch.zeros(1, dtype=torch.int64, device="cuda")
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):  # warm up (compiles and loads the kernel) outside the capture
        sample_spins_(field, out, counter, KEY)
    torch.cuda.current_stream().wait_stream(side)
    counter.zero_()
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        sample_spins_(field, out, counter, KEY)
    assert counter.item() == 0, "capture must not run the kernel"
    results = []
    for _ in range(2):
        graph.replay()
        torch.cuda.synchronize()
        results.append(out.cpu().numpy())
    assert counter.item() == 2
    for draw, units in enumerate(results):
        assert np.array_equal(units, reference_spins(values, draw, KEY))
    assert not np.array_equal(results[0], results[1])
