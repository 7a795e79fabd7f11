"""A weight's effective parameters (Section II A): the paper's count and a measured one.

:func:`paper_parameter_count` redoes the paper's arithmetic;
:func:`effective_parameters` makes each of its three ideas a measurement on a
weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike

from rglib.runtime.validation import require_integer, require_positive_finite

from ._checks import weight_matrix
from .fourier import radial_profiles

__all__ = [
    "EffectiveParameters",
    "PaperParameterCount",
    "effective_parameters",
    "paper_parameter_count",
]


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
        ``|F|**2`` of vector ``k``
        (:attr:`rglib.analysis.fourier.RadialSpectrum.power`), divided by
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
    largest radial mode of the ``80 x 80`` lattice
    (:func:`~rglib.analysis.fourier.radial_fft` gives 57 with its
    conventions).  The exact number of lattice modes of radius at most 10 is
    317 (349 in annuli ``0 .. 10``), not ``6400 / 36 = 178``;
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
    >>> from rglib.analysis.parameters import paper_parameter_count
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
       ``|F|**2`` (:func:`~rglib.analysis.fourier.radial_fft`) are averaged,
       and the square root, an rms amplitude, is divided by its peak:
       ``mean_profile``.
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
    >>> from rglib.analysis.parameters import effective_parameters
    >>> wave = np.cos(2 * np.pi * np.arange(8) / 8)[:, None] * np.ones(8)
    >>> weight = np.outer(wave.ravel(), [1.0, 0.0, 0.0, 0.0])
    >>> count = effective_parameters(weight, (8, 8), (2, 2))
    >>> count.kept, count.cutoff_mode, count.lattice_modes, count.effective
    (1, 1, 9, 9)
    """
    matrix, visible_shape, hidden_shape = weight_matrix(weight, visible_shape, hidden_shape)
    if len(visible_shape) != 2 or visible_shape[0] != visible_shape[1]:
        raise ValueError(f"visible_shape must be (L, L), got {visible_shape}")
    threshold = _fraction("threshold", threshold)
    spectrum_floor = _fraction("spectrum_floor", spectrum_floor)
    values, kept_visible = _kept_visible_vectors(matrix, threshold)
    kept = kept_visible.shape[1]
    _, power, counts = radial_profiles(kept_visible.T.reshape(kept, *visible_shape))
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
