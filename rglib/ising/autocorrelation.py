"""Time-series statistics for Markov-chain Monte Carlo output.

The functions here measure how strongly successive samples of a Markov chain
are correlated, so that a sampler can choose its burn-in and the spacing
between kept samples from a *measured* integrated autocorrelation time, and
so that averages over correlated samples get honest error bars.

Conventions
-----------
A series is either one chain, shape ``(n_steps,)``, or several independent
chains of the same stationary process, shape ``(n_chains, n_steps)``.

The integrated autocorrelation time is

.. math:: \\tau_\\mathrm{int} = \\frac{1}{2} + \\sum_{t=1}^{\\infty} \\rho(t),

so that ``tau_int = 1/2`` for uncorrelated data and the variance of the mean
of ``n`` correlated samples is ``2 tau_int sigma**2 / n``: the chain holds
about ``n / (2 tau_int)`` effectively independent samples.

References
----------
.. [1] A. D. Sokal, "Monte Carlo Methods in Statistical Mechanics:
   Foundations and New Algorithms", in *Functional Integration*, eds.
   C. DeWitt-Morette, P. Cartier and A. Folacci, Springer (1997).
.. [2] N. Madras and A. D. Sokal, "The pivot algorithm: a highly efficient
   Monte Carlo method for the self-avoiding walk", J. Stat. Phys. 50, 109
   (1988).
.. [3] H. Flyvbjerg and H. G. Petersen, "Error estimates on averages of
   correlated data", J. Chem. Phys. 91, 461 (1989).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ..runtime.validation import require_finite_array

__all__ = [
    "AutocorrelationEstimate",
    "BinningResult",
    "autocorrelation_function",
    "binning_error",
    "estimate_autocorrelation",
    "integrated_autocorrelation_time",
]

#: Fewest steps per chain accepted by the autocorrelation functions.
MIN_STEPS = 4

#: Sokal's rule of thumb: a run shorter than this many ``tau_int`` gives an
#: unreliable estimate of ``tau_int`` itself.
RELIABLE_STEPS_PER_TAU = 50.0


@dataclass(frozen=True)
class AutocorrelationEstimate:
    """Integrated autocorrelation time with the information needed to trust it.

    Attributes
    ----------
    tau_int : float
        Integrated autocorrelation time, ``1/2 + sum_{t=1}^{window} rho(t)``
        (``1/2`` for uncorrelated data).
    window : int
        Summation window ``W`` chosen by Sokal's automatic windowing.
    n_steps : int
        Number of steps per chain.
    n_chains : int
        Number of independent chains.
    reliable : bool
        False when the window condition ``W >= c * tau_int(W)`` was never met
        or when ``n_steps < 50 * tau_int``; the run should then be extended.
    """

    tau_int: float
    window: int
    n_steps: int
    n_chains: int
    reliable: bool


@dataclass(frozen=True, eq=False)
class BinningResult:
    """Standard error of a mean from successive blocking.

    Attributes
    ----------
    mean : float
        Mean of all samples.
    error : float
        Plateau estimate of the standard error of ``mean``: the largest
        error over the blocking levels that keep at least ``min_bins`` blocks.
    bin_sizes : numpy.ndarray
        Block length (in samples) at each level: 1, 2, 4, ... (read-only).
    errors : numpy.ndarray
        Standard error estimate at each level (read-only).
    converged : bool
        True when the one-sigma error bars of the last two levels overlap,
        i.e. the error estimates have reached a plateau.
    """

    mean: float
    error: float
    bin_sizes: np.ndarray
    errors: np.ndarray
    converged: bool


def autocorrelation_function(
    series: ArrayLike, max_lag: int | None = None
) -> np.ndarray:
    """Normalized autocorrelation function of one or several chains.

    The autocovariance ``C(t) = (1/n) sum_{i=0}^{n-1-t} dx_i dx_{i+t}``, with
    ``dx = x - mean``, is computed with a zero-padded FFT in
    ``O(n log n)``. The ``1/n`` normalization (rather than ``1/(n - t)``)
    keeps the estimate positive semi-definite; its bias ``t/n`` is negligible
    at the lags that matter (``t << n``).

    For several chains, ONE common mean -- the mean over all chains and all
    steps -- is subtracted, and the autocovariance is averaged over chains
    before normalizing. This is appropriate for independent chains of the
    same stationary process and avoids the ``O(tau/n)`` bias of per-chain
    means.

    Parameters
    ----------
    series : array_like
        Samples, shape ``(n_steps,)`` or ``(n_chains, n_steps)``, with
        ``n_steps >= 4`` and finite, not all equal, values.
    max_lag : int, optional
        Largest lag returned, ``0 <= max_lag <= n_steps - 1``. Defaults to
        ``n_steps - 1``.

    Returns
    -------
    numpy.ndarray
        ``rho[t]`` for ``t = 0, ..., max_lag``, with ``rho[0] == 1``.

    Raises
    ------
    ValueError
        If ``series`` has the wrong shape, too few steps, non-finite or
        constant values, or ``max_lag`` is out of range.

    References
    ----------
    .. [1] A. D. Sokal, "Monte Carlo Methods in Statistical Mechanics:
       Foundations and New Algorithms" (1997), section 3.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.ising.autocorrelation import autocorrelation_function
    >>> rho = autocorrelation_function([1.0, -1.0, 1.0, -1.0])
    >>> np.round(rho, 12).tolist()
    [1.0, -0.75, 0.5, -0.25]
    """
    chains = _as_chains(series, "series", MIN_STEPS)
    n_steps = chains.shape[1]
    if max_lag is None:
        max_lag = n_steps - 1
    elif not _is_int(max_lag) or not 0 <= max_lag <= n_steps - 1:
        raise ValueError(
            f"max_lag must be an integer in [0, {n_steps - 1}] "
            f"(n_steps - 1), got {max_lag!r}"
        )
    return _autocorrelation(chains)[: max_lag + 1]


def estimate_autocorrelation(
    series: ArrayLike, c: float = 5.0
) -> AutocorrelationEstimate:
    """Integrated autocorrelation time with Sokal's automatic window.

    ``tau_int(W) = 1/2 + sum_{t=1}^{W} rho(t)`` is evaluated at the smallest
    window ``W`` with ``W >= c * tau_int(W)``: large enough to capture the
    decay of ``rho`` (bias ``~ exp(-c)`` for an exponential decay), small
    enough to keep the noise of the summed tail down. The relative
    statistical error is about ``sqrt(2 (2W + 1) / N)`` for ``N`` samples in
    total (Madras & Sokal).

    With this convention ``tau_int = 1/2`` for uncorrelated data and the
    variance of the mean of ``n`` samples is ``2 tau_int sigma**2 / n``.

    Parameters
    ----------
    series : array_like
        Samples, shape ``(n_steps,)`` or ``(n_chains, n_steps)`` (independent
        chains of the same process), ``n_steps >= 4``, finite, not constant.
    c : float, optional
        Window factor, finite and > 0. Sokal recommends 4 to 10 for roughly
        exponential decay; the default is 5.

    Returns
    -------
    AutocorrelationEstimate
        ``tau_int``, the window, the data shape and a ``reliable`` flag that
        is False when no window satisfied the condition or when
        ``n_steps < 50 * tau_int`` (Sokal's rule of thumb).

    Raises
    ------
    ValueError
        If ``series`` has the wrong shape, too few steps, non-finite or
        constant values, or ``c`` is not a finite positive number.

    References
    ----------
    .. [1] A. D. Sokal, "Monte Carlo Methods in Statistical Mechanics:
       Foundations and New Algorithms" (1997), section 3.
    .. [2] N. Madras and A. D. Sokal, J. Stat. Phys. 50, 109 (1988),
       appendix C.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.ising.autocorrelation import estimate_autocorrelation
    >>> white = np.random.default_rng(0).standard_normal((8, 10_000))
    >>> est = estimate_autocorrelation(white)
    >>> abs(est.tau_int - 0.5) < 0.05, est.reliable
    (True, True)
    """
    real = isinstance(c, numbers.Real) and not isinstance(c, bool)
    if not (real and math.isfinite(c) and c > 0):
        raise ValueError(f"c must be a finite number > 0, got {c!r}")
    chains = _as_chains(series, "series", MIN_STEPS)
    n_chains, n_steps = chains.shape
    rho = _autocorrelation(chains)
    windows = np.arange(1, n_steps)
    taus = 0.5 + np.cumsum(rho[1:])
    satisfied = np.flatnonzero(windows >= c * taus)
    found = satisfied.size > 0
    index = satisfied[0] if found else n_steps - 2
    tau = float(taus[index])
    return AutocorrelationEstimate(
        tau_int=tau,
        window=int(windows[index]),
        n_steps=n_steps,
        n_chains=n_chains,
        reliable=bool(found and n_steps >= RELIABLE_STEPS_PER_TAU * tau),
    )


def integrated_autocorrelation_time(series: ArrayLike, c: float = 5.0) -> float:
    """Integrated autocorrelation time ``tau_int`` of one or several chains.

    Thin wrapper around :func:`estimate_autocorrelation` returning only
    ``tau_int``; use that function to also learn whether the estimate is
    reliable. Convention: ``tau_int = 1/2 + sum_{t>=1} rho(t)``, so
    ``tau_int = 1/2`` for uncorrelated data and the variance of the mean of
    ``n`` samples is ``2 tau_int sigma**2 / n``.

    Parameters
    ----------
    series : array_like
        Samples, shape ``(n_steps,)`` or ``(n_chains, n_steps)``,
        ``n_steps >= 4``, finite, not constant.
    c : float, optional
        Sokal window factor, finite and > 0 (default 5).

    Returns
    -------
    float
        The integrated autocorrelation time.

    Raises
    ------
    ValueError
        As :func:`estimate_autocorrelation`.

    References
    ----------
    .. [1] A. D. Sokal, "Monte Carlo Methods in Statistical Mechanics:
       Foundations and New Algorithms" (1997), section 3.

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.ising.autocorrelation import integrated_autocorrelation_time
    >>> rng = np.random.default_rng(1)
    >>> x = np.repeat(rng.standard_normal(20_000), 4)  # each value 4 times
    >>> tau = integrated_autocorrelation_time(x)  # exact: 1/2 + 3/4 + 2/4 + 1/4
    >>> bool(abs(tau - 2.0) < 0.2)
    True
    """
    return estimate_autocorrelation(series, c).tau_int


def binning_error(samples: ArrayLike, min_bins: int = 32) -> BinningResult:
    """Standard error of the mean of correlated samples by successive blocking.

    Level 0 takes every sample as a block; each further level averages
    neighbouring pairs of blocks (a trailing odd block is dropped). At each
    level the error estimate is ``std(blocks, ddof=1) / sqrt(n_blocks)``.
    Once blocks are much longer than the autocorrelation time, the block
    means are independent and the estimates plateau at the true standard
    error. The reported error is the maximum over the levels that keep at
    least ``min_bins`` blocks, and the result counts as converged when the
    last two of those levels agree within their uncertainties, i.e. their
    one-sigma error bars overlap (the error of an error estimate from
    ``n_blocks`` blocks is ``error / sqrt(2 (n_blocks - 1))``). At a true
    plateau this flags about 2% of runs as not converged by chance.

    For several chains each chain is blocked separately (no block straddles
    two chains) and, the chains being independent, the block means of all
    chains are pooled at each level.

    Parameters
    ----------
    samples : array_like
        Samples, shape ``(n,)`` or ``(n_chains, n)``, finite, with at least
        ``2 * min_bins`` samples in total and ``n >= 2``.
    min_bins : int, optional
        Fewest blocks a level may have to be used, an integer >= 2
        (default 32).

    Returns
    -------
    BinningResult
        Mean, plateau error, the block sizes and errors of every level used,
        and the convergence flag.

    Raises
    ------
    ValueError
        If ``samples`` has the wrong shape, too few or non-finite values, or
        ``min_bins`` is not an integer >= 2.

    References
    ----------
    .. [1] H. Flyvbjerg and H. G. Petersen, "Error estimates on averages of
       correlated data", J. Chem. Phys. 91, 461 (1989).

    Examples
    --------
    >>> import numpy as np
    >>> from rglib.ising.autocorrelation import binning_error
    >>> x = np.random.default_rng(2).standard_normal(2**16)
    >>> result = binning_error(x)
    >>> result.bin_sizes[:4].tolist()
    [1, 2, 4, 8]
    >>> bool(0.8 < result.error * np.sqrt(x.size) < 1.2)
    True
    """
    if not _is_int(min_bins) or min_bins < 2:
        raise ValueError(f"min_bins must be an integer >= 2, got {min_bins!r}")
    blocks = _as_chains(samples, "samples", 2)
    if blocks.size < 2 * min_bins:
        raise ValueError(
            f"samples must hold at least 2 * min_bins = {2 * min_bins} values, "
            f"got {blocks.size}"
        )
    mean = float(blocks.mean())
    bin_sizes, errors, counts = [], [], []
    bin_size = 1
    while blocks.size >= min_bins:
        bin_sizes.append(bin_size)
        errors.append(float(blocks.std(ddof=1) / math.sqrt(blocks.size)))
        counts.append(blocks.size)
        blocks = _pair_average(blocks)
        bin_size *= 2
    return BinningResult(
        mean=mean,
        error=max(errors),
        bin_sizes=_read_only(np.array(bin_sizes)),
        errors=_read_only(np.array(errors)),
        converged=_plateau_reached(errors, counts),
    )


def _as_chains(values: ArrayLike, name: str, min_steps: int) -> np.ndarray:
    """Validate samples and return them as a float array (n_chains, n_steps)."""
    array = require_finite_array(name, values)
    if array.ndim not in (1, 2):
        raise ValueError(
            f"{name} must have shape (n_steps,) or (n_chains, n_steps), "
            f"got {array.ndim} dimensions"
        )
    chains = np.atleast_2d(array)
    if chains.shape[0] < 1 or chains.shape[1] < min_steps:
        raise ValueError(
            f"{name} must have at least 1 chain of at least {min_steps} steps, "
            f"got shape {array.shape}"
        )
    return chains


def _autocorrelation(chains: np.ndarray) -> np.ndarray:
    """Chain-averaged normalized autocorrelation at lags 0..n_steps-1."""
    if np.all(chains == chains.flat[0]):
        raise ValueError(
            "series is constant (zero variance): its autocorrelation and "
            "tau_int are undefined"
        )
    n_steps = chains.shape[1]
    deviations = chains - chains.mean()
    n_fft = 1 << (2 * n_steps - 1).bit_length()  # zero padding: no wrap-around
    spectrum = np.fft.rfft(deviations, n=n_fft, axis=1)
    autocovariance = np.fft.irfft(np.abs(spectrum) ** 2, n=n_fft, axis=1)
    mean_autocovariance = autocovariance[:, :n_steps].mean(axis=0) / n_steps
    return mean_autocovariance / mean_autocovariance[0]


def _pair_average(blocks: np.ndarray) -> np.ndarray:
    """Average neighbouring blocks within each chain, dropping an odd last one."""
    n_chains, n_blocks = blocks.shape
    pairs = blocks[:, : 2 * (n_blocks // 2)].reshape(n_chains, n_blocks // 2, 2)
    return pairs.mean(axis=2)


def _plateau_reached(errors: list[float], counts: list[int]) -> bool:
    """Whether the error bars of the last two blocking levels overlap."""
    if len(errors) < 2:
        return False
    uncertainties = [
        error / math.sqrt(2 * (count - 1))
        for error, count in zip(errors[-2:], counts[-2:])
    ]
    return abs(errors[-1] - errors[-2]) <= sum(uncertainties)


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
