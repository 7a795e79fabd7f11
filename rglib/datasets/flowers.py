"""Flowers (Section II C): TF Flowers, or a declared stand-in of natural-photograph patches.

- TF Flowers in its published layout,
  ``$RGLIB_DATA/flowers/flower_photos/<class>/*.jpg`` (3,670 photographs,
  five classes): each photograph converted to grayscale and rescaled to
  100 x 100 pixels, as in the paper (bilinear, aspect ratio not kept, as a
  plain rescaling does). Labels are the classes in name order.
  Test split: every 10th photograph of each class in file-name order, so
  every class needs at least 10 photographs (fewer is a ValueError).
- Otherwise, a stand-in: 100 x 100 grayscale patches of the natural
  photographs that scikit-image and scikit-learn ship
  (:data:`STANDIN_PHOTOS`). Each photograph is rescaled so that its shorter
  side is each of :data:`STANDIN_SHORT_SIDES` in turn (never enlarged), and
  each copy is tiled without overlap by a centred grid. Test split: all the
  patches of every fifth photograph in name order, so that no test patch
  comes from a photograph seen in training. No labels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from ..runtime.validation import require_choice
from .common import (
    SPLITS, Dataset, DatasetUnavailableError, cached, grayscale, in_split, local_copy, not_found,
    package_directory, shown_path, tiles, to_dataset,
)

SIDE = 100
TEST_EVERY = 10
TF_FLOWERS_DECODING = ("tf-flowers", 1)
STANDIN_DECODING = ("photo-patches", 1)
STANDIN_PHOTOS = {
    "astronaut": ("skimage", "data/astronaut.png"),
    "brick": ("skimage", "data/brick.png"),
    "camera": ("skimage", "data/camera.png"),
    "chelsea": ("skimage", "data/chelsea.png"),
    "china": ("sklearn", "datasets/images/china.jpg"),
    "coffee": ("skimage", "data/coffee.png"),
    "coins": ("skimage", "data/coins.png"),
    "flower": ("sklearn", "datasets/images/flower.jpg"),
    "grass": ("skimage", "data/grass.png"),
    "gravel": ("skimage", "data/gravel.png"),
    "hubble_deep_field": ("skimage", "data/hubble_deep_field.jpg"),
    "moon": ("skimage", "data/moon.png"),
    "motorcycle_left": ("skimage", "data/motorcycle_left.png"),
    "retina": ("skimage", "data/retina.jpg"),
    "rocket": ("skimage", "data/rocket.jpg"),
}
STANDIN_SHORT_SIDES = (100, 150, 200, 250, 300, 350, 400, 450, 500)
STANDIN_TEST_EVERY = 5


def load_flowers(split: str) -> Dataset:
    """The flowers' ``split``: TF Flowers from ``$RGLIB_DATA``, else the photo-patch stand-in."""
    require_choice("split", split, SPLITS)
    folder = local_copy("flowers", "flower_photos")
    return _photo_patches(split) if folder is None else _tf_flowers(folder, split)


def _tf_flowers(folder: Path, split: str) -> Dataset:
    classes = sorted(d.name for d in folder.iterdir() if d.is_dir() and _jpegs(d))
    if not classes:
        raise DatasetUnavailableError(
            f"{folder} holds no <class>/*.jpg photographs; TF Flowers' published layout is "
            "flower_photos/<class>/*.jpg (daisy, dandelion, roses, sunflowers, tulips)"
        )
    too_few = {name: len(_jpegs(folder / name)) for name in classes
               if len(_jpegs(folder / name)) < TEST_EVERY}
    if too_few:
        raise ValueError(
            f"{folder} has too few photographs in {', '.join(f'{n}/ ({k})' for n, k in too_few.items())}: "
            f"every class needs at least {TEST_EVERY}, since every {TEST_EVERY}th photograph of each "
            "class forms the test split; add photographs, or remove the classes that have too few"
        )
    photos, labels = [], []
    for label, name in enumerate(classes):
        chosen = in_split(_jpegs(folder / name), split, TEST_EVERY)
        photos += chosen
        labels += [label] * len(chosen)
    total = sum(len(_jpegs(folder / name)) for name in classes)

    def decode() -> tuple[np.ndarray, np.ndarray]:
        size = (SIDE, SIDE)
        rescaled = [grayscale(path).resize(size, Image.Resampling.BILINEAR) for path in photos]
        return np.stack([np.asarray(image) for image in rescaled]), np.array(labels, dtype=np.int64)

    pixels, label_array = cached("flowers", split, TF_FLOWERS_DECODING, photos, decode)
    rule = (
        "every 10th photograph of each class in name order, held out from training"
        if split == "test"
        else "all but every 10th photograph of each class in name order"
    )
    source = (
        f"TF Flowers, {len(pixels):,} of the {total:,} photographs in {shown_path(folder)} ({rule}; "
        f"{len(classes)} classes: {', '.join(classes)}), converted to grayscale and rescaled "
        f"to {SIDE} x {SIDE} pixels (bilinear) as in the paper."
    )
    return to_dataset("flowers", split, pixels, label_array, source, standin=False)


def _jpegs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))


def _photo_patches(split: str) -> Dataset:
    names = in_split(list(STANDIN_PHOTOS), split, STANDIN_TEST_EVERY)
    alternative = "TF Flowers in $RGLIB_DATA/flowers/flower_photos/"
    paths = [
        package_directory(package, alternative) / relative
        for package, relative in (STANDIN_PHOTOS[name] for name in names)
    ]

    def decode() -> tuple[np.ndarray, None]:
        return np.concatenate([_multiscale_tiles(grayscale(path)) for path in paths]), None

    pixels, _ = cached("flowers", split, STANDIN_DECODING, paths, decode)
    held_out = in_split(list(STANDIN_PHOTOS), "test", STANDIN_TEST_EVERY)
    sides = ", ".join(str(side) for side in STANDIN_SHORT_SIDES)
    source = (
        f"Stand-in for TF Flowers ({not_found('flowers', 'flower_photos/<class>/*.jpg')}): "
        f"{len(pixels):,} grayscale patches of {SIDE} x {SIDE} pixels cut from {len(names)} "
        f"natural photographs that scikit-image and scikit-learn ship ({', '.join(names)}). "
        "Each photograph, converted to grayscale, is rescaled (bilinear, never enlarged) so "
        f"that its shorter side is {sides} pixels in turn, and each copy is tiled without "
        f"overlap by a centred grid. The test split holds all patches of the photographs "
        f"{', '.join(held_out)} (every fifth in name order); the training split, those of the "
        "other photographs."
    )
    return to_dataset("flowers", split, pixels, None, source, standin=True)


def _multiscale_tiles(photo: Image.Image) -> np.ndarray:
    shorter = min(photo.size)
    patches = []
    for short_side in (side for side in STANDIN_SHORT_SIDES if side <= shorter):
        size = tuple(round(length * short_side / shorter) for length in photo.size)
        patches.append(tiles(np.asarray(photo.resize(size, Image.Resampling.BILINEAR)), SIDE))
    return np.concatenate(patches)
