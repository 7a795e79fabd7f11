"""Do the verdicts on the trained network move toward the paper with more training?

The ``ci`` network trains to a summed step size (learning rate x number of
updates, :func:`rglib.profiles.summed_step`) of 60; the paper's network to
240. :func:`snapshots` trains the profile's single RBM once, continuing the
same model (:func:`rglib.models.rbm.fit` continues from the current
parameters and generator state, bit for bit), and keeps it at each summed
step size of :data:`STEPS`; each stretch of training is checkpointed and
cached on disk like every other training, so the whole is computed once and
resumes where it was interrupted. :func:`measure` evaluates every claim on
the trained network (those of :data:`rglib.meta.precision.NETWORK_CHAPTERS`
that measure a network) on one snapshot, its deeper layers trained on it as
the book's stack is; :func:`run` does so for every snapshot, and
:func:`table_rows` follows one number per claim (:data:`METRICS`, fixed
before the study was first run) from the ``ci`` profile's summed step size to
the paper's.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from tqdm import tqdm

from .. import artifacts, claims
from ..runtime.backend import torch_device
from ..runtime.cache import cache_directory
from ..claims.core import AGREES, DISAGREES, PARTLY
from ..models.rbm import RBM
from ..models.snapshots import train_in_stretches
from .precision import NETWORK_CHAPTERS, verdicts_and_measures
from ..profiles import PROFILES, Profile, require_profile, summed_step
from ..runtime.progress import show_progress
from ..runtime.validation import require_positive_finite, require_real

#: The summed step sizes at which the network is kept: a quarter, half, once,
#: twice and four times the ``ci`` profile's 60; the last is the paper's 240.
STEPS = (15, 30, 60, 120, 240)
#: The summed step sizes of the ``ci`` profile (0.01 x 600 epochs x 10 batches)
#: and of the paper (0.001 x 6000 epochs x 40 batches).
CI_STEP, PAPER_STEP = summed_step(PROFILES["ci"]), summed_step(PROFILES["paper"])
#: The verdicts in order of agreement with the paper.
VERDICT_ORDER = (DISAGREES, PARTLY, AGREES)
#: How a metric moves from one length to a longer one (see :func:`movement`).
TOWARD, AWAY, UNCHANGED = "toward the paper", "away from the paper", "unchanged"


@dataclass(frozen=True)
class VerdictMetric:
    """The one number of a claim's criterion that is followed across training lengths.

    Chosen from the criterion alone, before any length but the ``ci``
    profile's own was measured: the number the criterion's *agrees*
    condition compares with its threshold, and the side on which that
    condition holds. Where the condition bounds two numbers, the metric is
    the continuous one (Fig. 1: the distance d, not the block size) or their
    difference (Figs. 2-3: top-five minus bottom-five low-momentum count).

    Attributes
    ----------
    label : str
        What the number is, for tables and axes.
    value : callable
        ``value(measures)``: the number, from the claim's flattened measures
        (:func:`rglib.meta.precision.numeric_measures`).
    paper_side : {1, -1}
        +1 if larger values lie toward the paper's claim, -1 if smaller do.
    boundary : callable
        ``boundary(thresholds)``: where the *agrees* condition on this number
        starts, from the claim's thresholds (for the figure).
    """

    label: str
    value: Callable[[Mapping[str, float]], float]
    paper_side: int
    boundary: Callable[[Mapping[str, float]], float]


def _series(measures: Mapping[str, float], name: str) -> np.ndarray:
    """The list ``name`` of a claim's numbers, from its flattened measures ``name.0``, ..."""
    values = []
    while f"{name}.{len(values)}" in measures:
        values.append(measures[f"{name}.{len(values)}"])
    return np.array(values)


#: Per claim on the trained network: its verdict metric (see :class:`VerdictMetric`).
METRICS: dict[str, VerdictMetric] = {
    "training-converged": VerdictMetric(
        "change of the reconstruction error over the last tenth",
        lambda m: m["relative_change_last_tenth"], -1, lambda t: t["relative_change"]),
    "no-overfitting": VerdictMetric(
        "held-out minus training free energy, in standard errors",
        lambda m: m["gap_in_standard_errors"], -1, lambda t: t["standard_errors"]),
    "fig1-block-spin-match": VerdictMetric(
        "distance d to the best block spin's singular values",
        lambda m: m["distance"], -1, lambda t: t["distance"]),
    "fig2-3-low-momentum": VerdictMetric(
        "low-momentum vectors: fewer of the top five (visible, hidden) minus bottom five",
        lambda m: min(m["top_five_low_momentum"], m["top_five_hidden_low_momentum"])
        - m["bottom_five_low_momentum"], 1,
        lambda t: t["top_min"] - t["bottom_max"]),
    "fig2-hidden-is-coarse-visible": VerdictMetric(
        "largest top-five RG distance over its random baseline",
        lambda m: float(np.max(_series(m, "top_five_distance_over_baseline"))), -1,
        lambda t: t["agree"]),
    "fig4-alignment": VerdictMetric(
        "fraction of the k alignment eigenvalues above the criterion's level",
        lambda m: m["fraction_above"], 1, lambda t: t["majority"]),
    "count-measured": VerdictMetric(
        "measured effective parameters over training samples",
        lambda m: m["effective"] / m["samples"], -1, lambda t: 1.0),
    "footnote1-fraction": VerdictMetric(
        "measured effective fraction of the parameters",
        lambda m: m["measured_fraction"], -1, lambda t: t["agree_max"]),
    "fig5-6-steeper-with-depth": VerdictMetric(
        "largest change of the area under $s_i/s_1$ from a layer to the next",
        lambda m: float(np.max(np.diff(_series(m, "areas")))), -1, lambda t: -t["band"]),
    "fig18-19-every-layer": VerdictMetric(
        "largest layer's median top-five RG distance over baseline",
        lambda m: float(np.max(_series(m, "ratios"))), -1, lambda t: t["agree"]),
}


def network_claims() -> list[str]:
    """The ids of the claims on the trained network: those of the precision study's chapters
    (:data:`rglib.meta.precision.NETWORK_CHAPTERS`) that measure a given network."""
    return [item.id for item in claims.CLAIMS
            if item.chapter in NETWORK_CHAPTERS and item.measure_network is not None]


def epochs_at(profile: Profile, steps: Sequence[float] = STEPS) -> list[int]:
    """The epochs of ``profile``'s training at each summed step size of ``steps``.

    Raises
    ------
    ValueError
        If ``steps`` is not a strictly increasing sequence of positive
        numbers, each a whole number of the profile's epochs.
    """
    require_profile(profile)
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence) or not steps:
        raise ValueError(f"steps must be a non-empty sequence of summed step sizes, got {steps!r}")
    per_epoch = summed_step(profile, 1)
    epochs = []
    for index, step in enumerate(steps):
        step = require_positive_finite(f"steps[{index}]", step)
        count = round(step / per_epoch)
        if count < 1 or not math.isclose(count * per_epoch, step, rel_tol=1e-9):
            raise ValueError(f"steps[{index}] = {step:g} is not a whole number of epochs of the "
                             f"profile's training ({per_epoch:g} per epoch)")
        epochs.append(count)
    if any(later <= earlier for earlier, later in zip(epochs, epochs[1:])):
        raise ValueError(f"steps must increase strictly, got {list(steps)}")
    return epochs


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The single RBM at one point of the continued training.

    Attributes
    ----------
    step : float
        Summed step size trained so far.
    epochs : int
        Epochs trained so far.
    rbm : RBM
        The model then, its ``history_`` covering every epoch from the first.
    path : pathlib.Path
        The checkpoint of the stretch of training that ended here.
    """

    step: float
    epochs: int
    rbm: RBM
    path: Path


def snapshots(profile: Profile, steps: Sequence[float] = STEPS,
              progress: bool | None = None) -> list[Snapshot]:
    """Train ``profile``'s single RBM once, through every length of ``steps``, and keep it at each.

    The model, its data, its held-out data and its training settings are
    those of :func:`rglib.artifacts.single_rbm`; the training continues
    through the lengths in one run
    (:func:`rglib.models.snapshots.train_in_stretches`), each stretch a
    :func:`rglib.models.rbm.fit` call on the same model. Each stretch is checkpointed every
    ``profile.rbm.checkpoint_every`` epochs in a file of the cache folder
    named after its key (what ``fit`` keys a run by: the training code's
    version, the data and held-out data, the state it starts from, which
    holds every earlier length, its epochs, batch size, learning rate, CD
    steps, seed, device and precision); a stale or corrupt file is replaced,
    not used (see :mod:`rglib.runtime.cache`).

    Returns
    -------
    list of Snapshot, one per step size
    """
    epochs = epochs_at(profile, steps)
    show_progress(progress)
    settings, side, hidden = profile.rbm, profile.ising.lattice_size, profile.rbm.hidden_size
    precision = artifacts.training_precision(profile)
    spins, _ = artifacts.training_set(profile, progress)
    held_out = artifacts.held_out_set(profile, progress)
    rbm = RBM(side**2, hidden**2, seed=profile.ising.seed, device=torch_device())
    stretches = train_in_stretches(
        rbm, spins.reshape(len(spins), -1), epochs, settings.batch_size, settings.learning_rate,
        settings.cd_steps, held_out=held_out, checkpoint_every=settings.checkpoint_every,
        checkpoint_dir=cache_directory(),
        file_name=f"training-length-{side}-{hidden}-{{end}}-{{digest}}.npz",
        progress=progress, precision=precision)
    kept = []
    with tqdm(stretches, total=len(epochs), desc="training-length snapshots", unit="length",
              disable=not show_progress(progress)) as bar:
        for stretch, step in zip(bar, steps):
            snapshot = copy.deepcopy(rbm)
            snapshot.history_ = stretch.history
            kept.append(Snapshot(float(step), stretch.epochs, snapshot, stretch.path))
    return kept


def at_length(profile: Profile, snapshot: Snapshot) -> Profile:
    """``profile`` with the epochs of ``snapshot``: what the claims' data sources then name."""
    require_profile(profile)
    if not isinstance(snapshot, Snapshot):
        raise TypeError(f"snapshot must be a Snapshot (from snapshots()), "
                        f"got {type(snapshot).__name__}")
    return _at_length(profile, snapshot)


def _at_length(profile: Profile, snapshot: Snapshot) -> Profile:
    """:func:`at_length` on checked arguments."""
    return dataclasses.replace(profile,
                               rbm=dataclasses.replace(profile.rbm, epochs=snapshot.epochs))


def measure(profile: Profile, snapshot: Snapshot, progress: bool | None = None) -> dict[str, dict]:
    """Every claim on the trained network, for the network of one snapshot.

    The stack's deeper layers are trained on the snapshot as the book trains
    them on its own single RBM (:func:`rglib.artifacts.rbm_stack`, cached),
    for as many epochs as the snapshot's.

    Returns
    -------
    dict
        ``{claim id: {"verdict": ..., "measures": {...}}}``, as
        :func:`rglib.meta.precision.verdicts_and_measures` returns it.
    """
    variant = at_length(profile, snapshot)
    show_progress(progress)
    return _measure(variant, snapshot, progress)


def _measure(variant: Profile, snapshot: Snapshot, progress: bool | None) -> dict[str, dict]:
    """:func:`measure` on checked arguments, ``variant`` the profile at the snapshot's length."""
    network = artifacts.rbm_stack(variant, progress, first_layer=snapshot.rbm)
    results = claims.evaluate(variant, ids=network_claims(), network=network, progress=progress)
    return verdicts_and_measures(results)


def run(profile: Profile, kept: Sequence[Snapshot],
        compare: tuple[float, float] = (CI_STEP, PAPER_STEP), progress: bool | None = None) -> dict:
    """The study of the snapshots ``kept``: every claim at each length, and the table.

    Parameters
    ----------
    profile : Profile
        The profile the snapshots were trained for.
    kept : list of Snapshot
        As :func:`snapshots` returns them.
    compare : tuple of two float
        The summed step sizes, both among the snapshots', between which the
        table reads how each metric and verdict moves (default: the ``ci``
        profile's, 60, and the paper's, 240).

    Returns
    -------
    dict
        ``profile`` (its name), ``steps``, ``epochs``, ``own_step`` (the
        profile's own summed step size), ``compare``, ``seconds`` (training
        time of all snapshots, as their histories recorded it), ``runs``
        (:func:`measure` per snapshot) and ``rows`` (:func:`table_rows`).
    """
    require_profile(profile)
    if isinstance(kept, (str, bytes)) or not isinstance(kept, Sequence) or not all(
            isinstance(snapshot, Snapshot) for snapshot in kept):
        raise TypeError(f"kept must be the list of Snapshot that snapshots() returns, "
                        f"got {type(kept).__name__}")
    steps = [snapshot.step for snapshot in kept]
    start, end = _compared(compare, steps)
    show_progress(progress)
    runs = [_measure(_at_length(profile, snapshot), snapshot, progress) for snapshot in kept]
    return {"profile": profile.name, "steps": steps, "epochs": [s.epochs for s in kept],
            "own_step": summed_step(profile), "compare": [steps[start], steps[end]],
            "seconds": float(np.sum(kept[-1].rbm.history_["seconds"])),
            "runs": runs, "rows": _table_rows(runs, start, end)}


def movement(before: float, after: float, paper_side: int) -> str:
    """:data:`TOWARD` if ``after`` lies further on the paper's side than ``before``,
    :data:`AWAY` if less far, :data:`UNCHANGED` if equal."""
    before, after = require_real("before", before), require_real("after", after)
    if paper_side not in (1, -1):
        raise ValueError(f"paper_side must be 1 or -1, got {paper_side!r}")
    shift = (after - before) * paper_side
    return TOWARD if shift > 0 else AWAY if shift < 0 else UNCHANGED


def table_rows(runs: Sequence[Mapping[str, dict]], start: int, end: int) -> list[dict]:
    """Per claim of :data:`METRICS`: its metric and verdict at every length, and how they move.

    Parameters
    ----------
    runs : list of dict
        :func:`measure` at each length, shortest first.
    start, end : int
        The indices in ``runs`` of the two lengths between which the
        movement is read (``start`` the shorter).

    Returns
    -------
    list of dict
        ``claim``, ``metric`` (label), ``paper_side``, ``values``,
        ``verdicts``, ``boundary`` (see :class:`VerdictMetric`), ``movement``
        (:func:`movement` of the metric) and ``verdict_change`` (``"toward
        agreement"``, ``"away from agreement"`` or ``"unchanged"``).
    """
    if isinstance(runs, (str, bytes)) or not isinstance(runs, Sequence) or len(runs) < 2 or not all(
            isinstance(run, Mapping) and set(METRICS) <= set(run) for run in runs):
        raise ValueError(f"runs must be a list of at least two runs of measure(), each with the "
                         f"claims {sorted(METRICS)}")
    for name, index in (("start", start), ("end", end)):
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(runs):
            raise ValueError(f"{name} must be an index of runs, 0 to {len(runs) - 1}, "
                             f"got {index!r}")
    if start >= end:
        raise ValueError(f"start must come before end, got start={start}, end={end}")
    return _table_rows(runs, start, end)


def _table_rows(runs: Sequence[Mapping[str, dict]], start: int, end: int) -> list[dict]:
    """:func:`table_rows` on checked arguments."""
    rows = []
    for claim_id, metric in METRICS.items():
        values = [metric.value(run[claim_id]["measures"]) for run in runs]
        verdicts = [run[claim_id]["verdict"] for run in runs]
        rank = [VERDICT_ORDER.index(verdicts[index]) for index in (start, end)]
        rows.append({
            "claim": claim_id, "metric": metric.label, "paper_side": metric.paper_side,
            "values": values, "verdicts": verdicts,
            "boundary": metric.boundary(claims.claim(claim_id).thresholds),
            "movement": movement(values[start], values[end], metric.paper_side),
            "verdict_change": ("toward agreement" if rank[1] > rank[0] else
                               "away from agreement" if rank[1] < rank[0] else "unchanged"),
        })
    return rows


def require_study(study) -> Mapping:
    """``study`` if it is what :func:`run` returns, else TypeError naming it.

    Parameters
    ----------
    study : dict
        A training-length study, as :func:`run` returns it.

    Returns
    -------
    dict
        ``study``.

    Raises
    ------
    TypeError
        If ``study`` is not a dict with every key that :func:`run` gives it.
    """
    needed = ("profile", "steps", "epochs", "own_step", "compare", "seconds", "runs", "rows")
    if not isinstance(study, Mapping) or any(name not in study for name in needed):
        raise TypeError(f"study must be the dict that training_length.run() returns (keys "
                        f"{list(needed)}), got {type(study).__name__}")
    return study


def summary(study: Mapping) -> dict:
    """What the prose says of a study (:func:`run`), between its two compared lengths.

    Returns
    -------
    dict
        ``changed``: the claims whose verdict differs between the two, as
        ``(claim, verdict before, verdict after, verdict_change)``;
        ``unsteady``: the claims whose verdict is not the same at every
        length; ``toward``, ``away``, ``unchanged``: the claims whose metric
        moves so; ``disagreeing``: the claims that disagree at the shorter
        length; ``disagreeing_toward``: those of them whose metric moves
        toward the paper, as ``(claim, covered, remaining)``: how far the
        metric moved between the two lengths, and how far it still is from
        the boundary of the *agrees* condition at the longer one.
    """
    require_study(study)
    start, end = (study["steps"].index(step) for step in study["compare"])
    rows = study["rows"]
    disagreeing = [row for row in rows if row["verdicts"][start] == DISAGREES]
    return {
        "changed": [(row["claim"], row["verdicts"][start], row["verdicts"][end],
                     row["verdict_change"])
                    for row in rows if row["verdicts"][start] != row["verdicts"][end]],
        "unsteady": [row["claim"] for row in rows if len(set(row["verdicts"])) > 1],
        **{name: [row["claim"] for row in rows if row["movement"] == label]
           for name, label in (("toward", TOWARD), ("away", AWAY), ("unchanged", UNCHANGED))},
        "disagreeing": [row["claim"] for row in disagreeing],
        "disagreeing_toward": [
            (row["claim"], abs(row["values"][end] - row["values"][start]),
             max(0.0, (row["boundary"] - row["values"][end]) * row["paper_side"]))
            for row in disagreeing if row["movement"] == TOWARD
        ],
    }


def figure(study: Mapping) -> Figure:
    """One panel per claim: its verdict metric against the summed step size (log scale).

    Markers are coloured by verdict; the dotted line is where the criterion's
    *agrees* condition on the metric starts, the dashed line the profile's
    own summed step size and the solid line the paper's.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``study`` is not what :func:`run` returns.
    """
    require_study(study)
    colours = {AGREES: "tab:green", PARTLY: "tab:orange", DISAGREES: "tab:red"}
    rows = study["rows"]
    columns = min(2, len(rows))  # two panels a row keep the text legible in the book's column
    lines = -(-len(rows) // columns)
    fig, axes = plt.subplots(lines, columns, figsize=(5.5 * columns, 4.6 * lines + 0.8),
                             squeeze=False, layout="constrained")
    for axis, row in zip(axes.flat, rows):
        axis.plot(study["steps"], row["values"], color="0.5", lw=1, zorder=1)
        axis.scatter(study["steps"], row["values"], c=[colours[v] for v in row["verdicts"]], s=36,
                     zorder=2)
        axis.axhline(row["boundary"], color="0.3", ls=":", lw=1)
        axis.axvline(study["own_step"], color="tab:blue", ls="--", lw=1)
        axis.axvline(PAPER_STEP, color="k", lw=1)
        axis.set_xscale("log")
        axis.set_xlim(study["steps"][0] / 1.3, study["steps"][-1] * 1.3)
        axis.set_xticks(study["steps"], [f"{step:g}" for step in study["steps"]])
        axis.minorticks_off()
        axis.set_title(row["claim"])
        axis.set_ylabel("\n".join(textwrap.wrap(row["metric"], 30)))
        axis.set_xlabel("summed step size")
    for axis in axes.flat[len(rows):]:
        axis.set_axis_off()
    handles = [plt.Line2D([], [], marker="o", ls="", color=colour, label=verdict)
               for verdict, colour in colours.items()]
    handles += [
        plt.Line2D([], [], color="tab:blue", ls="--",
                   label=f"{study['profile']} ({study['own_step']:g})"),
        plt.Line2D([], [], color="k", label=f"paper ({PAPER_STEP:g})"),
        plt.Line2D([], [], color="0.3", ls=":", label="agrees beyond"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
    return fig


def _compared(compare, steps: list[float]) -> tuple[int, int]:
    """The indices in ``steps`` of the two summed step sizes of ``compare``, shorter first."""
    if isinstance(compare, (str, bytes)) or not isinstance(compare, Sequence) or len(compare) != 2:
        raise ValueError(f"compare must be two summed step sizes, got {compare!r}")
    indices = []
    for step in compare:
        found = [index for index, kept in enumerate(steps)
                 if math.isclose(kept, require_real("compare", step), rel_tol=1e-9)]
        if not found:
            raise ValueError(f"compare: no snapshot at summed step size {step:g} (there are "
                             f"{[f'{kept:g}' for kept in steps]}); train one with snapshots()")
        indices.append(found[0])
    if indices[0] >= indices[1]:
        raise ValueError(f"compare must name a shorter length first, got {compare!r}")
    return indices[0], indices[1]
