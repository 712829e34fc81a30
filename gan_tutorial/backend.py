"""Everything that ties the package to Keras' TensorFlow backend, in one place.

The rest of the package is Keras 3 (`keras.ops`, `keras.random`, layers and models); what
Keras 3 does not offer across backends is here: gradient tapes (a training step's updates and
input gradients for the penalties), the distribution strategy's replicas, label checks inside a
compiled step, `tf.function`, devices and versions, and op determinism. Porting the package to
another backend means rewriting this module and the training steps that open a `GradientTape`
(`GAN`, `SeqGAN`, `LSTMGenerator`). The data pipelines (`data.images.image_dataset`,
`train.make_dataset`, ...) are `tf.data` datasets, which Keras 3 reads on every backend.
"""

import os
import sys


def _import_tensorflow():
    """TensorFlow, imported with the process's standard error (file descriptor 2) pointed at
    /dev/null: the lines its C++ code prints while loading ("All log messages before
    absl::InitializeLog() is called...", CUDA stubs) ignore ``TF_CPP_MIN_LOG_LEVEL``. Python's
    own errors still surface: an exception passes through after the descriptor is restored."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    try:
        saved = os.dup(2)
    except OSError:  # no standard error to restore: import as it is
        import tensorflow

        return tensorflow
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 2)
        import tensorflow
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
    return tensorflow


tf = _import_tensorflow()

from keras import ops  # noqa: E402  (after TensorFlow, which Keras would import loudly)

__all__ = [
    "GradientTape",
    "apply_gradients",
    "checked_labels",
    "dense",
    "devices",
    "enable_determinism",
    "function",
    "input_gradients",
    "is_dataset",
    "replica_id",
    "strategy",
    "version",
]

GradientTape = tf.GradientTape


def apply_gradients(tape, scaled_loss, network, optimizer):
    """One optimizer step of ``network``'s trainable weights down the gradient of
    ``scaled_loss``, which ``tape`` recorded (the loss already scaled by `optimizer.scale_loss`
    and divided by the number of replicas)."""
    weights = network.trainable_weights
    optimizer.apply_gradients(zip(tape.gradient(scaled_loss, weights), weights))


def input_gradients(function, x):
    """Gradients of ``function``'s summed output with respect to its input ``x``, flattened to
    ``(batch, features)``: row i is the gradient of ``function(x)_i``, since examples do not
    interact."""
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = ops.sum(ops.cast(function(x, training=True), "float32"))
    grads = ops.cast(tape.gradient(total, x), "float32")
    return ops.reshape(grads, (ops.shape(grads)[0], -1))


def dense(gradient):
    """A gradient as a dense tensor (an embedding's gradient is sparse: `tf.IndexedSlices`)."""
    return tf.convert_to_tensor(gradient)


def replica_id():
    """The index of the replica running this code under a `tf.distribute` strategy (0 if none)."""
    return tf.distribute.get_replica_context().replica_id_in_sync_group


def checked_labels(labels, num_classes):
    """``labels`` as int32, with checks that fail the step if any is outside
    ``0 .. num_classes - 1`` (before any lookup: a GPU would quietly read zeros out of range)."""
    labels = ops.cast(labels, "int32")
    checks = [
        tf.debugging.assert_non_negative(labels, message="labels must be >= 0"),
        tf.debugging.assert_less(
            labels, num_classes, message=f"labels must be < num_classes={num_classes}"
        ),
    ]
    with tf.control_dependencies(checks):
        return tf.identity(labels)


def function(f):
    """``f`` compiled into a TensorFlow graph (`tf.function`), for code called many times outside
    `fit`."""
    return tf.function(f)


def strategy(name):
    """The distribution strategy ``"default"`` (one device) or ``"mirrored"`` (all local GPUs,
    or the CPU); None for another name."""
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    return None


def devices(kind=None):
    """The names of the logical devices TensorFlow sees (``kind``: e.g. ``"GPU"``; all if None)."""
    return [d.name for d in tf.config.list_logical_devices(kind)]


def version():
    """TensorFlow's version string."""
    return tf.__version__


def is_dataset(x):
    """Whether ``x`` is a `tf.data.Dataset` (which Keras does not shuffle)."""
    return isinstance(x, tf.data.Dataset)


def enable_determinism():
    """Make TensorFlow's ops deterministic (the same inputs and seeds give the same numbers on
    the same machine)."""
    tf.config.experimental.enable_op_determinism()
