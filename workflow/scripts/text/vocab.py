"""Rule vocab: fit the Keras-style tokenizer on the training split only."""

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.pipeline.jobs import job_log
from memotion_gmm.text.tokenizer import WordTokenizer

with job_log(snakemake) as log:
    memes = read_parquet(snakemake.input.memes, columns=["split", "text"])
    tokenizer = WordTokenizer(**snakemake.params.tokenizer).fit(memes.loc[memes["split"] == "train", "text"])
    tokenizer.to_json(snakemake.output.vocab)
    log.info("vocabulary: %d words, vocab_size %d", len(tokenizer.word_index), tokenizer.vocab_size)
