"""memotion-gmm: the logic behind the Snakemake workflow (every rule is thin glue over this package).

One subpackage per stage, in the order the DAG runs them; a module imports only from its own
subpackage and from those listed before it (``tests/unit/test_layout.py`` checks this):

- ``core``: what every stage shares: errors, the task definition (labels as data), cached files.
- ``data``: raw CSVs and images to one table of memes: sources, cleaning, image decoding, duplicate
  groups, split carving, the overlap audit, image arrays, the demo dataset.
- ``text``: the Keras-style tokenizer, token-id sequences, sentence embeddings.
- ``resampling``: class-imbalance remedies in a space (token ids, embeddings, image features): the
  paper's per-class GMMs, imbalanced-learn's samplers, class weights.
- ``models``: what each architecture reads, the Keras builders, batching inputs, one training run,
  image features of a trained CNN-I.
- ``evaluation``: scores, chance baselines, bootstrap intervals and paired tests, Table 1, the
  imbalance study, scores on unseen memes, figures.
- ``pipeline``: Snakemake plumbing: config validation, job logging and the orphan watchdog,
  recovery after a killed run.
"""
