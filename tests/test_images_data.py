import hashlib
import io

import numpy as np
import pytest

from gan_tutorial.data import images


def test_scaling_round_trips_pixels_exactly():
    pixels = np.arange(256, dtype=np.uint8).reshape(1, 16, 16)
    scaled = images.scale_pixels(pixels)
    assert scaled.shape == (1, 16, 16, 1) and scaled.dtype == np.float32
    assert scaled.min() == -1.0 and scaled.max() == 1.0
    np.testing.assert_array_equal(images.to_pixels(scaled), pixels)
    assert images.to_pixels(np.full((1, 2, 2, 1), 7.0)).max() == 255  # clipped


def test_scaling_names_what_is_wrong():
    with pytest.raises(ValueError, match=r"pixels must lie in \[0, 255\], got \[0, 300\]"):
        images.scale_pixels(np.array([[[0, 300]]]))
    with pytest.raises(ValueError, match="pixels must have shape"):
        images.scale_pixels(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"images must have shape \(n, h, w, 1\)"):
        images.to_pixels(np.zeros((2, 3, 3)))


def test_mnist_subset_is_offline_stratified_and_seeded():
    (x_train, y_train), (x_test, y_test) = images.mnist_subset()
    assert x_train.shape == (4000, 28, 28, 1) and x_test.shape == (1000, 28, 28, 1)
    assert x_train.min() == -1.0 and x_train.max() == 1.0
    assert np.bincount(y_test).tolist() == [100] * 10
    assert np.bincount(y_train).tolist() == [400] * 10
    (again, _), _ = images.mnist_subset()
    np.testing.assert_array_equal(again, x_train)
    (other, _), _ = images.mnist_subset(seed=1)
    assert not np.array_equal(other, x_train)
    with pytest.raises(ValueError, match=r"held_out must be in \[0, 5000\)"):
        images.mnist_subset(held_out=5000)


def test_digits_8x8_are_scaled_from_0_to_16():
    (x_train, y_train), (x_test, _) = images.digits_8x8()
    assert x_train.shape[1:] == (8, 8, 1) and len(x_train) + len(x_test) == 1797
    assert x_train.min() == -1.0 and x_train.max() == 1.0
    assert set(np.unique(y_train)) == set(range(10))
    for held_out in (1, 7, 13):  # exactly as many as asked, spread over the classes
        _, (x_small, y_small) = images.digits_8x8(held_out=held_out)
        assert len(x_small) == held_out and len(set(y_small)) == min(held_out, 10)


def fake_mnist_npz(n_train=6, n_test=4):
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    np.savez(
        buffer,
        x_train=rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, n_train, dtype=np.uint8),
        x_test=rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, n_test, dtype=np.uint8),
    )
    return buffer.getvalue()


def test_full_mnist_downloads_once_verifies_and_caches(server, tmp_path):
    folder, base = server
    body = fake_mnist_npz()
    (folder / "mnist.npz").write_bytes(body)
    digest = hashlib.sha256(body).hexdigest()
    cache = tmp_path / "cache"
    (x_train, y_train), (x_test, y_test) = images.mnist(
        f"{base}/mnist.npz", sha256=digest, cache=cache
    )
    assert x_train.shape == (6, 28, 28, 1) and x_test.shape == (4, 28, 28, 1)
    assert y_train.dtype == np.int32 and -1.0 <= x_train.min() <= x_train.max() <= 1.0
    (folder / "mnist.npz").unlink()  # offline from now on: the cache answers
    (again, _), _ = images.mnist(f"{base}/mnist.npz", sha256=digest, cache=cache)
    np.testing.assert_array_equal(again, x_train)


def test_full_mnist_rejects_a_wrong_checksum_and_a_file_that_is_not_mnist(server, tmp_path):
    folder, base = server
    (folder / "mnist.npz").write_bytes(fake_mnist_npz())
    with pytest.raises(ValueError, match="sha256 mismatch"):
        images.mnist(f"{base}/mnist.npz", sha256="0" * 64, cache=tmp_path / "c1")
    assert not list((tmp_path / "c1").iterdir())
    buffer = io.BytesIO()
    np.savez(buffer, x_train=np.zeros((2, 28, 28), np.uint8))
    (folder / "other.npz").write_bytes(buffer.getvalue())
    with pytest.raises(ValueError, match=r"not an MNIST \.npz file: it lacks \['x_test'"):
        images.mnist(f"{base}/other.npz", sha256=None, cache=tmp_path / "c2")
    (folder / "notes.txt").write_text("not digits at all")
    with pytest.raises(ValueError, match=r"notes.txt is not an MNIST \.npz file: it is not a zip"):
        images.mnist(f"{base}/notes.txt", sha256=None, cache=tmp_path / "c3")


def test_image_dataset_batches_shuffles_and_pairs_labels():
    x = np.arange(10, dtype=np.float32).reshape(10, 1, 1, 1)
    y = np.arange(10)
    batches = list(images.image_dataset(x, y, batch_size=4, seed=0))
    assert len(batches) == 2  # the last partial batch is dropped
    for xb, yb in batches:
        np.testing.assert_array_equal(xb.numpy().reshape(-1), yb.numpy())
    first = np.concatenate([b[1].numpy() for b in batches])
    assert len(set(first)) == 8 and first.tolist() != list(range(8))
    with pytest.raises(ValueError, match=r"batch_size must be in \[1, 10\]"):
        images.image_dataset(x, batch_size=11)
    with pytest.raises(ValueError, match=r"labels must have shape \(10,\)"):
        images.image_dataset(x, y[:5], batch_size=4)
