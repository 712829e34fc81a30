"""Judging generated digits with a small classifier trained by the package (chapter 4).

`DigitJudge` wraps a CNN trained on the offline MNIST subset (or the 8x8 digits). Its
penultimate layer is the feature space of the domain FID (the "Frechet LeNet distance") and of
precision and recall; its predictions give the class histogram of generated digits (mode
coverage over 10 classes) and its confidence. The package ships the weights of chapter 4's
judge (``python -m gan_tutorial bench digit-judge`` writes them); other settings are trained on
first use and cached in the package's cache folder.

    judge = DigitJudge.load_or_train()          # about 30 s the first time on a CPU
    judge.report(generated_images, real_images) # fid, precision, recall, class histogram, ...
"""

import datetime
import json
import tempfile
import warnings
from importlib import resources
from pathlib import Path

import numpy as np

from gan_tutorial import arguments
from gan_tutorial.data import images as image_data
from gan_tutorial.data.download import cache_dir
from gan_tutorial.files import write_atomically
from gan_tutorial.metrics.images import frechet_distance, precision_recall
from gan_tutorial.metrics.modes import reverse_kl_to_uniform

__all__ = ["DigitJudge", "digit_classifier"]

VERSION = 1  # bump when the architecture or training changes: old caches are then ignored
FEATURES = "features"


def _shipped_name(image_size, seed, epochs):
    return f"digit_judge_{image_size}px_seed{seed}_{epochs}ep"


def _shipped_weights(shipped, name):
    # the weights list in `shipped` (True: the package's results folder) for `name`, else None
    if shipped is False:
        return None
    if shipped is True:
        with resources.as_file(resources.files("gan_tutorial.experiments") / "results") as folder:
            path = folder / f"{name}_weights.npz"
    else:
        path = Path(shipped) / f"{name}_weights.npz"
    if not path.exists():
        return None
    with np.load(path) as saved:
        return [saved[f"arr_{i}"] for i in range(len(saved.files))]


def digit_classifier(image_size=28, feature_dim=64):
    """A small CNN: images ``(batch, s, s, 1)`` in [-1, 1] -> class probabilities ``(batch, 10)``;
    its layer ``"features"`` (``feature_dim`` ReLU units) is the feature space of the metrics."""
    import keras

    return keras.Sequential(
        [
            keras.Input((image_size, image_size, 1)),
            keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(feature_dim, activation="relu", name=FEATURES),
            keras.layers.Dense(10, activation="softmax", name="classes"),
        ],
        name=f"digit_classifier_{image_size}",
    )


class DigitJudge:
    """A trained digit classifier and the measures it gives. ``classifier``: a model from
    `digit_classifier` (trained); ``test_accuracy``: its accuracy on the held-out digits."""

    def __init__(self, classifier, test_accuracy=None):
        import keras

        self.classifier = classifier
        self.test_accuracy = test_accuracy
        self.image_shape = tuple(classifier.input_shape[1:])
        self._features = keras.Model(classifier.inputs, classifier.get_layer(FEATURES).output)

    @classmethod
    def load_or_train(cls, image_size=28, seed=0, epochs=8, cache=None, verbose=0, shipped=True):
        """The classifier for ``image_size`` (28: the MNIST subset, 8: the 8x8 digits), from the
        cache folder if it was trained before with the same settings; else from the weights
        that ship with the package for these settings (chapter 4's judge: 28 px, seed 0, 3
        epochs, written by ``python -m gan_tutorial bench digit-judge``; ``shipped``: another
        folder of such weights, or False to ignore them); else trained now (seeded) and saved in
        the cache."""
        import keras

        from gan_tutorial.seeding import set_seed

        if isinstance(image_size, bool) or image_size not in (8, 28):
            raise ValueError(f"image_size must be 8 or 28, got {image_size!r}")
        image_size = int(image_size)
        seed = arguments.integer("seed", seed, minimum=0)
        epochs = arguments.integer("epochs", epochs)
        folder = Path(cache) if cache is not None else cache_dir()
        path = folder / f"digit-classifier-v{VERSION}-{image_size}px-seed{seed}-{epochs}ep.keras"
        load = image_data.mnist_subset if image_size == 28 else image_data.digits_8x8
        (x_train, y_train), (x_test, y_test) = load(seed=0)
        classifier = None
        if path.exists():
            try:
                classifier = keras.models.load_model(path)
            except Exception as error:  # e.g. written by another Keras version: train again
                warnings.warn(
                    f"retraining: cannot load the cached {path.name} ({error})", stacklevel=2
                )
        weights = _shipped_weights(shipped, _shipped_name(image_size, seed, epochs))
        set_seed(seed)  # in every case, so that what the caller does next does not depend on it
        if classifier is None and weights is not None:
            classifier = digit_classifier(image_size)
            classifier.set_weights(weights)
        elif classifier is None:
            classifier = digit_classifier(image_size)
            classifier.compile(
                optimizer=keras.optimizers.Adam(1e-3),
                loss="sparse_categorical_crossentropy",
                metrics=["accuracy"],
            )
            classifier.fit(
                x_train, y_train, batch_size=64, epochs=epochs, verbose=verbose, shuffle=True
            )
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, suffix=".keras", delete=False) as f:
                partial = Path(f.name)
            classifier.save(partial)
            partial.replace(path)  # atomic: a reader never sees half a file
        predictions = classifier.predict(x_test, batch_size=512, verbose=0).argmax(axis=1)
        return cls(classifier, test_accuracy=float(np.mean(predictions == y_test)))

    def write(self, out, seed, epochs, command=None):
        """Writes the classifier's weights as ``out/digit_judge_<S>px_seed<seed>_<epochs>ep``
        ``_weights.npz`` (`get_weights` order) and its test accuracy and provenance as ``.json``,
        each whole or not at all, in the form `load_or_train` reads from ``shipped``; returns
        both paths."""
        import keras

        seed = arguments.integer("seed", seed, minimum=0)
        epochs = arguments.integer("epochs", epochs)
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        name = _shipped_name(self.image_shape[0], seed, epochs)
        paths = out / f"{name}.json", out / f"{name}_weights.npz"
        about = {
            "command": command,
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "versions": {"keras": keras.__version__},
            "image_size": self.image_shape[0],
            "seed": seed,
            "epochs": epochs,
            "test_accuracy": self.test_accuracy,
        }
        weights = self.classifier.get_weights()
        write_atomically(paths[1], lambda file: np.savez(file, *weights))
        write_atomically(
            paths[0], lambda file: file.write((json.dumps(about, indent=1) + "\n").encode())
        )
        return paths

    def _check(self, images, name="images"):
        images = np.asarray(images, dtype=np.float32)
        if images.ndim != 4 or tuple(images.shape[1:]) != self.image_shape:
            raise ValueError(
                f"{name} must have shape (n, {', '.join(map(str, self.image_shape))}), "
                f"got {images.shape}"
            )
        if not np.all(np.isfinite(images)):
            raise ValueError(f"{name} holds {int((~np.isfinite(images)).sum())} NaN or inf values")
        return images

    def features(self, images):
        """Penultimate-layer features ``(n, feature_dim)`` of ``images`` ``(n, s, s, 1)``."""
        return self._features.predict(self._check(images), batch_size=512, verbose=0)

    def probabilities(self, images):
        """Class probabilities ``(n, 10)``."""
        return self.classifier.predict(self._check(images), batch_size=512, verbose=0)

    def report(self, fake, real, k=3):
        """The measures of chapter 4's table for generated images ``fake`` against real images
        ``real`` (both ``(n, s, s, 1)`` in [-1, 1]):

        - ``fid``: Frechet distance of the two feature sets;
        - ``precision``, ``recall``: k-NN balls in the same features (Kynkaanniemi et al.);
        - ``class_histogram``: how many fakes the classifier assigns to each digit;
        - ``class_kl``: KL of that histogram to uniform (0: all ten digits equally often);
        - ``classes_covered``: digits with at least 1% of the fakes;
        - ``confidence``: the classifier's mean top probability on the fakes.
        """
        arguments.integer("k", k)
        fake = self._check(fake, "fake")
        real = self._check(real, "real")
        fake_features, real_features = self.features(fake), self.features(real)
        probabilities = self.probabilities(fake)
        histogram = np.bincount(probabilities.argmax(axis=1), minlength=10)
        return {
            "fid": frechet_distance(fake_features, real_features),
            **precision_recall(real_features, fake_features, k=k),
            "class_histogram": histogram.tolist(),
            "class_kl": reverse_kl_to_uniform(histogram),
            "classes_covered": int(np.sum(histogram >= 0.01 * len(fake))),
            "confidence": float(probabilities.max(axis=1).mean()),
        }
