"""The renormalization group machine (RGM): an RBM's parameters computed from data (Appendix C).

The construction, for training data of shape ``(n_samples, L_v**2)`` (a square
visible lattice) and a hidden lattice of side ``L_h``:

1. **Visible singular vectors** (Appendix C, Sec. II B idea 1). The top-``kappa``
   eigenvectors ``u_I`` of the data's second-moment matrix ``<v v^T>`` are Fourier
   transformed on the visible lattice (Eq. C2) and every mode outside the square
   ``|k_x| <= alpha, |k_y| <= alpha`` (both signs) is set to zero (Eq. C6).
   *Rule (open in the paper):* the paper's "data covariance matrix" is read as
   ``<v v^T>``, not centred: the paper identifies the biases with the top
   singular vectors (idea 4, Fig. 9), which a centred covariance, blind to the
   data's mean, could not give; for zero-mean data such as the Ising spins the
   two are the same matrix. ``centred=True`` uses the centred covariance. The
   kept square is symmetric under ``k -> -k``, so the coefficients keep the
   symmetry ``C_{-k} = conj(C_k)`` of a real field (Eq. C8, which the paper
   writes without the conjugation) and the low-passed fields are real.
2. The low-passed eigenvectors are no longer orthonormal. *Rule (open in the
   paper):* they are orthonormalised by Gram-Schmidt in the order of their
   eigenvalues, so the first keeps its direction and each next one adds only what
   is new. The span, the "visible subspace", is unchanged, and every vector is
   still band-limited. A set that spans fewer than ``kappa`` dimensions is refused.
3. **Hidden singular vectors** (Eq. C7, idea 2): the same Fourier coefficients on
   the hidden lattice,
   ``h_I(a, b) = 1/(L_h L_v) sum_{|x|,|y| <= alpha} C^I_{(x,y)} exp(i 2 pi (a x + b y) / L_h)``.
   For ``L_v = 2 L_h`` the prefactor is the paper's ``1/(2 L_h**2)``; in general
   ``1/(L_h L_v)`` is the factor that makes the map from visible to hidden vector
   an isometry (Parseval, since ``alpha < L_h / 2`` sends distinct modes to
   distinct modes), so the hidden vectors are orthonormal too and ``h_I`` is
   ``L_v / L_h`` times the visible field sampled every ``L_v / L_h`` sites: the
   paper's "multiplication by two". (C7 writes ``exp(-i ...)``; for real
   coefficients' symmetry this gives the same real field.)
4. **Singular values** (Eq. C10, idea 3): ``S_I = scale * |B^T v_I| / ||B||_2``, the
   norm of the block-spin coarse graining (Appendix E, :mod:`rglib.analysis.blockspin`,
   stride ``L_v / L_h``) of the unit vector ``v_I``. *Rules (open in the paper):*
   the block side defaults to twice the stride, the smallest block that overlaps
   its neighbours (Appendix E's Fig. 14; with non-overlapping blocks every ``S_I``
   would be equal and C10 would say nothing); and the block-spin matrix is divided
   by its largest singular value, so that the sum-or-average convention of the
   blocks drops out and the smoothest modes get ``S ~ scale``. ``scale`` (default
   1) is the overall scale the paper calls "the weakest part of our discussion".
5. **Weight** (Eq. C9): ``W = sum_I S_I v_I h_I^T``, of rank ``kappa``, with no
   Fourier power beyond ``alpha`` on either lattice; its singular values are the
   ``S_I`` and its singular vectors the ``v_I``, ``h_I``.
6. **Biases** (Sec. II B idea 4): the largest ``S_I`` times its visible and hidden
   vector. *Rule (the sign is open):* the sign is the one under which the mean
   training vector has a non-negative projection on the visible bias, so the
   biases favour the data ("they bias configurations towards the subspace on
   which the data is concentrated").

How ``kappa`` and ``alpha`` follow from the data (:func:`choose_kappa_alpha`)
is also left open by the paper; the rules used here are stated there.

The data enter only through the leading eigenpairs of their second-moment
matrix. :func:`data_spectrum` forms the matrix once (or, with fewer samples
than pixels, the smaller Gram matrix of the samples, which has the same
nonzero spectrum) and computes only the eigenpairs asked for
(:class:`DataSpectrum`); :func:`choose_kappa_alpha`,
:func:`rgm` and :func:`init_rbm_` accept it in place of the data, so that
choosing ``kappa`` and ``alpha`` and then building the machine decomposes the
matrix once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from ..analysis.blockspin import block_spin_singular_values, coarse_grain
from ..analysis.fourier import radial_fft
from ..runtime.validation import require_flag, require_integer, require_positive_finite
from .rbm import RBM, require_rbm, set_parameters_

__all__ = ["RGM", "DataSpectrum", "choose_kappa_alpha", "data_covariance", "data_spectrum", "init_rbm_",
           "low_pass", "rgm"]

#: Relative norm below which a low-passed eigenvector adds no new direction.
_DEPENDENCE_TOLERANCE = 1e-8
#: Eigenvalue, relative to the largest, below which a Gram-matrix eigenvalue counts as zero.
_RANK_TOLERANCE = 1e-10
#: Fraction of its peak below which the mean radial amplitude profile "vanishes";
#: the convention of :func:`rglib.analysis.parameters.effective_parameters`.
SPECTRUM_FLOOR = 0.05


@dataclass(frozen=True)
class RGM:
    """The parameters of a renormalization group machine and what they were built from.

    Attributes
    ----------
    weight : numpy.ndarray, shape (n_visible, n_hidden)
        ``W = sum_I S_I v_I h_I^T`` (Eq. C9).
    visible_bias, hidden_bias : numpy.ndarray
        Largest singular value times its visible (hidden) singular vector.
    singular_values : numpy.ndarray, shape (kappa,)
        The ``S_I`` of Eq. C10, in the order of the covariance eigenvalues.
    visible_vectors : numpy.ndarray, shape (kappa, n_visible)
        Orthonormal, band-limited ``v_I`` (rows).
    hidden_vectors : numpy.ndarray, shape (kappa, n_hidden)
        Orthonormal ``h_I`` (rows), the same Fourier coefficients on the hidden lattice.
    coefficients : numpy.ndarray of complex, shape (kappa, 2 alpha + 1, 2 alpha + 1)
        ``C^I_{(k,p)}`` for ``k, p = -alpha .. alpha`` (Eq. C6, of the orthonormalised ``v_I``).
    eigenvalues : numpy.ndarray, shape (kappa,)
        The top covariance eigenvalues the ``v_I`` come from.
    visible_side, hidden_side, kappa, alpha, block : int
        The geometry and the choices the construction used.
    scale : float
        The overall scale of the singular values.
    """

    weight: np.ndarray
    visible_bias: np.ndarray
    hidden_bias: np.ndarray
    singular_values: np.ndarray
    visible_vectors: np.ndarray
    hidden_vectors: np.ndarray
    coefficients: np.ndarray
    eigenvalues: np.ndarray
    visible_side: int
    hidden_side: int
    kappa: int
    alpha: int
    block: int
    scale: float

    @property
    def effective_parameters(self) -> int:
        """Real numbers that fix ``W`` (App. C): ``kappa`` real fields of ``(2 alpha + 1)**2`` modes.

        The ``S_I`` could be absorbed into the coefficients, so they are not
        counted (as the paper says below Eq. C8); a real field's coefficients on
        the symmetric square of ``(2 alpha + 1)**2`` modes are ``(2 alpha + 1)**2``
        real numbers (half of the complex ones are the conjugates of the others).
        """
        return self.kappa * (2 * self.alpha + 1) ** 2


def _data_matrix(data: ArrayLike) -> np.ndarray:
    """``data`` as a finite real 2-D array (float32 kept, anything else float64)."""
    try:
        array = np.asarray(data)
    except (TypeError, ValueError) as error:
        raise ValueError(f"data must be a real numeric array: {error}") from None
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number) or np.iscomplexobj(array):
        raise ValueError(f"data must be a real numeric array, got dtype {array.dtype}")
    if array.ndim != 2:
        raise ValueError(f"data must be 2-dimensional (n_samples, L_v**2), got shape {array.shape}")
    if len(array) < 2:
        raise ValueError(f"data must hold at least 2 samples to have a covariance, "
                         f"got {len(array)}")
    if array.dtype != np.float32:
        array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ValueError("data must contain only finite numbers (no NaN or inf)")
    return array


def _visible_side(n_visible: int) -> int:
    side = math.isqrt(n_visible)
    if side * side != n_visible:
        raise ValueError(f"data must have a square number of columns (an L_v x L_v lattice), "
                         f"got {n_visible}")
    return side


def data_covariance(data: ArrayLike, centred: bool = True) -> np.ndarray:
    """The covariance ``(X - m)^T (X - m) / n`` of the columns of ``data`` (or ``X^T X / n``).

    One matrix product, in the precision of ``data``: float32 data stay float32
    (the sums are exact for +-1 spins up to 2**24 samples), anything else is
    float64. The RGM's eigen-decomposition then runs in the same precision.

    Parameters
    ----------
    data : array_like, shape (n_samples, n_features)
        Finite, real; at least 2 samples.
    centred : bool
        Subtract the mean (default); False gives the second-moment matrix ``<v v^T>``.

    Returns
    -------
    numpy.ndarray, shape (n_features, n_features), float32 or float64

    Raises
    ------
    ValueError
        If ``data`` is not a finite real 2-D array of at least 2 rows.
    """
    array = _data_matrix(data)
    return _covariance(array, require_flag("centred", centred))


def _covariance(array: np.ndarray, centred: bool, mean: np.ndarray | None = None) -> np.ndarray:
    """:func:`data_covariance` in the precision of ``array`` (float32 or float64).

    ``mean``, the float64 column means, is computed when not given.
    """
    second = array.T @ array / array.dtype.type(len(array))
    if not centred:
        return second
    mean = array.mean(axis=0, dtype=np.float64) if mean is None else mean
    mean = mean.astype(array.dtype)
    return second - np.outer(mean, mean)


@dataclass(frozen=True, eq=False)
class DataSpectrum:
    """The leading eigenpairs of the data's second-moment (or covariance) matrix, computed once.

    Made by :func:`data_spectrum`. :func:`choose_kappa_alpha`, :func:`rgm` and
    :func:`init_rbm_` take it in place of the data, so that the matrix is
    formed and decomposed once for all of them::

        spectrum = data_spectrum(data)  # every eigenpair above the noise edge
        kappa, alpha = choose_kappa_alpha(spectrum, hidden_side)
        machine = rgm(spectrum, hidden_side, kappa=kappa, alpha=alpha)

    Attributes
    ----------
    eigenvalues : numpy.ndarray, shape (count,)
        The largest eigenvalues, descending.
    eigenvectors : numpy.ndarray, shape (count, n_visible)
        Their unit eigenvectors (rows).
    mean : numpy.ndarray, shape (n_visible,)
        The data's column means (float64).
    noise_edge : float
        The Marchenko-Pastur edge ``s2 (1 + sqrt(p / n))**2`` of ``n`` samples of
        ``p`` independent variables with the data's mean variance ``s2``.
    complete_above_edge : bool
        Whether every eigenvalue above ``noise_edge`` is held.
    n_samples, visible_side : int
        The data's rows, and the side of its square lattice.
    centred : bool
        Whether the matrix is the centred covariance (else ``<v v^T>``).
    """

    eigenvalues: np.ndarray
    eigenvectors: np.ndarray
    mean: np.ndarray
    noise_edge: float
    complete_above_edge: bool
    n_samples: int
    visible_side: int
    centred: bool


def data_spectrum(data: ArrayLike, count: int | None = None, *, centred: bool = False) -> DataSpectrum:
    """Form the data's second-moment (or covariance) matrix once and compute only the eigenpairs needed.

    One matrix product (:func:`data_covariance`), then one call of LAPACK's
    MRRR eigensolver (:func:`scipy.linalg.eigh`, driver ``evr``) restricted to
    the eigenpairs asked for: the reduction to tridiagonal form is the one
    cost of the full decomposition that remains; the eigenvectors not asked
    for are never computed. With fewer samples than variables (``n < p``, as
    for images enlarged to 200 x 200), the same eigenpairs come exactly from
    the ``n x n`` Gram matrix ``X X^T / n`` instead, in float64: its unit
    eigenvector ``a`` of eigenvalue ``lambda`` gives ``X^T a / sqrt(n lambda)``.
    The ``p x p`` matrix is then never formed (unless ``count`` asks for
    eigenvectors of the zero eigenvalues, which only it holds).

    Parameters
    ----------
    data : array_like, shape (n_samples, L_v**2)
        As :func:`rgm`.
    count : int, optional
        How many of the largest eigenpairs (``1 .. L_v**2``). Default: every
        eigenpair above the Marchenko-Pastur noise edge, which is what
        :func:`choose_kappa_alpha` needs.
    centred : bool
        The centred covariance instead of ``<v v^T>`` (default False).

    Returns
    -------
    DataSpectrum

    Raises
    ------
    ValueError
        Naming the argument: ``data`` as in :func:`rgm` (values whose squares
        the data's precision cannot hold included: data of any other
        magnitude are handled exactly, being divided by a power of two and
        their eigenvalues multiplied back), ``count`` not an integer in
        range, or ``centred`` not a bool.

    Examples
    --------
    >>> import numpy as np
    >>> data = np.random.default_rng(0).choice([-1.0, 1.0], size=(200, 64))
    >>> spectrum = data_spectrum(data, 3)
    >>> spectrum.eigenvalues.shape, spectrum.eigenvectors.shape
    ((3,), (3, 64))
    """
    array = _data_matrix(data)
    _visible_side(array.shape[1])
    if count is not None:
        count = require_integer("count", count, minimum=1)
        if count > array.shape[1]:
            raise ValueError(f"count must be at most the {array.shape[1]} columns of data, got {count}")
    return _decompose(array, count, require_flag("centred", centred))


def _decompose(array: np.ndarray, count: int | None, centred: bool) -> DataSpectrum:
    """:func:`data_spectrum` of a checked data matrix.

    The data are first divided by the power of two ``2**e`` nearest below
    their largest magnitude, and the eigenvalues (and noise edge) multiplied
    back by ``4**e`` (a ValueError naming ``data`` if they overflow or
    underflow then): exact in floating point (a power of two only shifts
    exponents), so that data of any magnitude give the spectrum of the same
    data at unit scale, scaled, instead of products that overflow to inf or
    underflow to 0. For +-1 spins ``e = 0`` and nothing changes.
    """
    n, p = array.shape
    mean = array.mean(axis=0, dtype=np.float64)
    exponent = _exponent(array)
    factor = 2.0**exponent
    if exponent:
        array = np.ldexp(array, -exponent)
    found = _gram_eigenpairs(array, count, centred, mean * 2.0**-exponent) if n < p else None
    if found is None:
        matrix = _covariance(array, centred, mean * 2.0**-exponent)
        variance = float(np.mean(np.diag(matrix) - (0.0 if centred else (mean * 2.0**-exponent) ** 2)))
        edge = _noise_edge(variance, n, p)
        values, vectors = scipy.linalg.eigh(matrix, driver="evr", overwrite_a=True, check_finite=False,
                                            **_subset(count, p, edge))
        vectors = vectors.T
    else:
        values, vectors, edge = found
    complete = count is None or count == p or bool(len(values) and values[0] <= edge)
    with np.errstate(over="ignore"):  # 4**e may itself overflow: multiply by 2**e twice
        values, edge = values[::-1] * factor * factor, np.float64(edge) * factor * factor
    if not (np.isfinite(values).all() and np.isfinite(edge)):
        raise _unrepresentable(array, float(np.max(np.abs(array))) * 2.0**exponent)
    return DataSpectrum(eigenvalues=values, eigenvectors=vectors[::-1], mean=mean,
                        noise_edge=edge, complete_above_edge=complete, n_samples=n,
                        visible_side=_visible_side(p), centred=centred)


def _exponent(array: np.ndarray) -> int:
    """``e`` with ``2**e`` the power of two at or below the data's largest magnitude.

    ValueError naming ``data`` when ``4**e`` (the scale of the eigenvalues) is
    below the normal range of the data's precision: the eigenvalues would
    lose their digits to underflow.
    """
    largest = float(np.max(np.abs(array)))
    if largest == 0.0:
        return 0
    exponent = math.frexp(largest)[1] - 1
    if 2 * exponent < math.log2(np.finfo(array.dtype).tiny):
        raise _unrepresentable(array, largest)
    return exponent


def _unrepresentable(array: np.ndarray, largest: float) -> ValueError:
    """The error for data whose eigenvalues overflow or underflow the data's precision."""
    limits = np.finfo(array.dtype)
    return ValueError(
        f"data must have magnitudes whose squares {array.dtype} can hold: its largest, {largest:.3g}, "
        f"makes eigenvalues of order {largest:.3g}**2 times up to {array.shape[1]} columns, outside "
        f"{limits.tiny:.3g} .. {limits.max:.3g}; divide data by a constant first (the eigenvalues "
        f"scale with its square, the eigenvectors do not change)")


def _noise_edge(variance: float, n: int, p: int) -> float:
    """The Marchenko-Pastur edge of ``n`` samples of ``p`` independent variables of ``variance``."""
    return variance * (1 + np.sqrt(p / n)) ** 2


def _subset(count: int | None, size: int, edge: float) -> dict:
    """:func:`scipy.linalg.eigh`'s selection: the top ``count`` of ``size``, or all above ``edge``."""
    if count is None:
        return {"subset_by_value": [edge, np.inf]}
    return {"subset_by_index": [size - count, size - 1]}


def _gram_eigenpairs(array: np.ndarray, count: int | None, centred: bool, mean: np.ndarray) -> tuple[
        np.ndarray, np.ndarray, float] | None:
    """The eigenpairs of :func:`_decompose`, ascending, from the ``n x n`` Gram matrix (``n < p``).

    With fewer samples than variables, ``X^T X / n`` (``p x p``) and ``X X^T / n``
    (``n x n``) share their nonzero eigenvalues, and a unit eigenvector ``a`` of
    the second gives the unit eigenvector ``X^T a / sqrt(n lambda)`` of the
    first: exact, at a cost of ``n**2 p`` instead of ``p**2 n`` (and
    ``n**3`` instead of ``p**3`` for the decomposition), which makes the RGM
    of a 200 x 200 lattice (``p = 40,000``) a matter of seconds. In float64
    whatever the data's precision (it is the small matrix). Returns None, for
    the ``p x p`` route, when ``count`` reaches beyond the data's numerical
    rank: the eigenvectors of the zero eigenvalues are not in the span of the
    data.
    """
    n, p = array.shape
    if count is not None and count > n:
        return None
    rows = array.astype(np.float64)
    if centred:
        rows -= mean
    variance = float(np.einsum("ij,ij->", rows, rows) / (n * p) - (0.0 if centred else np.mean(mean**2)))
    edge = _noise_edge(variance, n, p)
    values, vectors = scipy.linalg.eigh(rows @ rows.T / n, driver="evr", overwrite_a=True,
                                        check_finite=False, **_subset(count, n, edge))
    if len(values) and values[0] <= _RANK_TOLERANCE * values[-1]:
        return None
    return values, (rows.T @ vectors / np.sqrt(n * values)).T, edge


def _source(data: ArrayLike | DataSpectrum) -> tuple[np.ndarray | DataSpectrum, int]:
    """``data`` checked (a spectrum as it is), and its number of visible units."""
    if isinstance(data, DataSpectrum):
        return data, data.eigenvectors.shape[1]
    array = _data_matrix(data)
    return array, array.shape[1]


def _spectrum(source: np.ndarray | DataSpectrum, count: int, centred: bool | None) -> DataSpectrum:
    """The spectrum of a checked ``source`` with at least ``count`` eigenpairs (``count`` is kappa)."""
    if not isinstance(source, DataSpectrum):
        return _decompose(source, count, False if centred is None else require_flag("centred", centred))
    if centred is not None and require_flag("centred", centred) != source.centred:
        raise ValueError(f"centred must be None or the spectrum's own {source.centred} when data is a "
                         f"DataSpectrum, got {centred}")
    if count > len(source.eigenvalues):
        raise ValueError(f"kappa must be at most the {len(source.eigenvalues)} eigenpairs the spectrum "
                         f"holds, got {count}; make it with data_spectrum(data, count={count})")
    return source


def _square_mask(side: int, alpha: int) -> np.ndarray:
    """Boolean ``side x side`` mask (FFT order) of the modes with ``|k_x|, |k_y| <= alpha``."""
    keep = np.abs(np.fft.fftfreq(side) * side) <= alpha
    return np.outer(keep, keep)


def low_pass(fields: np.ndarray, side: int, alpha: int) -> np.ndarray:
    """Rows of ``fields`` with every Fourier mode outside ``|k_x|, |k_y| <= alpha`` set to zero (Eq. C6).

    Parameters
    ----------
    fields : numpy.ndarray, shape (n, side**2)
        Real fields on a ``side x side`` periodic lattice, one per row.
    side : int
        The lattice side.
    alpha : int
        The largest kept momentum (in units of ``2 pi / side``), in each direction.

    Returns
    -------
    numpy.ndarray, shape (n, side**2)
        The low-passed fields (real: the kept square is symmetric under ``k -> -k``).

    Examples
    --------
    >>> import numpy as np
    >>> wave = np.cos(2 * np.pi * np.arange(8) * 3 / 8)  # momentum 3 along x
    >>> field = np.add.outer(wave, np.ones(8)).reshape(1, -1)
    >>> np.allclose(low_pass(field, 8, 1), 1.0)  # only the constant (k = 0) part is kept
    True
    """
    spectra = np.fft.fft2(fields.reshape(-1, side, side)) * _square_mask(side, alpha)
    return np.fft.ifft2(spectra).real.reshape(len(fields), -1)


def _gram_schmidt(vectors: np.ndarray) -> np.ndarray:
    """Orthonormal rows spanning the rows of ``vectors`` (low-passed unit vectors), in order.

    A row whose part new to the earlier ones is below the tolerance (relative to
    the unit vector it was cut from) is a ValueError.
    """
    basis = np.zeros_like(vectors)
    for index, vector in enumerate(vectors):
        remainder = vector - basis[:index].T @ (basis[:index] @ vector)
        remainder = remainder - basis[:index].T @ (basis[:index] @ remainder)  # twice is enough
        norm = np.linalg.norm(remainder)
        if norm <= _DEPENDENCE_TOLERANCE:
            raise ValueError(
                f"kappa = {len(vectors)} is too large for alpha: the low-passed eigenvector "
                f"{index + 1} lies in the span of the earlier ones; lower kappa or raise alpha")
        basis[index] = remainder / norm
    return basis


def _hidden_vectors(visible: np.ndarray, visible_side: int, hidden_side: int, alpha: int) -> tuple[
        np.ndarray, np.ndarray]:
    """Eq. C7: the hidden vectors, and the kept coefficients ``(kappa, 2a+1, 2a+1)``."""
    spectra = np.fft.fft2(visible.reshape(-1, visible_side, visible_side))
    modes = np.arange(-alpha, alpha + 1)
    kept = spectra[:, modes[:, None] % visible_side, modes[None, :] % visible_side]
    placed = np.zeros((len(visible), hidden_side, hidden_side), dtype=complex)
    placed[:, modes[:, None] % hidden_side, modes[None, :] % hidden_side] = kept
    # ifft2 carries 1/L_h**2; Eq. C7's prefactor, in general 1/(L_h L_v), is that times L_h / L_v.
    hidden = np.fft.ifft2(placed).real * (hidden_side / visible_side)
    return hidden.reshape(len(visible), -1), kept


def _check_sizes(n_visible: int, hidden_side, kappa, alpha) -> tuple[int, int, int, int]:
    visible_side = _visible_side(n_visible)
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    if hidden_side >= visible_side or visible_side % hidden_side:
        raise ValueError(f"hidden_side must divide the visible side {visible_side} and be smaller, "
                         f"got {hidden_side}")
    alpha = require_integer("alpha", alpha, minimum=1)
    if 2 * alpha >= hidden_side:
        raise ValueError(f"alpha must be below half the hidden side {hidden_side} (so that the "
                         f"kept modes exist on the hidden lattice), got {alpha}")
    kappa = require_integer("kappa", kappa, minimum=1)
    limit = min(hidden_side**2, (2 * alpha + 1) ** 2)
    if kappa > limit:
        raise ValueError(f"kappa must be at most n_hidden = {hidden_side**2} and the number of kept "
                         f"Fourier modes (2 alpha + 1)**2 = {(2 * alpha + 1) ** 2}, got {kappa}")
    return visible_side, hidden_side, kappa, alpha


def _require_defined(eigenvalues: np.ndarray, largest: float, n_visible: int) -> None:
    """ValueError naming ``data`` and ``kappa`` if an eigenvalue used is at the rounding level.

    The eigenvectors of eigenvalues that rounding cannot tell from zero are
    arbitrary (any basis of the null space): all-zero data have only such,
    constant data all but one. The level, ``10 sqrt(p) eps largest``, is over
    ten times the largest rounding error measured on constant data (at most
    ``0.7 sqrt(p) eps largest`` for p = 64 and 1024 in float32 and float64,
    and p = 6400 in float64).
    """
    rounding = 10 * math.sqrt(n_visible) * np.finfo(eigenvalues.dtype).eps * max(float(largest), 0.0)
    varying = int(np.sum(eigenvalues > rounding))
    if varying < len(eigenvalues):
        raise ValueError(
            f"data must vary in at least kappa = {len(eigenvalues)} directions for the RGM's eigenvectors "
            f"to be defined, but only {varying} eigenvalues of <v v^T> exceed the rounding level "
            f"{rounding:.3g} (all-zero data have none, constant data one): lower kappa or use data that vary")


def rgm(
    data: ArrayLike | DataSpectrum,
    hidden_side: int,
    *,
    kappa: int,
    alpha: int,
    block: int | None = None,
    scale: float = 1.0,
    centred: bool | None = None,
) -> RGM:
    """Compute the parameters of an RBM from its training data (Appendix C, Eqs. C6-C10).

    See the module docstring for the construction and the rules chosen where
    the paper leaves a choice open.

    Parameters
    ----------
    data : array_like, shape (n_samples, L_v**2), or DataSpectrum
        Training vectors of a square ``L_v x L_v`` visible lattice, row-major:
        +-1 spins, or unit means in [-1, 1] for grey images. Finite and real.
        Or their :func:`data_spectrum` (at least ``kappa`` eigenpairs), so that
        a spectrum computed once serves :func:`choose_kappa_alpha` too.
    hidden_side : int
        ``L_h``: smaller than ``L_v`` and dividing it (the block-spin stride is
        ``L_v / L_h``).
    kappa : int
        Number of singular values kept: ``1 <= kappa <= min(L_h**2, (2 alpha + 1)**2)``.
    alpha : int
        Fourier cutoff of Eq. C6: ``1 <= alpha`` and ``2 alpha < L_h``.
    block : int, optional
        Block side of the block-spin rule C10 (default: twice the stride).
    scale : float
        Overall scale of the singular values (default 1).
    centred : bool, optional
        Eigenvectors of the centred covariance instead of ``<v v^T>``. Default:
        False for data; a spectrum's own (another value is refused).

    Returns
    -------
    RGM

    Raises
    ------
    ValueError
        Naming the argument: ``data`` not finite, not real, not 2-D or not of a
        square number of columns, or of magnitudes whose squares overflow or
        underflow; ``hidden_side``, ``kappa``, ``alpha``, ``block`` (at most
        ``L_v``) or ``scale`` out of range; ``kappa`` larger than the
        dimension the low-passed eigenvectors span, than the eigenpairs a
        spectrum holds, or than the directions the data vary in (all-zero
        data vary in none, constant data in one: beyond them the eigenvectors
        are arbitrary); or ``centred`` other than a spectrum's own.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.models.rgm import rgm
    >>> data = np.random.default_rng(0).choice([-1.0, 1.0], size=(200, 64))
    >>> machine = rgm(data, 4, kappa=3, alpha=1)
    >>> machine.weight.shape, int(np.linalg.matrix_rank(machine.weight))
    ((64, 16), 3)
    """
    source, n_visible = _source(data)
    visible_side, hidden_side, kappa, alpha = _check_sizes(n_visible, hidden_side, kappa, alpha)
    stride = visible_side // hidden_side
    block = 2 * stride if block is None else require_integer("block", block, minimum=1)
    if block > visible_side:
        raise ValueError(f"block must be at most the visible side {visible_side} (a larger block "
                         f"covers no more of the lattice), got {block}")
    scale = require_positive_finite("scale", scale)
    spectrum = _spectrum(source, kappa, centred)
    eigenvalues = spectrum.eigenvalues[:kappa]
    _require_defined(eigenvalues, spectrum.eigenvalues[0], n_visible)
    visible = _gram_schmidt(low_pass(spectrum.eigenvectors[:kappa], visible_side, alpha))
    hidden, coefficients = _hidden_vectors(visible, visible_side, hidden_side, alpha)
    norm = block_spin_singular_values(visible_side, block, stride)[0]
    singular_values = scale * np.linalg.norm(coarse_grain(visible, visible_side, block, stride), axis=1) / norm
    top = int(np.argmax(singular_values))
    sign = -1.0 if spectrum.mean @ visible[top] < 0 else 1.0
    weight = (visible.T * singular_values) @ hidden
    return RGM(
        weight=weight, visible_bias=sign * singular_values[top] * visible[top],
        hidden_bias=sign * singular_values[top] * hidden[top], singular_values=singular_values,
        visible_vectors=visible, hidden_vectors=hidden, coefficients=coefficients,
        eigenvalues=eigenvalues, visible_side=visible_side, hidden_side=hidden_side, kappa=kappa,
        alpha=alpha, block=block, scale=scale,
    )


def choose_kappa_alpha(data: ArrayLike | DataSpectrum, hidden_side: int) -> tuple[int, int]:
    """``kappa`` and ``alpha`` from the data alone, by rules fixed before any training.

    ``kappa``: the number of eigenvalues of ``<v v^T>`` (the matrix the
    construction uses) above the Marchenko-Pastur edge ``s2 (1 + sqrt(p / n))**2``
    of ``n`` samples of ``p`` independent variables with the data's mean variance
    ``s2`` (:attr:`DataSpectrum.noise_edge`; the noise edge of
    :func:`rglib.studies.section3.large_eigenvalue_count`):
    directions the data vary in more than noise would. For data with a mean, its
    direction is one of them.

    ``alpha``: the largest radial Fourier mode at which the root-mean-square
    radial amplitude profile of the top ``kappa`` unit eigenvectors of ``<v v^T>`` is still at
    least :data:`SPECTRUM_FLOOR` (5 %) of its peak, the cutoff convention of
    :func:`rglib.analysis.parameters.effective_parameters`, then brought into the allowed
    range ``1 .. ceil(L_h / 2) - 1``. Last, ``kappa`` is capped at the
    ``(2 alpha + 1)**2`` kept modes and at ``L_h**2``.

    Only the eigenpairs above the noise edge are computed
    (:func:`data_spectrum` with its default ``count``).

    Pure noise is refused only most of the time: at finite ``n`` the largest
    noise eigenvalue fluctuates about the edge, and exceeds it now and then.
    Measured on independent +-1 spins with ``hidden_side = L_v / 2``
    (``python benchmarks/kappa_alpha_noise.py 200``): accepted for 10 of 200
    seeds (5 %) at 4000 samples x 64 sites and 22 of 200 (11 %) at 400 x 256,
    with ``kappa`` then small. A refusal means no structure was found; a
    returned pair does not by itself prove structure.

    Parameters
    ----------
    data : array_like, shape (n_samples, L_v**2), or DataSpectrum
        The training data, or their :func:`data_spectrum` of ``<v v^T>``
        holding every eigenpair above the noise edge (its default), which
        :func:`rgm` can then reuse.
    hidden_side : int

    Returns
    -------
    (kappa, alpha) : tuple of int

    Raises
    ------
    ValueError
        As :func:`rgm` for ``data`` and ``hidden_side``; if no eigenvalue is
        above the noise edge (data without structure, though not always: see
        above); or for a spectrum of the
        centred covariance or one that may lack eigenpairs above the edge.
    """
    source, n_visible = _source(data)
    if require_integer("hidden_side", hidden_side, minimum=1) < 3:
        raise ValueError(f"hidden_side must be at least 3 (so that alpha = 1 is below half of it), "
                         f"got {hidden_side}")
    visible_side, hidden_side, _, _ = _check_sizes(n_visible, hidden_side, 1, 1)
    spectrum = source if isinstance(source, DataSpectrum) else _decompose(source, None, False)
    if spectrum.centred or not spectrum.complete_above_edge:
        raise ValueError("data must be the data, or a spectrum of <v v^T> (centred=False) with every "
                         "eigenpair above the noise edge: data_spectrum(data) with its default count")
    kappa = int(np.sum(spectrum.eigenvalues > spectrum.noise_edge))
    if kappa == 0:
        raise ValueError("data must have covariance eigenvalues above the Marchenko-Pastur "
                         "noise edge; these data look like independent noise")
    vectors = spectrum.eigenvectors[:min(kappa, hidden_side**2)]
    lattice = (visible_side, visible_side)
    power = np.mean([radial_fft(v.reshape(lattice)).power for v in vectors], axis=0)
    profile = np.sqrt(power / power.max())
    alpha = int(np.nonzero(profile >= SPECTRUM_FLOOR)[0].max())
    alpha = min(max(alpha, 1), math.ceil(hidden_side / 2) - 1)
    return min(kappa, (2 * alpha + 1) ** 2, hidden_side**2), alpha


def init_rbm_(rbm, data: ArrayLike | DataSpectrum, *, kappa: int, alpha: int,
              block: int | None = None, scale: float = 1.0, centred: bool | None = None) -> RBM:
    """Set an RBM's weight and biases to the RGM of ``data``, in place; return the RBM.

    In the style of :mod:`torch.nn.init`. The hidden side is
    ``sqrt(rbm.n_hidden)``; the other arguments are those of :func:`rgm`.

    Parameters
    ----------
    rbm : rglib.models.rbm.RBM
        ``n_visible`` must equal the data's columns (a spectrum's length), ``n_hidden`` a square.
    data, kappa, alpha, block, scale, centred
        As :func:`rgm`.

    Returns
    -------
    rglib.models.rbm.RBM
        ``rbm`` itself.

    Raises
    ------
    ValueError
        If ``rbm`` is not an RBM of matching sizes, or as :func:`rgm`.
    """
    hidden_side = math.isqrt(require_rbm(rbm).n_hidden)
    if hidden_side**2 != rbm.n_hidden:
        raise ValueError(f"rbm must have a square number of hidden units, got {rbm.n_hidden}")
    source, n_visible = _source(data)
    if n_visible != rbm.n_visible:
        raise ValueError(f"data must have rbm.n_visible = {rbm.n_visible} columns, got {n_visible}")
    machine = rgm(source, hidden_side, kappa=kappa, alpha=alpha, block=block, scale=scale,
                  centred=centred)
    set_parameters_(rbm, machine.weight, machine.visible_bias, machine.hidden_bias)
    return rbm
