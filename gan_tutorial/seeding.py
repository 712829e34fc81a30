"""One call that makes a run repeatable."""

import keras

from gan_tutorial import backend

__all__ = ["set_seed"]


def set_seed(seed, deterministic=True):
    """Seed Python, NumPy, TensorFlow and Keras (`keras.utils.set_random_seed`) and, with
    ``deterministic``, make TensorFlow's ops deterministic, so a figure is the same on the next
    run on the same machine."""
    keras.utils.set_random_seed(int(seed))
    if deterministic:
        backend.enable_determinism()
