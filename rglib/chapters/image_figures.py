"""What the image chapters (MNIST, Fashion-MNIST, flowers, clouds) show.

The four image chapters run the same cells on different data sets, so their
code lives here and each chapter keeps its prose, its glue names and what is
its own. A chapter opens with an :class:`ImageChapter` (its preamble: the
profile, the data and the trained RBM, and the evidence that the chapter's
claims are judged on, measured when first used); each ``*_figure``
function draws one of its figures from that evidence and returns its
:class:`matplotlib.figure.Figure`, at most 12 inches wide so that its text
stays legible in the book's column with the style of
:data:`rglib.chapters.page.FIGURE_STYLE`. A chapter cell that draws one gives
it alt text and a caption (``mystnb: image: alt:`` and ``figure: caption:``).
Each ``*_summary`` function is the text a chapter prints under a figure, every
line wrapped to :data:`rglib.chapters.page.LINE_WIDTH`; :func:`glue_results`
is the chapter's verdict cell. :func:`standin_note` is the box that names a
stand-in data set as one; :func:`absent_note` the box of a chapter whose data
set is not on this machine (its :class:`ImageChapter` is then not
``present``: its cells draw nothing and its claims read ``not run here``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown
from matplotlib.figure import Figure
from myst_nb import glue

from .. import artifacts
from ..analysis.fourier import radial_fft
from ..artifacts import ImageSet
from ..claims import evaluate
from ..claims.catalogue import VANISHING_THRESHOLDS
from ..claims.core import NOT_RUN, ClaimResult
from ..datasets import DatasetUnavailableError
from ..datasets.image_inputs import from_means
from ..models.rbm import RBM
from ..models.reconstruction import mean_field_reconstruction
from ..runtime.validation import require_choice, require_integer
from ..studies.images import (IMAGE_SETS, BiasEvidence, GeneralizationEvidence, bias_evidence, fourier_evidence,
                              generalization_evidence, ising_bias_evidence, singular_value_evidence)
from ..studies.network import FourierEvidence, SingularValueEvidence
from . import page

__all__ = ["TRUNCATION", "ImageChapter", "absent_note", "bias_figure", "bias_summary", "generalization_figure",
           "generalization_summary", "glue_results", "radial_figure", "reconstruction_figure",
           "rg_distance_figure", "singular_value_figure", "singular_value_summary", "small_singular_values",
           "standin_note"]

#: The chapter (file name without ``.md``, as :func:`rglib.claims.evaluate` takes it) of each
#: image data set (as :func:`rglib.datasets.load` names it).
_CHAPTERS = {"mnist": "mnist", "fashion-mnist": "fashion_mnist", "flowers": "flowers", "clouds": "clouds"}

#: The paper's truncation in Section II A (the cut of the claims of Figs. 7, 10, 12, from the catalogue).
TRUNCATION = VANISHING_THRESHOLDS["cut"]


class ImageChapter:
    """One image chapter's profile, data and trained RBM, and the evidence its figures show.

    Making one is the chapter's preamble: it prints the run line of
    :func:`rglib.chapters.page.chapter_setup` (with the torch device) and the
    data and network lines of :func:`rglib.chapters.page.image_data`, and
    takes the trained RBM of :func:`rglib.artifacts.image_rbm` (training it
    when it is not cached). The evidence attributes are measured when first
    used. When the data set is not on this machine, it is not
    :attr:`present`: ``missing`` says why, and the chapter's cells show
    :func:`absent_note` instead of figures.

    Parameters
    ----------
    name : {"mnist", "fashion-mnist", "flowers", "clouds"}
        The data set, as :func:`rglib.datasets.load` names it.

    Attributes
    ----------
    name : str
        The data set.
    document : str
        The chapter's file name without ``.md`` (``"fashion_mnist"`` for
        ``"fashion-mnist"``), as :func:`rglib.claims.evaluate` takes it.
    profile : Profile
        The active profile.
    settings : ImageProfile
        ``profile.images(name)``: the sizes and training of the RBM.
    train, held_out : ImageSet
        The training and the held-out images.
    rbm : RBM
        The RBM trained on ``train``.
    missing : str
        Empty; or, when the data set is not on this machine, why (the
        :class:`~rglib.datasets.DatasetUnavailableError`, saying how to get
        it), and then ``train``, ``held_out`` and ``rbm`` are None.

    Raises
    ------
    ValueError
        For a ``name`` that is not an image data set (before anything is printed).
    """

    missing: str = ""

    def __init__(self, name: str) -> None:
        self.name = require_choice("name", name, tuple(_CHAPTERS))
        self.document = _CHAPTERS[name]
        self.profile, _ = page.chapter_setup(torch_device=True)
        self.settings = self.profile.images(name)
        self.train = self.held_out = self.rbm = None
        try:
            self.settings, self.train, self.held_out = page.image_data(self.profile, name)
        except DatasetUnavailableError as error:
            self.missing = str(error)
            return
        self.rbm = artifacts.image_rbm(self.profile, name)

    @property
    def present(self) -> bool:
        """Whether the data set is on this machine (else :attr:`missing` says why)."""
        return not self.missing

    @cached_property
    def generalization(self) -> GeneralizationEvidence:
        """Reconstruction errors and free energies on training and held-out images."""
        return generalization_evidence(self.profile, self.name)

    @cached_property
    def singular(self) -> SingularValueEvidence:
        """The best block-spin match of the trained and the initial weights (Figs. 7, 10, 12)."""
        return singular_value_evidence(self.profile, self.name)

    @cached_property
    def fourier(self) -> FourierEvidence:
        """The Fourier content of every singular mode of the weights (Figs. 8, 11, 13)."""
        return fourier_evidence(self.profile, self.name)

    @cached_property
    def biases(self) -> BiasEvidence:
        """The biases against the top singular vectors (Fig. 9)."""
        return bias_evidence(self.profile, self.name)

    @cached_property
    def ising_biases(self) -> BiasEvidence:
        """:attr:`biases` for the Ising RBM of Section II A, trained with the same profile."""
        return ising_bias_evidence(self.profile)


def absent_note(missing: Mapping[str, str], shows: str) -> Markdown | None:
    """A warning box for data sets that are not on this machine; None when none is missing.

    It says what is missing and how to get it (each message), what the page
    would show, and that the claims resting on it read ``not run here``. A
    chapter cell that shows it needs the metadata ``mystnb: {markdown_format: myst}``.

    Parameters
    ----------
    missing : dict of str to str
        By data set name (as :func:`rglib.datasets.load` names it), why it is
        absent: the :class:`~rglib.datasets.DatasetUnavailableError` message
        (:attr:`ImageChapter.missing`).
    shows : str
        What the page would show with the data, in a sentence or two (MyST).

    Returns
    -------
    IPython.display.Markdown or None
        A MyST ``warning`` admonition, the messages as literal text; None
        (which a cell shows as nothing) when no data set is missing.

    Raises
    ------
    TypeError
        If ``missing`` is not a dict of str to str, or ``shows`` not a str.
    ValueError
        If ``shows`` is empty while a data set is missing.
    """
    if not isinstance(missing, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in missing.items()):
        raise TypeError(f"missing must be a dict of data set name to message, got {missing!r}")
    _require("shows", shows, str)
    missing = {name: message for name, message in missing.items() if message}
    if not missing:
        return None
    if not shows.strip():
        raise ValueError("shows must say what the page would show with the data, got an empty text")
    titles = [IMAGE_SETS.get(name, name) for name in missing]
    verb = "is" if len(titles) == 1 else "are"
    reasons = "\n\n".join(f"**{IMAGE_SETS.get(name, name)}:** {_text(message)}"
                           for name, message in missing.items())
    return Markdown(
        f":::{{admonition}} Not run here: {' and '.join(titles)} {verb} not on this machine\n"
        f":class: warning\n\n"
        f"{reasons}\n\n**What this page would show:** {shows}\n\n"
        f"The claims resting on it read *{NOT_RUN}*, with this reason, here and on the "
        "{doc}`results page <results>`: this build gives them no verdict. Get the data as the "
        "message says (`make env`, run as root on Debian, installs Debian's packages) and "
        "rebuild.\n:::\n"
    )


def standin_note(images: ImageSet) -> Markdown | None:
    """A warning box naming the images as a stand-in, with their source; None for the real data set.

    A chapter cell that shows it needs the metadata ``mystnb: {markdown_format: myst}``.

    Parameters
    ----------
    images : ImageSet
        The chapter's images (its training images).

    Returns
    -------
    IPython.display.Markdown or None
        A MyST ``warning`` admonition quoting ``images.source`` as literal
        text; None when the images are not a stand-in, so that a cell ending
        in it shows nothing (an empty Markdown object would be shown as its
        repr, ``<IPython.core.display.Markdown object>``).

    Raises
    ------
    TypeError
        If ``images`` is not an :class:`~rglib.artifacts.ImageSet`.
    """
    _require("images", images, ImageSet)
    if not images.standin:
        return None
    source = _text(images.source)
    return Markdown(
        ":::{admonition} These images are a stand-in, not the paper's data set\n:class: warning\n\n"
        f"{source}\n\nEvery figure and verdict of this chapter is about the stand-in.\n:::\n"
    )


def reconstruction_figure(rbm: RBM, held_out: ImageSet, count: int = 8) -> Figure:
    """Held-out images (top row) and their mean-field reconstructions (bottom row).

    The reconstruction is ``E[v | h = E[h | v]]`` on the images' unit means
    (:func:`rglib.models.reconstruction.mean_field_reconstruction`), shown as grey
    levels ``(1 + m) / 2``.

    Parameters
    ----------
    rbm : RBM
        The trained network.
    held_out : ImageSet
        The images it never saw.
    count : int, default 8
        How many images to show, evenly spaced through ``held_out``.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``rbm`` is not an RBM or ``held_out`` not an ImageSet.
    ValueError
        If ``count`` is not a positive integer at most the number of held-out images.
    """
    _require("rbm", rbm, RBM)
    _require("held_out", held_out, ImageSet)
    count = require_integer("count", count, minimum=1)
    if count > len(held_out.means):
        raise ValueError(f"count must be at most the {len(held_out.means)} held-out images, got {count}")
    rows = np.linspace(0, len(held_out.means) - 1, count).round().astype(int)
    side = held_out.images.shape[1]
    reconstructed = from_means(mean_field_reconstruction(rbm, held_out.means[rows]), side)
    fig, axes = plt.subplots(2, count, figsize=(1.4 * count, 3.1))
    for column, row in enumerate(rows):
        for axis, image in ((axes[0, column], held_out.images[row]), (axes[1, column], reconstructed[column])):
            axis.imshow(image, cmap="gray", vmin=0, vmax=1)
            axis.set_xticks([])
            axis.set_yticks([])
    axes[0, 0].set_ylabel("held out")
    axes[1, 0].set_ylabel("RBM")
    fig.tight_layout()
    return fig


def generalization_figure(evidence: GeneralizationEvidence) -> Figure:
    """Reconstruction error and free-energy gap per epoch; the free energies at the end.

    Parameters
    ----------
    evidence : GeneralizationEvidence
        The chapter's :attr:`ImageChapter.generalization`.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`GeneralizationEvidence`.
    """
    _require("evidence", evidence, GeneralizationEvidence)
    history = evidence.history
    epochs = np.arange(1, len(history["reconstruction_error"]) + 1)
    fig, axes = plt.subplots(1, 3, figsize=(12, 4))
    axes[0].plot(epochs, history["reconstruction_error"], label="training")
    axes[0].plot(epochs, history["held_out_reconstruction_error"], "--", label="held out")
    axes[0].set(xlabel="epoch", ylabel=r"$\langle (m - \hat m)^2 \rangle$", title="Reconstruction error",
                xscale="log")
    axes[0].legend()
    axes[1].plot(epochs, history["free_energy_gap"], color="C2")
    axes[1].axhline(0, color="k", lw=0.5)
    axes[1].set(xlabel="epoch", ylabel=r"$\langle F \rangle_{\rm held\ out} - \langle F \rangle_{\rm train}$",
                title="Free-energy gap", xscale="log")
    f_train, f_held = evidence.free_energy_train, evidence.free_energy_held_out
    bins = np.linspace(min(f_train.min(), f_held.min()), max(f_train.max(), f_held.max()), 50)
    axes[2].hist(f_train, bins=bins, alpha=0.6, density=True, label=f"training ({len(f_train)})")
    axes[2].hist(f_held, bins=bins, alpha=0.6, density=True, label=f"held out ({len(f_held)})")
    axes[2].set(xlabel="free energy $F(v)$", ylabel="density", title="After training")
    axes[2].legend()
    fig.tight_layout()
    return fig


def generalization_summary(evidence: GeneralizationEvidence) -> str:
    """Two lines: the reconstruction errors after training, and the free-energy gap.

    Parameters
    ----------
    evidence : GeneralizationEvidence
        The chapter's :attr:`ImageChapter.generalization`.

    Returns
    -------
    str
        The reconstruction error of the training and of the held-out images,
        and the mean free energy of the held-out images minus that of the
        training images with its standard error, in nats per image.

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`GeneralizationEvidence`.
    """
    _require("evidence", evidence, GeneralizationEvidence)
    return page.wrap(f"reconstruction error after training: training images "
                     f"{evidence.reconstruction_train:.4f}, held-out images "
                     f"{evidence.reconstruction_held_out:.4f}\n"
                     f"free-energy gap (held out - training): {evidence.gap:+.2f} ± "
                     f"{evidence.gap_error:.2f} nats per image")


def singular_value_figure(evidence: SingularValueEvidence, side: int, hidden_side: int) -> Figure:
    """The trained and initial singular values against the best block-spin curve, and d(b).

    Parameters
    ----------
    evidence : SingularValueEvidence
        The chapter's :attr:`ImageChapter.singular`.
    side, hidden_side : int
        The side of the visible and of the hidden lattice, for the title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`SingularValueEvidence`.
    ValueError
        If a side is not a positive integer.
    """
    _require("evidence", evidence, SingularValueEvidence)
    side = require_integer("side", side, minimum=1)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    match, initial = evidence.trained, evidence.initial
    index = np.arange(1, len(match.singular_values) + 1)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4))
    axes[0].plot(index, match.singular_values, label="trained RBM")
    axes[0].plot(index, match.block_singular_values, "--",
                 label=f"block spin {match.block}x{match.block}, scaled")
    axes[0].plot(index, initial.singular_values, ":", color="0.4", label="initial (Xavier)")
    axes[0].set(xlabel="index", ylabel="singular value",
                title=f"Singular values, {side}x{side} → {hidden_side}x{hidden_side}")
    axes[0].legend()
    axes[1].plot(match.candidates, match.distances, "o-", ms=3, label="trained")
    axes[1].plot(initial.candidates, initial.distances, "s:", ms=3, color="0.4", label="initial")
    axes[1].axvline(2, color="0.7", lw=1)
    axes[1].set(xlabel="block size $b$ (overlap for $b > 2$)", ylabel="$d(b)$", yscale="log",
                title="Distance to the block-spin curve")
    axes[1].legend()
    fig.tight_layout()
    return fig


def small_singular_values(evidence: SingularValueEvidence) -> str:
    """How many trained singular values lie below :data:`TRUNCATION` times the largest.

    Parameters
    ----------
    evidence : SingularValueEvidence
        The chapter's :attr:`ImageChapter.singular`.

    Returns
    -------
    str
        ``"<k> of <n>"``: ``k`` of the ``n`` singular values are below the truncation.

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`SingularValueEvidence`.
    """
    _require("evidence", evidence, SingularValueEvidence)
    return _small_singular_values(evidence)


def singular_value_summary(evidence: SingularValueEvidence, note: str = "") -> str:
    """Two lines: the best block-spin match of both weights, and how many singular values are small.

    The first line gives the best block and its distance d for the trained
    and for the initial weights; the second how many singular values the
    paper's truncation (:data:`TRUNCATION`) would drop.

    Parameters
    ----------
    evidence : SingularValueEvidence
        The chapter's :attr:`ImageChapter.singular`.
    note : str, default ""
        A remark on the truncation, printed in parentheses after the second line; none when empty.

    Returns
    -------
    str
        ``"trained: best block <b>, d = <d>; initial: best block <b>, d = <d>"``
        and ``"<k> of <n> singular values are below 20 % of the largest"``.

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`SingularValueEvidence`
        or ``note`` not a string.
    """
    _require("evidence", evidence, SingularValueEvidence)
    _require("note", note, str)
    trained, initial = evidence.trained, evidence.initial
    return page.wrap(f"trained: best block {trained.block}, d = {trained.distance:.3f}; "
                     f"initial: best block {initial.block}, d = {initial.distance:.3f}\n"
                     f"{_small_singular_values(evidence)} singular values are below "
                     f"{TRUNCATION * 100:g} % of the largest" + (f" ({note})" if note else ""))


def radial_figure(evidence: FourierEvidence, side: int, hidden_side: int, title: str) -> Figure:
    """Radial FFT amplitude of the top five visible and hidden singular vectors.

    Parameters
    ----------
    evidence : FourierEvidence
        The chapter's :attr:`ImageChapter.fourier`.
    side, hidden_side : int
        The side of the visible and of the hidden lattice, for the panel titles.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`FourierEvidence`
        or ``title`` not a string.
    ValueError
        If a side is not a positive integer.
    """
    _require("evidence", evidence, FourierEvidence)
    side = require_integer("side", side, minimum=1)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    _require("title", title, str)
    modes = evidence.modes
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    for m in evidence.top:
        label = f"$s_{{{m + 1}}}$ = {modes.values[m]:.3f}"
        for axis, field in ((axes[0], modes.visible[m]), (axes[1], modes.hidden[m])):
            spectrum = radial_fft(field)
            axis.plot(spectrum.modes, spectrum.amplitude, label=label)
    axes[0].set(title=f"visible singular vectors ({side}x{side})", xlabel="radial mode",
                ylabel=r"$\langle|F|\rangle$")
    axes[1].set(title=f"hidden singular vectors ({hidden_side}x{hidden_side})",
                xlabel="radial mode", ylabel=r"$\langle|F|\rangle$")
    axes[0].legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def rg_distance_figure(evidence: FourierEvidence) -> Figure:
    """Mean radial mode of every visible vector against noise, and the RG distance of every mode.

    Parameters
    ----------
    evidence : FourierEvidence
        The chapter's :attr:`ImageChapter.fourier`.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`FourierEvidence`.
    """
    _require("evidence", evidence, FourierEvidence)
    modes = evidence.modes
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4))
    axes[0].plot(modes.values, evidence.visible_centroid, ".", ms=3, label="visible singular vectors")
    axes[0].axhspan(np.percentile(evidence.random_visible, 1), np.percentile(evidence.random_visible, 99),
                    color="0.85", label="random fields,\n1st–99th percentile")
    axes[0].set(xlabel="singular value", ylabel=r"mean radial mode $\bar r$", title="Low momenta?")
    axes[0].legend()
    axes[1].plot(modes.values, evidence.distance, "o", ms=3, label="trained RBM")
    axes[1].plot(modes.values, evidence.baseline, "-", color="0.5", label="random hidden vector")
    axes[1].set(xlabel="singular value", ylabel="RG distance ($0$ = exact RG)", ylim=(0, 1.05),
                title="Hidden = coarse visible?")
    axes[1].legend()
    fig.tight_layout()
    return fig


def bias_figure(evidence: BiasEvidence, title: str) -> Figure:
    """Fig. 9: the visible bias and the top visible singular vector (top row), and against each other.

    The bottom row plots the two entry by entry, and the bias's cosine with
    every visible singular vector.

    Parameters
    ----------
    evidence : BiasEvidence
        :attr:`ImageChapter.biases` or :attr:`ImageChapter.ising_biases`.
    title : str
        The figure's title: the network's name.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`BiasEvidence`
        or ``title`` not a string.
    """
    _require("evidence", evidence, BiasEvidence)
    _require("title", title, str)
    fig, axes = plt.subplots(2, 2, figsize=(11, 8.5))
    axes = axes.ravel()
    for axis, field, name in ((axes[0], evidence.visible_bias, "visible bias $b^{(v)}$"),
                              (axes[1], evidence.top_visible, "top visible vector $u_1$")):
        limit = np.abs(field).max()
        image = axis.imshow(field, cmap="RdBu_r", vmin=-limit, vmax=limit)
        axis.set(title=name, xticks=[], yticks=[])
        fig.colorbar(image, ax=axis, fraction=0.046)
    axes[2].plot(evidence.top_visible.ravel(), evidence.visible_bias.ravel(), ".", ms=2)
    axes[2].set(xlabel="$u_1$ entry", ylabel="$b^{(v)}$ entry",
                title=f"|cos| = {evidence.visible.cosine:.2f}")
    index = np.arange(1, len(evidence.visible_cosines) + 1)
    axes[3].plot(index, evidence.visible_cosines, ".", ms=3)
    axes[3].axhline(1 - evidence.visible.random_distance, color="0.5", label="random direction")
    axes[3].set(xlabel="singular vector $k$", ylabel=r"$|\cos(b^{(v)}, u_k)|$", xscale="log",
                title="Bias against every $u_k$")
    axes[3].legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def bias_summary(evidence: Mapping[str, BiasEvidence]) -> str:
    """One line per network on how its biases align with its top singular vectors (Fig. 9).

    Parameters
    ----------
    evidence : dict of str to BiasEvidence
        The evidence of each network, by the name its line starts with.

    Returns
    -------
    str
        Per network: ``|cos(b_v, u_1)|`` and its value for a random
        direction, ``|cos(b_h, v_1)|``, and the rank of ``u_1`` among the
        visible singular vectors by their alignment with the visible bias.

    Raises
    ------
    TypeError
        If ``evidence`` is not a mapping of names to :class:`BiasEvidence`.
    ValueError
        If ``evidence`` is empty.
    """
    if not isinstance(evidence, Mapping) or not all(isinstance(k, str) and isinstance(v, BiasEvidence)
                                                    for k, v in evidence.items()):
        raise TypeError(f"evidence must be a dict of names to BiasEvidence, got {type(evidence).__name__}")
    if not evidence:
        raise ValueError("evidence must name at least one network")
    return "\n".join(
        page.wrap(f"{title}: |cos(b_v, u_1)| = {item.visible.cosine:.3f} (random "
                  f"{1 - item.visible.random_distance:.3f}); |cos(b_h, v_1)| = "
                  f"{item.hidden.cosine:.3f}; u_1 ranks {item.rank_of_top} among the "
                  f"{len(item.visible_cosines)} visible vectors")
        for title, item in evidence.items())


def glue_results(chapter: ImageChapter, names: Mapping[str, str], prefix: str) -> dict[str, ClaimResult]:
    """The verdict cell of an image chapter: evaluate, glue, print and check.

    Evaluates the chapter's claims; glues their verdicts
    (:func:`rglib.chapters.page.glue_verdicts`) and, hidden, for
    ``{glue:text}``:

    - ``<prefix>_source``: the data the claims rest on (that of the first claim of ``names``);
    - ``<prefix>_below``: :func:`small_singular_values`;
    - ``<prefix>_initial``: ``"<b> x <b> blocks at d = <d>"``, the initial weights' best block;
    - ``<prefix>_train_error``, ``<prefix>_held_error``: the reconstruction errors of the
      training and of the held-out images;

    prints :func:`rglib.chapters.page.verdict_lines`, and checks that ``names``
    names every claim of the chapter, that the singular values descend and
    the best block is the closest, and that training ran the profile's epochs.
    For a chapter whose data set is absent (not :attr:`ImageChapter.present`),
    every summary reads ``[not run here]``, and every verdict must be ``not run here``.

    Parameters
    ----------
    chapter : ImageChapter
        The chapter.
    names : dict of str to str
        The glue name of each of the chapter's claims, by claim id, as
        :func:`rglib.chapters.page.glue_verdicts` takes it.
    prefix : str
        The prefix of the summaries' glue names.

    Returns
    -------
    dict of str to ClaimResult
        The chapter's results, by claim id.

    Raises
    ------
    TypeError
        If ``prefix`` is not a string or ``chapter`` not an :class:`ImageChapter`.
    ValueError
        If ``prefix`` is not an identifier (checked first, then ``chapter``),
        or for ``names`` that :func:`rglib.chapters.page.glue_verdicts` refuses.
    AssertionError
        If a check fails.
    """
    _require("prefix", prefix, str)
    if not prefix.isidentifier():
        raise ValueError(f"prefix must be an identifier to glue under, got {prefix!r}")
    _require("chapter", chapter, ImageChapter)
    results = {r.id: r for r in evaluate(chapter.profile, chapter=chapter.document)}
    page.glue_verdicts(results, names)
    if not chapter.present:
        for name in ("source", "below", "initial", "train_error", "held_error"):
            glue(f"{prefix}_{name}", f"[{NOT_RUN}]", display=False)
        print(page.verdict_lines(results))
        assert set(results) == set(names) and all(r.verdict == NOT_RUN for r in results.values())
        return results
    singular, generalization = chapter.singular, chapter.generalization
    summaries = {
        "source": results[next(iter(names))].data_source,
        "below": _small_singular_values(singular),
        "initial": f"{singular.initial.block} x {singular.initial.block} blocks at d = "
                   f"{singular.initial.distance:.3f}",
        "train_error": f"{generalization.reconstruction_train:.4f}",
        "held_error": f"{generalization.reconstruction_held_out:.4f}",
    }
    for name, value in summaries.items():
        glue(f"{prefix}_{name}", value, display=False)
    print(page.verdict_lines(results))
    values = singular.trained.singular_values
    assert set(results) == set(names)
    assert np.all(np.diff(values) <= 1e-9) and singular.trained.distance == singular.trained.distances.min()
    assert len(generalization.history["held_out_reconstruction_error"]) == chapter.settings.epochs
    return results


def _small_singular_values(evidence: SingularValueEvidence) -> str:
    """:func:`small_singular_values` of checked evidence."""
    values = evidence.trained.singular_values
    return f"{int(np.sum(values < TRUNCATION * values[0]))} of {len(values)}"


def _text(text: str) -> str:
    """``text`` as literal text in a MyST paragraph (pipes escaped too)."""
    return page.literal(text).replace("|", "\\|")


def _require(name: str, value, kind: type) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {kind.__module__}.{kind.__qualname__}, got {type(value).__name__}")
