"""Tests for analysis.corpus: input reading, engines, partitions, resume and status."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis import arrow, corpus, engines, store, worker
from analysis.errors import MawaqifError
from analysis.pipeline import parse

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


# --------------------------------------------------------------------------- worker


def _frames(text: str) -> dict[str, pd.DataFrame]:
    parsed = parse(text)
    return {name: getattr(parsed, name) for name in corpus.TABLES}


def test_partitions_keep_order_and_split_the_tail():
    cut = list(corpus.partitions(range(40), 8))
    assert [len(p) for p in cut] == [8, 8, 8] + [2] * 8
    assert [x for p in cut for x in p] == list(range(40))
    assert [len(p) for p in corpus.partitions(range(23), 4)] == [4, 4, 4] + [1] * 11
    assert list(corpus.partitions([], 5)) == []


def test_ordered_bounds_tasks_in_flight_and_keeps_order():
    in_flight: list = []
    seen: list[int] = []

    class Pending:
        def __init__(self, value: int) -> None:
            self.value = value
            in_flight.append(self)

        def result(self) -> int:
            in_flight.remove(self)
            return self.value

    def submit(batch):
        pending = Pending(batch[0] * 10)
        seen.append(len(in_flight))
        return pending

    out = list(engines.ordered(submit, [[i] for i in range(7)], window=3))
    assert out == [i * 10 for i in range(7)]
    assert max(seen) == 3 and not in_flight


def test_frames_to_arrow_matches_per_article_conversion():
    first, second = _frames(NEWS[0]), _frames(NEWS[1] + "\n" + NEWS[2])
    odd = second["stances"].copy()
    odd["statement_id"] = pd.Series([""] * len(odd), dtype=object)  # narrator rows as text
    assert len(odd) and len(first["stances"])
    cases = {
        "mentions": [("x", first["mentions"]), ("y", second["mentions"])],
        "stances": [("x", first["stances"]), ("e", first["stances"].iloc[:0]), ("y", odd)],
    }
    for name, frames in cases.items():
        batch = arrow.frames_to_arrow(name, frames)
        pieces = [corpus.to_arrow(name, frame, aid) for aid, frame in frames]
        expected = arrow.concat_tables(pieces, corpus.table_schema(name))
        assert batch.schema == corpus.table_schema(name)
        assert batch.equals(expected), name
    stances = arrow.frames_to_arrow("stances", cases["stances"]).to_pydict()
    assert stances["statement_id"][-len(odd) :] == [None] * len(odd)
    assert arrow.frames_to_arrow("actors", []).num_rows == 0


def test_frames_to_arrow_frame_without_contract_column_keeps_extras():
    frame = pd.DataFrame({"actor_id": ["usa"], "mention_count": [2], "extra": [1.5]})
    table = arrow.frames_to_arrow("actors", [("a", frame)])
    assert table.column_names[:2] == ["article_id", "actor_id"]
    assert table.column("extra").to_pylist() == ["1.5"]
    assert table.column("name_en").to_pylist() == [None]


def test_process_partition_reports_bad_article_and_encodes_tables():
    tasks = [
        corpus.ArticleTask(article_id="t1", text=NEWS[0], date="2021-01-02"),
        corpus.ArticleTask(article_id="t2", error="bad JSONL line 2: x"),
        corpus.ArticleTask(article_id="t3", text="Only English words here."),
        corpus.ArticleTask(article_id="t4", text=NEWS[1]),
    ]
    statuses, files = corpus.process_partition(tasks)
    assert [s["article_id"] for s in statuses] == ["t1", "t2", "t3", "t4"]
    assert [s["status"] for s in statuses] == ["ok", "error", "error", "ok"]
    assert statuses[0]["content_hash"] == hashlib.sha256(NEWS[0].encode()).hexdigest()
    assert statuses[0]["key"] and not statuses[1]["key"]
    assert sorted(files) == sorted(corpus.TABLES)
    mentions = pq.read_table(pa.BufferReader(files["mentions"]))
    assert mentions.schema == corpus.table_schema("mentions")
    assert sorted(set(mentions.column("article_id").to_pylist())) == ["t1", "t4"]
    assert mentions.num_rows == statuses[0]["n_mentions"] + statuses[3]["n_mentions"]


def test_pool_worker_init_uses_parent_lexicon_when_versions_differ(monkeypatch):
    import gc
    import pickle
    from types import SimpleNamespace

    real = corpus.worker_lexicon(None)
    monkeypatch.setattr(gc, "freeze", lambda: None)
    stale = SimpleNamespace(version="stale")
    monkeypatch.setattr(worker, "_LEXICONS", {None: stale})
    worker.pool_worker_init(None, str(real.version), pickle.dumps(real))
    assert worker._LEXICONS[None].version == real.version
    assert worker._LEXICONS[None] is not stale
    monkeypatch.setattr(worker, "_LEXICONS", {None: real})
    worker.pool_worker_init(None, str(real.version), b"not read when versions match")
    assert worker._LEXICONS[None] is real


def test_process_partition_key_names_the_worker_lexicon():
    digest = hashlib.sha256(NEWS[0].encode()).hexdigest()
    task = corpus.ArticleTask(article_id="k", text=NEWS[0], content_hash=digest, key="from_parent")
    statuses, _ = corpus.process_partition([task])
    assert statuses[0]["key"] == corpus.article_key(digest, corpus.lexicon_version(None))


def test_batch_tables_unconvertible_article_becomes_internal_error(monkeypatch):
    results = [
        (worker.status_row(corpus.ArticleTask(article_id=aid)), _frames(text))
        for aid, text in [("a", NEWS[0]), ("bad", NEWS[1]), ("c", NEWS[2])]
    ]
    real = worker.to_arrow

    def fails_for_bad(name, frame, article_id):
        if article_id == "bad":
            raise ValueError("cannot convert")
        return real(name, frame, article_id)

    def batch_fails(name, frames):
        raise ValueError("batch")

    monkeypatch.setattr(worker, "frames_to_arrow", batch_fails)
    monkeypatch.setattr(worker, "to_arrow", fails_for_bad)
    tables = worker.batch_tables(results)
    status = {s["article_id"]: s for s, _ in results}
    assert status["bad"]["reason"] == "internal error: ValueError: cannot convert"
    assert status["bad"]["n_mentions"] == 0 and status["a"]["status"] == "ok"
    assert sorted(set(tables["mentions"].column("article_id").to_pylist())) == ["a", "c"]


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
    raw = (CORPUS / "001_us_accuses_russia.txt").read_bytes()
    assert by_id.loc["a001", "content_hash"] == hashlib.sha256(raw).hexdigest()


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
    manifests = sorted((out / "manifest").glob("*.json"))
    sizes = [len(json.loads(p.read_text(encoding="utf-8"))["articles"]) for p in manifests]
    assert sizes == [3, 1, 1, 1, 1, 1, 1]  # partition_size=3: the last 6 in small partitions
    assert sorted(status["partition"].unique().tolist()) == list(range(7))
    for table in [*corpus.TABLES, "status"]:
        assert len(list((out / table).glob("part-*.parquet"))) == 7, table
    assert not list(out.rglob("*.tmp"))
    stored = pd.read_parquet(out / "status.parquet")
    assert len(stored) == 9 and stored["article_id"].is_unique
    assert status.attrs["workers"] == 2


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


@pytest.mark.parametrize("workers", [1, 2])
def test_run_corpus_resumes_after_interruption(tmp_path, monkeypatch, workers):
    out = tmp_path / "out"
    real_write = corpus.Store.write_partition
    calls = []

    def failing_write(self, statuses, files):
        calls.append(len(statuses))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_write(self, statuses, files)

    monkeypatch.setattr(corpus.Store, "write_partition", failing_write)
    with pytest.raises(KeyboardInterrupt):
        corpus.run_corpus(CORPUS, out, workers=workers, partition_size=2, progress=False)
    monkeypatch.setattr(corpus.Store, "write_partition", real_write)
    status = corpus.run_corpus(CORPUS, out, workers=workers, partition_size=2, progress=False)
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
    real = store.atomic_write_text

    def crash(path, text):
        if path.name == "part-00001.json":
            raise OSError("disk gone")
        real(path, text)

    monkeypatch.setattr(store, "atomic_write_text", crash)
    with pytest.raises(OSError):
        corpus.run_corpus(CORPUS, out, workers=1, partition_size=3, progress=False)
    assert (out / "sentences" / "part-00001.parquet").exists()
    monkeypatch.setattr(store, "atomic_write_text", real)
    status = corpus.run_corpus(CORPUS, out, workers=1, partition_size=3, progress=False)
    assert int(status["resumed"].sum()) == 3
    assert not list(out.rglob("*.tmp"))
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
    module = sys.modules["analysis.pipeline"]
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
