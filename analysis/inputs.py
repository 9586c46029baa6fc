"""Corpus input: the articles of a folder or a CSV/JSONL file, and their resume keys.

Input is a folder of ``.txt`` files (searched recursively) with an optional
``articles.csv`` or ``articles.jsonl`` giving ``article_id``, ``path`` or
``text``, ``date``, ``source``, ``url`` and ``title``; or such a CSV/JSONL
file itself. Articles without a usable date are kept and flagged. The resume
key of an article is the SHA-256 of its raw bytes (or of its JSONL text
encoded UTF-8) together with the lexicon and package versions.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__
from .errors import MawaqifError

METADATA_NAMES = ("articles.csv", "articles.jsonl")
"""Metadata file names looked for in an input folder (the first found is used)."""


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


def with_key(task: ArticleTask, lexicon_version: str) -> ArticleTask:
    """The task with its content hash and resume key (or the read error) filled in."""
    if task.error:
        return task
    digest, error = content_hash(task)
    if error:
        return replace(task, error=error)
    return replace(task, content_hash=digest, key=article_key(digest, lexicon_version))


def count_hint(path: Path) -> int | None:
    """The number of articles when it is cheap to know (a folder without metadata)."""
    if path.is_dir() and not any((path / name).is_file() for name in METADATA_NAMES):
        return sum(1 for _ in path.rglob("*.txt"))
    return None
