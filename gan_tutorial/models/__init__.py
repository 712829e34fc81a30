"""Generators and discriminators: MLPs, the Dirac-GAN pair, DCGAN, LSTM/GRU."""

from gan_tutorial.models.dcgan import dcgan_discriminator, dcgan_generator
from gan_tutorial.models.dirac import dirac_generator, linear_discriminator
from gan_tutorial.models.mlp import mlp_discriminator, mlp_generator
from gan_tutorial.models.recurrent import GRUDiscriminator, LSTMGenerator, gumbel_softmax

__all__ = [
    "GRUDiscriminator",
    "LSTMGenerator",
    "dcgan_discriminator",
    "dcgan_generator",
    "dirac_generator",
    "gumbel_softmax",
    "linear_discriminator",
    "mlp_discriminator",
    "mlp_generator",
]
