"""The analyses behind the figures: what a weight matrix's modes look like, and what they mean.

Import from the module of each concept, e.g.
``from rglib.analysis.fourier import radial_fft``:

- :mod:`rglib.analysis.modes`: a weight's singular value decomposition as
  pairs of lattice fields, with a fixed sign convention;
- :mod:`rglib.analysis.fourier`: radially averaged Fourier spectra of those
  fields (Appendix F), and the discarding of their high modes;
- :mod:`rglib.analysis.fourier_shells`: the degenerate Fourier shells of a
  periodic lattice, and whether a top-``k`` cut falls inside one;
- :mod:`rglib.analysis.rg`: the paper's central test, that a hidden vector is
  its visible vector with the high modes discarded;
- :mod:`rglib.analysis.alignment`: the alignment of the top singular
  directions with the data's principal axes (Eq. 1);
- :mod:`rglib.analysis.parameters`: the effective parameters of a weight,
  counted the paper's way and from measured spectra (Section II A);
- :mod:`rglib.analysis.blockspin`: block-spin coarse graining as a matrix and
  its singular values (Appendix E);
- :mod:`rglib.analysis.rg_theory`: the RG side of the paper, measured: scaling near the
  free-field fixed point and the block-spin spectra (Appendices B 1, E, G 3);
- :mod:`rglib.analysis.biases`: how well a bias vector points along a singular vector (Fig. 9).
"""
