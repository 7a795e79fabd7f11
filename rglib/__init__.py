"""rglib: the library behind the executable reproduction of
"Why Unsupervised Deep Networks Generalize" (de Mello Koch et al., 2021).

Modules, one concept each:

- :mod:`rglib.profiles` -- run sizes (``RGLIB_PROFILE=ci|paper``);
- :mod:`rglib.runtime.backend` -- NumPy or CuPy, and the torch device (``RGLIB_DEVICE=auto|cpu|gpu``);
- :mod:`rglib.ising.exact` -- exact results for the 2-D Ising model;
- :mod:`rglib.ising.philox` -- the counter-based random generator of the samplers;
- :mod:`rglib.ising` -- Metropolis and Wolff sampling of Ising configurations;
- :mod:`rglib.ising.autocorrelation` -- autocorrelation times and binning errors;
- :mod:`rglib.analysis` -- what a weight's singular modes look like and mean;
- :mod:`rglib.datasets` -- the data sets: Ising samples (cached) and images;
- :mod:`rglib.models` -- the RBM, its training, the stack and initial weights.
"""

__version__ = "0.1.0"
