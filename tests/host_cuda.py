"""CUDA kernel sources compiled for the host, shared by the tests that check them without a GPU.

The few CUDA names the kernels use (``__global__``, ``__umulhi``, ``blockIdx``,
``atomicCAS``...) are defined as plain C++; a test's driver then runs every
CUDA "thread" in a loop, in whatever order it chooses.
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import pytest

HOST_PRELUDE = r"""
#include <math.h>
#define __device__
#define __global__
#define __forceinline__ inline
struct Index { unsigned int x; };
static Index blockIdx, blockDim, threadIdx;
struct float4 { float x, y, z, w; };
static inline unsigned int __umulhi(unsigned int a, unsigned int b) {
    return (unsigned int)(((unsigned long long)a * b) >> 32);
}
static inline float __fmul_rn(float a, float b) { return a * b; }
static inline float __fadd_rn(float a, float b) { return a + b; }
static inline float __fdiv_rn(float a, float b) { return a / b; }
static inline int atomicCAS(int* address, int compare, int value) {
    const int old = *address;
    if (old == compare) *address = value;
    return old;
}
"""


def compile_for_host(folder: Path, source: str, driver: str) -> ctypes.CDLL:
    """``source`` (a CUDA kernel's text) and ``driver`` (host functions calling it) as a library.

    Compiled with ``g++ -O2 -ffp-contract=off`` (no fused multiply-adds, as on the GPU with
    the kernels' explicit rounding); skips the test where no ``g++`` exists.
    """
    compiler = shutil.which("g++")
    if compiler is None:
        pytest.skip("needs a C++ compiler (g++) to run the CUDA kernel's source on the host")
    path = folder / "kernel.cpp"
    path.write_text(HOST_PRELUDE + source + driver)
    library = folder / "kernel.so"
    subprocess.run([compiler, "-O2", "-ffp-contract=off", "-shared", "-fPIC", str(path), "-o", str(library)],
                   check=True)
    return ctypes.CDLL(str(library))


def compile_ptx(folder: Path, source: str) -> str:
    """``source`` compiled by ``nvcc`` for an H100 (sm_90): its PTX; skips where nvcc is missing."""
    nvcc = shutil.which("nvcc")
    if nvcc is None:
        pytest.skip("nvcc is not installed")
    path = folder / "kernel.cu"
    path.write_text(source)
    subprocess.run([nvcc, "--ptx", "-arch=sm_90", str(path), "-o", str(folder / "kernel.ptx")], check=True)
    return (folder / "kernel.ptx").read_text()
