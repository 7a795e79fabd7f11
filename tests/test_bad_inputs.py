"""Every public function of rglib refuses bad input with a ValueError or TypeError naming it.

The public API is found by introspection: every function, class and public
method defined in a module of ``rglib`` whose name does not start with an
underscore (the command line, ``rglib.__main__``, included). Each one must
appear in exactly one place below, or ``test_every_public_function_is_listed``
fails:

``BAD_INPUTS``
    The function and a list of bad calls, each written ``bad("argument",
    *args, **kwargs)``: the call must raise ValueError or TypeError whose
    message names ``argument``. For a method, ``bad(...).on(make)`` calls the
    method on ``make()``. Every parameter must be tried at least once, or be
    listed in ``UNTRIED_PARAMETERS`` with the reason.
``NO_ARGUMENTS``
    Functions without parameters: nothing to refuse (checked).
``NOT_BOUNDARIES``
    What is not an input boundary, with the reason: result records, warnings,
    internal kernels only ever called with checked values. An entry covers
    the names below it (a module covers its functions, a class its methods).
``LEFT_TO_OTHERS``
    Modules and functions whose bad-input entries belong to the developers
    changing them now. An entry covers the names below it. Move a name out
    of here into ``BAD_INPUTS`` as soon as its entries exist.

Run as a script for the counts of a sweep (tried / clear / unclear / wrongly
accepted): ``python tests/test_bad_inputs.py``.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import os
import pkgutil
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import rglib
from rglib.philox import Stream


@dataclasses.dataclass(frozen=True)
class Bad:
    """A call that must raise ValueError or TypeError whose message names ``argument``."""

    argument: str
    args: tuple
    kwargs: dict
    instance: Callable[[], object] | None = None

    def on(self, make: Callable[[], object]) -> Bad:
        """The same call, made on the method of the object ``make()`` returns."""
        return dataclasses.replace(self, instance=make)


def bad(argument: str, *args, **kwargs) -> Bad:
    return Bad(argument, args, kwargs)


# --------------------------------------------------------------------------
# Arguments that are good, to pair with the bad one under test
# --------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")
SERIES = np.random.default_rng(13).standard_normal(200)
KEY = {"kind": "bad-input sweep"}
# Validation comes before any file access, so nothing is ever written here.
NOWHERE = Path(tempfile.gettempdir()) / "rglib-bad-input-sweep" / "never-written.npz"
ARRAYS = {"a": np.arange(3)}
FIELD = np.outer(np.cos(2 * np.pi * np.arange(8) / 8), np.ones(8))
WEIGHT = np.random.default_rng(1).standard_normal((64, 16))  # 8 x 8 visible, 4 x 4 hidden
BLOCK_WEIGHT = np.random.default_rng(2).standard_normal((64, 16))  # L = 8, stride 2
DATA = np.random.default_rng(3).standard_normal((40, 64))

ISING = dict(L=8, T=3.0, n_samples=10, seed=0)
SAMPLE = dict(L=8, T=3.0, n_samples=10, seed=0, device="cpu", algorithm="metropolis")


def _with(base: dict, **change) -> dict:
    return {**base, **change}


def _temperature_cases(*good_args, **good_kwargs) -> list[Bad]:
    return [
        bad("T", value, *good_args, **good_kwargs)
        for value in (-1.0, 0.0, NAN, INF, "3", 1j, True, [[3.0]])
    ]


def _series_cases(name: str, **good_kwargs) -> list[Bad]:
    return [
        bad(name, value, **good_kwargs)
        for value in (
            ["a", "b", "c", "d"], np.arange(100) * 1j, [1.0, NAN] * 50, np.zeros((2, 2, 40)),
            [[1.0, 2.0], [3.0]], None,
        )
    ]


# --------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------

BAD_INPUTS: dict[str, list[Bad]] = {
    # rglib.autocorrelation
    "rglib.autocorrelation.autocorrelation_function": [
        *_series_cases("series"),
        bad("series", [1.0, 2.0, 3.0]),
        bad("series", np.full(50, 3.0)),
        *(bad("max_lag", SERIES, max_lag=value) for value in (-1, 200, 2.0, "3", True)),
    ],
    "rglib.autocorrelation.estimate_autocorrelation": [
        *_series_cases("series"),
        *(bad("c", SERIES, c=value) for value in (0.0, -1.0, NAN, INF, "5", True, None)),
    ],
    "rglib.autocorrelation.integrated_autocorrelation_time": [
        *_series_cases("series"),
        *(bad("c", SERIES, c=value) for value in (0.0, NAN, "5")),
    ],
    "rglib.autocorrelation.binning_error": [
        *_series_cases("samples"),
        bad("samples", SERIES[:63]),
        *(bad("min_bins", SERIES, min_bins=value) for value in (1, 2.0, "32", True, None)),
    ],
    # rglib.backend
    "rglib.backend.resolve_device": [bad("device", value) for value in ("tpu", "GPU", None, 1)],
    # rglib.blockspin
    **{
        f"rglib.blockspin.{name}": [
            bad("L", 0, 2), bad("L", 8.0, 2), bad("L", "8", 2), bad("L", 9, 2),
            bad("block", 8, 0), bad("block", 8, 2.5), bad("block", 8, None),
            *(bad("stride", 8, 2, stride=value) for value in (0, 3, "2")),
        ]
        for name in ("block_spin_matrix", "block_spin_singular_values", "block_spin_modes")
    },
    "rglib.blockspin.best_block_size": [
        bad("weight", np.full((64, 16), NAN), 8),
        bad("weight", np.zeros((64, 16)), 8),
        bad("weight", np.ones((64, 15)), 8),
        bad("weight", "weights", 8),
        bad("weight", BLOCK_WEIGHT * 1j, 8),
        bad("L", BLOCK_WEIGHT, 0), bad("L", BLOCK_WEIGHT, 8.0),
        bad("stride", BLOCK_WEIGHT, 8, stride=0), bad("stride", BLOCK_WEIGHT, 8, stride=3),
        bad("candidates", BLOCK_WEIGHT, 8, candidates=[]),
        bad("candidates", BLOCK_WEIGHT, 8, candidates=[0]),
        bad("candidates", BLOCK_WEIGHT, 8, candidates=[2.5]),
    ],
    # rglib.cache
    "rglib.cache.key_digest": [
        bad("key", [1, 2]), bad("key", "text"), bad("key", {"a": {1, 2}}), bad("key", {"a": NAN}),
    ],
    "rglib.cache.require_writable": [
        bad("path", 3), bad("path", None), bad("setting", NOWHERE, setting=3),
    ],
    "rglib.cache.store": [
        bad("path", 3, ARRAYS, KEY), bad("path", None, ARRAYS, KEY),
        bad("arrays", NOWHERE, [np.arange(3)], KEY),
        bad("arrays", NOWHERE, {"a": np.array([object()])}, KEY),
        bad("arrays", NOWHERE, {"__header__": np.arange(3)}, KEY),
        bad("arrays", NOWHERE, {"two words": np.arange(3)}, KEY),
        bad("arrays", NOWHERE, {"a": np.array(["text"])}, KEY),
        bad("key", NOWHERE, ARRAYS, "key"), bad("key", NOWHERE, ARRAYS, {"a": NAN}),
        bad("key", NOWHERE, ARRAYS, {"a": np.arange(2)}),
        bad("extra", NOWHERE, ARRAYS, KEY, extra=[1]),
        bad("extra", NOWHERE, ARRAYS, KEY, extra={"a": object()}),
    ],
    "rglib.cache.load": [
        bad("path", 3, KEY), bad("key", NOWHERE, None), bad("key", NOWHERE, {"a": INF}),
    ],
    "rglib.cache.remove_stale_partials": [bad("folder", 3), bad("folder", b"bytes")],
    # rglib.data
    "rglib.data.ising": [
        *(bad("L", **_with(ISING, L=value)) for value in (2, 7, 0, 8.0, "8", True)),
        *(bad("T", **_with(ISING, T=value)) for value in (0.0, -1.0, NAN, 1e300, "3")),
        *(bad("n_samples", **_with(ISING, n_samples=value)) for value in (0, 2.5, "10")),
        *(bad("seed", **_with(ISING, seed=value)) for value in (-1, 1.5, None)),
        bad("device", **ISING, device="tpu"),
        bad("algorithm", **ISING, algorithm="gibbs"),
        bad("return_report", **ISING, return_report="yes"),
        bad("progress", **ISING, progress="no"),
    ],
    # rglib.exact
    **{
        f"rglib.exact.{name}": [
            *_temperature_cases(),
            bad("T", 1e5),
            *(bad("L", 2.0, L=value) for value in (1, 2.5, "4", True)),
        ]
        for name in ("free_energy_per_spin", "energy_per_spin", "specific_heat")
    },
    "rglib.exact.magnetization": _temperature_cases(),
    "rglib.exact.correlation_length": [*_temperature_cases(), bad("T", 1.0)],
    # rglib.ising
    "rglib.ising.sampler.require_lattice_size": [
        bad("L", value) for value in (2, 3, 0, -4, 8.0, "8", True, None)
    ],
    "rglib.ising.sampler.require_temperature": [
        *_temperature_cases(), bad("T", 1e300), bad("temperature", -1.0, name="temperature"),
    ],
    "rglib.ising.sampler.choose_algorithm": [
        bad("temperature", value) for value in (-1, 0.0, NAN, INF, 1e300, "3", None)
    ],
    "rglib.ising.sampler.plan": [
        *_temperature_cases(), bad("T", 1e300),
        bad("device", 3.0, device="tpu"), bad("algorithm", 3.0, algorithm="gibbs"),
        bad("algorithm", 3.0, device="gpu", algorithm="wolff"),
    ],
    "rglib.ising.sampler.sample": [
        *(bad("L", **_with(SAMPLE, L=value)) for value in (2, 7, 0, 8.0, True)),
        bad("L", **_with(SAMPLE, L=2, algorithm="auto", T=4.0)),
        *(
            bad("T", **_with(SAMPLE, T=value))
            for value in (0.0, -1.0, NAN, INF, 1e300, 1.0001e4, "3")
        ),
        *(bad("n_samples", **_with(SAMPLE, n_samples=value)) for value in (0, 2.5)),
        *(bad("seed", **_with(SAMPLE, seed=value)) for value in (-1, 1.5)),
        bad("device", **_with(SAMPLE, device="tpu")),
        bad("algorithm", **_with(SAMPLE, algorithm="heatbath")),
        bad("return_report", **SAMPLE, return_report="yes"),
        bad("progress", **SAMPLE, progress="no"),
    ],
    **{
        f"rglib.ising.observables.{name}": [
            bad("spins", value)
            for value in (
                np.full((4, 4), 1j), np.ones((4, 4), dtype=bool), np.full((4, 4), "1"),
                [[1, -1], [1]], np.zeros((4, 4)), np.ones(4), np.ones((4, 5)), np.ones((1, 1)),
                np.full((4, 4), NAN),
                np.full((4, 4), 255, dtype=np.uint8),
            )
        ]
        for name in ("energy_per_spin", "magnetization")
    },
    "rglib.ising.throughput.metropolis_updates_per_nanosecond": [
        *(bad("L", L=value) for value in (0, 2, 7, 8.0)),
        *(bad("T", L=8, T=value) for value in (-1.0, NAN, 1e300)),
        bad("n_chains", L=8, n_chains=0), bad("n_chains", L=8, n_chains=1.5),
        bad("n_sweeps", L=8, n_sweeps=0), bad("n_sweeps", L=8, n_sweeps=None),
        bad("device", L=8, device="tpu"),
    ],
    # rglib.philox
    "rglib.philox.philox": [
        *(
            bad("key", [0, 0, 0, 0], value)
            for value in ([0.5, 0], [-1, 0], [2**32, 0], [0, 0, 0], "ab", np.array([True, False]))
        ),
        *(
            bad("counter", value, [0, 0])
            for value in ([0, 0, 0, 1.5], [0, 0, 0], None, [[0, 0, 0, 0]])
        ),
    ],
    "rglib.philox.probability_threshold": [
        bad("probability", value) for value in (1.5, -0.1, NAN, "0.5", None, True)
    ],
    "rglib.philox.random_signs": [
        bad("n", -1, (1, 2), Stream.GLOBAL_FLIP),
        bad("n", 4.0, (1, 2), Stream.GLOBAL_FLIP),
        bad("key", 4, (0.5, 2), Stream.GLOBAL_FLIP),
        bad("key", 4, (1,), Stream.GLOBAL_FLIP),
        bad("stream", 4, (1, 2), 7),
        bad("stream", 4, (1, 2), "GLOBAL_FLIP"),
    ],
    # rglib.progress
    "rglib.progress.show_progress": [
        bad("progress", value) for value in ("no", "yes", 1, 0, [], 0.0)
    ],
    # rglib.spectra
    "rglib.spectra.singular_modes": [
        bad("weight", np.full((64, 16), NAN), (8, 8), (4, 4)),
        bad("weight", WEIGHT * 1j, (8, 8), (4, 4)),
        bad("weight", np.ones((64, 15)), (8, 8), (4, 4)),
        bad("weight", "w", (8, 8), (4, 4)),
        bad("visible_shape", WEIGHT, (8, 0), (4, 4)), bad("visible_shape", WEIGHT, "8x8", (4, 4)),
        bad("visible_shape", WEIGHT, (8.0, 8), (4, 4)),
        bad("hidden_shape", WEIGHT, (8, 8), ()), bad("hidden_shape", WEIGHT, (8, 8), (-4, -4)),
    ],
    **{
        f"rglib.spectra.{name}": [
            bad("field", value)
            for value in (
                np.full((8, 8), NAN), np.zeros((8, 8)), np.ones((8, 7)), np.ones(10), FIELD * 1j,
                "field",
            )
        ]
        for name in ("radial_fft", "radial_centroid")
    },
    "rglib.spectra.discard_high_modes": [
        *(bad("field", value, 4) for value in (np.full((8, 8), NAN), np.ones((8, 7)), FIELD * 1j)),
        *(bad("hidden_side", FIELD, value) for value in (0, 9, 4.0, "4", None)),
    ],
    "rglib.spectra.rg_consistency": [
        bad("visible_vector", np.full((8, 8), NAN), FIELD[::2, ::2]),
        bad("visible_vector", np.ones(10), FIELD[::2, ::2]),
        bad("visible_vector", np.zeros((8, 8)), FIELD[::2, ::2]),
        bad("hidden_vector", FIELD, np.full((4, 4), INF)),
        bad("hidden_vector", FIELD, np.ones((16, 16))),
        bad("hidden_vector", FIELD, FIELD[::2, ::2] * 1j),
        *(bad("n_random", FIELD, FIELD[::2, ::2], n_random=value) for value in (0, 2.0)),
        bad("seed", FIELD, FIELD[::2, ::2], seed=-1), bad("seed", FIELD, FIELD[::2, ::2], seed="0"),
    ],
    "rglib.spectra.alignment_eigenvalues": [
        bad("weight", np.full((64, 16), NAN), DATA, 4), bad("weight", np.ones(64), DATA, 4),
        bad("weight", WEIGHT * 1j, DATA, 4), bad("weight", np.zeros((64, 16)), DATA, 4),
        bad("data", WEIGHT, np.ones((40, 63)), 4), bad("data", WEIGHT, np.full((40, 64), 0.1), 4),
        bad("data", WEIGHT, DATA.astype(str), 4), bad("data", WEIGHT, np.full((40, 64), NAN), 4),
        *(bad("k", WEIGHT, DATA, value) for value in (0, 17, 2.0, "4", None)),
    ],
    "rglib.spectra.paper_parameter_count": [
        *(bad(name, **{name: value}) for name in (
            "n_visible", "n_hidden", "kept_singular_values", "fourier_cutoff", "max_radial_mode",
        ) for value in (0, 2.5, "10")),
        bad("fourier_cutoff", fourier_cutoff=100, max_radial_mode=60),
    ],
    "rglib.spectra.effective_parameters": [
        *(
            bad("weight", value, (8, 8), (4, 4))
            for value in (np.full((64, 16), NAN), np.zeros((64, 16)), WEIGHT * 1j)
        ),
        *(bad("visible_shape", WEIGHT, value, (4, 4)) for value in ((16, 4), (8, 8.5))),
        bad("hidden_shape", WEIGHT, (8, 8), (4, 0)),
        *(
            bad("threshold", WEIGHT, (8, 8), (4, 4), threshold=value)
            for value in (0.0, 1.5, NAN, "0.2")
        ),
        *(
            bad("spectrum_floor", WEIGHT, (8, 8), (4, 4), spectrum_floor=value)
            for value in (0.0, 2.0, None)
        ),
    ],
    # rglib.validation: the checks themselves name what they are given
    "rglib.validation.require_integer": [
        bad("L", "L", 2.5), bad("L", "L", "8"), bad("L", "L", True), bad("L", "L", 1, minimum=2),
    ],
    "rglib.validation.require_positive_finite": [
        bad("T", "T", value) for value in (-1.0, 0.0, NAN, INF, "3", True, None)
    ],
    "rglib.validation.require_choice": [bad("device", "device", "tpu", ("cpu", "gpu"))],
    "rglib.validation.require_finite_array": [
        bad("data", "data", [NAN]), bad("data", "data", [1j]), bad("data", "data", ["a"]),
        bad("data", "data", [[1.0]], ndim=1), bad("data", "data", [[1.0], [2.0, 3.0]]),
    ],
    "rglib.validation.require_flag": [
        bad("progress", "progress", value) for value in ("no", None, 1)
    ],
}

#: Parameters no bad value exists for, or that only the library itself passes.
UNTRIED_PARAMETERS: dict[str, str] = {
    "rglib.ising.sampler.require_temperature.name": "the argument's name, for the message",
    "rglib.validation.require_integer.name": "the argument's name, for the message",
    "rglib.validation.require_integer.minimum": "set by the library, not by users",
    "rglib.validation.require_positive_finite.name": "the argument's name, for the message",
    "rglib.validation.require_choice.name": "the argument's name, for the message",
    "rglib.validation.require_choice.choices": "set by the library, not by users",
    "rglib.validation.require_finite_array.name": "the argument's name, for the message",
    "rglib.validation.require_flag.name": "the argument's name, for the message",
    "rglib.validation.require_flag.allow_none": "set by the library, not by users",
    "rglib.validation.require_flag.value": "tried under the name it is checked as ('progress')",
    "rglib.validation.require_integer.value": "tried under the name it is checked as ('L')",
    "rglib.validation.require_positive_finite.value": "tried under the name it is checked as ('T')",
    "rglib.validation.require_choice.value": "tried under the name it is checked as ('device')",
    "rglib.validation.require_finite_array.value": "tried under the name it is checked as ('data')",
    "rglib.validation.require_finite_array.ndim": "set by the library, not by users",
}

NO_ARGUMENTS: set[str] = {
    "rglib.backend.gpu_available",
    "rglib.cache.cache_directory",
    "rglib.data.sampler_fingerprint",
    "rglib.exact.critical_temperature",
}

NOT_BOUNDARIES: dict[str, str] = {
    # Result records: built by the library from checked values.
    "rglib.autocorrelation.AutocorrelationEstimate": "result record",
    "rglib.autocorrelation.BinningResult": "result record",
    "rglib.blockspin.BlockSizeMatch": "result record",
    "rglib.ising.sampler.SamplingReport": "result record",
    "rglib.spectra.SingularModes": "result record",
    "rglib.spectra.RadialSpectrum": "result record",
    "rglib.spectra.RGConsistency": "result record",
    "rglib.spectra.PaperParameterCount": "result record",
    "rglib.spectra.EffectiveParameters": "result record",
    # Warnings and errors.
    "rglib.cache.CorruptCacheWarning": "warning class",
    "rglib.cache.CacheWriteWarning": "warning class",
    "rglib.cache.CacheAccessError": "error class",
    "rglib.philox.Stream": "enumeration",
    # Internals of the sampler, only called by rglib.ising.sample with checked arguments.
    "rglib.ising.chains": "chain batches that sample() builds from checked arguments",
    "rglib.ising.checkerboard": "layout helpers on arrays the samplers build",
    "rglib.ising.metropolis_cpu": "compiled kernel behind the chain batches",
    "rglib.ising.metropolis_gpu": "compiled kernel behind the chain batches",
    "rglib.ising.wolff": "compiled kernel behind the chain batches",
    "rglib.philox.philox4x32": "compiled kernel; philox() is its checked entry point",
}

#: Left to the developers changing these now (issue 10's other items and the
#: issues adding datasets, claims and the RG theory helpers). Give each of their
#: public functions entries in BAD_INPUTS and delete the line here.
LEFT_TO_OTHERS: dict[str, str] = {
    "rglib.rbm": "the lead rewrites RBM (fit, transform, reconstruct, free_energy, "
    "contrastive_divergence, ...) and stack for item 1",
    "rglib.artifacts": "being changed by the lead",
    "rglib.__main__": "the CLI: --device, --profile and SIGINT (item 4) are the lead's",
    "rglib.profiles": "--profile PAPER versus RGLIB_PROFILE=PAPER (item 4) is the lead's",
    "rglib.datasets": "new module being written (datasets issue)",
    "rglib.claims": "new module being written (claims issue)",
    "rglib.rgtheory": "new module being written (RG theory issue)",
    "rglib.fourier_shells": "new module being written",
    "rglib.generalization": "new module being written",
    "rglib.image_inputs": "new module being written",
    "rglib.precision_study": "new module being written",
    "rglib.results": "new module being written",
    "rglib.biases": "new module being written",
    "rglib.image_figures": "new module being written",
    "rglib.section3": "new module being written",
    "rglib.backend.array_module": "array_module('tpu') returns NumPy: it expects a resolved "
    "device; backend.py is outside this change",
    "rglib.backend.describe_device": "describe_device('tpu') describes the CPU: it expects a "
    "resolved device; backend.py is outside this change",
    "rglib.spectra.signed_modes": "checks none of its arguments (shapes fail inside NumPy, NaN "
    "values pass); spectra.py, beyond alignment_eigenvalues, is outside this change",
    "rglib.backend.to_numpy": "to_numpy('text') raises AttributeError; backend.py is outside "
    "this change",
}


# --------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------


def _modules() -> list[str]:
    names = ["rglib"]
    for info in pkgutil.walk_packages(rglib.__path__, "rglib."):
        leaf = info.name.rsplit(".", 1)[-1]
        if not leaf.startswith("_") or leaf == "__main__":
            names.append(info.name)
    return names


def _is_callable_api(value) -> bool:
    return inspect.isfunction(value) or inspect.isclass(value) or hasattr(value, "py_func")


def public_api() -> set[str]:
    """Qualified names of every public function, class and method defined in rglib."""
    found = set()
    for module_name in _modules():
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module_name:
                continue
            if not _is_callable_api(value):
                continue
            found.add(f"{module_name}.{name}")
            if inspect.isclass(value):
                found.update(
                    f"{module_name}.{name}.{method}"
                    for method, member in vars(value).items()
                    if not method.startswith("_")
                    and (
                        inspect.isfunction(member)
                        or isinstance(member, (staticmethod, classmethod))
                    )
                )
    return found


def _covered_by(name: str, entries) -> bool:
    return any(name == entry or name.startswith(entry + ".") for entry in entries)


def resolve(qualified: str):
    """The object named ``qualified`` (module path, then attributes)."""
    parts = qualified.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise LookupError(qualified)


# --------------------------------------------------------------------------
# One bad call
# --------------------------------------------------------------------------


def _names(message: str, argument: str) -> bool:
    word = rf"(?<![A-Za-z0-9_]){re.escape(argument)}(?![A-Za-z0-9_])"
    return re.search(word, message) is not None


def outcome(qualified: str, case: Bad) -> tuple[str, str]:
    """("clear" | "unclear" | "accepted", what happened) for one bad call."""
    function = resolve(qualified)
    if case.instance is not None:
        function = getattr(case.instance(), qualified.rsplit(".", 1)[-1])
    try:
        result = function(*case.args, **case.kwargs)
    except (ValueError, TypeError) as error:
        if _names(str(error), case.argument):
            return "clear", f"{type(error).__name__}: {error}"
        return "unclear", f"{type(error).__name__} not naming {case.argument!r}: {error}"
    except Exception as error:  # noqa: BLE001 - any other exception is the finding
        return "unclear", f"{type(error).__name__}: {error}"
    return "accepted", f"returned {str(result)[:100]}"


def _cases() -> list:
    return [
        pytest.param(name, case, id=f"{name.removeprefix('rglib.')}-{index}-{case.argument}")
        for name, cases in BAD_INPUTS.items()
        for index, case in enumerate(cases)
    ]


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path))


@pytest.mark.parametrize("qualified, case", _cases())
def test_bad_input_is_refused_with_an_error_naming_the_argument(qualified, case):
    result, detail = outcome(qualified, case)
    assert result == "clear", detail


def test_every_public_function_is_listed():
    listed = set(BAD_INPUTS) | NO_ARGUMENTS
    missing = sorted(
        name
        for name in public_api()
        if name not in listed
        and not _covered_by(name, NOT_BOUNDARIES)
        and not _covered_by(name, LEFT_TO_OTHERS)
    )
    assert not missing, f"add to BAD_INPUTS (or another table of this file): {', '.join(missing)}"


def test_no_function_is_listed_twice():
    for name in public_api():
        places = [
            name in BAD_INPUTS, name in NO_ARGUMENTS,
            _covered_by(name, NOT_BOUNDARIES), _covered_by(name, LEFT_TO_OTHERS),
        ]
        assert sum(places) <= 1, f"{name} is listed in more than one table"


def test_every_listed_name_exists():
    api = public_api()
    for name in [*BAD_INPUTS, *NO_ARGUMENTS]:
        assert name in api, f"{name} is listed but is not a public function of rglib any more"
    for name in NOT_BOUNDARIES:
        assert name in api or _is_module(name), f"{name} is listed but does not exist any more"


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        return False
    return True


def test_functions_without_arguments_take_none():
    for name in NO_ARGUMENTS:
        parameters = inspect.signature(resolve(name)).parameters
        assert not parameters, f"{name} takes arguments: give it bad inputs"


def test_every_parameter_is_tried():
    for name, cases in BAD_INPUTS.items():
        assert cases, f"{name} has no bad inputs: list it in NO_ARGUMENTS if it takes none"
        tried = {case.argument for case in cases}
        parameters = [
            parameter
            for parameter in inspect.signature(resolve(name)).parameters
            if parameter != "self" and f"{name}.{parameter}" not in UNTRIED_PARAMETERS
        ]
        untried = [parameter for parameter in parameters if parameter not in tried]
        assert not untried, f"{name}: no bad input tries {untried} (or add to UNTRIED_PARAMETERS)"


# --------------------------------------------------------------------------
# The sweep's counts, as a script
# --------------------------------------------------------------------------


class _StillRunning(BaseException):
    """Raised by the alarm; a BaseException, so that outcome() does not count it as an error."""


def sweep(seconds_per_call: int = 60) -> Counter:
    """Run every case of BAD_INPUTS; count and print the outcomes.

    A call still running after ``seconds_per_call`` counts as accepted (the
    alarm may surface inside compiled code as another exception: the elapsed
    time decides).
    """

    def too_long(signum, frame):
        raise _StillRunning

    counts: Counter = Counter()
    signal.signal(signal.SIGALRM, too_long)
    for name, cases in BAD_INPUTS.items():
        try:
            resolve(name)
        except (LookupError, AttributeError):
            counts["missing"] += len(cases)
            continue
        for case in cases:
            started = time.monotonic()
            signal.alarm(seconds_per_call)
            try:
                result, detail = outcome(name, case)
            except _StillRunning:
                result = "accepted"
            finally:
                signal.alarm(0)
            if time.monotonic() - started >= seconds_per_call:
                result, detail = "accepted", f"still running after {seconds_per_call} s"
            counts["tried"] += 1
            counts[result] += 1
            if result != "clear":
                print(f"{result:9} {name}({case.argument}): {detail[:160]}")
    return counts


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        os.environ["RGLIB_CACHE"] = folder
        totals = sweep(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
    print(
        f"tried {totals['tried']}: clear {totals['clear']}, unclear {totals['unclear']}, "
        f"wrongly accepted {totals['accepted']} (missing functions' cases: {totals['missing']})"
    )
