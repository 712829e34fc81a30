"""Exercise checks: call one with your answer; it prints a tick when the answer is right and
raises `AssertionError` with a message that says what is wrong when it is not.

    from gan_tutorial import checks

    checks.check_optimal_discriminator(my_d_star)
"""

import math

import numpy as np

from gan_tutorial import theory

__all__ = [
    "check_bilinear_step",
    "check_gumbel_softmax",
    "check_independent_columns",
    "check_jsd",
    "check_nonsaturating_losses",
    "check_optimal_discriminator",
    "check_r1_penalty",
    "check_straight_through",
    "check_train_step",
    "check_tstr_trtr",
]


def _fail(message):
    raise AssertionError(message)


def _call(fn, name, *args):
    try:
        return fn(*args)
    except NotImplementedError:  # a released assignment's stub: not written yet, say so as is
        raise
    except Exception as error:  # the learner's code failed: say where, keep the cause
        raise AssertionError(f"{name} raised {type(error).__name__}: {error}") from error


def check_optimal_discriminator(d_star):
    """``d_star(p_data, p_g)`` takes two arrays of density values and returns D* at each point."""
    p = np.array([0.3, 0.2, 0.0, 0.5, 1e-3])
    q = np.array([0.1, 0.2, 0.4, 0.0, 2.0])
    got = np.asarray(_call(d_star, "d_star", p, q), dtype=np.float64)
    want = theory.optimal_discriminator(p, q)
    if got.shape != p.shape:
        _fail(
            f"d_star returned shape {got.shape} for densities of shape {p.shape}: it should "
            "work elementwise, one value per point"
        )
    if np.allclose(got, 1 - want, atol=1e-9):
        _fail("you computed p_g / (p_data + p_g): that is 1 - D*, the probability that x is fake")
    if abs(got[1] - 0.5) > 1e-9:
        _fail(
            f"your optimal discriminator is not 1/2 where the densities are equal "
            f"(p_data = p_g = 0.2 gives {got[1]:.4g})"
        )
    if abs(got[3] - 1.0) > 1e-9:
        _fail(
            f"where only the data has mass (p_data = 0.5, p_g = 0) D* must be 1, "
            f"yours gives {got[3]:.4g}"
        )
    if abs(got[2]) > 1e-9:
        _fail(
            f"where only the generator has mass (p_data = 0, p_g = 0.4) D* must be 0, "
            f"yours gives {got[2]:.4g}"
        )
    if not np.allclose(got, want, atol=1e-9):
        i = int(np.argmax(np.abs(got - want)))
        _fail(
            f"at p_data = {p[i]}, p_g = {q[i]} D* is {want[i]:.4g}, yours gives {got[i]:.4g}. "
            "Hint: at every x, D* maximises p_data log D + p_g log(1 - D)"
        )
    print("✓ d_star is the optimal discriminator")


def check_jsd(jsd):
    """``jsd(p, q, x)`` returns the Jensen-Shannon divergence of two densities on the grid ``x``,
    in nats."""
    x = np.linspace(-10, 10, 20001)
    normal = lambda m: np.exp(-0.5 * (x - m) ** 2) / math.sqrt(2 * math.pi)  # noqa: E731
    box = lambda lo, hi: np.where((x >= lo) & (x <= hi), 1.0, 0.0)  # noqa: E731
    left, right = box(-3, -1), box(1, 3)
    left, right = left / np.trapezoid(left, x), right / np.trapezoid(right, x)
    same = float(_call(jsd, "jsd", normal(0), normal(0), x))
    if abs(same) > 1e-6:
        _fail(f"the JSD of a density with itself must be 0, yours gives {same:.4g}")
    disjoint = float(_call(jsd, "jsd", left, right, x))
    if math.isinf(disjoint):
        _fail(
            "for densities with disjoint supports yours gives inf: the JSD compares p and q "
            "with their mixture m = (p + q) / 2, which has mass wherever either has"
        )
    if abs(disjoint - math.log(2)) > 1e-3:
        hint = (
            " (log 2 / 2: did you forget to add the two halves?)"
            if abs(disjoint - math.log(2) / 2) < 1e-3
            else ""
        )
        _fail(
            f"for disjoint supports the JSD is log 2 = {math.log(2):.4f}, yours gives "
            f"{disjoint:.4f}{hint}"
        )
    a = float(_call(jsd, "jsd", normal(0), normal(1.5), x))
    b = float(_call(jsd, "jsd", normal(1.5), normal(0), x))
    if abs(a - b) > 1e-9:
        _fail(f"the JSD is symmetric, yours is not: jsd(p, q) = {a:.5f}, jsd(q, p) = {b:.5f}")
    want = theory.js_divergence(normal(0), normal(1.5), x)
    if abs(a - want) > 1e-4:
        _fail(
            f"for N(0, 1) and N(1.5, 1) the JSD is {want:.5f} nats, yours gives {a:.5f}. "
            "Use natural logarithms, and integrate over x (np.trapezoid(values, x))"
        )
    print("✓ jsd is the Jensen-Shannon divergence")


def check_bilinear_step(step, alternating=False):
    """``step(x, y, lr)`` returns ``(x, y)`` after one gradient step on V(x, y) = x y, where x
    minimises and y maximises; simultaneous (both from the old values) or, with
    ``alternating``, x first and then y from the new x."""
    got = np.asarray(_call(step, "step", 1.0, 1.0, 0.1), dtype=np.float64)
    simultaneous = np.array([0.9, 1.1])
    alternated = np.array([0.9, 1.09])
    want, other = (alternated, simultaneous) if alternating else (simultaneous, alternated)
    if got.shape != (2,):
        _fail(f"step must return the pair (x, y), got {got!r}")
    if np.allclose(got, want):
        print(f"✓ one {'alternating' if alternating else 'simultaneous'} step is right")
        return
    if np.allclose(got, other):
        _fail(
            "you updated y with the new x: that is the alternating step"
            if not alternating
            else "you updated y with the old x: that is the simultaneous step"
        )
    if np.allclose(got, [1.1, 0.9]) or np.allclose(got, [1.1, 0.89]):
        _fail(
            "the signs are swapped: x minimises V = xy, so it moves along -dV/dx = -y, and y "
            "maximises, so it moves along +dV/dy = +x"
        )
    _fail(
        f"from (x, y) = (1, 1) with lr = 0.1 the step gives {tuple(want)}, yours gives {tuple(got)}"
    )


def _scalar(value, name):
    value = np.asarray(value, dtype=np.float64)
    if value.shape not in ((), (1,)):
        _fail(
            f"{name} must return one number (the batch mean), got an array of shape {value.shape}"
        )
    return float(value.reshape(()))


def _softplus(x):
    return np.logaddexp(0.0, x)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _explain(name, got, want, mistakes, inputs, what="the loss"):
    """Fails for a wrong value ``got`` (of a loss, or of ``what``): with the message of the
    known mistake whose value it matches (``mistakes``: message -> value), else with the value
    it should have had."""
    for message, value in mistakes.items():
        if math.isclose(got, value, rel_tol=1e-4):
            _fail(f"{name}: {message}")
    _fail(f"{name}: for {inputs} {what} is {want:.5f}, yours gives {got:.5f}")


def check_nonsaturating_losses(d_loss, g_loss):
    """``d_loss(real_logits, fake_logits)`` and ``g_loss(fake_logits)`` take the
    discriminator's raw scores (logits, float32 tensors ``(batch, 1)``) and return one number
    each: the discriminator's binary cross-entropy with real labelled 1 and fake 0 (the mean
    over the real batch plus the mean over the fake batch) and the generator's non-saturating
    loss, the batch mean of -log D(G(z))."""
    import tensorflow as tf

    real = np.array([[2.0], [-1.0], [0.5], [3.0]], dtype=np.float32)
    fake = np.array([[-2.0], [1.0], [0.0], [-0.5]], dtype=np.float32)
    got = _scalar(_call(d_loss, "d_loss", tf.constant(real), tf.constant(fake)), "d_loss")
    want = _softplus(-real).mean() + _softplus(fake).mean()
    if not math.isclose(got, want, rel_tol=1e-4):
        swapped = _softplus(real).mean() + _softplus(-fake).mean()
        twice = _softplus(-_sigmoid(real)).mean() + _softplus(_sigmoid(fake)).mean()
        wrong = {
            "the labels are swapped: real samples are labelled 1 and fakes 0": swapped,
            "you averaged real and fake together, which halves the loss: add the mean over the "
            "real batch and the mean over the fake batch": want / 2,
            "you summed over the batch: take the mean": want * len(real),
            "you applied a sigmoid to the logits before a cross-entropy that expects logits "
            "(from_logits=True), so the sigmoid ran twice": twice,
        }
        _explain(
            "d_loss",
            got,
            want,
            wrong,
            f"real logits {real.ravel().tolist()} and fake logits {fake.ravel().tolist()}",
        )
    got = _scalar(_call(g_loss, "g_loss", tf.constant(fake)), "g_loss")
    want = _softplus(-fake).mean()
    if not math.isclose(got, want, rel_tol=1e-4):
        wrong = {
            "that is the saturating loss, log(1 - D(G(z))) minimised: its gradient vanishes "
            "exactly when the discriminator rejects the fakes. Minimise -log D(G(z)) "
            "instead": -_softplus(fake).mean(),
            "the sign is wrong: the generator minimises -log D(G(z))": -want,
            "you summed over the batch: take the mean": want * len(fake),
        }
        _explain("g_loss", got, want, wrong, f"fake logits {fake.ravel().tolist()}")
    confident = tf.constant([[-200.0]])
    for name, value in (
        ("d_loss", _call(d_loss, "d_loss", -confident, -confident)),
        ("g_loss", _call(g_loss, "g_loss", confident)),
    ):
        if not math.isfinite(_scalar(value, name)):
            _fail(
                f"{name} is not finite for a confident discriminator (a logit of -200 or 200): "
                "compute it from the logits (softplus, or from_logits=True), not as "
                "log(sigmoid(x)), which underflows"
            )
    print("✓ the discriminator's loss and the non-saturating generator loss are right")


def _weights(model):
    return [np.array(w) for w in model.get_weights()]


def _changed(before, model):
    return any(not np.array_equal(a, b) for a, b in zip(before, _weights(model), strict=True))


def check_train_step(gan_class, seed=0):
    """``gan_class(generator, discriminator, latent_dim)`` is a `keras.Model` whose
    ``compile(d_optimizer, g_optimizer)`` keeps the two optimizers and whose
    ``train_step(real)`` (real samples ``(batch, 1)``) makes one discriminator update and one
    generator update and returns ``{"d_loss": ..., "g_loss": ...}``. The check trains it on
    N(3, 0.5^2), one player at a time and then both, and says which part went wrong."""
    import keras

    from gan_tutorial.models import mlp_discriminator, mlp_generator

    keras.utils.set_random_seed(seed)
    real = np.random.default_rng(seed).normal(3.0, 0.5, size=(2048, 1)).astype("float32")
    z = np.random.default_rng(seed + 1).normal(size=(2048, 1)).astype("float32")

    def players():
        return mlp_generator(1, 1, hidden=(16, 16)), mlp_discriminator(1, hidden=(16, 16))

    def train(generator, discriminator, d_rate, g_rate, epochs):
        gan = _call(gan_class, "gan_class", generator, discriminator, 1)
        d_opt = keras.optimizers.Adam(d_rate, beta_1=0.5) if d_rate else keras.optimizers.SGD(0.0)
        g_opt = keras.optimizers.Adam(g_rate, beta_1=0.5) if g_rate else keras.optimizers.SGD(0.0)
        gan.compile(d_optimizer=d_opt, g_optimizer=g_opt)
        try:
            history = gan.fit(real, batch_size=64, epochs=epochs, verbose=0).history
        except ValueError as error:
            if "Unknown variable" in str(error):
                _fail(
                    "an optimizer was given the other player's weights: use d_optimizer for "
                    "discriminator.trainable_weights and g_optimizer for "
                    f"generator.trainable_weights ({error})"
                )
            raise AssertionError(f"fit raised ValueError: {error}") from error
        except NotImplementedError:
            raise
        except Exception as error:
            raise AssertionError(f"fit raised {type(error).__name__}: {error}") from error
        missing = {"d_loss", "g_loss"} - set(history)
        if missing:
            _fail(
                f"train_step must return a dict with 'd_loss' and 'g_loss'; "
                f"{sorted(missing)} missing (it returned {sorted(history)})"
            )

    def d_says_real(discriminator, x):
        return float(np.mean(_sigmoid(np.asarray(discriminator(x)))))

    # 1. the discriminator alone (the generator's optimizer has learning rate 0)
    generator, discriminator = players()
    g_before, d_before = _weights(generator), _weights(discriminator)
    train(generator, discriminator, 1e-2, 0.0, epochs=3)
    if _changed(g_before, generator):
        _fail(
            "the generator's weights changed although g_optimizer has learning rate 0: "
            "the discriminator's update must only touch discriminator.trainable_weights "
            "(with d_optimizer)"
        )
    if not _changed(d_before, discriminator):
        _fail(
            "the discriminator's weights did not change: apply the gradient of d_loss to "
            "discriminator.trainable_weights with self.d_optimizer"
        )
    on_real = d_says_real(discriminator, real)
    on_fake = d_says_real(discriminator, np.asarray(generator(z)))
    if on_real < on_fake:
        _fail(
            f"after training alone the discriminator calls the fakes real (D = {on_fake:.2f}) "
            f"and the real data fake (D = {on_real:.2f}): real samples are labelled 1, fakes 0"
        )
    if not (on_real > 0.8 and on_fake < 0.2):
        _fail(
            f"after 96 steps alone the discriminator does not tell N(3, 0.5) from the "
            f"untrained generator's samples (mean D: {on_real:.2f} on real, {on_fake:.2f} on "
            "fake): check the discriminator's loss and that it sees both batches"
        )

    # 2. the generator alone, against that discriminator (frozen by a learning rate of 0)
    d_before, mean_before = _weights(discriminator), float(np.mean(generator(z)))
    g_before = _weights(generator)
    train(generator, discriminator, 0.0, 1e-2, epochs=1)
    if _changed(d_before, discriminator):
        _fail(
            "the discriminator's weights changed although d_optimizer has learning rate 0: "
            "the generator's update must only touch generator.trainable_weights (with "
            "g_optimizer)"
        )
    if not _changed(g_before, generator):
        _fail(
            "the generator's weights did not change: compute g_loss inside a GradientTape "
            "that runs the generator and the discriminator, and apply its gradient to "
            "generator.trainable_weights with self.g_optimizer"
        )
    mean_after = float(np.mean(generator(z)))
    if mean_after <= mean_before:
        _fail(
            f"the generator moved away from what the discriminator calls real (its mean went "
            f"from {mean_before:.2f} to {mean_after:.2f}, the data's is 3): the generator's "
            "loss has the wrong sign"
        )

    # 3. both players, from scratch
    generator, discriminator = players()
    train(generator, discriminator, 1e-3, 1e-3, epochs=30)
    samples = np.asarray(generator(z))
    mean, std = float(samples.mean()), float(samples.std())
    # a small GAN finds the mean reliably; its spread still wanders after 960 steps
    if abs(mean - 3.0) > 0.25 or not 0.1 < std < 1.5:
        _fail(
            f"after 960 steps of both players the generator's samples have mean {mean:.2f} "
            f"and standard deviation {std:.2f}; the data's are 3 and 0.5. Each player's "
            "update is right on its own, so check that train_step makes both updates every "
            "step, each from a fresh batch of noise"
        )
    print(
        f"✓ train_step trains both players: after 960 steps the samples' mean is {mean:.2f} "
        f"(data: 3); their spread, {std:.2f} against 0.5, takes longer to match"
    )


def _relaxed(fn, logits, tau, seed, name="gumbel_softmax"):
    sample = np.asarray(_call(fn, name, logits, tau, seed), dtype=np.float64)
    if sample.shape != logits.shape:
        _fail(f"{name} must return the shape of logits, {logits.shape}; got {sample.shape}")
    return sample


def check_gumbel_softmax(fn):
    """``fn(logits, tau, seed)`` returns a relaxed sample softmax((logits + g) / tau) with
    g ~ Gumbel(0, 1) drawn for every entry, the shape of ``logits`` ``(..., vocab)``, and
    raises `ValueError` for tau <= 0."""
    import tensorflow as tf

    row = np.array([2.0, 0.5, -1.0, 0.0], dtype=np.float32)
    logits = tf.constant(np.tile(row, (20000, 1)))
    want = np.exp(row - row.max(), dtype=np.float64)
    want /= want.sum()
    sample = _relaxed(fn, logits, 1.0, 0)
    if np.any(sample < -1e-6) or not np.allclose(sample.sum(-1), 1.0, atol=1e-4):
        _fail(
            "each sample must be a distribution over the vocabulary: a softmax over the last axis"
        )
    if np.allclose(sample, sample[:1], atol=1e-6):
        _fail("every row is the same: draw fresh noise for every entry of the logits")
    for tau in (1.0, 0.5):
        picked = _relaxed(fn, logits, tau, 1).argmax(-1)
        freq = np.bincount(picked, minlength=4) / len(picked)
        if np.abs(freq - want).max() > 0.015:
            hint = (
                "the argmax must not depend on tau: divide the sum (logits + g) by tau, not the "
                "logits alone"
                if tau != 1.0
                else "the noise must be Gumbel(0, 1), g = -log(-log(u)) with u ~ U(0, 1), added "
                "to the logits"
            )
            _fail(
                f"at tau = {tau} the argmax of your samples picks the tokens with frequencies "
                f"{np.round(freq, 3).tolist()}, softmax(logits) gives "
                f"{np.round(want, 3).tolist()}: {hint}"
            )
    cold = _relaxed(fn, logits[:2000], 0.05, 2).max(-1).mean()
    hot = _relaxed(fn, logits[:2000], 5.0, 2).max(-1).mean()
    if not (cold > 0.9 and hot < 0.6):
        _fail(
            f"the largest entry of a sample averages {cold:.2f} at tau = 0.05 and {hot:.2f} at "
            "tau = 5: a small tau must give nearly one-hot samples (> 0.9) and a large one "
            "flat ones (< 0.6); divide (logits + g) by tau before the softmax"
        )
    for bad in (0.0, -1.0):
        try:
            fn(logits[:2], bad, 0)
        except ValueError as error:
            if "tau" not in str(error):
                _fail(f"for tau = {bad} raise a ValueError that names tau, yours says: {error}")
        except Exception as error:
            _fail(
                f"for tau = {bad} raise ValueError naming tau, not {type(error).__name__}: {error}"
            )
        else:
            _fail(f"your function accepted tau = {bad}: raise ValueError('tau must be > 0')")
    print("✓ gumbel_softmax draws relaxed samples of softmax(logits)")


def check_straight_through(fn):
    """``fn(logits, tau, seed)`` returns the straight-through Gumbel-softmax sample: one-hot
    in the forward pass (the argmax of the relaxed sample), with the relaxed sample's gradient
    in the backward pass."""
    import tensorflow as tf

    logits = tf.Variable(np.random.default_rng(0).normal(size=(64, 5)).astype("float32"))
    weights = tf.constant(np.random.default_rng(1).normal(size=(64, 5)).astype("float32"))
    with tf.GradientTape() as tape:
        sample = _call(fn, "straight_through", logits, 0.5, 3)
        score = tf.reduce_sum(tf.cast(sample, tf.float32) * weights)
    values = np.asarray(sample, dtype=np.float64)
    if values.shape != (64, 5):
        _fail(f"the sample must have the shape of logits, (64, 5); got {values.shape}")
    if not (np.all(np.isin(np.round(values, 6), (0.0, 1.0))) and np.allclose(values.sum(-1), 1)):
        _fail(
            "the forward value must be one-hot (the argmax of the relaxed sample); yours has "
            f"entries such as {np.round(values[0], 3).tolist()}"
        )
    gradient = tape.gradient(score, logits)
    if gradient is None or not np.any(np.asarray(gradient)):
        _fail(
            "no gradient reaches the logits: return hard + soft - stop_gradient(soft), so the "
            "value is the one-hot vector and the gradient is the relaxed sample's"
        )
    print("✓ the straight-through sample is one-hot with the relaxed sample's gradient")


def check_r1_penalty(r1_penalty):
    """``r1_penalty(discriminator, real)`` returns the R1 penalty (Mescheder et al. 2018) of a
    discriminator that returns logits ``(batch, 1)``, at real samples ``real`` (a float32
    tensor ``(batch, features)``): the batch mean of the squared norm of the gradient of each
    sample's logit with respect to that sample. One number, differentiable with respect to the
    discriminator's weights (the training step descends it). The check uses discriminators
    whose penalty is known in closed form."""
    import keras
    import tensorflow as tf

    real = tf.constant(np.random.default_rng(0).normal(size=(8, 2)), tf.float32)
    n = int(real.shape[0])

    def penalty(discriminator):
        try:
            return _call(r1_penalty, "r1_penalty", discriminator, real)
        except AssertionError as error:
            if "None" not in str(error):
                raise
            raise AssertionError(
                f"{error}. A gradient of None: the tape records only what runs inside its `with` "
                "block, and it follows an input tensor only after tape.watch(real), before the "
                "discriminator is called"
            ) from error

    # 1. a linear discriminator, logit psi . x + b: its gradient is psi at every x, so the
    # penalty is |psi|^2 whatever the batch
    psi, bias = np.array([3.0, -4.0]), 0.5
    linear = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    linear.set_weights([psi[:, None].astype("float32"), np.array([bias], "float32")])
    got = _scalar(penalty(linear), "r1_penalty")
    want = float(psi @ psi)
    if not math.isclose(got, want, rel_tol=1e-4):
        d = _sigmoid(np.asarray(real, dtype=np.float64) @ psi + bias)
        wrong = {
            f"you differentiated the batch mean of the logits, which divides each sample's "
            f"gradient by the batch size N (your penalty is N^2 = {n * n} times too small): "
            "differentiate their sum, whose gradient with respect to the batch holds each "
            "sample's own gradient": want / n**2,
            "you summed over the batch: take the mean": want * n,
            "you averaged over the features too: sum the squares over each sample's features, "
            "then take the mean over the batch": want / 2,
            "you returned the norm of the gradient; R1 penalises its square": math.sqrt(want),
            "you differentiated D(x) = sigmoid(logit): R1 penalises the gradient of the logit, "
            "which is what the discriminator returns": float(np.mean((d * (1 - d)) ** 2) * want),
        }
        _explain(
            "r1_penalty",
            got,
            want,
            wrong,
            "a linear discriminator with logit 3 x1 - 4 x2 + 0.5 (gradient (3, -4) at every x)",
            what="the penalty",
        )

    # 2. a bowl, logit |x|^2 / 2: its gradient is x itself, so the penalty is the mean of |x|^2
    bowl = keras.Sequential(
        [
            keras.Input((2,)),
            keras.layers.Lambda(lambda x: 0.5 * keras.ops.sum(x**2, axis=1, keepdims=True)),
        ]
    )
    got = _scalar(penalty(bowl), "r1_penalty")
    x = np.asarray(real, dtype=np.float64)
    want = float(np.mean(np.sum(x**2, axis=1)))
    if not math.isclose(got, want, rel_tol=1e-4):
        wrong = {
            "you averaged the gradients over the batch before squaring them: R1 is the mean "
            "over the samples of each one's squared gradient norm": float(np.sum(x.mean(0) ** 2)),
        }
        _explain(
            "r1_penalty",
            got,
            want,
            wrong,
            "a discriminator with logit |x|^2 / 2 (gradient x)",
            what="the penalty",
        )

    # 3. the training step descends the penalty: d|psi|^2 / dpsi = 2 psi, and the bias has no
    # part in it
    with tf.GradientTape() as tape:
        value = tf.reshape(tf.cast(penalty(linear), tf.float32), [])
    grads = tape.gradient(value, linear.trainable_weights)
    if grads[0] is None:
        _fail(
            "no gradient of your penalty reaches the discriminator's weights, so training would "
            "ignore it: keep every step a TensorFlow operation (no .numpy(), no NumPy "
            "functions, no tf.stop_gradient)"
        )
    kernel = np.asarray(grads[0], dtype=np.float64).ravel()
    if not np.allclose(kernel, 2 * psi, rtol=1e-3):
        _fail(
            f"the gradient of your penalty with respect to the linear discriminator's psi should "
            f"be 2 psi = {(2 * psi).tolist()}, yours gives {np.round(kernel, 4).tolist()}"
        )
    print("✓ r1_penalty is the R1 penalty, and the training step can descend it")


def _accuracies(result, name):
    if not isinstance(result, dict) or set(result) != {"TSTR", "TRTR"}:
        _fail(f"{name} must return a dict with the keys 'TSTR' and 'TRTR', got {result!r}")
    values = {key: _scalar(value, f"{name}'s {key}") for key, value in result.items()}
    for key, value in values.items():
        if not 0 <= value <= 1:
            _fail(f"{name}'s {key} must be an accuracy, in [0, 1]; got {value}")
    return values["TSTR"], values["TRTR"]


def check_tstr_trtr(tstr_trtr):
    """``tstr_trtr(x_syn, y_syn, x_train, y_train, x_test, y_test, make_classifier)`` returns
    ``{"TSTR": ..., "TRTR": ...}``: the accuracy on the real held-out rows ``(x_test,
    y_test)`` of a classifier trained on the synthetic rows, and of one trained on the real
    training rows, each a new classifier from ``make_classifier()``. The check feeds it
    synthetic tables whose answers are known: copies of the training rows, and the training
    rows with every label flipped."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def make_classifier():
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))

    rng = np.random.default_rng(0)

    def clouds(n):  # two overlapping classes, alternating labels
        y = np.arange(n) % 2
        x = rng.normal(size=(n, 2))
        x[:, 0] += 1.5 * y
        return x, y

    (x_train, y_train), (x_test, y_test) = clouds(40), clouds(200)
    real = (x_train, y_train, x_test, y_test)

    def accuracy(x, y, x_eval, y_eval):
        return float(make_classifier().fit(x, y).score(x_eval, y_eval))

    trtr = accuracy(x_train, y_train, x_test, y_test)
    on_training_rows = accuracy(x_train, y_train, x_train, y_train)

    def run(x_syn, y_syn):
        result = _call(tstr_trtr, "tstr_trtr", x_syn, y_syn, *real, make_classifier)
        return _accuracies(result, "tstr_trtr")

    # 1. copies of the training rows: the two settings are the same experiment
    got_tstr, got_trtr = run(x_train.copy(), y_train.copy())
    if not math.isclose(got_trtr, trtr):
        if math.isclose(got_trtr, on_training_rows):
            _fail(
                f"TRTR: you scored the classifier on the rows it was trained on "
                f"({on_training_rows:.3f}); TRTR scores it on the real held-out rows, x_test "
                f"and y_test ({trtr:.3f})"
            )
        _fail(
            f"TRTR: a classifier trained on x_train, y_train scores {trtr:.3f} on the held-out "
            f"rows; yours gives {got_trtr:.3f}"
        )
    if not math.isclose(got_tstr, trtr):
        hint = (
            ": you scored on the synthetic rows; TSTR trains on them and scores on the real "
            "held-out rows"
            if math.isclose(got_tstr, on_training_rows)
            else ""
        )
        _fail(
            f"for synthetic rows that are copies of the training rows TSTR must equal TRTR "
            f"({trtr:.3f}); yours gives {got_tstr:.3f}{hint}"
        )

    # 2. every label flipped: a classifier trained on them is wrong where the real one is right
    flipped = 1 - y_train
    tstr = accuracy(x_train, flipped, x_test, y_test)
    got_tstr, got_trtr = run(x_train.copy(), flipped)
    if math.isclose(got_tstr, tstr) and math.isclose(got_trtr, trtr):
        print("✓ tstr_trtr: copies of the training rows give TSTR = TRTR, flipped labels 1 - TRTR")
        return
    if math.isclose(got_tstr, got_trtr):
        _fail(
            f"TSTR equals TRTR ({got_tstr:.3f}) although every synthetic label is flipped, so one "
            "of them did not learn from its own rows: train a new classifier, make_classifier(), "
            "on x_syn and y_syn for TSTR and another on x_train and y_train for TRTR"
        )
    if math.isclose(got_tstr, trtr) and math.isclose(got_trtr, tstr):
        _fail("the two numbers are swapped: 'TSTR' is the classifier trained on the synthetic rows")
    _fail(
        f"TSTR: trained on the training rows with every label flipped, a classifier scores "
        f"{tstr:.3f} on the held-out rows; yours gives {got_tstr:.3f}"
    )


def check_independent_columns(generate):
    """``generate(x, y, num_rows, seed)`` returns ``(x_synthetic, y_synthetic)``,
    ``(num_rows, columns)`` and ``(num_rows,)``: labels drawn in the training shares and, for
    a row of class c, each column's value taken from a training row of class c drawn at random
    for that column alone. Every column keeps its distribution within each class; the
    correlations between columns are lost. The same seed gives the same rows."""
    # A table whose values say where they come from: 1000 * column + 100 * class + k for the
    # k-th row of its class; within a class every column holds the same k (correlation 1).
    counts = np.array([10, 20, 30])
    y = np.repeat(np.arange(3), counts)
    k = np.concatenate([np.arange(c) for c in counts])
    x = 1000.0 * np.arange(3)[None, :] + 100.0 * y[:, None] + k[:, None]  # (60, 3)
    order = np.random.default_rng(0).permutation(len(y))
    x, y = x[order], y[order]
    num_rows = 6000

    def sample(seed):
        given = (x.copy(), y.copy())
        out = _call(generate, "generate", *given, num_rows, seed)
        if not (np.array_equal(given[0], x) and np.array_equal(given[1], y)):
            _fail(
                "generate changed the training rows it was given (x or y) in place: work on "
                "copies, or index them, so that the real table stays as it was"
            )
        if not (isinstance(out, tuple) and len(out) == 2):
            _fail(f"generate must return a pair (x_synthetic, y_synthetic), got {type(out)}")
        xs, ys = np.asarray(out[0], dtype=np.float64), np.asarray(out[1])
        if xs.shape != (num_rows, 3) or ys.shape != (num_rows,):
            _fail(
                f"for {num_rows} rows of a table with 3 columns generate must return shapes "
                f"({num_rows}, 3) and ({num_rows},); got {xs.shape} and {ys.shape}"
            )
        return xs, ys

    xs, ys = sample(0)
    if not set(np.unique(ys).tolist()) <= {0, 1, 2}:
        _fail(f"the labels must be the training classes 0, 1, 2; yours hold {np.unique(ys)}")
    ys = ys.astype(np.int64)
    shares = np.bincount(ys, minlength=3) / num_rows
    if np.abs(shares - counts / counts.sum()).max() > 0.03:
        _fail(
            f"the classes' shares of your rows are {np.round(shares, 3).tolist()}, the training "
            "rows' 1/6, 1/3 and 1/2: draw the labels in the training shares"
        )
    column, rest = np.divmod(xs, 1000.0)
    source, kth = np.divmod(rest, 100.0)
    if np.any(column != np.arange(3)) or np.any(kth != np.round(kth)):
        bad = xs[np.any((column != np.arange(3)) | (kth != np.round(kth)), axis=1)][0]
        _fail(
            f"your rows hold values that are not the training values of their column (e.g. "
            f"{bad.tolist()}): take each column's value from the same column of a training row"
        )
    if np.any(source != ys[:, None]):
        _fail(
            "rows of one class hold values of another class's training rows: draw a row of "
            "class c from the training rows of class c (x[y == c]) only"
        )
    largest = kth.max(axis=1)
    if np.any(largest >= counts[ys]):
        _fail("your rows hold values that no training row has")
    for c in range(3):
        seen = {len(np.unique(kth[ys == c, j])) for j in range(3)}
        if seen != {int(counts[c])}:
            _fail(
                f"some values of class {c}'s training rows never appear in your rows of that "
                "class: draw the training rows uniformly, with replacement"
            )
    within = kth[ys == 2]
    r = np.corrcoef(within[:, 0], within[:, 1])[0, 1]
    if r > 0.5:
        _fail(
            f"within a class your columns are correlated as in the training rows (r = {r:.2f}): "
            "you copied whole rows. Draw each column's value from its own random row"
        )
    if abs(r) > 0.1:
        _fail(
            f"within a class your columns are correlated (r = {r:.2f}): draw each column's row "
            "independently of the others"
        )
    again, _ = sample(0)
    if not np.array_equal(again, xs):
        _fail("the same seed must give the same rows: draw from np.random.default_rng(seed)")
    other, _ = sample(1)
    if np.array_equal(other, xs):
        _fail("seeds 0 and 1 give the same rows: draw from np.random.default_rng(seed)")
    print("✓ independent_columns keeps each column's values within its class, and no correlation")
