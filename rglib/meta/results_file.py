"""The paper-scale results file: each claim's verdict, the spectra behind the figures, provenance.

A run at the paper's scale (``python -m rglib results --profile paper``, on a
GPU) writes ``results/paper.json``: every claim's measured numbers and verdict
(:mod:`rglib.claims`), the singular values and radial spectra of the trained
stack, and where and how they were made (commit, device, date, package
versions, matrix-product precision, wall times). The file is small (well
under 1 MB) and is committed, so that the book, built anywhere with the small
``ci`` profile, can show the paper-scale verdicts next to its own. It is only
ever written by :func:`write`; never edit it by hand.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import torch

from .. import artifacts, claims
from ..analysis.fourier import radial_fft
from ..analysis.modes import singular_modes
from ..claims.core import ClaimResult, plain
from ..profiles import PROFILES, Profile, active_profile, require_profile
from ..runtime.backend import describe_device, resolve_device, torch_device
from ..runtime.output import require_output_file, save_or_rescue
from ..runtime.progress import show_progress
from ..runtime.validation import require_choice, require_integer, require_path, require_real

SCHEMA_VERSION = 1
MAX_BYTES = 1_000_000
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "results" / "paper.json"
PACKAGES = ("numpy", "scipy", "torch", "numba", "cupy-cuda12x", "cupy-cuda13x", "matplotlib")
TOP_MODES = 3  # radial spectra are stored for this many leading singular vectors per layer
_REQUIRED = {"schema": int, "provenance": dict, "claims": list, "failed_claims": dict,
             "layers": list}
_PROVENANCE = ("commit", "commit_clean", "date", "device", "torch_device", "precision", "profile",
               "python", "packages", "wall_seconds")


@dataclass(frozen=True)
class PaperResults:
    """A results file as read by :func:`load`.

    Attributes
    ----------
    provenance : dict
        ``commit``, ``commit_clean``, ``date``, ``device``, ``torch_device``,
        ``precision``, ``profile``, ``python``, ``packages``, ``wall_seconds``.
    claims : dict of str to rglib.claims.ClaimResult
        By claim id.
    failed_claims : dict of str to str
        Claims whose measurement raised, with the error.
    layers : list of dict
        Per trained layer: ``n_visible``, ``n_hidden``, ``singular_values`` and
        ``radial`` (modes and power of the top visible and hidden vectors).
    """

    provenance: dict
    claims: dict
    failed_claims: dict
    layers: list

    def provenance_line(self) -> str:
        """One line saying where and how these results were made, for captions."""
        p = self.provenance
        commit = p["commit"][:10] + ("" if p["commit_clean"] else " (with local changes)")
        total = sum(p["wall_seconds"].values())
        return (f"{p['profile']} profile, run on {p['device']} ({p['precision']} matrix products), "
                f"{p['date'][:10]}, commit {commit}, {total / 60:.1f} min in all")


def layer_figures(weight: np.ndarray, visible_side: int, hidden_side: int) -> dict:
    """Singular values and the radial spectra of the leading singular vectors of one layer."""
    visible_side = require_integer("visible_side", visible_side, minimum=1)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)

    modes = singular_modes(weight, (visible_side, visible_side), (hidden_side, hidden_side))
    radial = []
    for m in range(min(TOP_MODES, len(modes.values))):
        visible, hidden = radial_fft(modes.visible[m]), radial_fft(modes.hidden[m])
        radial.append({"visible_modes": visible.modes, "visible_power": visible.power,
                       "hidden_modes": hidden.modes, "hidden_power": hidden.power})
    return {"n_visible": visible_side**2, "n_hidden": hidden_side**2,
            "singular_values": modes.values, "radial": radial}


def provenance(profile_name: str, device: str, torch_device: str, precision: str,
               wall_seconds: Mapping[str, float]) -> dict:
    """Where and how a run was made: commit, date, devices, precision, versions, times."""
    for name, value in (("profile_name", profile_name), ("device", device),
                        ("torch_device", torch_device), ("precision", precision)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__} {value!r}")
    if not isinstance(wall_seconds, Mapping):
        raise TypeError(f"wall_seconds must be a dict of step name to seconds, got {type(wall_seconds).__name__}")
    for name, value in wall_seconds.items():
        require_real(f"wall_seconds[{name!r}]", value)
    return {
        # An exported copy (shipped to a GPU node, where any .git around it may be
        # another checkout's) names its commit in RGLIB_COMMIT, which then wins.
        "commit": os.environ.get("RGLIB_COMMIT") or _git("rev-parse", "HEAD") or "unknown",
        "commit_clean": bool(os.environ.get("RGLIB_COMMIT"))
        or _git("status", "--porcelain", "--untracked-files=no") == "",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "device": device, "torch_device": torch_device, "precision": precision,
        "profile": profile_name, "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES if _version(name)},
        "wall_seconds": {name: round(float(value), 2) for name, value in wall_seconds.items()},
    }


def device_name() -> str:
    """The hardware that trains, in words, for a run's provenance.

    Returns
    -------
    str
        ``"GPU: <name>"`` of the CUDA device where torch trains on one
        (:func:`rglib.runtime.backend.torch_device`), else the description of
        the resolved array device (:func:`rglib.runtime.backend.describe_device`).

    Raises
    ------
    ValueError
        If ``RGLIB_DEVICE`` names an unknown device or a GPU that is not present.
    """
    if torch_device() == "cuda":
        return f"GPU: {torch.cuda.get_device_name()}"
    return describe_device(resolve_device())


def evaluate_claims(profile: Profile | str | None, ids: Iterable[str] | None = None,
                    progress: bool | None = None) -> tuple[list[dict], dict[str, str]]:
    """Every claim's result as a dict, and the claims whose measurement raised (id -> error).

    One failing claim does not lose the others: its error is recorded instead.
    Bad arguments are refused before any claim is measured, not recorded as
    every claim's failure.

    Parameters
    ----------
    profile : Profile, str or None
        The profile, or its name; None for the active one (``RGLIB_PROFILE``).
    ids : iterable of str, optional
        The claims to judge, in this order (default: every claim).
    progress : bool, optional
        Progress bars.

    Returns
    -------
    results : list of dict
        :meth:`rglib.claims.ClaimResult.to_dict` of each claim judged.
    failed : dict of str to str
        The error of each claim whose measurement raised, by claim id.

    Raises
    ------
    TypeError
        If ``profile`` is not a Profile, a name or None, or ``ids`` is a single string.
    ValueError
        If ``profile`` names no profile, or ``progress`` is not a bool or None.
    """
    if profile is None or isinstance(profile, str):
        profile = active_profile(
            None if profile is None else require_choice("profile", profile, tuple(PROFILES)))
    require_profile(profile)
    show_progress(progress)
    if isinstance(ids, (str, bytes)):
        raise TypeError(f"ids must be an iterable of claim ids, not a single string {ids!r}")
    return _judge(profile, list(ids) if ids is not None else [c.id for c in claims.CLAIMS], progress)


def _judge(profile: Profile, ids: list[str], progress: bool | None) -> tuple[list[dict], dict[str, str]]:
    """:func:`evaluate_claims` on checked arguments."""
    results, failed = [], {}
    for claim_id in ids:
        try:
            (result,) = claims.evaluate(profile, ids=[claim_id], progress=progress)
        except Exception as error:  # recorded in the file, so that a reader sees it
            failed[claim_id] = f"{type(error).__name__}: {error}"
        else:
            results.append(result.to_dict())
    return results, failed


def write(path: str | os.PathLike, *, provenance: dict, claims: list[dict],
          failed_claims: Mapping[str, str], layers: list[dict]) -> Path:
    """Write a results file atomically; refuse one over ``MAX_BYTES`` or failing the schema."""
    path = require_path("path", path)
    if not isinstance(failed_claims, Mapping):
        raise TypeError(f"failed_claims must be a dict of claim id to error, got {type(failed_claims).__name__}")
    content = {"schema": SCHEMA_VERSION, "provenance": provenance, "claims": claims,
               "failed_claims": dict(failed_claims), "layers": layers}
    text = json.dumps(plain(content), indent=1, sort_keys=True) + "\n"
    parse(text)  # the file must read back
    if len(text.encode()) > MAX_BYTES:
        raise ValueError(f"the results file would be {len(text.encode())} bytes, over {MAX_BYTES}")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
    try:
        with os.fdopen(handle, "w") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def parse(text: str) -> PaperResults:
    """A results file's text as :class:`PaperResults`; ValueError naming what is wrong."""
    if not isinstance(text, (str, bytes)):
        raise TypeError(f"text must be the results file's text (str), got {type(text).__name__}")
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"the results file is not JSON: {error}") from None
    if not isinstance(content, dict):
        raise ValueError("the results file must hold a JSON object")
    for name, kind in _REQUIRED.items():
        if not isinstance(content.get(name), kind):
            raise ValueError(f"the results file needs {name!r} of type {kind.__name__}")
    if content["schema"] != SCHEMA_VERSION:
        raise ValueError(f"results schema {content['schema']} is not {SCHEMA_VERSION}; "
                         "rerun `python -m rglib results` to rewrite it")
    missing = [name for name in _PROVENANCE if name not in content["provenance"]]
    if missing:
        raise ValueError(f"the results file's provenance lacks {missing}")
    results = [ClaimResult.from_dict(values) for values in content["claims"]]
    return PaperResults(
        provenance=content["provenance"],
        claims={result.id: result for result in results},
        failed_claims=dict(content["failed_claims"]),
        layers=content["layers"],
    )


def load(path: str | os.PathLike = DEFAULT_PATH) -> PaperResults | None:
    """The results file at ``path``, or None when there is none (not yet run at the paper's scale)."""
    path = require_path("path", path)
    if not path.exists():
        return None
    return parse(path.read_text())


NOT_RUN = "not yet run at the paper's scale"


def paper_verdict(claim_id: str, results: PaperResults | None) -> str:
    """What the book shows for a claim in its paper-scale column."""
    if not isinstance(claim_id, str):
        raise TypeError(f"claim_id must be a str, got {type(claim_id).__name__}")
    _require_results("results", results)
    if results is None:
        return NOT_RUN
    if claim_id in results.claims:
        result = results.claims[claim_id]
        return f"{result.verdict} ({result.key_number})" if result.key_number else result.verdict
    if claim_id in results.failed_claims:
        return f"failed at the paper's scale ({results.failed_claims[claim_id]})"
    return "not judged in the paper-scale run"


def plot_paper_layer(axes, paper: PaperResults | None, layer: int = 0) -> bool:
    """Draw the paper-scale layer's spectra on two axes; False (and a note) when there is no run.

    ``axes[0]`` gets the singular values against their index, normalized by
    the largest; ``axes[1]`` the radial power of the top visible and hidden
    singular vectors (each normalized to unit total), the figures the ``ci``
    chapter draws for its own network.
    """
    _require_results("paper", paper)
    layer = require_integer("layer", layer, minimum=0)
    if len(axes) != 2:
        raise ValueError(f"axes must be two matplotlib axes, got {len(axes)}")
    if paper is None or len(paper.layers) <= layer:
        for ax in axes:
            ax.text(0.5, 0.5, NOT_RUN, ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
        return False
    figures = paper.layers[layer]
    values = np.asarray(figures["singular_values"], dtype=float)
    axes[0].plot(np.arange(1, len(values) + 1), values / values[0], color="C3")
    axes[0].set(xlabel="index", ylabel="singular value / largest",
                title=f"paper scale: {figures['n_visible']} -> {figures['n_hidden']}")
    top = figures["radial"][0]
    for side, style in (("visible", "-"), ("hidden", "--")):
        power = np.asarray(top[f"{side}_power"], dtype=float)
        axes[1].plot(top[f"{side}_modes"], power / power.sum(), style, label=f"top {side} vector")
    axes[1].set(xlabel="radial mode |k|", ylabel="share of power", title="paper scale: top singular vectors")
    axes[1].legend()
    return True


def run(profile_name: str = "paper", path: str | os.PathLike = DEFAULT_PATH, *,
        reproduce: Callable[[], Mapping[str, float]], chapters: Iterable[str] | None = None,
        progress: bool | None = True) -> Path:
    """Make every artifact (``reproduce``), evaluate every claim, and write the results file.

    Parameters
    ----------
    profile_name : str
        The profile whose artifacts are measured.
    path : path
        Where to write (default ``results/paper.json`` of the project).
    reproduce : callable
        Makes the artifacts and returns the wall time of each step
        (:func:`rglib.__main__.reproduce` with the chosen device and precision).
    chapters : iterable of str, optional
        Judge only the claims of these chapters (default: every claim); the
        others are listed in the file as not run at this scale.
    progress : bool, optional
        Progress bars.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    TypeError
        For a ``path`` that is not a path, a ``reproduce`` that is not
        callable, or ``chapters`` given as a single string.
    ValueError
        For an unknown ``profile_name`` or chapter, a bad ``progress``, or a
        ``path`` that could not be written (a folder, in a missing or read-only
        folder), before anything is made.
    rglib.runtime.output.SavedElsewhereError
        If ``path`` could not be written after the work after all; the results
        were saved to the temporary file it names.
    """
    require_choice("profile_name", profile_name, tuple(PROFILES))  # refused before the work
    path = require_path("path", path)
    if not callable(reproduce):
        raise TypeError(f"reproduce must be a callable returning step times, got {type(reproduce).__name__}")
    show_progress(progress)
    if isinstance(chapters, (str, bytes)):
        raise TypeError(f"chapters must be an iterable of chapter names, not a single string {chapters!r}")
    chosen = None if chapters is None else set(chapters)
    known = {c.chapter for c in claims.CLAIMS}
    if chosen is not None and not chosen <= known:
        raise ValueError(f"chapters {sorted(chosen - known)} test no claim; chapters: {sorted(known)}")
    require_output_file("path", path)  # last: the other arguments' errors come first
    wall_seconds = dict(reproduce())
    profile = active_profile(profile_name)
    started = time.perf_counter()
    claim_results, failed = [], {}
    for item in claims.CLAIMS:
        if chosen is None or item.chapter in chosen:
            claim_started = time.perf_counter()
            judged, error = _judge(profile, [item.id], progress)
            claim_results += judged
            failed.update(error)
            if show_progress(progress):  # where the time of the claims goes, for the log
                print(f"claim {item.id}: {time.perf_counter() - claim_started:.1f} s", file=sys.stderr)
    wall_seconds["claims"] = time.perf_counter() - started
    layers = [layer_figures(_weight(rbm), side, next_side) for rbm, side, next_side in zip(
        artifacts.rbm_stack(profile), profile.rbm.stack_sides, profile.rbm.stack_sides[1:])]
    content = dict(provenance=provenance(profile.name, device_name(), torch_device(),
                                         artifacts.training_precision(profile), wall_seconds),
                   claims=claim_results, failed_claims=failed, layers=layers)
    return save_or_rescue(path, lambda target: write(target, **content), "the results")


def _require_results(name: str, results) -> None:
    if results is not None and not isinstance(results, PaperResults):
        raise TypeError(f"{name} must be PaperResults (from rglib.meta.results_file.load()) or None, "
                        f"got {type(results).__name__}")


def _weight(rbm) -> np.ndarray:
    return rbm.weight.detach().cpu().double().numpy()


def _git(*arguments: str) -> str | None:
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True,
                              timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None
