"""Chapter 4's DCGAN on the 4,000 training digits of `images.mnist_subset`, and its
class-conditional run as a command: ``python -m gan_tutorial bench dcgan-digits``.

`build` is the chapter's recipe (the networks at ``width`` 16, the non-saturating loss, Adam 1e-3
with beta_1 = 0.5, an epoch of 62 batches of 64 per call, ``reuse_fakes``). `run` trains it for
``epochs`` and measures the generator with the `DigitJudge` (on 1,000 samples: the share of each
asked-for digit that the judge reads as asked, Frechet distance, precision and recall against the
1,000 held-out digits). The conditional run's results and generator weights ship with the package
(`load_results`, `load_gan`): chapter 4 measures that generator instead of spending a minute and a
half of its page on a second training run.
"""

import datetime
import json
import platform
import time
from importlib import resources
from pathlib import Path

import keras
import numpy as np

from gan_tutorial import arguments, models
from gan_tutorial.data import images
from gan_tutorial.files import write_atomically
from gan_tutorial.gan import GAN
from gan_tutorial.seeding import set_seed

__all__ = ["LATENT_DIM", "WIDTH", "BATCH", "build", "run", "write", "load_results", "load_gan"]

LATENT_DIM, WIDTH, BATCH = 64, 16, 64


def build(num_classes=None, seed=0, steps_per_execution=4000 // BATCH):
    """Chapter 4's DCGAN (conditional with ``num_classes``), compiled; seeds everything with
    ``seed`` first, so the same seed gives the same networks."""
    set_seed(seed)
    gan = GAN(
        models.dcgan_generator(LATENT_DIM, 28, WIDTH, num_classes=num_classes),
        models.dcgan_discriminator(28, WIDTH, num_classes=num_classes),
        num_classes=num_classes,
        seed=seed,
    )
    gan.compile(
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        loss="non_saturating",
        steps_per_execution=steps_per_execution,
        reuse_fakes=True,
    )
    return gan


def _name(conditional, seed):
    return f"dcgan_digits_{'conditional' if conditional else 'unconditional'}_seed{seed}"


def run(conditional=True, epochs=6, seed=0, command=None, judge=None):
    """Trains `build` (``num_classes=10`` if ``conditional``) on the training digits for
    ``epochs``; returns ``(gan, results)``, the results a JSON-ready dict."""
    from gan_tutorial.metrics import DigitJudge

    arguments.integer("epochs", epochs)
    (x_train, y_train), (x_test, _) = images.mnist_subset()
    judge = judge or DigitJudge.load_or_train(image_size=28, seed=0, epochs=3)
    gan = build(num_classes=10 if conditional else None, seed=seed)
    data = images.image_dataset(
        x_train, y_train if conditional else None, batch_size=BATCH, seed=seed
    )
    start = time.perf_counter()
    gan.fit(data, epochs=int(epochs), verbose=0, shuffle=False)  # the dataset shuffles itself
    seconds = time.perf_counter() - start
    asked = np.arange(1000) % 10 if conditional else None
    fake = gan.generate(1000, seed=1, labels=asked)
    report = judge.report(fake, x_test)
    results = {
        "command": command,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "versions": {"keras": keras.__version__},
        "conditional": bool(conditional),
        "epochs": int(epochs),
        "seed": seed,
        "train_seconds": seconds,
        "report": {k: v for k, v in report.items() if k != "class_histogram"}
        | {"class_histogram": [int(n) for n in report["class_histogram"]]},
    }
    if conditional:
        made = judge.probabilities(fake).argmax(axis=1)
        results["read_as_asked"] = [float(np.mean(made[asked == k] == k)) for k in range(10)]
    return gan, results


def write(gan, results, out):
    """Writes ``out/<name>.json`` and the generator's weights ``out/<name>_weights.npz``
    (`get_weights` order), each whole or not at all; returns both paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    name = _name(results["conditional"], results["seed"])
    paths = out / f"{name}.json", out / f"{name}_weights.npz"
    write_atomically(paths[1], lambda file: np.savez(file, *gan.generator.get_weights()))
    write_atomically(
        paths[0], lambda file: file.write((json.dumps(results, indent=1) + "\n").encode())
    )
    return paths


def _find(name, folder):
    if folder is not None:
        path = Path(folder) / name
        if not path.exists():
            raise FileNotFoundError(f"no {name} in {folder}")
        return path
    with resources.as_file(resources.files("gan_tutorial.experiments") / "results" / name) as path:
        if not path.exists():
            raise FileNotFoundError(f"no shipped results {name}: {path}")
        return path


def load_results(conditional=True, seed=0, folder=None):
    """The results of the run with ``conditional`` and ``seed`` that `write` wrote to ``folder``
    (default: the ones shipped with the package, made by the command they name)."""
    return json.loads(_find(f"{_name(conditional, seed)}.json", folder).read_text())


def load_gan(conditional=True, seed=0, folder=None):
    """A `GAN` of `build` whose generator has the weights of that run (``folder`` as in
    `load_results`); the discriminator is untrained: a run keeps only what generates."""
    gan = build(num_classes=10 if conditional else None, seed=seed)
    with np.load(_find(f"{_name(conditional, seed)}_weights.npz", folder)) as saved:
        gan.generator.set_weights([saved[f"arr_{i}"] for i in range(len(saved.files))])
    return gan
