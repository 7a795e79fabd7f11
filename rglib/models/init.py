"""An RBM's initial parameters as one argument of training: Xavier, block-spin or RGM.

``initialize_(rbm, method, data)`` sets the parameters of an
:class:`rglib.models.rbm.RBM` in place, in the style of :mod:`torch.nn.init`:

``"xavier"``
    Glorot (Xavier) uniform weights from the RBM's seed, zero biases: exactly the
    RBM's own default initialisation.
``"block-spin"``
    Appendix E's block-spin coarse graining (:func:`block_spin_weight`), zero
    biases: the initial condition of Sections II C (200 x 200 flowers) and II D.
``"rgm"``
    The renormalization group machine of Appendix C (:func:`rglib.models.rgm.rgm`),
    with ``kappa`` and ``alpha`` from :func:`rglib.models.rgm.choose_kappa_alpha`
    (the data's :func:`rglib.models.rgm.data_spectrum`, computed once, serves both).
    Needs the training data.
``"small-random"``
    Gaussian weights of standard deviation :data:`SMALL_RANDOM_STD` (1e-3)
    from the RBM's seed, zero biases: a start that, like Xavier's, treats
    every hidden unit alike but is almost zero (the initialisation study,
    :mod:`rglib.studies.initial_weights`). Not one of the paper's (:data:`INITIALIZATIONS`).

The block-spin weight uses the same two rules as the RGM's Eq. C10: blocks of
twice the stride (the smallest that overlap) and the matrix divided by its
largest singular value (so the sum-or-average convention of the blocks drops
out and the smoothest modes are passed with gain 1).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from numpy.typing import ArrayLike

from ..analysis.blockspin import block_spin_matrix, block_spin_singular_values
from ..runtime.validation import require_choice, require_integer
from .rbm import (
    INITIAL_WEIGHTS_STREAM,
    RBM,
    derive_seed,
    glorot_uniform,
    require_rbm,
    set_parameters_,
)
from .rgm import choose_kappa_alpha, data_spectrum, init_rbm_

__all__ = ["INITIALIZATIONS", "INITIAL_WEIGHTS_VERSION", "METHODS", "SMALL_RANDOM_STD",
           "block_spin_weight", "initialize_"]

#: The paper's initial conditions (Sections II B-D, Appendix C).
INITIALIZATIONS = ("xavier", "block-spin", "rgm")
#: The version of what :func:`initialize_` computes (here and in rglib.models.rgm): bump it with any
#: change that alters the initial weights, never for comments or refactorings. It keys cached
#: runs from these weights; tests/studies/test_initial_weights.py pins the weights of each version.
INITIAL_WEIGHTS_VERSION = 2
#: Standard deviation of the ``"small-random"`` weights.
SMALL_RANDOM_STD = 1e-3
#: Every method :func:`initialize_` knows: the paper's three and a small random start.
METHODS = (*INITIALIZATIONS, "small-random")


def block_spin_weight(visible_side: int, hidden_side: int, block: int | None = None) -> np.ndarray:
    """Appendix E's block-spin matrix ``L_v**2 -> L_h**2``, divided by its largest singular value.

    Parameters
    ----------
    visible_side, hidden_side : int
        ``L_v`` and ``L_h``, with ``L_h < L_v`` dividing it (stride ``L_v / L_h``).
    block : int, optional
        Block side; default twice the stride.

    Returns
    -------
    numpy.ndarray, shape (L_v**2, L_h**2)

    Raises
    ------
    ValueError
        Naming the argument out of range.

    Examples
    --------
    >>> import numpy as np
    >>> weight = block_spin_weight(8, 4)
    >>> weight.shape, round(float(np.linalg.norm(weight, 2)), 12)
    ((64, 16), 1.0)
    """
    visible_side = require_integer("visible_side", visible_side, minimum=2)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    if hidden_side >= visible_side or visible_side % hidden_side:
        raise ValueError(f"hidden_side must divide visible_side = {visible_side} and be smaller, "
                         f"got {hidden_side}")
    stride = visible_side // hidden_side
    block = 2 * stride if block is None else require_integer("block", block, minimum=1)
    matrix = block_spin_matrix(visible_side, block, stride)
    return matrix / block_spin_singular_values(visible_side, block, stride)[0]


def initialize_(rbm, method: str, data: ArrayLike | None = None) -> RBM:
    """Set ``rbm``'s initial parameters by ``method``, in place; return ``rbm``.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
        Square visible and hidden lattices for ``"block-spin"`` and ``"rgm"``.
    method : {"xavier", "block-spin", "rgm", "small-random"}
        See the module docstring.
    data : array_like, shape (n_samples, n_visible), optional
        The training data; required by ``"rgm"`` only.

    Returns
    -------
    rglib.models.rbm.RBM

    Raises
    ------
    ValueError
        Naming the argument: not an RBM, an unknown method, missing or bad data,
        or lattices that are not square.

    Examples
    --------
    >>> from rglib.models.rbm import RBM
    >>> rbm = initialize_(RBM(64, 16, seed=0), "block-spin")
    >>> round(float(rbm.weight.double().norm(p=2)), 3) > 0
    True
    """
    require_rbm(rbm)
    method = require_choice("method", method, METHODS)
    if method in ("xavier", "small-random"):
        if data is not None:
            raise ValueError(f"data must be None for method {method!r} (it does not use the data)")
        zeros_v, zeros_h = np.zeros(rbm.n_visible), np.zeros(rbm.n_hidden)
        if method == "xavier":
            weight = glorot_uniform(rbm.n_visible, rbm.n_hidden, rbm.seed)
        else:
            generator = torch.Generator().manual_seed(derive_seed(rbm.seed, INITIAL_WEIGHTS_STREAM))
            weight = SMALL_RANDOM_STD * torch.randn(rbm.n_visible, rbm.n_hidden, generator=generator,
                                                    dtype=torch.float64)
        return set_parameters_(rbm, weight, zeros_v, zeros_h)
    sides = [math.isqrt(n) for n in (rbm.n_visible, rbm.n_hidden)]
    if sides[0] ** 2 != rbm.n_visible or sides[1] ** 2 != rbm.n_hidden:
        raise ValueError(f"rbm must have square visible and hidden lattices for {method!r}, got "
                         f"{rbm.n_visible} -> {rbm.n_hidden} units")
    if method == "block-spin":
        if data is not None:
            raise ValueError("data must be None for method 'block-spin' (it does not use the data)")
        weight = block_spin_weight(*sides)
        return set_parameters_(rbm, weight, np.zeros(rbm.n_visible), np.zeros(rbm.n_hidden))
    if data is None:
        raise ValueError("data must be given for method 'rgm': the training data it is made from")
    spectrum = data_spectrum(data)
    kappa, alpha = choose_kappa_alpha(spectrum, sides[1])
    return init_rbm_(rbm, spectrum, kappa=kappa, alpha=alpha)
