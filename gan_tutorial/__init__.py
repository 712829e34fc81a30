"""gan_tutorial: the training code of the book "Generative Adversarial Networks, computed".

The names the book uses::

    from gan_tutorial import GAN, data, models, losses, metrics, plots, SampleRecorder
"""

# `backend` first: it imports TensorFlow without the lines its C++ code prints while loading
from gan_tutorial import (
    backend,
    checks,
    data,
    fixes,
    losses,
    metrics,
    models,
    plots,
    tabular,
    theory,
)
from gan_tutorial.callbacks import ModeEvaluation, SampleRecorder
from gan_tutorial.gan import GAN
from gan_tutorial.seeding import set_seed

__all__ = [
    "GAN",
    "backend",
    "fixes",
    "checks",
    "ModeEvaluation",
    "SampleRecorder",
    "data",
    "losses",
    "metrics",
    "models",
    "plots",
    "set_seed",
    "tabular",
    "theory",
]
__version__ = "0.1.0"
