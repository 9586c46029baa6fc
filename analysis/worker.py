"""The corpus worker: parse a batch of articles into status rows and Parquet files.

:func:`process_partition` is the task the engines run: it parses each article
with :func:`analysis.pipeline.parse` (never raising: a bad article becomes an
``error`` status row), converts the batch's tables to Arrow at once and
encodes each as Parquet bytes, so the parent only writes small files and
never converts or concatenates frames itself.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from .arrow import (
    TABLES,
    concat_tables,
    frames_to_arrow,
    parquet_bytes,
    table_schema,
    to_arrow,
)
from .errors import MawaqifError
from .inputs import ArticleTask, article_key, with_key

_LEXICONS: dict[str | None, Any] = {}


def worker_lexicon(lexicon_path: str | None) -> Any:
    """Load the lexicon once per process and keep it."""
    if lexicon_path not in _LEXICONS:
        from .lexicon import load_lexicon

        _LEXICONS[lexicon_path] = load_lexicon(lexicon_path)
    return _LEXICONS[lexicon_path]


def warm(lexicon_path: str | None) -> None:
    """Load the lexicon and parse one sentence, so the first article costs no more than the rest.

    The process pool runs it in every worker; with the built-in lexicon the
    pool's fork server runs it once (:mod:`analysis.preload`) and the
    workers forked from it start ready.
    """
    from .pipeline import parse

    parse("قالت الحكومة التونسية إن الوضع مستقر.", lexicon=worker_lexicon(lexicon_path))


def pool_worker_init(lexicon_path: str | None, version: str = "", lexicon: bytes = b"") -> None:
    """Start a worker this package owns: the caller's lexicon, :func:`warm`, ``gc.freeze``.

    Parameters
    ----------
    lexicon_path
        The run's user lexicon file, or ``None``.
    version, lexicon
        The version of the lexicon the parent process uses and that lexicon
        pickled. A worker whose lexicon (inherited from the fork server) has
        another version, because the data files changed since either was
        loaded, uses the parent's instead: every worker parses with the same
        lexicon as the parent, whose version is in the resume keys.

    ``gc.freeze`` moves the lexicon and the imported modules out of the
    collector's view: a worker holds a partition's frames while it parses,
    which triggers many collections, and each full one would otherwise walk
    the whole lexicon again. Only for pool workers and a LocalCluster a run
    starts, never in the caller's process.
    """
    import gc
    import pickle

    current = _LEXICONS.get(lexicon_path)
    if lexicon and (current is None or str(current.version) != version):
        _LEXICONS[lexicon_path] = pickle.loads(lexicon)
    warm(lexicon_path)
    gc.collect()  # freeze live objects only, not garbage
    gc.freeze()


def lexicon_version(lexicon_path: str | None) -> str:
    """The version string of the lexicon a run uses."""
    return str(worker_lexicon(lexicon_path).version)


def parse_task(task: ArticleTask, lexicon_path: str | None = None) -> tuple[dict, dict]:
    """Parse one article into its status row and its frames; never raise.

    Returns
    -------
    status, frames
        ``status`` is a dict of :data:`~analysis.arrow.STATUS_COLUMNS`
        (without ``partition``); ``frames`` maps each table name to the
        DataFrame from ``parse`` (empty dict when the article failed).
    """
    status = status_row(task)
    if task.error:
        status.update(status="error", reason=task.error)
        return status, {}
    try:
        # looked up per call: tests replace it
        parse_module = importlib.import_module(".pipeline", __package__)
        lexicon = worker_lexicon(lexicon_path)
        source: Any = Path(task.path) if task.path is not None else task.text
        parsed = parse_module.parse(source, date=task.date or None, lexicon=lexicon)
        frames = {name: getattr(parsed, name) for name in TABLES}
        for name, frame in frames.items():
            status[f"n_{name}"] = len(frame)
        status["encoding"] = str(getattr(parsed, "encoding", "") or "")
    except MawaqifError as exc:
        status.update(status="error", reason=str(exc).splitlines()[0] if str(exc) else "error")
        return status, {}
    except Exception as exc:  # noqa: BLE001 - one bad article never stops the run
        return _internal_error(status, exc), {}
    return status, frames


def _internal_error(status: dict, exc: BaseException) -> dict:
    status.update(status="error", reason=f"internal error: {type(exc).__name__}: {exc}")
    status.update({f"n_{name}": 0 for name in TABLES})
    return status


def process_article(task: ArticleTask, lexicon_path: str | None = None) -> tuple[dict, dict]:
    """Parse one article; never raise.

    Returns
    -------
    status, tables
        ``status`` is a dict of :data:`~analysis.arrow.STATUS_COLUMNS`
        (without ``partition``); ``tables`` maps each table name to a
        :class:`pyarrow.Table` with a leading ``article_id`` column (empty
        when the article failed).
    """
    status, frames = parse_task(task, lexicon_path)
    if not frames:
        return status, {}
    try:
        return status, {name: to_arrow(name, frames[name], task.article_id) for name in TABLES}
    except Exception as exc:  # noqa: BLE001
        return _internal_error(status, exc), {}


def process_batch(tasks: list[ArticleTask], lexicon_path: str | None = None) -> list:
    """:func:`process_article` over a list, in order."""
    return [process_article(task, lexicon_path) for task in tasks]


def batch_tables(results: list[tuple[dict, dict]]) -> dict[str, Any]:
    """The Arrow tables of a batch of :func:`parse_task` results, in order.

    Converts each table of the whole batch at once; if that fails, converts
    article by article and turns an article that cannot be converted into an
    internal error (its status row is updated in place, its rows dropped).
    """
    try:
        return {
            name: frames_to_arrow(name, [(s["article_id"], f[name]) for s, f in results if f])
            for name in TABLES
        }
    except Exception:  # noqa: BLE001 - find the article at fault below
        pass
    pieces: list[dict] = []
    for status, frames in results:
        if not frames:
            continue
        try:
            pieces.append(
                {name: to_arrow(name, frames[name], status["article_id"]) for name in TABLES}
            )
        except Exception as exc:  # noqa: BLE001
            _internal_error(status, exc)
    if not pieces:
        return {name: table_schema(name).empty_table() for name in TABLES}
    return {name: _concat(name, pieces) for name in TABLES}


def _concat(name: str, pieces: list[dict]) -> Any:
    return concat_tables([piece[name] for piece in pieces], table_schema(name))


def process_partition(
    tasks: list[ArticleTask], lexicon_path: str | None = None
) -> tuple[list[dict], dict[str, bytes]]:
    """Parse a batch of articles into one partition; never raise for one article.

    Tasks without a content hash get it here (the parent only hashes articles
    it may skip); every key is made with this worker's lexicon version.

    Returns
    -------
    statuses, files
        One status row per task, in order (without ``partition``), and each
        table of :data:`~analysis.arrow.TABLES` as Parquet bytes.
    """
    version = lexicon_version(lexicon_path)
    results = []
    for task in tasks:
        if task.content_hash:  # the key names the lexicon this worker parses with
            task = replace(task, key=article_key(task.content_hash, version))
        elif not task.error:
            task = with_key(task, version)
        results.append(parse_task(task, lexicon_path))
    tables = batch_tables(results)
    files = {name: parquet_bytes(table) for name, table in tables.items()}
    return [status for status, _ in results], files


def status_row(task: ArticleTask) -> dict:
    """The status row of a task before parsing (``ok``, zero counts)."""
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
