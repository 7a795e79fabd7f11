"""Section III's testable claims, as measurements.

- :func:`solvability` runs the paper's criterion: grow a random sample until
  the number of large covariance eigenvalues stops growing, record the
  eigenvectors, repeat, and see whether the repeats span the same subspace.
- :func:`noise_transmission` adds noise to inputs and measures how much of it
  reaches a layer's hidden output, for noise in the relevant (top singular)
  and in the irrelevant directions separately.
- :func:`split_networks` trains the same RBM on two disjoint halves of a data
  set; :func:`compare_networks` compares their relevant subspaces, their
  irrelevant parameters and their outputs on unseen data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from . import cache, data
from .rbm import RBM
from .spectra import alignment_eigenvalues
from .validation import require_integer

#: The count of large eigenvalues has stopped growing when a doubling of the
#: sample raises it by at most this fraction.
COUNT_GROWTH_TOLERANCE = 0.05


def large_eigenvalue_count(samples: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Eigenvalues of the sample covariance above the Marchenko-Pastur edge of noise.

    "Large" means above ``s2 (1 + sqrt(p / n))**2``, the largest eigenvalue
    that ``n`` samples of ``p`` independent variables of variance ``s2`` (the
    mean variance of the columns) produce. Returns the count, all eigenvalues
    (descending) and the eigenvectors (columns, same order).
    """
    n, p = samples.shape
    covariance = np.cov(samples, rowvar=False)
    values, vectors = np.linalg.eigh(covariance)
    values, vectors = values[::-1], vectors[:, ::-1]
    edge = np.mean(np.diag(covariance)) * (1 + np.sqrt(p / n)) ** 2
    return int(np.sum(values > edge)), values, vectors


@dataclass(frozen=True)
class Solvability:
    """The outcome of the Section III criterion on one data set.

    Attributes
    ----------
    sizes : list of int
        The growing sample sizes tried.
    counts : list of list of int
        Per repeat, the count of large eigenvalues at each size.
    stopped : bool
        Whether, in every repeat, the count stopped growing before the sizes ran out.
    k : int
        The number of eigenvectors recorded (the count where it stopped; for
        a data set without one, the ``k`` given).
    alignments : list of float
        Mean alignment eigenvalue of each pair of repeats (1: same subspace).
    chance : float
        ``k / p``: the mean alignment of two random ``k``-dimensional subspaces.
    """

    sizes: list[int]
    counts: list[list[int]]
    stopped: bool
    k: int
    alignments: list[float]
    chance: float


def solvability(samples: np.ndarray, sizes: list[int], repeats: int = 3, seed: int = 0,
                k: int | None = None) -> Solvability:
    """Run the Section III criterion on ``samples`` (rows are flattened configurations).

    Each repeat draws ``max(sizes)`` rows at random without replacement, disjoint
    from the other repeats, and looks at its first ``n`` rows for each ``n``
    in ``sizes``. The eigenvectors of the large eigenvalues at the size where
    the count first stops growing (at most ``COUNT_GROWTH_TOLERANCE`` more on
    doubling) are recorded; every pair of repeats is compared by the mean of
    the alignment eigenvalues of Eq. (1). ``k`` overrides the number of
    eigenvectors compared (for a control whose count never becomes positive).
    """
    samples = np.asarray(samples, dtype=np.float64)
    repeats = require_integer("repeats", repeats, minimum=2)
    if repeats * max(sizes) > len(samples):
        raise ValueError(f"repeats * max(sizes) = {repeats * max(sizes)} exceeds the {len(samples)} samples")
    order = np.random.default_rng(seed).permutation(len(samples))
    counts, subspaces, stopped, recorded = [], [], True, []
    for repeat in range(repeats):
        draw = samples[order[repeat * max(sizes):(repeat + 1) * max(sizes)]]
        found = [large_eigenvalue_count(draw[:n]) for n in sizes]
        repeat_counts = [count for count, _, _ in found]
        counts.append(repeat_counts)
        stop = next((j for j in range(1, len(sizes))
                     if repeat_counts[j] <= (1 + COUNT_GROWTH_TOLERANCE) * repeat_counts[j - 1]), None)
        stopped &= stop is not None
        index = stop if stop is not None else len(sizes) - 1
        recorded.append(repeat_counts[index])
        subspaces.append(found[index][2])
    k = k if k is not None else max(1, int(np.median(recorded)))
    alignments = [float(np.mean(_alignment(subspaces[a][:, :k], subspaces[b][:, :k])))
                  for a in range(repeats) for b in range(a + 1, repeats)]
    return Solvability(list(sizes), counts, stopped and min(recorded) > 0, k, alignments, k / samples.shape[1])


def _alignment(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Squared singular values of ``first.T @ second``: the non-zero eigenvalues of Eq. (1)."""
    return np.linalg.svd(first.T @ second, compute_uv=False) ** 2


def top_visible_vectors(weight: np.ndarray, k: int) -> np.ndarray:
    """The top-``k`` visible (left) singular vectors of ``weight``, as columns."""
    return np.linalg.svd(weight, full_matrices=False)[0][:, :k]


@dataclass(frozen=True)
class NoiseTransmission:
    """Gain ``|h(v + d) - h(v)| / |d|`` for noise ``d`` of each strength, by direction."""

    strengths: np.ndarray
    relevant: np.ndarray
    irrelevant: np.ndarray
    isotropic: np.ndarray

    @property
    def ratio(self) -> np.ndarray:
        """Irrelevant over relevant gain, per strength (0: irrelevant noise rejected)."""
        return self.irrelevant / self.relevant


def noise_transmission(rbm: RBM, inputs: np.ndarray, k: int, strengths, seed: int = 0) -> NoiseTransmission:
    """How much input noise reaches the hidden output ``tanh(v W + b_h)``.

    Gaussian noise of norm ``strength * |v|`` is added to each input, either
    as drawn (isotropic), or projected onto the span of the top-``k`` visible
    singular vectors (relevant), or onto its orthogonal complement
    (irrelevant), and rescaled to the same norm. The gain is the mean over
    inputs of ``|h(v + d) - h(v)| / |d|``.
    """
    weight = rbm.weight.detach().cpu().double().numpy()
    basis = top_visible_vectors(weight, k)
    inputs = np.asarray(inputs, dtype=np.float64)
    rng = np.random.default_rng(seed)
    with torch.no_grad():
        clean = rbm.hidden_mean(inputs).double().cpu().numpy()
    gains = {"relevant": [], "irrelevant": [], "isotropic": []}
    for strength in strengths:
        noise = rng.standard_normal(inputs.shape)
        relevant = noise @ basis @ basis.T
        directions = {"relevant": relevant, "irrelevant": noise - relevant, "isotropic": noise}
        for name, direction in directions.items():
            scale = strength * np.linalg.norm(inputs, axis=1, keepdims=True) / np.linalg.norm(direction, axis=1,
                                                                                              keepdims=True)
            delta = direction * scale
            with torch.no_grad():
                noisy = rbm.hidden_mean(inputs + delta).double().cpu().numpy()
            gains[name].append(float(np.mean(np.linalg.norm(noisy - clean, axis=1)
                                             / np.linalg.norm(delta, axis=1))))
    return NoiseTransmission(np.asarray(strengths, dtype=float), *(np.array(gains[n]) for n in
                                                                   ("relevant", "irrelevant", "isotropic")))


def split_networks(L: int, hidden_side: int, temperature: float, n_samples: int, *, epochs: int,
                   batch_size: int, lr: float, seed: int, checkpoint_dir: Path | None = None,
                   progress: bool | None = None) -> tuple[RBM, RBM, np.ndarray]:
    """Two RBMs, from the same initial weights, trained on the two disjoint halves of one data set.

    Returns both networks and ``n_samples // 5`` unseen samples (another seed).
    Trained weights are checkpointed in ``checkpoint_dir`` (resumed, or loaded
    when complete), one file per half named after its run.
    """
    spins = data.ising(L, temperature, n_samples, seed=seed, progress=progress).reshape(n_samples, -1)
    unseen = data.ising(L, temperature, n_samples // 5, seed=seed + 1, progress=progress).reshape(-1, L * L)
    halves = (spins[: n_samples // 2], spins[n_samples // 2:])
    networks = []
    for index, half in enumerate(halves):
        rbm = RBM(L * L, hidden_side**2, seed=seed)
        path = None
        if checkpoint_dir is not None:
            key = {"kind": "split-half", "L": L, "hidden": hidden_side, "T": temperature, "n": n_samples,
                   "half": index, "epochs": epochs, "batch": batch_size, "lr": repr(lr), "seed": seed}
            path = Path(checkpoint_dir) / f"split-half{index}-{cache.key_digest(key)}.npz"
        networks.append(rbm.fit(half, epochs, batch_size, lr, checkpoint_path=path, progress=progress))
    return networks[0], networks[1], unseen


@dataclass(frozen=True)
class NetworkComparison:
    """Two networks trained on disjoint halves, compared."""

    k: int
    relevant_alignment: np.ndarray
    irrelevant_alignment: np.ndarray
    irrelevant_chance: float
    free_energy_correlation: float
    reconstruction_difference: float


def compare_networks(first: RBM, second: RBM, unseen: np.ndarray, k: int) -> NetworkComparison:
    """Relevant subspaces, irrelevant parameters and outputs on ``unseen`` data of two RBMs.

    ``relevant_alignment``: alignment eigenvalues (Eq. 1) of the two top-``k``
    visible singular subspaces. ``irrelevant_alignment``: the same for the
    next ``n_hidden - k`` singular vectors, whose chance level is
    ``(n_hidden - k) / n_visible``. On unseen data: the correlation of the two
    free energies (equal up to a constant when the distributions agree) and
    the relative difference of the mean-field reconstructions.
    """
    weights = [net.weight.detach().cpu().double().numpy() for net in (first, second)]
    bases = [np.linalg.svd(w, full_matrices=False)[0] for w in weights]
    n_visible, n_hidden = weights[0].shape
    unseen = np.asarray(unseen, dtype=np.float64)
    with torch.no_grad():
        free = [net.free_energy(unseen).double().cpu().numpy() for net in (first, second)]
        recon = [net.reconstruct(unseen).double().cpu().numpy() for net in (first, second)]
    return NetworkComparison(
        k=k,
        relevant_alignment=_alignment(bases[0][:, :k], bases[1][:, :k]),
        irrelevant_alignment=_alignment(bases[0][:, k:n_hidden], bases[1][:, k:n_hidden]),
        irrelevant_chance=(n_hidden - k) / n_visible,
        free_energy_correlation=float(np.corrcoef(free[0], free[1])[0, 1]),
        reconstruction_difference=float(np.linalg.norm(recon[0] - recon[1]) / np.linalg.norm(recon[0])),
    )


def data_subspace_alignment(rbm: RBM, samples: np.ndarray, k: int) -> np.ndarray:
    """:func:`rglib.spectra.alignment_eigenvalues` of ``rbm`` against ``samples``."""
    return alignment_eigenvalues(rbm.weight.detach().cpu().double().numpy(), samples, k)
