"""The image data sets of the paper, read from wherever this machine has them.

``load(name, split)`` returns a :class:`Dataset` (float32 images in [0, 1],
labels or None, a ``source`` sentence and a ``standin`` flag). Put the
original data sets under ``$RGLIB_DATA`` (``mnist/``, ``fashion-mnist/``,
``flowers/flower_photos/``, ``clouds/images/``) to use them.

- :mod:`rglib.datasets.images` -- :func:`load`, by name;
- :mod:`rglib.datasets.mnist` -- MNIST and Fashion-MNIST;
- :mod:`rglib.datasets.flowers` -- TF Flowers, or natural-photograph patches;
- :mod:`rglib.datasets.clouds` -- SWIMSEG, or synthetic skies;
- :mod:`rglib.datasets.idx` -- the IDX reader;
- :mod:`rglib.datasets.common` -- what the loaders share (Dataset, splits, cache).
"""

from .common import Dataset, DatasetUnavailableError
from .images import NAMES, SPLITS, load

__all__ = ["NAMES", "SPLITS", "Dataset", "DatasetUnavailableError", "load"]
