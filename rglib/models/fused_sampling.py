"""Sampling of +-1 units in one CUDA kernel, graph-safe, with a CPU reference.

Why
---
A CD-1 step of the paper's RBM (batches of 1,000, 6,400 visible and 1,600
hidden units) spends about 0.44 ms of its 0.83 ms on an H100 in its matrix
products; most of the rest is the sampling of the +-1 units, which torch does
as five kernels over the whole batch: ``tanh``, ``add_``, ``div_`` (the
probability (1 + tanh(x)) / 2), ``rand`` (a uniform per unit, from its own
Philox generator) and ``where`` (+1 where the uniform is below the
probability). Each kernel reads and writes the batch once. The kernel here
does all of it in one pass: it reads the field, draws the uniforms and writes
the +-1 units, so the batch crosses GPU memory twice instead of about nine
times, and one kernel is launched instead of five.

Measured on an H100 (torch 2.11, CuPy 14.2), replayed in a CUDA graph: one
visible (1000 x 6400) plus one hidden (1000 x 1600) sampling took 118 us as
five torch kernels and 31 us fused (kernel and counter increment, about
2.0 TB/s of effective memory traffic); binarizing 1000 x 6400 means, 83 us
against 19.5 us. Launched eagerly from Python, a call costs about 30 us of
host time (the CuPy launch), about 40 us with the argument checks of
:func:`sample_spins_`: the training loop should replay graphs, or at least
call the unchecked :func:`launch` after checking its buffers once.

The random stream
-----------------
Philox4x32-10 (:mod:`rglib.ising.philox`), as the Ising samplers use it. For the
``i``-th element of a call (row-major order of the batch x units tensor),
one CUDA thread handles four consecutive elements from one Philox call:

* counter = ``(i // 4, draw % 2**32, draw // 2**32, Stream.RBM_SAMPLING)``;
* key = ``(key_0, key_1)``, fixed for a model (say, derived from its seed);
* lane ``i % 4`` of the four 32-bit words, ``word``, gives the uniform
  ``u_i = (word >> 8) * 2**-24``: exact in float32, in [0, 1).

``draw`` numbers the calls: each call reads it from a one-element int64
tensor on the GPU (``draw_counter``) and adds one to it afterwards, on the
same stream. It is never a launch argument, so that a captured CUDA graph,
which replays its launches with the arguments they had at capture, still draws
fresh numbers at every replay; and the counter, saved with a model's
checkpoint, makes a resumed training draw what an uninterrupted one would.

The update
----------
Unit ``i`` becomes +1 where ``u_i < p_i`` and -1 otherwise, with
``p_i = 0.5 * (1 + tanh(x_i))`` for a field ``x_i`` (or, to binarize grey
images, ``p_i = 0.5 * (1 + x_i)`` for a mean ``x_i`` in [-1, 1]), all in
float32. The tanh is not the math library's ``tanhf``, whose last bits
CUDA, glibc and NumPy do not promise to share: it is computed from ``exp(-2 |x|)`` with
rounded float32 products and sums only (a degree-7 polynomial of 2**r and an
exact power of two), written with ``__fmul_rn``/``__fadd_rn``/``__fdiv_rn`` so
that the CUDA compiler cannot fuse them into FMAs. Any IEEE-754 float32
arithmetic then gives the same bits, and :func:`reference_spins` reproduces
the GPU's units exactly in NumPy. Its absolute error in ``p`` is at most
8e-8 (against 6e-8 for float32 ``(1 + tanhf(x)) / 2``), near the resolution
of the uniforms themselves, 2**-24 = 6e-8; a NaN field gives -1, as the five torch kernels do, and
fields beyond about +-9 give p = 1 or 0 exactly, hence deterministic units.

See :func:`sample_spins_` for the GPU call, :func:`reference_uniforms` and
:func:`reference_spins` for the same stream on the CPU.
"""

from __future__ import annotations

import numbers
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import torch
from numba import njit, uint32

from ..ising.philox import PHILOX_CUDA_SOURCE, Stream, philox4x32
from ..runtime.validation import require_flag, require_integer

#: Elements per CUDA thread: the four words of one Philox call.
LANES = 4
#: The largest number of elements in one call: the block index i // 4 is one 32-bit counter word.
MAX_ELEMENTS = LANES * 2**32
_THREADS_PER_BLOCK = 256
_UNIFORM_SCALE = 2.0**-24


def _float32(value: float) -> float:
    """``value`` rounded to float32, as a Python float (exactly a float32 value)."""
    return float(np.float32(value))


# Constants of the probability, each exactly a float32 value. Written into the CUDA source
# with repr() of that double, a C compiler reads back the same float32 (the decimal lies
# within half a double ulp of it), and NumPy uses the same float32 below.
_MINUS_2_LOG2_E = _float32(-2.0 / np.log(2.0))
_LOWEST_EXPONENT = -126.0  # exp(-2|x|) >= 2**-126: normal, and 1 -/+ it rounds to 1
_EXP2_COEFFICIENTS = tuple(_float32(np.log(2.0) ** k / np.prod(np.arange(1, k + 1, dtype=float)))
                           for k in range(7, -1, -1))  # ln(2)^k / k!, highest degree first

_PROBABILITY_SOURCE = r"""
// 0.5 * (1 + tanh(x)) in float32, bit-identical on any IEEE-754 arithmetic: rounded products,
// sums and one quotient only (no FMA contraction, no library tanhf).
__device__ __forceinline__ float rbm_tanh_probability(const float x)
{
    // y = log2 exp(-2|x|), at least LOWEST_EXPONENT (which a NaN field also takes)
    float y = __fmul_rn(MINUS_2_LOG2_E, fabsf(x));
    y = y > LOWEST_EXPONENT ? y : LOWEST_EXPONENT;
    // 2**y = 2**whole * 2**r, r = y - whole exact, in [-1/2, 1/2]; 2**r by Horner, degree 7
    const float whole = rintf(y);
    const float r = __fadd_rn(y, -whole);
    float q = C7;
    q = __fadd_rn(__fmul_rn(q, r), C6);
    q = __fadd_rn(__fmul_rn(q, r), C5);
    q = __fadd_rn(__fmul_rn(q, r), C4);
    q = __fadd_rn(__fmul_rn(q, r), C3);
    q = __fadd_rn(__fmul_rn(q, r), C2);
    q = __fadd_rn(__fmul_rn(q, r), C1);
    q = __fadd_rn(__fmul_rn(q, r), C0);
    // e = exp(-2|x|) (ldexpf scales exactly), tanh|x| = (1 - e) / (1 + e)
    const float e = ldexpf(q, (int)whole);
    const float t = __fdiv_rn(__fadd_rn(1.0f, -e), __fadd_rn(1.0f, e));
    return __fmul_rn(0.5f, __fadd_rn(1.0f, x > 0.0f ? t : -t));
}
"""
for _name, _value in [("MINUS_2_LOG2_E", _MINUS_2_LOG2_E), ("LOWEST_EXPONENT", _LOWEST_EXPONENT),
                      *((f"C{7 - k}", c) for k, c in enumerate(_EXP2_COEFFICIENTS))]:
    _PROBABILITY_SOURCE = _PROBABILITY_SOURCE.replace(_name, f"{_value!r}f")

#: The CUDA C source: Philox, the probability and the kernel ``rbm_sample_spins``.
KERNEL_SOURCE = (
    PHILOX_CUDA_SOURCE
    + _PROBABILITY_SOURCE
    + r"""
// out[i] = +1 where u_i < p_i, else -1, for the n elements of field (out may be field itself).
// Thread b handles elements 4b .. 4b + 3 with the four words of Philox at counter
// (b, draw_low, draw_high, STREAM), the draw number read from draw[0] (not baked into a graph).
// p_i = 0.5 (1 + tanh(field_i)), or with binarize 0.5 (1 + field_i).
extern "C" __global__ void rbm_sample_spins(
    const float* field, float* out, const long long n, const unsigned long long* draw,
    const unsigned int key_0, const unsigned int key_1, const int binarize)
{
    const long long block = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const long long first = 4 * block;
    if (first >= n) return;
    const unsigned long long number = draw[0];
    unsigned int words[4] = {(unsigned int)block, (unsigned int)number,
                             (unsigned int)(number >> 32), STREAM};
    philox4x32_10(words, key_0, key_1);

    const bool vector = first + 4 <= n
        && ((((unsigned long long)(field + first)) | ((unsigned long long)(out + first))) & 15ull) == 0;
    float x[4];
    if (vector) {
        const float4 loaded = *reinterpret_cast<const float4*>(field + first);
        x[0] = loaded.x; x[1] = loaded.y; x[2] = loaded.z; x[3] = loaded.w;
    } else {
#pragma unroll
        for (int lane = 0; lane < 4; ++lane) x[lane] = first + lane < n ? field[first + lane] : 0.0f;
    }
    float s[4];
#pragma unroll
    for (int lane = 0; lane < 4; ++lane) {
        const float u = __fmul_rn((float)(words[lane] >> 8), 5.9604644775390625e-08f);   // 2**-24
        const float p = binarize ? __fmul_rn(0.5f, __fadd_rn(1.0f, x[lane])) : rbm_tanh_probability(x[lane]);
        s[lane] = u < p ? 1.0f : -1.0f;
    }
    if (vector) {
        float4 stored;
        stored.x = s[0]; stored.y = s[1]; stored.z = s[2]; stored.w = s[3];
        *reinterpret_cast<float4*>(out + first) = stored;
    } else {
#pragma unroll
        for (int lane = 0; lane < 4; ++lane) if (first + lane < n) out[first + lane] = s[lane];
    }
}
""".replace("STREAM", f"{int(Stream.RBM_SAMPLING)}u")
)


# --------------------------------------------------------------------------
# The GPU call
# --------------------------------------------------------------------------


def available() -> bool:
    """Whether :func:`sample_spins_` can run: CuPy imports and torch sees a CUDA device."""
    try:
        import cupy
    except ImportError:
        return False
    try:
        return bool(torch.cuda.is_available() and cupy.is_available())
    except Exception:  # a broken CUDA installation counts as none
        return False


@lru_cache(maxsize=1)
def _kernel():
    import cupy

    return cupy.RawKernel(KERNEL_SOURCE, "rbm_sample_spins")


class _StreamHandle:
    """A raw ``cudaStream_t``, offered through the ``__cuda_stream__`` protocol."""

    def __init__(self, pointer: int):
        self._pointer = pointer

    def __cuda_stream__(self) -> tuple[int, int]:
        return 0, self._pointer


@lru_cache(maxsize=64)
def _external_stream(pointer: int, device: int):
    """CuPy's view of torch's stream ``pointer`` on ``device`` (cached: torch pools its streams)."""
    import cupy

    from_external = getattr(cupy.cuda.Stream, "from_external", None)
    if from_external is None:  # CuPy before 14
        return cupy.cuda.ExternalStream(pointer, device)
    return from_external(_StreamHandle(pointer))


def sample_spins_(
    field: torch.Tensor,
    out: torch.Tensor,
    draw_counter: torch.Tensor,
    key: tuple[int, int],
    *,
    binarize: bool = False,
) -> torch.Tensor:
    """Draw +-1 units from ``field`` into ``out`` in one CUDA kernel; advance ``draw_counter``.

    ``out[i]`` becomes +1 where the uniform ``u_i`` of draw ``draw_counter[0]``
    (see the module's documentation for the stream) is below
    ``0.5 * (1 + tanh(field[i]))``, or with ``binarize`` below
    ``0.5 * (1 + field[i])``, and -1 elsewhere. Then ``draw_counter`` is
    increased by one. Both run on torch's current CUDA stream, and the draw
    number is read on the device when the kernel runs, so the call may be
    captured in a :class:`torch.cuda.CUDAGraph`: each replay draws anew.

    Parameters
    ----------
    field : torch.Tensor
        Contiguous float32 CUDA tensor, any shape (row-major order numbers
        the elements): the fields ``v W + b`` (or, with ``binarize``, the
        means in [-1, 1]). At most ``4 * 2**32`` elements.
    out : torch.Tensor
        Contiguous float32 tensor of ``field``'s shape, on its device: receives
        +-1.0. It may be ``field`` itself, but not overlap it otherwise.
    draw_counter : torch.Tensor
        One-element int64 CUDA tensor on ``field``'s device: the draw number
        (read as unsigned 64 bits), increased by one per call. Keep it with the
        model and in its checkpoints.
    key : tuple of 2 int
        The Philox key, two words in [0, 2**32).
    binarize : bool, default False
        Take ``field`` as means (p = (1 + x) / 2) rather than fields.

    Returns
    -------
    torch.Tensor
        ``out``.

    Raises
    ------
    TypeError
        If ``field``, ``out`` or ``draw_counter`` is not a torch.Tensor.
    ValueError
        Naming the argument: a dtype other than float32 (int64 for
        ``draw_counter``), a non-contiguous tensor, ``out`` of another shape
        or partly overlapping ``field``, a counter of more than one element,
        key words outside [0, 2**32), ``binarize`` not a bool, too many
        elements, or a tensor not on ``field``'s CUDA device.
    RuntimeError
        If CuPy is not installed or no CUDA device can be used.
    """
    _check_tensor("field", field, torch.float32)
    _check_tensor("out", out, torch.float32)
    if out.shape != field.shape:
        raise ValueError(f"out must have field's shape {tuple(field.shape)}, got {tuple(out.shape)}")
    _check_tensor("draw_counter", draw_counter, torch.int64)
    if draw_counter.numel() != 1:
        raise ValueError(f"draw_counter must hold one element, got shape {tuple(draw_counter.shape)}")
    key_0, key_1 = _key(key)
    binarize = require_flag("binarize", binarize)
    if field.numel() > MAX_ELEMENTS:
        raise ValueError(f"field must have at most 4 * 2**32 elements, got {field.numel()}")
    if field.numel() and out.data_ptr() != field.data_ptr():
        size = 4 * field.numel()
        if out.data_ptr() < field.data_ptr() + size and field.data_ptr() < out.data_ptr() + size:
            raise ValueError("out must be field itself or not overlap it (the kernel writes as it reads)")
    if field.device.type != "cuda":
        raise ValueError(f"field must be a CUDA tensor, got one on {field.device}")
    for name, tensor in (("out", out), ("draw_counter", draw_counter)):
        if tensor.device != field.device:
            raise ValueError(f"{name} must be on field's device {field.device}, got {tensor.device}")
    if not available():
        raise RuntimeError("sample_spins_ needs CuPy and a CUDA device (rglib.models.fused_sampling.available())")
    launch(field, out, draw_counter, key_0, key_1, binarize)
    return out


def launch(field: torch.Tensor, out: torch.Tensor, draw_counter: torch.Tensor,
           key_0: int, key_1: int, binarize: bool) -> None:
    """The kernel and the counter's increment, on checked arguments (the hot loop's entry).

    :func:`sample_spins_` without its checks: the training loop
    (:func:`rglib.models.rbm.fit`) calls it on buffers it has made itself.

    Parameters
    ----------
    field, out : torch.Tensor
        As for :func:`sample_spins_`: contiguous float32 CUDA tensors of one shape.
    draw_counter : torch.Tensor
        One int64 on the same device: the draw number, incremented on the device.
    key_0, key_1 : int
        The two 32-bit words of the Philox key.
    binarize : bool
        Whether ``field`` holds unit means (probability ``(1 + field) / 2``)
        rather than fields (probability ``(1 + tanh(field)) / 2``).
    """
    n = field.numel()
    if n:
        import cupy

        threads = (n + LANES - 1) // LANES
        grid = ((threads + _THREADS_PER_BLOCK - 1) // _THREADS_PER_BLOCK,)
        device = field.device.index
        stream = _external_stream(torch.cuda.current_stream(device).cuda_stream, device)
        with cupy.cuda.Device(device), stream:
            _kernel()(grid, (_THREADS_PER_BLOCK,), (
                np.uint64(field.data_ptr()), np.uint64(out.data_ptr()), np.int64(n),
                np.uint64(draw_counter.data_ptr()), np.uint32(key_0), np.uint32(key_1),
                np.int32(1 if binarize else 0),
            ))
    draw_counter.add_(1)


def _check_tensor(name: str, value, dtype: torch.dtype) -> None:
    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(value).__name__}")
    if value.dtype != dtype:
        raise ValueError(f"{name} must have dtype {dtype}, got {value.dtype}")
    if not value.is_contiguous():
        raise ValueError(f"{name} must be contiguous (row-major); pass {name}.contiguous()")


def _key(key) -> tuple[int, int]:
    """``key`` as two ints in [0, 2**32), or ValueError naming it."""
    problem = f"key must be 2 integers in [0, 2**32), got {key!r}"
    if isinstance(key, (str, bytes)) or not hasattr(key, "__len__") or len(key) != 2:
        raise ValueError(problem)
    words = []
    for word in key:
        if isinstance(word, (bool, np.bool_)) or not isinstance(word, numbers.Integral):
            raise ValueError(problem)
        if not 0 <= int(word) < 2**32:
            raise ValueError(problem)
        words.append(int(word))
    return words[0], words[1]


# --------------------------------------------------------------------------
# The CPU reference
# --------------------------------------------------------------------------


@njit(cache=True)
def _uniforms(n, draw_low, draw_high, stream, key_0, key_1):  # pragma: no cover - compiled
    uniforms = np.empty(n, dtype=np.float32)
    for block in range((n + 3) // 4):
        words = philox4x32(block, draw_low, draw_high, stream, key_0, key_1)
        for lane in range(min(4, n - 4 * block)):
            uniforms[4 * block + lane] = np.float32((words[lane] >> 8) * _UNIFORM_SCALE)
    return uniforms


def reference_uniforms(n: int, draw: int, key: tuple[int, int]) -> npt.NDArray[np.float32]:
    """The uniforms ``u_0 .. u_{n-1}`` that draw number ``draw`` of :func:`sample_spins_` uses.

    Parameters
    ----------
    n : int
        How many (the elements of the field), 0 to ``4 * 2**32``.
    draw : int
        The draw number, in [0, 2**64): the value of ``draw_counter`` at the call.
    key : tuple of 2 int
        The Philox key, two words in [0, 2**32).

    Returns
    -------
    numpy.ndarray
        ``n`` float32 values in [0, 1), multiples of 2**-24: element i is
        ``(word >> 8) * 2**-24`` for lane ``i % 4`` of Philox4x32-10 at counter
        ``(i // 4, draw % 2**32, draw // 2**32, Stream.RBM_SAMPLING)``.

    Raises
    ------
    ValueError
        If ``n`` or ``draw`` is not an integer in its range, or ``key`` not
        two integers in [0, 2**32).
    """
    n = require_integer("n", n, minimum=0)
    if n > MAX_ELEMENTS:
        raise ValueError(f"n must be at most 4 * 2**32, got {n}")
    draw = require_integer("draw", draw, minimum=0)
    if draw >= 2**64:
        raise ValueError(f"draw must be below 2**64, got {draw}")
    key_0, key_1 = _key(key)
    return _uniforms(n, uint32(draw & 0xFFFFFFFF), uint32(draw >> 32), uint32(Stream.RBM_SAMPLING),
                     uint32(key_0), uint32(key_1))


def _tanh_probability(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``rbm_tanh_probability`` of the kernel, operation by operation in float32."""
    f32 = np.float32
    with np.errstate(invalid="ignore", over="ignore"):
        y = f32(_MINUS_2_LOG2_E) * np.abs(x)
        y = np.where(y > f32(_LOWEST_EXPONENT), y, f32(_LOWEST_EXPONENT)).astype(f32)
        whole = np.rint(y)
        r = y - whole
        q = np.full_like(r, f32(_EXP2_COEFFICIENTS[0]))
        for coefficient in _EXP2_COEFFICIENTS[1:]:
            q = q * r + f32(coefficient)
        e = np.ldexp(q, whole.astype(np.int32)).astype(f32)
        t = (f32(1) - e) / (f32(1) + e)
        return f32(0.5) * (f32(1) + np.where(x > f32(0), t, -t))


def reference_spins(field: npt.ArrayLike, draw: int, key: tuple[int, int], *,
                    binarize: bool = False) -> npt.NDArray[np.float32]:
    """What :func:`sample_spins_` writes for ``field`` at draw ``draw``, on the CPU, bit for bit.

    Parameters
    ----------
    field : array_like of float32
        The fields (or, with ``binarize``, the means), any shape; row-major
        order numbers the elements, as on the GPU. Must already be float32,
        the kernel's input: a float64 array would be rounded silently.
    draw : int
        The draw number, in [0, 2**64).
    key : tuple of 2 int
        The Philox key, two words in [0, 2**32).
    binarize : bool, default False
        p = (1 + x) / 2 rather than (1 + tanh(x)) / 2.

    Returns
    -------
    numpy.ndarray
        float32 +-1.0 of ``field``'s shape.

    Raises
    ------
    ValueError
        If ``field`` is not a float32 array, or ``draw``, ``key`` or
        ``binarize`` is refused as by :func:`reference_uniforms`.
    """
    try:
        values = np.asarray(field)
    except (TypeError, ValueError) as error:
        raise ValueError(f"field must be a float32 array: {error}") from None
    if values.dtype != np.float32:
        raise ValueError(f"field must be a float32 array (the kernel's input), got dtype {values.dtype}")
    binarize = require_flag("binarize", binarize)
    uniforms = reference_uniforms(values.size, draw, key).reshape(values.shape)
    if binarize:
        with np.errstate(invalid="ignore"):
            probability = np.float32(0.5) * (np.float32(1) + values)
    else:
        probability = _tanh_probability(values)
    with np.errstate(invalid="ignore"):
        return np.where(uniforms < probability, np.float32(1), np.float32(-1)).astype(np.float32)
