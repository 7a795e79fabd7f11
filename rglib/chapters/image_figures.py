"""What the image chapters (MNIST, Fashion-MNIST, flowers, clouds) show.

Every image chapter draws the same figures from the evidence of
:mod:`rglib.claims.images`; each ``*_figure`` function here draws one of
them and returns its :class:`matplotlib.figure.Figure`, at most 12.5 inches
wide so that its text stays legible in the book's column with the style of
:data:`rglib.chapters.page.FIGURE_STYLE`. A chapter cell that draws one gives it alt
text and a caption (``mystnb: image: alt:`` and ``figure: caption:``).
:func:`standin_note` is the box that names a stand-in data set as one.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Markdown
from matplotlib.figure import Figure

from ..analysis.fourier import radial_fft
from ..artifacts import ImageSet
from ..claims.images import BiasEvidence, GeneralizationEvidence, mean_field_reconstruction
from ..claims.network import FourierEvidence, SingularValueEvidence
from ..datasets.image_inputs import from_means
from ..models.rbm import RBM
from ..runtime.validation import require_integer

__all__ = ["bias_figure", "generalization_figure", "radial_figure", "reconstruction_figure",
           "rg_distance_figure", "singular_value_figure", "standin_note"]


def standin_note(images: ImageSet) -> Markdown:
    """A warning box naming the images as a stand-in, with their source; empty for the real data set.

    A chapter cell that shows it needs the metadata ``mystnb: {markdown_format: myst}``.
    """
    _require("images", images, ImageSet)
    if not images.standin:
        return Markdown("")
    source = re.sub(r"([\\`*_$<>\[\]|#])", r"\\\1", images.source)  # literal text, not markup
    return Markdown(
        ":::{admonition} These images are a stand-in, not the paper's data set\n:class: warning\n\n"
        f"{source}\n\nEvery figure and verdict of this chapter is about the stand-in.\n:::\n"
    )


def reconstruction_figure(rbm: RBM, held_out: ImageSet, count: int = 8) -> Figure:
    """Held-out images (top row) and their mean-field reconstructions (bottom row).

    The reconstruction is ``E[v | h = E[h | v]]`` on the images' unit means
    (:func:`rglib.claims.images.mean_field_reconstruction`), shown as grey
    levels ``(1 + m) / 2``.
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
    """Reconstruction error and free-energy gap per epoch; the free energies at the end."""
    _require("evidence", evidence, GeneralizationEvidence)
    history = evidence.history
    epochs = np.arange(1, len(history["reconstruction_error"]) + 1)
    fig, axes = plt.subplots(1, 3, figsize=(12.5, 4))
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


def singular_value_figure(evidence: SingularValueEvidence, side: int, hidden_side: int) -> Figure:
    """The trained and initial singular values against the best block-spin curve, and d(b)."""
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


def radial_figure(evidence: FourierEvidence, side: int, hidden_side: int, title: str) -> Figure:
    """Radial FFT amplitude of the top five visible and hidden singular vectors."""
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
    """Mean radial mode of every visible vector against noise, and the RG distance of every mode."""
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


def _require(name: str, value, kind: type) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be {kind.__module__}.{kind.__qualname__}, got {type(value).__name__}")
