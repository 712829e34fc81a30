"""Command line: ``python -m gan_tutorial train PRESET [--steps N] [--seed S] [--out DIR]
[--strategy default|mirrored]``."""

import argparse
import json
import os
import sys


def main(argv=None):
    from gan_tutorial import presets  # light: no training code runs on --help

    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m gan_tutorial", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    train = sub.add_parser(
        "train",
        help="train a preset; a second run with the same --out resumes",
        description="Presets: "
        + "; ".join(
            f"{p.name}: {p.description} ({p.steps} steps)" for p in presets.PRESETS.values()
        ),
    )
    train.add_argument("preset", choices=sorted(presets.PRESETS))
    train.add_argument(
        "--steps", type=int, default=None, help="generator steps in all (default: the preset's)"
    )
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default=None, help="output folder (default: runs/PRESET)")
    train.add_argument("--strategy", choices=["default", "mirrored"], default="default")
    train.add_argument(
        "--log-every", type=int, default=500, help="steps between checkpoints and logs"
    )
    train.add_argument("--quiet", action="store_true", help="no per-epoch progress")
    args = parser.parse_args(argv)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from gan_tutorial.train import train as run

    command = "python -m gan_tutorial " + " ".join(argv)
    try:
        result = run(
            args.preset,
            steps=args.steps,
            seed=args.seed,
            out=args.out,
            strategy=args.strategy,
            log_every=args.log_every,
            verbose=0 if args.quiet else 2,
            command=command,
        )
    except ValueError as error:
        parser.error(str(error))
    print(json.dumps(result["metrics"] | {"steps": result["steps"]}, indent=None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
