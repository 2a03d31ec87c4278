"""Keras set-up for one training job: threads, GPU memory, seeds and determinism.

TensorFlow is the workflow's backend; the JAX and PyTorch backends of Keras 3
(``KERAS_BACKEND=jax|torch``) are supported for machines that have those instead.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)


def configure_backend(seed: int, threads: int) -> str:
    """Configure the Keras backend before any op runs; returns a line saying which device trains.

    GPU memory is taken as needed, never all at once (TensorFlow memory growth, JAX without
    preallocation); one seed covers Python, NumPy and the backend, and TensorFlow's deterministic
    ops make a rerun on the same hardware give identical results.
    """
    os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
        gpus = tf.config.list_physical_devices("GPU")
        for gpu in gpus:
            tf.config.experimental.set_memory_growth(gpu, True)
        names = [tf.config.experimental.get_device_details(g).get("device_name", g.name) for g in gpus]
    elif backend == "jax":
        import jax

        names = [str(d.device_kind) for d in jax.devices() if d.platform == "gpu"]
    else:
        import torch

        torch.set_num_threads(threads)
        names = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    seed_everything(seed)
    if names:
        device = f"training on GPU ({backend}): {', '.join(names)}"
    else:
        device = f"training on CPU ({backend}, {threads} threads): no GPU visible"
    log.info(device)
    return device


def seed_everything(seed: int) -> None:
    """One seed for Python, NumPy and the Keras backend; TensorFlow's ops made deterministic."""
    import keras

    keras.utils.set_random_seed(seed)
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
