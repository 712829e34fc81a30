import keras
import numpy as np
import pytest
import tensorflow as tf

from gan_tutorial import checks, theory
from gan_tutorial.models.recurrent import gumbel_softmax


def test_right_answers_pass(capsys):
    checks.check_optimal_discriminator(
        lambda p, q: np.divide(p, p + q, out=np.full_like(p, 0.5), where=(p + q) > 0)
    )
    checks.check_jsd(theory.js_divergence)
    checks.check_bilinear_step(lambda x, y, lr: (x - lr * y, y + lr * x))
    checks.check_bilinear_step(
        lambda x, y, lr: (x - lr * y, y + lr * (x - lr * y)), alternating=True
    )
    assert capsys.readouterr().out.count("✓") == 4


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda p, q: q / (p + q + 1e-300), "that is 1 - D\\*"),
        (lambda p, q: np.full_like(p, 0.7), "not 1/2 where the densities are equal"),
        (lambda p, q: (p + 1e-3) / (p + q + 2e-3), "where only the data has mass"),
        (lambda p, q: float(p[0]), "one value per point"),
        (lambda p, q: 1 / 0, "d_star raised ZeroDivisionError"),
    ],
)
def test_wrong_optimal_discriminators_are_explained(answer, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_optimal_discriminator(answer)


def kl(p, q, x):
    return theory.kl_divergence(p, q, x)


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda p, q, x: kl(p, q, x), "yours gives inf"),
        (lambda p, q, x: 0.5 * kl(p, (p + q) / 2, x), "is symmetric|forget to add"),
        (lambda p, q, x: theory.js_divergence(p, q, x) / np.log(2), "log 2"),
        (lambda p, q, x: 1.0, "with itself must be 0"),
    ],
)
def test_wrong_jsds_are_explained(answer, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_jsd(answer)


def test_wrong_bilinear_steps_are_explained():
    with pytest.raises(AssertionError, match="that is the alternating step"):
        checks.check_bilinear_step(lambda x, y, lr: (x - lr * y, y + lr * (x - lr * y)))
    with pytest.raises(AssertionError, match="signs are swapped"):
        checks.check_bilinear_step(lambda x, y, lr: (x + lr * y, y - lr * x))
    with pytest.raises(AssertionError, match="yours gives"):
        checks.check_bilinear_step(lambda x, y, lr: (x, y))


# ------------------------------------------------------------- the assignments' checks
softplus = tf.nn.softplus


def right_d_loss(real, fake):
    return tf.reduce_mean(softplus(-real)) + tf.reduce_mean(softplus(fake))


def right_g_loss(fake):
    return tf.reduce_mean(softplus(-fake))


def test_right_losses_pass(capsys):
    checks.check_nonsaturating_losses(right_d_loss, right_g_loss)
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    checks.check_nonsaturating_losses(
        lambda r, f: bce(tf.ones_like(r), r) + bce(tf.zeros_like(f), f),
        lambda f: bce(tf.ones_like(f), f),
    )
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "d_loss, g_loss, message",
    [
        (
            lambda r, f: tf.reduce_mean(softplus(r)) + tf.reduce_mean(softplus(-f)),
            right_g_loss,
            "d_loss: the labels are swapped",
        ),
        (
            lambda r, f: keras.losses.BinaryCrossentropy(from_logits=True)(
                tf.concat([tf.ones_like(r), tf.zeros_like(f)], 0), tf.concat([r, f], 0)
            ),
            right_g_loss,
            "averaged real and fake together",
        ),
        (
            lambda r, f: tf.reduce_sum(softplus(-r)) + tf.reduce_sum(softplus(f)),
            right_g_loss,
            "d_loss: you summed over the batch",
        ),
        (right_d_loss, lambda f: -tf.reduce_mean(softplus(f)), "that is the saturating loss"),
        (right_d_loss, lambda f: -tf.reduce_mean(softplus(-f)), "g_loss: the sign is wrong"),
        (
            right_d_loss,
            lambda f: -tf.reduce_mean(tf.math.log(tf.sigmoid(f))),
            "g_loss is not finite for a confident discriminator",
        ),
        (right_d_loss, lambda f: tf.reduce_mean(f), r"g_loss: for fake logits .* the loss is"),
        (right_d_loss, lambda f: softplus(-f), "g_loss must return one number"),
    ],
)
def test_wrong_losses_are_explained(d_loss, g_loss, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_nonsaturating_losses(d_loss, g_loss)


def make_gan_class(mistake=None):
    """A GAN with a train_step as an assignment asks for it, optionally with one mistake."""

    class StudentGAN(keras.Model):
        def __init__(self, generator, discriminator, latent_dim):
            super().__init__()
            self.generator, self.discriminator = generator, discriminator
            self.latent_dim = latent_dim
            self.seed_generator = keras.random.SeedGenerator(0)

        def compile(self, d_optimizer, g_optimizer):
            super().compile()
            self.d_optimizer, self.g_optimizer = d_optimizer, g_optimizer

        def train_step(self, real):
            batch = tf.shape(real)[0]
            z = keras.random.normal((batch, self.latent_dim), seed=self.seed_generator)
            with tf.GradientTape() as tape:
                real_logits = self.discriminator(real, training=True)
                fake_logits = self.discriminator(self.generator(z), training=True)
                if mistake == "swapped labels":
                    d_loss = right_d_loss(fake_logits, real_logits)
                else:
                    d_loss = right_d_loss(real_logits, fake_logits)
            d_vars = self.discriminator.trainable_weights
            d_optimizer = self.g_optimizer if mistake == "wrong optimizer" else self.d_optimizer
            d_optimizer.apply_gradients(zip(tape.gradient(d_loss, d_vars), d_vars))
            z = keras.random.normal((batch, self.latent_dim), seed=self.seed_generator)
            with tf.GradientTape() as tape:
                g_loss = right_g_loss(self.discriminator(self.generator(z, training=True)))
                if mistake == "sign":
                    g_loss = -g_loss
            if mistake == "all weights":
                g_vars = self.trainable_weights
            else:
                g_vars = self.generator.trainable_weights
            if mistake != "no generator update":
                self.g_optimizer.apply_gradients(zip(tape.gradient(g_loss, g_vars), g_vars))
            if mistake == "no logs":
                return {"loss": d_loss}
            return {"d_loss": d_loss, "g_loss": g_loss}

    return StudentGAN


def test_a_right_train_step_passes(capsys):
    checks.check_train_step(make_gan_class())
    assert "✓ train_step trains both players" in capsys.readouterr().out


@pytest.mark.parametrize(
    "mistake, message",
    [
        ("swapped labels", "real samples are labelled 1, fakes 0"),
        ("wrong optimizer", "an optimizer was given the other player's weights"),
        ("sign", "the generator's loss has the wrong sign"),
        ("all weights", "the discriminator's weights changed although d_optimizer"),
        ("no generator update", "the generator's weights did not change"),
        ("no logs", r"'d_loss' and 'g_loss'; \['d_loss', 'g_loss'\] missing"),
    ],
)
def test_wrong_train_steps_are_explained(mistake, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_train_step(make_gan_class(mistake))


def gumbel(logits, tau, seed=None, noise="gumbel", divide="both", check_tau=True):
    if check_tau and not tau > 0:
        raise ValueError(f"tau must be > 0, got {tau}")
    u = keras.random.uniform(keras.ops.shape(logits), 1e-10, 1.0, seed=seed)
    g = -keras.ops.log(-keras.ops.log(u)) if noise == "gumbel" else u
    if divide == "logits":
        return keras.ops.softmax(logits / tau + g, axis=-1)
    if divide == "none":
        return keras.ops.softmax(logits + g, axis=-1)
    return keras.ops.softmax((logits + g) / tau, axis=-1)


def test_right_gumbel_softmax_passes(capsys):
    checks.check_gumbel_softmax(gumbel)
    checks.check_straight_through(
        lambda logits, tau, seed: gumbel_softmax(logits, tau, seed, straight_through=True)
    )
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda x, t, s: gumbel(x, t, s, noise="uniform"), "the noise must be Gumbel"),
        (lambda x, t, s: gumbel(x, t, s, divide="logits"), "not the logits alone"),
        (lambda x, t, s: gumbel(x, t, s, divide="none"), "a small tau must give nearly one-hot"),
        (lambda x, t, s: gumbel(x, t, s, check_tau=False), "your function accepted tau = 0.0"),
        (lambda x, t, s: keras.ops.softmax(x), "every row is the same"),
        (lambda x, t, s: gumbel(x, t, s)[..., :-1], "must return the shape of logits"),
    ],
)
def test_wrong_gumbel_softmaxes_are_explained(answer, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_gumbel_softmax(answer)


def test_a_stub_is_reported_as_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for check in (checks.check_optimal_discriminator, checks.check_gumbel_softmax):
        with pytest.raises(NotImplementedError):
            check(stub)
    with pytest.raises(NotImplementedError):
        checks.check_nonsaturating_losses(stub, stub)

    class StubGAN(make_gan_class()):
        def train_step(self, real):
            raise NotImplementedError()

    with pytest.raises(NotImplementedError):
        checks.check_train_step(StubGAN)


def test_wrong_straight_through_is_explained():
    def hard_only(logits, tau, seed):
        soft = gumbel(logits, tau, seed)
        return keras.ops.one_hot(keras.ops.argmax(soft, -1), 5)

    with pytest.raises(AssertionError, match="no gradient reaches the logits"):
        checks.check_straight_through(hard_only)
    with pytest.raises(AssertionError, match="the forward value must be one-hot"):
        checks.check_straight_through(gumbel)


# ------------------------------------------------ assignment 4: the R1 penalty
def r1(discriminator, real, reduce_logits=tf.reduce_sum, mistake=None):
    """The R1 penalty as assignment 4 asks for it, optionally with one mistake."""
    real = tf.convert_to_tensor(real, tf.float32)
    with tf.GradientTape() as tape:
        if mistake != "no watch":
            tape.watch(real)
        logits = discriminator(real, training=True)
        if mistake == "sigmoid":
            logits = tf.sigmoid(logits)
        total = reduce_logits(logits)
    if mistake == "outside the tape":
        total = reduce_logits(logits)
    grads = tape.gradient(total, real)  # (batch, features)
    if mistake == "mean first":
        grads = tf.reduce_mean(grads, axis=0, keepdims=True)
    squares = tf.reduce_sum(tf.square(grads), axis=1)  # (batch,)
    if mistake == "norm":
        return tf.reduce_mean(tf.sqrt(squares))
    if mistake == "sum":
        return tf.reduce_sum(squares)
    if mistake == "all entries":
        return tf.reduce_mean(tf.square(grads))
    if mistake == "numpy":
        return float(np.mean(squares.numpy()))
    return tf.reduce_mean(squares)


def test_a_right_r1_penalty_passes(capsys):
    from gan_tutorial import fixes

    checks.check_r1_penalty(r1)
    checks.check_r1_penalty(fixes.r1_penalty)
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize(
    "answer, message",
    [
        (lambda d, x: r1(d, x, tf.reduce_mean), r"batch mean of the logits.* 64 times too small"),
        (lambda d, x: r1(d, x, mistake="sum"), "you summed over the batch"),
        (lambda d, x: r1(d, x, mistake="all entries"), "averaged over the features too"),
        (lambda d, x: r1(d, x, mistake="norm"), "R1 penalises its square"),
        (lambda d, x: r1(d, x, mistake="sigmoid"), r"differentiated D\(x\) = sigmoid"),
        (lambda d, x: r1(d, x, mistake="mean first"), "averaged the gradients over the batch"),
        (lambda d, x: r1(d, x, mistake="numpy"), "no gradient of your penalty reaches"),
        (lambda d, x: r1(d, x, mistake="no watch"), r"raised .*tape.watch\(real\)"),
        (lambda d, x: r1(d, x, mistake="outside the tape"), "inside its `with` block"),
        (lambda d, x: tf.constant([1.0, 2.0]), "must return one number"),
        (lambda d, x: tf.constant(1.0), r"for a linear discriminator .* the penalty is 25.00000"),
    ],
)
def test_wrong_r1_penalties_are_explained(answer, message):
    with pytest.raises(AssertionError, match=message):
        checks.check_r1_penalty(answer)


# ------------------------------------------- assignment 5: TSTR, TRTR, a generator
def tstr_trtr(x_syn, y_syn, x_train, y_train, x_test, y_test, make_classifier, mistake=None):
    """TSTR and TRTR as assignment 5 asks for them, optionally with one mistake."""
    if mistake == "one classifier":
        model = make_classifier()
        model.fit(x_syn, y_syn)
        model.fit(x_train, y_train)
        return {"TSTR": model.score(x_test, y_test), "TRTR": model.score(x_test, y_test)}
    tstr = make_classifier().fit(x_syn, y_syn).score(x_test, y_test)
    trtr = make_classifier().fit(x_train, y_train).score(x_test, y_test)
    if mistake == "trtr on training rows":
        trtr = make_classifier().fit(x_train, y_train).score(x_train, y_train)
    if mistake == "tsts":
        tstr = make_classifier().fit(x_syn, y_syn).score(x_syn, y_syn)
    if mistake == "trts":
        tstr = make_classifier().fit(x_train, y_train).score(x_syn, y_syn)
    if mistake == "swapped":
        tstr, trtr = trtr, tstr
    if mistake == "wrong keys":
        return {"tstr": tstr, "trtr": trtr}
    return {"TSTR": tstr, "TRTR": trtr}


def test_a_right_tstr_trtr_passes(capsys):
    checks.check_tstr_trtr(tstr_trtr)
    assert "✓ tstr_trtr" in capsys.readouterr().out


@pytest.mark.parametrize(
    "mistake, message",
    [
        ("trtr on training rows", "TRTR: you scored the classifier on the rows it was trained on"),
        ("one classifier", "TSTR equals TRTR .* although every synthetic label is flipped"),
        ("swapped", "the two numbers are swapped"),
        ("trts", "copies of the training rows .* you scored on the synthetic rows"),
        ("tsts", "copies of the training rows .* you scored on the synthetic rows"),
        ("wrong keys", "a dict with the keys 'TSTR' and 'TRTR'"),
    ],
)
def test_wrong_tstr_trtrs_are_explained(mistake, message):
    def answer(*args):
        return tstr_trtr(*args, mistake=mistake)

    with pytest.raises(AssertionError, match=message):
        checks.check_tstr_trtr(answer)


def independent_columns(x, y, num_rows, seed, mistake=None):
    """The generator of assignment 5, optionally with one mistake."""
    rng = np.random.default_rng(0 if mistake == "fixed seed" else seed)
    if mistake == "uniform classes":
        y_syn = rng.choice(np.unique(y), size=num_rows)
    else:
        y_syn = rng.choice(y, size=num_rows)
    x_syn = np.empty((num_rows, x.shape[1]))
    for c in np.unique(y):
        rows = x if mistake == "any class" else x[y == c]
        mine = y_syn == c
        picks = rng.integers(0, len(rows), size=(mine.sum(), x.shape[1]))
        if mistake == "whole rows":
            picks[:] = picks[:, :1]
        x_syn[mine] = rows[picks, np.arange(x.shape[1])]
    if mistake == "in place":
        x[:] = x[::-1]
    return x_syn, y_syn


def test_a_right_independent_columns_passes(capsys):
    checks.check_independent_columns(independent_columns)
    assert "✓ independent_columns" in capsys.readouterr().out


@pytest.mark.parametrize(
    "mistake, message",
    [
        ("whole rows", "you copied whole rows"),
        ("any class", "hold values of another class's training rows"),
        ("uniform classes", "draw the labels in the training shares"),
        ("fixed seed", "seeds 0 and 1 give the same rows"),
        ("in place", "changed the training rows it was given"),
    ],
)
def test_wrong_independent_columns_are_explained(mistake, message):
    def answer(*args):
        return independent_columns(*args, mistake=mistake)

    with pytest.raises(AssertionError, match=message):
        checks.check_independent_columns(answer)


def test_the_new_checks_report_a_stub_as_not_written_yet():
    def stub(*args):
        raise NotImplementedError()

    for check in (
        checks.check_r1_penalty,
        checks.check_tstr_trtr,
        checks.check_independent_columns,
    ):
        with pytest.raises(NotImplementedError):
            check(stub)
