"""Restricted Boltzmann machines with +-1 units, trained by contrastive divergence.

The model and its training are those of Appendix A of the paper. Visible
units v and hidden units h take the values +-1 and the energy is Eq. (A1),

    E(v, h) = -v^T W h - b_v . v - b_h . h,

so that p(v, h) = exp(-E) / Z. The conditionals (A10), (A11) are

    p(h_a = +1 | v) = (1 + tanh((v W + b_h)_a)) / 2,
    p(v_i = +1 | h) = (1 + tanh((W h + b_v)_i)) / 2,

and summing over h gives the exact marginal p(v) = exp(-F(v)) / Z with the
free energy F(v) = -b_v . v - sum_a log(2 cosh((v W + b_h)_a)).

Training (:meth:`RBM.fit`) is plain stochastic gradient ascent on the
log-likelihood with the contrastive-divergence estimate (A12)-(A17) of its
gradient, as in the paper (batches of 1000, learning rate 1e-3). Training
can be checkpointed to disk (NumPy ``.npz`` through :mod:`rglib.cache`,
no pickle) and resumed bit for bit; the last checkpoint doubles as a cache
of the trained weights. :func:`stack` trains the paper's deep network
greedily, one RBM per pair of consecutive lattice sides.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from tqdm import tqdm

from . import cache
from .progress import show_progress
from .validation import require_choice, require_integer, require_positive_finite

FORMAT_VERSION = 1
MONITOR_SAMPLES = 1_000
DEVICES = ("cpu", "cuda")
DTYPES = (torch.float32, torch.float64)

# Independent random streams derived from one seed (see _derive_seed).
_INITIAL_WEIGHTS_STREAM = 0
_TRAINING_STREAM = 1
_MONITOR_STREAM = 2
_STACK_SAMPLES_STREAM = 3

logger = logging.getLogger(__name__)

ArrayLike = npt.ArrayLike | torch.Tensor


@dataclass(frozen=True)
class _Monitor:
    """Fixed tensors on which the per-epoch training measures are evaluated."""

    sample: torch.Tensor
    flipped: torch.Tensor
    train_subset: torch.Tensor | None
    held_out: torch.Tensor | None


class RBM(torch.nn.Module):
    """A restricted Boltzmann machine with +-1 visible and hidden units.

    Parameters
    ----------
    n_visible, n_hidden : int
        Numbers of visible and hidden units (at least 1).
    weight : array_like or torch.Tensor of shape (n_visible, n_hidden), optional
        Initial couplings W of Eq. (A1). Default: Glorot (Xavier) *uniform*,
        W_ia ~ U(-a, a) with a = sqrt(6 / (n_visible + n_hidden)), drawn in
        float64 on the CPU from a torch.Generator seeded from ``seed`` (so the
        initial weights do not depend on ``device``), then cast to ``dtype``.
    visible_bias : array_like of shape (n_visible,), optional
        Initial b_v (default zeros).
    hidden_bias : array_like of shape (n_hidden,), optional
        Initial b_h (default zeros).
    seed : int
        Seeds the initial weights and the generator of training and sampling.
        The same seed gives the same results on the same device.
    device : {"cpu", "cuda"}
        Where parameters live and computations run.
    dtype : torch.float32 or torch.float64
        Floating-point type of parameters and computations.

    Attributes
    ----------
    weight, visible_bias, hidden_bias : torch.nn.Parameter
        W, b_v, b_h (``requires_grad=False``: gradients are the CD estimates).
    generator : torch.Generator
        The generator on ``device`` used when no other is passed: data
        shuffling, sampling and contrastive divergence.
    history_ : dict of str to list of float
        Set by :meth:`fit`; one value per epoch under each key (see :meth:`fit`).

    Examples
    --------
    >>> import torch
    >>> rbm = RBM(4, 2, seed=1)
    >>> rbm.weight.shape, rbm.visible_bias.shape, rbm.hidden_bias.shape
    (torch.Size([4, 2]), torch.Size([4]), torch.Size([2]))
    >>> v = torch.tensor([[1.0, -1.0, 1.0, 1.0]])
    >>> p = rbm.hidden_probability(v)
    >>> bool(torch.allclose(p, (1 + torch.tanh(v @ rbm.weight + rbm.hidden_bias)) / 2))
    True
    """

    def __init__(
        self,
        n_visible: int,
        n_hidden: int,
        *,
        weight: ArrayLike | None = None,
        visible_bias: ArrayLike | None = None,
        hidden_bias: ArrayLike | None = None,
        seed: int = 0,
        device: str = "cpu",
        dtype: torch.dtype = torch.float32,
    ) -> None:
        super().__init__()
        self.n_visible = require_integer("n_visible", n_visible, minimum=1)
        self.n_hidden = require_integer("n_hidden", n_hidden, minimum=1)
        self.seed = require_integer("seed", seed, minimum=0)
        self.device = _require_device(device)
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {dtype!r}")
        self.dtype = dtype
        if weight is None:
            weight = _glorot_uniform(self.n_visible, self.n_hidden, self.seed)
        shapes = {"weight": (self.n_visible, self.n_hidden), "visible_bias": (self.n_visible,),
                  "hidden_bias": (self.n_hidden,)}
        given = {"weight": weight, "visible_bias": visible_bias, "hidden_bias": hidden_bias}
        for name, shape in shapes.items():
            values = np.zeros(shape) if given[name] is None else given[name]
            tensor = _parameter(name, values, shape).to(device=self.device, dtype=dtype)
            setattr(self, name, torch.nn.Parameter(tensor, requires_grad=False))
        self.generator = torch.Generator(device=self.device)
        self.generator.manual_seed(_derive_seed(self.seed, _TRAINING_STREAM))

    # ----------------------------------------------------------------- model
    def energy(self, v: ArrayLike, h: ArrayLike) -> torch.Tensor:
        """The energy E(v, h) of Eq. (A1).

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)
        h : array_like, shape (n_hidden,) or (n, n_hidden)

        Returns
        -------
        torch.Tensor, shape () or (n,)

        Examples
        --------
        >>> rbm = RBM(2, 1, weight=[[0.5], [-1.0]], visible_bias=[0.1, 0.2], hidden_bias=[0.3])
        >>> round(float(rbm.energy([1, 1], [1])), 6)  # -(0.5 - 1.0) - (0.1 + 0.2) - 0.3
        -0.1
        """
        v = self._batch("v", v, self.n_visible)
        h = self._batch("h", h, self.n_hidden)
        return -((v @ self.weight) * h).sum(-1) - v @ self.visible_bias - h @ self.hidden_bias

    def free_energy(self, v: ArrayLike) -> torch.Tensor:
        """F(v) = -b_v . v - sum_a log(2 cosh((v W + b_h)_a)), so that p(v) = exp(-F(v)) / Z.

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)

        Returns
        -------
        torch.Tensor, shape () or (n,)

        Examples
        --------
        >>> import math
        >>> rbm = RBM(1, 1, weight=[[0.7]])
        >>> round(float(rbm.free_energy([1])), 6) == round(-math.log(2 * math.cosh(0.7)), 6)
        True
        """
        v = self._batch("v", v, self.n_visible)
        field = v @ self.weight + self.hidden_bias
        return -v @ self.visible_bias - torch.logaddexp(field, -field).sum(-1)

    def hidden_mean(self, v: ArrayLike) -> torch.Tensor:
        """E[h | v] = tanh(v W + b_h), the mean of the +-1 hidden units given v.

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)

        Returns
        -------
        torch.Tensor, shape (n_hidden,) or (n, n_hidden)

        Examples
        --------
        >>> import math
        >>> rbm = RBM(2, 1, weight=[[0.5], [0.25]], hidden_bias=[0.25], dtype=torch.float64)
        >>> math.isclose(float(rbm.hidden_mean([1, -1])), math.tanh(0.5 - 0.25 + 0.25))
        True
        """
        v = self._batch("v", v, self.n_visible)
        return torch.tanh(v @ self.weight + self.hidden_bias)

    def visible_mean(self, h: ArrayLike) -> torch.Tensor:
        """E[v | h] = tanh(h W^T + b_v), the mean of the +-1 visible units given h.

        Parameters
        ----------
        h : array_like, shape (n_hidden,) or (n, n_hidden)

        Returns
        -------
        torch.Tensor, shape (n_visible,) or (n, n_visible)

        Examples
        --------
        >>> import math
        >>> rbm = RBM(2, 1, weight=[[0.5], [0.25]], visible_bias=[0, 0.5], dtype=torch.float64)
        >>> torch.allclose(rbm.visible_mean([-1]), torch.tanh(torch.tensor([-0.5, 0.25])).double())
        True
        """
        h = self._batch("h", h, self.n_hidden)
        return torch.tanh(h @ self.weight.T + self.visible_bias)

    def hidden_probability(self, v: ArrayLike) -> torch.Tensor:
        """p(h_a = +1 | v) = (1 + tanh((v W + b_h)_a)) / 2, Eq. (A10).

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)

        Returns
        -------
        torch.Tensor, shape (n_hidden,) or (n, n_hidden)

        Examples
        --------
        >>> RBM(3, 2, weight=[[0, 0]] * 3).hidden_probability([1, 1, -1]).tolist()
        [0.5, 0.5]
        """
        return (1 + self.hidden_mean(v)) / 2

    def visible_probability(self, h: ArrayLike) -> torch.Tensor:
        """p(v_i = +1 | h) = (1 + tanh((h W^T + b_v)_i)) / 2, Eq. (A11).

        Parameters
        ----------
        h : array_like, shape (n_hidden,) or (n, n_hidden)

        Returns
        -------
        torch.Tensor, shape (n_visible,) or (n, n_visible)

        Examples
        --------
        >>> RBM(3, 2, weight=[[0, 0]] * 3).visible_probability([1, -1]).tolist()
        [0.5, 0.5, 0.5]
        """
        return (1 + self.visible_mean(h)) / 2

    def sample_hidden(
        self, v: ArrayLike, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        """+-1 hidden units drawn from p(h | v), Eq. (A10).

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)
        generator : torch.Generator on the model's device, optional
            Default: :attr:`generator`. Unit a is +1 when a uniform draw in
            [0, 1) is below p(h_a = +1 | v).

        Examples
        --------
        >>> rbm = RBM(3, 2, seed=0)
        >>> h = rbm.sample_hidden([[1, -1, 1]])
        >>> h.shape, set(h.flatten().tolist()) <= {-1.0, 1.0}
        (torch.Size([1, 2]), True)
        """
        return self._sample(self.hidden_probability(v), generator)

    def sample_visible(
        self, h: ArrayLike, generator: torch.Generator | None = None
    ) -> torch.Tensor:
        """+-1 visible units drawn from p(v | h), Eq. (A11).

        Parameters
        ----------
        h : array_like, shape (n_hidden,) or (n, n_hidden)
        generator : torch.Generator on the model's device, optional
            Default: :attr:`generator`. Unit i is +1 when a uniform draw in
            [0, 1) is below p(v_i = +1 | h).

        Examples
        --------
        >>> rbm = RBM(3, 2, weight=[[10, 10]] * 3, visible_bias=[0, 0, -30])
        >>> rbm.sample_visible([1, 1]).tolist()
        [1.0, 1.0, -1.0]
        """
        return self._sample(self.visible_probability(h), generator)

    def transform(self, v: ArrayLike) -> torch.Tensor:
        """The hidden representation of ``v``: the hidden means tanh(v W + b_h).

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)

        Returns
        -------
        torch.Tensor, shape (n_hidden,) or (n, n_hidden)

        Examples
        --------
        >>> rbm = RBM(3, 2, seed=0)
        >>> bool(torch.equal(rbm.transform([[1, -1, 1]]), rbm.hidden_mean([[1, -1, 1]])))
        True
        """
        return self.hidden_mean(v)

    def reconstruct(self, v: ArrayLike) -> torch.Tensor:
        """Mean-field reconstruction visible -> hidden -> visible: E[v | h = E[h | v]].

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)

        Returns
        -------
        torch.Tensor, same shape as ``v``

        Examples
        --------
        >>> rbm = RBM(3, 2, seed=0)
        >>> rbm.reconstruct([[1, -1, 1]]).shape
        torch.Size([1, 3])
        """
        return self.visible_mean(self.hidden_mean(v))

    # -------------------------------------------------------------- training
    def contrastive_divergence(
        self,
        v_data: ArrayLike,
        k: int = 1,
        generator: torch.Generator | None = None,
        chain: ArrayLike | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """The CD-k estimate (A12)-(A17) of the log-likelihood gradient.

        Hidden vectors h^ are sampled from the data v^ with (A10). The
        negative phase starts from h^ (or, for persistent CD, from hidden
        vectors sampled from the chain's visible states), then k times
        samples v~ with (A11) and h~ from v~ with (A10).

        Parameters
        ----------
        v_data : array_like, shape (n, n_visible)
            A batch of training vectors v^.
        k : int
            Gibbs steps of the negative phase (CD-k), at least 1.
        generator : torch.Generator on the model's device, optional
            Default: :attr:`generator`.
        chain : array_like, shape (m, n_visible), optional
            Visible states of a persistent chain (persistent CD); its size m
            need not equal n.

        Returns
        -------
        grad_weight : torch.Tensor, shape (n_visible, n_hidden)
            <v h>_data - <v h>_model, Eqs. (A12) - (A13).
        grad_visible_bias : torch.Tensor, shape (n_visible,)
            <v>_data - <v>_model, Eqs. (A14) - (A15).
        grad_hidden_bias : torch.Tensor, shape (n_hidden,)
            <h>_data - <h>_model, Eqs. (A16) - (A17).
        final_chain : torch.Tensor, shape of the negative phase's visible states
            The last v~: the new state of a persistent chain.

        Notes
        -----
        These are ascent directions of the log-likelihood (minus the
        gradients of KL(q || p), Eq. (A6)): training adds ``lr`` times them.

        Examples
        --------
        >>> rbm = RBM(3, 2, seed=0)
        >>> grads = rbm.contrastive_divergence([[1, -1, 1], [1, 1, 1]], k=1)
        >>> [tuple(g.shape) for g in grads]
        [(3, 2), (3,), (2,), (2, 3)]
        """
        k = require_integer("k", k, minimum=1)
        v_hat = self._batch("v_data", v_data, self.n_visible, ndim=2)
        h_hat = self.sample_hidden(v_hat, generator)
        if chain is None:
            h_tilde = h_hat
        else:
            chain = self._batch("chain", chain, self.n_visible, ndim=2)
            h_tilde = self.sample_hidden(chain, generator)
        for _ in range(k):
            v_tilde = self.sample_visible(h_tilde, generator)
            h_tilde = self.sample_hidden(v_tilde, generator)
        # One fused GEMM for the model term: beta * <v h>_data + alpha * v~^T h~.
        grad_weight = torch.addmm(v_hat.T @ h_hat, v_tilde.T, h_tilde,
                                  beta=1.0 / len(v_hat), alpha=-1.0 / len(v_tilde))
        grad_visible_bias = v_hat.mean(0) - v_tilde.mean(0)
        grad_hidden_bias = h_hat.mean(0) - h_tilde.mean(0)
        return grad_weight, grad_visible_bias, grad_hidden_bias, v_tilde

    def fit(
        self,
        data: ArrayLike,
        epochs: int,
        batch_size: int,
        lr: float,
        k: int = 1,
        *,
        persistent: bool = False,
        held_out: ArrayLike | None = None,
        checkpoint_every: int | None = None,
        checkpoint_path: str | os.PathLike | None = None,
        progress: bool | None = None,
    ) -> RBM:
        """Train by stochastic gradient ascent on the CD-k gradient.

        Every epoch shuffles the data with :attr:`generator` and walks over
        all of it in batches of ``batch_size`` (the last, partial batch is
        included, so each epoch uses every sample once); each batch updates
        W += lr * grad_W, b_v += lr * grad_b_v, b_h += lr * grad_b_h with the
        gradients of :meth:`contrastive_divergence`. Training starts from the
        current parameters (those given to the constructor, or the Glorot
        initialization), so a second call continues training.

        Parameters
        ----------
        data : array_like or torch.Tensor, shape (n_samples, n_visible)
            Training vectors with entries +-1 (flatten lattices first:
            ``data.reshape(len(data), -1)``).
        epochs : int
            Total number of passes over the data (the paper: about 6000).
        batch_size : int
            Samples per update (the paper: 1000).
        lr : float
            Learning rate (the paper: 1e-3).
        k : int
            Gibbs steps of CD-k (the paper: 1).
        persistent : bool
            Persistent CD: the negative phase continues one chain of
            ``min(batch_size, n_samples)`` visible states from batch to batch
            (started at the first batch of data) instead of restarting at the data.
        held_out : array_like, shape (n_held_out, n_visible), optional
            +-1 vectors not trained on, to monitor overfitting.
        checkpoint_every : int, optional
            Save a checkpoint every this many epochs (needs ``checkpoint_path``).
        checkpoint_path : path, optional
            File of the checkpoint (``.npz``). The final state is always saved
            there, so the file also caches the trained model. If the file
            holds a checkpoint of the same run (same key: sizes, initial
            parameters and generator state, data, held-out data, epochs,
            batch_size, lr, k, persistent, seed, dtype, device, code version),
            training resumes from it, and returns at once if it was complete;
            a file of another run is replaced (with a
            :class:`~rglib.cache.CorruptCacheWarning`).
        progress : bool, optional
            Show a progress bar; default: if ``RGLIB_PROGRESS`` is set to a
            true value or stderr is a terminal.

        Returns
        -------
        self

        Notes
        -----
        ``history_`` is a dict of lists with one float per epoch of this run
        (epochs restored from a checkpoint included):

        ``reconstruction_error``
            mean over samples and units of (v - reconstruct(v))^2;
        ``pseudo_log_likelihood``
            per visible unit, log sigmoid(F(v') - F(v)) averaged over samples,
            where v' is v with one site flipped (an unbiased estimate of
            mean_i log p(v_i | v_-i));
        ``free_energy_gap`` (only with ``held_out``)
            mean F(held_out) - mean F(train subset of the same size): it grows
            when the model overfits its training data (if ``held_out`` has
            more rows than ``data``, its first ``n_samples`` rows are used);
        ``seconds``
            wall time of the epoch, measurements included.

        The first two are evaluated on a fixed random subset of at most
        ``MONITOR_SAMPLES`` training vectors, with flipped sites drawn once,
        so that epochs are comparable; the random choices come from their own
        stream and do not touch :attr:`generator`.

        Examples
        --------
        >>> import numpy as np
        >>> data = np.random.default_rng(0).choice([-1, 1], size=(50, 6))
        >>> rbm = RBM(6, 3, seed=0).fit(data, epochs=2, batch_size=10, lr=0.01)
        >>> len(rbm.history_["reconstruction_error"])
        2
        """
        epochs = require_integer("epochs", epochs, minimum=1)
        batch_size = require_integer("batch_size", batch_size, minimum=1)
        lr = require_positive_finite("lr", lr)
        k = require_integer("k", k, minimum=1)
        if not isinstance(persistent, bool):
            raise ValueError(f"persistent must be True or False, got {persistent!r}")
        if checkpoint_every is not None:
            checkpoint_every = require_integer("checkpoint_every", checkpoint_every, minimum=1)
            if checkpoint_path is None:
                raise ValueError("checkpoint_every needs checkpoint_path: give the file to save to")
        train, data_digest = self._spins("data", data)
        held, held_digest = (None, None) if held_out is None else self._spins("held_out", held_out)
        key = self._run_key(data_digest, held_digest, epochs, batch_size, lr, k, persistent)
        monitor = self._monitor(train, held)
        path = None if checkpoint_path is None else Path(checkpoint_path)
        done, chain, self.history_ = self._resume(path, key, epochs, held is not None)
        with tqdm(total=epochs, initial=done, desc=f"RBM {self.n_visible}->{self.n_hidden}",
                  unit="epoch", disable=not show_progress(progress)) as bar:
            while done < epochs:
                started = time.perf_counter()
                chain = self._train_epoch(train, batch_size, lr, k, persistent, chain)
                record = self._measure(monitor)
                record["seconds"] = time.perf_counter() - started
                for name, value in record.items():
                    self.history_[name].append(value)
                done += 1
                bar.update()
                bar.set_postfix(reconstruction_error=f"{record['reconstruction_error']:.4f}")
                periodic = checkpoint_every is not None and done % checkpoint_every == 0
                if path is not None and (done == epochs or periodic):
                    self._save(path, key, done, chain)
        return self

    # ------------------------------------------------------- private helpers
    def _batch(
        self, name: str, values: ArrayLike, size: int, ndim: int | None = None
    ) -> torch.Tensor:
        tensor = torch.as_tensor(values, dtype=self.dtype, device=self.device)
        if tensor.shape[-1:] != (size,) or tensor.ndim not in ((1, 2) if ndim is None else (ndim,)):
            expected = f"(n, {size})" if ndim == 2 else f"({size},) or (n, {size})"
            raise ValueError(f"{name} must have shape {expected}, got {tuple(tensor.shape)}")
        return tensor

    def _sample(self, probability: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
        generator = self.generator if generator is None else generator
        uniform = torch.rand(probability.shape, generator=generator, device=self.device,
                             dtype=self.dtype)
        return (uniform < probability).to(self.dtype) * 2 - 1

    def _spins(self, name: str, values: ArrayLike) -> tuple[torch.Tensor, str]:
        """Validated +-1 data on the model's device, and the SHA-256 of its int8 form."""
        tensor = torch.as_tensor(values)
        if tensor.ndim != 2 or tensor.shape[0] < 1 or tensor.shape[1] != self.n_visible:
            raise ValueError(
                f"{name} must have shape (n_samples, {self.n_visible}) with n_samples >= 1, got "
                f"{tuple(tensor.shape)}; flatten lattices with {name}.reshape(len({name}), -1)"
            )
        if not bool(((tensor == 1) | (tensor == -1)).all()):
            raise ValueError(
                f"{name} must contain only the values +1 and -1 (map 0/1 data with 2 * x - 1)"
            )
        spins = tensor.to(torch.int8).cpu().contiguous().numpy()
        digest = hashlib.sha256(str(spins.shape).encode() + spins.tobytes()).hexdigest()
        return tensor.to(device=self.device, dtype=self.dtype), digest

    def _run_key(self, data_digest: str, held_digest: str | None, epochs: int, batch_size: int,
                 lr: float, k: int, persistent: bool) -> dict:
        """Everything that determines a training run, for its checkpoint."""
        initial = hashlib.sha256()
        state = (self.weight, self.visible_bias, self.hidden_bias, self.generator.get_state())
        for tensor in state:
            initial.update(tensor.detach().cpu().numpy().tobytes())
        return {
            "kind": "rbm-fit", "format": FORMAT_VERSION, "code": _source_fingerprint(),
            "n_visible": self.n_visible, "n_hidden": self.n_hidden,
            "initial_state": initial.hexdigest(), "data": data_digest, "held_out": held_digest,
            "epochs": epochs, "batch_size": batch_size, "lr": repr(lr), "k": k,
            "persistent": persistent, "seed": self.seed, "dtype": str(self.dtype),
            "device": self.device,
        }

    def _monitor(self, train: torch.Tensor, held: torch.Tensor | None) -> _Monitor:
        generator = torch.Generator().manual_seed(_derive_seed(self.seed, _MONITOR_STREAM))
        order = torch.randperm(len(train), generator=generator).to(self.device)
        sample = train[order[:MONITOR_SAMPLES]]
        sites = torch.randint(self.n_visible, (len(sample),), generator=generator).to(self.device)
        flipped = sample.clone()
        rows = torch.arange(len(sample), device=self.device)
        flipped[rows, sites] = -flipped[rows, sites]
        if held is None:
            return _Monitor(sample, flipped, None, None)
        size = min(len(held), len(train))
        return _Monitor(sample, flipped, train[order[:size]], held[:size])

    def _measure(self, monitor: _Monitor) -> dict[str, float]:
        error = ((monitor.sample - self.reconstruct(monitor.sample)) ** 2).mean()
        gain = self.free_energy(monitor.flipped) - self.free_energy(monitor.sample)
        record = {
            "reconstruction_error": float(error),
            "pseudo_log_likelihood": float(torch.nn.functional.logsigmoid(gain).mean()),
        }
        if monitor.held_out is not None:
            held_out = self.free_energy(monitor.held_out).mean()
            gap = held_out - self.free_energy(monitor.train_subset).mean()
            record["free_energy_gap"] = float(gap)
        return record

    def _train_epoch(self, data: torch.Tensor, batch_size: int, lr: float, k: int,
                     persistent: bool, chain: torch.Tensor | None) -> torch.Tensor | None:
        order = torch.randperm(len(data), generator=self.generator, device=self.device)
        for start in range(0, len(data), batch_size):
            batch = data[order[start:start + batch_size]]
            if persistent and chain is None:
                chain = batch
            grad_weight, grad_visible, grad_hidden, end = self.contrastive_divergence(
                batch, k, chain=chain
            )
            self.weight.add_(grad_weight, alpha=lr)
            self.visible_bias.add_(grad_visible, alpha=lr)
            self.hidden_bias.add_(grad_hidden, alpha=lr)
            if persistent:
                chain = end
        return chain

    def _resume(self, path: Path | None, key: dict, epochs: int,
                with_held_out: bool) -> tuple[int, torch.Tensor | None, dict[str, list[float]]]:
        """Epochs done, persistent chain and history: from the checkpoint at ``path`` if any."""
        names = ["reconstruction_error", "pseudo_log_likelihood"]
        names += ["free_energy_gap"] if with_held_out else []
        found = None if path is None else cache.load(path, key)
        if found is None:
            return 0, None, {name: [] for name in [*names, "seconds"]}
        arrays, extra = found
        for name in ("weight", "visible_bias", "hidden_bias"):
            getattr(self, name).copy_(torch.from_numpy(arrays[name]))
        self.generator.set_state(torch.from_numpy(arrays["generator_state"]))
        chain = torch.from_numpy(arrays["chain"]).to(self.device) if "chain" in arrays else None
        history = {name: arrays[f"history_{name}"].tolist() for name in [*names, "seconds"]}
        done = extra["epochs_done"]
        logger.info("resumed RBM training from %s at epoch %d of %d", path, done, epochs)
        return done, chain, history

    def _save(self, path: Path, key: dict, done: int, chain: torch.Tensor | None) -> None:
        arrays = {name: getattr(self, name).detach().cpu().numpy()
                  for name in ("weight", "visible_bias", "hidden_bias")}
        arrays["generator_state"] = self.generator.get_state().numpy()
        if chain is not None:
            arrays["chain"] = chain.cpu().numpy()
        for name, values in self.history_.items():
            arrays[f"history_{name}"] = np.asarray(values, dtype=np.float64)
        cache.store(path, arrays, key, extra={"epochs_done": done})


def stack(
    data: ArrayLike,
    sides: tuple[int, ...] | list[int],
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    k: int = 1,
    seed: int = 0,
    device: str = "cpu",
    held_out: ArrayLike | None = None,
    checkpoint_dir: str | os.PathLike | None = None,
    checkpoint_every: int | None = None,
    progress: bool | None = None,
) -> list[RBM]:
    """Greedy layer-wise training of a stack of RBMs between square lattices.

    Layer l maps sides[l]^2 visible units to sides[l+1]^2 hidden units and is
    trained (:meth:`RBM.fit`) on +-1 hidden *samples* of layer l-1, drawn
    from p(h | v) over that layer's training data with a seeded generator.
    Samples, not means tanh(v W + b_h), because the next RBM's visible units
    take the values +-1 only, as its energy and conditionals assume.

    Parameters
    ----------
    data : array_like, shape (n_samples, sides[0] ** 2)
        +-1 training vectors of the first layer.
    sides : sequence of int
        Strictly decreasing lattice sides, at least two; the paper: (80, 40, 20, 10).
    epochs, batch_size, lr, k, checkpoint_every, progress
        As for :meth:`RBM.fit`, for every layer.
    seed : int
        Layer l is ``RBM(..., seed=seed + l)``; the samples passed on to the
        next layer come from a generator seeded from ``seed`` and l.
    device : {"cpu", "cuda"}
    held_out : array_like, optional
        Held-out +-1 vectors of the first layer, for its free-energy-gap
        monitor (:meth:`RBM.fit`); the deeper layers are not monitored.
    checkpoint_dir : path, optional
        Folder of the layers' checkpoints (e.g. :func:`rglib.cache.cache_directory`),
        one file per layer named after a digest of the data and the arguments;
        a completed stack is then loaded instead of trained again.

    Returns
    -------
    list of RBM, one per layer (``len(sides) - 1``)

    Examples
    --------
    >>> import numpy as np
    >>> data = np.random.default_rng(0).choice([-1, 1], size=(40, 16))
    >>> layers = stack(data, (4, 2, 1), epochs=1, batch_size=20, lr=0.01)
    >>> [(layer.n_visible, layer.n_hidden) for layer in layers]
    [(16, 4), (4, 1)]
    """
    sides = _require_sides(sides)
    arguments = {
        "sides": sides,
        "epochs": require_integer("epochs", epochs, minimum=1),
        "batch_size": require_integer("batch_size", batch_size, minimum=1),
        "lr": repr(require_positive_finite("lr", lr)),
        "k": require_integer("k", k, minimum=1),
        "seed": require_integer("seed", seed, minimum=0),
        "device": _require_device(device),
    }
    if checkpoint_every is not None and checkpoint_dir is None:
        raise ValueError("checkpoint_every needs checkpoint_dir: give the folder to save to")
    layers = [RBM(visible ** 2, hidden ** 2, seed=seed + index, device=device)
              for index, (visible, hidden) in enumerate(zip(sides[:-1], sides[1:]))]
    layer_data = layers[0]._spins("data", data)[0]
    held_digest = None if held_out is None else layers[0]._spins("held_out", held_out)[1]
    for index, rbm in enumerate(layers):
        if index > 0:
            sampler = torch.Generator(device=device)
            sampler.manual_seed(_derive_seed(seed, _STACK_SAMPLES_STREAM, index))
            layer_data = layers[index - 1].sample_hidden(layer_data, sampler)
        layer_held_out, layer_held_digest = (held_out, held_digest) if index == 0 else (None, None)
        path = None
        if checkpoint_dir is not None:
            # Named after everything that determines this layer's training, so that a
            # file from another run is never mistaken for this one.
            key = rbm._run_key(rbm._spins("data", layer_data)[1], layer_held_digest, arguments["epochs"],
                               arguments["batch_size"], float(arguments["lr"]), arguments["k"], False)
            path = Path(checkpoint_dir) / f"rbm-stack-layer{index}-{cache.key_digest(key)}.npz"
        rbm.fit(layer_data, epochs, batch_size, lr, k, checkpoint_every=checkpoint_every,
                checkpoint_path=path, progress=progress, held_out=layer_held_out)
    return layers


def _require_device(device: str) -> str:
    require_choice("device", device, DEVICES)
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device='cuda' was requested but CUDA is not available; use device='cpu'")
    return device


def _require_sides(sides) -> tuple[int, ...]:
    if isinstance(sides, (str, bytes)) or not hasattr(sides, "__len__") or len(sides) < 2:
        raise ValueError(
            f"sides must be a sequence of at least two lattice sides, e.g. (80, 40), got {sides!r}"
        )
    sides = tuple(require_integer(f"sides[{i}]", side, minimum=1) for i, side in enumerate(sides))
    if any(later >= earlier for earlier, later in zip(sides, sides[1:])):
        raise ValueError(f"sides must be strictly decreasing, e.g. (80, 40, 20, 10), got {sides}")
    return sides


def _parameter(name: str, values: ArrayLike, shape: tuple[int, ...]) -> torch.Tensor:
    """A given initial parameter as a float64 tensor, checked for shape and finiteness."""
    try:
        tensor = torch.as_tensor(values, dtype=torch.float64, device="cpu")
    except (TypeError, ValueError, RuntimeError) as error:
        raise ValueError(f"{name} must be a numeric array of shape {shape}: {error}") from error
    if tuple(tensor.shape) != shape:
        raise ValueError(f"{name} must have shape {shape}, got {tuple(tensor.shape)}")
    if not bool(torch.isfinite(tensor).all()):
        raise ValueError(f"{name} must be finite; it contains NaN or infinity")
    return tensor


def _glorot_uniform(n_visible: int, n_hidden: int, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(_derive_seed(seed, _INITIAL_WEIGHTS_STREAM))
    bound = (6.0 / (n_visible + n_hidden)) ** 0.5
    uniform = torch.rand(n_visible, n_hidden, generator=generator, dtype=torch.float64)
    return (2 * uniform - 1) * bound


def _derive_seed(seed: int, stream: int, index: int = 0) -> int:
    """A 64-bit seed for one independent stream, from the user's seed (NumPy SeedSequence)."""
    sequence = np.random.SeedSequence(seed, spawn_key=(stream, index))
    return int(sequence.generate_state(1, np.uint64)[0])


def _source_fingerprint() -> str:
    """SHA-256 (shortened) of this file: a code change invalidates old checkpoints."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
