"""Rule train: one (variant, seed) run: fit, save model and history, predict every split."""

import json
import time

import pandas as pd
from memotion_gmm.runtime import configure_backend
from memotion_gmm.smk import job_log

with job_log(snakemake) as log:
    start = time.perf_counter()
    seed = int(snakemake.wildcards.seed)
    device = configure_backend(seed, snakemake.threads)

    from memotion_gmm.models import build_model
    from memotion_gmm.pipeline import load_balanced, load_split
    from memotion_gmm.tokenizer import WordTokenizer
    from memotion_gmm.training import fit, predict

    p, files = snakemake.params, dict(snakemake.input.items())
    memes = pd.read_parquet(files["memes"])

    def split_inputs(split):
        return load_split(split, memes, files.get(f"tokens_{split}"), files.get(f"images_{split}"))

    balanced = files.get("tokens_train", "").endswith("balanced_train.parquet")
    train = load_balanced(files["tokens_train"]) if balanced else split_inputs("train")
    uses_images = p.image_size is not None
    missing = {
        s: "no images for this split" for s in p.eval_splits if uses_images and f"images_{s}" not in files
    }
    evals = {s: split_inputs(s) for s in p.eval_splits if s not in missing}
    dims = {}
    if "vocab" in files:
        dims = {
            "vocab_size": WordTokenizer.from_json(files["vocab"]).vocab_size,
            "max_len": train.inputs["tokens"].shape[1],
        }
    model = build_model(p.model, image_size=p.image_size, **dims, **p.sizes)
    model.summary(print_fn=log.info)
    setup_seconds = time.perf_counter() - start

    history = fit(model, train, evals.get("valid"), seed=seed, **p.fit)
    model.save(snakemake.output.model)
    history.to_csv(snakemake.output.history, index=False)
    predictions = pd.concat(
        [predict(model, split, p.fit["batch_size"]) for split in evals.values()], ignore_index=True
    )
    predictions.to_parquet(snakemake.output.predictions, index=False)
    run = {
        "variant": snakemake.wildcards.variant,
        "seed": seed,
        "device": device,
        "train_rows": len(train),
        "parameters": int(model.count_params()),
        "missing_splits": missing,
        "setup_seconds": round(setup_seconds, 2),
        "train_seconds": round(float(history["seconds"].sum()), 2),
        "total_seconds": round(time.perf_counter() - start, 2),
    }
    with open(snakemake.output.run, "w") as fh:
        json.dump(run, fh, indent=1)
    log.info("done: %s", run)
