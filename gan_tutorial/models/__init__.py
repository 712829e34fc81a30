"""Generators and discriminators (later: DCGAN, recurrent)."""

from gan_tutorial.models.mlp import mlp_discriminator, mlp_generator

__all__ = ["mlp_discriminator", "mlp_generator"]
