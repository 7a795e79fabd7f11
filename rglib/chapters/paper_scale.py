"""The Ising chapters' figures at both scales: this build's network and the paper-scale run.

The chapters on the Ising RBM (Figs. 1, 2, 3, 5 and 6) draw each figure for
this build's network and again, beside it, for the network trained at the
paper's sizes, whose singular values and radial spectra
``results/paper.json`` records (:class:`rglib.meta.results_file.PaperResults`,
its ``layers``). The same function draws both, so that the two figures differ
only in their data:

- :func:`block_spin_figure` -- Fig. 1: singular values against block spin;
- :func:`radial_figure`, :func:`layer_radial_figure` -- Figs. 2 and 18-19:
  each hidden radial spectrum drawn over its visible one;
- :func:`stack_figure` -- Figs. 5 and 6: the singular values layer by layer.

Their data come from :func:`modes_pairs` (this build's singular vectors) or
:func:`layer_pairs` (a recorded layer), and :func:`paper_block_spin`;
:func:`paper_title` names the run in a figure's title, :func:`absent_note`
stands in for a figure the results file cannot give, and :func:`glue_paper`
glues a paper-scale number or, where there is none, says so.

The numbers quoted beside the paper's own are computed here too:
:func:`count_at_least` (the paper keeps 200 of 1,600 singular values, those
at least 20 % of the largest) and :func:`power_above` (the paper sees no power
above radial mode 10).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown
from matplotlib.figure import Figure
from myst_nb import glue

from ..analysis.blockspin import BlockSizeMatch, best_block_size_of_values
from ..analysis.fourier import radial_fft, radial_profiles
from ..analysis.modes import SingularModes
from ..claims.catalogue import VANISHING_THRESHOLDS
from ..meta.results_file import NOT_RUN, PaperResults
from ..runtime.validation import require_finite_array, require_integer, require_real
from ..studies.counting import PAPER_CUTOFF, PAPER_KEPT, PAPER_SIDE

__all__ = ["CUT", "PAPER_CUTOFF", "PAPER_KEPT", "PAPER_SIDE", "RadialPair", "absent_note",
           "block_spin_figure", "count_at_least", "glue_paper", "layer_pairs", "layer_radial_figure",
           "modes_pairs", "paper_block_spin", "paper_title", "power_above", "radial_figure",
           "stack_figure"]

#: The paper's truncation of Section II A: it keeps the singular values at least 20 % of the
#: largest (200 of 1,600, ``PAPER_KEPT`` of ``(PAPER_SIDE // 2) ** 2``).
CUT = VANISHING_THRESHOLDS["cut"]

_RMS_LABEL = r"$\langle|F|^2\rangle^{1/2}$"


@dataclass(frozen=True, eq=False)
class RadialPair:
    """The radial power spectra of one singular value's visible and hidden vectors.

    Attributes
    ----------
    label : str
        The legend's name for the pair (its rank and singular value).
    visible_modes, visible_power, hidden_modes, hidden_power : numpy.ndarray
        The radial modes and the mean ``|F|**2`` of each annulus
        (:class:`rglib.analysis.fourier.RadialSpectrum`).
    """

    label: str
    visible_modes: np.ndarray
    visible_power: np.ndarray
    hidden_modes: np.ndarray
    hidden_power: np.ndarray


def _layers(paper: PaperResults | None) -> list:
    _require_paper(paper)
    return [] if paper is None else paper.layers


def paper_title(paper: PaperResults, layer: int | None = 0) -> str:
    """Two lines naming a paper-scale figure: the sizes, then device, precision and commit.

    Parameters
    ----------
    paper : PaperResults
        A results file with the Ising layers (:func:`rglib.meta.results_file.load`).
    layer : int or None, default 0
        The layer whose sizes the title gives (0 is the single RBM); None for the
        whole stack.

    Returns
    -------
    str
        For example ``"paper's sizes: 80² → 40²\nGPU: NVIDIA H200, tf32, commit de0fd78b56"``.

    Raises
    ------
    TypeError
        If ``paper`` is not PaperResults.
    ValueError
        If ``paper`` holds no such layer (no layer at all, for None).
    """
    if not isinstance(paper, PaperResults):
        raise TypeError(f"paper must be PaperResults (rglib.meta.results_file.load()), "
                        f"got {type(paper).__name__}")
    records = [_layer(paper, depth) for depth in
               (range(max(len(paper.layers), 1)) if layer is None else [layer])]
    sides = [_side(records[0]["n_visible"])] + [_side(record["n_hidden"]) for record in records]
    run = paper.provenance
    return (f"paper's sizes: {' → '.join(f'{side}²' for side in sides)}\n"
            f"{run['device']}, {run['precision']}, commit {run['commit'][:10]}")


def _side(units: int) -> int:
    return round(np.sqrt(units))


def _layer(paper: PaperResults, layer) -> dict:
    layer = require_integer("layer", layer, minimum=0)
    if layer >= len(paper.layers):
        raise ValueError(f"layer must be below {len(paper.layers)}, the layers the results file "
                         f"holds, got {layer}")
    return paper.layers[layer]


def absent_note(paper: PaperResults | None, shows: str) -> Markdown | None:
    """A box in place of a paper-scale figure when the results file has no Ising layers; else None.

    A chapter cell that shows it needs the metadata ``mystnb: {markdown_format: myst}``.

    Parameters
    ----------
    paper : PaperResults or None
        :func:`rglib.meta.results_file.load` (None: there is no results file).
    shows : str
        What the figure would show, in a sentence (MyST).

    Returns
    -------
    IPython.display.Markdown or None
        A MyST ``note`` admonition saying why there is no paper-scale figure
        and how to make one; None (shown as nothing) when ``paper`` holds the layers.

    Raises
    ------
    TypeError
        If ``paper`` is not PaperResults or None, or ``shows`` not a str.
    ValueError
        If ``shows`` is empty.
    """
    layers = _layers(paper)
    if not isinstance(shows, str):
        raise TypeError(f"shows must be a str, got {type(shows).__name__}")
    if not shows.strip():
        raise ValueError("shows must say what the figure would show, got an empty text")
    if layers:
        return None
    why = ("`results/paper.json` is absent" if paper is None
           else "`results/paper.json` holds no run that trained the Ising layers")
    return Markdown(
        f":::{{admonition}} Not at the paper's scale: {why}\n:class: note\n\n"
        f"**What this figure would show:** {shows}\n\nA run at the paper's sizes "
        "(`python -m rglib results --profile paper`, on a GPU) records it; the paper-scale "
        f"numbers of this page read *{NOT_RUN}* until then.\n:::\n")


def glue_paper(name: str, value: str | None) -> None:
    """Glue a paper-scale number for ``{glue:text}``, or ``[not yet run at the paper's scale]``.

    Parameters
    ----------
    name : str
        The glue name.
    value : str or None
        The number as text; None where the results file does not give it.

    Raises
    ------
    TypeError
        If ``name`` is not a str or ``value`` not a str or None.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if value is not None and not isinstance(value, str):
        raise TypeError(f"value must be a str or None, got {type(value).__name__}")
    glue(name, f"[{NOT_RUN}]" if value is None else value, display=False)


def count_at_least(singular_values, fraction: float = CUT) -> int:
    """How many singular values are at least ``fraction`` of the largest.

    The paper keeps 200 of its 1,600 (``fraction`` 0.2, Section II A).

    Parameters
    ----------
    singular_values : array_like
        A 1-D array of singular values, not negative and not all zero.
    fraction : float, default :data:`CUT`
        Between 0 and 1.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For values that are not such an array, or a ``fraction`` outside [0, 1].

    Examples
    --------
    >>> count_at_least([10.0, 5.0, 2.0, 1.0])
    3
    """
    values = _singular_values(singular_values)
    fraction = require_real("fraction", fraction)
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
    return int(np.sum(values >= fraction * values.max()))


def _singular_values(singular_values, name: str = "singular_values") -> np.ndarray:
    values = require_finite_array(name, singular_values, ndim=1)
    if values.size == 0 or np.any(values < 0) or not values.any():
        raise ValueError(f"{name} must hold non-empty arrays of singular values, not negative and "
                         "not all zero")
    return values


def power_above(modes, power, side: int, cutoff: float) -> float:
    """The share of a field's Fourier power in radial modes above ``cutoff``.

    The paper sees "all modes above Fourier mode 10 vanish" in its Fig. 2; this is that
    statement as a number. An annulus's power is its mean ``|F|**2`` times the number of
    lattice modes in it (on a ``side x side`` lattice).

    Parameters
    ----------
    modes, power : array_like
        The radial modes and each annulus's mean ``|F|**2``
        (:class:`rglib.analysis.fourier.RadialSpectrum`, or a layer of the results file).
    side : int
        The side of the field's lattice.
    cutoff : float
        Modes above it count.

    Returns
    -------
    float
        Between 0 and 1.

    Raises
    ------
    ValueError
        If ``modes`` and ``power`` are not the spectrum of a ``side x side`` field
        (``0, 1, ...`` with not negative power, not all zero), or ``cutoff`` is negative.

    Examples
    --------
    A field of a single wave at mode 3 has all its power above mode 2:

    >>> import numpy as np
    >>> from rglib.analysis.fourier import radial_fft
    >>> wave = radial_fft(np.cos(2 * np.pi * 3 * np.arange(16) / 16)[:, None] * np.ones(16))
    >>> round(power_above(wave.modes, wave.power, 16, 2), 12), round(power_above(wave.modes, wave.power, 16, 3), 12)
    (1.0, 0.0)
    """
    side = require_integer("side", side, minimum=1)
    cutoff = require_real("cutoff", cutoff)
    if cutoff < 0:
        raise ValueError(f"cutoff must not be negative, got {cutoff}")
    counts = radial_profiles(np.ones((side, side)))[2]
    modes = require_finite_array("modes", modes, ndim=1)
    power = require_finite_array("power", power, ndim=1)
    if not np.array_equal(modes, np.arange(len(counts))) or power.shape != modes.shape:
        raise ValueError(f"modes and power must be the radial spectrum of a {side} x {side} field "
                         f"(modes 0 to {len(counts) - 1}), got {len(modes)} modes and {len(power)} powers")
    if np.any(power < 0) or not power.any():
        raise ValueError("power must not be negative nor all zero")
    annuli = counts * power
    return float(annuli[modes > cutoff].sum() / annuli.sum())


def modes_pairs(modes: SingularModes, indices: Sequence[int]) -> list[RadialPair]:
    """The :class:`RadialPair` of each singular value ``indices`` names, from a network's modes.

    Parameters
    ----------
    modes : SingularModes
        :func:`rglib.analysis.modes.singular_modes` of the weight.
    indices : sequence of int
        Indices of singular values (0 is the largest).

    Returns
    -------
    list of RadialPair
        Labelled ``"$s_{i+1}$ = <value>"``.

    Raises
    ------
    TypeError
        If ``modes`` is not SingularModes.
    ValueError
        For an index out of range.
    """
    if not isinstance(modes, SingularModes):
        raise TypeError(f"modes must be SingularModes, got {type(modes).__name__}")
    pairs = []
    for m in indices:
        m = require_integer("indices", m, minimum=0)
        if m >= len(modes.values):
            raise ValueError(f"indices must be below {len(modes.values)}, got {m}")
        visible, hidden = radial_fft(modes.visible[m]), radial_fft(modes.hidden[m])
        pairs.append(RadialPair(f"$s_{{{m + 1}}}$ = {modes.values[m]:.3f}", visible.modes,
                                visible.power, hidden.modes, hidden.power))
    return pairs


def layer_pairs(paper: PaperResults, layer: int = 0) -> list[RadialPair]:
    """The :class:`RadialPair` of each top singular value that the results file records for a layer.

    The file records the top :data:`rglib.meta.results_file.TOP_MODES`.

    Raises
    ------
    TypeError
        If ``paper`` is not PaperResults.
    ValueError
        If ``paper`` holds no such layer.
    """
    if not isinstance(paper, PaperResults):
        raise TypeError(f"paper must be PaperResults, got {type(paper).__name__}")
    record = _layer(paper, layer)
    values = record["singular_values"]
    return [RadialPair(f"$s_{{{m + 1}}}$ = {values[m]:.3f}",
                       *(np.asarray(spectrum[key], dtype=float) for key in
                         ("visible_modes", "visible_power", "hidden_modes", "hidden_power")))
            for m, spectrum in enumerate(record["radial"])]


def paper_block_spin(paper: PaperResults | None) -> BlockSizeMatch | None:
    """Fig. 1's block-spin match of the paper-scale single RBM, from its recorded singular values.

    Returns
    -------
    BlockSizeMatch or None
        :func:`rglib.analysis.blockspin.best_block_size_of_values` of layer 0;
        None when the results file holds no layers.

    Raises
    ------
    TypeError
        If ``paper`` is not PaperResults or None.
    """
    layers = _layers(paper)
    if not layers:
        return None
    return best_block_size_of_values(layers[0]["singular_values"], _side(layers[0]["n_visible"]))


def block_spin_figure(match: BlockSizeMatch, title: str,
                      initial: BlockSizeMatch | None = None) -> Figure:
    """Fig. 1: the singular values against the best block spin's (left), and ``d(b)`` (right).

    The singular values are divided by the largest and drawn against their relative index
    ``i / n``, so that networks of any size compare; a cross marks the paper's own cut,
    200 of 1,600 singular values at least 20 % of the largest.

    Parameters
    ----------
    match : BlockSizeMatch
        :func:`rglib.analysis.blockspin.best_block_size` of the trained weight.
    title : str
        The figure's title (its scale).
    initial : BlockSizeMatch, optional
        The same for the initial weight, drawn dotted.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``match`` or ``initial`` is not a BlockSizeMatch or ``title`` not a str.
    """
    for name, value, optional in (("match", match, False), ("initial", initial, True)):
        if not (isinstance(value, BlockSizeMatch) or optional and value is None):
            raise TypeError(f"{name} must be a BlockSizeMatch, got {type(value).__name__}")
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    fig, axes = plt.subplots(1, 2, figsize=(12, 6.4), layout="constrained")
    largest = match.singular_values[0]
    index = np.arange(1, len(match.singular_values) + 1) / len(match.singular_values)
    axes[0].plot(index, match.singular_values / largest, label="trained RBM")
    axes[0].plot(index, match.block_singular_values / largest, "--",
                 label=f"block spin {match.block}×{match.block}")
    if initial is not None:
        axes[0].plot(index, initial.singular_values / initial.singular_values[0], ":", color="0.4",
                     label="initial (Xavier)")
    axes[0].plot([PAPER_KEPT / (PAPER_SIDE // 2) ** 2], [CUT], "kx", ms=12, mew=2.5,
                 label=f"the paper: {PAPER_KEPT} of {(PAPER_SIDE // 2) ** 2:,} at {CUT * 100:g} %")
    axes[0].set(xlabel="relative index $i / n$", ylabel="$s_i / s_1$", ylim=(0, 1.05),
                title="Singular values")
    # Below the panels: inside, it would hide the curves or the paper's cross.
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2,
               frameon=False)
    axes[1].plot(match.candidates, match.distances, "o-", label="trained")
    if initial is not None:
        axes[1].plot(initial.candidates, initial.distances, "s:", color="0.4", label="initial")
    axes[1].axvline(2, color="0.7", lw=1)
    axes[1].set(xlabel="block size $b$ (overlap for $b > 2$)", ylabel="$d(b)$", yscale="log",
                title="Distance to block spin")
    axes[1].legend()
    fig.suptitle(title)
    return fig


def _plot_pairs(axis, pairs: Sequence[RadialPair], legend: bool = True) -> None:
    """Each pair's hidden spectrum (dashed) over its visible one (solid), as RMS amplitude."""
    for pair in pairs:
        line, = axis.plot(pair.visible_modes, np.sqrt(pair.visible_power), "-", label=pair.label)
        axis.plot(pair.hidden_modes, np.sqrt(pair.hidden_power), "--", color=line.get_color())
    axis.set_yscale("log")
    axis.set_xlabel("radial mode")
    if legend:
        axis.legend(fontsize="small", ncols=2)


def _require_pairs(name: str, pairs) -> list[RadialPair]:
    if isinstance(pairs, RadialPair) or not all(isinstance(p, RadialPair) for p in pairs):
        raise TypeError(f"{name} must be a sequence of RadialPair")
    if not pairs:
        raise ValueError(f"{name} must hold at least one RadialPair")
    return list(pairs)


def radial_figure(pairs: Sequence[RadialPair], title: str) -> Figure:
    """Figs. 2 and 3: each hidden radial spectrum (dashed) over its visible one (solid).

    The spectra are drawn as the root mean square of ``|F|`` over each annulus, on a log axis.

    Parameters
    ----------
    pairs : sequence of RadialPair
        :func:`modes_pairs` or :func:`layer_pairs`.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``pairs`` holds anything but RadialPair or ``title`` is not a str.
    ValueError
        If ``pairs`` is empty.
    """
    pairs = _require_pairs("pairs", pairs)
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    fig, axis = plt.subplots(figsize=(9, 5.8))
    _plot_pairs(axis, pairs)
    axis.set(title=title, ylabel=_RMS_LABEL)
    fig.tight_layout()
    return fig


def layer_radial_figure(layers: Sequence[Sequence[RadialPair]], title: str) -> Figure:
    """Figs. 18 and 19: :func:`radial_figure` for every layer of a stack, one panel per layer.

    Parameters
    ----------
    layers : sequence of sequences of RadialPair
        Per layer, its pairs (:func:`modes_pairs` or :func:`layer_pairs`).
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        A legend below the panels names the pairs by rank and the two line styles.

    Raises
    ------
    TypeError
        If ``layers`` holds anything but sequences of RadialPair or ``title`` is not a str.
    ValueError
        If ``layers`` or one of its layers is empty.
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    if isinstance(layers, RadialPair) or not isinstance(layers, Sequence) or not layers:
        raise ValueError("layers must be a non-empty sequence of each layer's pairs")
    layers = [_require_pairs(f"layers[{depth}]", pairs) for depth, pairs in enumerate(layers)]
    fig, axes = plt.subplots(1, len(layers), figsize=(4 * len(layers), 5.4), squeeze=False,
                             layout="constrained")
    for depth, (axis, pairs) in enumerate(zip(axes[0], layers), start=1):
        _plot_pairs(axis, pairs, legend=False)
        axis.set_title(f"layer {depth}")
    axes[0, 0].set_ylabel(_RMS_LABEL)
    ranks = max(len(pairs) for pairs in layers)
    handles = [plt.Line2D([], [], color=f"C{rank}") for rank in range(ranks)]
    labels = [f"$s_{{{rank + 1}}}$" for rank in range(ranks)]
    handles += [plt.Line2D([], [], color="0.3", ls="-"), plt.Line2D([], [], color="0.3", ls="--")]
    labels += ["visible", "hidden"]
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    fig.suptitle(title)
    return fig


def stack_figure(layers: Sequence, sides: Sequence[int], title: str) -> Figure:
    """Figs. 5 and 6: each layer's singular values over its largest, against the relative index.

    The legend gives each layer's sizes and the area under its curve, ``A = <s_i / s_1>``
    (1 for a flat curve, smaller for a steeper one).

    Parameters
    ----------
    layers : sequence of array_like
        Each layer's singular values, descending.
    sides : sequence of int
        The lattice sides of the stack, one more than ``layers``.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``title`` is not a str.
    ValueError
        If ``sides`` does not have one more side than ``layers`` or a layer's values are not
        singular values.
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    curves = [_singular_values(values, "layers") for values in layers]
    sides = [require_integer("sides", side, minimum=1) for side in sides]
    if not curves or len(sides) != len(curves) + 1:
        raise ValueError(f"sides must hold one side more than layers ({len(curves)}), got {len(sides)}")
    fig, axis = plt.subplots(figsize=(9, 5.4))
    for depth, values in enumerate(curves, start=1):
        normalized = values / values.max()
        axis.plot(np.linspace(0, 1, len(normalized)), normalized,
                  label=f"layer {depth}: {sides[depth - 1]}² → {sides[depth]}², "
                        f"A = {normalized.mean():.3f}")
    axis.set(xlabel="$i / n$", ylabel="$s_i / s_1$", title=title, ylim=(0, 1.02))
    axis.legend(fontsize="small")
    fig.tight_layout()
    return fig


def _require_paper(paper) -> None:
    if paper is not None and not isinstance(paper, PaperResults):
        raise TypeError(f"paper must be PaperResults (rglib.meta.results_file.load()) or None, "
                        f"got {type(paper).__name__}")
