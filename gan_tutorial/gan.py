"""The one adversarial training loop: `GAN`, a `keras.Model` whose `train_step` updates the
discriminator, then the generator.

    gan = GAN(generator, discriminator)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4), g_optimizer=keras.optimizers.Adam(2e-4),
                loss="non_saturating")
    gan.fit(real_samples, batch_size=256, epochs=10)

Because it is a Keras model, `fit` brings the progress bar, callbacks, `steps_per_execution`,
checkpoints (`.keras` files keep both networks, both optimizers and the loss) and
`tf.distribute` strategies; the step itself compiles with `tf.function` (XLA with
``jit_compile=True``).
"""

import math
import warnings

import keras
import numpy as np
from keras import ops

from gan_tutorial import arguments, backend, fixes, losses

__all__ = ["GAN"]


def _feature_shape(model, which):
    """``model``'s input or output shape without the batch axis, or None if not known yet."""
    try:
        shape = model.input_shape if which == "input" else model.output_shape
    except (AttributeError, ValueError):
        return None
    if isinstance(shape, list):  # several inputs or outputs: leave the checking to the call
        return None
    return tuple(shape[1:])


@keras.saving.register_keras_serializable(package="gan_tutorial")
class GAN(keras.Model):
    """A generator and a discriminator trained against each other.

    Args:
        generator: a `keras.Model` mapping latent vectors ``(batch, latent_dim)`` to samples
            ``(batch, *sample_shape)``.
        discriminator: a `keras.Model` mapping samples ``(batch, *sample_shape)`` to raw scores
            (logits) ``(batch, 1)``; no sigmoid at the end, the loss applies it where it needs it.
        latent_dim: length of the noise vector z ~ N(0, I). Defaults to the generator's
            ``latent_dim`` attribute if it has one, else to its input size.
        seed: seed of the noise the training step draws (None: drawn from Keras' global seed,
            which `keras.utils.set_random_seed` sets).
        num_classes: makes the GAN class-conditional (a cGAN): the generator then takes
            ``[z, labels]``, the discriminator ``[samples, labels]`` (labels int ``(batch,)`` in
            ``0 .. num_classes - 1``), and the training data are ``(samples, labels)`` pairs.
            The generator's step uses the labels of the real batch.

    Metrics (per epoch, as `fit` reports them): ``d_loss`` and ``g_loss`` (the adversarial losses,
    without penalties), ``d_real`` and ``d_fake`` (the discriminator's mean output on real and
    generated samples: D(x) in [0, 1] for the probabilistic losses, the critic's score otherwise),
    and ``gradient_penalty`` / ``r1_penalty`` when those are switched on.
    """

    def __init__(
        self, generator, discriminator, latent_dim=None, seed=None, num_classes=None, **kwargs
    ):
        super().__init__(**kwargs)
        for name, model in (("generator", generator), ("discriminator", discriminator)):
            if not isinstance(model, keras.Model):
                raise TypeError(f"{name} must be a keras.Model, got {type(model).__name__}")
            if not model.built:
                raise ValueError(
                    f"{name} is not built: give it a keras.Input or call {name}.build(shape) "
                    "first, so that its weights exist before training (also under tf.distribute)"
                )
        if num_classes is not None:
            num_classes = arguments.integer("num_classes", num_classes, minimum=2)
            for name, model in (("generator", generator), ("discriminator", discriminator)):
                if len(model.inputs) != 2:
                    raise ValueError(
                        f"a conditional GAN (num_classes={num_classes}) needs a {name} with two "
                        f"inputs, [{'z' if name == 'generator' else 'samples'}, labels]; this one "
                        f"has {len(model.inputs)}"
                    )
        if latent_dim is None:
            latent_dim = getattr(generator, "latent_dim", None)
        if latent_dim is None and num_classes is not None:
            z_shape = tuple(generator.inputs[0].shape[1:])
            if len(z_shape) != 1 or z_shape[0] is None:
                raise ValueError(
                    f"latent_dim is needed: the generator's first input has shape {z_shape}"
                )
            latent_dim = z_shape[0]
        if latent_dim is None:
            latent_shape = _feature_shape(generator, "input")
            if latent_shape is None or len(latent_shape) != 1 or latent_shape[0] is None:
                raise ValueError(
                    "latent_dim is needed: the generator's input shape is "
                    f"{latent_shape}, not (latent_dim,)"
                )
            latent_dim = latent_shape[0]
        if int(latent_dim) < 1:
            raise ValueError(f"latent_dim must be a positive integer, got {latent_dim}")
        z_shape = (
            _feature_shape(generator, "input")
            if num_classes is None
            else tuple(generator.inputs[0].shape[1:])
        )
        if z_shape is not None and len(z_shape) == 1 and z_shape[0] not in (None, int(latent_dim)):
            raise ValueError(
                f"latent_dim={latent_dim}, but the generator reads z of shape {z_shape}: pass "
                f"latent_dim={z_shape[0]} or leave it out"
            )
        sample_shape = _feature_shape(generator, "output")
        d_input_shape = _feature_shape(discriminator, "input")
        if num_classes is not None:  # the samples are the discriminator's first input
            d_input_shape = tuple(discriminator.inputs[0].shape[1:])
        if (
            sample_shape is not None
            and d_input_shape is not None
            and not _compatible(sample_shape, d_input_shape)
        ):
            raise ValueError(
                f"the generator makes samples of shape {sample_shape} but the discriminator "
                f"reads samples of shape {d_input_shape}"
            )
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim)
        self.num_classes = num_classes
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.d_real_tracker = keras.metrics.Mean(name="d_real")
        self.d_fake_tracker = keras.metrics.Mean(name="d_fake")
        self.gp_tracker = keras.metrics.Mean(name="gradient_penalty")
        self.r1_tracker = keras.metrics.Mean(name="r1_penalty")
        self.built = True  # both networks are built; the GAN has no weights of its own

    # ----------------------------------------------------------------------------- compile
    def compile(
        self,
        d_optimizer="adam",
        g_optimizer="adam",
        loss="non_saturating",
        d_steps=1,
        r1_weight=0.0,
        unroll_steps=0,
        unroll_learning_rate=None,
        reuse_fakes=False,
        fresh_real=False,
        **kwargs,
    ):
        """Choose the two optimizers and the adversarial loss.

        Args:
            d_optimizer, g_optimizer: two distinct `keras.optimizers.Optimizer` instances (or
                names). Under a ``mixed_float16`` policy both are wrapped in a
                `keras.optimizers.LossScaleOptimizer`.
            loss: a name from `gan_tutorial.losses` (``"minimax"``, ``"non_saturating"``,
                ``"wasserstein"``, ``"hinge"``, ``"least_squares"``) or an `AdversarialLoss`,
                e.g. ``losses.Wasserstein(gradient_penalty=10)``.
            d_steps: discriminator updates per generator update (the WGAN n_critic), each with
                fresh noise and the same real batch (see ``fresh_real``). An integer >= 1.
            r1_weight: gamma of the R1 penalty ``gamma / 2 * E||grad D(x)||^2`` on real data.
            unroll_steps: k of the unrolled GAN (Metz et al. 2017): the generator's loss is taken
                against the discriminator after k more SGD steps on the current batch, and its
                gradient flows through those steps. The real discriminator is not changed by
                them. 0 (default) turns unrolling off; the paper's best setting is k = 5..10.
            unroll_learning_rate: the step size of those SGD steps (default: the discriminator
                optimizer's learning rate at compile time).
            reuse_fakes: if True, the generator's update uses the samples of the (last)
                discriminator update instead of new noise, as PyTorch's DCGAN example does: one
                generator forward pass fewer per step, the dearest part of an image GAN's step
                (about 20% of it for chapter 4's networks). Still alternating: the generator
                is scored by the updated discriminator. Default False (new noise, as in
                Goodfellow et al.'s Algorithm 1).
            fresh_real: if True, each batch the data yields holds ``d_steps`` real batches, and
                each discriminator update reads its own slice of it, as WGAN-GP's Algorithm 1
                samples real data in every critic iteration (a dataset batch of ``d_steps * n``
                trains on batches of ``n``; the generator's update uses the last slice's size
                and labels). Default False: every update reads the whole batch.
            **kwargs: passed to `keras.Model.compile` (e.g. ``steps_per_execution``,
                ``jit_compile``).
        """
        for key in ("optimizer", "loss_weights", "metrics"):
            if kwargs.get(key) is not None:
                raise ValueError(
                    f"GAN.compile takes d_optimizer, g_optimizer and loss, not {key}="
                    f"{kwargs[key]!r}"
                )
        for name, flag in (("reuse_fakes", reuse_fakes), ("fresh_real", fresh_real)):
            if not isinstance(flag, bool):
                raise ValueError(f"{name} must be True or False, got {flag!r}")
        if isinstance(d_steps, bool) or not isinstance(d_steps, (int, np.integer)) or d_steps < 1:
            raise ValueError(f"d_steps must be an integer >= 1, got {d_steps!r}")
        if (
            isinstance(r1_weight, bool)
            or not isinstance(r1_weight, (int, float, np.number))
            or not math.isfinite(r1_weight)
            or r1_weight < 0
        ):
            raise ValueError(f"r1_weight must be a finite number >= 0, got {r1_weight!r}")
        r1_weight = float(r1_weight)
        if (
            isinstance(unroll_steps, bool)
            or not isinstance(unroll_steps, (int, np.integer))
            or unroll_steps < 0
        ):
            raise ValueError(f"unroll_steps must be an integer >= 0, got {unroll_steps!r}")
        d_optimizer = keras.optimizers.get(d_optimizer)
        if unroll_learning_rate is None:
            unroll_learning_rate = float(keras.ops.convert_to_numpy(d_optimizer.learning_rate))
        if unroll_steps:
            arguments.positive("unroll_learning_rate", unroll_learning_rate)
        g_optimizer = keras.optimizers.get(g_optimizer)
        for name, optimizer in (("d_optimizer", d_optimizer), ("g_optimizer", g_optimizer)):
            check_learning_rate(name, optimizer)
        if d_optimizer is g_optimizer:
            raise ValueError(
                "d_optimizer and g_optimizer must be two optimizer instances, not the same one: "
                "each keeps state (moments, step count) for its own network"
            )
        replicas = self.distribute_strategy.num_replicas_in_sync
        if replicas > 1 and kwargs.get("steps_per_execution", 1) > 1:
            # Keras 3 fails inside the multi-step loop under a multi-replica strategy
            # ("You must feed a value for placeholder tensor", keras-team/keras#19246).
            warnings.warn(
                f"steps_per_execution={kwargs['steps_per_execution']} fails under a strategy with "
                f"{replicas} replicas in this Keras (keras-team/keras#19246); using 1",
                stacklevel=2,
            )
            kwargs["steps_per_execution"] = 1
        # Keras' own `optimizer` slot holds the generator's optimizer: callbacks that read
        # `model.optimizer` (TensorBoard's learning rate and step) then see the generator's.
        super().compile(optimizer=None, auto_scale_loss=False, **kwargs)
        if self.dtype_policy.name == "mixed_float16":
            if not isinstance(d_optimizer, keras.optimizers.LossScaleOptimizer):
                d_optimizer = keras.optimizers.LossScaleOptimizer(d_optimizer)
            if not isinstance(g_optimizer, keras.optimizers.LossScaleOptimizer):
                g_optimizer = keras.optimizers.LossScaleOptimizer(g_optimizer)
        # Build the optimizers' state now, not lazily inside the first (distributed) step, and
        # so that loading a saved model has variables to restore into.
        if not d_optimizer.built:
            d_optimizer.build(self.discriminator.trainable_variables)
        if not g_optimizer.built:
            g_optimizer.build(self.generator.trainable_variables)
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.optimizer = g_optimizer
        self.adversarial_loss = losses.get(loss)
        self.d_steps = int(d_steps)
        self.r1_weight = r1_weight
        self.unroll_steps = int(unroll_steps)
        self.unroll_learning_rate = float(unroll_learning_rate)
        self.reuse_fakes = reuse_fakes
        self.fresh_real = fresh_real

    @property
    def metrics(self):
        trackers = [
            self.d_loss_tracker,
            self.g_loss_tracker,
            self.d_real_tracker,
            self.d_fake_tracker,
        ]
        if getattr(self, "adversarial_loss", None) is not None:
            if self.adversarial_loss.gradient_penalty_weight > 0:
                trackers.append(self.gp_tracker)
            if self.r1_weight > 0:
                trackers.append(self.r1_tracker)
        return trackers

    # ---------------------------------------------------------------------------- training
    def fit(self, x=None, y=None, *args, shuffle=None, **kwargs):
        """`keras.Model.fit`, with ``shuffle`` left to the data by default: arrays are shuffled
        every epoch (Keras' default), a `tf.data.Dataset` is not (it shuffles itself, and Keras
        warns when asked to shuffle one)."""
        if shuffle is None:
            shuffle = not backend.is_dataset(x)
        if isinstance(x, (np.ndarray, list, tuple)) or hasattr(x, "numpy"):
            self._check_arrays(x, y)
            self._check_packing(len(x), kwargs.get("batch_size") or 32)
        return super().fit(x, y, *args, shuffle=shuffle, **kwargs)

    def _check_packing(self, num_samples, batch_size):
        """A discriminator that packs m samples (`fixes.PackSamples`) needs every batch, the
        last one too, to be a multiple of m."""
        packs = [
            layer.m
            for layer in getattr(self.discriminator, "layers", [])
            if isinstance(layer, fixes.PackSamples)
        ]
        if not packs:
            return
        m = max(packs)
        batches = {min(batch_size, num_samples), num_samples % batch_size} - {0}
        bad = sorted(b for b in batches if b % m)
        if bad:
            raise ValueError(
                f"the discriminator packs {m} samples, so every batch must be a multiple of {m}: "
                f"batch_size {batch_size} on {num_samples} samples makes a batch of {bad[0]}; "
                "choose a batch_size and a number of samples that are multiples of it"
            )

    def _check_arrays(self, x, y):
        """Training data given as arrays: numbers, at least one sample, all finite; labels only
        for a conditional GAN, whole numbers in [0, num_classes)."""
        x = np.asarray(x)
        if x.dtype.kind not in "biuf":
            raise TypeError(f"x must be an array of numbers, got dtype {x.dtype}")
        if x.ndim == 0 or len(x) == 0:
            raise ValueError(f"x must hold at least one sample, got shape {x.shape}")
        if x.dtype.kind == "f" and not np.isfinite(x).all():
            bad = np.argwhere(~np.isfinite(x.reshape(len(x), -1)))[0][0]
            raise ValueError(
                f"x has {int((~np.isfinite(x)).sum())} NaN or infinite values (the first in "
                f"sample {bad}): a GAN trained on them learns NaN weights"
            )
        if y is None:
            return
        if not self.conditional:
            raise ValueError(
                "this GAN is unconditional (num_classes=None) and takes no labels, but fit got "
                f"y of shape {np.shape(y)}: drop y, or build a conditional GAN"
            )
        labels = np.asarray(y)
        if labels.dtype.kind not in "biuf" or (
            labels.dtype.kind == "f"
            and not (np.isfinite(labels) & (labels == np.round(labels))).all()
        ):
            raise ValueError(f"y must hold whole-number class labels, got {labels.ravel()[:5]}...")
        if labels.size and (labels.min() < 0 or labels.max() >= self.num_classes):
            raise ValueError(
                f"y must hold class labels in [0, {self.num_classes}), got {labels.min()} to "
                f"{labels.max()}"
            )

    def call(self, z, training=False):
        """Generated samples for latent vectors ``z`` of shape ``(batch, latent_dim)``."""
        return self.generator(z, training=training)

    def _noise(self, batch_size):
        """z ~ N(0, I), ``(batch_size, latent_dim)``, different on every replica: the seed
        generator's state is mirrored, so each replica draws the noise of all of them and keeps
        its own slice."""
        replicas = self.distribute_strategy.num_replicas_in_sync
        if replicas == 1:
            return keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
        z = keras.random.normal((replicas * batch_size, self.latent_dim), seed=self.seed_generator)
        replica = backend.replica_id()
        return z[replica * batch_size : (replica + 1) * batch_size]

    @property
    def conditional(self):
        return self.num_classes is not None

    def _generate(self, z, labels, training):
        return self.generator([z, labels] if self.conditional else z, training=training)

    def _critic(self, labels):
        """The discriminator as a function of samples alone (for the penalties)."""
        if not self.conditional:
            return self.discriminator
        return lambda x, training=False: self.discriminator([x, labels], training=training)

    def train_step(self, data):
        """One step of Algorithm 1 of Goodfellow et al. (2014): update the discriminator on a
        real and a generated batch, then the generator on samples scored by the updated
        discriminator. The options of later chapters live in the helpers it calls."""
        batches = self._real_batches(*self._unpack(data))  # labels: None unless conditional
        with backend.GradientTape() as tape:  # for the generator's gradient, at the end
            for real, labels in batches:  # one by default; the WGAN critic takes 5
                batch_size = ops.shape(real)[0]
                fake = self._generate(self._noise(batch_size), labels, training=True)
                d_results = self._update_discriminator(real, fake, labels)
            if not self.reuse_fakes:  # new noise (reuse_fakes keeps the last fakes)
                fake = self._generate(self._noise(batch_size), labels, training=True)
            logits = self._logits_for_generator(fake, real, labels)
            g_loss = self.adversarial_loss.generator_loss(logits)
            scaled = self._scaled(g_loss, self.g_optimizer)
        backend.apply_gradients(tape, scaled, self.generator, self.g_optimizer)
        return self._track(g_loss, *d_results)

    def _unpack(self, data):
        """The real samples of a batch and, for a conditional GAN, their checked labels."""
        real, labels, _ = keras.utils.unpack_x_y_sample_weight(data)
        if not self.conditional:
            return real, None
        if labels is None:
            raise ValueError(
                "a conditional GAN trains on (samples, labels) pairs: fit(x, labels) or a "
                "dataset of pairs"
            )
        return real, backend.checked_labels(labels, self.num_classes)

    def _real_batches(self, real, labels):
        """The (real, labels) pair of each of the ``d_steps`` discriminator updates: the whole
        batch each time or, with ``fresh_real``, consecutive slices of it."""
        if not self.fresh_real:
            return [(real, labels)] * self.d_steps
        rows = real.shape[0]
        if rows is not None and rows % self.d_steps:
            raise ValueError(
                f"fresh_real=True with d_steps={self.d_steps} needs batches of a multiple of "
                f"{self.d_steps} rows (one slice per discriminator update), got {rows}"
            )
        size = ops.shape(real)[0] // self.d_steps
        return [
            (
                real[i * size : (i + 1) * size],
                None if labels is None else labels[i * size : (i + 1) * size],
            )
            for i in range(self.d_steps)
        ]

    def _scaled(self, loss, optimizer):
        # Each replica's loss is divided by their number: the optimizers sum the gradients of
        # all replicas, so the update is that of the mean over the global batch.
        return optimizer.scale_loss(loss / self.distribute_strategy.num_replicas_in_sync)

    def _update_discriminator(self, real, fake, labels):
        """One update of the discriminator on a real and a generated batch; returns its loss,
        its logits on both, and the penalties (None when off)."""
        self._check_shapes(real, fake)
        loss, critic = self.adversarial_loss, self._critic(labels)
        gp = r1 = None
        with backend.GradientTape() as tape:
            real_logits = critic(real, training=True)
            fake_logits = critic(fake, training=True)
            d_loss = loss.discriminator_loss(real_logits, fake_logits)
            total = d_loss
            if loss.gradient_penalty_weight > 0:
                gp = fixes.gradient_penalty(critic, real, fake, self.seed_generator)
                total = total + loss.gradient_penalty_weight * gp
            if self.r1_weight > 0:
                r1 = fixes.r1_penalty(critic, real)
                total = total + 0.5 * self.r1_weight * r1
            scaled = self._scaled(total, self.d_optimizer)
        backend.apply_gradients(tape, scaled, self.discriminator, self.d_optimizer)
        return d_loss, real_logits, fake_logits, gp, r1

    def _logits_for_generator(self, fake, real, labels):
        """The discriminator's logits on ``fake`` for the generator's loss: the discriminator as
        it is, or, with ``unroll_steps``, as it would be after that many more SGD steps."""
        if not self.unroll_steps:
            return self._critic(labels)(fake, training=True)
        return fixes.unrolled_logits(
            self.discriminator,
            self.adversarial_loss,
            [real, labels] if self.conditional else real,
            [fake, labels] if self.conditional else fake,
            self.unroll_steps,
            self.unroll_learning_rate,
        )

    def _track(self, g_loss, d_loss, real_logits, fake_logits, gp, r1):
        """Updates the metrics with the step's losses and outputs; returns their values."""
        self.d_loss_tracker.update_state(d_loss)
        self.g_loss_tracker.update_state(g_loss)
        self.d_real_tracker.update_state(self.adversarial_loss.output(real_logits))
        self.d_fake_tracker.update_state(self.adversarial_loss.output(fake_logits))
        if gp is not None:
            self.gp_tracker.update_state(gp)
        if r1 is not None:
            self.r1_tracker.update_state(r1)
        return {m.name: m.result() for m in self.metrics}

    @staticmethod
    def _check_shapes(real, fake):
        real_shape, fake_shape = tuple(real.shape[1:]), tuple(fake.shape[1:])
        if not _compatible(real_shape, fake_shape):
            raise ValueError(
                f"the training data has samples of shape {real_shape} but the generator makes "
                f"samples of shape {fake_shape}"
            )

    def generate(self, num_samples, seed=None, batch_size=4096, *, labels=None):
        """``num_samples`` generated samples as a NumPy array ``(num_samples, *sample_shape)``.

        ``seed`` (an int) fixes the noise, so the same seed gives the same samples. A
        conditional GAN makes the classes ``labels`` (ints ``(num_samples,)``; default: classes
        0, 1, ..., num_classes - 1 in turn)."""
        num_samples = arguments.integer("num_samples", num_samples)
        arguments.integer("batch_size", batch_size)
        z = keras.random.normal((num_samples, self.latent_dim), seed=seed)
        return self.sample_from(keras.ops.convert_to_numpy(z), labels=labels, batch_size=batch_size)

    def sample_from(self, z, *, labels=None, batch_size=4096):
        """The generator's samples for latent vectors ``z`` ``(n, latent_dim)`` (and, for a
        conditional GAN, ``labels``, as in `generate`), as a NumPy array."""
        z = np.asarray(z, dtype=np.float32)
        if z.ndim != 2 or z.shape[1] != self.latent_dim:
            raise ValueError(f"z must have shape (n, {self.latent_dim}), got {z.shape}")
        if not np.isfinite(z).all():
            raise ValueError("z holds NaN or infinite values")
        batch_size = arguments.integer("batch_size", batch_size)
        if not self.conditional:
            if labels is not None:
                raise ValueError("labels are for a conditional GAN (num_classes); this one is not")
            return self._generate_in_batches(z, None, batch_size)
        if labels is None:
            labels = np.arange(len(z)) % self.num_classes
        labels = np.asarray(labels)
        if (
            labels.shape != (len(z),)
            or not np.issubdtype(labels.dtype, np.integer)
            or labels.min() < 0
            or labels.max() >= self.num_classes
        ):
            raise ValueError(
                f"labels must be {len(z)} ints in [0, {self.num_classes}), got "
                f"{labels.tolist() if labels.size <= 20 else f'shape {labels.shape}'}"
            )
        return self._generate_in_batches(z, labels.astype(np.int32), batch_size)

    def _generate_in_batches(self, z, labels, batch_size):
        # Direct calls, not `predict`: `predict` traces a new tf.function for every model,
        # which costs more than it saves here and makes TensorFlow warn about retracing
        # when a notebook samples from several GANs.
        batches = []
        for start in range(0, len(z), batch_size):
            part = slice(start, start + batch_size)
            samples = self._generate(z[part], None if labels is None else labels[part], False)
            batches.append(keras.ops.convert_to_numpy(samples))
        return np.concatenate(batches)

    # ------------------------------------------------------------------------ serialization
    def get_config(self):
        return {
            "name": self.name,
            "generator": keras.saving.serialize_keras_object(self.generator),
            "discriminator": keras.saving.serialize_keras_object(self.discriminator),
            "latent_dim": self.latent_dim,
            "seed": self.seed,
            "num_classes": self.num_classes,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        generator = keras.saving.deserialize_keras_object(config.pop("generator"), custom_objects)
        discriminator = keras.saving.deserialize_keras_object(
            config.pop("discriminator"), custom_objects
        )
        return cls(generator, discriminator, **config)

    def get_compile_config(self):
        if not self.compiled:
            return None
        return {
            "d_optimizer": keras.optimizers.serialize(_inner(self.d_optimizer)),
            "g_optimizer": keras.optimizers.serialize(_inner(self.g_optimizer)),
            "loss": self.adversarial_loss.get_config(),
            "d_steps": self.d_steps,
            "r1_weight": self.r1_weight,
            "unroll_steps": self.unroll_steps,
            "unroll_learning_rate": self.unroll_learning_rate,
            "reuse_fakes": self.reuse_fakes,
            "fresh_real": self.fresh_real,
            "steps_per_execution": self.steps_per_execution,
        }

    def compile_from_config(self, config):
        config = dict(config)
        self.compile(
            d_optimizer=keras.optimizers.deserialize(config.pop("d_optimizer")),
            g_optimizer=keras.optimizers.deserialize(config.pop("g_optimizer")),
            **config,
        )


def check_learning_rate(name, optimizer):
    """A learning rate (not a schedule) must be a finite number >= 0 (0 freezes a network)."""
    rate = getattr(_inner(optimizer), "_learning_rate", None)
    if isinstance(rate, keras.optimizers.schedules.LearningRateSchedule):
        return
    value = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name}'s learning_rate must be a finite number >= 0, got {value}")


def _inner(optimizer):
    return getattr(optimizer, "inner_optimizer", optimizer)


def _compatible(shape_a, shape_b):
    return len(shape_a) == len(shape_b) and all(
        a is None or b is None or a == b for a, b in zip(shape_a, shape_b)
    )
