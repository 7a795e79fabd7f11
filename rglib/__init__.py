"""rglib: the library behind the executable reproduction of
"Why Unsupervised Deep Networks Generalize" (de Mello Koch et al., 2021).

The package is built in rooms, each importing only the rooms listed after it:

- :mod:`rglib.chapters` -- what the book's pages share: set-up, display, figure sets;
- :mod:`rglib.meta` -- studies of the verdicts: training length, precision, threshold sweep,
  the paper-scale results file;
- :mod:`rglib.claims` -- every claim of the paper: the catalogue, the judges, ``evaluate()``;
- :mod:`rglib.studies` -- one module per experiment, each returning its evidence;
- :mod:`rglib.artifacts` -- every expensive product of a profile, cached;
- :mod:`rglib.models` -- the RBM, its training, the stack, initial weights, the RGM;
- :mod:`rglib.analysis` -- pure functions of arrays: singular modes, spectra, the RG test;
- :mod:`rglib.datasets` -- the data sets: Ising samples (cached) and images;
- :mod:`rglib.ising` -- the Ising model: exact results, samplers, Philox, autocorrelation;
- :mod:`rglib.profiles` -- run sizes (``RGLIB_PROFILE=ci|paper``);
- :mod:`rglib.runtime` -- the machine and the disk: backend, cache, progress, argument checks.
"""

__version__ = "0.1.0"
