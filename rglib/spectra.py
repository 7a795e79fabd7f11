"""Singular modes of a weight matrix, their Fourier spectra, and the RG tests.

The paper (Section II A, Appendices F and G) reads a trained weight matrix
through its singular value decomposition ``W = sum_k s_k u_k v_k^T``: the
visible singular vector ``u_k`` and the hidden one ``v_k`` are fields on the
visible (``Lv x Lv``) and hidden (``Lh x Lh``) lattices.  This module

- splits a weight into such modes with a fixed sign convention
  (:func:`singular_modes`);
- takes their radially averaged Fourier transforms (:func:`radial_fft`,
  Appendix F) and summarizes them by one number (:func:`radial_centroid`);
- scores the paper's central claim, that the hidden vector is the visible
  vector with its high-momentum modes discarded (:func:`rg_consistency`,
  built on :func:`discard_high_modes`);
- measures how well the top singular directions align with the data's
  principal axes (:func:`alignment_eigenvalues`, Eq. 1);
- counts effective parameters the paper's way and from measured spectra
  (:func:`paper_parameter_count`, :func:`effective_parameters`).

Conventions
-----------
Fields are flattened row-major, site ``(i, j)`` at index ``i*L + j``, as in
:mod:`rglib.blockspin`.  Fourier modes are counted in integer units: on an
``L x L`` lattice, mode ``(kx, ky)`` is ``exp(2 pi i (kx i + ky j) / L)``
with ``kx, ky`` in ``-L//2 .. (L-1)//2`` (for even ``L``: ``-L/2 .. L/2-1``).
Mode number ``n`` on the hidden lattice and mode number ``n`` on the visible
lattice have the same wavelength in units of the whole lattice (``L/n`` sites
of the lattice it lives on); this is the paper's "rescaling by two" when
``Lv = 2 Lh``.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from rglib.validation import require_finite_array, require_integer, require_positive_finite

__all__ = [
    "EffectiveParameters",
    "PaperParameterCount",
    "RGConsistency",
    "RadialSpectrum",
    "SingularModes",
    "alignment_eigenvalues",
    "discard_high_modes",
    "effective_parameters",
    "paper_parameter_count",
    "radial_centroid",
    "radial_fft",
    "rg_consistency",
    "singular_modes",
]

#: A visible vector whose entries sum to less than this (times ``sqrt(n)``,
#: the largest possible sum of a unit vector) counts as summing to zero in
#: the sign convention of :func:`singular_modes`; also the relative tolerance
#: within which two entries count as equally large there.
ZERO_SUM_TOLERANCE = 1e-9

#: :func:`rg_consistency` treats a visible field with less than this fraction
#: of its norm in the kept Fourier modes as having none (rounding level).
KEPT_FRACTION_FLOOR = 1e-12


# --------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SingularModes:
    """The singular value decomposition of a weight, as lattice fields.

    Attributes
    ----------
    values : numpy.ndarray
        Singular values, descending, length ``k = min(n_visible, n_hidden)``.
    visible : numpy.ndarray
        Shape ``(k, *visible_shape)``: ``visible[m]`` is the unit visible
        (left) singular vector of ``values[m]``.
    hidden : numpy.ndarray
        Shape ``(k, *hidden_shape)``: the matching unit hidden (right)
        singular vector, so that ``weight @ hidden[m].ravel() ==
        values[m] * visible[m].ravel()``.
    """

    values: np.ndarray
    visible: np.ndarray
    hidden: np.ndarray


@dataclass(frozen=True, eq=False)
class RadialSpectrum:
    """The radially averaged 2-D Fourier transform of a square field.

    Attributes
    ----------
    modes : numpy.ndarray
        Integer radial mode numbers ``0 .. r_max``.
    amplitude : numpy.ndarray
        Mean of ``|F(kx, ky)|`` over the modes of each annulus.
    power : numpy.ndarray
        Mean of ``|F(kx, ky)|**2`` over the modes of each annulus, so that
        ``sum(counts * power) == L**2 * sum(field**2)`` (Parseval).
    counts : numpy.ndarray
        Number of lattice modes in each annulus (never zero).
    """

    modes: np.ndarray
    amplitude: np.ndarray
    power: np.ndarray
    counts: np.ndarray


@dataclass(frozen=True)
class RGConsistency:
    """How well a hidden vector equals its visible vector with high modes discarded.

    Attributes
    ----------
    distance : float
        ``1 - |cos angle|`` between ``discard_high_modes(visible, Lh)`` and
        the hidden field: 0 when they are equal up to scale and sign.
    radial_distance : float
        ``|| p_v - p_h ||`` where ``p_v`` is the radial amplitude profile of
        ``discard_high_modes(visible, Lh)`` and ``p_h`` the hidden field's,
        each scaled to unit norm (0 when the profiles are proportional, at
        most ``sqrt(2)``).
    random_distance : float
        Mean ``distance`` of the visible field against Gaussian random hidden
        fields: the score of a hidden vector unrelated to the visible one.
    random_radial_distance : float
        Mean ``radial_distance`` against the same random fields.
    """

    distance: float
    radial_distance: float
    random_distance: float
    random_radial_distance: float


@dataclass(frozen=True)
class PaperParameterCount:
    """The paper's count of effective parameters (Section II A), stage by stage.

    Attributes
    ----------
    naive : int
        ``n_visible * n_hidden``, every weight.
    truncated : int
        ``kept_singular_values * n_visible``: one visible vector per kept
        singular value (idea 1, with idea 3 already used: the hidden vectors
        are not counted).
    fourier_factor : float
        ``(max_radial_mode / fourier_cutoff)**2``.
    effective : int
        ``truncated / fourier_factor``, rounded down (idea 2).
    """

    naive: int
    truncated: int
    fourier_factor: float
    effective: int


@dataclass(frozen=True, eq=False)
class EffectiveParameters:
    """Effective parameters of a weight, from its measured spectra.

    Attributes
    ----------
    singular_values : numpy.ndarray
        All singular values, descending.
    threshold : float
        Kept singular values are ``>= threshold * singular_values[0]``.
    kept : int
        Number of kept singular values.
    modes : numpy.ndarray
        Radial mode numbers ``0 .. max_radial_mode`` of the visible lattice.
    mean_profile : numpy.ndarray
        Root-mean-square radial amplitude of the kept visible vectors,
        ``sqrt(mean_k power_k(n))`` with ``power_k`` the annulus-mean
        ``|F|**2`` of vector ``k`` (:attr:`RadialSpectrum.power`), divided by
        its maximum over ``n``.
    spectrum_floor : float
        The profile "vanishes" where it is below ``spectrum_floor`` times the
        peak of ``mean_profile``.
    cutoff_mode : int
        ``alpha``: the largest mode where ``mean_profile`` is at least
        ``spectrum_floor * max(mean_profile)``; all higher modes are below.
    max_radial_mode : int
        ``r_max``, the largest radial mode of the visible lattice,
        ``round(sqrt(2) * (L/2))`` for even ``L``.
    lattice_modes : int
        Number of 2-D lattice Fourier modes in the annuli ``0 .. alpha``
        (radius below ``alpha + 1/2``).
    naive : int
        ``n_visible * n_hidden``.
    truncated : int
        ``kept * n_visible``.
    effective : int
        ``kept * lattice_modes``: each kept visible vector is a real field
        with ``lattice_modes`` non-zero Fourier modes, i.e. that many real
        parameters (``F(-k) = conj F(k)``).
    effective_paper_style : float
        ``kept * n_visible * (alpha / r_max)**2``, the paper's estimate of the
        same number.
    """

    singular_values: np.ndarray
    threshold: float
    kept: int
    modes: np.ndarray
    mean_profile: np.ndarray
    spectrum_floor: float
    cutoff_mode: int
    max_radial_mode: int
    lattice_modes: int
    naive: int
    truncated: int
    effective: int
    effective_paper_style: float


# --------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------


def _square_field(name: str, value) -> np.ndarray:
    """A square lattice field from an ``L x L`` array or a vector of length ``L*L``."""
    array = require_finite_array(name, value)
    if array.ndim == 1:
        side = math.isqrt(array.size)
        if side * side != array.size or side == 0:
            raise ValueError(
                f"{name} must have a perfect-square length L*L, got length {array.size}"
            )
        array = array.reshape(side, side)
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.size == 0:
        raise ValueError(f"{name} must be an L x L array or a vector of length L*L, "
                         f"got shape {array.shape}")
    if not np.any(array):
        raise ValueError(f"{name} must not be all zero")
    return array


def _shape(name: str, value) -> tuple[int, ...]:
    """A lattice shape: a tuple of positive integers (or one integer)."""
    if isinstance(value, numbers.Integral):
        value = (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise ValueError(f"{name} must be a tuple of positive integers, got {value!r}") from None
    if not items:
        raise ValueError(f"{name} must hold at least one dimension")
    return tuple(require_integer(name, item, minimum=1) for item in items)


def _weight(weight, visible_shape, hidden_shape) -> tuple[np.ndarray, tuple, tuple]:
    """Check that ``weight`` is a finite matrix matching the two lattice shapes."""
    visible_shape = _shape("visible_shape", visible_shape)
    hidden_shape = _shape("hidden_shape", hidden_shape)
    matrix = require_finite_array("weight", weight, ndim=2)
    expected = (math.prod(visible_shape), math.prod(hidden_shape))
    if matrix.shape != expected:
        raise ValueError(
            f"weight must have shape (prod(visible_shape), prod(hidden_shape)) = {expected}, "
            f"got {matrix.shape}"
        )
    return matrix, visible_shape, hidden_shape


# --------------------------------------------------------------------------
# Singular modes
# --------------------------------------------------------------------------


def _sign_convention(visible: np.ndarray) -> np.ndarray:
    """+1 or -1 per row of ``visible`` (unit vectors) that makes the row's sum positive.

    A row whose sum is zero within ``ZERO_SUM_TOLERANCE * sqrt(n)`` gets the
    sign that makes its first largest-magnitude entry positive instead
    (entries within ``ZERO_SUM_TOLERANCE`` of the largest magnitude, relative,
    count as tied, so that rounding does not pick among equal entries).
    """
    n = visible.shape[1]
    sums = visible.sum(axis=1)
    magnitude = np.abs(visible)
    tied = magnitude >= magnitude.max(axis=1, keepdims=True) * (1 - ZERO_SUM_TOLERANCE)
    fallback = np.sign(visible[np.arange(len(visible)), np.argmax(tied, axis=1)])
    return np.where(np.abs(sums) > ZERO_SUM_TOLERANCE * math.sqrt(n), np.sign(sums), fallback)


def singular_modes(
    weight: ArrayLike, visible_shape: tuple[int, ...], hidden_shape: tuple[int, ...]
) -> SingularModes:
    """Singular values and singular vectors of a weight, shaped as lattice fields.

    ``weight = sum_m values[m] * outer(visible[m].ravel(), hidden[m].ravel())``.
    Each pair ``(visible[m], hidden[m])`` is defined up to a common sign; the
    sign is chosen so that ``visible[m].sum() > 0``, or, if that sum is zero
    (below ``ZERO_SUM_TOLERANCE * sqrt(n_visible)``), so that the first of
    its largest-magnitude entries is positive.  Within a degenerate singular
    value the basis is whatever LAPACK returns; the pairing of visible and
    hidden vectors is still exact.

    Parameters
    ----------
    weight : array_like
        Real, finite, shape ``(prod(visible_shape), prod(hidden_shape))``:
        visible units by hidden units, each flattened row-major.
    visible_shape, hidden_shape : tuple of int
        Lattice shapes, e.g. ``(80, 80)`` and ``(40, 40)``.

    Returns
    -------
    SingularModes
        ``k = min(n_visible, n_hidden)`` modes.

    Raises
    ------
    ValueError
        If a shape is not positive integers, or ``weight`` is not a finite
        real matrix of the matching shape.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.spectra import singular_modes
    >>> weight = -np.diag([3.0, 1.0, 2.0, 0.5])
    >>> modes = singular_modes(weight, (2, 2), (4,))
    >>> modes.values.tolist()
    [3.0, 2.0, 1.0, 0.5]
    >>> modes.visible[0].tolist()  # sign chosen so that the visible sum is positive
    [[1.0, 0.0], [0.0, 0.0]]
    >>> float(modes.hidden[0][0])  # so the hidden vector carries the minus sign
    -1.0
    """
    matrix, visible_shape, hidden_shape = _weight(weight, visible_shape, hidden_shape)
    left, values, right_t = scipy.linalg.svd(matrix, full_matrices=False)
    return signed_modes(values, left.T, right_t, visible_shape, hidden_shape)


def signed_modes(
    values: np.ndarray,
    visible: np.ndarray,
    hidden: np.ndarray,
    visible_shape: tuple[int, ...],
    hidden_shape: tuple[int, ...],
) -> SingularModes:
    """Singular modes from paired singular vectors, with the sign convention applied.

    Parameters
    ----------
    values : numpy.ndarray, shape (k,)
        Singular values, descending.
    visible, hidden : numpy.ndarray, shapes (k, n_visible) and (k, n_hidden)
        Row m is the pair of unit singular vectors of ``values[m]``.
    visible_shape, hidden_shape : tuple of int
        Lattice shapes the rows are laid out on.

    Returns
    -------
    SingularModes
        Each pair's sign flipped together so that the visible vector sums to a
        positive number (see :func:`singular_modes`).

    Raises
    ------
    ValueError
        If an array is not finite and real, or the shapes do not match, naming it.
    """
    visible_shape = _shape("visible_shape", visible_shape)
    hidden_shape = _shape("hidden_shape", hidden_shape)
    values = require_finite_array("values", values, ndim=1)
    k = len(values)
    vectors = {}
    for name, rows, shape in (("visible", visible, visible_shape), ("hidden", hidden, hidden_shape)):
        vectors[name] = require_finite_array(name, rows, ndim=2)
        if vectors[name].shape != (k, math.prod(shape)):
            raise ValueError(
                f"{name} must have shape (len(values), prod({name}_shape)) = {(k, math.prod(shape))}, "
                f"got {vectors[name].shape}"
            )
    visible, hidden = vectors["visible"], vectors["hidden"]
    signs = _sign_convention(visible)[:, None]
    return SingularModes(
        values=values,
        visible=(visible * signs).reshape(k, *visible_shape),
        hidden=(hidden * signs).reshape(k, *hidden_shape),
    )


# --------------------------------------------------------------------------
# Radial Fourier transform
# --------------------------------------------------------------------------


def _integer_modes(L: int) -> np.ndarray:
    """Integer mode numbers of an ``L``-site axis, in :func:`numpy.fft.fft` order."""
    return np.rint(np.fft.fftfreq(L, d=1.0 / L)).astype(np.int64)


@lru_cache(maxsize=64)
def _annuli(L: int) -> np.ndarray:
    """Annulus index ``round(sqrt(kx**2 + ky**2))`` of each mode, zero frequency centred."""
    k = np.fft.fftshift(_integer_modes(L))
    annulus = np.rint(np.hypot(k[:, None], k[None, :])).astype(np.int64).ravel()
    annulus.flags.writeable = False
    return annulus


def _radial_profiles(fields: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean ``|F|``, mean ``|F|**2`` and counts per annulus, for a stack ``(..., L, L)``."""
    L = fields.shape[-1]
    magnitude = np.abs(np.fft.fftshift(np.fft.fft2(fields), axes=(-2, -1)))
    magnitude = magnitude.reshape(-1, L * L)
    annulus = _annuli(L)
    counts = np.bincount(annulus)
    n_annuli = len(counts)
    offsets = (np.arange(len(magnitude)) * n_annuli)[:, None] + annulus
    sums = np.bincount(offsets.ravel(), weights=magnitude.ravel())
    squares = np.bincount(offsets.ravel(), weights=(magnitude**2).ravel())
    shape = (*fields.shape[:-2], n_annuli)
    return (
        (sums.reshape(-1, n_annuli) / counts).reshape(shape),
        (squares.reshape(-1, n_annuli) / counts).reshape(shape),
        counts,
    )


def radial_fft(field: ArrayLike) -> RadialSpectrum:
    """The radially averaged magnitude of a field's 2-D Fourier transform (Appendix F).

    ``F = numpy.fft.fft2(field)``, unnormalized as in Eq. (F1):
    ``F(kx, ky) = sum_{i,j} f(i, j) exp(-2 pi i (kx i + ky j) / L)``.  After
    :func:`numpy.fft.fftshift` the zero frequency sits at the centre and
    ``kx, ky`` run over the integers ``-L//2 .. (L-1)//2``.  Mode ``(kx, ky)``
    belongs to annulus ``round(sqrt(kx**2 + ky**2))`` (no radius lies halfway
    between two integers, so rounding is never ambiguous), and each annulus
    reports the mean of ``|F|`` over its modes.  Every annulus
    ``0 .. r_max`` holds at least one mode; ``r_max = round(sqrt(2) L / 2)``
    for even ``L`` (57 for ``L = 80``).

    Parameters
    ----------
    field : array_like
        Real, finite ``L x L`` array, or a vector of length ``L*L`` (read
        row-major).

    Returns
    -------
    RadialSpectrum

    Raises
    ------
    ValueError
        If ``field`` is not square (or of perfect-square length), not finite,
        or all zero.

    Examples
    --------
    A plane wave with mode (3, 4) puts ``L**2 / 2`` at ``(3, 4)`` and at
    ``(-3, -4)``, both in annulus 5:

    >>> import numpy as np
    >>> from rglib.spectra import radial_fft
    >>> i, j = np.indices((16, 16))
    >>> spectrum = radial_fft(np.cos(2 * np.pi * (3 * i + 4 * j) / 16))
    >>> int(spectrum.modes[np.argmax(spectrum.amplitude)])
    5
    >>> bool(np.isclose(spectrum.amplitude[5] * spectrum.counts[5], 16**2))
    True
    """
    values = _square_field("field", field)
    amplitude, power, counts = _radial_profiles(values)
    return RadialSpectrum(
        modes=np.arange(len(counts)), amplitude=amplitude, power=power, counts=counts
    )


def radial_centroid(field: ArrayLike) -> float:
    """The power-weighted mean radial mode of a field.

    .. math:: \\bar r = \\frac{\\sum_n n\\, N_n P_n}{\\sum_n N_n P_n},

    with ``N_n`` the number of lattice modes in annulus ``n`` and ``P_n`` their
    mean ``|F|**2`` (:class:`RadialSpectrum` ``counts`` and ``power``), so that
    ``N_n P_n`` is the power in annulus ``n``.  It is 0 for a constant field,
    ``n`` for a plane wave in annulus ``n``, and ``sum_n n N_n / L**2`` for a
    field with a flat spectrum (a single site, or white noise on average).

    Parameters
    ----------
    field : array_like
        As in :func:`radial_fft`.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        As :func:`radial_fft`.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.spectra import radial_centroid
    >>> i, j = np.indices((16, 16))
    >>> round(radial_centroid(np.cos(2 * np.pi * (3 * i + 4 * j) / 16)), 12)
    5.0
    """
    spectrum = radial_fft(field)
    power = spectrum.counts * spectrum.power
    return float(np.sum(spectrum.modes * power) / np.sum(power))


# --------------------------------------------------------------------------
# The RG consistency test
# --------------------------------------------------------------------------


def discard_high_modes(field: ArrayLike, hidden_side: int) -> np.ndarray:
    """Keep a field's Fourier modes that exist on a smaller lattice, and go there.

    The momentum-space RG step of Appendix B 1 near the free-field fixed
    point, on a lattice: of the visible field's modes ``(kx, ky)``, keep those
    with ``|kx|, |ky| <= Lh/2`` (the hidden lattice's Brillouin zone),
    drop the rest, and transform the ``Lh x Lh`` array of kept coefficients
    back on the hidden lattice (:func:`numpy.fft.ifft2`).  A field that is a
    sum of kept modes, sampled at sites ``(i, j)`` of the visible lattice,
    becomes ``(Lv/Lh)**2`` times the same function sampled at
    ``(i Lv/Lh, j Lv/Lh)`` - for ``Lv = 2 Lh``, every second site.

    For even ``Lh`` the hidden mode ``-Lh/2`` is also ``+Lh/2``; it receives
    the sum of the visible coefficients at ``-Lh/2`` and ``+Lh/2``, exactly
    as sampling would alias them, so any field without modes beyond
    ``|k| = Lh/2`` is sampled exactly, and the result is real (the tiny
    imaginary part left by rounding is dropped).

    Parameters
    ----------
    field : array_like
        Real ``Lv x Lv`` field, or a vector of length ``Lv*Lv``.
    hidden_side : int
        ``Lh``, with ``1 <= Lh <= Lv``.

    Returns
    -------
    numpy.ndarray
        Real ``Lh x Lh`` array.

    Raises
    ------
    ValueError
        If ``field`` is not a finite, non-zero square field, or ``hidden_side``
        is not an integer in ``1 .. Lv``.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.spectra import discard_high_modes
    >>> x = np.arange(8)
    >>> smooth = np.cos(2 * np.pi * x / 8)[:, None] * np.ones(8)
    >>> coarse = discard_high_modes(smooth, 4)
    >>> bool(np.allclose(coarse, 4 * smooth[::2, ::2]))
    True
    """
    visible = _square_field("field", field)
    side = visible.shape[0]
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    if hidden_side > side:
        raise ValueError(f"hidden_side must be at most the field's side {side}, got {hidden_side}")
    return _discard_high_modes(visible, hidden_side)


def _kept_modes(visible_side: int, hidden_side: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the kept visible modes (FFT order) and of the hidden modes they land on.

    Visible mode ``k`` is kept when ``-Lh/2 <= k <= Lh/2`` and lands on hidden
    index ``k mod Lh``; for even ``Lh`` the two modes ``+-Lh/2`` land on the
    same hidden mode.
    """
    modes = _integer_modes(visible_side)
    kept = np.nonzero(2 * np.abs(modes) <= hidden_side)[0]
    return kept, modes[kept] % hidden_side


def _discard_high_modes(visible: np.ndarray, hidden_side: int) -> np.ndarray:
    """:func:`discard_high_modes` without the checks."""
    kept, target = _kept_modes(visible.shape[0], hidden_side)
    coefficients = np.zeros((hidden_side, hidden_side), dtype=complex)
    np.add.at(coefficients, np.ix_(target, target), np.fft.fft2(visible)[np.ix_(kept, kept)])
    return np.fft.ifft2(coefficients).real


def _one_minus_abs_cosine(reference: np.ndarray, others: np.ndarray) -> np.ndarray:
    """``1 - |cos angle|`` between ``reference`` and each field of ``others`` (1 if one is zero)."""
    a = reference.ravel()
    b = others.reshape(-1, a.size)
    norms = np.linalg.norm(b, axis=1) * np.linalg.norm(a)
    cosine = np.divide(b @ a, norms, out=np.zeros(len(b)), where=norms > 0)
    return 1.0 - np.minimum(np.abs(cosine), 1.0)


def _unit_rows(profiles: np.ndarray) -> np.ndarray:
    """Each row divided by its Euclidean norm (a zero row stays zero)."""
    norms = np.linalg.norm(profiles, axis=-1, keepdims=True)
    return np.divide(profiles, norms, out=np.zeros_like(profiles), where=norms > 0)


def rg_consistency(
    visible_vector: ArrayLike, hidden_vector: ArrayLike, *, n_random: int = 32, seed: int = 0
) -> RGConsistency:
    """Score the claim "the hidden vector is the visible one with high modes discarded".

    Two scores, both 0 for perfect agreement:

    ``distance``
        ``1 - |cos angle|`` between ``discard_high_modes(visible, Lh)`` and
        the hidden field, both flattened: a test of the full field, phases
        included, insensitive to overall scale and sign.
    ``radial_distance``
        The radial amplitude profiles (:func:`radial_fft`) of
        ``discard_high_modes(visible, Lh)`` and of the hidden field, each
        scaled to unit norm; the score is the norm of their difference.
        Radial mode ``n`` of the visible field is compared with radial mode
        ``n`` of the hidden one (the same wavelength in units of the lattice
        size).  For ``n < Lh/2`` the first profile is the visible field's own
        radial profile (times ``(Lv/Lh)**2``, removed by the scaling); at
        larger ``n``, where the hidden lattice's annuli are cut by the edges
        of its Brillouin zone, only the visible modes that exist on the
        hidden lattice enter, so that the same modes are averaged on both
        sides.  This is the comparison the paper's radial-FFT figures make by
        eye; it ignores phases and directions.

    A visible field with no component on the kept modes (less than
    ``KEPT_FRACTION_FLOOR`` of its norm, e.g. a checkerboard) has no RG image:
    both scores are then 1.

    The baseline replaces the hidden field by ``n_random`` fields of
    independent standard Gaussian entries (generator ``seed``) and reports
    the mean of each score: what a hidden vector unrelated to the visible one
    scores.  For ``Lh**2 = N`` sites, ``random_distance`` is about
    ``1 - sqrt(2 / (pi N))``.

    Parameters
    ----------
    visible_vector : array_like
        Real ``Lv x Lv`` field or vector of length ``Lv*Lv``.
    hidden_vector : array_like
        Real ``Lh x Lh`` field or vector of length ``Lh*Lh``, ``Lh <= Lv``.
    n_random : int, default 32
        Number of random hidden fields in the baseline.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng` for the baseline.

    Returns
    -------
    RGConsistency

    Raises
    ------
    ValueError
        If a vector's length is not a perfect square (or an array is not
        square), it is not finite or all zero, ``Lh > Lv``, or ``n_random``
        or ``seed`` is not a valid integer.

    Examples
    --------
    A smooth field on the visible lattice and its values at every second
    site:

    >>> import numpy as np
    >>> from rglib.spectra import rg_consistency
    >>> i, j = np.indices((16, 16))
    >>> smooth = np.cos(2 * np.pi * (i + 2 * j) / 16) + 0.5 * np.sin(2 * np.pi * j / 16)
    >>> score = rg_consistency(smooth, smooth[::2, ::2])
    >>> round(score.distance, 12), round(score.radial_distance, 12)
    (0.0, 0.0)
    >>> bool(score.random_distance > 0.8)
    True
    """
    visible = _square_field("visible_vector", visible_vector)
    hidden = _square_field("hidden_vector", hidden_vector)
    n_random = require_integer("n_random", n_random, minimum=1)
    seed = require_integer("seed", seed, minimum=0)
    visible_side, hidden_side = visible.shape[0], hidden.shape[0]
    if hidden_side > visible_side:
        raise ValueError(
            f"hidden_vector's lattice side ({hidden_side}) must not exceed "
            f"visible_vector's ({visible_side})"
        )
    coarse = _discard_high_modes(visible, hidden_side)
    # Fraction of the visible field's norm in the kept modes (Parseval); below
    # rounding level nothing survives the RG step, and the scores are 1.
    kept_fraction = np.linalg.norm(coarse) * hidden_side / (np.linalg.norm(visible) * visible_side)
    if kept_fraction < KEPT_FRACTION_FLOOR:
        coarse = np.zeros_like(coarse)
    random_fields = np.random.default_rng(seed).standard_normal((n_random, *hidden.shape))
    candidates = np.concatenate([hidden[None], random_fields])
    distances = _one_minus_abs_cosine(coarse, candidates)
    candidate_profiles, _, _ = _radial_profiles(candidates)
    coarse_profile, _, _ = _radial_profiles(coarse)
    radial = np.linalg.norm(_unit_rows(candidate_profiles) - _unit_rows(coarse_profile), axis=-1)
    return RGConsistency(
        distance=float(distances[0]),
        radial_distance=float(radial[0]),
        random_distance=float(distances[1:].mean()),
        random_radial_distance=float(radial[1:].mean()),
    )


# --------------------------------------------------------------------------
# Alignment with the data (Eq. 1)
# --------------------------------------------------------------------------


def alignment_eigenvalues(weight: ArrayLike, data: ArrayLike, k: int) -> np.ndarray:
    """Eigenvalues of ``O = P_data P_trained P_data`` (Eq. 1).

    ``P_data`` projects onto the top-``k`` eigenvectors of the data
    covariance (columns ``U_d``, from the column-centred data), ``P_trained``
    onto the top-``k`` visible (left) singular vectors of the weight (columns
    ``U_t``).  ``O = U_d M M^T U_d^T`` with ``M = U_d^T U_t``, so its non-zero
    eigenvalues are those of ``M M^T``: the squared singular values of the
    ``k x k`` matrix ``M`` (the squared cosines of the principal angles
    between the two subspaces).  All other eigenvalues of ``O`` are 0.

    Parameters
    ----------
    weight : array_like
        Real, finite, shape ``(n_visible, n_hidden)``.
    data : array_like
        Real, finite, shape ``(n_samples, n_visible)``; the column means are
        subtracted here.
    k : int
        Dimension of both subspaces: ``1 <= k <= min(n_hidden, n_samples - 1)``
        (the weight has only ``n_hidden`` singular vectors with possibly
        non-zero singular value, and centred data have rank at most
        ``n_samples - 1``; beyond that the subspaces are arbitrary).

    Returns
    -------
    numpy.ndarray
        The ``k`` eigenvalues, descending, each in ``[0, 1]``.

    Raises
    ------
    ValueError
        If the arrays are not finite real matrices, their visible sizes
        differ, ``k`` is out of range, or either subspace is undefined: the
        data vary in fewer than ``k`` directions (constant data vary in none)
        or the weight has rank below ``k``, beyond which the eigenvectors and
        singular vectors are arbitrary.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.spectra import alignment_eigenvalues
    >>> rng = np.random.default_rng(0)
    >>> data = rng.standard_normal((500, 3)) * [5.0, 2.0, 0.1]  # principal axes e0, e1
    >>> weight = np.array([[0.0, 1.0], [3.0, 0.0], [0.0, 0.0]])  # left vectors e1, e0
    >>> alignment_eigenvalues(weight, data, k=2).round(3).tolist()
    [1.0, 1.0]
    >>> alignment_eigenvalues(weight, data, k=1).round(3).tolist()  # e0 vs e1
    [0.0]
    """
    matrix = require_finite_array("weight", weight, ndim=2)
    samples = require_finite_array("data", data, ndim=2)
    n_visible, n_hidden = matrix.shape
    if samples.shape[1] != n_visible:
        raise ValueError(
            f"data must have n_visible = {n_visible} columns (weight's rows), "
            f"got shape {samples.shape}"
        )
    k = require_integer("k", k, minimum=1)
    largest = min(n_hidden, samples.shape[0] - 1)
    if k > largest:
        raise ValueError(
            f"k must be at most min(n_hidden, n_samples - 1) = {largest}, got {k}"
        )
    mean = samples.mean(axis=0)
    second_moment = samples.T @ samples
    covariance = second_moment - len(samples) * np.outer(mean, mean)  # centred, no copy
    top = [n_visible - k, n_visible - 1]
    variances, data_axes = scipy.linalg.eigh(covariance, subset_by_index=top)
    # The centring above leaves rounding errors of at most about this size in the eigenvalues.
    rounding = 10 * n_visible * np.finfo(float).eps * np.trace(second_moment)
    varying = int(np.sum(variances > rounding))
    if varying < k:
        raise ValueError(
            f"data must vary in at least k = {k} directions for its top-k principal subspace to "
            f"be defined, but only {varying} principal variances exceed the rounding level "
            f"{rounding:.3g} (constant data have none): lower k or use data that vary"
        )
    left, singular_values, _ = scipy.linalg.svd(matrix, full_matrices=False)
    tolerance = max(matrix.shape) * np.finfo(float).eps * singular_values[0]
    rank = int(np.sum(singular_values > tolerance))
    if rank < k:
        raise ValueError(
            f"weight must have rank >= k = {k} for its top-k singular vectors to be defined, "
            f"got rank {rank}: lower k"
        )
    trained_axes = left[:, :k]
    cosines = scipy.linalg.svdvals(data_axes.T @ trained_axes)
    return np.minimum(cosines**2, 1.0)


# --------------------------------------------------------------------------
# Counting effective parameters
# --------------------------------------------------------------------------


def paper_parameter_count(
    n_visible: int = 6400,
    n_hidden: int = 1600,
    kept_singular_values: int = 200,
    fourier_cutoff: int = 10,
    max_radial_mode: int = 60,
) -> PaperParameterCount:
    """The paper's arithmetic for the effective parameters (Section II A).

    Three stages: every weight, ``n_visible * n_hidden``; keep
    ``kept_singular_values`` visible vectors, ``kept * n_visible`` (the hidden
    vectors cost nothing new, idea 3); keep only the Fourier modes up to
    ``fourier_cutoff``, dividing by ``(max_radial_mode / fourier_cutoff)**2``
    because the number of modes grows as the square of the radial mode
    number.  The result is rounded down, as the paper's 35 555 is.

    The paper states the factor 36 but not where it comes from; 36 is
    ``(60 / 10)**2``, which makes ``max_radial_mode = 60`` the implied
    largest radial mode of the ``80 x 80`` lattice (:func:`radial_fft` gives
    57 with its conventions).  The exact number of lattice modes of radius
    at most 10 is 317 (349 in annuli ``0 .. 10``), not ``6400 / 36 = 178``;
    :func:`effective_parameters` counts them exactly.

    Parameters
    ----------
    n_visible, n_hidden : int
        Layer sizes (the paper's 80 x 80 and 40 x 40 lattices).
    kept_singular_values : int
        Number of singular values kept (200 in the paper).
    fourier_cutoff : int
        Radial mode above which the spectra vanish (10 in the paper).
    max_radial_mode : int
        The largest radial mode (implied 60, see above).

    Returns
    -------
    PaperParameterCount

    Raises
    ------
    ValueError
        If an argument is not a positive integer, or ``fourier_cutoff``
        exceeds ``max_radial_mode``.

    Examples
    --------
    >>> from rglib.spectra import paper_parameter_count
    >>> count = paper_parameter_count()
    >>> count.naive, count.truncated, count.fourier_factor, count.effective
    (10240000, 1280000, 36.0, 35555)
    """
    n_visible = require_integer("n_visible", n_visible, minimum=1)
    n_hidden = require_integer("n_hidden", n_hidden, minimum=1)
    kept = require_integer("kept_singular_values", kept_singular_values, minimum=1)
    cutoff = require_integer("fourier_cutoff", fourier_cutoff, minimum=1)
    largest = require_integer("max_radial_mode", max_radial_mode, minimum=1)
    if cutoff > largest:
        raise ValueError(
            f"fourier_cutoff must be at most max_radial_mode = {largest}, got {cutoff}"
        )
    truncated = kept * n_visible
    factor = (largest / cutoff) ** 2
    return PaperParameterCount(
        naive=n_visible * n_hidden,
        truncated=truncated,
        fourier_factor=factor,
        effective=(truncated * cutoff**2) // largest**2,
    )


def _fraction(name: str, value) -> float:
    """A number in ``(0, 1]``."""
    value = require_positive_finite(name, value)
    if value > 1:
        raise ValueError(f"{name} must be in (0, 1], got {value!r}")
    return value


def _kept_visible_vectors(matrix: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """All singular values, and the visible vectors (columns) of those ``>= threshold * max``.

    Both come from the eigen-decomposition of the smaller Gram matrix; a
    visible vector of a tall matrix is ``W v / s``.  The relative error of a
    kept vector is about ``1e-16 / threshold**2``; singular values below
    about ``1e-8`` of the largest are not resolved (they are never kept).
    """
    n_visible, n_hidden = matrix.shape
    tall = n_hidden <= n_visible
    eigenvalues, vectors = scipy.linalg.eigh(matrix.T @ matrix if tall else matrix @ matrix.T)
    values = np.sqrt(np.clip(eigenvalues[::-1], 0.0, None))
    if values[0] == 0:
        raise ValueError("weight must not be all zero")
    kept = int(np.count_nonzero(values >= threshold * values[0]))
    vectors = vectors[:, ::-1][:, :kept]
    return values, (matrix @ vectors / values[:kept] if tall else vectors)


def effective_parameters(
    weight: ArrayLike,
    visible_shape: tuple[int, int],
    hidden_shape: tuple[int, ...],
    threshold: float = 0.2,
    spectrum_floor: float = 0.05,
) -> EffectiveParameters:
    """Effective parameters of a weight from its measured spectra (Section II A).

    The paper's three ideas, each made a measurement:

    1. keep the singular values ``>= threshold`` times the largest (the
       paper's 20 %): ``kept`` of them;
    2. the kept visible vectors have no Fourier modes above a cutoff
       ``alpha``.  The kept (unit) visible vectors' radial profiles of
       ``|F|**2`` (:func:`radial_fft`) are averaged, and the square root,
       an rms amplitude, is divided by its peak: ``mean_profile``.
       ``alpha`` is the largest radial mode at which ``mean_profile`` is
       still at least ``spectrum_floor``: above ``alpha`` it stays below
       that fraction of its peak.  Averaging ``|F|**2`` makes the profile
       depend only on the kept subspace, not on the basis chosen within a
       degenerate singular value.  The default ``0.05`` (5 % of the peak
       amplitude) is a fixed convention, not fitted to any result;
    3. the hidden vectors cost nothing new.

    Each kept visible vector is then a real field with ``lattice_modes``
    Fourier modes (the exact number of ``(kx, ky)`` in the annuli
    ``0 .. alpha``), so ``effective = kept * lattice_modes``.  The paper's
    approximation of the same count, ``kept * n_visible * (alpha / r_max)**2``
    with ``r_max`` the largest annulus of the visible lattice, is reported
    next to it.  That approximation spreads the ``L**2`` modes evenly over a
    disc of radius ``r_max ~ L / sqrt(2)``, whose area ``pi L**2 / 2`` is
    larger than the square of ``L**2`` modes they really fill; for
    ``alpha`` well below ``L / 2`` it undercounts the ``~ pi (alpha + 1/2)**2``
    modes of the annuli ``0 .. alpha`` by a factor of about
    ``pi (alpha + 1/2)**2 / (2 alpha**2)`` (``pi / 2`` for large ``alpha``).

    Parameters
    ----------
    weight : array_like
        Real, finite, shape ``(L*L, prod(hidden_shape))``.
    visible_shape : tuple of int
        ``(L, L)``: the visible lattice must be square.
    hidden_shape : tuple of int
        Shape of the hidden lattice.
    threshold : float, default 0.2
        Relative size of the smallest kept singular value, in ``(0, 1]``.
    spectrum_floor : float, default 0.05
        Fraction of the mean profile's peak below which it "vanishes", in
        ``(0, 1]``.

    Returns
    -------
    EffectiveParameters
        Its singular values come from the eigenvalues of the smaller Gram
        matrix (``W^T W`` or ``W W^T``), which is fast at ``6400 x 1600`` but
        does not resolve singular values below about ``1e-8`` of the largest.

    Raises
    ------
    ValueError
        If ``weight`` is not a finite real matrix matching the shapes, is all
        zero, ``visible_shape`` is not square, or ``threshold`` or
        ``spectrum_floor`` is not in ``(0, 1]``.

    Examples
    --------
    A weight with one mode, a plane wave of mode (1, 0) on an 8 x 8 lattice;
    annuli 0 and 1 hold the 9 modes with ``|kx|, |ky| <= 1``:

    >>> import numpy as np
    >>> from rglib.spectra import effective_parameters
    >>> wave = np.cos(2 * np.pi * np.arange(8) / 8)[:, None] * np.ones(8)
    >>> weight = np.outer(wave.ravel(), [1.0, 0.0, 0.0, 0.0])
    >>> count = effective_parameters(weight, (8, 8), (2, 2))
    >>> count.kept, count.cutoff_mode, count.lattice_modes, count.effective
    (1, 1, 9, 9)
    """
    matrix, visible_shape, hidden_shape = _weight(weight, visible_shape, hidden_shape)
    if len(visible_shape) != 2 or visible_shape[0] != visible_shape[1]:
        raise ValueError(f"visible_shape must be (L, L), got {visible_shape}")
    threshold = _fraction("threshold", threshold)
    spectrum_floor = _fraction("spectrum_floor", spectrum_floor)
    values, kept_visible = _kept_visible_vectors(matrix, threshold)
    kept = kept_visible.shape[1]
    _, power, counts = _radial_profiles(kept_visible.T.reshape(kept, *visible_shape))
    rms_amplitude = np.sqrt(power.mean(axis=0))
    mean_profile = rms_amplitude / rms_amplitude.max()
    alpha = int(np.nonzero(mean_profile >= spectrum_floor)[0][-1])
    r_max = len(counts) - 1
    n_visible, n_hidden = matrix.shape
    lattice_modes = int(counts[: alpha + 1].sum())
    return EffectiveParameters(
        singular_values=values,
        threshold=threshold,
        kept=kept,
        modes=np.arange(len(counts)),
        mean_profile=mean_profile,
        spectrum_floor=spectrum_floor,
        cutoff_mode=alpha,
        max_radial_mode=r_max,
        lattice_modes=lattice_modes,
        naive=n_visible * n_hidden,
        truncated=kept * n_visible,
        effective=kept * lattice_modes,
        effective_paper_style=kept * n_visible * (alpha / r_max) ** 2,
    )
