"""Block-spin coarse graining as a matrix (Appendix E) and its singular values.

Conventions
-----------
A configuration of the ``L x L`` lattice is a vector of length ``L*L``,
flattened row-major: site ``(i, j)`` (row ``i``, column ``j``, both
``0..L-1``) has visible index ``i*L + j``.  With ``n = L // stride`` the block
spins form an ``n x n`` lattice, and block ``(I, J)`` has hidden index
``I*n + J``.

Block ``(I, J)`` covers the rows ``i`` with

.. math:: s I - h \\le i \\le s I - h + b - 1, \\qquad h = \\lfloor (b-1)/2 \\rfloor,

(``s`` the stride, ``b`` the block size) and the same range of columns ``j``
around ``s J``.  Sites outside ``0..L-1`` are discarded: the lattice has open
edges, nothing wraps around.  This is Appendix E's rule, "the first block
averaged is centred at the topmost and leftmost corner of the lattice ... any
elements ... that do not exist ... are discarded".  An odd block is centred
exactly on site ``(sI, sJ)``; an even block cannot be, and extends one site
further down (right) than up (left), so its centre is ``(sI + 1/2, sJ + 1/2)``.
With ``b = s`` the blocks ``[sI, sI + s - 1]`` tile the lattice without
overlap; with ``b > s`` neighbouring blocks overlap.

Each column of the matrix holds 1 on the sites of its block and 0 elsewhere,
so ``configuration @ matrix`` sums (the paper says "averages"; the two differ
by a constant factor only) each block.

Kronecker structure
-------------------
The rows and the columns of a block are chosen independently, so the 2-D
matrix is the Kronecker product ``B = B1 (x) B1`` of the 1-D matrix ``B1``
(shape ``L x n``).  Its singular values are therefore all products
``s_a * s_b`` of the ``n`` singular values of ``B1``: the ``n**2`` singular
values of an ``L**2 x n**2`` matrix cost one SVD of an ``L x n`` matrix.
Likewise, with ``B1 v_a = s_a u_a``, the singular vectors are the products
``B (v_a (x) v_b) = s_a s_b (u_a (x) u_b)``, separable fields on the two
lattices.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from rglib.analysis.modes import SingularModes, signed_modes
from rglib.runtime.validation import require_finite_array, require_fits_in_memory, require_integer

__all__ = [
    "BlockSizeMatch",
    "best_block_size",
    "best_block_size_of_values",
    "block_spin_matrix",
    "coarse_grain",
    "block_spin_modes",
    "block_spin_singular_values",
]


@dataclass(frozen=True, eq=False)
class BlockSizeMatch:
    """The block size whose singular values best match a weight matrix.

    Attributes
    ----------
    block : int
        The best candidate block size.
    scale : float
        The least-squares factor ``a`` that multiplies the block matrix's
        singular values.
    distance : float
        ``||s_W - a s_B|| / ||s_W||`` for the best block.
    candidates : numpy.ndarray
        The block sizes tried, in the order given.
    distances : numpy.ndarray
        The distance of each candidate.
    singular_values : numpy.ndarray
        Singular values ``s_W`` of the weight, descending.
    block_singular_values : numpy.ndarray
        ``a * s_B`` for the best block, descending.
    """

    block: int
    scale: float
    distance: float
    candidates: np.ndarray
    distances: np.ndarray
    singular_values: np.ndarray
    block_singular_values: np.ndarray


def _lattice(L, stride) -> tuple[int, int]:
    """Validate the lattice side and the stride."""
    L = require_integer("L", L, minimum=2)
    stride = require_integer("stride", stride, minimum=1)
    if L % stride:
        raise ValueError(f"L must be divisible by stride, got L = {L}, stride = {stride}")
    return L, stride


def _geometry(L, block, stride) -> tuple[int, int, int]:
    """Validate the lattice side, block size and stride."""
    L, stride = _lattice(L, stride)
    return L, require_integer("block", block, minimum=1), stride


def _block_spin_matrix_1d(L: int, block: int, stride: int) -> np.ndarray:
    """The 1-D factor ``B1``: entry ``[i, I]`` is 1 if site ``i`` lies in block ``I``."""
    first = stride * np.arange(L // stride) - (block - 1) // 2
    sites = np.arange(L)[:, None]
    return ((sites >= first) & (sites <= first + block - 1)).astype(np.float64)


def block_spin_matrix(L: int, block: int, stride: int = 2) -> np.ndarray:
    """Appendix E's block-spin matrix of an ``L x L`` lattice.

    Parameters
    ----------
    L : int
        Side of the visible lattice, at least 2 and divisible by ``stride``.
    block : int
        Side of each square block, at least 1.
    stride : int, default 2
        Distance, in sites, between neighbouring blocks (the paper uses 2).

    Returns
    -------
    numpy.ndarray
        Shape ``(L*L, (L//stride)**2)``, entries 0.0 or 1.0.  Entry
        ``[i*L + j, I*(L//stride) + J]`` is 1 when site ``(i, j)`` lies in
        block ``(I, J)``, which covers rows and columns
        ``stride*I - (block-1)//2 .. stride*I - (block-1)//2 + block - 1``
        (rows) and the same around ``stride*J`` (columns), clipped to the
        lattice (see the module docstring).

    Raises
    ------
    ValueError
        If ``L < 2``, ``block < 1``, ``stride < 1``, or ``L`` is not divisible
        by ``stride``; or if the matrix would not fit in this machine's memory
        (:func:`coarse_grain` and :func:`block_spin_singular_values` need no matrix).

    Examples
    --------
    >>> from rglib.analysis.blockspin import block_spin_matrix
    >>> B = block_spin_matrix(4, block=2)
    >>> B.shape
    (16, 4)
    >>> B[:, 0].reshape(4, 4).astype(int)  # block (0, 0): rows 0-1, columns 0-1
    array([[1, 1, 0, 0],
           [1, 1, 0, 0],
           [0, 0, 0, 0],
           [0, 0, 0, 0]])
    >>> block_spin_matrix(4, block=3)[:, 3].reshape(4, 4).astype(int)  # centred on (2, 2)
    array([[0, 0, 0, 0],
           [0, 1, 1, 1],
           [0, 1, 1, 1],
           [0, 1, 1, 1]])
    """
    L, block, stride = _geometry(L, block, stride)
    require_fits_in_memory("L", L, 8 * L**2 * (L // stride) ** 2,
                           "the L**2 x (L/stride)**2 matrix (coarse_grain needs no matrix)")
    factor = _block_spin_matrix_1d(L, block, stride)
    return np.kron(factor, factor)


def coarse_grain(fields: np.ndarray, L: int, block: int, stride: int = 2) -> np.ndarray:
    """``fields @ block_spin_matrix(L, block, stride)``, without building the matrix.

    By the Kronecker structure, the block spins of one field ``V`` (an
    ``L x L`` array) are ``B1^T V B1``: two products with the ``L x (L//stride)``
    factor instead of one with the ``L**2 x (L//stride)**2`` matrix, which at
    ``L = 200`` would hold 3.2 GB.

    Parameters
    ----------
    fields : numpy.ndarray, shape (m, L*L)
        Rows flattened row-major, as in :func:`block_spin_matrix`.
    L, block, stride : int
        As in :func:`block_spin_matrix`.

    Returns
    -------
    numpy.ndarray, shape (m, (L//stride)**2)
        The block sums of each row, flattened row-major.

    Raises
    ------
    ValueError
        As :func:`block_spin_matrix`, or if ``fields`` is not a finite real 2-D
        array with ``L*L`` columns.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.analysis.blockspin import block_spin_matrix, coarse_grain
    >>> fields = np.arange(32.0).reshape(2, 16)
    >>> bool(np.allclose(coarse_grain(fields, 4, block=3), fields @ block_spin_matrix(4, block=3)))
    True
    """
    L, block, stride = _geometry(L, block, stride)
    array = require_finite_array("fields", fields, ndim=2)
    if array.shape[1] != L * L:
        raise ValueError(f"fields must be 2-D with L*L = {L * L} columns, got shape {array.shape}")
    factor = _block_spin_matrix_1d(L, block, stride)
    return (factor.T @ array.reshape(-1, L, L) @ factor).reshape(len(array), -1)


def block_spin_singular_values(L: int, block: int, stride: int = 2) -> np.ndarray:
    """Singular values of :func:`block_spin_matrix`, without building it.

    They are all ``(L//stride)**2`` products ``s_a * s_b`` of the singular
    values of the 1-D factor ``B1`` (module docstring), computed with
    :func:`scipy.linalg.svdvals` of the ``L x (L//stride)`` matrix ``B1``.

    Parameters
    ----------
    L, block, stride : int
        As in :func:`block_spin_matrix`.

    Returns
    -------
    numpy.ndarray
        The ``(L//stride)**2`` singular values, descending.

    Raises
    ------
    ValueError
        As :func:`block_spin_matrix`.

    Examples
    --------
    Non-overlapping 2 x 2 blocks: every singular value is 2 (Appendix E 2).

    >>> from rglib.analysis.blockspin import block_spin_singular_values
    >>> block_spin_singular_values(8, block=2).round(12).tolist()
    [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    """
    L, block, stride = _geometry(L, block, stride)
    values = scipy.linalg.svdvals(_block_spin_matrix_1d(L, block, stride))
    return np.sort(np.outer(values, values).ravel())[::-1]


def block_spin_modes(L: int, block: int, stride: int = 2) -> SingularModes:
    """Singular values and vectors of :func:`block_spin_matrix`, from its 1-D factor.

    With ``B1 = sum_a s_a u_a v_a^T`` (``n = L // stride`` terms), mode
    ``(a, b)`` of the 2-D matrix has singular value ``s_a s_b``, visible field
    ``u_a[i] u_b[j]`` and hidden field ``v_a[I] v_b[J]``.  The modes are
    sorted by decreasing singular value (stable in ``a * n + b`` on ties, so
    ``(a, b)`` comes before ``(b, a)``), and signs follow the convention of
    :func:`rglib.analysis.modes.singular_modes`.  A degenerate pair ``s_a s_b =
    s_b s_a`` is returned as the two separable products; a general SVD may
    return any rotation of them.  This costs one SVD of the ``L x n`` factor
    instead of one of the ``L**2 x n**2`` matrix (seconds to a minute at
    ``L = 80`` on a small CPU).

    Parameters
    ----------
    L, block, stride : int
        As in :func:`block_spin_matrix`.

    Returns
    -------
    SingularModes
        ``n**2`` modes, visible fields of shape ``(L, L)`` and hidden fields
        of shape ``(n, n)``.

    Raises
    ------
    ValueError
        As :func:`block_spin_matrix`.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.analysis.blockspin import block_spin_matrix, block_spin_modes
    >>> modes = block_spin_modes(8, block=4)
    >>> modes.visible.shape, modes.hidden.shape
    ((16, 8, 8), (16, 4, 4))
    >>> B = block_spin_matrix(8, block=4)
    >>> bool(np.allclose(B @ modes.hidden[0].ravel(), modes.values[0] * modes.visible[0].ravel()))
    True
    """
    L, block, stride = _geometry(L, block, stride)
    n = L // stride
    left, values, right_t = scipy.linalg.svd(
        _block_spin_matrix_1d(L, block, stride), full_matrices=False
    )
    order = np.argsort(-np.outer(values, values).ravel(), kind="stable")
    a, b = np.divmod(order, n)
    visible = np.einsum("ik,jk->kij", left[:, a], left[:, b]).reshape(n * n, L * L)
    hidden = np.einsum("ki,kj->kij", right_t[a], right_t[b]).reshape(n * n, n * n)
    return signed_modes(values[a] * values[b], visible, hidden, (L, L), (n, n))


def _candidate_blocks(candidates, L: int, stride: int) -> np.ndarray:
    """Validate the candidate block sizes (default ``stride..L``)."""
    if candidates is None:
        return np.arange(stride, L + 1)
    values = np.asarray(candidates, dtype=object).ravel()
    if values.size == 0:
        raise ValueError("candidates must hold at least one block size")
    return np.array([require_integer("candidates", value, minimum=1) for value in values])


def best_block_size(
    weight: ArrayLike, L: int, stride: int = 2, candidates: ArrayLike | None = None
) -> BlockSizeMatch:
    """The block size whose block-spin singular values best match ``weight``'s.

    This is the comparison of the paper's Fig. 1, made quantitative.  With
    ``s_W`` the descending singular values of the weight and ``s_B(b)`` those
    of ``block_spin_matrix(L, b, stride)`` (both of length
    ``n_hidden = (L/stride)**2``), the overall scale is free (a trained weight
    is not a 0/1 matrix), so it is fixed by least squares,
    ``a = <s_W, s_B> / <s_B, s_B>``, and

    .. math:: d(b) = \\lVert s_W - a\\, s_B(b) \\rVert / \\lVert s_W \\rVert .

    The candidate with the smallest ``d`` wins (the first one listed, on a
    tie).  The whole curve is compared, index by index.  ``s_B`` comes from
    the Kronecker structure (:func:`block_spin_singular_values`), so trying
    all 80 candidates at ``L = 80`` costs 80 SVDs of ``80 x 40`` matrices.
    ``s_W`` is the square root of the eigenvalues of the ``n_hidden x
    n_hidden`` Gram matrix ``W^T W`` (:func:`scipy.linalg.eigvalsh`): about
    ten times faster than :func:`scipy.linalg.svdvals` at ``6400 x 1600``,
    with an absolute error of about ``1e-16 * s_max**2 / s`` (so singular
    values below about ``1e-8 s_max`` are not resolved, which does not
    matter for ``d``).

    Blocks smaller than the stride leave sites out of every block; like
    ``block = stride`` they have a flat spectrum (all singular values equal),
    so the singular values cannot tell them apart.  The default candidates
    therefore start at the stride.

    Parameters
    ----------
    weight : array_like
        Shape ``(L*L, (L//stride)**2)``: visible units by hidden units, with
        visible index ``i*L + j`` as in :func:`block_spin_matrix`.  Only its
        singular values are used, so the order of the sites does not matter.
    L : int
        Side of the visible lattice.
    stride : int, default 2
        Stride of the blocks.
    candidates : array_like of int, optional
        Block sizes to try; default ``stride, stride + 1, ..., L`` (a block
        of side ``L`` already covers most of the lattice from every centre).

    Returns
    -------
    BlockSizeMatch

    Raises
    ------
    ValueError
        If ``weight`` is not a finite real matrix of the shape above or is all
        zero, if ``candidates`` is empty or not positive integers, or as
        :func:`block_spin_matrix` for ``L`` and ``stride``.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.analysis.blockspin import best_block_size, block_spin_matrix
    >>> weight = 0.3 * block_spin_matrix(16, block=6)
    >>> match = best_block_size(weight, L=16)
    >>> match.block, round(match.scale, 6), round(match.distance, 6)
    (6, 0.3, 0.0)
    """
    L, stride = _lattice(L, stride)
    n_hidden = (L // stride) ** 2
    matrix = require_finite_array("weight", weight, ndim=2)
    if matrix.shape != (L * L, n_hidden):
        raise ValueError(
            f"weight must have shape (L*L, (L//stride)**2) = {(L * L, n_hidden)}, "
            f"got {matrix.shape}"
        )
    blocks = _candidate_blocks(candidates, L, stride)
    gram_eigenvalues = scipy.linalg.eigvalsh(matrix.T @ matrix)
    observed = np.sqrt(np.clip(gram_eigenvalues, 0.0, None))[::-1]
    if not observed.any():
        raise ValueError("weight must not be all zero")
    return _match(observed, L, stride, blocks)


def best_block_size_of_values(
    singular_values: ArrayLike, L: int, stride: int = 2, candidates: ArrayLike | None = None
) -> BlockSizeMatch:
    """:func:`best_block_size` from a weight's singular values alone.

    For a weight whose singular values are recorded but not the weight itself
    (the paper-scale results file, :mod:`rglib.meta.results_file`): the
    distance ``d(b)`` uses nothing else.

    Parameters
    ----------
    singular_values : array_like
        The ``(L//stride)**2`` singular values of the weight, descending,
        not negative and not all zero.
    L, stride, candidates
        As in :func:`best_block_size`.

    Returns
    -------
    BlockSizeMatch

    Raises
    ------
    ValueError
        If ``singular_values`` is not a finite 1-D array of that length,
        descending and not negative, or is all zero; as :func:`best_block_size`
        for the other arguments.

    Examples
    --------
    >>> from rglib.analysis.blockspin import best_block_size_of_values, block_spin_singular_values
    >>> match = best_block_size_of_values(0.3 * block_spin_singular_values(16, block=6), L=16)
    >>> match.block, round(match.scale, 6), round(match.distance, 6)
    (6, 0.3, 0.0)
    """
    L, stride = _lattice(L, stride)
    n_hidden = (L // stride) ** 2
    values = require_finite_array("singular_values", singular_values, ndim=1)
    if values.shape != (n_hidden,):
        raise ValueError(f"singular_values must hold (L//stride)**2 = {n_hidden} values, "
                         f"got {values.shape[0]}")
    if np.any(values < 0) or np.any(np.diff(values) > 0):
        raise ValueError("singular_values must be descending and not negative")
    if not values.any():
        raise ValueError("singular_values must not be all zero")
    return _match(values, L, stride, _candidate_blocks(candidates, L, stride))


def _match(observed: np.ndarray, L: int, stride: int, blocks: np.ndarray) -> BlockSizeMatch:
    """The best of ``blocks`` for the descending singular values ``observed`` (checked)."""
    norm = np.linalg.norm(observed)
    references = np.array([block_spin_singular_values(L, b, stride) for b in blocks])
    scales = references @ observed / np.einsum("ij,ij->i", references, references)
    distances = np.linalg.norm(observed - scales[:, None] * references, axis=1) / norm
    best = int(np.argmin(distances))
    return BlockSizeMatch(
        block=int(blocks[best]),
        scale=float(scales[best]),
        distance=float(distances[best]),
        candidates=blocks,
        distances=distances,
        singular_values=observed,
        block_singular_values=scales[best] * references[best],
    )
