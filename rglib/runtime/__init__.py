"""The machine and the disk, no science: the room every other room stands on.

- :mod:`rglib.runtime.backend` -- NumPy or CuPy for arrays, and the torch device
  (``RGLIB_DEVICE=auto|cpu|gpu``);
- :mod:`rglib.runtime.cache` -- atomic, verified storage of expensive arrays (``RGLIB_CACHE``);
- :mod:`rglib.runtime.progress` -- whether to show progress bars (``RGLIB_PROGRESS``);
- :mod:`rglib.runtime.validation` -- checks of arguments at the public boundary.
"""
