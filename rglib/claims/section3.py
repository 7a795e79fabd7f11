"""Evidence for the claims of Section III: split independence, solvability, noise rejection."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import numpy as np

from .. import artifacts
from ..runtime.cache import cache_directory
from ..profiles import Profile, require_profile
from ..runtime.validation import require_integer
from ..models.rbm import RBM
from ..studies.section3 import (
    NetworkComparison, NoiseTransmission, Solvability, compare_networks, noise_transmission,
    solvability, split_networks,
)
from .core import AGREES, DISAGREES, PARTLY, Judgement, three_way
from .network import subspace_k

#: Noise strengths, as fractions of the input's norm.
NOISE_STRENGTHS = (0.05, 0.1, 0.2, 0.4)
#: Held-out inputs the noise is added to.
NOISE_INPUTS = 500
#: Repeats of the solvability criterion (the paper: "repeated", at least twice).
SOLVABILITY_REPEATS = 2
#: The control of the solvability criterion: independent +-1 spins (the T = infinity limit).
CONTROL_SEED = 5


def solvability_sizes(n_visible: int, n_samples: int, repeats: int = SOLVABILITY_REPEATS) -> list[int]:
    """Sample sizes ``n_visible / 4 * 2**j`` up to ``n_samples / repeats`` (disjoint repeats)."""
    n_visible = require_integer("n_visible", n_visible, minimum=1)
    n_samples = require_integer("n_samples", n_samples, minimum=1)
    repeats = require_integer("repeats", repeats, minimum=2)
    sizes, size = [], max(2, n_visible // 4)
    while size <= n_samples // repeats:
        sizes.append(size)
        size *= 2
    return sizes


@dataclass(frozen=True, eq=False)
class SolvabilityEvidence:
    """The criterion on the Ising training data and on the control."""

    ising: Solvability
    control: Solvability


@lru_cache(maxsize=None)
def solvability_evidence(profile: Profile) -> SolvabilityEvidence:
    """Run the Section III criterion on the training set and on independent +-1 spins of its shape."""
    spins, _ = artifacts.training_set(profile)
    samples = spins.reshape(len(spins), -1).astype(np.float64)
    sizes = solvability_sizes(samples.shape[1], len(samples))
    ising = solvability(samples, sizes, repeats=SOLVABILITY_REPEATS, seed=profile.ising.seed)
    control_samples = np.random.default_rng(CONTROL_SEED).choice([-1.0, 1.0], size=samples.shape)
    control = solvability(control_samples, sizes, repeats=SOLVABILITY_REPEATS,
                          seed=profile.ising.seed, k=ising.k)
    return SolvabilityEvidence(ising, control)


def judge_solvability(evidence: SolvabilityEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if the Ising count stops, its repeats align (>= alignment) and the control's do not."""
    level = thresholds["alignment"]
    ising_aligned = min(evidence.ising.alignments) >= level
    control_fails = max(evidence.control.alignments) < level
    verdict = three_way(evidence.ising.stopped and ising_aligned and control_fails,
                        not evidence.ising.stopped and not ising_aligned)
    numbers = {"ising_counts": evidence.ising.counts, "ising_stopped": evidence.ising.stopped,
               "k": evidence.ising.k, "ising_alignment": min(evidence.ising.alignments),
               "control_counts": evidence.control.counts, "control_alignment": max(evidence.control.alignments),
               "chance": evidence.ising.chance, "sizes": evidence.ising.sizes}
    key = (f"Ising: count {'stops' if evidence.ising.stopped else 'keeps growing'}, repeats align "
           f"{min(evidence.ising.alignments):.2f}; control {max(evidence.control.alignments):.2f}")
    return Judgement(verdict, key, numbers)


@dataclass(frozen=True, eq=False)
class NoiseEvidence:
    """Noise transmission of the trained single RBM and of its initial weights."""

    k: int
    trained: NoiseTransmission
    initial: NoiseTransmission


@lru_cache(maxsize=None)
def noise_evidence(profile: Profile) -> NoiseEvidence:
    """Add noise to held-out inputs and measure what reaches the hidden output."""
    rbm = artifacts.single_rbm(profile)
    initial = RBM(rbm.n_visible, rbm.n_hidden, seed=profile.ising.seed)
    inputs = artifacts.held_out_set(profile)[:NOISE_INPUTS]
    k = subspace_k(profile)
    return NoiseEvidence(k, noise_transmission(rbm, inputs, k, NOISE_STRENGTHS),
                         noise_transmission(initial, inputs, k, NOISE_STRENGTHS))


def judge_noise(evidence: NoiseEvidence, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if irrelevant noise passes at most ``reject`` of relevant noise's gain at every strength."""
    ratio = evidence.trained.ratio
    verdict = three_way(bool(np.all(ratio < thresholds["reject"])), bool(np.all(ratio > thresholds["pass"])))
    numbers = {"strengths": evidence.trained.strengths, "irrelevant_over_relevant": ratio,
               "initial_irrelevant_over_relevant": evidence.initial.ratio,
               "relevant_gain": evidence.trained.relevant, "irrelevant_gain": evidence.trained.irrelevant,
               "isotropic_gain": evidence.trained.isotropic, "k": evidence.k}
    return Judgement(verdict, f"irrelevant/relevant gain {ratio.min():.2f}–{ratio.max():.2f} "
                              f"(initial weights {evidence.initial.ratio.mean():.2f})", numbers)


def split_sizes(profile: Profile) -> tuple[int, int, int]:
    """Lattice sides and epochs of the split test.

    For ``ci``, a 16 -> 8 stand-in trained for a quarter of the profile's epochs
    (two trainings of the ci network do not fit in its time budget); for other
    profiles, the profile's own network and epochs.
    """
    if require_profile(profile).name == "ci":
        return 16, 8, max(1, profile.rbm.epochs // 4)
    return profile.ising.lattice_size, profile.rbm.hidden_size, profile.rbm.epochs


def split_source(profile: Profile) -> str:
    """The data source of the split test, as text."""
    L, L_h, epochs = split_sizes(profile)
    stand_in = " (a smaller, shorter-trained stand-in for the ci network)" if profile.name == "ci" else ""
    return (f"two RBMs {L}²→{L_h}²{stand_in}, {epochs} epochs each on disjoint halves of "
            f"{profile.ising.n_samples:,} Ising samples")


@lru_cache(maxsize=None)
def split_evidence(profile: Profile) -> NetworkComparison:
    """Train the same RBM on both halves of a data set and compare the two."""
    L, L_h, epochs = split_sizes(profile)
    first, second, unseen = split_networks(
        L, L_h, profile.ising.temperature, profile.ising.n_samples, epochs=epochs,
        batch_size=profile.rbm.batch_size, lr=profile.rbm.learning_rate, seed=profile.ising.seed,
        checkpoint_dir=cache_directory())
    return compare_networks(first, second, unseen, round(200 / 1600 * L_h * L_h))


def judge_split(evidence: NetworkComparison, thresholds: Mapping[str, float]) -> Judgement:
    """Agrees if most relevant alignments exceed ``eigenvalue`` and unseen free energies correlate."""
    fraction = float(np.mean(evidence.relevant_alignment > thresholds["eigenvalue"]))
    same_subspace = fraction > thresholds["majority"]
    same_outputs = evidence.free_energy_correlation > thresholds["correlation"]
    verdict = AGREES if same_subspace and same_outputs else PARTLY if same_subspace or same_outputs else DISAGREES
    numbers = {"k": evidence.k, "relevant_fraction_above": fraction,
               "relevant_mean_alignment": float(evidence.relevant_alignment.mean()),
               "irrelevant_mean_alignment": float(evidence.irrelevant_alignment.mean()),
               "irrelevant_chance": evidence.irrelevant_chance,
               "unseen_free_energy_correlation": evidence.free_energy_correlation,
               "unseen_reconstruction_difference": evidence.reconstruction_difference}
    return Judgement(verdict, f"{fraction:.0%} of top-{evidence.k} alignments > {thresholds['eigenvalue']:g}; "
                              f"unseen F correlation {evidence.free_energy_correlation:.3f}", numbers)
