"""Speed of RBM CD-1 training steps against the matrix products they must do.

Run by hand (``python benchmarks/bench_rbm.py``). At the paper's layer size
(6400 -> 1600, batches of 1,000) it prints, measured in the same run:

* the time of one CD-1 training step (``RBM.contrastive_divergence`` plus the
  SGD update, exactly what ``RBM.fit`` does per batch);
* the time of the five GEMMs of batch x n_visible x n_hidden that step needs
  (v W twice, h W^T once, v^T h twice), alone;
* their ratio (target: 1.3 or less);
* on CUDA, when available, the same, and the paper's full training
  (6,000 epochs of 40 batches) extrapolated from the step time
  (target: 10 minutes or less on an H100).
"""

from __future__ import annotations

import argparse
import json
import time

import torch

from rglib.rbm import RBM

N_VISIBLE, N_HIDDEN, BATCH = 6400, 1600, 1000
PAPER_EPOCHS, PAPER_SAMPLES = 6000, 40_000


def _timed(step, device: str, repeats: int) -> float:
    step()
    _synchronize(device)
    started = time.perf_counter()
    for _ in range(repeats):
        step()
    _synchronize(device)
    return (time.perf_counter() - started) / repeats


def _synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def measure(device: str, repeats: int) -> dict[str, float]:
    generator = torch.Generator(device=device).manual_seed(0)
    rbm = RBM(N_VISIBLE, N_HIDDEN, seed=0, device=device)
    batch = torch.where(torch.rand(BATCH, N_VISIBLE, generator=generator, device=device) < 0.5, 1.0, -1.0)
    hidden = torch.where(torch.rand(BATCH, N_HIDDEN, generator=generator, device=device) < 0.5, 1.0, -1.0)

    def training_step():
        grad_weight, grad_visible, grad_hidden, _ = rbm.contrastive_divergence(batch, 1)
        rbm.weight.add_(grad_weight, alpha=1e-3)
        rbm.visible_bias.add_(grad_visible, alpha=1e-3)
        rbm.hidden_bias.add_(grad_hidden, alpha=1e-3)

    weight = rbm.weight

    def gemms_alone():
        batch @ weight
        hidden @ weight.T
        batch @ weight
        batch.T @ hidden
        batch.T @ hidden

    step = _timed(training_step, device, repeats)
    gemms = _timed(gemms_alone, device, repeats)
    results = {"step_seconds": step, "gemms_seconds": gemms, "ratio": step / gemms,
               "gemm_tflops": 5 * 2 * BATCH * N_VISIBLE * N_HIDDEN / gemms / 1e12}
    batches_per_epoch = PAPER_SAMPLES // BATCH
    results["paper_training_minutes_extrapolated"] = step * batches_per_epoch * PAPER_EPOCHS / 60
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    arguments = parser.parse_args()
    results = {"cpu_threads": torch.get_num_threads(), "cpu": measure("cpu", arguments.repeats)}
    if torch.cuda.is_available():
        results["cuda_device"] = torch.cuda.get_device_name()
        results["cuda"] = measure("cuda", 20 * arguments.repeats)
    else:
        results["cuda"] = "not available: GPU figures not measured"
    print(json.dumps(results, indent=2))
    if arguments.json:
        with open(arguments.json, "w") as stream:
            json.dump(results, stream, indent=2)


if __name__ == "__main__":
    main()
