"""The restricted Boltzmann machine with +-1 units, and its training.

The model is that of Appendix A of the paper. Visible units v and hidden
units h take the values +-1 and the energy is Eq. (A1),

    E(v, h) = -v^T W h - b_v . v - b_h . h,

so that p(v, h) = exp(-E) / Z. The conditionals (A10), (A11) are

    p(h_a = +1 | v) = (1 + tanh((v W + b_h)_a)) / 2,
    p(v_i = +1 | h) = (1 + tanh((W h + b_v)_i)) / 2,

and summing over h gives the exact marginal p(v) = exp(-F(v)) / Z with the
free energy F(v) = -b_v . v - sum_a log(2 cosh((v W + b_h)_a)).

:meth:`RBM.contrastive_divergence` is the CD-k estimate (A12)-(A17) of the
log-likelihood gradient. :func:`fit` (also reached as :meth:`RBM.fit`) is plain
stochastic gradient ascent on the log-likelihood with that estimate, as in
Appendix A of the paper (batches of 1000, learning rate 1e-3). Grey images
enter through the option ``binarize=True`` (see :func:`fit`): the data are
unit means, and every batch trains on fresh +-1 states drawn with those
means. Training can be checkpointed to disk (NumPy ``.npz`` through
:mod:`rglib.runtime.cache`, no pickle) and resumed bit for bit; the last checkpoint
doubles as a cache of the trained weights. The versions that key the
checkpoints are :mod:`rglib.models.training`'s; the greedy stack of RBMs is
:mod:`rglib.models.stack`; other initial weights (block-spin, RGM) are
:mod:`rglib.models.init`.

Speed on CUDA: a training step does the five matrix products CD-1 needs
(the weight update is one product over the positive and negative phase
together) and a few element-wise passes; the per-epoch measures stay on the
device and reach the host only at checkpoints, so the GPU is never waited
for inside an epoch. The precision of the float32 matrix products is an
explicit choice (``precision="fp32"`` or ``"tf32"``), recorded in every
checkpoint key.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from tqdm import tqdm

from ..profiles import PRECISIONS
from ..runtime import cache
from ..runtime.backend import require_torch_device
from ..runtime.progress import show_progress
from ..runtime.validation import (
    require_choice,
    require_fits_in_memory,
    require_integer,
    require_path,
    require_positive_finite,
    require_real,
)
from . import fused_sampling, training

DTYPES = (torch.float32, torch.float64)
#: What the hidden units contribute to the statistics (A12), (A13), (A16), (A17): the
#: sampled +-1 units (the paper's reading, the default) or their means E[h | v] = tanh(v W + b_h).
HIDDEN_STATISTICS = ("samples", "means")

# Independent random streams derived from one seed (see derive_seed): the model's
# own two, then those of training (fit) and of the stack (rglib.models.stack),
# listed together so that no two share a number.
INITIAL_WEIGHTS_STREAM = 0
TRAINING_STREAM = 1
MONITOR_STREAM = 2
STACK_SAMPLES_STREAM = 3
FUSED_SAMPLING_STREAM = 4
MONITOR_SAMPLES = 1_000
# On CUDA, the per-epoch measures are copied to the host at checkpoints, at the
# end, and at least this often (seconds), to refresh the progress bar.
_HOST_REFRESH_SECONDS = 2.0

ArrayLike = npt.ArrayLike | torch.Tensor

logger = logging.getLogger(__name__)


class RBM(torch.nn.Module):
    """A restricted Boltzmann machine with +-1 visible and hidden units.

    Parameters
    ----------
    n_visible, n_hidden : int
        Numbers of visible and hidden units (at least 1); a weight that would
        not fit in this machine's memory is a ValueError naming both.
    weight : array_like or torch.Tensor of shape (n_visible, n_hidden), optional
        Initial couplings W of Eq. (A1), copied (training never changes the
        caller's array). Default: Glorot (Xavier) *uniform*,
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
    fused_sampling : bool
        Whether training draws its +-1 units with the fused CUDA kernel of
        :mod:`rglib.models.fused_sampling` (one pass instead of five torch
        kernels): on CUDA in float32 where CuPy is present. Its units come
        from their own Philox stream, keyed by ``sampling_key`` and numbered
        by ``sampling_draw``, so a fused training differs draw by draw from
        the torch path's (it is recorded in the checkpoint key). Set it to
        False before :meth:`fit` to train with the torch kernels.
    sampling_key : tuple of two int
        The fused kernel's Philox key, derived from ``seed``.
    sampling_draw : torch.Tensor
        One int64 on ``device``: the fused kernel's next draw number (saved
        in checkpoints, like the generator state).
    history_ : dict of str to list of float
        Set by :meth:`fit`; one value per epoch under each key (see
        :func:`rglib.models.rbm.fit`).
    precision_ : str
        Set by :meth:`fit`: the matrix-product precision it trained with.
    cuda_graph_ : bool
        Set by :meth:`fit`: whether its epochs ran as a replayed CUDA graph
        (see :func:`rglib.models.training.cuda_graphs_enabled`).

    Notes
    -----
    Arguments that are unit states (``v``, ``h``, ``v_data``, ``chain``) must
    hold only +1 and -1 (``hidden_mean`` and ``visible_mean`` and the
    probabilities also take means in [-1, 1]); NaN, infinities, complex
    numbers, booleans and unsigned integers are refused with a ValueError or
    TypeError naming the argument.

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
        self.device = require_torch_device(device)
        if dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {DTYPES}, got {dtype!r}")
        self.dtype = dtype
        itemsize = torch.finfo(dtype).bits // 8
        require_fits_in_memory("n_visible x n_hidden", (self.n_visible, self.n_hidden),
                               (8 + itemsize) * self.n_visible * self.n_hidden,
                               "the weight (made in float64, then cast)")
        if weight is None:
            weight = glorot_uniform(self.n_visible, self.n_hidden, self.seed)
        shapes = {"weight": (self.n_visible, self.n_hidden), "visible_bias": (self.n_visible,),
                  "hidden_bias": (self.n_hidden,)}
        given = {"weight": weight, "visible_bias": visible_bias, "hidden_bias": hidden_bias}
        for name, shape in shapes.items():
            values = np.zeros(shape) if given[name] is None else given[name]
            # copy=True: a float64 array given with dtype=float64 is not shared (fit changes it in place)
            tensor = _parameter(name, values, shape).to(device=self.device, dtype=dtype, copy=True)
            setattr(self, name, torch.nn.Parameter(tensor, requires_grad=False))
        self.generator = torch.Generator(device=self.device)
        self.generator.manual_seed(derive_seed(self.seed, TRAINING_STREAM))
        self.fused_sampling = (self.device == "cuda" and dtype == torch.float32
                               and fused_sampling.available())
        key = derive_seed(self.seed, FUSED_SAMPLING_STREAM)
        self.sampling_key = (key & 0xFFFFFFFF, key >> 32)
        self.sampling_draw = torch.zeros(1, dtype=torch.int64, device=self.device)
        self._plus_one = torch.ones((), dtype=dtype, device=self.device)
        self._minus_one = -self._plus_one

    # ----------------------------------------------------------------- model
    def energy(self, v: ArrayLike, h: ArrayLike) -> torch.Tensor:
        """The energy E(v, h) of Eq. (A1).

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)
        h : array_like, shape (n_hidden,) or (n, n_hidden)
            With both 2-D, the same ``n`` (a ValueError otherwise).

        Returns
        -------
        torch.Tensor, shape () or (n,)

        Examples
        --------
        >>> rbm = RBM(2, 1, weight=[[0.5], [-1.0]], visible_bias=[0.1, 0.2], hidden_bias=[0.3])
        >>> round(float(rbm.energy([1, 1], [1])), 6)  # -(0.5 - 1.0) - (0.1 + 0.2) - 0.3
        -0.1
        """
        v = self._states("v", v, self.n_visible)
        h = self._states("h", h, self.n_hidden)
        if v.ndim == h.ndim == 2 and len(v) != len(h):
            raise ValueError(f"h must hold as many states as v ({len(v)} rows), got {len(h)} rows; "
                             f"or give one state of either to pair with every state of the other")
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
        return self._free_energy(self._states("v", v, self.n_visible))

    def hidden_mean(self, v: ArrayLike) -> torch.Tensor:
        """E[h | v] = tanh(v W + b_h), the mean of the +-1 hidden units given v.

        Parameters
        ----------
        v : array_like, shape (n_visible,) or (n, n_visible)
            +-1 states, or unit means in [-1, 1] (mean-field inputs).

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
        return self._hidden_mean(self._states("v", v, self.n_visible, means=True))

    def visible_mean(self, h: ArrayLike) -> torch.Tensor:
        """E[v | h] = tanh(h W^T + b_v), the mean of the +-1 visible units given h.

        Parameters
        ----------
        h : array_like, shape (n_hidden,) or (n, n_hidden)
            +-1 states, or unit means in [-1, 1] (mean-field inputs).

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
        return self._visible_mean(self._states("h", h, self.n_hidden, means=True))

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
        v = self._states("v", v, self.n_visible)
        return self._sample(self._hidden_field(v), self._generator(generator))

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
        h = self._states("h", h, self.n_hidden)
        return self._sample(self._visible_field(h), self._generator(generator))

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
        return self._hidden_mean(self._states("v", v, self.n_visible))

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
        return self._reconstruct(self._states("v", v, self.n_visible))

    def binarize(self, means: ArrayLike, generator: torch.Generator | None = None) -> torch.Tensor:
        """+-1 states with the given means: unit i is +1 with probability (1 + m_i) / 2.

        This is how ``fit(..., binarize=True)`` turns grey data into the +-1
        states the model of Appendix A is defined on: a grey level p in
        [0, 1] enters as the mean m = 2p - 1, i.e. as the probability p that
        the unit is +1. Means of exactly +1 or -1 give that state.

        Parameters
        ----------
        means : array_like, shape (n_visible,) or (n, n_visible)
            Unit means in [-1, 1].
        generator : torch.Generator, optional
            Default: :attr:`generator`. Unit i is +1 when a uniform draw in
            [0, 1) is below (1 + m_i) / 2.

        Returns
        -------
        torch.Tensor, same shape as ``means``

        Examples
        --------
        >>> RBM(3, 1).binarize([1.0, -1.0, 1.0]).tolist()
        [1.0, -1.0, 1.0]
        """
        means = self._states("means", means, self.n_visible, means=True)
        generator = self._generator(generator, any_device=True)
        return self._binarize(means, self.generator if generator is None else generator)

    # -------------------------------------------------------------- gradient
    def contrastive_divergence(
        self,
        v_data: ArrayLike,
        k: int = 1,
        generator: torch.Generator | None = None,
        chain: ArrayLike | None = None,
        hidden_statistics: str = "samples",
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
        hidden_statistics : {"samples", "means"}
            ``"samples"`` (default): h^ and h~ in (A12), (A13), (A16), (A17)
            are the sampled +-1 units, as Appendix A says. ``"means"``: they
            are the means tanh(v^ W + b_h) and tanh(v~ W + b_h) of the units
            given v^ and v~ (the chain is still driven by the sampled h^, and
            the last h~ is not drawn).

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
        means = require_choice("hidden_statistics", hidden_statistics, HIDDEN_STATISTICS) == "means"
        v_hat = self._states("v_data", v_data, self.n_visible, ndim=2)
        if chain is not None:
            chain = self._states("chain", chain, self.n_visible, ndim=2)
        return self._contrastive_divergence(v_hat, k, self._generator(generator), chain, means)

    def _contrastive_divergence(
        self, v_hat: torch.Tensor, k: int, generator: torch.Generator | None,
        chain: torch.Tensor | None, means: bool = False,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """:meth:`contrastive_divergence` on validated tensors (``means``: hidden means in the statistics)."""
        field = self._hidden_field(v_hat)
        h_hat_mean = torch.tanh(field) if means else None
        h_hat = self._sample(field, generator)
        h_tilde = h_hat if chain is None else self._sample(self._hidden_field(chain), generator)
        for step in range(k):
            v_tilde = self._sample(self._visible_field(h_tilde), generator)
            field = self._hidden_field(v_tilde)
            h_tilde = torch.tanh(field) if means and step == k - 1 else self._sample(field, generator)
        if means:
            h_hat = h_hat_mean
        # One fused GEMM for the model term: beta * <v h>_data + alpha * v~^T h~.
        grad_weight = torch.addmm(v_hat.T @ h_hat, v_tilde.T, h_tilde,
                                  beta=1.0 / len(v_hat), alpha=-1.0 / len(v_tilde))
        grad_visible_bias = v_hat.mean(0) - v_tilde.mean(0)
        grad_hidden_bias = h_hat.mean(0) - h_tilde.mean(0)
        return grad_weight, grad_visible_bias, grad_hidden_bias, v_tilde

    def fit(self, data: ArrayLike, epochs: int, batch_size: int, lr: float, k: int = 1,
            **options) -> RBM:
        """Train by stochastic gradient ascent on the CD-k gradient; return ``self``.

        The module's :func:`rglib.models.rbm.fit` with this model: the same arguments
        and keyword ``options`` (``persistent``, ``binarize``, ``held_out``,
        checkpoints, ``progress``, ``precision``), documented there.

        Examples
        --------
        >>> import numpy as np
        >>> data = np.random.default_rng(0).choice([-1, 1], size=(50, 6))
        >>> rbm = RBM(6, 3, seed=0).fit(data, epochs=2, batch_size=10, lr=0.01)
        >>> len(rbm.history_["reconstruction_error"])
        2
        """
        return fit(self, data, epochs, batch_size, lr, k, **options)

    # ------------------------------------------------------- private helpers
    def _generator(self, generator, any_device: bool = False) -> torch.Generator | None:
        """A given ``generator``, checked to be a torch.Generator on the model's device (None passes)."""
        if generator is None:
            return None
        if not isinstance(generator, torch.Generator):
            raise TypeError(
                f"generator must be a torch.Generator (or None for the model's own), "
                f"got {type(generator).__name__}"
            )
        if not any_device and generator.device.type != torch.device(self.device).type:
            raise ValueError(
                f"generator is on {generator.device.type} but the model is on {self.device}; "
                f"make it with torch.Generator(device={self.device!r})"
            )
        return generator

    def _states(
        self, name: str, values: ArrayLike, size: int, *, ndim: int | None = None,
        means: bool = False,
    ) -> torch.Tensor:
        """Validated unit states as a tensor of the model's dtype on its device.

        Entries must be +-1; with ``means``, any real number in [-1, 1] (the
        mean of a +-1 unit) is accepted too.
        """
        tensor = _real_tensor(name, values)
        if tensor.shape[-1:] != (size,) or tensor.ndim not in ((1, 2) if ndim is None else (ndim,)):
            expected = f"(n, {size})" if ndim == 2 else f"({size},) or (n, {size})"
            raise ValueError(f"{name} must have shape {expected}, got {tuple(tensor.shape)}")
        if means:
            if not bool((torch.isfinite(tensor) & (tensor.abs() <= 1)).all()):
                raise ValueError(
                    f"{name} must hold unit means: finite numbers in [-1, 1] (no NaN or inf)"
                )
        else:
            _require_spins(name, tensor)
        return tensor.to(device=self.device, dtype=self.dtype)

    def _hidden_field(self, v: torch.Tensor) -> torch.Tensor:
        """v W + b_h, for one state (1-D) or a batch (2-D), as one fused product."""
        return _affine(self.hidden_bias, v, self.weight)

    def _visible_field(self, h: torch.Tensor) -> torch.Tensor:
        """h W^T + b_v, for one state (1-D) or a batch (2-D), as one fused product."""
        return _affine(self.visible_bias, h, self.weight.T)

    def _hidden_mean(self, v: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self._hidden_field(v))

    def _visible_mean(self, h: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self._visible_field(h))

    def _reconstruct(self, v: torch.Tensor) -> torch.Tensor:
        return self._visible_mean(self._hidden_mean(v))

    def _free_energy(self, v: torch.Tensor) -> torch.Tensor:
        field = self._hidden_field(v)
        return -v @ self.visible_bias - torch.logaddexp(field, -field).sum(-1)

    def _sample(self, field: torch.Tensor, generator: torch.Generator | None,
                out: torch.Tensor | None = None) -> torch.Tensor:
        """+-1 units, +1 where a uniform draw is below (1 + tanh(field)) / 2; overwrites ``field``."""
        generator = self.generator if generator is None else generator
        probability = torch.tanh(field, out=field).add_(1).div_(2)
        uniform = torch.rand(field.shape, generator=generator, device=self.device, dtype=self.dtype)
        return torch.where(uniform < probability, self._plus_one, self._minus_one, out=out)

    def _binarize(self, means: torch.Tensor, generator: torch.Generator,
                  out: torch.Tensor | None = None) -> torch.Tensor:
        """+-1 states, +1 where a uniform draw (on ``generator``'s device) is below (1 + means) / 2."""
        probability = (1 + means) / 2
        uniform = torch.rand(means.shape, generator=generator, device=generator.device, dtype=self.dtype)
        return torch.where(uniform.to(self.device) < probability, self._plus_one, self._minus_one, out=out)


def require_rbm(rbm, name: str = "rbm") -> RBM:
    """``rbm`` if it is an :class:`RBM`, else ValueError naming the argument ``name``."""
    if not isinstance(rbm, RBM):
        raise ValueError(f"{name} must be an rglib.models.rbm.RBM, got {type(rbm).__name__}")
    return rbm


def set_parameters_(rbm, weight: ArrayLike, visible_bias: ArrayLike, hidden_bias: ArrayLike) -> RBM:
    """Copy a weight and biases into ``rbm``'s parameters (its dtype and device); return ``rbm``.

    Parameters
    ----------
    rbm : RBM
        The model whose parameters are overwritten.
    weight : array_like, shape (n_visible, n_hidden)
    visible_bias : array_like, shape (n_visible,)
    hidden_bias : array_like, shape (n_hidden,)

    Returns
    -------
    RBM
        ``rbm`` itself.

    Raises
    ------
    ValueError
        If ``rbm`` is not an RBM, or a shape differs from the RBM's, or a value is not finite.
    """
    require_rbm(rbm)
    given = {"weight": weight, "visible_bias": visible_bias, "hidden_bias": hidden_bias}
    tensors = {}
    for name, values in given.items():
        parameter = getattr(rbm, name)
        try:
            array = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{name} must be a real numeric array: {error}") from None
        if array.shape != tuple(parameter.shape):
            raise ValueError(f"{name} must have shape {tuple(parameter.shape)}, got {array.shape}")
        if not np.isfinite(array).all():
            raise ValueError(f"{name} must be finite; it contains NaN or infinity")
        tensors[name] = torch.as_tensor(array)
    with torch.no_grad():
        for name, tensor in tensors.items():
            parameter = getattr(rbm, name)
            parameter.copy_(tensor.to(device=parameter.device, dtype=parameter.dtype))
    return rbm


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


def glorot_uniform(n_visible: int, n_hidden: int, seed: int) -> torch.Tensor:
    """Glorot (Xavier) uniform weights, the RBM's default: U(-a, a), a = sqrt(6 / (n_visible + n_hidden)).

    Drawn in float64 on the CPU from the stream :data:`INITIAL_WEIGHTS_STREAM`
    of ``seed``, so that they do not depend on the device.

    Parameters
    ----------
    n_visible, n_hidden : int
        The numbers of units (checked by the caller).
    seed : int
        The model's seed.

    Returns
    -------
    torch.Tensor, shape (n_visible, n_hidden), float64
    """
    generator = torch.Generator().manual_seed(derive_seed(seed, INITIAL_WEIGHTS_STREAM))
    bound = (6.0 / (n_visible + n_hidden)) ** 0.5
    uniform = torch.rand(n_visible, n_hidden, generator=generator, dtype=torch.float64)
    return (2 * uniform - 1) * bound


def derive_seed(seed: int, stream: int, index: int = 0) -> int:
    """A 64-bit seed for one independent stream, from the user's seed (NumPy SeedSequence).

    Parameters
    ----------
    seed : int
        The user's seed (of a model, or of a stack).
    stream : int
        One of the streams listed at the top of this module (``*_STREAM``).
    index : int
        A further index within the stream (a stack's layer).

    Returns
    -------
    int
        In [0, 2**64).

    Examples
    --------
    >>> derive_seed(0, TRAINING_STREAM) == derive_seed(0, TRAINING_STREAM) != derive_seed(0, MONITOR_STREAM)
    True
    """
    sequence = np.random.SeedSequence(seed, spawn_key=(stream, index))
    return int(sequence.generate_state(1, np.uint64)[0])


def _affine(bias: torch.Tensor, states: torch.Tensor, matrix: torch.Tensor) -> torch.Tensor:
    if states.ndim == 1:
        return torch.addmm(bias, states[None], matrix)[0]
    return torch.addmm(bias, states, matrix)


def _real_tensor(name: str, values: ArrayLike) -> torch.Tensor:
    """``values`` as a tensor of a signed integer or floating type, or TypeError naming ``name``."""
    try:
        tensor = torch.as_tensor(values)
    except (TypeError, ValueError, RuntimeError) as error:
        raise TypeError(f"{name} must be a numeric array of +1 and -1: {error}") from None
    if tensor.is_complex() or tensor.dtype == torch.bool:
        raise TypeError(f"{name} must hold real +1 and -1 values, got dtype {tensor.dtype}")
    if not tensor.is_floating_point() and not tensor.is_signed():
        raise TypeError(
            f"{name} has the unsigned dtype {tensor.dtype}, which cannot hold -1; convert it "
            f"to a signed type first, e.g. 2 * {name}.astype(numpy.int8) - 1 for 0/1 data"
        )
    return tensor


def _require_spins(name: str, tensor: torch.Tensor) -> None:
    if not bool(((tensor == 1) | (tensor == -1)).all()):
        raise ValueError(
            f"{name} must contain only the values +1 and -1 (no NaN or inf); map 0/1 data "
            f"with 2 * x - 1 in a signed type"
        )


# ------------------------------------------------------------------ training
@dataclass(frozen=True)
class _Monitor:
    """Fixed tensors on which the per-epoch training measures are evaluated.

    ``sample`` is training data as given (states, or means with ``binarize``),
    ``states`` the +-1 states of the same rows (``sample`` itself, or one fixed
    draw); ``held_out_means`` is set only with ``binarize`` and held-out data.
    """

    sample: torch.Tensor
    states: torch.Tensor
    flipped: torch.Tensor
    train_subset: torch.Tensor | None
    held_out: torch.Tensor | None
    held_out_means: torch.Tensor | None = None

    @property
    def names(self) -> list[str]:
        """The names of the measures :func:`_measure` returns, in order."""
        names = ["reconstruction_error", "pseudo_log_likelihood"]
        if self.held_out is not None:
            names.append("free_energy_gap")
        if self.held_out_means is not None:
            names.append("held_out_reconstruction_error")
        return names


def fit(
    rbm: RBM,
    data: ArrayLike,
    epochs: int,
    batch_size: int,
    lr: float,
    k: int = 1,
    *,
    persistent: bool = False,
    binarize: bool = False,
    held_out: ArrayLike | None = None,
    checkpoint_every: int | None = None,
    checkpoint_path: str | os.PathLike | None = None,
    progress: bool | None = None,
    precision: str = "fp32",
    hidden_statistics: str = "samples",
    weight_decay: float = 0.0,
) -> RBM:
    """Train ``rbm`` in place by stochastic gradient ascent on the CD-k gradient.

    Every epoch shuffles the data with the model's
    :attr:`RBM.generator` and walks over all of it in
    batches of ``batch_size`` (the last, partial batch is included, so each
    epoch uses every sample once); each batch updates W += lr * grad_W,
    b_v += lr * grad_b_v, b_h += lr * grad_b_h with the gradients of
    :meth:`RBM.contrastive_divergence`. Training starts from
    the current parameters (those given to the constructor, or the Glorot
    initialization), so a second call continues training.

    Parameters
    ----------
    rbm : RBM
        The model to train.
    data : array_like or torch.Tensor, shape (n_samples, n_visible)
        Training vectors with entries +-1 (flatten lattices first:
        ``data.reshape(len(data), -1)``).
    epochs : int
        Total number of passes over the data (the paper: about 6000).
    batch_size : int
        Samples per update (the paper: 1000).
    lr : float
        Learning rate (the paper: 1e-3); at most the bound that keeps every
        parameter and field finite in the model's dtype over all the updates
        (each update adds at most ``2 lr`` to a parameter; about 1e29 for
        float32 at the paper's sizes): a larger one is a ValueError, before
        any training.
    k : int
        Gibbs steps of CD-k (the paper: 1).
    persistent : bool
        Persistent CD: the negative phase continues one chain of
        ``min(batch_size, n_samples)`` visible states from batch to batch
        (started at the first batch of data) instead of restarting at the data.
    binarize : bool
        False (default): ``data`` and ``held_out`` hold +-1 states. True:
        they hold unit *means* m in [-1, 1] (a grey level p in [0, 1]
        enters as m = 2p - 1), and each time a batch is used its +-1
        states are drawn afresh, v_i = +1 with probability (1 + m_i) / 2,
        from the model's generator (:meth:`RBM.binarize`).
        Training then follows the CD-k gradient of the log-likelihood of the
        +-1 distribution q(v) = (1/N) sum_n prod_i (1 + m_ni v_i) / 2: the
        model of Appendix A, unchanged, on data whose grey levels are the
        probabilities of white units. Part of the checkpoint key.
    held_out : array_like, shape (n_held_out, n_visible), optional
        Vectors not trained on (+-1 states, or means with ``binarize``),
        to monitor overfitting.
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
        :class:`~rglib.runtime.cache.CorruptCacheWarning`).
    progress : bool, optional
        Show a progress bar; default: if ``RGLIB_PROGRESS`` is set to a
        true value or stderr is a terminal.
    precision : {"fp32", "tf32"}
        Precision of the float32 matrix products: ``"fp32"`` (default)
        computes them in full float32; ``"tf32"`` lets CUDA tensor cores
        round their inputs to TF32 (10-bit mantissa, float32 accumulation),
        several times faster on recent NVIDIA GPUs. Only for
        ``device="cuda"`` with ``dtype=torch.float32``. Part of the
        checkpoint key, and recorded as ``rbm.precision_``.
    hidden_statistics : {"samples", "means"}
        What the hidden units contribute to the gradient's statistics (see
        :meth:`RBM.contrastive_divergence`): the sampled +-1 units of
        Appendix A (default), or their means. Part of the checkpoint key
        when ``"means"``.
    weight_decay : float
        An L2 penalty on W, which the paper does not use (default 0): each
        update is W += lr (grad_W - weight_decay W); the biases are not
        decayed. Part of the checkpoint key when not 0.

    Returns
    -------
    rbm

    Notes
    -----
    ``rbm.history_`` is a dict of lists with one float per epoch of this run
    (epochs restored from a checkpoint included):

    ``reconstruction_error``
        mean over samples and units of (v - reconstruct(v))^2, with v the
        data as given (the grey means themselves with ``binarize``);
    ``pseudo_log_likelihood``
        per visible unit, log sigmoid(F(v') - F(v)) averaged over samples,
        where v' is v with one site flipped (an unbiased estimate of
        mean_i log p(v_i | v_-i));
    ``free_energy_gap`` (only with ``held_out``)
        mean F(held_out) - mean F(train subset of the same size): it grows
        when the model overfits its training data (if ``held_out`` has
        more rows than ``data``, its first ``n_samples`` rows are used);
        with ``binarize``, of one fixed +-1 draw of each;
    ``held_out_reconstruction_error`` (only with ``binarize`` and ``held_out``)
        the reconstruction error of the same held-out means;
    ``seconds``
        wall time of the epoch, measurements included (on CUDA, where the
        measures reach the host only every few seconds, the mean over the
        epochs between two such copies).

    The first two are evaluated on a fixed random subset of at most
    ``MONITOR_SAMPLES`` training vectors, with flipped sites drawn once,
    so that epochs are comparable (with ``binarize``, the +-1 states of
    the pseudo-likelihood and the free energies are also drawn once); the
    random choices come from their own stream and do not touch the model's
    generator.

    Examples
    --------
    >>> import numpy as np
    >>> data = np.random.default_rng(0).choice([-1, 1], size=(50, 6))
    >>> rbm = fit(RBM(6, 3, seed=0), data, epochs=2, batch_size=10, lr=0.01)
    >>> len(rbm.history_["reconstruction_error"])
    2
    """
    require_rbm(rbm)
    epochs = require_integer("epochs", epochs, minimum=1)
    batch_size = require_integer("batch_size", batch_size, minimum=1)
    lr = require_positive_finite("lr", lr)
    k = require_integer("k", k, minimum=1)
    if not isinstance(persistent, bool):
        raise ValueError(f"persistent must be True or False, got {persistent!r}")
    if not isinstance(binarize, bool):
        raise ValueError(f"binarize must be True or False, got {binarize!r}")
    precision = require_precision(rbm, precision)
    rule = require_rule(hidden_statistics, weight_decay)
    if checkpoint_every is not None:
        checkpoint_every = require_integer("checkpoint_every", checkpoint_every, minimum=1)
        if checkpoint_path is None:
            raise ValueError("checkpoint_every needs checkpoint_path: give the file to save to")
    read = read_means if binarize else read_spins
    train, data_digest = read(rbm, "data", data)
    held, held_digest = (None, None) if held_out is None else read(rbm, "held_out", held_out)
    _require_stable_lr(rbm, lr, epochs * -(-len(train) // batch_size))
    key = run_key(rbm, data_digest, held_digest, epochs, batch_size, lr, k, persistent, precision,
                   binarize, *rule)
    path = require_path("checkpoint_path", checkpoint_path, allow_none=True)
    if path is not None:
        cache.require_writable(path, setting="checkpoint_path")
    monitor = _monitor(rbm, train, held, binarize)
    done, chain, rbm.history_ = _resume(rbm, path, key, epochs, monitor.names)
    rbm.precision_ = precision
    pending: list[torch.Tensor] = []  # per-epoch measures not yet copied to the host
    flushed_at = time.perf_counter()
    graph = None
    with _matmul_precision(precision), tqdm(
        total=epochs, initial=done, desc=f"RBM {rbm.n_visible}->{rbm.n_hidden} ({precision})",
        unit="epoch", disable=not show_progress(progress),
    ) as bar:
        if done < epochs and rbm.device == "cuda" and not persistent and training.cuda_graphs_enabled():
            graph = _EpochGraph.verified(rbm, train, batch_size, lr, k, binarize, *rule)
        rbm.cuda_graph_ = graph is not None
        while done < epochs:
            chain = _train_epoch(rbm, train, batch_size, lr, k, persistent, chain, binarize, graph,
                                 *rule)
            pending.append(_measure(rbm, monitor))
            done += 1
            bar.update()
            periodic = checkpoint_every is not None and done % checkpoint_every == 0
            save = path is not None and (done == epochs or periodic)
            waited = time.perf_counter() - flushed_at
            if save or done == epochs or rbm.device == "cpu" or waited > _HOST_REFRESH_SECONDS:
                last = _record(rbm, pending, time.perf_counter() - flushed_at, monitor.names)
                pending, flushed_at = [], time.perf_counter()
                bar.set_postfix(reconstruction_error=f"{last['reconstruction_error']:.4f}")
            if save:
                _save(rbm, path, key, done, chain)
    return rbm


def _require_stable_lr(rbm: RBM, lr: float, steps: int) -> None:
    """ValueError naming ``lr`` if ``steps`` updates of ``lr`` times a CD gradient could overflow the dtype.

    Every entry of a CD gradient is at most 2 in magnitude (a difference of
    means of products of +-1 units), so after ``steps`` updates a parameter is
    at most ``start + 2 lr steps`` in magnitude and a field (a sum over at most
    ``max(n_visible, n_hidden)`` units, plus a bias) at most
    ``max(n_visible, n_hidden) + 1`` times that. Below the bound nothing can
    become infinite (and then NaN); above it, it may.
    """
    largest = torch.finfo(rbm.dtype).max
    start = max(float(p.abs().max()) for p in (rbm.weight, rbm.visible_bias, rbm.hidden_bias))
    bound = (largest / (max(rbm.n_visible, rbm.n_hidden) + 1) - start) / (2 * steps)
    if lr > bound:
        raise ValueError(
            f"lr must be at most {bound:.3g} for {steps} updates of this {rbm.n_visible} -> "
            f"{rbm.n_hidden} RBM in {rbm.dtype}, got {lr:.3g}: each update may add 2 lr to a "
            f"parameter, and beyond the bound its fields can leave {rbm.dtype}'s range "
            f"(largest {largest:.3g}) and become inf, then NaN")


# ------------------------------------------------------------------ the data
def _data_matrix(rbm: RBM, name: str, values: ArrayLike) -> torch.Tensor:
    """``values`` as a real tensor of shape (n_samples >= 1, n_visible), or ValueError naming ``name``."""
    tensor = _real_tensor(name, values)
    if tensor.ndim != 2 or tensor.shape[0] < 1 or tensor.shape[1] != rbm.n_visible:
        raise ValueError(
            f"{name} must have shape (n_samples, {rbm.n_visible}) with n_samples >= 1, got "
            f"{tuple(tensor.shape)}; flatten lattices with {name}.reshape(len({name}), -1)"
        )
    return tensor


def read_means(rbm: RBM, name: str, values: ArrayLike) -> tuple[torch.Tensor, str]:
    """Training data given as unit means, checked, and the digest that keys their checkpoints.

    Parameters
    ----------
    rbm : RBM
        The model the data are for: their columns, device and dtype.
    name : str
        The argument's name, for the message (``"data"``, ``"held_out"``).
    values : array_like or torch.Tensor, shape (n_samples, n_visible)
        Unit means: finite numbers in [-1, 1] (``binarize=True`` of :func:`fit`).

    Returns
    -------
    means : torch.Tensor
        ``values`` on the model's device in its dtype.
    digest : str
        The SHA-256 of their float64 values (hex), as :func:`run_key` takes it.

    Raises
    ------
    TypeError, ValueError
        Naming ``name``, for values that are not such means of the model's visible units.
    """
    tensor = _data_matrix(rbm, name, values)
    if not bool((torch.isfinite(tensor) & (tensor.abs() <= 1)).all()):
        raise ValueError(
            f"{name} must hold unit means, finite numbers in [-1, 1], with binarize=True; "
            f"map grey levels p in [0, 1] with 2 * p - 1"
        )
    means = tensor.to(torch.float64).cpu().contiguous().numpy()
    digest = hashlib.sha256(f"means {means.shape}".encode())
    digest.update(memoryview(means).cast("B"))
    return tensor.to(device=rbm.device, dtype=rbm.dtype), digest.hexdigest()


def read_spins(rbm: RBM, name: str, values: ArrayLike) -> tuple[torch.Tensor, str]:
    """Training data given as +-1 states, checked, and the digest that keys their checkpoints.

    Parameters
    ----------
    rbm : RBM
        The model the data are for: their columns, device and dtype.
    name : str
        The argument's name, for the message (``"data"``, ``"held_out"``).
    values : array_like or torch.Tensor, shape (n_samples, n_visible)
        +1 and -1 only, in a signed or floating type.

    Returns
    -------
    spins : torch.Tensor
        ``values`` on the model's device in its dtype.
    digest : str
        The SHA-256 of exactly those values (hex), as :func:`run_key` takes it.

    Raises
    ------
    TypeError, ValueError
        Naming ``name``, for values that are not +-1 states of the model's visible units.
    """
    tensor = _data_matrix(rbm, name, values)
    _require_spins(name, tensor)
    # The values are exactly +-1 (checked above), so their int8 form is lossless.
    spins = tensor.to(torch.int8).cpu().contiguous().numpy()
    digest = hashlib.sha256(str(spins.shape).encode())
    digest.update(memoryview(spins).cast("B"))
    return tensor.to(device=rbm.device, dtype=rbm.dtype), digest.hexdigest()


def require_precision(rbm: RBM, precision: str) -> str:
    """``precision`` if ``rbm`` can train with it (see :func:`fit`), else ValueError naming it.

    Parameters
    ----------
    rbm : RBM
        The model: ``"tf32"`` needs one on CUDA in float32.
    precision : {"fp32", "tf32"}
        The precision of the float32 matrix products.

    Returns
    -------
    str
        ``precision``.
    """
    require_choice("precision", precision, PRECISIONS)
    if precision == "tf32" and (rbm.device != "cuda" or rbm.dtype != torch.float32):
        raise ValueError(
            "precision='tf32' needs device='cuda' and dtype=torch.float32 (TF32 is a CUDA "
            f"tensor-core format), got device={rbm.device!r}, dtype={rbm.dtype}; "
            "use precision='fp32'"
        )
    return precision


def run_key(rbm: RBM, data_digest: str, held_digest: str | None, epochs: int, batch_size: int,
            lr: float, k: int, persistent: bool, precision: str, binarize: bool = False,
            hidden_statistics: str = "samples", weight_decay: float = 0.0) -> dict:
    """Everything that determines a training run of :func:`fit`, for its checkpoint.

    ``binarize`` enters the key only when True, ``hidden_statistics`` only when
    ``"means"``, ``weight_decay`` only when not 0, and the fused sampling kernel
    only when it is used, so that the keys (and the checkpoints) of the other
    runs are those they always were.

    Parameters
    ----------
    rbm : RBM
        The model before the run: its sizes, seed, device, dtype, and the
        digest of its initial parameters and generator state.
    data_digest, held_digest : str, str or None
        Digests of the training and held-out data (:func:`read_spins`, :func:`read_means`).
    epochs, batch_size, lr, k, persistent, precision, binarize, hidden_statistics, weight_decay
        The arguments of :func:`fit`, already checked.

    Returns
    -------
    dict
        The key (JSON-serialisable), as :mod:`rglib.runtime.cache` stores it.
    """
    fused = _uses_fused_sampling(rbm, persistent)
    initial = hashlib.sha256()
    state = (rbm.weight, rbm.visible_bias, rbm.hidden_bias, rbm.generator.get_state(),
             *((rbm.sampling_draw,) if fused else ()))
    for tensor in state:
        initial.update(tensor.detach().cpu().numpy().tobytes())
    return {
        "kind": "rbm-fit", "format": training.FORMAT_VERSION, "algorithm": training.ALGORITHM_VERSION,
        "n_visible": rbm.n_visible, "n_hidden": rbm.n_hidden,
        "initial_state": initial.hexdigest(), "data": data_digest, "held_out": held_digest,
        "epochs": epochs, "batch_size": batch_size, "lr": repr(lr), "k": k,
        "persistent": persistent, "seed": rbm.seed, "dtype": str(rbm.dtype),
        "device": rbm.device, "precision": precision,
    } | ({"binarize": "means drawn as +-1 states every batch"} if binarize else {}) | (
        {"sampling": "fused CUDA kernel, rglib.models.fused_sampling"} if fused else {}) | (
        {"hidden_statistics": hidden_statistics} if hidden_statistics != "samples" else {}) | (
        {"weight_decay": repr(weight_decay)} if weight_decay else {})


def require_rule(hidden_statistics: str, weight_decay: float) -> tuple[str, float]:
    """The update rule's options of :func:`fit`, checked: ``(hidden_statistics, weight_decay)``.

    Parameters
    ----------
    hidden_statistics : {"samples", "means"}
    weight_decay : float
        Finite and >= 0.

    Returns
    -------
    tuple of (str, float)

    Raises
    ------
    ValueError
        Naming the argument that is refused.
    """
    hidden_statistics = require_choice("hidden_statistics", hidden_statistics, HIDDEN_STATISTICS)
    weight_decay = require_real("weight_decay", weight_decay)
    if not math.isfinite(weight_decay) or weight_decay < 0:
        raise ValueError(f"weight_decay must be a finite number >= 0 (0: none), got {weight_decay!r}")
    return hidden_statistics, weight_decay


# ------------------------------------------------------------------ measures
def _monitor(rbm: RBM, train: torch.Tensor, held: torch.Tensor | None,
             binarize: bool = False) -> _Monitor:
    generator = torch.Generator().manual_seed(derive_seed(rbm.seed, MONITOR_STREAM))
    order = torch.randperm(len(train), generator=generator).to(rbm.device)
    sample = train[order[:MONITOR_SAMPLES]]
    sites = torch.randint(rbm.n_visible, (len(sample),), generator=generator).to(rbm.device)
    # With binarize, one fixed draw of +-1 states, after (so not changing) the draws above.
    states = rbm._binarize(sample, generator) if binarize else sample
    flipped = states.clone()
    rows = torch.arange(len(sample), device=rbm.device)
    flipped[rows, sites] = -flipped[rows, sites]
    if held is None:
        return _Monitor(sample, states, flipped, None, None)
    size = min(len(held), len(train))
    train_subset, held_subset = train[order[:size]], held[:size]
    if not binarize:
        return _Monitor(sample, states, flipped, train_subset, held_subset)
    return _Monitor(sample, states, flipped, rbm._binarize(train_subset, generator),
                    rbm._binarize(held_subset, generator), held_out_means=held_subset)


def _measure(rbm: RBM, monitor: _Monitor) -> torch.Tensor:
    """This epoch's measures (see :func:`fit`), in ``monitor.names`` order, on the device."""
    error = ((monitor.sample - rbm._reconstruct(monitor.sample)) ** 2).mean()
    gain = rbm._free_energy(monitor.flipped) - rbm._free_energy(monitor.states)
    values = [error, torch.nn.functional.logsigmoid(gain).mean()]
    if monitor.held_out is not None:
        held_out = rbm._free_energy(monitor.held_out).mean()
        values.append(held_out - rbm._free_energy(monitor.train_subset).mean())
    if monitor.held_out_means is not None:
        held_means = monitor.held_out_means
        values.append(((held_means - rbm._reconstruct(held_means)) ** 2).mean())
    return torch.stack(values)


def _record(rbm: RBM, pending: list[torch.Tensor], seconds: float, names: list[str]) -> dict[str, float]:
    """Copy pending per-epoch measures (named ``names``) to ``rbm.history_``; return the last epoch's."""
    rows = torch.stack(pending).double().cpu().tolist()  # the one wait for the device
    for row in rows:
        for name, value in zip(names, row):
            rbm.history_[name].append(value)
        rbm.history_["seconds"].append(seconds / len(rows))
    return dict(zip(names, rows[-1]))


# ------------------------------------------------------------------ the steps
def _train_epoch(rbm: RBM, data: torch.Tensor, batch_size: int, lr: float, k: int,
                 persistent: bool, chain: torch.Tensor | None,
                 binarize: bool = False, graph: _EpochGraph | None = None,
                 hidden_statistics: str = "samples", weight_decay: float = 0.0) -> torch.Tensor | None:
    """One pass over ``data`` in a fresh random order; the persistent chain after it."""
    order = torch.randperm(len(data), generator=rbm.generator, device=rbm.device)
    means = hidden_statistics == "means"
    if graph is not None:
        graph.replay(order)
        return None
    if not persistent:
        _cd_steps(rbm, data, order, batch_size, k, lr, binarize, means, weight_decay)
        return None
    for start in range(0, len(data), batch_size):
        batch = data[order[start:start + batch_size]]
        if binarize:
            batch = rbm._binarize(batch, rbm.generator)
        if chain is None:
            chain = batch
        grad_weight, grad_visible, grad_hidden, chain = rbm._contrastive_divergence(
            batch, k, None, chain, means
        )
        if weight_decay:
            rbm.weight.mul_(1 - lr * weight_decay)
        rbm.weight.add_(grad_weight, alpha=lr)
        rbm.visible_bias.add_(grad_visible, alpha=lr)
        rbm.hidden_bias.add_(grad_hidden, alpha=lr)
    return chain


def _cd_steps(rbm: RBM, data: torch.Tensor, order: torch.Tensor, batch_size: int, k: int,
              lr: float, binarize: bool, means: bool = False, decay: float = 0.0) -> None:
    """The CD-k updates of one epoch, batch by batch in ``order`` (no host synchronization)."""
    size = min(batch_size, len(data))
    visible = torch.empty(2 * size, rbm.n_visible, dtype=rbm.dtype, device=rbm.device)
    hidden = torch.empty(2 * size, rbm.n_hidden, dtype=rbm.dtype, device=rbm.device)
    for start in range(0, len(data), batch_size):
        _cd_step(rbm, data, order[start:start + batch_size], k, lr, visible, hidden, binarize,
                 means, decay)


def _cd_step(rbm: RBM, data: torch.Tensor, rows: torch.Tensor, k: int, lr: float,
             visible: torch.Tensor, hidden: torch.Tensor, binarize: bool = False,
             means: bool = False, decay: float = 0.0) -> None:
    """One CD-k update in place on the batch ``data[rows]``, in the preallocated buffers.

    With ``binarize``, the batch's means are first replaced by +-1 states
    drawn from them (:meth:`RBM.binarize`, with the model's
    generator). Then the same samples, drawn in the same order, as
    :meth:`RBM.contrastive_divergence` (with ``means``: its
    ``hidden_statistics="means"``); the update
    W += lr (<v h>_data - <v h>_model - decay W) is one matrix product over the stacked
    phases, [v^; v~]^T [h^; -h~] * lr / n, so W is read and written once.
    """
    n = len(rows)
    visible, hidden = visible[:2 * n], hidden[:2 * n]
    v_hat, v_tilde, h_hat, h_tilde = visible[:n], visible[n:], hidden[:n], hidden[n:]
    torch.index_select(data, 0, rows, out=v_hat)
    if binarize:
        _draw_units(rbm, v_hat, v_hat, binarize=True)
    field = rbm._hidden_field(v_hat)
    if means:  # the statistics take the means; the chain goes on from sampled units
        torch.tanh(field, out=h_hat)
        h_state = torch.empty_like(h_hat)
        _draw_units(rbm, field, h_state)
    else:
        _draw_units(rbm, field, h_hat)
        h_state = h_hat
    for step in range(k):
        _draw_units(rbm, rbm._visible_field(h_state), v_tilde)
        field = rbm._hidden_field(v_tilde)
        if not means:
            _draw_units(rbm, field, h_tilde)
            h_state = h_tilde
        elif step == k - 1:  # the last h~ enters the statistics only: its mean, no draw
            torch.tanh(field, out=h_tilde)
        else:
            _draw_units(rbm, field, h_state)
    visible_step = v_hat.sum(0) - v_tilde.sum(0)
    h_tilde.neg_()
    if decay:
        rbm.weight.mul_(1 - lr * decay)
    rbm.weight.addmm_(visible.T, hidden, alpha=lr / n)
    rbm.visible_bias.add_(visible_step, alpha=lr / n)
    rbm.hidden_bias.add_(hidden.sum(0), alpha=lr / n)


def _draw_units(rbm: RBM, field: torch.Tensor, out: torch.Tensor, binarize: bool = False) -> None:
    """+-1 units into ``out``, +1 with probability (1 + tanh(field)) / 2 (or (1 + field) / 2 to
    binarize means): the fused CUDA kernel where ``rbm.fused_sampling``, else the torch kernels
    with the model's generator. ``field`` may be overwritten."""
    if rbm.fused_sampling:
        fused_sampling.launch(field, out, rbm.sampling_draw, *rbm.sampling_key, binarize)
    elif binarize:
        rbm._binarize(field, rbm.generator, out=out)
    else:
        rbm._sample(field, None, out=out)


def _uses_fused_sampling(rbm: RBM, persistent: bool) -> bool:
    """Whether a fit draws with the fused kernel: its CD steps do (persistent CD keeps torch's)."""
    return rbm.fused_sampling and not persistent


@contextmanager
def _matmul_precision(precision: str):
    """Let float32 matrix products use TF32 (``"tf32"``) or not (``"fp32"``) inside the block."""
    before = torch.get_float32_matmul_precision()
    torch.set_float32_matmul_precision("high" if precision == "tf32" else "highest")
    try:
        yield
    finally:
        torch.set_float32_matmul_precision(before)


class _EpochGraph:
    """The CD-k steps of one epoch captured as a CUDA graph, replayed with a fresh order."""

    def __init__(self, rbm: RBM, data: torch.Tensor, batch_size: int, lr: float, k: int,
                 binarize: bool, stream: torch.cuda.Stream, hidden_statistics: str = "samples",
                 weight_decay: float = 0.0) -> None:
        self.order = torch.empty(len(data), dtype=torch.long, device=rbm.device)
        self.graph = torch.cuda.CUDAGraph()
        self.graph.register_generator_state(rbm.generator)
        with torch.cuda.graph(self.graph, stream=stream):
            _cd_steps(rbm, data, self.order, batch_size, k, lr, binarize,
                      hidden_statistics == "means", weight_decay)

    def replay(self, order: torch.Tensor) -> None:
        self.order.copy_(order)
        self.graph.replay()

    @classmethod
    def verified(cls, rbm: RBM, data: torch.Tensor, batch_size: int, lr: float, k: int,
                 binarize: bool, hidden_statistics: str = "samples",
                 weight_decay: float = 0.0) -> _EpochGraph | None:
        """A captured epoch that reproduces the eager epoch, or None; the model is left unchanged."""
        start = _snapshot(rbm)
        stream = torch.cuda.Stream(device=rbm.device)
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):  # the eager reference also warms up cuBLAS on this stream
            order = torch.randperm(len(data), generator=rbm.generator, device=rbm.device)
            _cd_steps(rbm, data, order, batch_size, k, lr, binarize,
                      hidden_statistics == "means", weight_decay)
        torch.cuda.current_stream().wait_stream(stream)
        reference = _snapshot(rbm)
        _restore(rbm, start)
        try:
            graph = cls(rbm, data, batch_size, lr, k, binarize, stream, hidden_statistics, weight_decay)
            _restore(rbm, start)
            graph.replay(torch.randperm(len(data), generator=rbm.generator, device=rbm.device))
            same = _matches(rbm, reference)
        except RuntimeError as error:
            graph, same = None, False
            logger.warning("CUDA graph capture failed (%s); training kernel by kernel", error)
        else:
            if not same:
                logger.warning("a replayed CUDA graph epoch differed from the eager epoch; "
                               "training kernel by kernel")
        _restore(rbm, start)
        return graph if same else None


# --------------------------------------------------------------- checkpoints
def _snapshot(rbm: RBM) -> tuple[torch.Tensor, ...]:
    """Copies of the parameters, the generator state and the fused kernel's draw number."""
    return (rbm.weight.detach().clone(), rbm.visible_bias.detach().clone(),
            rbm.hidden_bias.detach().clone(), rbm.generator.get_state(), rbm.sampling_draw.clone())


def _restore(rbm: RBM, snapshot: tuple[torch.Tensor, ...]) -> None:
    for parameter, saved in zip((rbm.weight, rbm.visible_bias, rbm.hidden_bias), snapshot):
        parameter.copy_(saved)
    rbm.generator.set_state(snapshot[3])
    rbm.sampling_draw.copy_(snapshot[4])


def _matches(rbm: RBM, snapshot: tuple[torch.Tensor, ...]) -> bool:
    """The same generator state and draw number as ``snapshot``, parameters equal to float rounding."""
    current = _snapshot(rbm)
    return (torch.equal(current[3], snapshot[3]) and torch.equal(current[4], snapshot[4])
            and all(torch.allclose(a, b, rtol=1e-5, atol=1e-6) for a, b in zip(current[:3], snapshot[:3])))


def _resume(rbm: RBM, path: Path | None, key: dict, epochs: int,
            measures: list[str]) -> tuple[int, torch.Tensor | None, dict[str, list[float]]]:
    """Epochs done, persistent chain and history (of ``measures``): from the checkpoint at ``path`` if any."""
    names = [*measures, "seconds"]
    found = None if path is None else cache.load(path, key, setting="checkpoint_path")
    if found is None:
        return 0, None, {name: [] for name in names}
    arrays, extra = found
    for name in ("weight", "visible_bias", "hidden_bias"):
        getattr(rbm, name).copy_(torch.from_numpy(arrays[name]))
    rbm.generator.set_state(torch.from_numpy(arrays["generator_state"]))
    if "sampling_draw" in arrays:  # checkpoints from before the fused kernel have none
        rbm.sampling_draw.copy_(torch.from_numpy(arrays["sampling_draw"]))
    chain = torch.from_numpy(arrays["chain"]).to(rbm.device) if "chain" in arrays else None
    history = {name: arrays[f"history_{name}"].tolist() for name in names}
    done = extra["epochs_done"]
    logger.info("resumed RBM training from %s at epoch %d of %d", path, done, epochs)
    return done, chain, history


def _save(rbm: RBM, path: Path, key: dict, done: int, chain: torch.Tensor | None) -> None:
    arrays = {name: getattr(rbm, name).detach().cpu().numpy()
              for name in ("weight", "visible_bias", "hidden_bias")}
    arrays["generator_state"] = rbm.generator.get_state().numpy()
    arrays["sampling_draw"] = rbm.sampling_draw.cpu().numpy()
    if chain is not None:
        arrays["chain"] = chain.cpu().numpy()
    for name, values in rbm.history_.items():
        arrays[f"history_{name}"] = np.asarray(values, dtype=np.float64)
    # On failure store() warns (CacheWriteWarning) and training carries on: the
    # model in memory is the result; only resuming from this epoch is lost.
    cache.store(path, arrays, key, extra={"epochs_done": done}, setting="checkpoint_path")
