"""The paper's data sets: Ising samples, and the images wherever this machine has them.

``ising.samples(L, T, n_samples, seed)`` (:mod:`rglib.datasets.ising`)
returns Ising configurations, sampled once and cached.
``load(name, split)`` returns a :class:`Dataset` (float32 images in [0, 1],
labels or None, a ``source`` sentence and a ``standin`` flag). Put the
original data sets under ``$RGLIB_DATA`` (``mnist/``, ``fashion-mnist/``,
``flowers/flower_photos/``, ``clouds/images/``) to use them.

- :mod:`rglib.datasets.ising` -- the Ising samples, cached;
- :mod:`rglib.datasets.images` -- :func:`load`, by name;
- :mod:`rglib.datasets.mnist` -- MNIST and Fashion-MNIST;
- :mod:`rglib.datasets.flowers` -- TF Flowers, or natural-photograph patches;
- :mod:`rglib.datasets.clouds` -- SWIMSEG, or synthetic skies;
- :mod:`rglib.datasets.idx` -- the IDX reader;
- :mod:`rglib.datasets.common` -- what the loaders share (Dataset, splits, cache);
- :mod:`rglib.datasets.image_inputs` -- grey images as inputs of a +-1 RBM: resizing, subsets,
  grey levels as unit means.
"""

from .common import Dataset, DatasetUnavailableError
from .images import NAMES, SPLITS, load

__all__ = ["NAMES", "SPLITS", "Dataset", "DatasetUnavailableError", "load"]
