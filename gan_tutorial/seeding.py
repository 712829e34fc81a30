"""One call that makes a run repeatable."""

import keras

from gan_tutorial import arguments, backend

__all__ = ["set_seed"]


def set_seed(seed, deterministic=True):
    """Seed Python, NumPy, TensorFlow and Keras (`keras.utils.set_random_seed`) and, with
    ``deterministic``, make TensorFlow's ops deterministic, so a figure is the same on the next
    run on the same machine."""
    seed = arguments.integer("seed", seed, minimum=0)
    if seed >= 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}")
    keras.utils.set_random_seed(seed)
    if deterministic:
        backend.enable_determinism()
