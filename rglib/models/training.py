"""Training of an RBM by contrastive divergence: the fit loop, its checkpoints and resume.

:func:`fit` (also reached as :meth:`rglib.models.rbm.RBM.fit`) is plain
stochastic gradient ascent on the log-likelihood with the
contrastive-divergence estimate (A12)-(A17) of its gradient, as in
Appendix A of the paper (batches of 1000, learning rate 1e-3). Grey images
enter through the option ``binarize=True`` (see :func:`fit`): the data are
unit means, and every batch trains on fresh +-1 states drawn with those
means. Training can be checkpointed to disk (NumPy ``.npz`` through
:mod:`rglib.runtime.cache`, no pickle) and resumed bit for bit; the last checkpoint
doubles as a cache of the trained weights.

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
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from ..runtime import cache
from ..profiles import PRECISIONS
from ..runtime.progress import show_progress
from ..runtime.validation import require_choice, require_integer, require_positive_finite
from . import fused_sampling
from .rbm import (
    _MONITOR_STREAM, RBM, ArrayLike, _derive_seed, _real_tensor, _require_spins, require_rbm,
)

# The version of the checkpoint file's layout. Part of every checkpoint key (see
# _run_key), which names no module: moving this code out of rglib.rbm kept every
# cached checkpoint valid.
FORMAT_VERSION = 1
# The version of the training numerics: bump it whenever a change alters what
# training computes (not for comments or refactorings), so that checkpoints of
# the old numerics are not resumed. It is part of every checkpoint key.
ALGORITHM_VERSION = 2
MONITOR_SAMPLES = 1_000
CUDA_GRAPHS_ENVIRONMENT_VARIABLE = "RGLIB_CUDA_GRAPHS"
# On CUDA, the per-epoch measures are copied to the host at checkpoints, at the
# end, and at least this often (seconds), to refresh the progress bar.
_HOST_REFRESH_SECONDS = 2.0

logger = logging.getLogger(__name__)


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
) -> RBM:
    """Train ``rbm`` in place by stochastic gradient ascent on the CD-k gradient.

    Every epoch shuffles the data with the model's
    :attr:`~rglib.models.rbm.RBM.generator` and walks over all of it in
    batches of ``batch_size`` (the last, partial batch is included, so each
    epoch uses every sample once); each batch updates W += lr * grad_W,
    b_v += lr * grad_b_v, b_h += lr * grad_b_h with the gradients of
    :meth:`~rglib.models.rbm.RBM.contrastive_divergence`. Training starts from
    the current parameters (those given to the constructor, or the Glorot
    initialization), so a second call continues training.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
        The model to train.
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
    binarize : bool
        False (default): ``data`` and ``held_out`` hold +-1 states. True:
        they hold unit *means* m in [-1, 1] (a grey level p in [0, 1]
        enters as m = 2p - 1), and each time a batch is used its +-1
        states are drawn afresh, v_i = +1 with probability (1 + m_i) / 2,
        from the model's generator (:meth:`~rglib.models.rbm.RBM.binarize`).
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
    precision = _require_precision(rbm, precision)
    if checkpoint_every is not None:
        checkpoint_every = require_integer("checkpoint_every", checkpoint_every, minimum=1)
        if checkpoint_path is None:
            raise ValueError("checkpoint_every needs checkpoint_path: give the file to save to")
    read = _means if binarize else _spins
    train, data_digest = read(rbm, "data", data)
    held, held_digest = (None, None) if held_out is None else read(rbm, "held_out", held_out)
    key = _run_key(rbm, data_digest, held_digest, epochs, batch_size, lr, k, persistent, precision,
                   binarize)
    path = _checkpoint_file("checkpoint_path", checkpoint_path)
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
        if done < epochs and rbm.device == "cuda" and not persistent and cuda_graphs_enabled():
            graph = _EpochGraph.verified(rbm, train, batch_size, lr, k, binarize)
        rbm.cuda_graph_ = graph is not None
        while done < epochs:
            chain = _train_epoch(rbm, train, batch_size, lr, k, persistent, chain, binarize, graph)
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


def cuda_graphs_enabled() -> bool:
    """Whether :func:`fit` may replay a captured CUDA graph per epoch on CUDA.

    Every epoch of CD-k (not persistent) launches the same few hundred kernels;
    replaying them as one CUDA graph removes the per-kernel launch cost, which
    dominates for small layers. A fit captures the graph once and first checks
    it: one epoch replayed must give what the same epoch run kernel by kernel
    gives (the same generator state, and the same parameters to float
    rounding); otherwise it trains kernel by kernel, with a logged warning.
    ``RGLIB_CUDA_GRAPHS=0`` turns graphs off.
    """
    return os.environ.get(CUDA_GRAPHS_ENVIRONMENT_VARIABLE, "1").strip() not in ("0", "false", "no")


# ------------------------------------------------------------------ the data
def _checkpoint_file(name: str, value) -> Path | None:
    """``value`` (a checkpoint file or folder) as a Path, None if None, or TypeError naming ``name``."""
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a str or os.PathLike (or None), got {type(value).__name__}")
    return Path(value)


def _data_matrix(rbm: RBM, name: str, values: ArrayLike) -> torch.Tensor:
    """``values`` as a real tensor of shape (n_samples >= 1, n_visible), or ValueError naming ``name``."""
    tensor = _real_tensor(name, values)
    if tensor.ndim != 2 or tensor.shape[0] < 1 or tensor.shape[1] != rbm.n_visible:
        raise ValueError(
            f"{name} must have shape (n_samples, {rbm.n_visible}) with n_samples >= 1, got "
            f"{tuple(tensor.shape)}; flatten lattices with {name}.reshape(len({name}), -1)"
        )
    return tensor


def _means(rbm: RBM, name: str, values: ArrayLike) -> tuple[torch.Tensor, str]:
    """Validated unit means in [-1, 1] on the model's device, and the SHA-256 of their float64 values."""
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


def _spins(rbm: RBM, name: str, values: ArrayLike) -> tuple[torch.Tensor, str]:
    """Validated +-1 data on the model's device, and the SHA-256 of exactly those values."""
    tensor = _data_matrix(rbm, name, values)
    _require_spins(name, tensor)
    # The values are exactly +-1 (checked above), so their int8 form is lossless.
    spins = tensor.to(torch.int8).cpu().contiguous().numpy()
    digest = hashlib.sha256(str(spins.shape).encode())
    digest.update(memoryview(spins).cast("B"))
    return tensor.to(device=rbm.device, dtype=rbm.dtype), digest.hexdigest()


def _require_precision(rbm: RBM, precision: str) -> str:
    require_choice("precision", precision, PRECISIONS)
    if precision == "tf32" and (rbm.device != "cuda" or rbm.dtype != torch.float32):
        raise ValueError(
            "precision='tf32' needs device='cuda' and dtype=torch.float32 (TF32 is a CUDA "
            f"tensor-core format), got device={rbm.device!r}, dtype={rbm.dtype}; "
            "use precision='fp32'"
        )
    return precision


def _run_key(rbm: RBM, data_digest: str, held_digest: str | None, epochs: int, batch_size: int,
             lr: float, k: int, persistent: bool, precision: str, binarize: bool = False) -> dict:
    """Everything that determines a training run, for its checkpoint.

    ``binarize`` enters the key only when True, and the fused sampling kernel
    only when it is used, so that the keys (and the checkpoints) of the other
    runs are those they always were.
    """
    fused = _uses_fused_sampling(rbm, persistent)
    initial = hashlib.sha256()
    state = (rbm.weight, rbm.visible_bias, rbm.hidden_bias, rbm.generator.get_state(),
             *((rbm.sampling_draw,) if fused else ()))
    for tensor in state:
        initial.update(tensor.detach().cpu().numpy().tobytes())
    return {
        "kind": "rbm-fit", "format": FORMAT_VERSION, "algorithm": ALGORITHM_VERSION,
        "n_visible": rbm.n_visible, "n_hidden": rbm.n_hidden,
        "initial_state": initial.hexdigest(), "data": data_digest, "held_out": held_digest,
        "epochs": epochs, "batch_size": batch_size, "lr": repr(lr), "k": k,
        "persistent": persistent, "seed": rbm.seed, "dtype": str(rbm.dtype),
        "device": rbm.device, "precision": precision,
    } | ({"binarize": "means drawn as +-1 states every batch"} if binarize else {}) | (
        {"sampling": "fused CUDA kernel, rglib.models.fused_sampling"} if fused else {})


# ------------------------------------------------------------------ measures
def _monitor(rbm: RBM, train: torch.Tensor, held: torch.Tensor | None,
             binarize: bool = False) -> _Monitor:
    generator = torch.Generator().manual_seed(_derive_seed(rbm.seed, _MONITOR_STREAM))
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
                 binarize: bool = False, graph: _EpochGraph | None = None) -> torch.Tensor | None:
    """One pass over ``data`` in a fresh random order; the persistent chain after it."""
    order = torch.randperm(len(data), generator=rbm.generator, device=rbm.device)
    if graph is not None:
        graph.replay(order)
        return None
    if not persistent:
        _cd_steps(rbm, data, order, batch_size, k, lr, binarize)
        return None
    for start in range(0, len(data), batch_size):
        batch = data[order[start:start + batch_size]]
        if binarize:
            batch = rbm._binarize(batch, rbm.generator)
        if chain is None:
            chain = batch
        grad_weight, grad_visible, grad_hidden, chain = rbm._contrastive_divergence(
            batch, k, None, chain
        )
        rbm.weight.add_(grad_weight, alpha=lr)
        rbm.visible_bias.add_(grad_visible, alpha=lr)
        rbm.hidden_bias.add_(grad_hidden, alpha=lr)
    return chain


def _cd_steps(rbm: RBM, data: torch.Tensor, order: torch.Tensor, batch_size: int, k: int,
              lr: float, binarize: bool) -> None:
    """The CD-k updates of one epoch, batch by batch in ``order`` (no host synchronization)."""
    size = min(batch_size, len(data))
    visible = torch.empty(2 * size, rbm.n_visible, dtype=rbm.dtype, device=rbm.device)
    hidden = torch.empty(2 * size, rbm.n_hidden, dtype=rbm.dtype, device=rbm.device)
    for start in range(0, len(data), batch_size):
        _cd_step(rbm, data, order[start:start + batch_size], k, lr, visible, hidden, binarize)


def _cd_step(rbm: RBM, data: torch.Tensor, rows: torch.Tensor, k: int, lr: float,
             visible: torch.Tensor, hidden: torch.Tensor, binarize: bool = False) -> None:
    """One CD-k update in place on the batch ``data[rows]``, in the preallocated buffers.

    With ``binarize``, the batch's means are first replaced by +-1 states
    drawn from them (:meth:`~rglib.models.rbm.RBM.binarize`, with the model's
    generator). Then the same samples, drawn in the same order, as
    :meth:`~rglib.models.rbm.RBM.contrastive_divergence`; the update
    W += lr (<v h>_data - <v h>_model) is one matrix product over the stacked
    phases, [v^; v~]^T [h^; -h~] * lr / n, so W is read and written once.
    """
    n = len(rows)
    visible, hidden = visible[:2 * n], hidden[:2 * n]
    v_hat, v_tilde, h_hat, h_tilde = visible[:n], visible[n:], hidden[:n], hidden[n:]
    torch.index_select(data, 0, rows, out=v_hat)
    if binarize:
        _draw_units(rbm, v_hat, v_hat, binarize=True)
    _draw_units(rbm, rbm._hidden_field(v_hat), h_hat)
    h_state = h_hat
    for _ in range(k):
        _draw_units(rbm, rbm._visible_field(h_state), v_tilde)
        _draw_units(rbm, rbm._hidden_field(v_tilde), h_tilde)
        h_state = h_tilde
    visible_step = v_hat.sum(0) - v_tilde.sum(0)
    h_tilde.neg_()
    rbm.weight.addmm_(visible.T, hidden, alpha=lr / n)
    rbm.visible_bias.add_(visible_step, alpha=lr / n)
    rbm.hidden_bias.add_(hidden.sum(0), alpha=lr / n)


def _draw_units(rbm: RBM, field: torch.Tensor, out: torch.Tensor, binarize: bool = False) -> None:
    """+-1 units into ``out``, +1 with probability (1 + tanh(field)) / 2 (or (1 + field) / 2 to
    binarize means): the fused CUDA kernel where ``rbm.fused_sampling``, else the torch kernels
    with the model's generator. ``field`` may be overwritten."""
    if rbm.fused_sampling:
        fused_sampling._launch(field, out, rbm.sampling_draw, *rbm.sampling_key, binarize)
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
                 binarize: bool, stream: torch.cuda.Stream) -> None:
        self.order = torch.empty(len(data), dtype=torch.long, device=rbm.device)
        self.graph = torch.cuda.CUDAGraph()
        self.graph.register_generator_state(rbm.generator)
        with torch.cuda.graph(self.graph, stream=stream):
            _cd_steps(rbm, data, self.order, batch_size, k, lr, binarize)

    def replay(self, order: torch.Tensor) -> None:
        self.order.copy_(order)
        self.graph.replay()

    @classmethod
    def verified(cls, rbm: RBM, data: torch.Tensor, batch_size: int, lr: float, k: int,
                 binarize: bool) -> _EpochGraph | None:
        """A captured epoch that reproduces the eager epoch, or None; the model is left unchanged."""
        start = _snapshot(rbm)
        stream = torch.cuda.Stream(device=rbm.device)
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):  # the eager reference also warms up cuBLAS on this stream
            order = torch.randperm(len(data), generator=rbm.generator, device=rbm.device)
            _cd_steps(rbm, data, order, batch_size, k, lr, binarize)
        torch.cuda.current_stream().wait_stream(stream)
        reference = _snapshot(rbm)
        _restore(rbm, start)
        try:
            graph = cls(rbm, data, batch_size, lr, k, binarize, stream)
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
