"""SeqGAN's rollout rewards: all ``N x (T - 1)`` completions of a batch in one batched call
(`gan_tutorial.seqgan.rollout_rewards`) against one compiled call per rollout and prefix
(`PerPrefixRollouts`, the way the original code does it), measured in the same run, at the
published sizes of the synthetic benchmark (issue 7).

    python -m gan_tutorial.experiments.seqgan_rollouts          # vocab 5,000, T 20, batch 64, N 16
    python -m gan_tutorial.experiments.seqgan_rollouts --vocab 100 --repeats 1     # a smoke run

Both use the same uniforms (drawn up front from the seed), so they compute the same rewards;
the bench prints the largest difference beside the times. Each is timed ``--repeats`` times in
alternation after a warm-up (tracing); the fastest is reported.
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

from gan_tutorial.data.oracle import oracle, reinitialize  # noqa: E402
from gan_tutorial.models import GRUDiscriminator  # noqa: E402
from gan_tutorial.seqgan import PerPrefixRollouts, rollout_rewards  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocab", type=int, default=5000)
    parser.add_argument("--length", type=int, default=20)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--rollouts", type=int, default=16)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args(argv)

    keras.utils.set_random_seed(0)
    # the generator of the benchmark: the oracle's shape, weights N(0, 0.1^2)
    generator = reinitialize(oracle(args.vocab, args.length, args.hidden, args.hidden), 0.1, 1)
    discriminator = GRUDiscriminator(args.vocab, args.length, embedding_dim=64, hidden_dim=64)
    ids = generator.sample(args.batch, seed=2)

    batched = tf.function(
        lambda ids: rollout_rewards(generator, discriminator, ids, args.rollouts, seed=3)
    )
    per_prefix = PerPrefixRollouts(generator, discriminator)  # compiled once, like `batched`
    loops = {
        "batched": lambda: keras.ops.convert_to_numpy(batched(ids)),
        "per_prefix_loop": lambda: per_prefix(ids, args.rollouts, seed=3),
    }
    rewards = {name: run() for name, run in loops.items()}  # warm-up: tracing
    times = {name: [] for name in loops}
    for _ in range(args.repeats):
        for name, run in loops.items():
            start = time.perf_counter()
            rewards[name] = run()
            times[name].append(time.perf_counter() - start)
    result = {
        "command": "python -m gan_tutorial.experiments.seqgan_rollouts "
        + " ".join(sys.argv[1:] if argv is None else argv),
        "seconds": {name: min(t) for name, t in times.items()},
        "all_seconds": times,
        "speedup": min(times["per_prefix_loop"]) / min(times["batched"]),
        "max_reward_difference": float(
            np.max(np.abs(rewards["batched"] - rewards["per_prefix_loop"]))
        ),
        "completions_per_batch": args.rollouts * (args.length - 1) * args.batch,
    }
    print(json.dumps(result, indent=1))
    print(
        f"rewards for a batch of {args.batch} (N = {args.rollouts}, T = {args.length}, "
        f"vocabulary {args.vocab}): batched {result['seconds']['batched']:.2f} s, per-prefix "
        f"loop {result['seconds']['per_prefix_loop']:.2f} s: {result['speedup']:.1f}x; "
        f"largest difference between their rewards {result['max_reward_difference']:.1e}."
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return result


if __name__ == "__main__":
    main()
