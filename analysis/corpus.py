"""Many articles at once: ``python -m analysis corpus INPUT --out DIR``.

The single-article :func:`analysis.parse.parse` runs over every article of a
corpus, on all local cores (a process pool) or on Dask. Results are streamed
into Parquet partitions, one file per table and partition::

    DIR/sentences/part-00000.parquet   DIR/status/part-00000.parquet
    DIR/actors/part-00000.parquet      DIR/manifest/part-00000.json
    DIR/mentions/...  DIR/statements/...  DIR/stances/...
    DIR/status.parquet                 (merged status, one row per article)
    DIR/<table>.csv                    (merged CSV, only when asked)

Each table directory reads as one merged table (``pandas.read_parquet`` or
:func:`read_corpus`); every row carries its ``article_id``. A partition counts
only once its manifest is written (atomically, after its Parquet files), so an
interrupted run resumes where it stopped: an article is skipped when the same
``article_id`` was already done with the same key, the SHA-256 of its raw
bytes (or of its JSONL text encoded UTF-8) together with the lexicon and
package versions.

Input is a folder of ``.txt`` files (searched recursively) with an optional
``articles.csv`` or ``articles.jsonl`` giving ``article_id``, ``path`` or
``text``, ``date``, ``source``, ``url`` and ``title``; or such a CSV/JSONL
file itself. Articles without a usable date are kept and flagged
(``dated`` is false in the status table).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .errors import MawaqifError

TABLES = ("sentences", "actors", "mentions", "statements", "stances")
"""The per-article tables, in the order they are written."""

# Column types of the merged tables (``article_id`` first, then DESIGN.md's
# columns). Columns a later parse adds are kept as strings.
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "sentences": {
        "sentence_id": "int",
        "paragraph_id": "int",
        "role": "str",
        "start": "int",
        "end": "int",
        "text": "str",
    },
    "actors": {
        "actor_id": "str",
        "name_en": "str",
        "name_ar": "str",
        "actor_type": "str",
        "country_code": "str",
        "parent_id": "str",
        "mention_count": "int",
    },
    "mentions": {
        "mention_id": "int",
        "actor_id": "str",
        "sentence_id": "int",
        "start": "int",
        "end": "int",
        "surface": "str",
        "method": "str",
        "confidence": "float",
    },
    "statements": {
        "statement_id": "int",
        "sentence_id": "int",
        "start": "int",
        "end": "int",
        "speaker_id": "str",
        "verb": "str",
        "act": "str",
        "plover_type": "str",
        "quote": "str",
        "quote_kind": "str",
        "target_ids": "str",
        "date": "str",
        "responds_to": "int",
        "confidence": "float",
    },
    "stances": {
        "stance_id": "int",
        "statement_id": "int",
        "source_id": "str",
        "target_id": "str",
        "polarity": "str",
        "sentence_id": "int",
        "start": "int",
        "end": "int",
        "basis": "str",
    },
}

STATUS_COLUMNS: dict[str, str] = {
    "article_id": "str",
    "status": "str",
    "reason": "str",
    "note": "str",
    "date": "str",
    "dated": "bool",
    "source": "str",
    "url": "str",
    "title": "str",
    "path": "str",
    "content_hash": "str",
    "key": "str",
    "encoding": "str",
    "n_sentences": "int",
    "n_actors": "int",
    "n_mentions": "int",
    "n_statements": "int",
    "n_stances": "int",
    "partition": "int",
}
"""Per-article status: ``status`` is ``ok`` or ``error`` and ``reason`` says why."""

METADATA_NAMES = ("articles.csv", "articles.jsonl")
_PART = re.compile(r"^part-(\d{5,})\.(?:parquet|json)$")


@dataclass(frozen=True)
class ArticleTask:
    """One article to parse: a file path or literal text, plus its metadata."""

    article_id: str
    path: str | None = None
    text: str | None = None
    date: str = ""
    source: str = ""
    url: str = ""
    title: str = ""
    note: str = ""
    content_hash: str = ""
    key: str = ""
    error: str = ""


# --------------------------------------------------------------------------- input


def iter_articles(input_path: str | Path, *, exclude: Path | None = None) -> Iterator[ArticleTask]:
    """Stream the articles of a corpus in a stable order.

    Parameters
    ----------
    input_path
        A folder of ``.txt`` files (recursive, hidden names skipped) with an
        optional ``articles.csv``/``articles.jsonl``, or a ``.csv``/``.jsonl``
        file whose rows give ``path`` (relative to the file) or ``text``.
    exclude
        A folder whose files are never read (the output folder).

    Yields
    ------
    ArticleTask
        Without hash or key; metadata rows first, in file order, then the
        ``.txt`` files no row names, sorted by path. Duplicate ids get a
        ``__2``, ``__3`` ... suffix and a note.
    """
    root = Path(input_path)
    if not root.exists():
        raise MawaqifError(f"no such corpus input: {root}")
    seen: dict[str, int] = {}
    for task in _raw_articles(root, exclude):
        count = seen.get(task.article_id, 0) + 1
        seen[task.article_id] = count
        if count > 1:
            new_id = f"{task.article_id}__{count}"
            task = replace(
                task, article_id=new_id, note=_join(task.note, "duplicate article_id renamed")
            )
        yield task


def _raw_articles(root: Path, exclude: Path | None) -> Iterator[ArticleTask]:
    if root.is_file():
        yield from _metadata_rows(root)
        return
    named: set[str] = set()
    for name in METADATA_NAMES:
        meta = root / name
        if meta.is_file():
            for task in _metadata_rows(meta):
                if task.path:
                    named.add(os.path.realpath(task.path))
                yield task
            break
    excluded = os.path.realpath(exclude) + os.sep if exclude else None
    for path in sorted(root.rglob("*.txt")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        real = os.path.realpath(path)
        if real in named or (excluded and real.startswith(excluded)):
            continue
        yield ArticleTask(article_id=rel.with_suffix("").as_posix(), path=str(path), note="no date")


def _metadata_rows(meta: Path) -> Iterator[ArticleTask]:
    suffix = meta.suffix.lower()
    if suffix == ".csv":
        with meta.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                yield _task_from_row(row, meta, f"{meta.stem}_{number:06d}")
    elif suffix in (".jsonl", ".ndjson"):
        with meta.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                fallback = f"{meta.stem}_{number:06d}"
                try:
                    row = json.loads(line)
                    if not isinstance(row, dict):
                        raise ValueError("not an object")
                except ValueError as exc:
                    yield ArticleTask(article_id=fallback, error=f"bad JSONL line {number}: {exc}")
                    continue
                yield _task_from_row(row, meta, fallback)
    else:
        raise MawaqifError(f"corpus input must be a folder, a .csv or a .jsonl file: {meta}")


def _task_from_row(row: dict[str, Any], meta: Path, fallback_id: str) -> ArticleTask:
    def field(name: str) -> str:
        value = row.get(name)
        return "" if value is None else str(value).strip()

    article_id = field("article_id") or fallback_id
    text = row.get("text")
    path = field("path")
    note = ""
    date, date_note = normalise_date(field("date"))
    note = _join(note, date_note)
    common = dict(
        article_id=article_id,
        date=date,
        source=field("source"),
        url=field("url"),
        title=field("title"),
        note=note,
    )
    if isinstance(text, str) and text != "":
        return ArticleTask(text=text, **common)
    if path:
        full = Path(path) if Path(path).is_absolute() else meta.parent / path
        if article_id == fallback_id:
            common["article_id"] = Path(path).with_suffix("").as_posix()
        return ArticleTask(path=str(full), **common)
    return ArticleTask(error="metadata row has neither path nor text", **common)


def normalise_date(value: str) -> tuple[str, str]:
    """Return ``(YYYY-MM-DD or "", note)`` for a metadata date.

    Accepts ISO dates and ISO date-times (the date part is kept).

    >>> normalise_date("2020-05-30T10:00:00Z")
    ('2020-05-30', '')
    >>> normalise_date("")
    ('', 'no date')
    >>> normalise_date("30/05/2020")
    ('', "unreadable date '30/05/2020' ignored")
    """
    if not value:
        return "", "no date"
    try:
        return dt.date.fromisoformat(value[:10]).isoformat(), ""
    except ValueError:
        return "", f"unreadable date {value!r} ignored"


def _join(*notes: str) -> str:
    return "; ".join(note for note in notes if note)


# --------------------------------------------------------------------------- keys


def content_hash(task: ArticleTask) -> tuple[str, str]:
    """Return ``(sha256 hex, error)`` of the article's raw bytes or UTF-8 text."""
    if task.text is not None:
        return hashlib.sha256(task.text.encode("utf-8", "surrogatepass")).hexdigest(), ""
    if task.path is None:
        return "", task.error or "no text"
    try:
        with open(task.path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256")
    except OSError as exc:
        return "", f"cannot read {task.path}: {exc.strerror or exc}"
    return digest.hexdigest(), ""


def article_key(digest: str, lexicon_version: str) -> str:
    """The resume key: content hash, lexicon version and package version."""
    material = f"{digest}\0{lexicon_version}\0{__version__}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


# --------------------------------------------------------------------------- per article

_LEXICONS: dict[str | None, Any] = {}


def worker_lexicon(lexicon_path: str | None) -> Any:
    """Load the lexicon once per process and keep it."""
    if lexicon_path not in _LEXICONS:
        from .lexicon import load_lexicon

        _LEXICONS[lexicon_path] = load_lexicon(lexicon_path)
    return _LEXICONS[lexicon_path]


def lexicon_version(lexicon_path: str | None) -> str:
    """The version string of the lexicon a run uses."""
    return str(worker_lexicon(lexicon_path).version)


def process_article(task: ArticleTask, lexicon_path: str | None = None) -> tuple[dict, dict]:
    """Parse one article; never raise.

    Returns
    -------
    status, tables
        ``status`` is a dict of :data:`STATUS_COLUMNS` (without ``partition``);
        ``tables`` maps each table name to a :class:`pyarrow.Table` with a
        leading ``article_id`` column (empty when the article failed).
    """
    status = _status_row(task)
    tables: dict = {}
    if task.error:
        status.update(status="error", reason=task.error)
        return status, tables
    try:
        from .parse import parse

        lexicon = worker_lexicon(lexicon_path)
        source: Any = Path(task.path) if task.path is not None else task.text
        parsed = parse(source, date=task.date or None, lexicon=lexicon)
        for name in TABLES:  # contract columns only, as parse's CSV files
            tables[name] = to_arrow(name, getattr(parsed, name), task.article_id)
            status[f"n_{name}"] = tables[name].num_rows
        status["encoding"] = str(getattr(parsed, "encoding", "") or "")
    except MawaqifError as exc:
        status.update(status="error", reason=str(exc).splitlines()[0] if str(exc) else "error")
        return status, {}
    except Exception as exc:  # noqa: BLE001 - one bad article never stops the run
        status.update(status="error", reason=f"internal error: {type(exc).__name__}: {exc}")
        return status, {}
    return status, tables


def process_batch(tasks: list[ArticleTask], lexicon_path: str | None = None) -> list:
    """:func:`process_article` over a list, in order (one task per pool call)."""
    return [process_article(task, lexicon_path) for task in tasks]


def _status_row(task: ArticleTask) -> dict:
    row: dict[str, Any] = {
        "article_id": task.article_id,
        "status": "ok",
        "reason": "",
        "note": task.note,
        "date": task.date,
        "dated": bool(task.date),
        "source": task.source,
        "url": task.url,
        "title": task.title,
        "path": task.path or "",
        "content_hash": task.content_hash,
        "key": task.key,
        "encoding": "",
    }
    row.update({f"n_{name}": 0 for name in TABLES})
    return row


# --------------------------------------------------------------------------- arrow


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}[kind]


@functools.cache
def table_schema(name: str) -> Any:
    """The Arrow schema of a merged table (``status`` included)."""
    import pyarrow as pa

    columns = STATUS_COLUMNS if name == "status" else {"article_id": "str", **TABLE_COLUMNS[name]}
    return pa.schema([(column, _arrow_type(kind)) for column, kind in columns.items()])


@functools.cache
def _body_schema(name: str) -> Any:
    import pyarrow as pa

    return pa.schema(list(table_schema(name))[1:])


def _column(values: pd.Series, kind: str) -> Any:
    import pyarrow as pa

    fast = (
        kind == "str"
        or (kind == "int" and pd.api.types.is_integer_dtype(values.dtype))
        or (kind == "float" and pd.api.types.is_numeric_dtype(values.dtype))
    )
    if fast and not pd.api.types.is_bool_dtype(values.dtype):
        try:
            return pa.array(values, type=_arrow_type(kind), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    if kind in ("int", "float"):
        numbers = pd.to_numeric(values.astype(object).replace("", None), errors="coerce")
        if kind == "int":
            numbers = numbers.astype("Int64")
        return pa.array(numbers, type=_arrow_type(kind), from_pandas=True)
    if kind == "bool":
        return pa.array(values.astype(bool), type=pa.bool_())
    objects = [None if _missing(v) else str(v) for v in values.tolist()]
    return pa.array(objects, type=pa.string())


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def to_arrow(name: str, frame: pd.DataFrame, article_id: str) -> Any:
    """Convert one article's table to Arrow with a leading ``article_id``.

    When every contract column is present, only those are kept (columns the
    parser adds beyond DESIGN.md are dropped, as in ``parse``'s CSV files);
    otherwise missing columns are null and extra ones kept as strings.
    """
    import pyarrow as pa

    spec = TABLE_COLUMNS[name]
    n = len(frame)
    ids = pa.array([article_id] * n, type=pa.string())
    if set(spec) <= set(frame.columns):
        schema = table_schema(name)
        try:  # one C-level conversion when the dtypes already fit
            body = pa.Table.from_pandas(frame, schema=_body_schema(name), preserve_index=False)
            return body.add_column(0, schema.field(0), ids).replace_schema_metadata(None)
        except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, TypeError):
            pass
    arrays = [ids]
    fields = [pa.field("article_id", pa.string())]
    complete = set(spec) <= set(frame.columns)
    extras = [] if complete else [c for c in frame.columns if c not in spec and c != "article_id"]
    for column in [*spec, *extras]:
        kind = spec.get(column, "str")
        if column in frame.columns:
            arrays.append(_column(frame[column].reset_index(drop=True), kind))
        else:
            arrays.append(pa.nulls(n, type=_arrow_type(kind)))
        fields.append(pa.field(str(column), _arrow_type(kind)))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _status_table(rows: list[dict]) -> Any:
    import pyarrow as pa

    frame = pd.DataFrame(rows, columns=list(STATUS_COLUMNS))
    arrays = [_column(frame[c], kind) for c, kind in STATUS_COLUMNS.items()]
    return pa.Table.from_arrays(arrays, schema=table_schema("status"))


# --------------------------------------------------------------------------- output folder


class _Store:
    """The output folder: committed partitions, the done set and atomic writes."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "manifest").mkdir(exist_ok=True)
        self.manifests = self._read_manifests()
        self._clean_orphans()
        self.next_part = max(self.manifests, default=-1) + 1
        self.done: dict[str, tuple[str, int, bool]] = {}
        for part in sorted(self.manifests):
            for entry in self.manifests[part]["articles"]:
                self.done[entry["article_id"]] = (entry["key"], part, entry.get("retry", False))

    def _read_manifests(self) -> dict[int, dict]:
        manifests = {}
        for path in (self.out / "manifest").glob("part-*.json"):
            match = _PART.match(path.name)
            if match:
                manifests[int(match.group(1))] = json.loads(path.read_text(encoding="utf-8"))
        return manifests

    def _clean_orphans(self) -> None:
        """Remove files of partitions that never got a manifest, and temp files."""
        for folder in [*TABLES, "status", "manifest"]:
            directory = self.out / folder
            if not directory.is_dir():
                continue
            for path in directory.iterdir():
                match = _PART.match(path.name)
                if path.name.endswith(".tmp") or (
                    match and int(match.group(1)) not in self.manifests
                ):
                    path.unlink()

    def is_done(self, task: ArticleTask) -> bool:
        entry = self.done.get(task.article_id)
        return entry is not None and entry[0] == task.key and not entry[2]

    def write_partition(self, results: list[tuple[dict, dict]]) -> int:
        part = self.next_part
        self.next_part += 1
        name = f"part-{part:05d}"
        for table in TABLES:
            pieces = [tables[table] for _, tables in results if table in tables]
            data = _concat(pieces, table_schema(table)) if pieces else None
            if data is None:
                data = table_schema(table).empty_table()
            _write_parquet(data, self.out / table / f"{name}.parquet")
        rows = [{**status, "partition": part} for status, _ in results]
        _write_parquet(_status_table(rows), self.out / "status" / f"{name}.parquet")
        manifest = {
            "partition": part,
            "articles": [
                {
                    "article_id": row["article_id"],
                    "key": row["key"],
                    "retry": row["reason"].startswith("internal error"),
                }
                for row in rows
            ],
        }
        _atomic_write_text(self.out / "manifest" / f"{name}.json", json.dumps(manifest))
        self.manifests[part] = manifest
        for row in rows:
            self.done[row["article_id"]] = (row["key"], part, row["reason"].startswith("internal"))
        return part

    def compact(self) -> None:
        """Drop rows of articles that a later partition superseded."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        for part in sorted(self.manifests):
            manifest = self.manifests[part]
            stale = {
                e["article_id"]
                for e in manifest["articles"]
                if self.done.get(e["article_id"], (None, part))[1] != part
            }
            if not stale:
                continue
            name = f"part-{part:05d}"
            value_set = _string_array(sorted(stale))
            for table in [*TABLES, "status"]:
                path = self.out / table / f"{name}.parquet"
                data = pq.read_table(path)
                keep = pc.invert(pc.is_in(data["article_id"], value_set=value_set))
                _write_parquet(data.filter(keep), path)
            manifest = {
                **manifest,
                "articles": [e for e in manifest["articles"] if e["article_id"] not in stale],
            }
            _atomic_write_text(self.out / "manifest" / f"{name}.json", json.dumps(manifest))
            self.manifests[part] = manifest

    def merge_status(self) -> pd.DataFrame:
        frame = read_table(self.out, "status")
        frame = frame.sort_values(["article_id", "partition"], kind="stable")
        frame = frame.drop_duplicates("article_id", keep="last").reset_index(drop=True)
        _write_parquet_frame(frame, self.out / "status.parquet")
        return frame


def _string_array(values: list[str]) -> Any:
    import pyarrow as pa

    return pa.array(values, type=pa.string())


def _concat(pieces: list, schema: Any) -> Any:
    import pyarrow as pa

    extras = []
    for piece in pieces:
        extras += [f for f in piece.schema if f.name not in schema.names and f not in extras]
    full = pa.schema([*schema, *extras])
    aligned = []
    for piece in pieces:
        columns = [
            piece[f.name] if f.name in piece.schema.names else pa.nulls(piece.num_rows, f.type)
            for f in full
        ]
        aligned.append(pa.Table.from_arrays(columns, schema=full))
    return pa.concat_tables(aligned)


def _write_parquet(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _write_parquet_frame(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa

    _write_parquet(pa.Table.from_pandas(frame, preserve_index=False), path)


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# --------------------------------------------------------------------------- reading results


def _to_pandas(table: Any) -> pd.DataFrame:
    import pyarrow as pa

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)


def read_table(out_dir: str | Path, name: str, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read one merged table of a corpus output folder, in partition order.

    Parameters
    ----------
    out_dir
        The ``--out`` folder of a corpus run.
    name
        One of :data:`TABLES` or ``"status"``.
    columns
        Read only these columns.
    """
    import pyarrow.parquet as pq

    folder = Path(out_dir) / name
    files = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    if not files:
        empty = table_schema(name).empty_table()
        frame = _to_pandas(empty)
        return frame[columns] if columns else frame
    tables = [pq.read_table(path, columns=columns) for path in files]
    return _to_pandas(_concat(tables, tables[0].schema))


def read_corpus(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """All merged tables of a corpus output folder, plus ``status``."""
    out = Path(out_dir)
    if not (out / "manifest").is_dir():
        raise MawaqifError(f"not a corpus output folder (no manifest/): {out}")
    tables = {name: read_table(out, name) for name in TABLES}
    status = read_table(out, "status").sort_values(["article_id", "partition"], kind="stable")
    tables["status"] = status.drop_duplicates("article_id", keep="last").reset_index(drop=True)
    return tables


def collect_corpus(
    input_path: str | Path, *, lexicon_path: str | None = None
) -> dict[str, pd.DataFrame]:
    """Parse a small corpus in this process and return its merged tables.

    Nothing is written; for notebooks and tests. Tables match what
    :func:`run_corpus` writes (partition column in ``status`` is 0).
    """
    version = lexicon_version(lexicon_path)
    results = [
        process_article(_keyed(task, version), lexicon_path) for task in iter_articles(input_path)
    ]
    tables = {}
    for name in TABLES:
        pieces = [t[name] for _, t in results if name in t]
        data = _concat(pieces, table_schema(name)) if pieces else table_schema(name).empty_table()
        tables[name] = _to_pandas(data)
    status = _to_pandas(_status_table([{**s, "partition": 0} for s, _ in results]))
    tables["status"] = status.sort_values("article_id", kind="stable").reset_index(drop=True)
    return tables


def open_corpus(path: str | Path, *, lexicon_path: str | None = None) -> dict[str, pd.DataFrame]:
    """Read a corpus output folder, or parse a (small) corpus input in memory."""
    if (Path(path) / "manifest").is_dir():
        return read_corpus(path)
    return collect_corpus(path, lexicon_path=lexicon_path)


def _keyed(task: ArticleTask, version: str) -> ArticleTask:
    if task.error:
        return task
    digest, error = content_hash(task)
    if error:
        return replace(task, error=error)
    return replace(task, content_hash=digest, key=article_key(digest, version))


# --------------------------------------------------------------------------- engines


def _batches(tasks: Iterable[ArticleTask], size: int) -> Iterator[list[ArticleTask]]:
    batch: list[ArticleTask] = []
    for task in tasks:
        batch.append(task)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ordered(
    submit: Callable[[list[ArticleTask]], Any], batches: Iterable[list], window: int
) -> Iterator[list]:
    """Submit batches keeping at most ``window`` in flight; yield results in order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _init_worker(lexicon_path: str | None) -> None:
    worker_lexicon(lexicon_path)


def _local_engine(lexicon_path: str | None, workers: int) -> tuple[Callable, Callable]:
    if workers == 1:

        class _Done:
            def __init__(self, value: Any) -> None:
                self.value = value

            def result(self) -> Any:
                return self.value

        return (lambda batch: _Done(process_batch(batch, lexicon_path))), (lambda: None)
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp.get_context(method),
        initializer=_init_worker,
        initargs=(lexicon_path,),
    )

    def close() -> None:
        pool.shutdown(wait=True, cancel_futures=True)

    return (lambda batch: pool.submit(process_batch, batch, lexicon_path)), close


def _dask_engine(
    lexicon_path: str | None, workers: int | None, scheduler: str | None
) -> tuple[Callable, Callable, int]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise MawaqifError(
            "the dask engine needs dask.distributed: pip install 'mawaqif[dask]'"
        ) from None
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    n_workers = max(
        1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
    )

    def submit(batch: list[ArticleTask]) -> Any:
        return client.submit(process_batch, batch, lexicon_path, pure=False)

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return submit, close, n_workers


def run_corpus(
    input_path: str | Path,
    out_dir: str | Path,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    csv: bool = False,
    lexicon_path: str | None = None,
    progress: bool | None = None,
    partition_size: int = 1000,
    batch_size: int | None = None,
) -> pd.DataFrame:
    """Parse every article of a corpus into partitioned Parquet tables.

    Parameters
    ----------
    input_path
        Folder of ``.txt`` articles (optionally with ``articles.csv`` or
        ``articles.jsonl``), or a CSV/JSONL metadata file.
    out_dir
        Output folder; reused to resume an interrupted run.
    engine
        ``"local"`` (a process pool on local cores) or ``"dask"``.
    scheduler
        Dask scheduler address; a LocalCluster is started when ``None``.
    workers
        Worker processes (default: all cores); ``1`` runs in this process.
    csv
        Also write one merged CSV per table.
    lexicon_path
        A user lexicon file passed to :func:`analysis.lexicon.load_lexicon`.
    progress
        Show a tqdm bar; ``None`` shows it only on a terminal.
    partition_size
        Articles per Parquet partition.
    batch_size
        Articles per task sent to a worker (default 4 locally, 16 on Dask).

    Returns
    -------
    pandas.DataFrame
        The merged status table (:data:`STATUS_COLUMNS`, one row per article
        ever done in ``out_dir``, sorted by ``article_id``) with a
        ``resumed`` column: true when this run skipped the article.
    """
    if engine not in ("local", "dask"):
        raise MawaqifError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise MawaqifError(f"output is not a folder: {out}")
    version = lexicon_version(lexicon_path)
    store = _Store(out)
    skipped: set[str] = set()
    total = _count_hint(Path(input_path))

    def pending_tasks() -> Iterator[ArticleTask]:
        for task in iter_articles(input_path, exclude=out):
            keyed = _keyed(task, version)
            if store.is_done(keyed):
                skipped.add(keyed.article_id)
                bar.update(1)
                continue
            yield keyed

    from tqdm.auto import tqdm

    bar = tqdm(total=total, unit="article", disable=None if progress is None else not progress)
    if engine == "local":
        n_workers = workers or os.cpu_count() or 1
        submit, close = _local_engine(lexicon_path, n_workers)
        size = batch_size or 4
    else:
        submit, close, n_workers = _dask_engine(lexicon_path, workers, scheduler)
        size = batch_size or 16
    try:
        buffer: list = []
        for results in _ordered(submit, _batches(pending_tasks(), size), window=4 * n_workers):
            buffer.extend(results)
            bar.update(len(results))
            while len(buffer) >= partition_size:
                store.write_partition(buffer[:partition_size])
                buffer = buffer[partition_size:]
        if buffer:
            store.write_partition(buffer)
    finally:
        close()
        bar.close()
    store.compact()
    status = store.merge_status()
    if csv:
        write_csv(out)
    status["resumed"] = status["article_id"].isin(skipped)
    return status


def _count_hint(path: Path) -> int | None:
    if path.is_dir() and not any((path / name).is_file() for name in METADATA_NAMES):
        return sum(1 for _ in path.rglob("*.txt"))
    return None


def write_csv(out_dir: str | Path) -> list[Path]:
    """Write ``<table>.csv`` (UTF-8, one header) for each merged table, streaming."""
    import pyarrow.parquet as pq

    out = Path(out_dir)
    written = []
    for name in [*TABLES, "status"]:
        target = out / f"{name}.csv"
        tmp = target.with_name(target.name + ".tmp")
        if name == "status":
            _to_pandas(pq.read_table(out / "status.parquet")).to_csv(tmp, index=False)
        else:
            files = sorted((out / name).glob("part-*.parquet"))
            header = True
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                if not files:
                    _to_pandas(table_schema(name).empty_table()).to_csv(handle, index=False)
                for path in files:
                    _to_pandas(pq.read_table(path)).to_csv(handle, index=False, header=header)
                    header = False
        os.replace(tmp, target)
        written.append(target)
    return written


# --------------------------------------------------------------------------- command line


def configure_parser(subparsers: Any) -> Any:
    """Add the ``corpus`` subcommand to an argparse ``subparsers`` object."""
    parser = subparsers.add_parser(
        "corpus",
        help="parse many articles into Parquet tables",
        description="Parse a folder of .txt articles (optional articles.csv/.jsonl metadata) "
        "or a JSONL/CSV file into merged Parquet tables with a per-article status table. "
        "Re-running with the same --out resumes.",
    )
    parser.add_argument("input", help="folder of .txt articles, or a .jsonl/.csv file")
    parser.add_argument("--out", required=True, help="output folder (reused to resume)")
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    parser.add_argument("--csv", action="store_true", help="also write merged CSV tables")
    parser.add_argument("--lexicon", help="user lexicon file")
    parser.add_argument(
        "--progress",
        action=argparse_bool(),
        default=None,
        help="show a progress bar (default: only on a terminal)",
    )
    parser.add_argument("--partition-size", type=int, default=1000, help="articles per partition")
    parser.set_defaults(func=_command)
    return parser


def argparse_bool() -> Any:
    import argparse

    return argparse.BooleanOptionalAction


def _command(args: Any) -> int:
    if args.scheduler and args.engine != "dask":
        raise MawaqifError("--scheduler needs --engine dask")
    if args.workers is not None and args.workers < 1:
        raise MawaqifError("--workers must be at least 1")
    status = run_corpus(
        args.input,
        args.out,
        engine=args.engine,
        scheduler=args.scheduler,
        workers=args.workers,
        csv=args.csv,
        lexicon_path=args.lexicon,
        progress=args.progress,
        partition_size=args.partition_size,
    )
    ok = int((status["status"] == "ok").sum())
    errors = status[status["status"] == "error"]
    resumed = int(status["resumed"].sum())
    print(
        f"{len(status)} articles in {args.out}: {ok} ok, {len(errors)} error, "
        f"{resumed} already done"
    )
    for row in errors.head(20).itertuples():
        print(f"  {row.article_id}: {row.reason}", file=sys.stderr)
    if len(errors) > 20:
        print(f"  ... {len(errors) - 20} more in status.parquet", file=sys.stderr)
    return 0
