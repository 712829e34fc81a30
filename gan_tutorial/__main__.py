"""Command line: ``python -m gan_tutorial train PRESET [--steps N] [--seed S] [--out DIR]
[--strategy default|mirrored]``. A second run with the same ``--out`` resumes."""

import argparse
import json
import os
import sys

WORDS = "words"


def main(argv=None):
    from gan_tutorial import presets  # light: no training code runs on --help

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m gan_tutorial", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    descriptions = [
        f"{p.name}: {p.description} ({p.steps} steps)" for p in presets.PRESETS.values()
    ]
    descriptions.append(f"{WORDS}: chapter 6's text GAN on English words, MLE then adversarial")
    train = sub.add_parser(
        "train",
        help="train a preset; a second run with the same --out resumes",
        description="Presets: " + "; ".join(descriptions),
    )
    train.add_argument("preset", choices=sorted(presets.PRESETS) + [WORDS])
    train.add_argument("--steps", type=int, default=None, help="steps (default: the preset's)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default=None, help="output folder (default: runs/PRESET)")
    train.add_argument("--strategy", choices=["default", "mirrored"], default="default")
    train.add_argument("--log-every", type=int, default=500, help="steps between checkpoints")
    train.add_argument("--quiet", action="store_true", help="no per-epoch progress")
    train.add_argument("--mle-epochs", type=int, default=20, help="words: MLE pretraining epochs")
    train.add_argument("--limit", type=int, default=None, help="words: use at most this many")
    args = parser.parse_args(argv)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from gan_tutorial.train import UsageError

    command = "python -m gan_tutorial " + " ".join(argv)
    common = dict(
        seed=args.seed, log_every=args.log_every, command=command, verbose=0 if args.quiet else 2
    )
    try:
        if args.preset == WORDS:
            from gan_tutorial.text_gan import train_words

            if args.strategy != "default":
                parser.error(f"the {WORDS} preset trains with --strategy default only")
            steps = 20000 if args.steps is None else args.steps
            result = train_words(
                steps=steps,
                out=args.out or f"runs/{WORDS}",
                mle_epochs=args.mle_epochs,
                limit=args.limit,
                **common,
            )
            summary = result["by_temperature"]
        else:
            from gan_tutorial.train import train as run

            result = run(
                args.preset, steps=args.steps, out=args.out, strategy=args.strategy, **common
            )
            summary = result["metrics"]
    except UsageError as error:
        parser.error(str(error))
    print(json.dumps(summary | {"steps": result["steps"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
