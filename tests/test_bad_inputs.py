"""Every public function of rglib refuses bad input with a ValueError or TypeError naming it.

The public API is found by introspection: every function, class and public
method defined in a module of ``rglib`` whose name does not start with an
underscore (the command line, ``rglib.__main__``, included). Each one must
appear in exactly one place below, or ``test_every_public_function_is_listed``
fails:

``BAD_INPUTS``
    The function and a list of bad calls, each written ``bad("argument",
    *args, **kwargs)``: the call must raise ValueError or TypeError whose
    message names ``argument`` (the command line, ``rglib.__main__.main``:
    exit with status 2 and a usage message naming the option). For a method, ``bad(...).on(make)`` calls the
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

import contextlib
import dataclasses
import importlib
import inspect
import io
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
import torch

import rglib
import rglib.claims
from rglib.analysis.alignment import principal_axes
from rglib.analysis.parameters import effective_parameters
from rglib.claims.catalogue import SIGNATURE_JUDGES
from rglib.ising.philox import Stream
from rglib.profiles import PROFILES
from rglib.models.rbm import RBM
from rglib.meta.training_length import METRICS, Snapshot
from rglib.studies import protocol as protocol_study
from rglib.studies.sampling import SamplerEvidence


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
# A sampler record with no fields filled: its check refuses a bad fraction before reading any field.
_BLANK_SAMPLER = SamplerEvidence(**{field.name: None for field in dataclasses.fields(SamplerEvidence)})
SERIES = np.random.default_rng(13).standard_normal(200)
KEY = {"kind": "bad-input sweep"}
# Validation comes before any file access, so nothing is ever written here.
NOWHERE = Path(tempfile.gettempdir()) / "rglib-bad-input-sweep" / "never-written.npz"
ARRAYS = {"a": np.arange(3)}
FIELD = np.outer(np.cos(2 * np.pi * np.arange(8) / 8), np.ones(8))
WEIGHT = np.random.default_rng(1).standard_normal((64, 16))  # 8 x 8 visible, 4 x 4 hidden
BLOCK_WEIGHT = np.random.default_rng(2).standard_normal((64, 16))  # L = 8, stride 2


def _paper_results(layers: bool = True):
    """A results file of one run, with one Ising layer (8 x 8 -> 4 x 4) or none."""
    from rglib.meta import results_file
    run = results_file.provenance("paper", "GPU: test card", "cuda", "tf32", {"stack": 1.0})
    return results_file.PaperResults(
        runs=(run,), claims={}, failed_claims={}, claim_runs={},
        layers=[results_file.layer_figures(WEIGHT, 8, 4)] if layers else [],
        layers_run=0 if layers else None)


def _modes():
    from rglib.analysis.modes import singular_modes
    return singular_modes(WEIGHT, (8, 8), (4, 4))


def _block_match():
    from rglib.analysis.blockspin import best_block_size
    return best_block_size(BLOCK_WEIGHT, 8)


def _pairs():
    from rglib.chapters.paper_scale import modes_pairs
    return modes_pairs(_modes(), [0, 1])
DATA = np.random.default_rng(3).standard_normal((40, 64))
PRINCIPAL = principal_axes(DATA, 4)

ISING = dict(L=8, T=3.0, n_samples=10, seed=0)
SAMPLE = dict(L=8, T=3.0, n_samples=10, seed=0, device="cpu", algorithm="metropolis")


CI = PROFILES["ci"]
SPINS = np.random.default_rng(4).choice(np.array([-1, 1], dtype=np.int8), size=(20, 4))
FIT = dict(data=SPINS, epochs=1, batch_size=10, lr=0.1)
STACK = dict(data=np.random.default_rng(5).choice([-1, 1], size=(20, 16)), sides=(4, 2), epochs=1,
             batch_size=10, lr=0.1)


ONES = np.ones(4)
STUDY = {"profile": "ci", "seeds": [1, 2], "rows": [], "provenance": {}}
RESULTS = dict(provenance={}, claims=[], failed_claims={}, layers=[])
PROVENANCE = ("ci", "cpu", "cpu", "fp32")


RBM_4_3 = RBM(4, 3, seed=0)
#: A stack of the ci profile's sizes (untrained), to pair with a bad argument.
CI_NETWORK = [RBM(visible**2, hidden**2)
              for visible, hidden in zip(CI.rbm.stack_sides, CI.rbm.stack_sides[1:])]
LIKELIHOOD = dict(L=2, n_hidden=2, temperature=3.0, n_train=20, n_held_out=10, epochs=2, batch_size=10,
                  lr=0.1, points=2, seed=0)
GREY = np.full((1, 4, 4), 0.5)
STARTS = dict.fromkeys(("xavier", "small-random", "block-spin", "rgm"), True)


def _claim_fields() -> dict:
    item = rglib.claims.claim("fig4-alignment")
    return {field.name: getattr(item, field.name) for field in dataclasses.fields(item)}


def _result_fields() -> dict:
    return rglib.claims.ClaimResult(
        id="x", reference="r", statement="s", criterion="c", chapter="training", profile="ci",
        data_source="d", verdict="agrees", key_number="", numbers={}, note="", thresholds={},
    ).to_dict()


def _result():
    return rglib.claims.ClaimResult(**_result_fields())


SNAPSHOT = Snapshot(15.0, 150, CI_NETWORK[0], NOWHERE)
LENGTHS = [dataclasses.replace(SNAPSHOT, step=step, epochs=epochs)
           for step, epochs in ((60.0, 600), (240.0, 2400))]
LENGTH_RUN = {claim_id: {} for claim_id in METRICS}


def _section3_rbm() -> RBM:
    return RBM(16, 4, seed=0, dtype=torch.float64)


PM_16 = np.random.default_rng(6).choice([-1.0, 1.0], size=(30, 16))
SPLIT = dict(L=8, hidden_side=4, temperature=3.0, n_samples=20, epochs=1, batch_size=10, lr=0.1, seed=0)


def _image_set():
    from rglib.artifacts import ImageSet

    return ImageSet("mnist", "test", np.full((3, 4, 4), 0.5), np.zeros((3, 16)), "a source", False)


def _figure_evidence() -> dict:
    """Evidence records of an 8 x 8 -> 4 x 4 weight, to pair with a bad side or title."""
    from rglib.analysis.blockspin import best_block_size
    from rglib.studies import images, network

    biased = RBM(16, 4, visible_bias=np.linspace(-1, 1, 16), hidden_bias=np.linspace(-1, 1, 4))
    match = best_block_size(BLOCK_WEIGHT, 8)
    return {"singular": network.SingularValueEvidence(match, match),
            "fourier": network.fourier_evidence_of(WEIGHT, 8, 4),
            "bias": images.bias_evidence_of(biased, 4, 2)}


EVIDENCE = _figure_evidence()


def _rbm() -> RBM:
    return RBM(4, 3, seed=0)


def _bad_settings(settings) -> list[Bad]:
    """A bad value for every field of a profile (or image profile), through its constructor."""
    good = {item.name: getattr(settings, item.name) for item in dataclasses.fields(settings)}
    values = {"int": (0, 2.5, "8"), "int | None": (0, 1.5), "float": (0.0, NAN, "1e-3"),
              "tuple[int, ...]": ((), (8, 0), [8, 4]), "tuple[float, ...]": ((), (2.0, -1.0)),
              "str": (3,), "ImageProfile": ("mnist",), "IsingProfile": ("ising",),
              "RBMProfile": ("rbm",)}
    return [
        bad(item.name, **_with(good, **{item.name: value}))
        for item in dataclasses.fields(settings)
        for value in ((-1, 2.5) if item.name == "seed" else ("fp16", None)
                      if item.name == "precision" else values[item.type])
    ]


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

#: An 8 x 8 -> 4 x 4 RBM for the initialisations (every bad call is refused before it changes it).
SMALL_RBM = RBM(64, 16, seed=0)

BAD_INPUTS: dict[str, list[Bad]] = {
    # rglib.ising.autocorrelation
    "rglib.ising.autocorrelation.autocorrelation_function": [
        *_series_cases("series"),
        bad("series", [1.0, 2.0, 3.0]),
        bad("series", np.full(50, 3.0)),
        *(bad("max_lag", SERIES, max_lag=value) for value in (-1, 200, 2.0, "3", True)),
    ],
    "rglib.ising.autocorrelation.estimate_autocorrelation": [
        *_series_cases("series"),
        *(bad("c", SERIES, c=value) for value in (0.0, -1.0, NAN, INF, "5", True, None)),
    ],
    "rglib.ising.autocorrelation.integrated_autocorrelation_time": [
        *_series_cases("series"),
        *(bad("c", SERIES, c=value) for value in (0.0, NAN, "5")),
    ],
    "rglib.ising.autocorrelation.binning_error": [
        *_series_cases("samples"),
        bad("samples", SERIES[:63]),
        *(bad("min_bins", SERIES, min_bins=value) for value in (1, 2.0, "32", True, None)),
    ],
    # rglib.runtime.backend
    "rglib.runtime.backend.resolve_device": [bad("device", value) for value in ("tpu", "GPU", None, 1)],
    **{
        f"rglib.runtime.backend.{name}": [bad("device", value) for value in ("tpu", "auto", "GPU", None, 1)]
        for name in ("array_module", "describe_device")
    },
    "rglib.runtime.backend.to_numpy": [bad("array", value) for value in ("text", [1.0, 2.0], 3.0, None)],
    "rglib.runtime.backend.torch_device": [bad("device", value) for value in ("tpu", "GPU", "cuda", None, 1)],
    "rglib.runtime.backend.require_torch_device": [
        *(bad("device", value) for value in ("tpu", "gpu", "auto", "CPU", None, 1)),
        *([] if torch.cuda.is_available() else [bad("device", "cuda")]),
    ],
    # rglib.analysis.blockspin
    **{
        f"rglib.analysis.blockspin.{name}": [
            bad("L", 0, 2), bad("L", 8.0, 2), bad("L", "8", 2), bad("L", 9, 2),
            bad("block", 8, 0), bad("block", 8, 2.5), bad("block", 8, None),
            *(bad("stride", 8, 2, stride=value) for value in (0, 3, "2")),
            *([bad("L", 2000, 2)] if name == "block_spin_matrix" else []),  # more than the machine holds
        ]
        for name in ("block_spin_matrix", "block_spin_singular_values", "block_spin_modes")
    },
    "rglib.analysis.blockspin.coarse_grain": [
        bad("L", np.zeros((1, 64)), 0, 2), bad("L", np.zeros((1, 81)), 9, 2),
        bad("block", np.zeros((1, 64)), 8, 0), bad("stride", np.zeros((1, 64)), 8, 2, stride=3),
        bad("fields", np.zeros((1, 63)), 8, 2), bad("fields", np.zeros(64), 8, 2),
        bad("fields", np.full((1, 64), NAN), 8, 2), bad("fields", np.full((1, 64), INF), 8, 2),
    ],
    "rglib.analysis.blockspin.best_block_size": [
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
    "rglib.analysis.blockspin.best_block_size_of_values": [
        bad("singular_values", np.ones(15), 8), bad("singular_values", np.ones((4, 4)), 8),
        bad("singular_values", np.zeros(16), 8), bad("singular_values", np.arange(16.0), 8),
        bad("singular_values", -np.ones(16), 8), bad("singular_values", np.full(16, NAN), 8),
        bad("L", np.ones(16), 0), bad("stride", np.ones(16), 8, stride=3),
        bad("candidates", np.ones(16), 8, candidates=[]),
    ],
    # rglib.runtime.cache
    "rglib.runtime.cache.key_digest": [
        bad("key", [1, 2]), bad("key", "text"), bad("key", {"a": {1, 2}}), bad("key", {"a": NAN}),
    ],
    "rglib.runtime.cache.require_writable": [
        bad("path", 3), bad("path", None), bad("setting", NOWHERE, setting=3),
    ],
    "rglib.runtime.cache.store": [
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
        bad("setting", NOWHERE, ARRAYS, KEY, setting=None),
    ],
    "rglib.runtime.cache.load": [
        bad("path", 3, KEY), bad("key", NOWHERE, None), bad("key", NOWHERE, {"a": INF}),
        bad("setting", NOWHERE, KEY, setting=3),
    ],
    "rglib.runtime.cache.remove_stale_partials": [bad("folder", 3), bad("folder", b"bytes")],
    # rglib.datasets.ising
    "rglib.datasets.ising.samples": [
        *(bad("L", **_with(ISING, L=value)) for value in (2, 7, 0, 8.0, "8", True)),
        *(bad("T", **_with(ISING, T=value)) for value in (0.0, -1.0, NAN, 1e300, "3")),
        *(bad("n_samples", **_with(ISING, n_samples=value)) for value in (0, 2.5, "10")),
        *(bad("seed", **_with(ISING, seed=value)) for value in (-1, 1.5, None)),
        bad("device", **ISING, device="tpu"),
        bad("algorithm", **ISING, algorithm="gibbs"),
        bad("return_report", **ISING, return_report="yes"),
        bad("progress", **ISING, progress="no"),
    ],
    # rglib.ising.exact
    **{
        f"rglib.ising.exact.{name}": [
            *_temperature_cases(),
            bad("T", 1e5),
            *(bad("L", 2.0, L=value) for value in (1, 2.5, "4", True)),
            bad("L", 2.0, L=2**40),  # more than any machine holds (issue 17)
        ]
        for name in ("free_energy_per_spin", "energy_per_spin", "specific_heat")
    },
    "rglib.ising.exact.magnetization": _temperature_cases(),
    "rglib.ising.exact.correlation_length": [*_temperature_cases(), bad("T", 1.0)],
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
    # rglib.ising.philox
    "rglib.ising.philox.philox": [
        *(
            bad("key", [0, 0, 0, 0], value)
            for value in ([0.5, 0], [-1, 0], [2**32, 0], [0, 0, 0], "ab", np.array([True, False]))
        ),
        *(
            bad("counter", value, [0, 0])
            for value in ([0, 0, 0, 1.5], [0, 0, 0], None, [[0, 0, 0, 0]])
        ),
    ],
    "rglib.ising.philox.probability_threshold": [
        bad("probability", value) for value in (1.5, -0.1, NAN, "0.5", None, True)
    ],
    "rglib.ising.philox.random_signs": [
        bad("n", -1, (1, 2), Stream.GLOBAL_FLIP),
        bad("n", 4.0, (1, 2), Stream.GLOBAL_FLIP),
        bad("key", 4, (0.5, 2), Stream.GLOBAL_FLIP),
        bad("key", 4, (1,), Stream.GLOBAL_FLIP),
        bad("stream", 4, (1, 2), 7),
        bad("stream", 4, (1, 2), "GLOBAL_FLIP"),
    ],
    # rglib.models.fused_sampling: every check of sample_spins_ runs before any GPU use,
    # so CPU tensors try them all (a CPU field is itself refused: "field must be a CUDA tensor").
    "rglib.models.fused_sampling.sample_spins_": [
        *(bad("field", value, torch.zeros(8), torch.zeros(1, dtype=torch.int64), (1, 2))
          for value in (np.zeros(8, dtype=np.float32), torch.zeros(8, dtype=torch.float64),
                        torch.zeros(2, 4).T, torch.zeros(8))),
        *(bad("out", torch.zeros(8), value, torch.zeros(1, dtype=torch.int64), (1, 2))
          for value in ("out", torch.zeros(9), torch.zeros(8, dtype=torch.float64))),
        bad("out", *(lambda storage: (storage[:8], storage[4:12]))(torch.zeros(16)),
            torch.zeros(1, dtype=torch.int64), (1, 2)),
        *(bad("draw_counter", torch.zeros(8), torch.zeros(8), value, (1, 2))
          for value in (0, torch.zeros(2, dtype=torch.int64), torch.zeros(1, dtype=torch.int32))),
        *(bad("key", torch.zeros(8), torch.zeros(8), torch.zeros(1, dtype=torch.int64), value)
          for value in ((1, 2**32), (-1, 0), (0.5, 2), (1,), "ab", (True, 0), None)),
        *(bad("binarize", torch.zeros(8), torch.zeros(8), torch.zeros(1, dtype=torch.int64), (1, 2),
              binarize=value) for value in ("yes", 1, None)),
    ],
    "rglib.models.fused_sampling.reference_uniforms": [
        *(bad("n", value, 0, (1, 2)) for value in (-1, 2.0, 4 * 2**32 + 1, True, "8")),
        *(bad("draw", 8, value, (1, 2)) for value in (-1, 2**64, 1.5, "0", None)),
        *(bad("key", 8, 0, value) for value in ((1,), (2**32, 0), (0.5, 1), "ab")),
    ],
    "rglib.models.fused_sampling.reference_spins": [
        *(bad("field", value, 0, (1, 2))
          for value in (np.zeros(4), "abc", [[1.0], [2.0, 3.0]], np.zeros(4, dtype=np.complex64), None)),
        bad("draw", np.zeros(4, dtype=np.float32), -1, (1, 2)),
        bad("key", np.zeros(4, dtype=np.float32), 0, (0.5, 1)),
        *(bad("binarize", np.zeros(4, dtype=np.float32), 0, (1, 2), binarize=value)
          for value in ("no", 0, None)),
    ],
    # rglib.runtime.progress
    "rglib.runtime.progress.show_progress": [
        bad("progress", value) for value in ("no", "yes", 1, 0, [], 0.0)
    ],
    # rglib.analysis.modes, fourier, rg, alignment and parameters
    "rglib.analysis.modes.singular_modes": [
        bad("weight", np.full((64, 16), NAN), (8, 8), (4, 4)),
        bad("weight", WEIGHT * 1j, (8, 8), (4, 4)),
        bad("weight", np.ones((64, 15)), (8, 8), (4, 4)),
        bad("weight", "w", (8, 8), (4, 4)),
        bad("visible_shape", WEIGHT, (8, 0), (4, 4)), bad("visible_shape", WEIGHT, "8x8", (4, 4)),
        bad("visible_shape", WEIGHT, (8.0, 8), (4, 4)),
        bad("hidden_shape", WEIGHT, (8, 8), ()), bad("hidden_shape", WEIGHT, (8, 8), (-4, -4)),
    ],
    **{
        f"rglib.analysis.fourier.{name}": [
            bad("field", value)
            for value in (
                np.full((8, 8), NAN), np.zeros((8, 8)), np.ones((8, 7)), np.ones(10), FIELD * 1j,
                "field", FIELD * 1e200,
            )
        ]
        for name in ("radial_fft", "radial_centroid")
    },
    "rglib.analysis.fourier.discard_high_modes": [
        *(bad("field", value, 4) for value in (np.full((8, 8), NAN), np.ones((8, 7)), FIELD * 1j,
                                               FIELD * 1e200, np.full((8, 8), INF))),
        *(bad("hidden_side", FIELD, value) for value in (0, 9, 4.0, "4", None)),
    ],
    "rglib.analysis.rg.rg_consistency": [
        bad("visible_vector", np.full((8, 8), NAN), FIELD[::2, ::2]),
        bad("visible_vector", np.ones(10), FIELD[::2, ::2]),
        bad("visible_vector", np.zeros((8, 8)), FIELD[::2, ::2]),
        bad("hidden_vector", FIELD, np.full((4, 4), INF)),
        bad("hidden_vector", FIELD, np.ones((16, 16))),
        bad("hidden_vector", FIELD, FIELD[::2, ::2] * 1j),
        *(bad("n_random", FIELD, FIELD[::2, ::2], n_random=value) for value in (0, 2.0, 10**9)),
        bad("seed", FIELD, FIELD[::2, ::2], seed=-1), bad("seed", FIELD, FIELD[::2, ::2], seed="0"),
    ],
    "rglib.analysis.alignment.alignment_eigenvalues": [
        bad("weight", np.full((64, 16), NAN), DATA, 4), bad("weight", np.ones(64), DATA, 4),
        bad("weight", WEIGHT * 1j, DATA, 4), bad("weight", np.zeros((64, 16)), DATA, 4),
        bad("data", WEIGHT, np.ones((40, 63)), 4), bad("data", WEIGHT, np.full((40, 64), 0.1), 4),
        bad("data", WEIGHT, DATA.astype(str), 4), bad("data", WEIGHT, np.full((40, 64), NAN), 4),
        *(bad("k", WEIGHT, DATA, value) for value in (0, 17, 2.0, "4", None)),
    ],
    "rglib.analysis.alignment.principal_axes": [
        bad("data", np.ones(64), 4), bad("data", np.full((40, 64), NAN), 4),
        bad("data", np.full((40, 64), 0.1), 4),
        bad("data", np.ones((2, 3, 4), dtype=np.int8), 1),
        *(bad("k", DATA, value) for value in (0, 40, 2.0, None)),
    ],
    "rglib.analysis.alignment.subspace_alignment": [
        bad("weight", np.full((64, 16), NAN), PRINCIPAL), bad("weight", np.zeros((64, 16)), PRINCIPAL),
        bad("weight", np.ones((63, 16)), PRINCIPAL), bad("weight", np.ones((64, 3)), PRINCIPAL),
        bad("principal", WEIGHT, DATA),
    ],
    "rglib.analysis.parameters.paper_parameter_count": [
        *(bad(name, **{name: value}) for name in (
            "n_visible", "n_hidden", "kept_singular_values", "fourier_cutoff", "max_radial_mode",
        ) for value in (0, 2.5, "10")),
        bad("fourier_cutoff", fourier_cutoff=100, max_radial_mode=60),
    ],
    "rglib.analysis.parameters.effective_parameters": [
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
    # rglib.models
    "rglib.models.rbm.RBM": [
        *(bad("n_visible", value, 3) for value in (0, 4.0, "4", None)),
        *(bad("n_hidden", 4, value) for value in (0, 3.0, True)),
        bad("n_hidden", 10**6, 10**6),  # a weight larger than the machine
        bad("weight", 4, 3, weight=np.full((4, 3), NAN)), bad("weight", 4, 3, weight=np.ones((3, 4))),
        bad("weight", 4, 3, weight="w"),
        bad("visible_bias", 4, 3, visible_bias=np.zeros(3)),
        bad("hidden_bias", 4, 3, hidden_bias=[0.0, INF, 0.0]),
        *(bad("seed", 4, 3, seed=value) for value in (-1, 1.5, None)),
        *(bad("device", 4, 3, device=value) for value in ("tpu", "gpu", None)),
        *(bad("dtype", 4, 3, dtype=value) for value in (torch.int32, "float32", np.float64)),
    ],
    **{
        f"rglib.models.rbm.RBM.{name}": [
            bad(argument, value).on(_rbm)
            for value in (
                [2, 1, 1, 1][:size] if means else [0, 1, 1, 0][:size], [NAN, 1, 1, 1][:size],
                np.ones(size, dtype=np.uint8), np.ones(size, dtype=complex),
                np.ones(size, dtype=bool), ["a"] * size, np.ones(size + 1), np.ones((1, 1, size)),
            )
        ]
        for name, argument, size, means in (
            ("free_energy", "v", 4, False), ("transform", "v", 4, False),
            ("reconstruct", "v", 4, False), ("hidden_probability", "v", 4, True),
            ("visible_probability", "h", 3, True),
        )
    },
    **{
        f"rglib.models.rbm.RBM.{name}": [
            bad(argument, value).on(_rbm)
            for value in ([2.0, 0, 0, 0][:size], [NAN, 0, 0, 0][:size], np.ones(size + 1), "v")
        ]
        for name, argument, size in (("hidden_mean", "v", 4), ("visible_mean", "h", 3))
    },
    "rglib.models.rbm.RBM.energy": [
        bad("v", [1, 0, 1, 1], [1, 1, 1]).on(_rbm), bad("v", [1, 1, 1], [1, 1, 1]).on(_rbm),
        bad("h", [1, 1, 1, 1], [1, NAN, 1]).on(_rbm), bad("h", [1, 1, 1, 1], "h").on(_rbm),
        bad("h", np.ones((3, 4)), np.ones((2, 3))).on(_rbm),  # batches of different sizes
    ],
    **{
        f"rglib.models.rbm.RBM.{name}": [
            bad(argument, [0.5] * size).on(_rbm), bad(argument, np.ones((2, size + 1))).on(_rbm),
            bad("generator", [1] * size, generator="seed").on(_rbm),
            bad("generator", [1] * size, generator=np.random.default_rng(0)).on(_rbm),
        ]
        for name, argument, size in (("sample_hidden", "v", 4), ("sample_visible", "h", 3))
    },
    "rglib.models.rbm.RBM.binarize": [
        bad("means", [2.0, 0, 0, 0]).on(_rbm), bad("means", [NAN, 0, 0, 0]).on(_rbm),
        bad("means", np.ones(5)).on(_rbm), bad("generator", [0.0] * 4, generator=0).on(_rbm),
    ],
    "rglib.models.rbm.RBM.contrastive_divergence": [
        bad("v_data", SPINS[0]).on(_rbm), bad("v_data", (SPINS + 1) // 2).on(_rbm),
        bad("v_data", SPINS.astype(np.uint8)).on(_rbm), bad("v_data", SPINS * 1j).on(_rbm),
        *(bad("k", SPINS, k=value).on(_rbm) for value in (0, 1.0, "1", None)),
        bad("generator", SPINS, generator="seed").on(_rbm),
        bad("chain", SPINS, chain=np.zeros((3, 4))).on(_rbm),
        bad("chain", SPINS, chain=SPINS[:, :3]).on(_rbm),
        bad("hidden_statistics", SPINS, hidden_statistics="mean").on(_rbm),
    ],
    "rglib.models.rbm.RBM.fit": [
        bad("data", **_with(FIT, data=SPINS[:, :3])).on(_rbm),
        bad("epochs", **_with(FIT, epochs=0)).on(_rbm),
        bad("batch_size", **_with(FIT, batch_size=0)).on(_rbm),
        bad("lr", **_with(FIT, lr=NAN)).on(_rbm), bad("k", **FIT, k=0).on(_rbm),
        bad("persistent", **FIT, persistent="yes").on(_rbm),
        bad("precision", **FIT, precision="fp16").on(_rbm),
    ],
    "rglib.models.rbm.fit": [
        bad("rbm", None, **FIT), bad("rbm", "rbm", **FIT), bad("rbm", WEIGHT, **FIT),
        *(
            bad("data", _rbm(), **_with(FIT, data=value))
            for value in (
                SPINS.reshape(20, 2, 2), SPINS[:, :3], (SPINS + 1) // 2, np.where(SPINS == 1, 1, 255).astype(np.uint8),
                SPINS * 1.0j, SPINS == 1, np.full((20, 4), NAN), np.zeros((0, 4)), "data",
            )
        ),
        *(bad("epochs", _rbm(), **_with(FIT, epochs=value)) for value in (0, 1.5, "1")),
        *(bad("batch_size", _rbm(), **_with(FIT, batch_size=value)) for value in (0, 10.0)),
        *(bad("lr", _rbm(), **_with(FIT, lr=value)) for value in (0.0, -0.1, NAN, INF, "0.1", 1e300)),
        *(bad("k", _rbm(), **FIT, k=value) for value in (0, 1.5)),
        bad("persistent", _rbm(), **FIT, persistent="yes"),
        bad("binarize", _rbm(), **FIT, binarize=1),
        bad("data", _rbm(), **_with(FIT, data=np.full((20, 4), 0.5)), binarize=False),
        bad("data", _rbm(), **_with(FIT, data=np.full((20, 4), 2.0)), binarize=True),
        bad("held_out", _rbm(), **FIT, held_out=np.zeros((5, 4))),
        bad("held_out", _rbm(), **FIT, held_out=SPINS[:, :3]),
        bad("checkpoint_every", _rbm(), **FIT, checkpoint_every=1),
        bad("checkpoint_every", _rbm(), **FIT, checkpoint_every=0, checkpoint_path=NOWHERE),
        bad("checkpoint_path", _rbm(), **FIT, checkpoint_path=3),
        bad("progress", _rbm(), **FIT, progress="no"),
        *(bad("precision", _rbm(), **FIT, precision=value) for value in ("tf32", "fp16", None)),
        *(bad("hidden_statistics", _rbm(), **FIT, hidden_statistics=value) for value in ("mean", None)),
        *(bad("weight_decay", _rbm(), **FIT, weight_decay=value) for value in (-0.1, NAN, "0")),
    ],
    "rglib.models.rbm.require_rule": [
        bad("hidden_statistics", "mean", 0.0), bad("weight_decay", "samples", -1.0),
        bad("weight_decay", "samples", INF),
    ],
    "rglib.models.stack.stack": [
        *(bad("data", **_with(STACK, data=value)) for value in (STACK["data"][:, :9], "data")),
        *(
            bad("sides", **_with(STACK, sides=value))
            for value in ((4,), (4, 4), (2, 4), (4, 2.0), (4, 0), "42", 4)
        ),
        bad("epochs", **_with(STACK, epochs=0)), bad("batch_size", **_with(STACK, batch_size=-1)),
        bad("lr", **_with(STACK, lr=NAN)), bad("k", **STACK, k=0), bad("seed", **STACK, seed=-1),
        bad("device", **STACK, device="gpu"),
        bad("held_out", **STACK, held_out=np.zeros((3, 16))),
        bad("checkpoint_dir", **STACK, checkpoint_dir=3),
        bad("checkpoint_every", **STACK, checkpoint_every=2),
        bad("progress", **STACK, progress="yes"), bad("precision", **STACK, precision="tf32"),
        bad("first_layer", **STACK, first_layer="layer"),
        bad("first_layer", **STACK, first_layer=RBM(9, 4)),
    ],
    # rglib.profiles
    "rglib.profiles.active_profile": [bad("name", value) for value in ("huge", "CI ", [], 3)],
    "rglib.profiles.require_profile": [bad("profile", value) for value in ("ci", None, {})],
    "rglib.profiles.summed_step": [
        bad("profile", "ci"), bad("epochs", CI, 0), bad("epochs", CI, 2.5),
        bad("epochs", CI, "600"),
    ],
    "rglib.profiles.Profile": _bad_settings(CI),
    "rglib.profiles.ImageProfile": _bad_settings(CI.mnist),
    "rglib.profiles.IsingProfile": _bad_settings(CI.ising),
    "rglib.profiles.RBMProfile": _bad_settings(CI.rbm),
    "rglib.profiles.Profile.images": [
        bad("name", value).on(lambda: CI) for value in ("digits", "MNIST", None)
    ],
    # rglib.artifacts: every bad call is refused before any sampling or training
    **{
        f"rglib.artifacts.{name}": [
            bad("profile", "ci"), bad("profile", None), bad("progress", CI, progress="no"),
            *([bad("first_layer", CI, first_layer=RBM_4_3),
               bad("first_layer", CI, first_layer=WEIGHT)] if name == "rbm_stack" else []),
        ]
        for name in (
            "validation_scan", "autocorrelation_runs", "training_set", "held_out_set", "rbm_stack",
            "single_rbm",
        )
    },
    "rglib.artifacts.example_configurations": [bad("progress", value) for value in ("no", 1)],
    "rglib.artifacts.image_rbm": [
        bad("profile", "ci", "mnist"), bad("name", CI, "digits"), bad("name", CI, None),
        bad("progress", CI, "mnist", progress="no"),
    ],
    "rglib.artifacts.training_precision": [bad("profile", "ci"), bad("profile", None)],
    # rglib.__main__: the command line and its commands
    "rglib.__main__.main": [
        bad("argv", "reproduce"), bad("argv", ["reproduce", 3]), bad("argv", 3),
        bad("command", []), bad("command", ["sample"]),
        *(
            bad(f"--{option}", [command, f"--{option}", value])
            for command in ("reproduce", "results")
            for option, value in (("device", "tpu"), ("profile", "huge"), ("precision", "fp16"))
        ),
        bad("--profile", ["claims", "--profile", "huge"]),
        bad("ids", ["claims", "--ids", "no-such-claim"]),
        bad("--profile", ["precision-study", "--profile", "huge"]),
        bad("--device", ["precision-study", "--device", "tpu"]),
        bad("chapters", ["results", "--chapters", "no-such-chapter"]),
        # output paths that cannot be written, refused before any work (issue 17)
        bad("--json", ["claims", "--json", str(NOWHERE)]),
        bad("--json", ["claims", "--json", tempfile.gettempdir()]),
        bad("--output", ["results", "--device", "cpu", "--output", str(NOWHERE)]),
        bad("--output", ["precision-study", "--output", tempfile.gettempdir()]),
    ],
    "rglib.__main__.reproduce": [
        bad("profile_name", "huge", "cpu"), bad("profile_name", 3, "cpu"),
        bad("device", "ci", "tpu"), bad("device", "ci", None),
        bad("precision", "ci", "cpu", "fp16"), bad("precision", "ci", "cpu", 32),
    ],
    "rglib.__main__.claims_command": [
        bad("profile_name", "huge", None), bad("profile_name", ["ci"], None),
        bad("json_path", "ci", 3), bad("json_path", "ci", NOWHERE), bad("json_path", "ci", tempfile.gettempdir()),
        bad("ids", "ci", None, "fig1-block-spin-match"), bad("ids", "ci", None, []),
        bad("ids", "ci", None, ["no-such-claim"]),
    ],
    "rglib.__main__.precision_study_command": [
        bad("profile_name", "huge", "cpu", None), bad("device", "ci", "tpu", None),
        bad("output", "ci", "cpu", 3), bad("output", "ci", "cpu", NOWHERE),
    ],
    # rglib.analysis.rg_theory
    "rglib.analysis.rg_theory.scaling_exponent": [
        bad("n", -1, 0), bad("n", 1.5, 0), bad("m", 0, -1), bad("m", 0, "1"), bad("d", 4, 0, d=0),
    ],
    "rglib.analysis.rg_theory.classify": [bad("exponent", value) for value in ("1", NAN, INF, None, True)],
    "rglib.analysis.rg_theory.term_name": [bad("n", -1, 0), bad("n", "2", 0), bad("m", 0, 1.5)],
    "rglib.analysis.rg_theory.scaling_table": [
        bad("max_n", -1), bad("max_n", 2.5), bad("max_m", 2, -1), bad("d", d=0),
    ],
    "rglib.analysis.rg_theory.gaussian_term_integral": [
        bad("n", -1, 0, 1.0, 1.0), bad("m", 0, "1", 1.0, 1.0),
        bad("amplitude", 1, 0, 0.0, 1.0), bad("width", 1, 0, 1.0, NAN),
    ],
    "rglib.analysis.rg_theory.measured_scaling_exponent": [
        bad("n", -1, 1), bad("n", 0, 0), bad("m", 1, 0.5),
        *(bad("epsilon", 1, 0, epsilon=value) for value in (0.0, 1.0, "0.1", NAN, None)),
    ],
    "rglib.analysis.rg_theory.linear_r2": [
        bad("values", value) for value in ([1.0, 2.0], np.ones(5), [[1.0, 2.0, 3.0]], [NAN, 1, 2], "abc")
    ],
    "rglib.analysis.rg_theory.top_decile_share": [
        bad("values", value)
        for value in (np.ones(5), np.arange(20.0), np.zeros(20), -np.ones(20), [NAN] * 20)
    ],
    "rglib.analysis.rg_theory.nonzero_count": [
        bad("values", value) for value in ([], np.zeros(4), [1.0, 2.0], [1.0, -1.0], [[1.0]])
    ],
    "rglib.analysis.rg_theory.top_and_bottom": [
        bad("values", np.zeros(4)), bad("count", [2.0, 1.0], 0), bad("count", [2.0, 1.0], 1.5),
    ],
    "rglib.analysis.rg_theory.unit_norm": [bad("profile", value) for value in (np.zeros(3), [NAN], "abc")],
    "rglib.analysis.rg_theory.score_modes": [bad("modes", WEIGHT), bad("modes", None)],
    "rglib.analysis.rg_theory.white_noise_mean_mode": [bad("L", value) for value in (0, 2.5, "8")],
    # rglib.analysis.fourier_shells
    "rglib.analysis.fourier_shells.symmetry_shells": [bad("L", value) for value in (0, 2.5, "4", 10**5)],
    "rglib.analysis.fourier_shells.shell_cut": [
        bad("L", 0, 1), bad("k", 4, 0), bad("k", 4, 17), bad("k", 4, 1.5),
    ],
    # rglib.analysis.biases
    "rglib.analysis.biases.bias_alignment": [
        bad("bias", np.zeros(4), ONES), bad("bias", [NAN] * 4, ONES), bad("bias", np.ones(3), ONES),
        bad("vector", ONES, np.zeros(4)), bad("vector", ONES, "abcd"),
        bad("n_random", ONES, ONES, n_random=0), bad("seed", ONES, ONES, seed=-1),
    ],
    # rglib.analysis.modes.signed_modes
    "rglib.analysis.modes.signed_modes": [
        bad("values", [NAN], np.ones((1, 4)), np.ones((1, 4)), (2, 2), (4,)),
        bad("visible", [1.0], np.ones((1, 3)), np.ones((1, 4)), (2, 2), (4,)),
        bad("visible", [1.0], np.full((1, 4), INF), np.ones((1, 4)), (2, 2), (4,)),
        bad("hidden", [1.0], np.ones((1, 4)), np.ones((2, 4)), (2, 2), (4,)),
        bad("visible_shape", [1.0], np.ones((1, 4)), np.ones((1, 4)), (2, 0), (4,)),
        bad("hidden_shape", [1.0], np.ones((1, 4)), np.ones((1, 4)), (2, 2), "4"),
    ],
    # rglib.datasets
    "rglib.datasets.images.load": [
        bad("name", "digits"), bad("name", None), bad("split", "mnist", "validation"),
    ],
    **{
        f"rglib.datasets.{name}": [bad("split", value) for value in ("validation", None, "TRAIN")]
        for name in ("mnist.load_mnist", "mnist.load_fashion_mnist", "flowers.load_flowers",
                     "clouds.load_clouds")
    },
    **{
        f"rglib.datasets.idx.{name}": [bad("path", 3), bad("path", None)]
        for name in ("read_idx_images", "read_idx_labels")
    },
    "rglib.datasets.clouds.power_law_field": [
        bad("side", 1, 2.0, np.random.default_rng(0)), bad("side", 2.5, 2.0, np.random.default_rng(0)),
        bad("exponent", 8, NAN, np.random.default_rng(0)), bad("exponent", 8, "8/3", np.random.default_rng(0)),
        bad("rng", 8, 2.0, 0), bad("rng", 8, 2.0, np.random.RandomState(0)),
    ],
    "rglib.datasets.common.in_split": [
        bad("items", 3, "test", 3), bad("items", "abc", "test", 3),
        bad("split", [1, 2], "validation", 3), bad("every", [1, 2], "test", 1),
        bad("every", [1, 2], "test", 2.5),
    ],
    "rglib.datasets.common.tiles": [
        bad("image", np.ones((3, 3)), 4), bad("image", np.ones((2, 4, 4)), 2), bad("image", [[1]], 1),
        bad("side", np.ones((4, 4)), 0), bad("side", np.ones((4, 4)), 2.0),
    ],
    # rglib.meta.precision
    "rglib.meta.precision.numeric_measures": [
        bad("numbers", "abc"), bad("numbers", None), bad("prefix", {}, prefix=3),
    ],
    "rglib.meta.precision.measure": [
        bad("profile", "ci", "fp32"), bad("precision", CI, "fp16"),
        bad("chapters", CI, "fp32", chapters="training"),
        bad("chapters", CI, "fp32", chapters=["no-such-chapter"]),
        bad("progress", CI, "fp32", progress="no"),
    ],
    "rglib.meta.precision.compare": [bad("runs", value) for value in (None, {"fp32": []}, "fp32")],
    "rglib.meta.precision.verdicts_and_measures": [
        bad("results", value)
        for value in (None, "agrees", [{"verdict": "agrees"}], {"x": _result()})
    ],
    "rglib.meta.precision.run": [
        bad("profile", "ci"), bad("seeds", CI, seeds=1), bad("progress", CI, progress="no"),
    ],
    "rglib.meta.precision.save": [
        bad("study", [], NOWHERE), bad("path", STUDY, 3), bad("provenance", STUDY, NOWHERE, [1]),
    ],
    "rglib.meta.precision.load": [bad("path", 3), bad("path", None)],
    "rglib.meta.precision.summary": [bad("study", {}), bad("study", None)],
    "rglib.meta.precision.markdown_table": [
        bad("study", {}), bad("only_moved", STUDY, only_moved="yes"),
    ],
    "rglib.meta.precision.seed_verdicts": [
        bad("study", {}), bad("precision", STUDY, precision="fp16"),
    ],
    "rglib.meta.precision.seed_table": [
        bad("study", None), bad("precision", STUDY, precision="bf16"),
    ],
    # rglib.meta.results_file
    "rglib.meta.results_file.layer_figures": [
        bad("weight", np.full((64, 16), NAN), 8, 4), bad("visible_side", WEIGHT, 8.0, 4),
        bad("hidden_side", WEIGHT, 8, 0),
    ],
    "rglib.meta.results_file.provenance": [
        *(
            bad(name, *PROVENANCE[:index], 3, *PROVENANCE[index + 1:], {})
            for index, name in enumerate(("profile_name", "device", "torch_device", "precision"))
        ),
        bad("wall_seconds", *PROVENANCE, [1.0]), bad("wall_seconds", *PROVENANCE, {"a": NAN}),
    ],
    "rglib.meta.results_file.evaluate_claims": [
        bad("profile", "huge"), bad("profile", 3), bad("ids", CI, "fig4-alignment"),
        bad("progress", CI, progress="no"),
    ],
    "rglib.meta.results_file.write": [
        bad("path", 3, **RESULTS), bad("provenance", NOWHERE, **_with(RESULTS, provenance=[])),
        bad("provenance", NOWHERE, **RESULTS), bad("claims", NOWHERE, **_with(RESULTS, claims="x")),
        bad("failed_claims", NOWHERE, **_with(RESULTS, failed_claims="ab")),
        bad("layers", NOWHERE, **_with(RESULTS, layers=None)),
        bad("merge", NOWHERE, **_with(RESULTS, merge="yes")),
    ],
    "rglib.meta.results_file.parse": [bad("text", 3), bad("text", None)],
    "rglib.meta.results_file.load": [bad("path", 3), bad("path", None)],
    "rglib.meta.results_file.paper_verdict": [bad("claim_id", 3, None), bad("results", "fig4-alignment", "x")],
    "rglib.meta.results_file.run": [
        bad("profile_name", "huge", NOWHERE, reproduce=dict),
        bad("path", "ci", 3, reproduce=dict), bad("reproduce", "ci", NOWHERE, reproduce=None),
        bad("path", "ci", NOWHERE, reproduce=dict), bad("path", "ci", tempfile.gettempdir(), reproduce=dict),
        bad("chapters", "ci", NOWHERE, reproduce=dict, chapters="training"),
        bad("chapters", "ci", NOWHERE, reproduce=dict, chapters=["no-such-chapter"]),
        bad("progress", "ci", NOWHERE, reproduce=dict, progress="no"),
        bad("merge", "ci", NOWHERE, reproduce=dict, merge=1),
        bad("ids", "ci", NOWHERE, reproduce=dict, ids="fig4-alignment"),
        bad("ids", "ci", NOWHERE, reproduce=dict, ids=["no-such-claim"]),
    ],
    # rglib.studies.generalization
    "rglib.studies.generalization.all_spin_states": [bad("n", value) for value in (0, 21, 2.5, "4")],
    "rglib.studies.generalization.exact_log_partition": [bad("rbm", "rbm"), bad("rbm", RBM(21, 2))],
    **{
        f"rglib.studies.generalization.{name}": [
            bad("rbm", None, SPINS), bad("samples", RBM_4_3, SPINS[:, :3]),
            bad("samples", RBM_4_3, (SPINS + 1) // 2), bad("samples", RBM_4_3, SPINS[0]),
            bad("samples", RBM_4_3, "abc"), bad("samples", RBM_4_3, SPINS * 1j),
        ]
        for name in ("exact_log_likelihood",)
    },
    "rglib.models.reconstruction.reconstruction_error": [
        bad("rbm", None, SPINS), bad("means", RBM_4_3, SPINS[:, :3]), bad("means", RBM_4_3, SPINS * 2),
        bad("means", RBM_4_3, SPINS[0]), bad("means", RBM_4_3, "abc"), bad("means", RBM_4_3, SPINS * 1j),
    ],
    "rglib.models.reconstruction.mean_field_reconstruction": [
        bad("rbm", WEIGHT, PM_16), bad("means", _section3_rbm(), PM_16 * 2),
        bad("means", _section3_rbm(), PM_16[:, :8]), bad("means", _section3_rbm(), [[NAN] * 16]),
    ],
    "rglib.studies.generalization.ising_entropy": [
        bad("L", 5, 2.0), bad("L", 1, 2.0), bad("L", 2.0, 2.0),
        bad("temperature", 2, 0.0), bad("temperature", 2, NAN),
    ],
    "rglib.studies.generalization.likelihood_curve": [
        bad(name, **_with(LIKELIHOOD, **{name: value}))
        for name, value in (
            ("L", 5), ("L", 2.0), ("n_hidden", 0), ("temperature", -1.0), ("n_train", 0),
            ("n_held_out", 1.5), ("epochs", 0), ("batch_size", 0), ("lr", NAN), ("points", 0),
            ("seed", -1),
        )
    ],
    # rglib.datasets.image_inputs
    "rglib.datasets.image_inputs.area_matrix": [
        bad("old", 0, 1), bad("old", 4.0, 2), bad("new", 4, 0), bad("new", 2, 4),
    ],
    "rglib.datasets.image_inputs.area_resize": [
        *(
            bad("images", value, 2)
            for value in (np.ones((4, 4)), np.ones((1, 4, 3)), np.full((1, 4, 4), NAN), GREY * 1j, "abc")
        ),
        *(bad("side", GREY, value) for value in (8, 0, 2.0)),
    ],
    "rglib.datasets.image_inputs.to_means": [
        bad("images", value)
        for value in (np.full((1, 2, 2), 2.0), np.full((1, 2, 2), NAN), np.ones((2, 2)), GREY * 1j, "abc")
    ],
    "rglib.datasets.image_inputs.from_means": [
        *(bad("means", value, 2) for value in ([2.0, 0, 0, 0], np.ones(5), [NAN] * 4, "abcd", [0j] * 4)),
        bad("side", np.zeros(4), 0), bad("side", np.zeros(4), 2.0),
    ],
    "rglib.datasets.image_inputs.subset": [
        bad("count", 0, None, 0), bad("size", 5, 0, 0), bad("size", 5, 2.5, 0), bad("seed", 5, 2, -1),
    ],
    # rglib.studies.section3
    "rglib.studies.section3.large_eigenvalue_count": [
        bad("samples", value) for value in (np.ones(5), np.ones((1, 4)), [[NAN, 1.0], [1.0, 1.0]], "ab", None)
    ],
    "rglib.studies.section3.solvability": [
        bad("samples", np.ones(50), [4, 8], growth_tolerance=0.05),
        bad("samples", [["a"]], [4, 8], growth_tolerance=0.05),
        *(bad("sizes", PM_16, value, growth_tolerance=0.05) for value in ([], [1, 4], [4.0, 8], "48", None)),
        bad("sizes", PM_16, [20, 40], growth_tolerance=0.05),
        bad("repeats", PM_16, [2, 4], repeats=1, growth_tolerance=0.05),
        bad("seed", PM_16, [2, 4], seed=-1, growth_tolerance=0.05),
        bad("k", PM_16, [2, 4], k=0, growth_tolerance=0.05), bad("k", PM_16, [2, 4], k=17, growth_tolerance=0.05),
        *(bad("growth_tolerance", PM_16, [2, 4], growth_tolerance=value) for value in (-0.1, NAN, "0.05")),
    ],
    "rglib.studies.sampling.yang_deviation": [
        bad("evidence", None, 0.9), bad("evidence", "scan", 0.9),
        *(bad("below_tc", _BLANK_SAMPLER, value) for value in (0.0, -0.5, NAN, "0.9")),
    ],
    "rglib.studies.section3.stop_index": [
        bad("counts", "123", 0.05), bad("counts", [1, -1], 0.05), bad("counts", [1.5], 0.05),
        bad("growth_tolerance", [1, 2], -0.1), bad("growth_tolerance", [1, 2], None),
    ],
    "rglib.studies.section3.top_visible_vectors": [
        bad("weight", np.ones(5), 1), bad("weight", np.full((4, 2), NAN), 1), bad("k", WEIGHT, 0),
        bad("k", WEIGHT, 17), bad("k", WEIGHT, 2.0),
    ],
    "rglib.studies.section3.noise_transmission": [
        bad("rbm", None, PM_16, 1, (0.1,)),
        bad("inputs", _section3_rbm(), PM_16[:, :8], 1, (0.1,)),
        bad("inputs", _section3_rbm(), np.zeros((2, 16)), 1, (0.1,)),
        bad("inputs", _section3_rbm(), np.full((2, 16), NAN), 1, (0.1,)),
        bad("k", _section3_rbm(), PM_16, 0, (0.1,)), bad("k", _section3_rbm(), PM_16, 5, (0.1,)),
        *(bad("strengths", _section3_rbm(), PM_16, 1, value) for value in ((), (0.0,), (NAN,), "0.1", 0.1)),
        bad("seed", _section3_rbm(), PM_16, 1, (0.1,), seed=-1),
    ],
    "rglib.studies.section3.split_networks": [
        bad(name, **_with(SPLIT, **{name: value}))
        for name, value in (
            ("L", 2), ("L", 8.0), ("hidden_side", 8), ("hidden_side", 0), ("temperature", -1.0),
            ("n_samples", 5), ("epochs", 0), ("batch_size", 0), ("lr", NAN), ("seed", -1),
            ("checkpoint_dir", 3), ("progress", "no"),
        )
    ],
    "rglib.studies.section3.compare_networks": [
        bad("first", None, _section3_rbm(), PM_16, 2), bad("second", _section3_rbm(), "rbm", PM_16, 2),
        bad("second", _section3_rbm(), RBM(16, 9), PM_16, 2),
        bad("unseen", _section3_rbm(), _section3_rbm(), PM_16[:, :8], 2),
        bad("unseen", _section3_rbm(), _section3_rbm(), (PM_16 + 1) / 2, 2),
        bad("k", _section3_rbm(), _section3_rbm(), PM_16, 0),
        bad("k", _section3_rbm(), _section3_rbm(), PM_16, 4),
    ],
    "rglib.studies.section3.data_subspace_alignment": [
        bad("rbm", WEIGHT, PM_16, 2), bad("samples", _section3_rbm(), PM_16[:, :8], 2),
        bad("samples", _section3_rbm(), "x", 2), bad("k", _section3_rbm(), PM_16, 5),
    ],
    # rglib.claims
    "rglib.claims.catalogue.claim": [bad("claim_id", value) for value in ("no-such-claim", None, ["fig4-alignment"])],
    "rglib.claims.evaluate": [
        bad("profile", "huge"), bad("profile", 3), bad("chapter", CI, chapter="no-such-chapter"),
        bad("ids", CI, ids="fig4-alignment"), bad("ids", CI, ids=["no-such-claim"]),
        bad("thresholds", CI, thresholds={"no-such-claim": {}}),
        bad("thresholds", CI, thresholds={"fig4-alignment": {"no_such_threshold": 0.5}}),
        bad("thresholds", CI, thresholds={"fig4-alignment": {"eigenvalue": "0.8"}}),
        bad("thresholds", CI, thresholds=[0.8]),
        bad("progress", CI, progress="no"),
        bad("network", CI, ids=["fig4-alignment"], network="stack"),
        bad("network", CI, ids=["fig4-alignment"], network=[RBM_4_3]),
        bad("network", CI, ids=["count-arithmetic"], network=CI_NETWORK),
    ],
    "rglib.claims.save_results": [bad("results", ["x"], NOWHERE), bad("path", [], 3)],
    "rglib.claims.load_results": [bad("path", 3), bad("path", None)],
    "rglib.claims.core.Claim": [
        *(
            bad(name, **_with(_claim_fields(), **{name: value}))
            for name, value in (
                ("id", 3), ("reference", None), ("statement", 1.0), ("criterion", []), ("chapter", 3),
                ("measure", "measure"), ("judge", 3), ("thresholds", [0.8]), ("thresholds", {"a": NAN}),
                ("thresholds", {"a": "0.8"}), ("data_source", 3), ("reason", None),
                ("measure_network", "measure"),
            )
        ),
        bad("measure_network", **_with(_claim_fields(), measure=None, judge=None, reason="r", control=None,
                                       measure_network=lambda network, profile: None)),
        bad("control", **_with(_claim_fields(), control="control")),
        bad("control", **_with(_claim_fields(), measure=None, judge=None, reason="r", measure_network=None,
                               control=lambda profile: None)),
        bad("judge", **_with(_claim_fields(), judge=None)),
        bad("reason", **_with(_claim_fields(), measure=None, judge=None, reason="")),
    ],
    "rglib.claims.core.Claim.evaluate": [
        bad("profile", "ci").on(lambda: rglib.claims.claim("count-arithmetic")),
        bad("thresholds", CI, {"no_such": 1.0}).on(lambda: rglib.claims.claim("fig4-alignment")),
        bad("thresholds", CI, {"eigenvalue": NAN}).on(lambda: rglib.claims.claim("fig4-alignment")),
        bad("thresholds", CI, [0.8]).on(lambda: rglib.claims.claim("fig4-alignment")),
        bad("network", CI, None, CI_NETWORK).on(lambda: rglib.claims.claim("count-arithmetic")),
    ],
    "rglib.claims.core.Claim.source": [
        bad("profile", "ci").on(lambda: rglib.claims.claim("fig4-alignment")),
        bad("profile", None).on(lambda: rglib.claims.claim("fig4-alignment")),
    ],
    "rglib.claims.core.ClaimResult": [
        *(
            bad(name, **_with(_result_fields(), **{name: value}))
            for name in _result_fields()
            for value in ((None,) if name in ("numbers", "thresholds") else (3,))
        ),
        bad("verdict", **_with(_result_fields(), verdict="maybe")),
        bad("control_verdict", **_with(_result_fields(), control_verdict="maybe")),
    ],
    "rglib.claims.core.ClaimResult.from_dict": [
        bad("values", None), bad("values", [1, 2]), bad("verdict", _with(_result_fields(), verdict="yes")),
        bad("unknown", {**_result_fields(), "extra": 1}),
    ],
    "rglib.claims.core.ClaimResult.from_json": [bad("text", None), bad("text", {"id": "x"})],
    "rglib.claims.core.require_thresholds": [
        bad("thresholds", "thresholds", [0.8]), bad("thresholds", "thresholds", {1: 0.8}),
        bad("thresholds", "thresholds", {"eigenvalue": NAN}),
    ],
    "rglib.claims.core.plain": [bad("value", object()), bad("value", {"a": {1, 2}}), bad("value", b"x")],
    "rglib.claims.core.controlled": [
        bad("trained", "agrees", rglib.claims.Judgement("agrees", "", {})),
        bad("start", rglib.claims.Judgement("agrees", "", {}), None),
    ],
    "rglib.claims.core.three_way": [
        bad("agrees", "no", False), bad("agrees", 1, False), bad("disagrees", False, None),
    ],
    "rglib.studies.counting.paper_count_of": [bad("profile", "ci"), bad("profile", None)],
    "rglib.studies.counting.fraction_evidence": [bad("profile", "ci"), bad("profile", None)],
    "rglib.studies.counting.fraction_evidence_of_network": [
        bad("network", None, CI), bad("network", [RBM_4_3], CI), bad("profile", CI_NETWORK, "ci"),
    ],
    "rglib.chapters.display.badge": [bad("verdict", value) for value in ("maybe", None, "AGREES")],
    "rglib.chapters.display.profile_description": [
        bad("profile", "ci"), bad("profile", dataclasses.replace(CI, name="tiny")),
    ],
    "rglib.chapters.display.profile_banner": [bad("profile", "ci"), bad("profile", 3)],
    "rglib.chapters.display.paper_scale_note": [bad("paper", "paper.json"), bad("paper", {})],
    "rglib.chapters.display.training_length_table": [bad("study", {}), bad("study", None)],
    "rglib.chapters.display.verdict_box": [
        bad("chapter", "no-such-chapter", CI), bad("chapter", None, CI), bad("profile", "training", "ci"),
    ],
    **{
        f"rglib.chapters.display.{name}": [
            bad("results", value) for value in (None, "agrees", [{"verdict": "agrees"}], 3)
        ]
        for name in ("verdict_counts", "checked_results")
    },
    **{
        f"rglib.chapters.results_page.{name}": [
            bad("results", value, None) for value in (None, "agrees", [{"verdict": "agrees"}], 3)
        ] + [bad("paper", [], "paper.json"), bad("paper", [], {})]
        for name in ("results_table", "findings")
    },
    "rglib.chapters.results_page.grouped": [
        bad("results", value) for value in (None, "agrees", [{"verdict": "agrees"}], 3)
    ],
    "rglib.chapters.results_page.paper_scale_cell": [
        bad("claim_id", 3, None), bad("claim_id", None, None), bad("paper", "no-overfitting", {}),
    ],
    "rglib.chapters.results_page.paper_scale_provenance": [
        bad("paper", "paper.json", None), bad("paper", {}, None),
        bad("study", None, "precision.json"), bad("study", None, {}),
    ],
    "rglib.claims.images.image_source": [bad("profile", "ci", "mnist"), bad("name", CI, "digits")],
    "rglib.claims.images.judged": [bad("judge", None), bad("judge", "judge_low_momentum")],
    "rglib.studies.images.measured": [
        bad("function", None, "mnist"), bad("name", lambda profile, name: None, "digits"),
    ],
    "rglib.studies.images.bias_evidence_of": [
        bad("rbm", WEIGHT, 8, 4), bad("visible_side", _section3_rbm(), 4.0, 2),
        bad("hidden_side", _section3_rbm(), 4, 0),
    ],
    "rglib.studies.network.weight_of": [bad("rbm", WEIGHT), bad("rbm", None)],
    **{
        f"rglib.studies.network.{name}": [
            bad("network", None, CI), bad("network", "stack", CI), bad("network", [RBM_4_3], CI),
            bad("network", CI_NETWORK[:1], CI), bad("profile", CI_NETWORK, "ci"),
        ]
        for name in (
            "require_network", "training_evidence_of_network", "singular_value_evidence_of_network",
            "fourier_evidence_of_network", "subspace_evidence_of_network",
            "measured_count_evidence_of_network",
            "stack_evidence_of_network",
        )
    },
    **{
        f"rglib.studies.network.{name}": [bad("profile", "ci"), bad("profile", None)]
        for name in ("initial_weight", "subspace_k")
    },
    "rglib.claims.network.network_source": [bad("profile", "ci"), bad("profile", None)],
    "rglib.studies.network.fourier_evidence_of": [
        bad("weight", np.full((64, 16), NAN), 8, 4), bad("visible_side", WEIGHT, 8.0, 4),
        bad("hidden_side", WEIGHT, 8, 0), bad("seed", WEIGHT, 8, 4, seed=-1),
    ],
    "rglib.studies.network.power_cutoff": [
        bad("count", {}, 8),
        bad("L", effective_parameters(WEIGHT, (8, 8), (4, 4)), 16),
        bad("L", effective_parameters(WEIGHT, (8, 8), (4, 4)), 8.0),
        *(
            bad("fraction", effective_parameters(WEIGHT, (8, 8), (4, 4)), 8, value)
            for value in (0.0, 1.5, NAN, "0.9")
        ),
    ],
    "rglib.studies.rg_theory.profile_rg_evidence": [bad("profile", "ci"), bad("profile", 32)],
    "rglib.studies.section3.solvability_sizes": [
        bad("n_visible", 0, 100), bad("n_samples", 64, 2.5), bad("repeats", 64, 100, repeats=1),
    ],
    "rglib.studies.section3.split_sizes": [bad("profile", "ci"), bad("profile", None)],
    "rglib.claims.section3.split_source": [bad("profile", "ci"), bad("profile", None)],
    # rglib.chapters.page: every bad call is refused before anything is loaded, printed or glued
    "rglib.chapters.page.run_line": [
        bad("profile", "ci", "cpu"), bad("device", CI, "tpu"), bad("device", CI, None),
        bad("torch_device", CI, "cpu", "gpu"), bad("torch_device", CI, "cpu", 1),
    ],
    "rglib.chapters.page.chapter_setup": [bad("torch_device", value) for value in ("yes", 1, None)],
    "rglib.chapters.page.wrap": [
        bad("text", None), bad("text", b"bytes"), bad("width", "x", 76.0), bad("width", "x", True),
        bad("width", "x", 5),
    ],
    "rglib.chapters.page.image_rbm_line": [
        bad("settings", "mnist", _image_set(), _image_set()), bad("settings", CI, _image_set(), _image_set()),
        bad("train", CI.mnist, "mnist", _image_set()), bad("held_out", CI.mnist, _image_set(), None),
    ],
    "rglib.chapters.page.image_data": [
        bad("profile", "ci", "mnist"), bad("name", CI, "digits"), bad("name", CI, None),
    ],
    "rglib.chapters.page.weight_array": [bad("rbm", WEIGHT), bad("rbm", None), bad("rbm", torch.zeros(4, 3))],
    "rglib.chapters.page.fourier_summary": [bad("evidence", {}), bad("evidence", None)],
    "rglib.chapters.page.verdict_lines": [
        bad("results", [_result()]), bad("results", {"x": "agrees"}), bad("results", {"y": _result()}),
    ],
    "rglib.chapters.page.glue_verdicts": [
        bad("results", [_result()], {"x": "name"}), bad("results", {"y": _result()}, {"y": "name"}),
        bad("names", {"x": _result()}, ["x"]), bad("names", {"x": _result()}, {"y": "name"}),
        bad("names", {"x": _result()}, {"x": "not a name"}), bad("names", {"x": _result()}, {"x": 3}),
    ],
    # rglib.chapters.image_figures: nothing is drawn, printed or glued for a bad argument
    "rglib.chapters.image_figures.ImageChapter": [
        bad("name", "digits"), bad("name", "fashion_mnist"), bad("name", None),
    ],
    "rglib.chapters.image_figures.standin_note": [bad("images", "mnist"), bad("images", None)],
    "rglib.chapters.figure_png.smallest_text_px": [bad("figure", "plot"), bad("figure", None)],
    "rglib.chapters.figure_png.figure_png": [bad("figure", "plot"), bad("figure", None)],
    "rglib.chapters.page.literal": [bad("text", 3), bad("text", None)],
    "rglib.chapters.image_figures.absent_note": [
        bad("missing", ["fashion-mnist"], "figures"), bad("missing", {"fashion-mnist": None}, "figures"),
        bad("shows", {"fashion-mnist": "absent"}, None), bad("shows", {"fashion-mnist": "absent"}, "  "),
    ],
    "rglib.chapters.image_figures.reconstruction_figure": [
        bad("rbm", WEIGHT, _image_set()), bad("held_out", _section3_rbm(), "mnist"),
        bad("count", _section3_rbm(), _image_set(), 0), bad("count", _section3_rbm(), _image_set(), 4),
        bad("count", _section3_rbm(), _image_set(), 2.0),
    ],
    **{
        f"rglib.chapters.image_figures.{name}": [bad("evidence", {}), bad("evidence", None)]
        for name in ("generalization_figure", "generalization_summary", "rg_distance_figure",
                     "small_singular_values")
    },
    "rglib.chapters.image_figures.singular_value_summary": [
        bad("evidence", {}), bad("evidence", None, "note"), bad("note", EVIDENCE["singular"], 3),
    ],
    "rglib.chapters.image_figures.bias_summary": [
        bad("evidence", {}), bad("evidence", EVIDENCE["bias"]), bad("evidence", {"MNIST": None}),
        bad("evidence", {3: EVIDENCE["bias"]}),
    ],
    # An ImageChapter takes (or trains) its RBM, so the prefix is checked before the chapter:
    # a bad prefix is refused whatever the chapter.
    "rglib.chapters.image_figures.glue_results": [
        bad("chapter", "mnist", {}, "mnist"), bad("chapter", None, {}, "mnist"),
        bad("prefix", None, {}, "not a name"), bad("prefix", None, {}, 3),
    ],
    "rglib.chapters.image_figures.singular_value_figure": [
        bad("evidence", {}, 8, 4), bad("side", EVIDENCE["singular"], 8.0, 4),
        bad("hidden_side", EVIDENCE["singular"], 8, 0),
    ],
    "rglib.chapters.image_figures.radial_figure": [
        bad("evidence", None, 8, 4, "title"), bad("side", EVIDENCE["fourier"], 0, 4, "title"),
        bad("hidden_side", EVIDENCE["fourier"], 8, "4", "title"), bad("title", EVIDENCE["fourier"], 8, 4, None),
    ],
    "rglib.chapters.image_figures.bias_figure": [
        bad("evidence", None, "title"), bad("title", EVIDENCE["bias"], 3),
    ],
    # rglib.chapters.paper_scale: nothing is drawn or glued for a bad argument
    "rglib.chapters.paper_scale.paper_title": [
        bad("paper", None), bad("paper", "paper.json"), bad("layer", _paper_results(), 1),
        bad("layer", _paper_results(), -1), bad("layer", _paper_results(layers=False), None),
    ],
    "rglib.chapters.paper_scale.absent_note": [
        bad("paper", {}, "figure"), bad("shows", None, None), bad("shows", None, " "),
    ],
    "rglib.chapters.paper_scale.glue_paper": [bad("name", 3, "1"), bad("value", "name", 0.5)],
    "rglib.chapters.paper_scale.count_at_least": [
        bad("singular_values", []), bad("singular_values", [0.0, 0.0]), bad("singular_values", [[1.0]]),
        bad("singular_values", [1.0, -1.0]), bad("fraction", [1.0], 1.5), bad("fraction", [1.0], NAN),
    ],
    "rglib.chapters.paper_scale.power_above": [
        bad("modes", np.arange(3), np.ones(4), 4, 1), bad("power", np.arange(4), np.ones(3), 4, 1),
        bad("power", np.arange(4), -np.ones(4), 4, 1), bad("side", np.arange(4), np.ones(4), 0, 1),
        bad("cutoff", np.arange(4), np.ones(4), 4, -1),
    ],
    "rglib.chapters.paper_scale.modes_pairs": [
        bad("modes", WEIGHT, [0]), bad("indices", _modes(), [16]), bad("indices", _modes(), [0.5]),
    ],
    "rglib.chapters.paper_scale.layer_pairs": [
        bad("paper", None), bad("layer", _paper_results(), 1), bad("layer", _paper_results(), "0"),
    ],
    "rglib.chapters.paper_scale.paper_block_spin": [bad("paper", "paper.json"), bad("paper", {})],
    "rglib.chapters.paper_scale.block_spin_figure": [
        bad("match", None, "title"), bad("match", WEIGHT, "title"),
        bad("initial", _block_match(), "title", initial=WEIGHT), bad("title", _block_match(), None),
    ],
    "rglib.chapters.paper_scale.radial_figure": [
        bad("pairs", [], "title"), bad("pairs", [WEIGHT], "title"), bad("title", _pairs(), 3),
    ],
    "rglib.chapters.paper_scale.layer_radial_figure": [
        bad("layers", [], "title"), bad("layers", [[]], "title"), bad("layers", [[WEIGHT]], "title"),
        bad("title", [_pairs()], None),
    ],
    "rglib.chapters.paper_scale.stack_figure": [
        bad("layers", [[0.0]], [4, 2], "title"), bad("sides", [[1.0]], [4], "title"),
        bad("sides", [[1.0]], [4, 0], "title"), bad("title", [[1.0]], [4, 2], None),
    ],
    # rglib.meta.threshold_sweep
    "rglib.meta.threshold_sweep.scaled_threshold": [
        bad("value", "0.8", 2.0), bad("value", NAN, 2.0), bad("factor", 0.8, 0.0), bad("factor", 0.8, None),
    ],
    "rglib.meta.threshold_sweep.threshold_sweep": [
        bad("profile", "ci", ["fig4-alignment"]), bad("ids", CI, "fig4-alignment"),
        bad("ids", CI, ["no-such-claim"]), bad("ids", CI, 3),
    ],
    # rglib.meta.training_length: every bad call is refused before any sampling or training
    "rglib.meta.training_length.epochs_at": [
        bad("profile", "ci"), bad("steps", CI, (30, 15)), bad("steps", CI, (15.05,)),
        bad("steps", CI, ()),
        bad("steps", CI, "15"), bad("steps", CI, (15, NAN)), bad("steps", CI, 15),
    ],
    "rglib.meta.training_length.snapshots": [
        bad("profile", "ci"), bad("steps", CI, (7.05,)), bad("progress", CI, progress="no"),
    ],
    "rglib.meta.training_length.at_length": [bad("profile", "ci", SNAPSHOT), bad("snapshot", CI, None)],
    "rglib.meta.training_length.measure": [
        bad("profile", None, SNAPSHOT), bad("snapshot", CI, "snapshot"),
        bad("progress", CI, SNAPSHOT, progress="no"),
    ],
    "rglib.meta.training_length.run": [
        bad("profile", "ci", [SNAPSHOT]), bad("kept", CI, SNAPSHOT), bad("kept", CI, [None]),
        bad("compare", CI, [SNAPSHOT]), bad("compare", CI, LENGTHS, compare=(240, 60)),
        bad("compare", CI, LENGTHS, compare=60), bad("compare", CI, LENGTHS, compare=(60, "240")),
        bad("progress", CI, LENGTHS, progress="no"),
    ],
    "rglib.meta.training_length.movement": [
        bad("before", "0.1", 0.2, 1), bad("after", 0.1, NAN, 1), bad("paper_side", 0.1, 0.2, 0),
    ],
    "rglib.meta.training_length.table_rows": [
        bad("runs", [], 0, 1), bad("runs", "runs", 0, 1), bad("runs", [{}, {}], 0, 1),
        bad("start", [LENGTH_RUN] * 2, 1, 1), bad("start", [LENGTH_RUN] * 2, True, 1),
        bad("end", [LENGTH_RUN] * 2, 0, 2), bad("end", [LENGTH_RUN] * 2, 0, "1"),
    ],
    **{
        f"rglib.meta.training_length.{name}": [bad("study", {}), bad("study", None)]
        for name in ("summary", "require_study", "figure")
    },
    # rglib.runtime.validation: the checks themselves name what they are given
    "rglib.runtime.validation.require_integer": [
        bad("L", "L", 2.5), bad("L", "L", "8"), bad("L", "L", True), bad("L", "L", 1, minimum=2),
    ],
    "rglib.runtime.validation.require_positive_finite": [
        bad("T", "T", value) for value in (-1.0, 0.0, NAN, INF, "3", True, None)
    ],
    "rglib.runtime.validation.require_choice": [bad("device", "device", "tpu", ("cpu", "gpu"))],
    "rglib.runtime.validation.require_finite_array": [
        bad("data", "data", [NAN]), bad("data", "data", [1j]), bad("data", "data", ["a"]),
        bad("data", "data", [[1.0]], ndim=1), bad("data", "data", [[1.0], [2.0, 3.0]]),
    ],
    "rglib.runtime.validation.require_real": [
        bad("x", "x", value) for value in ("1", NAN, INF, None, True)
    ],
    "rglib.runtime.validation.require_flag": [
        bad("progress", "progress", value) for value in ("no", None, 1)
    ],
    "rglib.runtime.validation.require_fits_in_memory": [bad("L", "L", 2**40, 8 * 2**80, "the lattice")],
    "rglib.runtime.validation.require_path": [
        bad("output", "output", value) for value in (None, 3, b"results.json", ["results.json"])
    ],
    # rglib.runtime.output: files asked for, checked before the work (issue 17)
    "rglib.runtime.output.require_output_file": [
        bad("output", "output", NOWHERE), bad("output", "output", tempfile.gettempdir()),
        bad("output", "output", 3), bad("output", "output", os.devnull),
    ],
    "rglib.runtime.output.save_or_rescue": [
        bad("path", 3, print, "the results"), bad("write", NOWHERE, None, "the results"),
        bad("what", NOWHERE, print, 3),
    ],
    # rglib.models.rgm, rglib.models.init, rglib.studies.speedups, rglib.claims.speedups (issue 7)
    "rglib.models.rgm.rgm": [
        *(bad("data", value, 4, kappa=3, alpha=1) for value in (
            np.full((10, 64), NAN), np.ones((10, 63)), np.ones(64), np.ones((10, 64)) * 1j, np.ones((1, 64)),
            np.zeros((10, 64)), np.full((10, 64), 0.7), DATA * 1e200, DATA * 1e-200)),
        *(bad("hidden_side", DATA, value, kappa=3, alpha=1) for value in (5, 8, "4", 0)),
        *(bad("kappa", DATA, 4, kappa=value, alpha=1) for value in (0, 10, 17, 2.0, None)),
        *(bad("alpha", DATA, 4, kappa=3, alpha=value) for value in (0, 2, 1.0)),
        bad("block", DATA, 4, kappa=3, alpha=1, block=0), bad("block", DATA, 4, kappa=3, alpha=1, block="4"),
        bad("block", DATA, 4, kappa=3, alpha=1, block=1000),
        *(bad("scale", DATA, 4, kappa=3, alpha=1, scale=value) for value in (0.0, -1.0, NAN, "2")),
        bad("centred", DATA, 4, kappa=3, alpha=1, centred="no"),
    ],
    "rglib.models.rgm.choose_kappa_alpha": [
        bad("data", np.full((10, 64), NAN), 4), bad("data", np.ones((10, 63)), 4),
        *(bad("hidden_side", DATA, value) for value in (2, 5, "4", None)),
    ],
    "rglib.models.rgm.data_spectrum": [
        bad("data", np.full((10, 64), NAN)), bad("data", np.ones((10, 63))),
        bad("data", DATA * 1e200), bad("data", DATA * 1e-200), bad("data", DATA[:20] * 1e200),
        *(bad("count", DATA, value) for value in (0, 65, 2.0, "3")), bad("centred", DATA, centred="no"),
    ],
    "rglib.models.rgm.data_covariance": [
        bad("data", [[NAN]]), bad("data", np.ones((1, 4))), bad("data", np.ones((2, 2, 2))), bad("data", ["a"]),
        bad("centred", DATA, centred="no"),
    ],
    "rglib.models.rgm.init_rbm_": [
        bad("rbm", "rbm", DATA, kappa=3, alpha=1), bad("data", SMALL_RBM, np.ones((10, 36)), kappa=3, alpha=1),
        bad("kappa", SMALL_RBM, DATA, kappa=0, alpha=1), bad("alpha", SMALL_RBM, DATA, kappa=3, alpha=2),
        bad("block", SMALL_RBM, DATA, kappa=3, alpha=1, block=0),
        bad("scale", SMALL_RBM, DATA, kappa=3, alpha=1, scale=NAN),
        bad("centred", SMALL_RBM, DATA, kappa=3, alpha=1, centred="no"),
    ],
    "rglib.models.init.block_spin_weight": [
        bad("visible_side", 1, 1), bad("visible_side", "8", 4), bad("hidden_side", 8, 3),
        bad("hidden_side", 8, 8), bad("block", 8, 4, block=0),
    ],
    "rglib.models.init.initialize_": [
        bad("rbm", None, "xavier"), bad("method", SMALL_RBM, "he"), bad("data", SMALL_RBM, "rgm"),
        bad("data", SMALL_RBM, "block-spin", DATA), bad("data", SMALL_RBM, "rgm", np.full((40, 64), NAN)),
    ],
    "rglib.models.rbm.require_rbm": [bad("rbm", value) for value in (None, "rbm", WEIGHT)],
    "rglib.models.stack.require_first_layer": [
        bad("first_layer", "layer", (4, 2), "cpu"), bad("first_layer", RBM(9, 4), (4, 2), "cpu"),
    ],
    "rglib.models.rbm.set_parameters_": [
        bad("rbm", "rbm", WEIGHT, np.zeros(64), np.zeros(16)),
        bad("weight", SMALL_RBM, WEIGHT.T, np.zeros(64), np.zeros(16)),
        bad("visible_bias", SMALL_RBM, WEIGHT, np.full(64, NAN), np.zeros(16)),
        bad("hidden_bias", SMALL_RBM, WEIGHT, np.zeros(64), np.zeros(15)),
    ],
    "rglib.studies.speedups.budget": [bad("profile", "ci", "mnist"), bad("name", CI, "clouds")],
    "rglib.studies.speedups.epochs_to_reach": [
        bad("errors", [[0.1]], 0.1), bad("errors", [NAN], 0.1), bad("target", [0.1], NAN),
        bad("target", [0.1], "0.1"),
    ],
    "rglib.studies.speedups.train": [
        bad("profile", None, "mnist", "xavier", 0, 1), bad("name", CI, "cifar", "xavier", 0, 1),
        bad("initialization", CI, "mnist", "he", 0, 1), bad("seed", CI, "mnist", "xavier", -1, 1),
        bad("epochs", CI, "mnist", "xavier", 0, 0), bad("progress", CI, "mnist", "xavier", 0, 1, "no"),
    ],
    "rglib.chapters.rgm_tables.trained_rgm_epochs": [bad("profile", "ci", "mnist"), bad("name", CI, "clouds")],
    "rglib.chapters.rgm_tables.table_figure": [
        bad("profile", None, "mnist"), bad("name", CI, "clouds"), bad("seed", CI, "mnist", -1),
        bad("seed", CI, "mnist", 1.0), bad("count", CI, "mnist", 0, 0), bad("count", CI, "mnist", 0, "5"),
    ],
    "rglib.studies.speedups.speedup_evidence": [bad("profile", "ci", "mnist"), bad("name", CI, "clouds")],
    "rglib.claims.speedups.study_source": [bad("profile", value) for value in ("ci", None)],
    # rglib.studies.initial_weights, its claims and helpers (issue 7, items 3 and 4)
    **{f"rglib.studies.initial_weights.{name}": [bad("profile", value) for value in ("ci", None)]
       for name in ("study_sizes", "mnist_training_set", "large_input_side", "large_input_epochs")},
    "rglib.studies.initial_weights.snapshot_epochs": [bad("epochs", value) for value in (0, 2.5, "10", None)],
    "rglib.studies.initial_weights.trajectory": [
        bad("profile", "ci", SIGNATURE_JUDGES, "ising", "xavier"), bad("judges", CI, None, "ising", "xavier"),
        bad("network", CI, SIGNATURE_JUDGES, "cifar", "xavier"),
        bad("initialization", CI, SIGNATURE_JUDGES, "ising", "he"),
        bad("progress", CI, SIGNATURE_JUDGES, "ising", "xavier", "no"),
    ],
    "rglib.studies.initial_weights.classify": [
        bad("start", [], STARTS), bad("start", {**STARTS, "xavier": 1}, STARTS),
        bad("end", STARTS, {"xavier": True}), bad("end", STARTS, None),
    ],
    "rglib.studies.initial_weights.convergence": [
        bad("errors", [[0.1, 0.2]], 0.1), bad("errors", [0.1], 0.1), bad("errors", ["a", "b"], 0.1),
        bad("baseline", [0.1, 0.2], NAN), bad("baseline", [0.1, 0.2], "0.1"),
    ],
    **{f"rglib.claims.initial_weights.{name}": [bad("profile", value) for value in ("ci", None)]
       for name in ("signature_source", "large_inputs_source")},
    "rglib.models.snapshots.fit_with_snapshots": [
        bad("rbm", None, SPINS, (1,), 10, 0.1), bad("data", RBM_4_3, np.full((20, 4), 2), (1,), 10, 0.1),
        *(bad("epochs_at", RBM_4_3, SPINS, value, 10, 0.1) for value in ((), (0,), (2, 1), (-1, 1), "12", (1.5,))),
        bad("batch_size", RBM_4_3, SPINS, (1,), 0, 0.1), bad("lr", RBM_4_3, SPINS, (1,), 10, NAN),
        bad("k", RBM_4_3, SPINS, (1,), 10, 0.1, 0), bad("binarize", RBM_4_3, SPINS, (1,), 10, 0.1, binarize="no"),
        bad("checkpoint_dir", RBM_4_3, SPINS, (1,), 10, 0.1, checkpoint_dir=3),
        bad("progress", RBM_4_3, SPINS, (1,), 10, 0.1, progress="no"),
        bad("precision", RBM_4_3, SPINS, (1,), 10, 0.1, precision="fp16"),
    ],
    "rglib.models.snapshots.train_in_stretches": [
        bad("rbm", None, SPINS, (1,), 10, 0.1), bad("data", RBM_4_3, np.full((20, 4), 2), (1,), 10, 0.1),
        *(bad("epochs_at", RBM_4_3, SPINS, value, 10, 0.1) for value in ((), (0,), (2, 1), "12")),
        bad("batch_size", RBM_4_3, SPINS, (1,), 0, 0.1), bad("lr", RBM_4_3, SPINS, (1,), 10, NAN),
        bad("k", RBM_4_3, SPINS, (1,), 10, 0.1, 0), bad("binarize", RBM_4_3, SPINS, (1,), 10, 0.1, binarize="no"),
        bad("held_out", RBM_4_3, SPINS, (1,), 10, 0.1, held_out=np.full((5, 4), 2)),
        bad("checkpoint_every", RBM_4_3, SPINS, (1,), 10, 0.1, checkpoint_every=2),
        bad("checkpoint_every", RBM_4_3, SPINS, (1,), 10, 0.1, checkpoint_every=0, checkpoint_dir=NOWHERE.parent),
        bad("checkpoint_dir", RBM_4_3, SPINS, (1,), 10, 0.1, checkpoint_dir=3),
        *(bad("file_name", RBM_4_3, SPINS, (1,), 10, 0.1, file_name=value)
          for value in (3, "snapshot.npz", "a/{digest}.npz", "{digest}-{other}.npz")),
        bad("progress", RBM_4_3, SPINS, (1,), 10, 0.1, progress="no"),
        bad("precision", RBM_4_3, SPINS, (1,), 10, 0.1, precision="fp16"),
        bad("persistent", RBM_4_3, SPINS, (1,), 10, 0.1, persistent="yes"),
        bad("hidden_statistics", RBM_4_3, SPINS, (1,), 10, 0.1, hidden_statistics="mean"),
        bad("weight_decay", RBM_4_3, SPINS, (1,), 10, 0.1, weight_decay=-1.0),
    ],
    "rglib.analysis.cd_linear.second_moment": [bad("data", [[1, 0]]), bad("data", np.ones(3)), bad("data", "x")],
    "rglib.analysis.cd_linear.linear_cd_power": [
        bad("eigenvalues", [-1.0], [1.0], 0.1, 1, 1, [0]), bad("eigenvalues", [NAN], [1.0], 0.1, 1, 1, [0]),
        bad("initial_power", [1.0], [1.0, 2.0], 0.1, 1, 1, [0]), bad("lr", [1.0], [1.0], 0.0, 1, 1, [0]),
        bad("batch_size", [1.0], [1.0], 0.1, 0, 1, [0]), bad("n_hidden", [1.0], [1.0], 0.1, 1, 1.0, [0]),
        bad("updates", [1.0], [1.0], 0.1, 1, 1, [0.5]), bad("updates", [1.0], [1.0], 0.1, 1, 1, [-1]),
    ],
    "rglib.analysis.cd_linear.projected_power": [
        bad("weight", np.ones(3), np.ones((3, 1))), bad("eigenvectors", np.ones((3, 2)), np.ones((4, 1))),
    ],
    "rglib.analysis.cd_linear.growth_rates": [
        bad("power", np.zeros((2, 1)), [0.0, 1.0]), bad("summed_steps", np.ones((3, 1)), [0.0, 1.0]),
    ],
    **{f"rglib.studies.protocol.{name}": [bad("profile", value) for value in ("ci", None)]
       for name in ("map_sizes", "readings")},
    "rglib.studies.protocol.steep": [
        bad("kept_fraction", 1.5), bad("kept_fraction", "0.1"), bad("paper_fraction", 0.1, "x"),
        bad("factor", 0.1, factor=NAN),
    ],
    "rglib.studies.protocol.converged": [
        bad("error", "x", 1.0), bad("previous", 0.1, 0.0), bad("tolerance", 0.1, 0.2, tolerance=None),
    ],
    "rglib.studies.protocol.start_weight": [
        bad("start", "glorot", 4, 2, 0), bad("side", "xavier", 1, 2, 0), bad("hidden_side", "xavier", 4, 0, 0),
        bad("seed", "xavier", 4, 2, -1),
    ],
    "rglib.studies.protocol.measure_point": [
        bad("rbm", None, 2, 1, SPINS, SPINS), bad("side", RBM_4_3, 3, 1, SPINS, SPINS),
        bad("hidden_side", RBM_4_3, 2, 0, SPINS, SPINS), bad("train", RBM(4, 1), 2, 1, np.ones((5, 3)), SPINS),
        bad("held", RBM(4, 1), 2, 1, SPINS, np.full((5, 4), 2.0)),
    ],
    "rglib.studies.protocol.coarse_visible_ratio": [
        bad("weight", np.full((4, 1), NAN), 2, 1), bad("side", np.ones((4, 1)), 3, 1), bad("hidden_side", np.ones((4, 1)), 2, 3),
    ],
    "rglib.studies.protocol.run_reading": [
        bad("profile", "ci", None, 0), bad("reading", PROFILES["ci"], "reading", 0),
        bad("seed", PROFILES["ci"], protocol_study.readings(PROFILES["ci"])[0], -1),
        bad("progress", PROFILES["ci"], protocol_study.readings(PROFILES["ci"])[0], 0, "no"),
    ],
    "rglib.claims.protocol.protocol_source": [bad("profile", "ci"), bad("profile", None)],
    "rglib.models.stack.next_layer_data": [
        bad("below", "rbm", SPINS, 0, 1), bad("data", RBM_4_3, np.full((20, 4), 2), 0, 1),
        bad("data", RBM_4_3, np.ones((20, 5)), 0, 1), bad("seed", RBM_4_3, SPINS, -1, 1),
        bad("index", RBM_4_3, SPINS, 0, 0),
    ],
    "rglib.datasets.image_inputs.enlarge": [
        bad("images", np.zeros((2, 4, 5)), 8), bad("images", np.full((1, 4, 4), NAN), 8),
        *(bad("side", GREY, value) for value in (6, 2, "8", 0)),
    ],
    "rglib.studies.network.stack_evidence_from": [
        bad("layers", "layers", (8, 4)), bad("layers", [1], (8, 4)),
        bad("sides", [EVIDENCE["fourier"]], (8,)), bad("sides", [EVIDENCE["fourier"]], (8, "4")),
    ],
    # rglib.studies.mode_dropping, rglib.claims.mode_dropping (issue 7, dropping irrelevant modes)
    "rglib.studies.mode_dropping.relevant_count": [
        *(bad("singular_values", value, 0.2) for value in ([1.0, -1.0], [[1.0]], [0.0, 0.0], [], [NAN])),
        *(bad("fraction", [1.0, 0.5], value) for value in (0.0, 1.5, NAN, "0.2")),
    ],
    "rglib.studies.mode_dropping.default_grid": [
        bad("rank", 0, 0), bad("rank", 2.0, 1), bad("relevant", 4, 5), bad("relevant", 4, -1),
    ],
    "rglib.studies.mode_dropping.truncated_rbm": [
        bad("rbm", None, 1), bad("rbm", RBM(10, 4), 1), bad("k", SMALL_RBM, 17), bad("k", SMALL_RBM, -1),
        bad("k", SMALL_RBM, 1.0), bad("low_pass", SMALL_RBM, 1, low_pass="yes"),
    ],
    **{f"rglib.studies.mode_dropping.{name}": [
        bad("rbm", "rbm", np.zeros((2, 64)), np.ones((2, 64)), np.ones((2, 64)), relevant_fraction=0.2),
        bad("held_out", SMALL_RBM, np.full((2, 64), 2.0), np.ones((2, 64)), np.ones((2, 64)),
            relevant_fraction=0.2),
        bad("held_out_states", SMALL_RBM, np.zeros((2, 64)), np.zeros((2, 64)), np.ones((2, 64)),
            relevant_fraction=0.2),
        bad("train_states", SMALL_RBM, np.zeros((2, 64)), np.ones((2, 64)), np.ones((1, 64)),
            relevant_fraction=0.2),
        bad("kept", SMALL_RBM, np.zeros((2, 64)), np.ones((2, 64)), np.ones((2, 64)), kept=[17],
            relevant_fraction=0.2),
        bad("kept", SMALL_RBM, np.zeros((2, 64)), np.ones((2, 64)), np.ones((2, 64)), kept=[2.5],
            relevant_fraction=0.2),
        *(bad("relevant_fraction", SMALL_RBM, np.zeros((2, 64)), np.ones((2, 64)), np.ones((2, 64)),
              relevant_fraction=value) for value in (0.0, 1.5, None)),
    ] for name in ("drop_modes", "cached_drop_modes")},
    "rglib.claims.mode_dropping.mode_dropping_source": [bad("profile", value) for value in ("ci", None)],
    # rglib.studies.rgm_machine, rglib.claims.rgm_machine (issue 18: Eq. C10, late-training images)
    "rglib.studies.rgm_machine.c10_of": [bad("machine", None), bad("machine", np.zeros((4, 4)))],
    **{f"rglib.studies.rgm_machine.{name}": [bad("profile", "ci"), bad("profile", None)]
       for name in ("c10_evidence", "late_training_evidence", "start_late_training_evidence")},
    "rglib.claims.rgm_machine.rgm_source": [bad("profile", "ci"), bad("profile", None)],
}

#: Parameters no bad value exists for, or that only the library itself passes.
UNTRIED_PARAMETERS: dict[str, str] = {
    "rglib.claims.core.require_thresholds.name": "the argument's name, for the message",
    "rglib.ising.sampler.require_temperature.name": "the argument's name, for the message",
    "rglib.runtime.validation.require_integer.name": "the argument's name, for the message",
    "rglib.runtime.validation.require_integer.minimum": "set by the library, not by users",
    "rglib.runtime.validation.require_positive_finite.name": "the argument's name, for the message",
    "rglib.runtime.validation.require_choice.name": "the argument's name, for the message",
    "rglib.runtime.validation.require_choice.choices": "set by the library, not by users",
    "rglib.runtime.validation.require_finite_array.name": "the argument's name, for the message",
    "rglib.runtime.validation.require_flag.name": "the argument's name, for the message",
    "rglib.runtime.validation.require_path.name": "the argument's name, for the message",
    "rglib.runtime.output.require_output_file.name": "the argument's name, for the message",
    **{f"rglib.runtime.validation.require_fits_in_memory.{name}": "computed by the library, not given by users"
       for name in ("name", "value", "n_bytes", "what")},
    "rglib.runtime.output.require_output_file.value": "tried under the name it is checked as ('output')",
    "rglib.runtime.validation.require_path.value": "tried under the name it is checked as ('output')",
    "rglib.runtime.validation.require_path.allow_none": "set by the library, not by users",
    "rglib.models.stack.require_first_layer.sides": "the stack's sides, checked by its caller",
    "rglib.models.stack.require_first_layer.device": "the stack's device, checked by its caller",
    "rglib.runtime.validation.require_flag.allow_none": "set by the library, not by users",
    "rglib.runtime.validation.require_flag.value": "tried under the name it is checked as ('progress')",
    "rglib.runtime.validation.require_integer.value": "tried under the name it is checked as ('L')",
    "rglib.runtime.validation.require_positive_finite.value": "tried under the name it is checked as ('T')",
    "rglib.runtime.validation.require_choice.value": "tried under the name it is checked as ('device')",
    "rglib.runtime.validation.require_finite_array.value": "tried under the name it is checked as ('data')",
    "rglib.runtime.validation.require_finite_array.ndim": "set by the library, not by users",
    "rglib.__main__.main.argv": "tried option by option (--device, --profile, ...)",
    "rglib.runtime.validation.require_real.name": "the argument's name, for the message",
    "rglib.models.rbm.require_rbm.name": "the argument's name, for the message",
    "rglib.runtime.validation.require_real.value": "tried under the name it is checked as ('x')",
    "rglib.models.rbm.RBM.fit.options": "keyword options of rglib.models.rbm.fit, tried there",
    "rglib.chapters.image_figures.glue_results.names": (
        "checked by rglib.chapters.page.glue_verdicts, tried there, once the claims are evaluated"),
}

NO_ARGUMENTS: set[str] = {
    "rglib.chapters.figure_png.record_text_size",
    "rglib.runtime.backend.gpu_available",
    "rglib.models.fused_sampling.available",
    "rglib.meta.training_length.network_claims",
    "rglib.meta.results_file.device_name",
    "rglib.runtime.cache.cache_directory",
    "rglib.runtime.validation.machine_memory",
    "rglib.ising.exact.critical_temperature",
    "rglib.models.training.cuda_graphs_enabled",
    "rglib.datasets.common.data_root",
    "rglib.datasets.common.system_data_root",
    "rglib.claims.core.ClaimResult.to_dict",
    "rglib.claims.core.ClaimResult.to_json",
    "rglib.studies.protocol.one_thread",
}

NOT_BOUNDARIES: dict[str, str] = {
    # Result records: built by the library from checked values.
    "rglib.ising.autocorrelation.AutocorrelationEstimate": "result record",
    "rglib.ising.autocorrelation.BinningResult": "result record",
    "rglib.analysis.blockspin.BlockSizeMatch": "result record",
    "rglib.analysis.alignment.PrincipalAxes": "result record (made by principal_axes)",
    "rglib.ising.sampler.SamplingReport": "result record",
    "rglib.analysis.modes.SingularModes": "result record",
    "rglib.analysis.fourier.RadialSpectrum": "result record",
    "rglib.analysis.rg.RGConsistency": "result record",
    "rglib.analysis.parameters.PaperParameterCount": "result record",
    "rglib.analysis.parameters.EffectiveParameters": "result record",
    # Warnings and errors.
    "rglib.runtime.cache.CorruptCacheWarning": "warning class",
    "rglib.runtime.cache.CacheWriteWarning": "warning class",
    "rglib.runtime.cache.CacheAccessError": "error class",
    "rglib.runtime.output.SavedElsewhereError": "error class",
    "rglib.ising.philox.Stream": "enumeration",
    "rglib.artifacts.ScanPoint": "result record",
    "rglib.artifacts.ImageSet": "result record",
    "rglib.analysis.fourier_shells.ShellCut": "result record",
    "rglib.analysis.biases.BiasAlignment": "result record",
    "rglib.studies.generalization.LikelihoodCurve": "result record",
    "rglib.studies.section3.Solvability": "result record",
    "rglib.studies.section3.NoiseTransmission": "result record",
    "rglib.studies.section3.NetworkComparison": "result record",
    "rglib.models.rgm.RGM": "result record (made by rglib.models.rgm.rgm from checked arguments)",
    "rglib.models.rgm.DataSpectrum": "result record (made by rglib.models.rgm.data_spectrum from checked data)",
    "rglib.studies.mode_dropping.DroppedModes": "result record (made by rglib.studies.mode_dropping.drop_modes)",
    "rglib.studies.speedups.Run": "result record",
    "rglib.meta.training_length.Snapshot": "result record (made by rglib.meta.training_length.snapshots)",
    "rglib.models.snapshots.Stretch": "result record (made by rglib.models.snapshots.train_in_stretches)",
    "rglib.meta.training_length.VerdictMetric": "an entry of the fixed table training_length.METRICS",
    "rglib.studies.speedups.Study": "result record (its methods read its own runs)",
    **{f"rglib.studies.initial_weights.{name}": "result record (its methods read its own runs)"
       for name in ("Trajectory", "SignatureStudy", "LargeInputs", "Convergence")},
    "rglib.studies.initial_weights.StudySizes": "settings record (rglib.studies.initial_weights.study_sizes makes it)",
    "rglib.studies.initial_weights.Measure": "record of the study's measures (rglib.studies.initial_weights.MEASURES)",
    "rglib.studies.initial_weights.ClaimJudges": "the claims' judges as the study takes them "
    "(rglib.claims.catalogue.SIGNATURE_JUDGES; signature_study and trajectory check its type)",
    # rglib.claims: evidence records, and the judges that Claim.evaluate calls with the
    # evidence its measure made and the thresholds it checked.
    "rglib.claims.core.Judgement": "result record (of a judge; Claim.evaluate checks its verdict)",
    **{
        f"rglib.studies.{name}": "evidence record, made by a claim's measure"
        for name in (
            "counting.PaperCountEvidence", "images.BiasEvidence", "images.GeneralizationEvidence",
            "images.Measured", "images.Unavailable", "network.FourierEvidence", "network.MeasuredCount",
            "network.SingularValueEvidence", "network.StackEvidence", "network.SubspaceEvidence",
            "network.TrainingEvidence", "rg_theory.RGEvidence", "sampling.SamplerEvidence",
            "section3.NoiseEvidence", "section3.SolvabilityEvidence", "rgm_machine.C10Evidence",
            "rgm_machine.LateTrainingEvidence",
        )
    },
    **{
        f"rglib.claims.{name}": "a claim's judge: Claim.evaluate calls it with its measure's evidence "
        "and thresholds it has checked"
        for name in (
            "counting.judge_arithmetic", "counting.judge_fewer_than_samples", "counting.judge_fraction",
            "images.judge_bias_alignment", "images.judge_generalization", "network.judge_alignment",
            "network.judge_block_spin_match", "network.judge_converged",
            "network.judge_hidden_is_coarse_visible", "network.judge_low_momentum",
            "network.judge_measured_count", "network.judge_no_overfitting", "network.judge_stack_fourier",
            "network.judge_steeper", "network.judge_vanishing_singular_values", "rg_theory.judge_bottom_modes", "rg_theory.judge_large_overlap",
            "rg_theory.judge_little_overlap", "rg_theory.judge_momentum_space", "rg_theory.judge_top_modes",
            "rg_theory.judge_two_by_two", "sampling.judge_sampler", "section3.judge_noise",
            "section3.judge_solvability", "section3.judge_split", "speedups.judge_speedup",
            "speedups.judge_all_speedups", "speedups.judge_block_spin_between",
            "initial_weights.judge_learned", "initial_weights.judge_large_inputs",
            "mode_dropping.judge_mode_dropping", "protocol.judge_protocol", "rgm_machine.judge_c10",
            "rgm_machine.judge_late_training",
        )
    },
    "rglib.chapters.paper_scale.RadialPair": "result record (made by rglib.chapters.paper_scale.modes_pairs "
    "and layer_pairs from checked spectra)",
    "rglib.meta.results_file.PaperResults": "result record (made by rglib.meta.results_file.parse, which checks it)",
    "rglib.datasets.common.Dataset": "result record",
    "rglib.chapters.results_page.Thesis": "record of the results page's groups (THESES, fixed in code)",
    **{f"rglib.studies.protocol.{name}": "result or settings record of the protocol study (built from "
       "checked values)" for name in ("MapSize", "Reading", "Point", "ProtocolMap", "Growth")},
    "rglib.datasets.common.DatasetUnavailableError": "error class",
    # Shared internals of the image loaders: rglib.datasets.load (and the loaders by
    # name) check the name and split; these get names, paths and arrays they build.
    **{
        f"rglib.datasets.common.{name}": "internal of the image loaders, called with what they build"
        for name in ("to_dataset", "local_copy", "not_found", "shown_path", "package_directory",
                     "grayscale", "cached")
    },
    # Internals of the sampler, only called by rglib.ising.sample with checked arguments.
    "rglib.ising.chains": "chain batches that sample() builds from checked arguments",
    "rglib.ising.checkerboard": "layout helpers on arrays the samplers build",
    "rglib.ising.metropolis_cpu": "compiled kernel behind the chain batches",
    "rglib.ising.metropolis_gpu": "compiled kernel behind the chain batches",
    "rglib.ising.wolff": "compiled kernel behind the chain batches",
    "rglib.ising.swendsen_wang": "compiled kernel behind the chain batches",
    "rglib.ising.swendsen_wang_gpu": "compiled kernel behind the chain batches",
    "rglib.ising.philox.philox4x32": "compiled kernel; philox() is its checked entry point",
    "rglib.models.fused_sampling.launch": "unchecked kernel launch of the training loop, on buffers it "
    "made; sample_spins_ is its checked entry point",
    "rglib.analysis.fourier.radial_profiles": "radial_fft's computation, called with fields its callers "
    "checked or built",
    "rglib.models.rgm.low_pass": "internal of rgm (and of the truncated RBMs of mode dropping), called "
    "with checked sizes",
    # The RBM's shared internals: the random streams of a checked seed, and the pieces of
    # rglib.models.rbm.fit that the stack and the stretches share (called with a checked model;
    # bad data and precisions are tried on fit, stack and train_in_stretches).
    **{
        f"rglib.models.rbm.{name}": "internal of the RBM and its fit, called with checked values"
        for name in ("derive_seed", "glorot_uniform", "read_spins", "read_means", "require_precision",
                     "run_key")
    },
}

#: Left to the developers changing these now (issue 10's other items and the
#: issues adding datasets, claims and the RG theory helpers). Give each of their
#: public functions entries in BAD_INPUTS and delete the line here.
LEFT_TO_OTHERS: dict[str, str] = {
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
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            result = function(*case.args, **case.kwargs)
    except (ValueError, TypeError) as error:
        if _names(str(error), case.argument):
            return "clear", f"{type(error).__name__}: {error}"
        return "unclear", f"{type(error).__name__} not naming {case.argument!r}: {error}"
    except SystemExit as error:  # the command line refuses with a usage message and status 2
        message = errors.getvalue().strip().splitlines()[-1:] or [""]
        if error.code == 2 and _names(message[0], case.argument):
            return "clear", f"exit status 2: {message[0]}"
        return "unclear", f"exit status {error.code}, not naming {case.argument!r}: {message[0]}"
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
        parameters = [p for p in inspect.signature(resolve(name)).parameters if p != "self"]
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
