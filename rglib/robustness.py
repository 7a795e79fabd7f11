"""How much a verdict on a trained network can be trusted.

- :func:`threshold_sweep` re-judges claims with each threshold halved and
  doubled, one at a time, from the same evidence.
- :func:`stand_in_runs` trains a small RBM of the profile's settings with
  several seeds and for several training lengths (snapshots of one continued
  run), cached on disk; :func:`judge_network` applies the chapters' judges to
  any one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from . import blockspin, cache, claims, data, spectra
from .claims.network import (FourierEvidence, SingularValueEvidence, SubspaceEvidence, fourier_evidence_of,
                             judge_alignment, judge_block_spin_match, judge_hidden_is_coarse_visible,
                             judge_low_momentum)
from .profiles import Profile
from .rbm import RBM

#: Claims re-judged on every stand-in network, with the judge and its evidence builder's name.
NETWORK_CLAIMS = ("fig1-block-spin-match", "fig2-3-low-momentum", "fig2-hidden-is-coarse-visible",
                  "fig4-alignment")


def threshold_sweep(profile: Profile, ids: list[str]) -> dict[str, dict[str, dict[str, str]]]:
    """``{claim: {threshold: {"half": verdict, "fixed": verdict, "double": verdict}}}``.

    Integer thresholds (counts) are halved and doubled and rounded to the
    nearest integer; a claim without thresholds is left out.
    """
    sweep = {}
    for claim_id in ids:
        item = claims.claim(claim_id)
        if not item.thresholds:
            continue
        fixed = item.evaluate(profile).verdict
        sweep[claim_id] = {}
        for name, value in item.thresholds.items():
            changed = {}
            for label, factor in (("half", 0.5), ("double", 2.0)):
                scaled = round(value * factor) if float(value).is_integer() and value > 1 else value * factor
                changed[label] = item.evaluate(profile, {name: scaled}).verdict
            sweep[claim_id][name] = {"half": changed["half"], "fixed": fixed, "double": changed["double"]}
    return sweep


@dataclass(frozen=True)
class StandIn:
    """Sizes of the stand-in network: a visible and a hidden lattice side."""

    visible: int = 16
    hidden: int = 8


def _snapshot_path(key: dict) -> Path:
    return cache.cache_directory() / f"robustness-{cache.key_digest(key)}.npz"


def stand_in_runs(profile: Profile, seeds: tuple[int, ...], lengths: tuple[int, ...],
                  sizes: StandIn = StandIn(), progress: bool | None = None) -> dict[tuple[int, int], np.ndarray]:
    """Weights of the stand-in RBM per ``(seed, epochs)``: every seed at ``min(lengths)``... ``max``.

    Each seed trains one run, continued call after call (the same as one long
    run) to every length in ``lengths``; the weights at each length are cached
    on disk under a key of everything that determines them.
    """
    L, L_h = sizes.visible, sizes.hidden
    spins = data.ising(L, profile.temperature, profile.n_samples, seed=profile.seed, progress=progress)
    spins = spins.reshape(len(spins), -1)
    weights = {}
    for seed in seeds:
        rbm, done = RBM(L * L, L_h * L_h, seed=seed), 0
        for length in sorted(lengths):
            key = {"kind": "robustness-stand-in", "L": L, "hidden": L_h, "T": profile.temperature,
                   "n": profile.n_samples, "data_seed": profile.seed, "seed": seed, "epochs": length,
                   "batch": profile.rbm_batch_size, "lr": repr(profile.rbm_learning_rate),
                   "algorithm": _algorithm_version()}
            path = _snapshot_path(key)
            found = cache.load(path, key)
            if found is None:
                if done < length:
                    rbm.fit(spins, length - done, profile.rbm_batch_size, profile.rbm_learning_rate,
                            progress=progress)
                cache.store(path, {"weight": rbm.weight.detach().cpu().numpy(),
                                   "generator_state": rbm.generator.get_state().numpy()}, key)
            else:
                rbm.weight.copy_(torch.from_numpy(found[0]["weight"]))
                rbm.generator.set_state(torch.from_numpy(found[0]["generator_state"]))
            done = length
            weights[seed, length] = rbm.weight.detach().cpu().double().numpy().copy()
    return weights


def _algorithm_version() -> int:
    from . import rbm

    return getattr(rbm, "ALGORITHM_VERSION", 0)


def judge_network(weight: np.ndarray, initial: np.ndarray, samples: np.ndarray, sizes: StandIn = StandIn()
                  ) -> dict[str, claims.Judgement]:
    """The chapters' judges (with their fixed thresholds) applied to one network."""
    L, L_h = sizes.visible, sizes.hidden
    k = round(200 / 1600 * L_h * L_h)
    fourier: FourierEvidence = fourier_evidence_of(weight, L, L_h)
    evidence = {
        "fig1-block-spin-match": SingularValueEvidence(blockspin.best_block_size(weight, L),
                                                       blockspin.best_block_size(initial, L)),
        "fig2-3-low-momentum": fourier,
        "fig2-hidden-is-coarse-visible": fourier,
        "fig4-alignment": SubspaceEvidence(k, L * L, spectra.alignment_eigenvalues(weight, samples, k),
                                           spectra.alignment_eigenvalues(initial, samples, k), np.zeros(0)),
    }
    judges = {"fig1-block-spin-match": judge_block_spin_match, "fig2-3-low-momentum": judge_low_momentum,
              "fig2-hidden-is-coarse-visible": judge_hidden_is_coarse_visible, "fig4-alignment": judge_alignment}
    return {claim_id: judges[claim_id](evidence[claim_id], claims.claim(claim_id).thresholds)
            for claim_id in NETWORK_CLAIMS}
