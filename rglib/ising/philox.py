"""The Philox4x32-10 counter-based random number generator.

Philox (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
SC 2011) maps a 128-bit counter and a 64-bit key to four 32-bit random words.
Because each output depends only on (counter, key), every lattice site, sweep
and chain can own its random numbers without any shared state: the samplers
give the same result whatever the order in which sites are visited, on one
thread or many, on the CPU (this module, compiled with Numba) or on the GPU
(:data:`PHILOX_CUDA_SOURCE`, the same function in CUDA C).

Counter layout used by the samplers: ``(block, step, chain, stream)``, where
``stream`` separates the uses (see :class:`Stream`).
"""

from __future__ import annotations

import numbers
from enum import IntEnum

import numpy as np
from numba import njit, uint32, uint64

from ..runtime.validation import require_integer

_MULTIPLIER_0 = np.uint64(0xD2511F53)
_MULTIPLIER_1 = np.uint64(0xCD9E8D57)
_WEYL_0 = np.uint32(0x9E3779B9)
_WEYL_1 = np.uint32(0xBB67AE85)
_LOW_32 = np.uint64(0xFFFFFFFF)
_SHIFT_32 = np.uint64(32)
ROUNDS = 10


class Stream(IntEnum):
    """The fourth counter word: which part of a sampler consumes the numbers."""

    METROPOLIS = 0
    WOLFF = 1
    GLOBAL_FLIP = 2
    #: +-1 units of RBM training (rglib.models.fused_sampling): counter (block, draw_low, draw_high, 3).
    RBM_SAMPLING = 3
    SWENDSEN_WANG = 4


@njit(inline="always", cache=True)
def philox4x32(c0, c1, c2, c3, k0, k1):  # pragma: no cover - compiled
    """Philox4x32-10 of counter (c0, c1, c2, c3) under key (k0, k1)."""
    c0 = uint32(c0)
    c1 = uint32(c1)
    c2 = uint32(c2)
    c3 = uint32(c3)
    k0 = uint32(k0)
    k1 = uint32(k1)
    for _ in range(ROUNDS):
        product_0 = _MULTIPLIER_0 * uint64(c0)
        product_1 = _MULTIPLIER_1 * uint64(c2)
        c0, c1, c2, c3 = (
            uint32(uint32(product_1 >> _SHIFT_32) ^ c1 ^ k0),
            uint32(product_1 & _LOW_32),
            uint32(uint32(product_0 >> _SHIFT_32) ^ c3 ^ k1),
            uint32(product_0 & _LOW_32),
        )
        k0 = uint32(k0 + _WEYL_0)
        k1 = uint32(k1 + _WEYL_1)
    return c0, c1, c2, c3


@njit(cache=True)
def _philox_block(counter, key):  # pragma: no cover - compiled
    return philox4x32(counter[0], counter[1], counter[2], counter[3], key[0], key[1])


def philox(counter, key) -> np.ndarray:
    """Evaluate Philox4x32-10 once, from Python.

    Parameters
    ----------
    counter : sequence of 4 int
        The 128-bit counter as four 32-bit words.
    key : sequence of 2 int
        The 64-bit key as two 32-bit words.

    Returns
    -------
    numpy.ndarray
        Four ``uint32`` random words.

    Raises
    ------
    ValueError
        If ``counter`` or ``key`` does not hold 4 (2) integers in [0, 2**32).

    Examples
    --------
    The first known-answer vector of the Random123 distribution:

    >>> [hex(int(w)) for w in philox([0, 0, 0, 0], [0, 0])]
    ['0x6627e8d5', '0xe169c58d', '0xbc57ac4c', '0x9b00dbd8']
    """
    words = _philox_block(_words("counter", counter, 4), _words("key", key, 2))
    return np.array(words, dtype=np.uint32)


def _words(name: str, value, count: int) -> np.ndarray:
    """``value`` as ``count`` uint32 words, or ValueError naming ``name``.

    Refuses what a cast to uint32 would silently change: fractions (0.5 -> 0),
    negative numbers and numbers of 2**32 or more (they would wrap around).
    """
    problem = f"{name} must hold {count} integers in [0, 2**32), got {value!r}"
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(problem) from None
    if array.shape != (count,) or array.dtype.kind not in "iu":
        raise ValueError(problem)
    if np.any(array < 0) or np.any(array > 0xFFFFFFFF):
        raise ValueError(problem)
    return array.astype(np.uint32)


def probability_threshold(probability: float) -> int:
    """The 32-bit threshold t with P(r < t) = floor(p 2^32) / 2^32 for uniform r.

    Acceptance tests compare a random 32-bit word ``r`` with ``t``; the
    probability is thereby represented to within 2^-32.
    """
    real = isinstance(probability, numbers.Real) and not isinstance(probability, bool)
    if not (real and 0.0 <= probability <= 1.0):
        raise ValueError(f"probability must be a number in [0, 1], got {probability!r}")
    return min(int(np.floor(probability * 2.0**32)), 2**32 - 1)


PHILOX_CUDA_SOURCE = r"""
__device__ __forceinline__ void philox4x32_10(unsigned int c[4], unsigned int k0, unsigned int k1)
{
    for (int round = 0; round < 10; ++round) {
        unsigned int hi0 = __umulhi(0xD2511F53u, c[0]);
        unsigned int lo0 = 0xD2511F53u * c[0];
        unsigned int hi1 = __umulhi(0xCD9E8D57u, c[2]);
        unsigned int lo1 = 0xCD9E8D57u * c[2];
        unsigned int n0 = hi1 ^ c[1] ^ k0;
        unsigned int n2 = hi0 ^ c[3] ^ k1;
        c[0] = n0; c[1] = lo1; c[2] = n2; c[3] = lo0;
        k0 += 0x9E3779B9u; k1 += 0xBB67AE85u;
    }
}
"""


@njit(cache=True)
def _random_signs(n, stream, key_0, key_1):  # pragma: no cover - compiled
    signs = np.empty(n, dtype=np.int8)
    for block in range((n + 3) // 4):
        words = np.array(philox4x32(block, 0, 0, stream, key_0, key_1), dtype=np.uint32)
        for lane in range(min(4, n - 4 * block)):
            signs[4 * block + lane] = 1 if words[lane] & 1 else -1
    return signs


def random_signs(n: int, key: tuple[int, int], stream: Stream) -> np.ndarray:
    """``n`` independent random signs (+1 or -1, int8) from one Philox stream.

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 0, ``key`` not 2 integers in [0, 2**32),
        or ``stream`` not a :class:`Stream`.
    """
    n = require_integer("n", n, minimum=0)
    key_0, key_1 = _words("key", key, 2)
    if not isinstance(stream, Stream):
        names = ", ".join(member.name for member in Stream)
        raise ValueError(f"stream must be a Stream ({names}), got {stream!r}")
    return _random_signs(n, uint32(stream), uint32(key_0), uint32(key_1))
