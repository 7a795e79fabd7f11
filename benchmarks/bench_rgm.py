"""Speed of the RGM's construction (Appendix C) against the data-covariance product it needs.

Run by hand (``python benchmarks/bench_rgm.py``). At the paper's Ising size
(80 x 80 -> 40 x 40, 40,000 samples; random +-1 spins of that shape by
default, which cost the same as Ising samples) it prints, measured in the same
run:

* the time of the data's second-moment product ``X^T X / n`` alone
  (:func:`rglib.models.rgm.data_covariance`, the one product of the data the RGM needs);
* the time of the whole construction :func:`rglib.models.rgm.rgm` with the paper's
  ``kappa = 200`` and ``alpha = 10`` (Sec. II A), covariance included;
* their ratio (target: 2 or less);
* where the construction's time goes: the data's spectrum
  (:func:`rglib.models.rgm.data_spectrum`: the covariance and only its top 200
  eigenpairs; less the covariance's time, the eigendecomposition) and the
  rest of the construction from that spectrum (low-pass, Gram-Schmidt, hidden
  vectors, block-spin singular values, weight);
* the time of one epoch of training the same RBM (``RBM.fit``, batches of
  1,000, CD-1, the per-epoch measures included), and the construction's time
  as a fraction of it. ``--steps`` times only that many batches and scales to
  the epoch's 40 (the printout says so);
* with fewer samples than pixels, the paper's large input (Sec. II C: 901
  images of 200 x 200 -> 100 x 100, the size of the flowers stand-in's
  training set; random values in [-1, 1] of that shape), where the
  construction decomposes the ``n x n`` Gram matrix of the samples: the time
  of that Gram product alone and of the whole construction
  (``kappa = 46``, ``alpha = 12``, what :func:`rglib.models.rgm.choose_kappa_alpha`
  gives for the flowers stand-in at this size).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from rglib.models.rbm import RBM
from rglib.models.rgm import data_covariance, data_spectrum, rgm

VISIBLE_SIDE, HIDDEN_SIDE, SAMPLES, BATCH = 80, 40, 40_000, 1_000
KAPPA, ALPHA = 200, 10
LARGE_SIDE, LARGE_SAMPLES, LARGE_KAPPA, LARGE_ALPHA = 200, 901, 46, 12


def _seconds(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=None,
                        help="time this many training batches and scale to a whole epoch (default: the epoch)")
    parser.add_argument("--repeats", type=int, default=1, help="repeats of the two construction timings")
    arguments = parser.parse_args()
    rng = np.random.default_rng(0)
    data = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=(SAMPLES, VISIBLE_SIDE**2))
    covariance_times, rgm_times, spectrum_times, rest_times = [], [], [], []
    for _ in range(arguments.repeats):
        covariance_times.append(_seconds(lambda: data_covariance(data, centred=False))[0])
        seconds, machine = _seconds(lambda: rgm(data, HIDDEN_SIDE, kappa=KAPPA, alpha=ALPHA))
        rgm_times.append(seconds)
        seconds, spectrum = _seconds(lambda: data_spectrum(data, KAPPA))
        spectrum_times.append(seconds)
        rest_times.append(_seconds(lambda: rgm(spectrum, HIDDEN_SIDE, kappa=KAPPA, alpha=ALPHA))[0])
    images = rng.uniform(-1.0, 1.0, size=(LARGE_SAMPLES, LARGE_SIDE**2))
    gram_seconds = _seconds(lambda: images @ images.T / len(images))[0]
    large_seconds = _seconds(lambda: rgm(images, LARGE_SIDE // 2, kappa=LARGE_KAPPA, alpha=LARGE_ALPHA))[0]
    batches = SAMPLES // BATCH if arguments.steps is None else arguments.steps
    rbm = RBM(VISIBLE_SIDE**2, HIDDEN_SIDE**2, seed=0)
    epoch_part, _ = _seconds(lambda: rbm.fit(data[: batches * BATCH], epochs=1, batch_size=BATCH, lr=1e-3))
    epoch = epoch_part * (SAMPLES // BATCH) / batches
    result = {
        "size": f"{VISIBLE_SIDE}x{VISIBLE_SIDE} -> {HIDDEN_SIDE}x{HIDDEN_SIDE}, {SAMPLES} samples",
        "kappa": KAPPA, "alpha": ALPHA, "singular_values_kept": len(machine.singular_values),
        "covariance_seconds": min(covariance_times), "rgm_seconds": min(rgm_times),
        "rgm_over_covariance": min(rgm_times) / min(covariance_times), "target": 2.0,
        "spectrum_seconds": min(spectrum_times),
        "eigendecomposition_seconds": min(spectrum_times) - min(covariance_times),
        "rest_of_construction_seconds": min(rest_times),
        "epoch_seconds": epoch, "epoch_measured_batches": batches,
        "rgm_over_epoch": min(rgm_times) / epoch,
        "large_input": {
            "size": f"{LARGE_SIDE}x{LARGE_SIDE} -> {LARGE_SIDE // 2}x{LARGE_SIDE // 2}, "
                    f"{LARGE_SAMPLES} samples",
            "kappa": LARGE_KAPPA, "alpha": LARGE_ALPHA, "gram_seconds": gram_seconds,
            "rgm_seconds": large_seconds, "rgm_over_gram": large_seconds / gram_seconds,
        },
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
