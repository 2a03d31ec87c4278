"""TensorFlow set-up for one training job: threads, GPU memory growth, seeds, determinism."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def configure_tensorflow(seed: int, threads: int) -> str:
    """Configure TensorFlow before any op runs; returns a line saying which device trains.

    Memory growth stops TensorFlow from taking all GPU memory; op determinism plus one seed for
    Python, NumPy and TensorFlow makes a rerun on the same hardware give identical results.
    """
    import keras
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    gpus = tf.config.list_physical_devices("GPU")
    for gpu in gpus:
        tf.config.experimental.set_memory_growth(gpu, True)
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    if gpus:
        names = [tf.config.experimental.get_device_details(g).get("device_name", g.name) for g in gpus]
        device = f"training on GPU: {', '.join(names)}"
    else:
        device = f"training on CPU ({threads} threads): no GPU visible to TensorFlow"
    log.info(device)
    return device
