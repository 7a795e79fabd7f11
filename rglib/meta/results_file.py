"""The paper-scale results file: each claim's verdict, the spectra behind the figures, provenance.

A run at the paper's scale (``python -m rglib results --profile paper``)
writes ``results/paper.json``: every claim's measured numbers and verdict
(:mod:`rglib.claims`), the singular values and radial spectra of the trained
Ising stack, and where and how they were made (commit, device, date, package
versions, matrix-product precision, wall times). The file is small (well
under 1 MB) and is committed, so that the book, built anywhere with the small
``ci`` profile, can show the paper-scale verdicts next to its own. It is only
ever written by :func:`write`; never edit it by hand.

The file holds one or more *runs*, each with its own provenance: the Ising
chapters may come from a GPU run and the image chapters from a CPU run
(``--merge`` adds a run's claims to the file and drops them from the older
runs, so each claim is judged by exactly one run, the latest).
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

SCHEMA_VERSION = 2
MAX_BYTES = 1_000_000
#: The project's folder (above ``rglib/``): results files are committed under its ``results/``.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = PROJECT_ROOT / "results" / "paper.json"
PACKAGES = ("numpy", "scipy", "torch", "numba", "cupy-cuda12x", "cupy-cuda13x", "matplotlib")
TOP_MODES = 3  # radial spectra are stored for this many leading singular vectors per layer
_REQUIRED = {"schema": int, "runs": list}
_RUN_REQUIRED = {"provenance": dict, "claims": list, "failed_claims": dict, "layers": list}
_PROVENANCE = ("commit", "commit_clean", "date", "device", "torch_device", "precision", "profile",
               "python", "packages", "wall_seconds")


@dataclass(frozen=True)
class PaperResults:
    """A results file as read by :func:`load`.

    Attributes
    ----------
    runs : tuple of dict
        The provenance of each run, in the order they were made: ``commit``,
        ``commit_clean``, ``date``, ``device``, ``torch_device``, ``precision``,
        ``profile``, ``python``, ``packages``, ``wall_seconds``.
    claims : dict of str to rglib.claims.ClaimResult
        By claim id.
    failed_claims : dict of str to str
        Claims whose measurement raised, with the error.
    claim_runs : dict of str to int
        For each claim in ``claims`` or ``failed_claims``, the index in
        ``runs`` of the run that judged it.
    layers : list of dict
        Per trained Ising layer: ``n_visible``, ``n_hidden``,
        ``singular_values`` and ``radial`` (modes and power of the top visible
        and hidden vectors); empty when no run trained the Ising stack.
    layers_run : int or None
        The index in ``runs`` of the run that trained those layers.
    """

    runs: tuple
    claims: dict
    failed_claims: dict
    claim_runs: dict
    layers: list
    layers_run: int | None

    @property
    def provenance(self) -> dict:
        """The provenance of the run that trained the Ising layers (else of the first run)."""
        return self.runs[self.layers_run if self.layers_run is not None else 0]

    def run_of(self, claim_id: str) -> dict | None:
        """The provenance of the run that judged ``claim_id``; None if no run did."""
        if not isinstance(claim_id, str):
            raise TypeError(f"claim_id must be a str, got {type(claim_id).__name__}")
        index = self.claim_runs.get(claim_id)
        return None if index is None else self.runs[index]

    def provenance_line(self, run: int | None = None) -> str:
        """One line saying where and how a run was made, for captions.

        Parameters
        ----------
        run : int, optional
            Index in ``runs``; default: :attr:`provenance`'s run.
        """
        if run is None:
            p = self.provenance
        else:
            p = self.runs[self._run_index(run)]
        commit = p["commit"][:10] + ("" if p["commit_clean"] else " (with local changes)")
        total = sum(p["wall_seconds"].values())
        return (f"{p['profile']} profile, run on {p['device']} ({p['precision']} matrix products), "
                f"{p['date'][:10]}, commit {commit}, {total / 60:.1f} min in all")

    def run_chapters(self, run: int) -> list[str]:
        """The chapters whose claims ``run`` judged, in the order first met."""
        run = self._run_index(run)
        chapters = [self.claims[i].chapter for i, r in self.claim_runs.items()
                    if r == run and i in self.claims]
        return list(dict.fromkeys(chapters))

    def _run_index(self, run) -> int:
        run = require_integer("run", run, minimum=0)
        if run >= len(self.runs):
            raise ValueError(f"run must be below {len(self.runs)}, the number of runs, got {run}")
        return run


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
          failed_claims: Mapping[str, str], layers: list[dict], merge: bool = False) -> Path:
    """Write one run's results atomically; refuse a file over ``MAX_BYTES`` or failing the schema.

    Parameters
    ----------
    path : path
        The results file.
    provenance : dict
        :func:`provenance` of the run.
    claims : list of dict
        :meth:`rglib.claims.ClaimResult.to_dict` of each claim the run judged.
    failed_claims : dict of str to str
        The error of each claim whose measurement raised.
    layers : list of dict
        :func:`layer_figures` of each trained Ising layer; empty when the run
        did not train the Ising stack.
    merge : bool
        Keep the runs already in ``path`` (if any), less the claims this run
        judged (and their layers, if this run has layers); runs left with
        nothing are dropped. Default: replace the file.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    path = require_path("path", path)
    if not isinstance(failed_claims, Mapping):
        raise TypeError(f"failed_claims must be a dict of claim id to error, got {type(failed_claims).__name__}")
    if not isinstance(merge, bool):
        raise TypeError(f"merge must be True or False, got {merge!r}")
    run = {"provenance": provenance, "claims": claims, "failed_claims": dict(failed_claims),
           "layers": layers}
    runs = _older_runs(path, run) if merge else []
    text = json.dumps(plain({"schema": SCHEMA_VERSION, "runs": [*runs, run]}), indent=1,
                      sort_keys=True) + "\n"
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


def _older_runs(path: Path, run: dict) -> list[dict]:
    """The runs of the file at ``path`` (none if absent) less what ``run`` replaces."""
    if not path.exists():
        return []
    text = path.read_text()
    parse(text)  # a malformed file is refused, not merged into
    judged = {c["id"] for c in run["claims"]} | set(run["failed_claims"])
    kept = []
    for older in json.loads(text)["runs"]:
        older = {"provenance": older["provenance"],
                 "claims": [c for c in older["claims"] if c["id"] not in judged],
                 "failed_claims": {i: e for i, e in older["failed_claims"].items() if i not in judged},
                 "layers": [] if run["layers"] else older["layers"]}
        if older["claims"] or older["failed_claims"] or older["layers"]:
            kept.append(older)
    return kept


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
    if not content["runs"]:
        raise ValueError("the results file holds no run")
    claims, failed, claim_runs, layers, layers_run = {}, {}, {}, [], None
    for index, run in enumerate(content["runs"]):
        for name, kind in _RUN_REQUIRED.items():
            if not isinstance(run.get(name) if isinstance(run, dict) else None, kind):
                raise ValueError(f"run {index} of the results file needs {name!r} of type {kind.__name__}")
        missing = [name for name in _PROVENANCE if name not in run["provenance"]]
        if missing:
            raise ValueError(f"the provenance of run {index} lacks {missing}")
        for result in (ClaimResult.from_dict(values) for values in run["claims"]):
            claims[result.id] = result
            _add_claim_run(claim_runs, result.id, index)
        for claim_id, error in run["failed_claims"].items():
            failed[claim_id] = error
            _add_claim_run(claim_runs, claim_id, index)
        if run["layers"]:
            if layers:
                raise ValueError(f"runs {layers_run} and {index} both hold the Ising layers")
            layers, layers_run = run["layers"], index
    return PaperResults(runs=tuple(run["provenance"] for run in content["runs"]), claims=claims,
                        failed_claims=failed, claim_runs=claim_runs, layers=layers,
                        layers_run=layers_run)


def _add_claim_run(claim_runs: dict[str, int], claim_id: str, index: int) -> None:
    if claim_id in claim_runs:
        raise ValueError(f"claim {claim_id!r} is in runs {claim_runs[claim_id]} and {index}; "
                         "each claim must be judged by one run")
    claim_runs[claim_id] = index


def load(path: str | os.PathLike = DEFAULT_PATH) -> PaperResults | None:
    """The results file at ``path``, or None when there is none (not yet run at the paper's scale)."""
    path = require_path("path", path)
    if not path.exists():
        return None
    return parse(path.read_text())


NOT_RUN = "not yet run at the paper's scale"

_ISING_ON_GPU = ("needs the paper's Ising RBM (80² → 40², 6,000 epochs on 40,000 samples), about a "
                 "week on the 2-core CPU; not yet judged in a GPU run")
#: Why each claim that no run of ``results/paper.json`` judges has no paper-scale verdict
#: (tests/meta/test_results_file.py keeps this in step with the committed file).
NOT_RUN_REASONS = {
    "fig9-biases-ising": _ISING_ON_GPU,
    "drop-irrelevant-modes": _ISING_ON_GPU,
    "sec3-split-independence": _ISING_ON_GPU,
    "sec3-noise-rejection": _ISING_ON_GPU,
    "rg-signature-learned": _ISING_ON_GPU,
    **dict.fromkeys(
        ("fig12-clouds-singular-values", "fig13-clouds-low-momentum",
         "fig13-clouds-hidden-is-coarse-visible", "clouds-generalization"),
        "the clouds stand-in's RBM (100² → 50², 1,000 epochs) takes about 75 min on the 2-core CPU; "
        "not yet run"),
    **dict.fromkeys(
        ("table2-rgm-flowers", "table3-fashion-mnist", "speedups-4-100", "block-spin-between"),
        "the paper's budgets (1,000 epochs of the Xavier RBM on Fashion-MNIST and on flowers, "
        "3 starts × 3 seeds each) take about 9 h on the 2-core CPU; not yet run"),
    "sec3-solvability": ("24 eigendecompositions of 6,400 × 6,400 covariances (Ising data and control) "
                         "take over an hour on the 2-core CPU; not yet run"),
    "flowers-200x200": ("an RBM 200² → 100² for 1,000 epochs from 3 starts needs a GPU "
                        "(days on the 2-core CPU); not yet run"),
}


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
    if claim_id in NOT_RUN_REASONS:
        return f"not judged at the paper's scale: {NOT_RUN_REASONS[claim_id]}"
    return "not judged in the paper-scale run"


def run(profile_name: str = "paper", path: str | os.PathLike = DEFAULT_PATH, *,
        reproduce: Callable[[], Mapping[str, float]], chapters: Iterable[str] | None = None,
        ids: Iterable[str] | None = None, merge: bool = False, progress: bool | None = True) -> Path:
    """Make the artifacts, evaluate the claims, and write the results file.

    The Ising artifacts (``reproduce``) are made, and the trained layers'
    spectra recorded, only when a chosen claim is on the trained Ising network
    (its ``measure_network`` is set); every other claim makes its own artifacts
    while it is judged (e.g. the image chapters on a CPU).

    Parameters
    ----------
    profile_name : str
        The profile whose artifacts are measured.
    path : path
        Where to write (default ``results/paper.json`` of the project).
    reproduce : callable
        Makes the Ising artifacts and returns the wall time of each step
        (:func:`rglib.__main__.reproduce` with the chosen device and precision).
    chapters : iterable of str, optional
        Judge only the claims of these chapters (default: every claim).
    ids : iterable of str, optional
        Judge only these claims (default: every claim of ``chapters``), e.g.
        to leave out a claim whose network cannot be trained on this machine.
    merge : bool
        Add this run to the runs already in ``path`` (see :func:`write`);
        default: replace the file, so the claims not judged read "not judged".
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
        callable, ``chapters`` or ``ids`` given as a single string or a
        ``merge`` that is not a bool.
    ValueError
        For an unknown ``profile_name``, chapter or claim id, a bad
        ``progress``, or a ``path`` that could not be written (a folder, in a
        missing or read-only folder), before anything is made.
    rglib.runtime.output.SavedElsewhereError
        If ``path`` could not be written after the work after all; this run's
        results were saved to the temporary file it names.
    """
    require_choice("profile_name", profile_name, tuple(PROFILES))  # refused before the work
    path = require_path("path", path)
    if not callable(reproduce):
        raise TypeError(f"reproduce must be a callable returning step times, got {type(reproduce).__name__}")
    if not isinstance(merge, bool):
        raise TypeError(f"merge must be True or False, got {merge!r}")
    show_progress(progress)
    if isinstance(chapters, (str, bytes)):
        raise TypeError(f"chapters must be an iterable of chapter names, not a single string {chapters!r}")
    if isinstance(ids, (str, bytes)):
        raise TypeError(f"ids must be an iterable of claim ids, not a single string {ids!r}")
    chosen = None if chapters is None else set(chapters)
    known = {c.chapter for c in claims.CLAIMS}
    if chosen is not None and not chosen <= known:
        raise ValueError(f"chapters {sorted(chosen - known)} test no claim; chapters: {sorted(known)}")
    chosen_ids = None if ids is None else set(ids)
    known_ids = {c.id for c in claims.CLAIMS}
    if chosen_ids is not None and not chosen_ids <= known_ids:
        raise ValueError(f"ids {sorted(chosen_ids - known_ids)} name no claim; "
                         "`python -m rglib claims` lists them")
    require_output_file("path", path)  # last: the other arguments' errors come first
    if merge and path.exists():
        parse(path.read_text())  # a file that cannot be merged into is refused before the work
    judged = [item for item in claims.CLAIMS if (chosen is None or item.chapter in chosen)
              and (chosen_ids is None or item.id in chosen_ids)]
    on_network = any(item.measure_network is not None for item in judged)
    wall_seconds = dict(reproduce()) if on_network else {}
    profile = active_profile(profile_name)
    started = time.perf_counter()
    claim_results, failed = [], {}
    for item in judged:
        claim_started = time.perf_counter()
        results, error = _judge(profile, [item.id], progress)
        claim_results += results
        failed.update(error)
        if show_progress(progress):  # where the time of the claims goes, for the log
            print(f"claim {item.id}: {time.perf_counter() - claim_started:.1f} s", file=sys.stderr)
    wall_seconds["claims"] = time.perf_counter() - started
    layers = [layer_figures(_weight(rbm), side, next_side) for rbm, side, next_side in zip(
        artifacts.rbm_stack(profile), profile.rbm.stack_sides, profile.rbm.stack_sides[1:])
    ] if on_network else []
    content = dict(provenance=provenance(profile.name, device_name(), torch_device(),
                                         artifacts.training_precision(profile), wall_seconds),
                   claims=claim_results, failed_claims=failed, layers=layers, merge=merge)
    return save_or_rescue(path, lambda target: write(target, **content), "the results")


def _require_results(name: str, results) -> None:
    if results is not None and not isinstance(results, PaperResults):
        raise TypeError(f"{name} must be PaperResults (from rglib.meta.results_file.load()) or None, "
                        f"got {type(results).__name__}")


def _weight(rbm) -> np.ndarray:
    return rbm.weight.detach().cpu().double().numpy()


def _git(*arguments: str) -> str | None:
    root = PROJECT_ROOT
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
