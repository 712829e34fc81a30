"""The Dirac-GAN's two players as Keras models (Mescheder, Geiger and Nowozin 2018): a generator
whose every sample is one learned number theta, and a linear discriminator with logit psi * x."""

import keras
from keras import ops

from gan_tutorial import arguments

__all__ = ["ConstantOutput", "dirac_generator", "linear_discriminator"]


@keras.saving.register_keras_serializable(package="gan_tutorial")
class ConstantOutput(keras.layers.Layer):
    """Ignores its input ``(batch, latent_dim)`` and outputs one learned vector per example,
    ``(batch, units)``."""

    def __init__(self, units=1, initial_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.units = arguments.integer("units", units)
        self.initial_value = arguments.real("initial_value", initial_value)

    def build(self, input_shape):
        self.value = self.add_weight(
            shape=(self.units,),
            initializer=keras.initializers.Constant(self.initial_value),
            name="value",
        )

    def call(self, inputs):
        return ops.zeros((ops.shape(inputs)[0], 1), dtype=self.value.dtype) + self.value

    def get_config(self):
        return {**super().get_config(), "units": self.units, "initial_value": self.initial_value}


def dirac_generator(theta=1.0, latent_dim=1):
    """G(z) = theta for every z: the generator of the Dirac-GAN. Its one weight is theta."""
    theta = arguments.real("theta", theta)
    latent_dim = arguments.integer("latent_dim", latent_dim)
    return keras.Sequential(
        [keras.Input((latent_dim,)), ConstantOutput(1, theta, name="theta")], name="generator"
    )


def linear_discriminator(psi=1.0):
    """D(x) = psi * x, a logit without bias: the discriminator of the Dirac-GAN."""
    psi = arguments.real("psi", psi)
    return keras.Sequential(
        [
            keras.Input((1,)),
            keras.layers.Dense(
                1, use_bias=False, kernel_initializer=keras.initializers.Constant(psi), name="psi"
            ),
        ],
        name="discriminator",
    )
