"""A conditional GAN for labelled numeric tables (chapter 10): a class label in, a row out.

`TabularGAN` standardizes the columns (`ColumnScaler`), trains a conditional pair of MLPs with
the package's one `GAN` loop (by default with chapter 9's R1 penalty, the fix that held on every
seed there), and writes the generated rows back in the table's own units.

Shapes: features ``x`` ``(rows, columns)``; labels ``y`` ``(rows,)`` ints in [0, classes).
"""

import numbers

import keras
import numpy as np
import tensorflow as tf

from gan_tutorial import arguments
from gan_tutorial.data.tables import ColumnScaler, check_table
from gan_tutorial.gan import GAN
from gan_tutorial.models.mlp import mlp_discriminator, mlp_generator

__all__ = ["TabularGAN"]


class TabularGAN:
    """A conditional tabular GAN.

        synthesizer = TabularGAN(num_columns=13, num_classes=3).fit(x_train, y_train)
        x_synthetic, y_synthetic = synthesizer.sample(1000)

    Args:
        num_columns, num_classes: the table's shape.
        latent_dim: length of the noise vector.
        hidden: widths of both networks' hidden layers.
        seed: seed of the networks' weights (set through `keras.utils.set_random_seed`, which
            also reseeds Keras, NumPy and Python for the caller) and of the training noise.
    """

    def __init__(self, num_columns, num_classes, latent_dim=16, hidden=(128, 128), seed=0):
        self.num_columns = arguments.integer("num_columns", num_columns)
        self.num_classes = arguments.integer("num_classes", num_classes, minimum=2)
        self.latent_dim, self.seed = arguments.integer("latent_dim", latent_dim), seed
        keras.utils.set_random_seed(seed)
        generator = mlp_generator(
            self.latent_dim, self.num_columns, hidden, num_classes=self.num_classes
        )
        discriminator = mlp_discriminator(self.num_columns, hidden, num_classes=self.num_classes)
        self.gan = GAN(
            generator, discriminator, self.latent_dim, seed=seed, num_classes=num_classes
        )
        self.scaler = ColumnScaler()

    def fit(
        self,
        x,
        y,
        steps=2000,
        batch_size=64,
        learning_rate=1e-3,
        r1_weight=1.0,
        callbacks=None,
        verbose=0,
        steps_per_execution=1,
    ):
        """Trains on the rows ``x`` with labels ``y`` for ``steps`` updates of each network;
        returns ``self`` (the Keras history is ``self.history``). ``callbacks`` are Keras
        callbacks; training is one epoch of ``steps`` batches, so ``on_train_batch_end(step)``
        sees every step (``step`` counts from 0). ``steps_per_execution``: updates per call of
        the compiled step (Keras' option; the same updates, with less Python between them: 50
        takes about a quarter less CPU on a 2-core machine); batch callbacks then run once per
        call, with the index of its last step."""
        x, y = check_table(x, y)
        if (
            isinstance(steps_per_execution, bool)
            or not isinstance(steps_per_execution, numbers.Integral)
            or steps_per_execution < 1
        ):
            raise ValueError(
                f"steps_per_execution must be an integer >= 1, got {steps_per_execution!r}"
            )
        steps = arguments.integer("steps", steps, minimum=1)
        batch_size = arguments.integer("batch_size", batch_size, minimum=1)
        if isinstance(learning_rate, bool) or not (
            isinstance(learning_rate, numbers.Real) and 0 < learning_rate < float("inf")
        ):
            raise ValueError(f"learning_rate must be a finite number > 0, got {learning_rate!r}")
        if x.shape[1] != self.num_columns:
            raise ValueError(f"x must have {self.num_columns} columns, got {x.shape[1]}")
        if y.max() >= self.num_classes:
            raise ValueError(f"labels must be < num_classes={self.num_classes}, got {y.max()}")
        self.shares_ = np.bincount(y, minlength=self.num_classes) / len(y)
        z = self.scaler.fit(x).transform(x).astype("float32")
        self.gan.compile(
            d_optimizer=keras.optimizers.Adam(learning_rate, beta_1=0.5),
            g_optimizer=keras.optimizers.Adam(learning_rate, beta_1=0.5),
            loss="non_saturating",
            r1_weight=r1_weight,
            steps_per_execution=int(steps_per_execution),
        )
        rows = tf.data.Dataset.from_tensor_slices((z, y.astype("int32")))
        batches = rows.shuffle(len(x), seed=self.seed).repeat().batch(batch_size)
        self.history = self.gan.fit(
            batches,
            steps_per_epoch=int(steps),
            epochs=1,
            shuffle=False,
            callbacks=callbacks,
            verbose=verbose,
        ).history
        return self

    def sample(self, num_rows, seed=0, labels=None):
        """``num_rows`` synthetic rows in the table's units and their labels: the classes in
        the training shares, or the ``labels`` asked for (ints ``(num_rows,)``)."""
        if not hasattr(self, "shares_"):
            raise RuntimeError("fit the TabularGAN first")
        num_rows = arguments.integer("num_rows", num_rows, minimum=1)
        if labels is None:
            rng = np.random.default_rng(seed)
            labels = rng.choice(self.num_classes, size=int(num_rows), p=self.shares_)
        labels = np.asarray(labels)
        if (
            labels.shape != (num_rows,)
            or labels.dtype.kind not in "iu"
            or labels.min() < 0
            or labels.max() >= self.num_classes
        ):
            raise ValueError(
                f"labels must be {num_rows} ints in [0, {self.num_classes}), got "
                f"{labels.dtype} of shape {labels.shape}"
            )
        scaled = self.gan.generate(int(num_rows), seed=seed, labels=labels.astype("int32"))
        scaled = np.asarray(scaled, dtype=np.float64)
        if not np.isfinite(scaled).all():
            raise FloatingPointError(
                f"the generator wrote {int((~np.isfinite(scaled)).sum())} NaN or infinite values: "
                "its training diverged"
            )
        return self.scaler.inverse_transform(scaled), labels
