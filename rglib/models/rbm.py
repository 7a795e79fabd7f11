"""The restricted Boltzmann machine with +-1 units: the model alone.

The model is that of Appendix A of the paper. Visible units v and hidden
units h take the values +-1 and the energy is Eq. (A1),

    E(v, h) = -v^T W h - b_v . v - b_h . h,

so that p(v, h) = exp(-E) / Z. The conditionals (A10), (A11) are

    p(h_a = +1 | v) = (1 + tanh((v W + b_h)_a)) / 2,
    p(v_i = +1 | h) = (1 + tanh((W h + b_v)_i)) / 2,

and summing over h gives the exact marginal p(v) = exp(-F(v)) / Z with the
free energy F(v) = -b_v . v - sum_a log(2 cosh((v W + b_h)_a)).

:meth:`RBM.contrastive_divergence` is the CD-k estimate (A12)-(A17) of the
log-likelihood gradient. Training on it (:meth:`RBM.fit`, checkpoints,
resume) is :mod:`rglib.models.training`; the greedy stack of RBMs is
:mod:`rglib.models.stack`; other initial weights (block-spin, RGM) are
:mod:`rglib.models.init`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import torch

from ..runtime.backend import require_torch_device
from ..runtime.validation import require_integer
from . import fused_sampling

DTYPES = (torch.float32, torch.float64)

# Independent random streams derived from one seed (see _derive_seed): the model's
# own two, then those of training (rglib.models.training) and of the stack
# (rglib.models.stack), listed together so that no two share a number.
_INITIAL_WEIGHTS_STREAM = 0
_TRAINING_STREAM = 1
_MONITOR_STREAM = 2
_STACK_SAMPLES_STREAM = 3
_FUSED_SAMPLING_STREAM = 4

ArrayLike = npt.ArrayLike | torch.Tensor


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
        :func:`rglib.models.training.fit`).
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
        self.fused_sampling = (self.device == "cuda" and dtype == torch.float32
                               and fused_sampling.available())
        key = _derive_seed(self.seed, _FUSED_SAMPLING_STREAM)
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
        v_hat = self._states("v_data", v_data, self.n_visible, ndim=2)
        if chain is not None:
            chain = self._states("chain", chain, self.n_visible, ndim=2)
        return self._contrastive_divergence(v_hat, k, self._generator(generator), chain)

    def _contrastive_divergence(
        self, v_hat: torch.Tensor, k: int, generator: torch.Generator | None,
        chain: torch.Tensor | None,
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """:meth:`contrastive_divergence` on validated tensors."""
        h_hat = self._sample(self._hidden_field(v_hat), generator)
        h_tilde = h_hat if chain is None else self._sample(self._hidden_field(chain), generator)
        for _ in range(k):
            v_tilde = self._sample(self._visible_field(h_tilde), generator)
            h_tilde = self._sample(self._hidden_field(v_tilde), generator)
        # One fused GEMM for the model term: beta * <v h>_data + alpha * v~^T h~.
        grad_weight = torch.addmm(v_hat.T @ h_hat, v_tilde.T, h_tilde,
                                  beta=1.0 / len(v_hat), alpha=-1.0 / len(v_tilde))
        grad_visible_bias = v_hat.mean(0) - v_tilde.mean(0)
        grad_hidden_bias = h_hat.mean(0) - h_tilde.mean(0)
        return grad_weight, grad_visible_bias, grad_hidden_bias, v_tilde

    def fit(self, data: ArrayLike, epochs: int, batch_size: int, lr: float, k: int = 1,
            **options) -> RBM:
        """Train by stochastic gradient ascent on the CD-k gradient; return ``self``.

        :func:`rglib.models.training.fit` with this model: the same arguments
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
        from .training import fit

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


def require_rbm(rbm) -> RBM:
    """``rbm`` if it is an :class:`RBM`, else ValueError naming it."""
    if not isinstance(rbm, RBM):
        raise ValueError(f"rbm must be an rglib.models.rbm.RBM, got {type(rbm).__name__}")
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


def _glorot_uniform(n_visible: int, n_hidden: int, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(_derive_seed(seed, _INITIAL_WEIGHTS_STREAM))
    bound = (6.0 / (n_visible + n_hidden)) ** 0.5
    uniform = torch.rand(n_visible, n_hidden, generator=generator, dtype=torch.float64)
    return (2 * uniform - 1) * bound


def _derive_seed(seed: int, stream: int, index: int = 0) -> int:
    """A 64-bit seed for one independent stream, from the user's seed (NumPy SeedSequence)."""
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
