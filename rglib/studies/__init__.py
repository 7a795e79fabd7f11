"""One module per experiment: each measures its evidence and returns it, nothing else.

A study never judges: its judges live in the module of the same name in
:mod:`rglib.claims` (``studies/network.py`` and ``claims/network.py``), and a study
never imports :mod:`rglib.claims`. Where a study follows verdicts through training
(:mod:`rglib.studies.initial_weights`), the claims hand their judges down as an argument.

- :mod:`rglib.studies.sampling` -- the sampler against exact results (Appendix D);
- :mod:`rglib.studies.rg_theory` -- the RG side on the profile's lattice (Appendices B 1, E, G 3);
- :mod:`rglib.studies.network` -- the RBM trained on Ising data (Section II A, Figs. 1-6, 18, 19);
- :mod:`rglib.studies.counting` -- the paper's count of effective parameters (footnote 1);
- :mod:`rglib.studies.generalization` -- exact log-likelihoods of small RBMs over training;
- :mod:`rglib.studies.mode_dropping` -- held-out performance against modes kept (Section II A);
- :mod:`rglib.studies.section3` -- split independence, solvability, noise rejection (Section III);
- :mod:`rglib.studies.images` -- the RBMs trained on image data (Sections II B-D, App. G 2);
- :mod:`rglib.studies.speedups` -- training from Xavier, block-spin and RGM weights (Tables I-III);
- :mod:`rglib.studies.initial_weights` -- the RG signature learned or inherited, and large inputs
  (Section II C).
"""
