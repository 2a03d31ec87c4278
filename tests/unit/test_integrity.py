"""Outputs damaged after their job finished are found at the next run and removed to be remade."""

import os

import pytest
from memotion_gmm.pipeline import integrity


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _output(path: str, data: bytes) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def test_a_truncated_output_is_removed_with_what_was_made_from_it(workdir):
    gmm = _output("results/gmm/neutral.npz", b"PK" + bytes(500))
    samples = _output("results/gmm/neutral.samples.parquet", b"PAR1" + bytes(30))
    balanced = _output("results/gmm/balanced_train.parquet", b"PAR1" + bytes(40))
    report = _output("results/report/table1.csv", b"a,b\n1,2\n")
    vocab = _output("results/text/vocab.json", b"{}")
    integrity.record_outputs([vocab], ["results/prepare/memes.parquet"], "vocab")
    integrity.record_outputs([gmm, samples], [vocab], "gmm_fit")
    integrity.record_outputs([balanced], [samples], "balance")
    integrity.record_outputs([report], [balanced, vocab], "report")
    assert integrity.find_damaged() == ([], [])

    with open(gmm, "r+b") as handle:
        handle.truncate(100)
    messages = integrity.remove_damaged(dry_run=True)  # a dry run only says so
    assert messages[0] == (
        f"{gmm}: 100 bytes instead of 502 since rule gmm_fit wrote it; the next run (without -n) removes "
        "and remakes it"
    )
    assert all(os.path.exists(p) for p in (gmm, samples, balanced, report))

    # Snakemake remakes a missing intermediate only where a result downstream is missing too
    first, also = integrity.remove_damaged(dry_run=False)
    assert first.endswith("since rule gmm_fit wrote it: removed, rule gmm_fit remakes it")
    assert (
        also == f"removed too, to be remade: what was made with or from them: {balanced}, {samples}, {report}"
    )
    assert [os.path.exists(p) for p in (gmm, samples, balanced, report, vocab)] == [False] * 4 + [True]
    assert integrity.find_damaged() == ([], [])


def test_garbage_of_the_same_size_is_found_and_a_touch_is_not(workdir):
    model = _output("results/runs/x/seed1/model.keras", b"PK\x03\x04" + bytes(60))
    integrity.record_outputs([model], [], "train")
    os.utime(model, ns=(1, 1))  # touched only: the same bytes
    assert integrity.find_damaged() == ([], [])
    _output(model, b"garbage!" * 8)
    (damage,), doomed = integrity.find_damaged()
    assert (damage.path, damage.rule, damage.reason, doomed) == (model, "train", "content changed", [model])


def test_a_damaged_file_in_an_output_folder_removes_the_folder(workdir):
    folder = "data/images"
    for name in ("a.jpg", "b.jpg"):
        _output(f"{folder}/{name}", b"\xff\xd8" + bytes(40))
    integrity.record_outputs([folder], [], "demo_dataset")
    _output(f"{folder}/b.jpg", b"\xff\xd8")
    message, also = integrity.remove_damaged(dry_run=False)
    assert message.startswith(f"{folder}/b.jpg: 2 bytes instead of 42") and also.endswith(folder)
    assert not os.path.exists(folder)


def test_records_of_removed_files_and_unreadable_records_are_forgotten(workdir):
    path = _output("results/text/vocab.json", b"{}")
    integrity.record_outputs([path, "results/never_written.json"], [], "vocab")
    (integrity.RECORDS / "old.json").write_text('{"path": "x"}')  # a record without its fields
    os.remove(path)
    assert integrity.find_damaged() == ([], []) and not any(integrity.RECORDS.iterdir())


@pytest.mark.parametrize(
    "argv, runs",
    [
        (["--cores", "2"], True),
        (["-c2", "results/report/table1.md"], True),
        (["-n"], False),
        (["-np", "--cores", "1"], False),
        (["--dry-run"], False),
        (["--summary"], False),
        (["--touch"], False),
        (["--lint"], False),
    ],
)
def test_only_a_run_that_executes_jobs_removes_files(argv, runs):
    assert integrity.runs_jobs(argv) is runs
