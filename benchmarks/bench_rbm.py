"""Speed of RBM CD-1 training against the matrix products it must do.

Run by hand (``python benchmarks/bench_rbm.py``). At the paper's layer size
(6400 -> 1600, batches of 1,000) it prints, for each matrix-product precision
(``fp32``; on CUDA also ``tf32``), measured in the same run:

* the time of one CD-1 training step, exactly what ``RBM.fit`` does per batch
  (``rglib.models.rbm._cd_step``: three sampling products and one weight-update product
  over both phases, plus the element-wise work);
* the time of the five GEMMs of batch x n_visible x n_hidden that step needs
  (v W twice, h W^T once, v^T h twice), alone, in the same precision;
* their ratio (target on CUDA: 1.25 or less);
* on CUDA, one whole training epoch (40 steps and the per-epoch measures) as
  epochs per second, kernel by kernel ("eager") and replayed as a CUDA graph
  (target: 40 or more with TF32), and the paper's 6,000 epochs extrapolated;
* on CUDA, the step and the graph-replayed epoch again with the +-1 units
  drawn by torch's five kernels instead of the fused sampling kernel
  (``*_torch_sampling``), the reference for what the fused kernel saves.
"""

from __future__ import annotations

import argparse
import json
import time

import torch

from rglib.models.rbm import (
    RBM, _cd_step, _EpochGraph, _matmul_precision, _measure, _monitor, _train_epoch,
)

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


def _spins(rows: int, columns: int, generator: torch.Generator, device: str) -> torch.Tensor:
    uniform = torch.rand(rows, columns, generator=generator, device=device)
    return torch.where(uniform < 0.5, 1.0, -1.0)


def measure(device: str, precision: str, repeats: int) -> dict[str, float]:
    """Step, GEMMs, their ratio and (on CUDA) the epoch rate, in one precision."""
    generator = torch.Generator(device=device).manual_seed(0)
    rbm = RBM(N_VISIBLE, N_HIDDEN, seed=0, device=device)
    samples = PAPER_SAMPLES if device == "cuda" else BATCH
    data = _spins(samples, N_VISIBLE, generator, device)
    hidden = _spins(BATCH, N_HIDDEN, generator, device)
    rows = torch.arange(BATCH, device=device)
    visible_buffer = torch.empty(2 * BATCH, N_VISIBLE, device=device)
    hidden_buffer = torch.empty(2 * BATCH, N_HIDDEN, device=device)
    batch, weight = data[:BATCH], rbm.weight

    def training_step():
        _cd_step(rbm, data, rows, 1, 1e-3, visible_buffer, hidden_buffer)

    def gemms_alone():
        batch @ weight
        hidden @ weight.T
        batch @ weight
        batch.T @ hidden
        batch.T @ hidden

    with _matmul_precision(precision):
        step = _timed(training_step, device, repeats)
        gemms = _timed(gemms_alone, device, repeats)
        results = {"step_seconds": step, "gemms_seconds": gemms, "ratio": step / gemms,
                   "gemm_tflops": 5 * 2 * BATCH * N_VISIBLE * N_HIDDEN / gemms / 1e12,
                   "fused_sampling": rbm.fused_sampling}
        if device == "cuda":
            monitor = _monitor(rbm, data, data[:4000])
            variants = [("", rbm.fused_sampling)] + [("_torch_sampling", False)] * rbm.fused_sampling
            for suffix, fused in variants:
                rbm.fused_sampling = fused
                if suffix:
                    results[f"step_seconds{suffix}"] = _timed(training_step, device, repeats)
                graph = _EpochGraph.verified(rbm, data, BATCH, 1e-3, 1, False)
                results[f"cuda_graph_verified{suffix}"] = graph is not None
                for name, replayed in (("eager", None), ("graph", graph)):
                    if (name == "graph" and graph is None) or (name == "eager" and suffix):
                        continue

                    def epoch():
                        _train_epoch(rbm, data, BATCH, 1e-3, 1, False, None, graph=replayed)
                        _measure(rbm, monitor)

                    epoch_seconds = _timed(epoch, device, max(3, repeats // 10))
                    results[f"epochs_per_second_{name}{suffix}"] = 1 / epoch_seconds
                    results[f"paper_training_minutes_extrapolated_{name}{suffix}"] = (
                        epoch_seconds * PAPER_EPOCHS / 60)
        else:
            batches_per_epoch = PAPER_SAMPLES // BATCH
            results["paper_training_minutes_extrapolated"] = step * batches_per_epoch * PAPER_EPOCHS / 60
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    arguments = parser.parse_args()
    results = {"torch": torch.__version__, "cpu_threads": torch.get_num_threads(),
               "cpu": {"fp32": measure("cpu", "fp32", arguments.repeats)}}
    if torch.cuda.is_available():
        results["cuda_device"] = torch.cuda.get_device_name()
        results["cuda"] = {precision: measure("cuda", precision, 20 * arguments.repeats)
                           for precision in ("fp32", "tf32")}
    else:
        results["cuda"] = "not available: GPU figures not measured"
    print(json.dumps(results, indent=2))
    if arguments.json:
        with open(arguments.json, "w") as stream:
            json.dump(results, stream, indent=2)


if __name__ == "__main__":
    main()
