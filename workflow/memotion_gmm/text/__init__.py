"""Texts to model inputs: the Keras-Tokenizer-equivalent vocabulary (fitted on training texts only),
padded token-id sequences per split, and sentence embeddings from wordllama's bundled vectors."""
