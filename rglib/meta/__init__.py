"""Studies of the verdicts: how far they can be trusted, and where they are recorded.

- :mod:`rglib.meta.training_length` -- do the verdicts move toward the paper with more training?
- :mod:`rglib.meta.precision` -- does TF32 training change any verdict (fp32 against tf32)?
- :mod:`rglib.meta.threshold_sweep` -- the verdicts with each threshold halved and doubled;
- :mod:`rglib.meta.results_file` -- the paper-scale results file (``results/paper.json``).
"""
