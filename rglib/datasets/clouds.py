"""Clouds (Section II D): SWIMSEG, or a declared stand-in of synthetic sky-like fields.

- SWIMSEG in its published layout, ``$RGLIB_DATA/clouds/images/*.png``
  (1,013 sky images of 600 x 600 pixels): each image converted to grayscale
  and cut into 36 patches of 100 x 100, as in the paper. Test split: every
  10th image in file-name order, with all 36 of its patches, so that no test
  patch shares a sky with a training patch (fewer than 10 images is a
  ValueError).
- Otherwise, a stand-in: :data:`SKY_COUNT` synthetic 600 x 600 "skies", each
  a periodic Gaussian random field with power spectrum ``|k|**(-8/3)``
  (:func:`power_law_field`; white noise from
  ``numpy.random.default_rng((SKY_SEED, sky_number))``), standardised, mapped
  to (0, 1) by the normal CDF, stored with 8 bits as a camera would, and cut
  into 36 patches as SWIMSEG is. Test split: every 10th sky. The exponent
  8/3 is the two-dimensional form of Kolmogorov's ``k**(-5/3)``; it was
  chosen before any network saw the fields.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import scipy.special

from ..runtime.validation import require_choice, require_integer, require_real
from .common import (
    SPLITS, Dataset, DatasetUnavailableError, cached, grayscale, in_split, local_copy, not_found,
    shown_path, tiles, to_dataset,
)

PATCH_SIDE = 100
SKY_SIDE = 600
PATCHES_PER_SKY = (SKY_SIDE // PATCH_SIDE) ** 2
TEST_EVERY = 10
SWIMSEG_DECODING = ("swimseg", 1)
STANDIN_DECODING = ("synthetic-skies", 1)
SKY_SEED = 0
SKY_COUNT = 100
SKY_SPECTRAL_EXPONENT = 8 / 3


def load_clouds(split: str) -> Dataset:
    """The clouds' ``split``: SWIMSEG from ``$RGLIB_DATA``, else the synthetic-sky stand-in."""
    require_choice("split", split, SPLITS)
    folder = local_copy("clouds", "images")
    return _synthetic_skies(split) if folder is None else _swimseg(folder, split)


def power_law_field(side: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """A periodic Gaussian random field whose power spectrum is ``|k|**-exponent``.

    White noise is filtered in Fourier space by ``|k|**(-exponent / 2)`` (the
    constant mode removed), then standardised to mean 0 and variance 1.

    Parameters
    ----------
    side : int
        The field is ``side`` x ``side``.
    exponent : float
        The power-law exponent of the power spectrum.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of float64, shape (side, side)
    """
    side = require_integer("side", side, minimum=2)
    require_real("exponent", exponent)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator (numpy.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )
    frequencies = np.hypot(*np.meshgrid(np.fft.fftfreq(side), np.fft.rfftfreq(side), indexing="ij"))
    amplitude = np.zeros_like(frequencies)
    nonzero = frequencies > 0
    amplitude[nonzero] = frequencies[nonzero] ** (-exponent / 2)
    noise = rng.standard_normal((side, side))
    field = np.fft.irfft2(np.fft.rfft2(noise) * amplitude, s=(side, side))
    return (field - field.mean()) / field.std()


def _swimseg(folder: Path, split: str) -> Dataset:
    every_sky = sorted(folder.glob("*.png"))
    if not every_sky:
        raise DatasetUnavailableError(
            f"{folder} holds no *.png sky images (SWIMSEG's layout is images/*.png)"
        )
    if len(every_sky) < TEST_EVERY:
        raise ValueError(
            f"{folder} holds {len(every_sky)} sky image(s); SWIMSEG's loader needs at least "
            f"{TEST_EVERY} ({SKY_SIDE} x {SKY_SIDE} pixels each), since every {TEST_EVERY}th forms "
            "the test split"
        )
    skies = in_split(every_sky, split, TEST_EVERY)

    def decode() -> tuple[np.ndarray, None]:
        return np.concatenate([tiles(_swimseg_sky(path), PATCH_SIDE) for path in skies]), None

    pixels, _ = cached("clouds", split, SWIMSEG_DECODING, skies, decode)
    rule = (
        "every 10th image in name order, held out from training"
        if split == "test"
        else "all but every 10th image in name order"
    )
    source = (
        f"SWIMSEG, {len(skies):,} of the {len(every_sky):,} sky images in {shown_path(folder)} ({rule}), "
        f"each {SKY_SIDE} x {SKY_SIDE} pixels converted to grayscale and cut into "
        f"{PATCHES_PER_SKY} patches of {PATCH_SIDE} x {PATCH_SIDE} as in the paper: "
        f"{len(pixels):,} patches."
    )
    return to_dataset("clouds", split, pixels, None, source, standin=False)


def _swimseg_sky(path: Path) -> np.ndarray:
    sky = np.asarray(grayscale(path))
    if sky.shape != (SKY_SIDE, SKY_SIDE):
        raise ValueError(
            f"{path} is {sky.shape[1]} x {sky.shape[0]} pixels; SWIMSEG images are "
            f"{SKY_SIDE} x {SKY_SIDE}"
        )
    return sky


def _synthetic_skies(split: str) -> Dataset:
    numbers = in_split(list(range(SKY_COUNT)), split, TEST_EVERY)

    def generate() -> tuple[np.ndarray, None]:
        return np.concatenate([tiles(_synthetic_sky(n), PATCH_SIDE) for n in numbers]), None

    parameters = {
        "seed": SKY_SEED,
        "skies": numbers,
        "side": SKY_SIDE,
        "exponent": repr(SKY_SPECTRAL_EXPONENT),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }
    pixels, _ = cached("clouds", split, STANDIN_DECODING, [], generate, parameters)
    held_out = in_split(list(range(SKY_COUNT)), "test", TEST_EVERY)
    source = (
        f"Stand-in for SWIMSEG ({not_found('clouds', 'images/*.png')}), with no real sky "
        f"images: {len(pixels):,} patches of {PATCH_SIDE} x {PATCH_SIDE}, cut {PATCHES_PER_SKY} "
        f"to a sky as the paper cuts SWIMSEG, from {len(numbers)} of {SKY_COUNT} synthetic "
        f"{SKY_SIDE} x {SKY_SIDE} skies (numbered from 0; skies {held_out[0]}, {held_out[1]}, "
        f"..., {held_out[-1]} form the test split). Each sky is a periodic Gaussian random "
        "field with power spectrum |k|^(-8/3) (white noise from NumPy's "
        f"default_rng(({SKY_SEED}, sky number)), filtered in Fourier space), standardised, "
        "mapped to (0, 1) by the normal CDF and stored with 8 bits."
    )
    return to_dataset("clouds", split, pixels, None, source, standin=True)


def _synthetic_sky(number: int) -> np.ndarray:
    """Sky ``number`` of the stand-in, as 8-bit grey levels."""
    rng = np.random.default_rng((SKY_SEED, number))
    field = power_law_field(SKY_SIDE, SKY_SPECTRAL_EXPONENT, rng)
    return np.rint(255 * scipy.special.ndtr(field)).astype(np.uint8)
