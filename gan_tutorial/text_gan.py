"""The Gumbel-softmax text GAN with an exact gradient for the end token (chapters 6 and 11).

With the straight-through estimator, ending a sequence at position t looks to the gradient like
any other change of one token: the first-order effect of turning every later token into PAD.
That estimate of "what if the sequence ended here" is far from the truth (the discriminator's
verdict on the shortened sequence), and uncorrelated with it once training is under way; the
end token's probability then drifts, and can run away until every sample is empty.

`TextGAN` keeps the straight-through gradient for the tokens (`LSTMGenerator.write`) and
teaches the end decisions with the exact difference instead: at every position t where a
sample was still being written, the discriminator scores the sample cut at t, and

    surrogate = mean_batch sum_t stop_gradient(open_t (loss(cut at t) - loss(sample))
                                               / (1 - p_t)) * p_t

has, in expectation, the gradient of the generator's expected loss with respect to the end
probabilities p_t (a score-function estimate with one exact evaluation: the cut sequence is
determined by the prefix). It costs one discriminator pass over ``T`` cut copies of the batch,
read as token ids.

With ``likelihood_weight`` > 0 the generator's loss also holds the negative log-likelihood of
the real batch, teacher forced, times that weight: adversarial updates interleaved with
maximum-likelihood ones (Li et al. 2017 found the dialogue generator they fine-tune drifts
without them). On WordNet's sentences written letter by letter (data: 26 letters on average), 100
adversarial steps after 200 of maximum likelihood shortened the samples in three seeds of three,
from 24.0, 26.3, 24.2 letters to 20.5, 24.5, 10.1; with the likelihood term at weight 1 (the
weight `experiments.text.TextRecipe` uses) seeds 0 and 2 ended at 24.9 and 24.2. In
``python -m gan_tutorial bench text --protocol quick`` (200 adversarial steps after up to 600 of
maximum likelihood) the adversarial loss alone filled those samples with dots instead, in all
three seeds (BLEU-3 0.36-0.45 against 0.96 with the term; held-out NLL 2.6-3.3 against 1.8).
"""

import keras
from keras import ops

from gan_tutorial import backend
from gan_tutorial.gan import GAN
from gan_tutorial.models.recurrent import LSTMGenerator

__all__ = ["TextGAN", "cut_at_every_position"]


def cut_at_every_position(ids, end_id, pad_id):
    """The sequences ``ids`` ``(batch, T)`` cut at every position: ``(T * batch, T)``, block t
    holding each sequence's first t tokens, END, then PAD (block 0: empty sequences)."""
    if len(ids.shape) != 2:
        raise ValueError(f"ids must have shape (batch, T), got {tuple(ids.shape)}")
    length = ids.shape[1]
    position = ops.arange(length)[None, :]
    blocks = [
        ops.where(position < t, ids, ops.where(position == t, end_id, pad_id))
        for t in range(length)
    ]
    return ops.concatenate(blocks, axis=0)


@keras.saving.register_keras_serializable(package="gan_tutorial")
class TextGAN(GAN):
    """A `GAN` of an `LSTMGenerator` (variable length: not ``fixed_length``) and a discriminator
    that reads token ids ``(batch, T)`` as well as distributions (e.g. `GRUDiscriminator`), whose
    generator step adds the exact end-token term above to the adversarial loss. Unconditional;
    everything else (losses, ``d_steps``, R1, metrics, saving) is the `GAN`'s. The metric
    ``end_term`` is the surrogate's value (its gradient is what counts); with
    ``likelihood_weight`` > 0 (see the module's docstring) the metric ``nll`` is the real batch's
    negative log-likelihood per token, in nats."""

    def __init__(self, generator, discriminator, likelihood_weight=0.0, **kwargs):
        if not isinstance(generator, LSTMGenerator) or generator.fixed_length:
            raise TypeError(
                "TextGAN needs a variable-length LSTMGenerator (fixed_length=False), got "
                f"{type(generator).__name__}"
            )
        if not generator.straight_through:
            raise ValueError(
                "TextGAN needs straight-through samples (LSTMGenerator(..., "
                "straight_through=True)); train a soft generator with GAN"
            )
        if kwargs.get("num_classes") is not None:
            raise ValueError("TextGAN is unconditional: num_classes must be None")
        if isinstance(likelihood_weight, bool) or not 0 <= likelihood_weight < float("inf"):
            raise ValueError(
                f"likelihood_weight must be a finite number >= 0, got {likelihood_weight!r}"
            )
        super().__init__(generator, discriminator, **kwargs)
        self.likelihood_weight = float(likelihood_weight)
        self.end_tracker = keras.metrics.Mean(name="end_term")
        self.nll_tracker = keras.metrics.Mean(name="nll")

    @property
    def metrics(self):
        extra = [self.nll_tracker] if self.likelihood_weight else []
        return [*super().metrics, self.end_tracker, *extra]

    def get_config(self):
        return super().get_config() | {"likelihood_weight": self.likelihood_weight}

    def train_step(self, data):
        real, _ = self._unpack(data)
        batch_size = ops.shape(real)[0]
        with backend.GradientTape() as tape:
            for _ in range(self.d_steps):
                fake = self.generator(self._noise(batch_size), training=True)
                d_results = self._update_discriminator(real, fake, None)
            fake, end_probability, open_ = self.generator.write(
                self._noise(batch_size), training=True
            )
            logits = self._logits_for_generator(fake, real, None)
            g_loss = self.adversarial_loss.generator_loss(logits)
            end_term = self._end_term(fake, logits, end_probability, open_)
            total = g_loss + end_term
            if self.likelihood_weight:
                ids = ops.argmax(real, axis=-1) if len(real.shape) == 3 else real
                nll, _ = self.generator._nll(ids, self._noise(batch_size))
                total = total + self.likelihood_weight * nll
            scaled = self._scaled(total, self.g_optimizer)
        backend.apply_gradients(tape, scaled, self.generator, self.g_optimizer)
        self.end_tracker.update_state(end_term)
        if self.likelihood_weight:
            self.nll_tracker.update_state(nll)
        return self._track(g_loss, *d_results)

    def _end_term(self, fake, logits, end_probability, open_):
        """The surrogate whose gradient with respect to ``end_probability`` ``(batch, T)`` is
        the exact effect of ending, in expectation (see the module's docstring)."""
        g = self.generator
        ids = ops.argmax(ops.stop_gradient(fake), axis=-1)
        cut = cut_at_every_position(ids, g.end_id, g.pad_id)  # (T * batch, T)
        cut_logits = self.discriminator(cut, training=False)
        loss = self.adversarial_loss
        cut_losses = ops.reshape(loss.generator_losses(cut_logits), (g.max_length, -1))
        own = ops.reshape(loss.generator_losses(logits), (1, -1))
        difference = ops.transpose(cut_losses - own)  # (batch, T)
        weight = open_ / ops.maximum(1.0 - end_probability, 0.05)
        return ops.mean(ops.sum(ops.stop_gradient(weight * difference) * end_probability, 1))
