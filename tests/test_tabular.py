"""The conditional tabular GAN: it writes the class it is asked for, in the table's units, and
refuses bad input by name."""

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier

from gan_tutorial.data.tables import load_table
from gan_tutorial.metrics.synthetic import ks_statistics
from gan_tutorial.models import mlp_discriminator, mlp_generator
from gan_tutorial.tabular import TabularGAN


@pytest.fixture(scope="module")
def wine():
    return load_table("wine")


@pytest.fixture(scope="module")
def trained(wine):
    return TabularGAN(13, 3, seed=0).fit(wine.x_train, wine.y_train, steps=1000)


def test_conditioning_produces_the_asked_class(wine, trained):
    judge = RandomForestClassifier(200, random_state=0).fit(wine.x_train, wine.y_train)
    assert judge.score(wine.x_test, wine.y_test) > 0.9
    for c in range(3):
        x, y = trained.sample(300, seed=1, labels=np.full(300, c))
        assert np.all(y == c)
        assert np.mean(judge.predict(x) == c) > 0.9, c
    untrained = TabularGAN(13, 3, seed=0)
    untrained.scaler.fit(wine.x_train)
    untrained.shares_ = np.full(3, 1 / 3)
    x, _ = untrained.sample(300, seed=1, labels=np.full(300, 1))
    assert np.mean(judge.predict(x) == 1) < 0.9  # before training the label means little


def test_rows_come_back_in_the_tables_units(wine, trained):
    x, y = trained.sample(2000, seed=2)
    assert x.shape == (2000, 13)
    assert ks_statistics(wine.x_train, x).mean() < 0.2  # per-column distributions close
    assert (
        np.abs(np.bincount(y) / 2000 - np.bincount(wine.y_train) / len(wine.y_train)).max() < 0.04
    )
    proline = wine.feature_names.index("proline")  # hundreds, unlike most columns
    assert 500 < x[:, proline].mean() < 1000


def test_bad_input_is_named(wine, trained):
    with pytest.raises(ValueError, match="x must have 13 columns, got 12"):
        TabularGAN(13, 3).fit(wine.x_train[:, :12], wine.y_train, steps=1)
    with pytest.raises(ValueError, match="labels must be < num_classes=2"):
        TabularGAN(13, 2).fit(wine.x_train, wine.y_train, steps=1)
    with pytest.raises(RuntimeError, match="fit the TabularGAN first"):
        TabularGAN(13, 3).sample(5)
    with pytest.raises(ValueError, match=r"labels must be 5 ints in \[0, 3\)"):
        trained.sample(5, labels=np.array([0, 1, 2, 3, 0]))
    with pytest.raises(ValueError, match="num_classes must be an integer >= 2"):
        mlp_generator(4, 2, num_classes=1)
    with pytest.raises(ValueError, match="cannot pack samples"):
        mlp_discriminator(2, num_classes=3, pack=2)


def test_conditional_mlps_take_labels():
    generator = mlp_generator(4, 2, hidden=(8,), num_classes=3)
    discriminator = mlp_discriminator(2, hidden=(8,), num_classes=3)
    z, labels = np.zeros((5, 4), "float32"), np.array([0, 1, 2, 0, 1], "int32")
    rows = np.asarray(generator([z, labels]))
    assert rows.shape == (5, 2) and discriminator([rows, labels]).shape == (5, 1)
    assert not np.allclose(rows[0], rows[1])  # the label changes the row
    np.testing.assert_allclose(rows[0], rows[3])  # the same noise and label, the same row


def test_callbacks_see_every_step_and_memorization_grows_with_training(wine):
    """The chapter's privacy point: on wine's 124 rows, the longer the GAN trains, the better a
    membership-inference attack on its rows tells the training wines from held-out ones (ROC
    AUC 0.5 for a generator that never saw them; about 0.62 at 500 steps, 0.81 at 2,000 in the
    chapter's run of this seed)."""
    import keras

    from gan_tutorial.metrics.synthetic import privacy_report

    class Memorization(keras.callbacks.Callback):
        def __init__(self, synthesizer):
            super().__init__()
            self.synthesizer, self.steps, self.aucs = synthesizer, [], []

        def on_train_batch_end(self, step, logs=None):
            self.steps.append(step)
            if (step + 1) % 500 == 0:
                x, _ = self.synthesizer.sample(1000, seed=1)
                report = privacy_report(x, wine.x_train, wine.x_test)
                self.aucs.append(report["membership_auc"])

    synthesizer = TabularGAN(13, 3, seed=0)
    callback = Memorization(synthesizer)
    synthesizer.fit(wine.x_train, wine.y_train, steps=2000, callbacks=[callback])
    assert callback.steps == list(range(2000))
    assert callback.aucs[-1] > callback.aucs[0] + 0.1
    assert callback.aucs[-1] > 0.7


def test_samples_do_not_depend_on_the_batch_size(trained):
    labels = np.arange(50) % 3
    whole = trained.gan.generate(50, seed=3, labels=labels)
    in_batches = trained.gan.generate(50, seed=3, labels=labels, batch_size=7)
    np.testing.assert_allclose(in_batches, whole, rtol=1e-5, atol=1e-6)
    assert whole.shape == (50, 13)


def test_steps_per_execution_makes_the_same_updates(wine):
    """Fifty updates per call of the compiled step: the same synthesizer as one per call, with
    batch callbacks at the last step of each call; a count that is not a positive integer is
    refused before anything trains."""
    import keras

    class Steps(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seen = []

        def on_train_batch_end(self, step, logs=None):
            self.seen.append(step)

    rows = {}
    for count in (1, 50):
        synthesizer, steps = TabularGAN(13, 3, seed=0), Steps()
        synthesizer.fit(
            wine.x_train, wine.y_train, steps=200, callbacks=[steps], steps_per_execution=count
        )
        rows[count] = synthesizer.sample(50, seed=1)[0]
    assert steps.seen == [49, 99, 149, 199]
    np.testing.assert_allclose(rows[50], rows[1], rtol=1e-6, atol=1e-6)
    for bad in (0, -1, 2.5, True, "50", "abc", None):
        synthesizer = TabularGAN(13, 3, seed=0)
        with pytest.raises((ValueError, TypeError), match="steps_per_execution"):
            synthesizer.fit(wine.x_train, wine.y_train, steps=10, steps_per_execution=bad)
        assert not hasattr(synthesizer, "history")  # nothing trained
