"""Shared fixtures: quiet TensorFlow, and small files made on the fly."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
