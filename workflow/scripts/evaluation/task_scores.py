"""Rule task_scores: a task's score (each problem's macro F1, averaged) per variant and split, with
intervals, chance rows and the SemEval-2020 top where the dataset is Memotion 7k."""

from memotion_gmm.core.artifacts import read_parquet
from memotion_gmm.evaluation.tables import to_markdown
from memotion_gmm.evaluation.task_scores import (
    OFFICIAL_TEST_MEMES,
    chance_interval,
    published_note,
    score_rows,
    scores_table,
)
from memotion_gmm.pipeline.jobs import job_log

with job_log(snakemake) as log:
    p = snakemake.params
    inputs = dict(snakemake.input.items())
    memes, predictions = {}, {}
    for problem in p.problems:
        memes[problem] = read_parquet(inputs[f"{problem}/memes"], columns=["meme_id", "split", "label"])
        paths = iter(inputs[f"{problem}/predictions"])  # variant, then seed
        predictions[problem] = {
            v: [read_parquet(next(paths), columns=["split", "meme_id", "prediction"]) for _ in p.seeds]
            for v in p.variants
        }
    rows = score_rows(memes, predictions, p.problems, list(p.seeds), p.splits, dict(p.settings))
    rows.to_csv(snakemake.output.csv, index=False)
    table, note = scores_table(rows, dict(p.variants), dict(p.data), list(p.problems), p.title)
    if p.published is not None:
        shares = {}
        for problem, classes in p.problems.items():
            train = memes[problem].loc[memes[problem]["split"] == "train", "label"].dropna()
            shares[problem] = train.value_counts(normalize=True).reindex(classes, fill_value=0).to_numpy()
        settings = {k: p.settings[k] for k in ("resamples", "seed", "confidence")}
        note += " " + published_note(
            p.title, p.published, chance_interval(shares, OFFICIAL_TEST_MEMES, **settings)
        )
    with open(snakemake.output.md, "w") as fh:
        fh.write(f"## {p.title}\n\n" + to_markdown(table) + f"\n{note}\n")
    log.info("\n%s\n%s", to_markdown(table), note)
