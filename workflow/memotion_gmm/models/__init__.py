"""Models and training: what each architecture reads (a registry free of Keras, for DAG-build time),
the Keras builders, loading and batching a split's inputs, one (variant, seed) training run, the
backend set-up, and penultimate-layer image features of a trained CNN-I."""
