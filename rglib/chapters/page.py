"""What the book's chapters repeat: their preamble, image data, weights, summaries and verdict glue.

A chapter starts with :func:`chapter_setup` (the active profile and device,
printed as :func:`run_line`, and the book's figure style, :data:`FIGURE_STYLE`);
an image chapter then takes its data with
:func:`image_data`. :func:`weight_array` turns a trained RBM's weight into
the float64 NumPy array the analyses take, wherever the RBM was trained.
:func:`fourier_summary` prints the Fourier evidence against its random
baselines, :func:`verdict_lines` lists verdicts, and :func:`glue_verdicts`
glues them into the chapter's prose (``{glue:text}`name_verdict```).

What a chapter prints must fit the book's column: :func:`wrap` breaks a line
longer than :data:`LINE_WIDTH` characters, and every line these helpers print
is wrapped so.

Only the plumbing lives here; the analyses a chapter teaches stay in its
cells.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping

import matplotlib
import numpy as np
import torch
from myst_nb import glue

from ..runtime import backend
from ..artifacts import ImageSet, image_set
from ..runtime.backend import describe_device, resolve_device
from ..claims.core import NOT_RUN, ClaimResult
from ..studies.network import FourierEvidence
from ..profiles import ImageProfile, Profile, active_profile, require_profile
from ..runtime.validation import require_choice, require_flag
from .figure_png import record_text_size

__all__ = ["FIGURE_STYLE", "LINE_WIDTH", "chapter_setup", "fourier_summary", "glue_verdicts",
           "image_data", "image_rbm_line", "run_line", "verdict_lines", "weight_array", "wrap"]

_GLUE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: The longest printed line that fits the book's column: a cell's output shows about 76
#: characters of monospace text at the desktop width (1280 px) that the book checker
#: (``tests/browser/check_book.py``) reads the book at, and a longer line would scroll.
LINE_WIDTH = 76

#: The matplotlib settings of every chapter's figures (:func:`chapter_setup` applies them).
#: The book shows a figure at the width of its column, about 660 px at the 1280 px desktop
#: width, so a figure drawn W inches wide is shrunk to 660 / (100 W) of its 100-dpi pixels,
#: and text of s points shows at s * 660 / (72 W) px. The book checker
#: (``tests/browser/check_book.py``) asks for at least 11 px, so s >= 1.2 W: at these sizes
#: a figure up to 12.5 inches wide keeps its smallest text (the tick labels, and a legend
#: set "small") at 11 px or more. A wider figure needs fewer panels per row.
FIGURE_STYLE = {
    "font.size": 18,
    "axes.titlesize": 17,
    "axes.labelsize": 17,
    "xtick.labelsize": 16,
    "ytick.labelsize": 16,
    "legend.fontsize": 16,
    "legend.title_fontsize": 16,
    "figure.titlesize": 18,
}


def literal(text: str) -> str:
    """``text`` with MyST's inline markup characters escaped, so that it reads as written.

    For text the book did not write (an error message, a data set's source):
    a ``$`` in it must not open math, a ``*`` or ``_`` emphasis. A pipe is left
    alone; a table cell or a paragraph that could read as a table escapes it
    (``text.replace("|", "\\|")``).

    >>> print(literal("in $RGLIB_DATA/fashion-mnist: apt-get update && apt-get install -y *"))
    in \\$RGLIB\\_DATA/fashion-mnist: apt-get update && apt-get install -y \\*

    Raises
    ------
    TypeError
        If ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return re.sub(r"([\\`*_$<>\[\]#])", r"\\\1", text)


def wrap(text: str, width: int = LINE_WIDTH) -> str:
    """``text`` with every line longer than ``width`` broken at spaces, for a cell's output.

    Each line of ``text`` is wrapped on its own; a continuation keeps the line's
    own indentation plus four spaces, so that it reads as part of the line above.
    A word longer than ``width`` is broken too (nothing may run past the column).

    Parameters
    ----------
    text : str
        One or more lines.
    width : int, default :data:`LINE_WIDTH`
        The longest line allowed, in characters; at least 20.

    Returns
    -------
    str
        The wrapped lines, joined by newlines (no newline at the end).

    Raises
    ------
    TypeError
        If ``text`` is not a string or ``width`` not an integer.
    ValueError
        If ``width`` is below 20.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if isinstance(width, bool) or not isinstance(width, int):
        raise TypeError(f"width must be an int, got {type(width).__name__}")
    if width < 20:
        raise ValueError(f"width must be at least 20 characters, got {width}")
    lines = []
    for line in text.split("\n"):
        indent = line[:len(line) - len(line.lstrip(" "))]
        if len(line) <= width:
            lines.append(line)
            continue
        lines += textwrap.wrap(line.lstrip(" "), width, initial_indent=indent,
                               subsequent_indent=indent + "    ",
                               break_on_hyphens=False) or [""]
    return "\n".join(lines)


def run_line(profile: Profile, device: str, torch_device: str | None = None) -> str:
    """The line a chapter prints first: its profile, device (described) and optionally torch device.

    Parameters
    ----------
    profile : Profile
        The profile the chapter runs.
    device : {"cpu", "gpu"}
        The resolved array device (:func:`rglib.runtime.backend.resolve_device`).
    torch_device : {"cpu", "cuda"}, optional
        The device the chapter's networks train on; left out of the line when None.

    Returns
    -------
    str
        ``"profile: ci; device: cpu (<hardware>)"``, followed by
        ``"; torch device: cpu"`` when ``torch_device`` is given.

    Raises
    ------
    TypeError
        If ``profile`` is not a :class:`~rglib.profiles.Profile`.
    ValueError
        For an unknown ``device`` (or a GPU that is not present) or ``torch_device``.
    """
    require_profile(profile)
    require_choice("device", device, ("cpu", "gpu"))
    if torch_device is not None:
        require_choice("torch_device", torch_device, ("cpu", "cuda"))
    return _run_line(profile, device, torch_device)


def _run_line(profile: Profile, device: str, torch_device: str | None) -> str:
    """:func:`run_line` on checked arguments."""
    line = f"profile: {profile.name}; device: {device} ({describe_device(device)})"
    return line if torch_device is None else f"{line}; torch device: {torch_device}"


def chapter_setup(torch_device: bool = False) -> tuple[Profile, str]:
    """The active profile and resolved device of a chapter, after printing its :func:`run_line`.

    It also sets matplotlib's settings to :data:`FIGURE_STYLE`, for the chapter's figures,
    and, in a notebook, shows each figure as :func:`rglib.chapters.figure_png.figure_png`
    writes it (with the size of its smallest text recorded, for the book checker).

    Parameters
    ----------
    torch_device : bool, default False
        Also print the torch device the chapter's networks train on
        (for chapters that train).

    Returns
    -------
    profile : Profile
        :func:`rglib.profiles.active_profile` (``RGLIB_PROFILE``, ``RGLIB_PRECISION``).
    device : {"cpu", "gpu"}
        :func:`rglib.runtime.backend.resolve_device` (``RGLIB_DEVICE``).

    Raises
    ------
    TypeError
        If ``torch_device`` is not a bool.
    ValueError
        If an environment variable names an unknown profile, precision or device.
    """
    show_torch = require_flag("torch_device", torch_device)
    profile, device = active_profile(), resolve_device()
    matplotlib.rcParams.update(FIGURE_STYLE)
    record_text_size()
    print(wrap(_run_line(profile, device, backend.torch_device(device) if show_torch else None)))
    return profile, device


def image_rbm_line(settings: ImageProfile, train: ImageSet, held_out: ImageSet) -> str:
    """One line of an image RBM's sizes and training settings.

    Returns
    -------
    str
        ``"RBM 28x28 -> 14x14: <n> training images, batch <b>, lr <r>, CD-<k>,
        <e> epochs; <m> held-out images"``.

    Raises
    ------
    TypeError
        If ``settings`` is not an :class:`~rglib.profiles.ImageProfile`, or
        ``train`` or ``held_out`` not an :class:`~rglib.artifacts.ImageSet`.
    """
    _require("settings", settings, ImageProfile)
    _require("train", train, ImageSet)
    _require("held_out", held_out, ImageSet)
    return _rbm_line(settings, train, held_out)


def _rbm_line(settings: ImageProfile, train: ImageSet, held_out: ImageSet) -> str:
    """:func:`image_rbm_line` on checked arguments."""
    s = settings
    return (f"RBM {s.side}x{s.side} -> {s.hidden_side}x{s.hidden_side}: "
            f"{len(train.images)} training images, batch {s.batch_size}, lr {s.learning_rate:g}, "
            f"CD-{s.cd_steps}, {s.epochs} epochs; {len(held_out.images)} held-out images")


def image_data(profile: Profile, name: str) -> tuple[ImageProfile, ImageSet, ImageSet]:
    """The image profile and both splits of data set ``name``, after printing where they come from.

    Prints the source of the training and of the held-out images and the
    :func:`image_rbm_line` of the network trained on them, each wrapped (:func:`wrap`).

    Parameters
    ----------
    profile : Profile
        The chapter's profile.
    name : {"mnist", "fashion-mnist", "flowers", "clouds"}
        The data set, as :func:`rglib.datasets.load` names it.

    Returns
    -------
    settings : ImageProfile
        ``profile.images(name)``.
    train, held_out : ImageSet
        :func:`rglib.artifacts.image_set` of the ``"train"`` and ``"test"`` splits.

    Raises
    ------
    TypeError
        If ``profile`` is not a :class:`~rglib.profiles.Profile`.
    ValueError
        For a ``name`` that is not an image data set.
    rglib.datasets.DatasetUnavailableError
        When the data set is not on this machine.
    """
    settings = require_profile(profile).images(name)
    train, held_out = image_set(profile, name, "train"), image_set(profile, name, "test")
    print(wrap(f"training data: {train.source}"))
    print(wrap(f"held-out data: {held_out.source}"))
    print(wrap(_rbm_line(settings, train, held_out)))
    return settings, train, held_out


def weight_array(rbm) -> np.ndarray:
    """The weight of a trained RBM as a float64 NumPy array on the host, shape (visible, hidden).

    A copy: changing it leaves the network alone. Works for a network on
    the GPU as well as on the CPU.

    Raises
    ------
    TypeError
        If ``rbm`` has no torch ``weight`` (is not an :class:`rglib` RBM).
    """
    weight = getattr(rbm, "weight", None)
    if not isinstance(weight, torch.Tensor) or weight.ndim != 2:
        raise TypeError(f"rbm must be an rglib RBM (with a 2-d torch weight), "
                        f"got {type(rbm).__name__}")
    return weight.detach().to("cpu", torch.float64).numpy().copy()


def fourier_summary(evidence: FourierEvidence) -> str:
    """Four lines on the Fourier content of the extreme singular vectors, against random baselines.

    The first two lines count the low-momentum vectors among the top five and
    bottom five visible and the top five hidden singular vectors (below the
    1st percentile of random fields); the last two give the RG distance of
    each top-five pair and, below it, its baseline, the distance of random
    hidden vectors. Every line fits :data:`LINE_WIDTH`.

    Raises
    ------
    TypeError
        If ``evidence`` is not a :class:`~rglib.studies.network.FourierEvidence`.
    """
    _require("evidence", evidence, FourierEvidence)
    top = evidence.top
    return (f"low-momentum visible vectors: top five {evidence.top_visible_low}/5, "
            f"bottom five {evidence.bottom_visible_low}/5;\n"
            f"low-momentum hidden vectors: top five {evidence.top_hidden_low}/5\n"
            f"top five RG distance: {_numbers(evidence.distance[top])}\n"
            f"random baseline:      {_numbers(evidence.baseline[top])}")


def _numbers(values) -> str:
    """Numbers to three decimals, in columns of equal width."""
    return " ".join(f"{value:5.3f}" for value in np.asarray(values, dtype=float))


def verdict_lines(results: Mapping[str, ClaimResult]) -> str:
    """One line ``"<claim id>: <verdict> (<key number>)"`` per result, in the mapping's order
    (without the parenthesis for a result without a key number).

    A line longer than :data:`LINE_WIDTH` is wrapped (:func:`wrap`).

    Parameters
    ----------
    results : dict of str to ClaimResult
        Results by claim id, as ``{r.id: r for r in claims.evaluate(...)}`` makes them.

    Raises
    ------
    TypeError
        If ``results`` is not such a mapping.
    ValueError
        If a key is not the id of its result.
    """
    _require_results(results)
    return "\n".join(wrap(f"{claim_id}: {r.verdict}" + (f" ({r.key_number})" if r.key_number else ""))
                     for claim_id, r in results.items())


def glue_verdicts(results: Mapping[str, ClaimResult], names: Mapping[str, str]) -> None:
    """Glue ``<name>_verdict`` and ``<name>_key`` for each claim, for the chapter's prose.

    Parameters
    ----------
    results : dict of str to ClaimResult
        Results by claim id.
    names : dict of str to str
        The glue name of each claim id to glue: ``{"fig7-mnist-singular-values":
        "mnist_sv"}`` glues ``mnist_sv_verdict`` (the verdict) and
        ``mnist_sv_key`` (its key number; ``[not run here: no measurement]``
        for a claim not run here), hidden, for ``{glue:text}``.

    Raises
    ------
    TypeError
        If ``results`` or ``names`` is not a mapping of the right types.
    ValueError
        If ``names`` names a claim missing from ``results``, or a glue name is
        not an identifier.
    """
    _require_results(results)
    if not isinstance(names, Mapping) or not all(isinstance(k, str) and isinstance(v, str)
                                                 for k, v in names.items()):
        raise TypeError(f"names must be a dict of claim id to glue name, got {names!r}")
    missing = sorted(set(names) - set(results))
    if missing:
        raise ValueError(f"names must name claims of results; not among them: {missing}")
    bad = [name for name in names.values() if not _GLUE_NAME.fullmatch(name)]
    if bad:
        raise ValueError(f"names must be identifiers to glue under, got {bad}")
    for claim_id, name in names.items():
        glue(f"{name}_verdict", results[claim_id].verdict, display=False)
        result = results[claim_id]
        key = result.key_number or (f"[{NOT_RUN}: no measurement]" if result.verdict == NOT_RUN else "")
        glue(f"{name}_key", key, display=False)


def _require_results(results) -> None:
    if not isinstance(results, Mapping) or not all(isinstance(r, ClaimResult)
                                                   for r in results.values()):
        raise TypeError(f"results must be a dict of claim id to ClaimResult, "
                        f"got {type(results).__name__}")
    wrong = [claim_id for claim_id, r in results.items() if claim_id != r.id]
    if wrong:
        raise ValueError(f"results must be keyed by their claim ids; keys {wrong} are not")


def _require(name: str, value, kind: type) -> None:
    if not isinstance(value, kind):
        raise TypeError(f"{name} must be a {kind.__name__}, got {type(value).__name__}")
