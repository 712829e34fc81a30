"""Training throughput of the package's `GAN.fit` against the TensorFlow DCGAN tutorial's own
training loop (issue 6), on the same networks, batch and data, measured in the same run.

    python -m gan_tutorial.experiments.dcgan_throughput                # width 64, batch 256
    python -m gan_tutorial.experiments.dcgan_throughput --width 32 --batch 128   # chapter 4's
    python -m gan_tutorial.experiments.dcgan_throughput --steps 20 --steps-per-execution 10 \
        --repeats 1 --width 8                                          # a smoke run

The reference is the tutorial's `train_step` (tensorflow.org/tutorials/generative/dcgan): one
`tf.function` call per batch, both losses from one generator pass under two tapes, both networks
updated at once. The package runs its own `train_step` through `fit`, which alternates: it
updates the discriminator, then the generator against the updated discriminator, so it does more
work per step (by default a new generator pass for the generator's update: about 4 G + 8 D
forward-equivalents against 3 G + 7 D). It is timed with one lever after another, each row
adding one to the one before:

- ``package_one_step_per_call``: the defaults (one `fit` step per call into TensorFlow);
- ``package_steps_per_execution``: ``--steps-per-execution`` steps per call;
- ``package_reuse_fakes``: ``compile(reuse_fakes=True)``, the generator's update reuses the
  discriminator step's samples (one generator pass fewer: 3 G + 8 D);
- ``package``: the networks under ``--dtype-policy`` (default ``mixed_bfloat16``: bfloat16
  arithmetic on float32 weights, about twice float32's convolution rate on a CPU with
  AVX512-BF16 or AMX) and, with ``--jit``, XLA.

Each is timed `--repeats` times in alternation after a warm-up, and every timing ends by reading
a result, so queued work is counted. The fastest of the repeats is reported (all are in the
JSON): on a shared virtual machine some timings run at about half speed, whichever loop they
time, and the minimum is the estimate those stalls disturb least.

The achieved rate counts the tutorial's floating-point work per step, 3 G + 7 D, where G and D
are the forward FLOPs of the networks on one batch (2 x the multiply-adds of their dense and
convolution layers; a backward pass counts as two forwards, one for the weights and one for the
inputs), and compares it with a 2048x2048 float32 matmul timed in the same run: how close the
step comes to what this machine can do.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from gan_tutorial import GAN, models  # noqa: E402
from gan_tutorial.data import images  # noqa: E402


def forward_flops(model, batch):
    """2 x multiply-adds of the Dense and convolution layers of one forward pass of ``batch``."""
    macs = 0
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            macs += layer.kernel.shape[0] * layer.kernel.shape[1]
        elif isinstance(layer, keras.layers.Conv2DTranspose):
            h, w = layer.input.shape[1:3]
            kh, kw, c_out, c_in = layer.kernel.shape
            macs += h * w * kh * kw * c_in * c_out
        elif isinstance(layer, keras.layers.Conv2D):
            h, w = layer.output.shape[1:3]
            kh, kw, c_in, c_out = layer.kernel.shape
            macs += h * w * kh * kw * c_in * c_out
    return 2 * macs * batch


def matmul_gflops(n=2048, repeats=10):
    """The machine's float32 matmul rate, GFLOP/s (the fastest of ``repeats``)."""
    a = tf.random.normal((n, n))
    b = tf.random.normal((n, n))
    product = tf.function(lambda a, b: tf.reduce_sum(tf.linalg.matmul(a, b)))
    product(a, b).numpy()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        product(a, b).numpy()
        times.append(time.perf_counter() - start)
    return 2 * n**3 / min(times) / 1e9


def tutorial_loop(generator, discriminator, latent_dim, batch):
    """The TensorFlow DCGAN tutorial's training step, unchanged but for the networks."""
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
    g_opt, d_opt = keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4)

    @tf.function
    def train_step(image_batch):
        noise = tf.random.normal([batch, latent_dim])
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated = generator(noise, training=True)
            real_output = discriminator(image_batch, training=True)
            fake_output = discriminator(generated, training=True)
            gen_loss = cross_entropy(tf.ones_like(fake_output), fake_output)
            disc_loss = cross_entropy(tf.ones_like(real_output), real_output) + cross_entropy(
                tf.zeros_like(fake_output), fake_output
            )
        g_grads = gen_tape.gradient(gen_loss, generator.trainable_variables)
        d_grads = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
        g_opt.apply_gradients(zip(g_grads, generator.trainable_variables))
        d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))
        return disc_loss

    def run(dataset, steps):
        for image_batch in dataset.take(steps):
            loss = train_step(image_batch)
        loss.numpy()  # wait for the queued work (on a GPU, calls return before it is done)

    return run


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=60, help="steps per timing")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--width", type=int, default=64, help="64: the tutorial's channels")
    parser.add_argument("--latent-dim", type=int, default=100)
    parser.add_argument("--steps-per-execution", type=int, default=30)
    parser.add_argument("--jit", action="store_true", help="compile the package's step with XLA")
    parser.add_argument(
        "--dtype-policy",
        default="mixed_bfloat16",
        help="the dtype policy of the package's networks in the last row (float32: none)",
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args(argv)
    if args.steps % args.steps_per_execution:
        parser.error("--steps must be a multiple of --steps-per-execution")

    keras.utils.set_random_seed(0)
    (x_train, _), _ = images.mnist_subset()
    # Shuffled once and batched in advance, so that both loops read the same batches and the
    # input pipeline costs next to nothing.
    order = np.random.default_rng(0).permutation(len(x_train))
    n = len(x_train) // args.batch
    batches = x_train[order[: n * args.batch]].reshape(n, args.batch, *x_train.shape[1:])
    dataset = tf.data.Dataset.from_tensor_slices(batches).repeat().prefetch(2)

    def networks(dtype=None):
        return (
            models.dcgan_generator(args.latent_dim, 28, args.width, dtype=dtype),
            models.dcgan_discriminator(28, args.width, dtype=dtype),
        )

    def package_loop(steps_per_execution=1, reuse_fakes=False, dtype=None, jit=False):
        gan = GAN(*networks(dtype), seed=0)
        gan.compile(
            d_optimizer=keras.optimizers.Adam(1e-4),
            g_optimizer=keras.optimizers.Adam(1e-4),
            loss="non_saturating",
            reuse_fakes=reuse_fakes,
            steps_per_execution=steps_per_execution,
            jit_compile=jit,
        )

        def run(dataset, steps):
            gan.fit(dataset, epochs=1, steps_per_epoch=steps, verbose=0)  # fit reads its logs

        return run

    spe = args.steps_per_execution
    loops = {
        "tutorial": tutorial_loop(*networks(), args.latent_dim, args.batch),
        "package_one_step_per_call": package_loop(),
        "package_steps_per_execution": package_loop(spe),
        "package_reuse_fakes": package_loop(spe, reuse_fakes=True),
        "package": package_loop(spe, reuse_fakes=True, dtype=args.dtype_policy, jit=args.jit),
    }
    for run in loops.values():
        run(dataset, args.steps_per_execution)  # warm-up: tracing and compiling
    times = {name: [] for name in loops}
    for _ in range(args.repeats):
        for name, run in loops.items():
            start = time.perf_counter()
            run(dataset, args.steps)
            times[name].append(time.perf_counter() - start)

    g, d = networks()
    useful = 3 * forward_flops(g, args.batch) + 7 * forward_flops(d, args.batch)
    peak = matmul_gflops()
    result = {
        "command": "python -m gan_tutorial.experiments.dcgan_throughput "
        + " ".join(sys.argv[1:] if argv is None else argv)
    }
    for name, seconds in times.items():
        step = min(seconds) / args.steps
        result[name] = {
            "steps_per_second": 1 / step,
            "images_per_second": args.batch / step,
            "gflops": useful / step / 1e9,
            "vs_tutorial": min(times["tutorial"]) / min(seconds),
            "seconds": seconds,
        }
    result["speedup"] = (
        result["package"]["steps_per_second"] / result["tutorial"]["steps_per_second"]
    )
    result["matmul_gflops"] = peak
    result["useful_gflop_per_step"] = useful / 1e9
    result["devices"] = [dev.name for dev in tf.config.list_logical_devices()]
    result["jit"] = bool(args.jit)
    result["dtype_policy"] = args.dtype_policy
    print(json.dumps(result, indent=1))
    for name in loops:
        row = result[name]
        print(
            f"{name:>28}: {row['steps_per_second']:6.2f} steps/s, {row['gflops']:6.1f} GFLOP/s, "
            f"{row['vs_tutorial']:.2f}x the tutorial's loop"
        )
    print(
        f"GAN.fit with every lever: {result['package']['steps_per_second']:.2f} steps/s, the "
        f"tutorial's loop: {result['tutorial']['steps_per_second']:.2f} steps/s: "
        f"{result['speedup']:.2f}x. "
        f"Achieved {result['package']['gflops']:.1f} GFLOP/s of useful work against "
        f"{peak:.1f} GFLOP/s for a 2048x2048 float32 matmul "
        f"({100 * result['package']['gflops'] / peak:.0f}%)."
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return result


if __name__ == "__main__":
    main()
