"""Generators and discriminators (later: DCGAN, recurrent)."""

from gan_tutorial.models.dirac import dirac_generator, linear_discriminator
from gan_tutorial.models.mlp import mlp_discriminator, mlp_generator

__all__ = ["dirac_generator", "linear_discriminator", "mlp_discriminator", "mlp_generator"]
