"""Every way to get weights: the RBM and its training, the stack, initial weights, the RGM.

- :mod:`rglib.models.rbm` -- the RBM with +-1 units (:class:`~rglib.models.rbm.RBM`):
  energies, conditionals, sampling, free energy, reconstruction, the CD-k gradient, and
  its fit (:func:`~rglib.models.rbm.fit`, also ``RBM.fit``), checkpoints and resume, CUDA graphs;
- :mod:`rglib.models.training` -- the versions that key the training checkpoints and the
  CUDA-graph switch;
- :mod:`rglib.models.stack` -- the greedy layer-wise stack (:func:`~rglib.models.stack.stack`);
- :mod:`rglib.models.snapshots` -- one training in cached stretches, stopping at chosen epochs
  (:func:`~rglib.models.snapshots.train_in_stretches`,
  :func:`~rglib.models.snapshots.fit_with_snapshots`);
- :mod:`rglib.models.fused_sampling` -- sampling of +-1 units in one CUDA kernel (CPU reference);
- :mod:`rglib.models.init` -- initial parameters: Xavier, small random, block-spin or RGM;
- :mod:`rglib.models.rgm` -- the renormalization group machine: weights computed from data
  (Appendix C);
- :mod:`rglib.models.reconstruction` -- the mean-field reconstruction and its error, one
  definition for every study.
"""
