"""gan_tutorial: the training code of the book "Generative Adversarial Networks, computed".

The names the book uses::

    from gan_tutorial import GAN, data, models, losses, metrics, plots, SampleRecorder
"""

from gan_tutorial import checks, data, losses, metrics, models, plots, tabular, text_gan, theory
from gan_tutorial.callbacks import ModeEvaluation, SampleRecorder
from gan_tutorial.gan import GAN
from gan_tutorial.seeding import set_seed

__all__ = [
    "GAN",
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
    "text_gan",
    "theory",
]
__version__ = "0.1.0"
