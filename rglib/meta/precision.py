"""Does TF32 training change any verdict? fp32 against tf32 over several seeds, on a GPU.

TF32 matrix products (:func:`rglib.models.rbm.fit`, ``precision="tf32"``) train
several times faster on recent NVIDIA GPUs, but round the products' inputs to
a 10-bit mantissa. Before TF32 may become the default, every number behind a
verdict on a trained network must move by less than its seed-to-seed spread:
:func:`compare` trains the ``ci`` network with each seed in each precision,
evaluates the network claims (:mod:`rglib.claims`) of each run, and, for every
numeric measure, compares the shift of the mean between the precisions with
the standard deviation over seeds (the larger of the two precisions'). The
study is saved to ``results/precision.json`` (:func:`save`), which the
training chapter shows; where no GPU has run it, there is no file and the
chapter says so.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from .. import claims
from ..claims.core import ClaimResult
from ..profiles import PRECISIONS, Profile, require_profile
from ..runtime.backend import torch_device
from ..runtime.progress import show_progress
from ..runtime.validation import require_choice, require_flag, require_integer, require_path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "results" / "precision.json"
NETWORK_CHAPTERS = ("training", "singular_values", "fourier", "data_subspace",
                    "effective_parameters", "stacked")
SEEDS = 3


def numeric_measures(numbers: Mapping, prefix: str = "") -> dict[str, float]:
    """The numeric leaves of a claim's ``numbers``, flattened to ``a.b.c`` names (lists by index).

    Parameters
    ----------
    numbers : dict or list
        A claim's numbers (:attr:`rglib.claims.ClaimResult.numbers`), nested.
    prefix : str, default ""
        Put before every name.

    Returns
    -------
    dict of str to float
        Each finite int or float leaf (not a bool) by its dotted name.

    Raises
    ------
    TypeError
        If ``numbers`` is not a dict or list, or ``prefix`` not a str.
    """
    if not isinstance(numbers, (Mapping, list, tuple)):
        raise TypeError(
            f"numbers must be a dict (or list) of a claim's numbers, got {type(numbers).__name__}"
        )
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a str, got {type(prefix).__name__}")
    return _flatten(numbers, prefix)


def _flatten(numbers: Mapping | list | tuple, prefix: str) -> dict[str, float]:
    """:func:`numeric_measures` on checked arguments."""
    flat: dict[str, float] = {}
    items = numbers.items() if isinstance(numbers, Mapping) else enumerate(numbers)
    for key, value in items:
        name = f"{prefix}{key}"
        if isinstance(value, (Mapping, list, tuple)):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and np.isfinite(value):
            flat[name] = float(value)
    return flat


def measure(profile: Profile, precision: str, chapters: Iterable[str] = NETWORK_CHAPTERS,
            progress: bool | None = None) -> dict[str, dict]:
    """The network claims of ``profile`` trained in ``precision``: {claim id: {verdict, measures}}.

    Parameters
    ----------
    profile : Profile
        The profile whose network is trained (its precision is replaced).
    precision : {"fp32", "tf32"}
        The matrix-product precision of training.
    chapters : iterable of str, default :data:`NETWORK_CHAPTERS`
        The chapters whose claims are evaluated.
    progress : bool, optional
        Progress bars.

    Returns
    -------
    dict
        As :func:`verdicts_and_measures` returns it.

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile, or ``chapters`` is a single string.
    ValueError
        For an unknown precision or chapter, or a bad ``progress``, before any training.
    """
    require_profile(profile)
    require_choice("precision", precision, PRECISIONS)
    show_progress(progress)
    if isinstance(chapters, (str, bytes)):
        raise TypeError(f"chapters must be an iterable of chapter names, not a single string {chapters!r}")
    chapters = list(chapters)
    known = {c.chapter for c in claims.CLAIMS}
    if not chapters or not set(chapters) <= known:  # before any training, not after the first chapter
        raise ValueError(f"chapters must be chapters that test claims, {sorted(known)}; got {chapters}")
    return _measure(profile, precision, chapters, progress)


def _measure(profile: Profile, precision: str, chapters: Iterable[str],
             progress: bool | None) -> dict[str, dict]:
    """:func:`measure` on checked arguments."""
    rbm = dataclasses.replace(profile.rbm, precision=precision)
    variant = dataclasses.replace(profile, rbm=rbm)
    return verdicts_and_measures([r for chapter in chapters
                                  for r in claims.evaluate(variant, chapter=chapter, progress=progress)])


def verdicts_and_measures(results: Iterable[ClaimResult]) -> dict[str, dict]:
    """``{claim id: {"verdict": ..., "measures": {name: number}}}`` of evaluated claims.

    The record of one run that :func:`compare` (and
    :mod:`rglib.meta.training_length`) read: each claim's verdict and the numeric
    leaves of its numbers (:func:`numeric_measures`).
    """
    if isinstance(results, (str, bytes, Mapping)) or not hasattr(results, "__iter__"):
        raise TypeError(f"results must be a list of ClaimResult, got {type(results).__name__}")
    results = list(results)
    if not all(isinstance(r, ClaimResult) for r in results):
        raise TypeError("results must hold ClaimResult objects, as rglib.claims.evaluate returns them")
    return {r.id: {"verdict": r.verdict, "measures": numeric_measures(r.numbers)} for r in results}


def compare(runs: Mapping[str, list[dict[str, dict]]]) -> list[dict]:
    """Per measure: means, seed spread, shift, and whether the shift is below the spread.

    Parameters
    ----------
    runs : dict
        ``{"fp32": [run per seed], "tf32": [run per seed]}``, each run as
        :func:`measure` returns it (the same seeds, in the same order).

    Returns
    -------
    list of dict
        One row per (claim, measure) present in every run: ``claim``,
        ``measure``, ``fp32_mean``, ``tf32_mean``, ``shift`` (absolute
        difference of the means), ``spread`` (the larger standard deviation
        over seeds), ``within_spread`` (shift < spread, or both zero), and
        ``verdicts`` per precision.
    """
    if not isinstance(runs, Mapping) or set(runs) != {"fp32", "tf32"} or len(runs["fp32"]) != len(runs["tf32"]) or len(runs["fp32"]) < 2:
        raise ValueError("runs must hold 'fp32' and 'tf32', each a list of at least 2 seeds' runs")
    rows = []
    first = runs["fp32"][0]
    for claim_id in sorted(first):
        for name in sorted(first[claim_id]["measures"]):
            values = {p: [run.get(claim_id, {}).get("measures", {}).get(name) for run in runs[p]]
                      for p in runs}
            if any(v is None for series in values.values() for v in series):
                continue
            means = {p: float(np.mean(v)) for p, v in values.items()}
            spread = max(float(np.std(v, ddof=1)) for v in values.values())
            shift = abs(means["tf32"] - means["fp32"])
            rows.append({
                "claim": claim_id, "measure": name, "fp32_mean": means["fp32"],
                "tf32_mean": means["tf32"], "shift": shift, "spread": spread,
                "within_spread": shift < spread or shift == spread == 0.0,
                "verdicts": {p: [run[claim_id]["verdict"] for run in runs[p]] for p in runs},
            })
    return rows


def run(profile: Profile, seeds: int = SEEDS, progress: bool | None = None) -> dict:
    """Train ``profile``'s network for ``seeds`` seeds in both precisions and compare (needs CUDA).

    Parameters
    ----------
    profile : Profile
        The profile whose network is trained; its seed is the first of ``seeds``.
    seeds : int, default :data:`SEEDS`
        How many seeds, at least 2.
    progress : bool, optional
        Progress bars.

    Returns
    -------
    dict
        ``profile`` (its name), ``seeds`` and ``rows`` (:func:`compare`).

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile.
    ValueError
        For a bad ``seeds`` or ``progress``, or where torch does not train on CUDA.
    """
    require_profile(profile)
    seeds = require_integer("seeds", seeds, minimum=2)
    show_progress(progress)
    if torch_device() != "cuda":
        raise ValueError("the precision study needs training on a CUDA GPU (RGLIB_DEVICE=gpu)")
    variants = [dataclasses.replace(profile, ising=dataclasses.replace(profile.ising, seed=seed))
                for seed in range(profile.ising.seed, profile.ising.seed + seeds)]
    runs = {p: [_measure(v, p, NETWORK_CHAPTERS, progress) for v in variants]
            for p in ("fp32", "tf32")}
    return {"profile": profile.name, "seeds": [v.ising.seed for v in variants],
            "rows": compare(runs)}


def save(study: Mapping, path: str | os.PathLike = DEFAULT_PATH, provenance: Mapping | None = None) -> Path:
    """Write the study (with its provenance) as JSON."""
    _require_study(study, with_provenance=False)
    if provenance is not None and not isinstance(provenance, Mapping):
        raise TypeError(f"provenance must be a dict or None, got {type(provenance).__name__}")
    path = require_path("path", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**study, "provenance": dict(provenance or {})}, indent=1,
                               sort_keys=True) + "\n")
    return path


def load(path: str | os.PathLike = DEFAULT_PATH) -> dict | None:
    """The saved study, or None where it has not been run (no GPU yet)."""
    path = require_path("path", path)
    if not path.exists():
        return None
    study = json.loads(path.read_text())
    for name in ("profile", "seeds", "rows", "provenance"):
        if name not in study:
            raise ValueError(f"{path} lacks {name!r}; rerun the precision study on a GPU")
    return study


def summary(study: Mapping) -> dict:
    """Counts for the prose: measures compared, moved beyond their spread, verdicts that changed."""
    _require_study(study)
    rows = study["rows"]
    changed = [row for row in rows if row["verdicts"]["fp32"] != row["verdicts"]["tf32"]]
    return {
        "measures": len(rows),
        "moved": sum(not row["within_spread"] for row in rows),
        "claims_with_changed_verdicts": sorted({row["claim"] for row in changed}),
        "seeds": len(study["seeds"]),
        "device": study["provenance"].get("device", "unknown device"),
    }


def markdown_table(study: Mapping, only_moved: bool = False) -> str:
    """The comparison as a Markdown table (all measures, or only those that moved)."""
    _require_study(study)
    require_flag("only_moved", only_moved)
    lines = ["| claim | measure | fp32 mean | tf32 mean | shift | seed spread | within |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in study["rows"]:
        if only_moved and row["within_spread"]:
            continue
        lines.append(f"| {row['claim']} | {row['measure']} | {row['fp32_mean']:.4g} | "
                     f"{row['tf32_mean']:.4g} | {row['shift']:.2g} | {row['spread']:.2g} | "
                     f"{'yes' if row['within_spread'] else '**no**'} |")
    return "\n".join(lines)



def _require_study(study, with_provenance: bool = True) -> None:
    """``study`` must be what :func:`run` returns (and, read back, :func:`load`)."""
    needed = ("profile", "seeds", "rows") + (("provenance",) if with_provenance else ())
    if not isinstance(study, Mapping) or any(name not in study for name in needed):
        raise TypeError(f"study must be the dict that precision_study.run() or load() returns "
                        f"(keys {list(needed)}), got {type(study).__name__}")


def seed_verdicts(study: Mapping, precision: str = "fp32") -> dict[str, list[str]]:
    """Each network claim's verdict for every seed of the study, in one precision."""
    _require_study(study)
    require_choice("precision", precision, PRECISIONS)
    verdicts: dict[str, list[str]] = {}
    for row in study["rows"]:
        verdicts.setdefault(row["claim"], row["verdicts"][precision])
    return verdicts


def seed_table(study: Mapping, precision: str = "fp32") -> str:
    """Markdown: per claim, its verdict for each seed and whether all seeds agree."""
    verdicts = seed_verdicts(study, precision)
    seeds = ", ".join(str(seed) for seed in study["seeds"])
    lines = [f"| claim | verdict for seeds {seeds} | the same for every seed |", "| --- | --- | --- |"]
    for claim_id, values in sorted(verdicts.items()):
        same = "yes" if len(set(values)) == 1 else "**no**"
        lines.append(f"| {claim_id} | {', '.join(values)} | {same} |")
    return "\n".join(lines)
