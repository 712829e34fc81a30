"""Generators and discriminators (later: DCGAN)."""

from gan_tutorial.models.dirac import dirac_generator, linear_discriminator
from gan_tutorial.models.mlp import mlp_discriminator, mlp_generator
from gan_tutorial.models.recurrent import GRUDiscriminator, LSTMGenerator, gumbel_softmax

__all__ = [
    "GRUDiscriminator",
    "LSTMGenerator",
    "dirac_generator",
    "gumbel_softmax",
    "linear_discriminator",
    "mlp_discriminator",
    "mlp_generator",
]
