"""Radially averaged Fourier spectra of lattice fields, and the discarding of high modes.

Appendix F of the paper compares singular vectors through their radially
averaged Fourier transforms (:func:`radial_fft`, summarized by one number in
:func:`radial_centroid`); Appendix B 1's momentum-space RG step keeps a
field's low modes and moves them to a smaller lattice
(:func:`discard_high_modes`).

Conventions
-----------
Fields are flattened row-major, site ``(i, j)`` at index ``i*L + j``, as in
:mod:`rglib.analysis.blockspin`.  Fourier modes are counted in integer units: on an
``L x L`` lattice, mode ``(kx, ky)`` is ``exp(2 pi i (kx i + ky j) / L)``
with ``kx, ky`` in ``-L//2 .. (L-1)//2`` (for even ``L``: ``-L/2 .. L/2-1``).
Mode number ``n`` on the hidden lattice and mode number ``n`` on the visible
lattice have the same wavelength in units of the whole lattice (``L/n`` sites
of the lattice it lives on); this is the paper's "rescaling by two" when
``Lv = 2 Lh``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike

from rglib.runtime.validation import require_integer

from ._checks import square_field

__all__ = ["RadialSpectrum", "discard_high_modes", "radial_centroid", "radial_fft"]


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


def radial_profiles(fields: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean ``|F|``, mean ``|F|**2`` and counts per annulus, for a stack ``(..., L, L)``.

    The computation of :func:`radial_fft` (its annuli and its unnormalized
    ``F``), for many fields at once and without the checks: the callers pass
    arrays they have checked or built.

    Parameters
    ----------
    fields : numpy.ndarray, shape (..., L, L)
        Real fields on an ``L x L`` lattice.

    Returns
    -------
    amplitude : numpy.ndarray, shape (..., n_annuli)
        Mean ``|F|`` per annulus, for each field.
    power : numpy.ndarray, shape (..., n_annuli)
        Mean ``|F|**2`` per annulus, for each field.
    counts : numpy.ndarray, shape (n_annuli,)
        The number of modes in each annulus.

    Examples
    --------
    >>> import numpy as np
    >>> amplitude, power, counts = radial_profiles(np.ones((2, 4, 4)))
    >>> amplitude[:, 0].tolist(), int(counts.sum())
    ([16.0, 16.0], 16)
    """
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
        all zero, or so large (``L**2 max|field|`` above about 1.3e154) that
        its Fourier power would overflow.

    Examples
    --------
    A plane wave with mode (3, 4) puts ``L**2 / 2`` at ``(3, 4)`` and at
    ``(-3, -4)``, both in annulus 5:

    >>> import numpy as np
    >>> from rglib.analysis.fourier import radial_fft
    >>> i, j = np.indices((16, 16))
    >>> spectrum = radial_fft(np.cos(2 * np.pi * (3 * i + 4 * j) / 16))
    >>> int(spectrum.modes[np.argmax(spectrum.amplitude)])
    5
    >>> bool(np.isclose(spectrum.amplitude[5] * spectrum.counts[5], 16**2))
    True
    """
    values = square_field("field", field)
    amplitude, power, counts = radial_profiles(values)
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
    >>> from rglib.analysis.fourier import radial_centroid
    >>> i, j = np.indices((16, 16))
    >>> round(radial_centroid(np.cos(2 * np.pi * (3 * i + 4 * j) / 16)), 12)
    5.0
    """
    spectrum = radial_fft(field)
    power = spectrum.counts * spectrum.power
    return float(np.sum(spectrum.modes * power) / np.sum(power))


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
        If ``field`` is not a finite, non-zero square field (whose Fourier
        power is finite: ``L**2 max|field|`` at most about 1.3e154), or
        ``hidden_side`` is not an integer in ``1 .. Lv``.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.analysis.fourier import discard_high_modes
    >>> x = np.arange(8)
    >>> smooth = np.cos(2 * np.pi * x / 8)[:, None] * np.ones(8)
    >>> coarse = discard_high_modes(smooth, 4)
    >>> bool(np.allclose(coarse, 4 * smooth[::2, ::2]))
    True
    """
    visible = square_field("field", field)
    side = visible.shape[0]
    hidden_side = require_integer("hidden_side", hidden_side, minimum=1)
    if hidden_side > side:
        raise ValueError(f"hidden_side must be at most the field's side {side}, got {hidden_side}")
    kept, target = _kept_modes(visible.shape[0], hidden_side)
    coefficients = np.zeros((hidden_side, hidden_side), dtype=complex)
    np.add.at(coefficients, np.ix_(target, target), np.fft.fft2(visible)[np.ix_(kept, kept)])
    return np.fft.ifft2(coefficients).real


def _kept_modes(visible_side: int, hidden_side: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the kept visible modes (FFT order) and of the hidden modes they land on.

    Visible mode ``k`` is kept when ``-Lh/2 <= k <= Lh/2`` and lands on hidden
    index ``k mod Lh``; for even ``Lh`` the two modes ``+-Lh/2`` land on the
    same hidden mode.
    """
    modes = _integer_modes(visible_side)
    kept = np.nonzero(2 * np.abs(modes) <= hidden_side)[0]
    return kept, modes[kept] % hidden_side
