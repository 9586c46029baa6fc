"""Tests for analysis.corpus: input reading, engines, partitions, resume and status."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import corpus
from analysis.errors import MawaqifError
from analysis.parse import parse

CORPUS = Path(__file__).parent / "corpus"
OK_IDS = ["a001", "a002", "a003", "a005", "a006", "a007", "a008", "seed_000"]

NEWS = [
    "قالت وزارة الدفاع التونسية إن الولايات المتحدة شريك رئيسي في دعم الجيش التونسي.",
    "واتهمت روسيا الولايات المتحدة بعرقلة الحل السياسي في ليبيا.",
    "وحذرت فرنسا من أن الوضع في ليبيا ينذر بخطر كبير.",
]


def _tables_without_partition(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    out = dict(tables)
    out["status"] = tables["status"].drop(columns=["partition", "resumed"], errors="ignore")
    return out


def _assert_same_tables(left: dict, right: dict) -> None:
    for name in [*corpus.TABLES, "status"]:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    out = tmp_path_factory.mktemp("local") / "out"
    status = corpus.run_corpus(CORPUS, out, workers=2, partition_size=3, progress=False)
    return status, out


# --------------------------------------------------------------------------- input


def test_iter_articles_metadata_order_and_dates():
    tasks = list(corpus.iter_articles(CORPUS))
    assert [t.article_id for t in tasks][:4] == ["seed_000", "a001", "a002", "a004"]
    assert len(tasks) == 9
    undated = next(t for t in tasks if t.article_id == "a007")
    assert undated.date == "" and undated.note == "no date"
    assert tasks[1].date == "2020-06-03" and tasks[1].source == "outlet_a"


def test_iter_articles_folder_without_metadata(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(NEWS[1], encoding="utf-8")
    (tmp_path / "one.txt").write_text(NEWS[0], encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(NEWS[2], encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    ids = [t.article_id for t in corpus.iter_articles(tmp_path)]
    assert ids == ["b/two", "one"]


def test_iter_articles_metadata_adds_unlisted_files(tmp_path):
    (tmp_path / "listed.txt").write_text(NEWS[0], encoding="utf-8")
    (tmp_path / "extra.txt").write_text(NEWS[1], encoding="utf-8")
    (tmp_path / "articles.csv").write_text(
        "article_id,path,date\nx1,listed.txt,2021-02-03\n", encoding="utf-8"
    )
    tasks = list(corpus.iter_articles(tmp_path))
    assert [(t.article_id, t.date) for t in tasks] == [("x1", "2021-02-03"), ("extra", "")]


def test_iter_articles_jsonl_text_bad_line_and_duplicate_id(tmp_path):
    lines = [
        json.dumps({"article_id": "j1", "text": NEWS[0], "date": "2021-01-05T08:00:00"}),
        "{not json",
        json.dumps({"article_id": "j1", "text": NEWS[1], "date": "05/01/2021"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tasks = list(corpus.iter_articles(path))
    assert [t.article_id for t in tasks] == ["j1", "feed_000002", "j1__2"]
    assert tasks[0].date == "2021-01-05"
    assert tasks[1].error.startswith("bad JSONL line 2")
    assert "duplicate article_id renamed" in tasks[2].note
    assert "unreadable date" in tasks[2].note


def test_iter_articles_missing_input_raises(tmp_path):
    with pytest.raises(MawaqifError, match="no such corpus input"):
        list(corpus.iter_articles(tmp_path / "nope"))


def test_article_key_depends_on_text_and_lexicon():
    assert corpus.article_key("abc", "1") == corpus.article_key("abc", "1")
    assert corpus.article_key("abc", "1") != corpus.article_key("abd", "1")
    assert corpus.article_key("abc", "1") != corpus.article_key("abc", "2")


# --------------------------------------------------------------------------- runs


def test_run_corpus_reports_corrupt_article_and_processes_rest(local_run):
    status, out = local_run
    by_id = status.set_index("article_id")
    assert by_id.loc["a004", "status"] == "error"
    assert "binary" in by_id.loc["a004", "reason"]
    assert sorted(status.loc[status["status"] == "ok", "article_id"]) == OK_IDS
    sentences = corpus.read_table(out, "sentences")
    assert sorted(sentences["article_id"].unique()) == OK_IDS
    assert not by_id.loc["a007", "dated"] and by_id.loc["seed_000", "dated"]


def test_run_corpus_rows_match_single_article_parse(local_run):
    _, out = local_run
    tables = corpus.read_corpus(out)
    single = parse(CORPUS / "001_us_accuses_russia.txt", date="2020-06-03")
    for name in corpus.TABLES:
        rows = tables[name][tables[name]["article_id"] == "a001"].drop(columns="article_id")
        expected = getattr(single, name)[list(corpus.TABLE_COLUMNS[name])]
        assert len(rows) == len(expected), name
        for column in expected.columns:
            got = rows[column].astype(object).where(rows[column].notna(), "").astype(str).tolist()
            want = expected[column].astype(object).where(expected[column].notna(), "")
            want = want.astype(str).tolist()
            if corpus.TABLE_COLUMNS[name][column] == "float":
                got = [f"{float(v):.6f}" if v else "" for v in got]
                want = [f"{float(v):.6f}" if v else "" for v in want]
            assert got == want, (name, column)


def test_run_corpus_writes_partitions_and_manifest(local_run):
    status, out = local_run
    assert sorted(p.name for p in (out / "manifest").glob("*.json")) == [
        "part-00000.json",
        "part-00001.json",
        "part-00002.json",
    ]
    assert sorted(status["partition"].unique().tolist()) == [0, 1, 2]
    stored = pd.read_parquet(out / "status.parquet")
    assert len(stored) == 9 and stored["article_id"].is_unique


def test_run_corpus_local_and_dask_identical(local_run, tmp_path):
    pytest.importorskip("dask.distributed")
    _, local_out = local_run
    status = corpus.run_corpus(
        CORPUS, tmp_path / "dask", engine="dask", workers=2, partition_size=3, progress=False
    )
    assert (status["status"] == "ok").sum() == len(OK_IDS)
    local = corpus.read_corpus(local_out)
    dask = corpus.read_corpus(tmp_path / "dask")
    _assert_same_tables(local, dask)


def test_run_corpus_serial_matches_collect_corpus(local_run):
    _, out = local_run
    stored = _tables_without_partition(corpus.read_corpus(out))
    memory = _tables_without_partition(corpus.collect_corpus(CORPUS))
    _assert_same_tables(stored, memory)


def test_run_corpus_resumes_after_interruption(tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_write = corpus._Store.write_partition
    calls = []

    def failing_write(self, results):
        calls.append(len(results))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_write(self, results)

    monkeypatch.setattr(corpus._Store, "write_partition", failing_write)
    with pytest.raises(KeyboardInterrupt):
        corpus.run_corpus(CORPUS, out, workers=1, partition_size=2, progress=False)
    monkeypatch.setattr(corpus._Store, "write_partition", real_write)
    status = corpus.run_corpus(CORPUS, out, workers=1, partition_size=2, progress=False)
    assert len(status) == 9
    assert sorted(status.loc[status["resumed"], "article_id"]) == ["a001", "seed_000"]
    tables = corpus.read_corpus(out)
    for name, id_column in [("sentences", "sentence_id"), ("mentions", "mention_id")]:
        assert not tables[name].duplicated(["article_id", id_column]).any(), name
    corpus.run_corpus(CORPUS, tmp_path / "full", workers=1, progress=False)
    full = corpus.read_corpus(tmp_path / "full")
    for name in corpus.TABLES:
        key = ["article_id", list(corpus.TABLE_COLUMNS[name])[0]]
        left = tables[name].sort_values(key).reset_index(drop=True)
        right = full[name].sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=name)


def test_run_corpus_crash_before_manifest_leaves_no_orphans(tmp_path, monkeypatch):
    out = tmp_path / "out"
    real = corpus._atomic_write_text

    def crash(path, text):
        if path.name == "part-00001.json":
            raise OSError("disk gone")
        real(path, text)

    monkeypatch.setattr(corpus, "_atomic_write_text", crash)
    with pytest.raises(OSError):
        corpus.run_corpus(CORPUS, out, workers=1, partition_size=4, progress=False)
    assert (out / "sentences" / "part-00001.parquet").exists()
    monkeypatch.setattr(corpus, "_atomic_write_text", real)
    status = corpus.run_corpus(CORPUS, out, workers=1, partition_size=4, progress=False)
    assert int(status["resumed"].sum()) == 4
    sentences = corpus.read_table(out, "sentences")
    assert not sentences.duplicated(["article_id", "sentence_id"]).any()
    assert sorted(sentences["article_id"].unique()) == OK_IDS


def test_run_corpus_redoes_changed_text_without_duplicates(tmp_path):
    source = tmp_path / "in"
    shutil.copytree(CORPUS, source)
    out = tmp_path / "out"
    corpus.run_corpus(source, out, workers=1, progress=False)
    target = source / "005_tunisia_us_cooperation.txt"
    target.chmod(0o644)
    target.write_text(NEWS[1], encoding="utf-8")
    status = corpus.run_corpus(source, out, workers=1, progress=False).set_index("article_id")
    assert not status.loc["a005", "resumed"]
    assert status.drop(index="a005")["resumed"].all()
    sentences = corpus.read_table(out, "sentences")
    assert sentences.loc[sentences["article_id"] == "a005", "text"].tolist() == [NEWS[1]]
    assert not sentences.duplicated(["article_id", "sentence_id"]).any()


def test_run_corpus_jsonl_reports_empty_and_non_arabic(tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"article_id": "ok", "text": NEWS[0] + "\n" + NEWS[1], "date": "2021-03-01"},
        {"article_id": "empty", "text": "   \n  "},
        {"article_id": "latin", "text": "Only English words here.\nNothing else."},
        {"article_id": "nothing"},
    ]
    feed.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    status = corpus.run_corpus(feed, tmp_path / "out", workers=1, progress=False)
    reasons = status.set_index("article_id")["reason"]
    assert status.set_index("article_id").loc["ok", "status"] == "ok"
    assert "empty" in reasons["empty"]
    assert "Arabic" in reasons["latin"]
    assert "neither path nor text" in reasons["nothing"]


def test_run_corpus_internal_error_is_reported_and_retried(tmp_path, monkeypatch):
    module = sys.modules["analysis.parse"]
    real = module.parse

    def broken(source, **kwargs):
        if "005_" in str(source):
            raise RuntimeError("boom")
        return real(source, **kwargs)

    monkeypatch.setattr(module, "parse", broken)
    status = corpus.run_corpus(CORPUS, tmp_path / "out", workers=1, progress=False)
    assert (
        status.set_index("article_id").loc["a005", "reason"] == "internal error: RuntimeError: boom"
    )
    monkeypatch.setattr(module, "parse", real)
    status = corpus.run_corpus(CORPUS, tmp_path / "out", workers=1, progress=False)
    by_id = status.set_index("article_id")
    assert by_id.loc["a005", "status"] == "ok" and not by_id.loc["a005", "resumed"]
    assert by_id.loc["a004", "resumed"]


def test_run_corpus_csv_matches_parquet(local_run, tmp_path):
    _, out = local_run
    written = corpus.write_csv(out)
    assert [p.name for p in written][:2] == ["sentences.csv", "actors.csv"]
    frame = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["article_id", *corpus.TABLE_COLUMNS["mentions"]]
    assert len(frame) == len(corpus.read_table(out, "mentions"))


def test_run_corpus_unknown_engine_raises(tmp_path):
    with pytest.raises(MawaqifError, match="unknown engine"):
        corpus.run_corpus(CORPUS, tmp_path / "out", engine="spark")


def test_read_corpus_not_an_output_folder_raises(tmp_path):
    with pytest.raises(MawaqifError, match="not a corpus output"):
        corpus.read_corpus(tmp_path)


def test_configure_parser_runs_corpus_command(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    corpus.configure_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["corpus", str(CORPUS), "--out", str(tmp_path / "out"), "--workers", "1", "--csv"]
    )
    assert args.func(args) == 0
    captured = capsys.readouterr()
    assert "9 articles" in captured.out and "8 ok, 1 error" in captured.out
    assert "a004: binary data" in captured.err
    assert (tmp_path / "out" / "stances.csv").exists()


def test_configure_parser_scheduler_needs_dask(tmp_path):
    parser = argparse.ArgumentParser()
    corpus.configure_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["corpus", str(CORPUS), "--out", str(tmp_path), "--scheduler", "tcp://x:1"]
    )
    with pytest.raises(MawaqifError, match="--engine dask"):
        args.func(args)
