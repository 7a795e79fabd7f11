"""The PNG of a chapter figure, carrying the size of its smallest text.

A chapter's figure reaches the page as a PNG that the book shows at the width of
its column, shrunk when the image is wider. Whether its text stays legible then
depends on the image's width and on the smallest text it draws, which the image
alone does not tell. :func:`figure_png` writes that size, in the image's own
pixels, into a PNG text chunk named :data:`FIGURE_TEXT_KEY`; the book checker
(``tests/browser/check_book.py``) reads it back and reports a figure whose text
would show below its minimum at the width the browser displays the image.
:func:`record_text_size` makes every figure a chapter shows go through
:func:`figure_png` (:func:`rglib.chapters.page.chapter_setup` calls it).
"""

from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
from IPython import get_ipython
from matplotlib.figure import Figure
from matplotlib.text import Text

__all__ = ["FIGURE_TEXT_KEY", "figure_png", "record_text_size", "smallest_text_px"]

#: The PNG text chunk that holds the height, in the image's pixels, of a figure's smallest
#: text (the font size in points times the dots per inch over 72).
FIGURE_TEXT_KEY = "rglib:smallest-text-px"


def _drawn_texts(figure: Figure) -> list[Text]:
    """The texts ``figure`` draws: visible, not empty, and not on an axis that is not drawn."""
    hidden = set()
    for axes in figure.findobj(lambda artist: hasattr(artist, "axison")):
        for axis in (axes.xaxis, axes.yaxis):
            if not (axes.axison and axis.get_visible() and axes.get_visible()):
                hidden.update(axis.findobj(Text))
    return [text for text in figure.findobj(Text)
            if text.get_visible() and text.get_text().strip() and text not in hidden
            and (text.axes is None or text.axes.get_visible())]


def smallest_text_px(figure: Figure) -> float | None:
    """The height, in the saved image's pixels, of the smallest text that ``figure`` draws.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure, drawn or not (it is drawn here, so that its tick labels exist).

    Returns
    -------
    float or None
        The smallest font size among the texts drawn (titles, labels, tick
        labels, legends, annotations), in points, times ``figure.dpi / 72``;
        None when the figure draws no text.

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
    >>> fig, axis = plt.subplots(dpi=72)
    >>> _ = axis.set_xlabel("x", fontsize=20); axis.tick_params(labelsize=9)
    >>> smallest_text_px(fig)
    9.0
    >>> fig.dpi = 144; smallest_text_px(fig); plt.close(fig)
    18.0
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    figure.canvas.draw()
    sizes = [text.get_fontsize() for text in _drawn_texts(figure)]
    return min(sizes) * figure.dpi / 72 if sizes else None


def figure_png(figure: Figure) -> bytes:
    """``figure`` as the PNG a chapter shows, with :data:`FIGURE_TEXT_KEY` recorded in it.

    Saved as IPython's inline backend saves a figure (``bbox_inches="tight"``, at
    the figure's own dpi); the text chunk holds :func:`smallest_text_px`, and is
    left out when the figure draws no text.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    bytes
        The PNG file.

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure.
    """
    size = smallest_text_px(figure)  # which checks ``figure``
    metadata = {} if size is None else {FIGURE_TEXT_KEY: f"{size:.2f}"}
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi, bbox_inches="tight",
                   facecolor=figure.get_facecolor(), edgecolor=figure.get_edgecolor(),
                   metadata=metadata)
    return buffer.getvalue()


def record_text_size() -> bool:
    """Make the running IPython show every figure as :func:`figure_png` writes it.

    It first loads matplotlib's backend, whose set-up (for the inline backend)
    registers its own PNG formatter and would otherwise replace this one at the
    first figure.

    Returns
    -------
    bool
        True when an IPython shell is running (and now records the size); False
        outside one, where nothing changes.
    """
    shell = get_ipython()
    if shell is None:
        return False
    plt.switch_backend(matplotlib.get_backend())
    shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)
    return True
