"""Many articles at once: ``python -m analysis corpus INPUT --out DIR``.

The single-article :func:`analysis.pipeline.parse` runs over every article of a
corpus, on all local cores (a process pool) or on Dask. The work is split by
stage:

* :mod:`analysis.inputs` streams the articles of a folder or a
  CSV/JSONL file (:func:`iter_articles`) and computes resume keys;
* :mod:`analysis.worker` is the task a worker runs
  (:func:`process_partition`): it parses a batch of articles, converts the
  batch's tables to Arrow at once (:mod:`analysis.arrow`) and returns
  them as Parquet bytes with one small status row per article;
* :mod:`analysis.store` owns the output folder: the parent writes each
  returned partition (files renamed into place, manifest last), resumes and
  reads the merged tables back (:func:`read_corpus`);
* :mod:`analysis.engines` runs those tasks on a local process pool
  or on Dask and yields their results in order;
* this module cuts the input into partitions (:func:`partitions`), drives a
  run (:func:`run_corpus`) and is the ``corpus`` subcommand.

Each table directory reads as one merged table (``pandas.read_parquet`` or
:func:`read_corpus`); every row carries its ``article_id``. An interrupted run
resumes where it stopped: an article is skipped when the same ``article_id``
was already done with the same key (the SHA-256 of its raw bytes, or of its
JSONL text encoded UTF-8, with the lexicon and package versions). Articles
without a usable date are kept and flagged (``dated`` is false in the status
table).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from .arrow import (
    STATUS_COLUMNS,
    TABLE_COLUMNS,
    TABLES,
    status_table,
    table_schema,
    to_arrow,
    to_pandas,
)
from .engines import dask_engine, local_engine, ordered, start_fork_server
from .errors import MawaqifError
from .inputs import (
    METADATA_NAMES,
    ArticleTask,
    article_key,
    content_hash,
    count_hint,
    iter_articles,
    normalise_date,
    with_key,
)
from .store import Store, read_corpus, read_table, write_csv
from .worker import (
    batch_tables,
    lexicon_version,
    parse_task,
    process_article,
    process_batch,
    process_partition,
    worker_lexicon,
)

__all__ = [
    "METADATA_NAMES",
    "PARTITION_SIZE",
    "STATUS_COLUMNS",
    "TABLES",
    "TABLE_COLUMNS",
    "ArticleTask",
    "Store",
    "article_key",
    "collect_corpus",
    "configure_parser",
    "content_hash",
    "iter_articles",
    "lexicon_version",
    "normalise_date",
    "open_corpus",
    "partitions",
    "process_article",
    "process_batch",
    "process_partition",
    "read_corpus",
    "read_table",
    "run_corpus",
    "table_schema",
    "to_arrow",
    "worker_lexicon",
    "write_csv",
]

PARTITION_SIZE = 200
"""Default articles per partition; a partition is also one worker task."""


# --------------------------------------------------------------------------- in memory


def collect_corpus(
    input_path: str | Path, *, lexicon_path: str | None = None
) -> dict[str, pd.DataFrame]:
    """Parse a small corpus in this process and return its merged tables.

    Nothing is written; for notebooks and tests. Tables match what
    :func:`run_corpus` writes (partition column in ``status`` is 0).
    """
    version = lexicon_version(lexicon_path)
    results = [
        parse_task(with_key(task, version), lexicon_path) for task in iter_articles(input_path)
    ]
    tables = {name: to_pandas(table) for name, table in batch_tables(results).items()}
    status = to_pandas(status_table([{**s, "partition": 0} for s, _ in results]))
    tables["status"] = status.sort_values("article_id", kind="stable").reset_index(drop=True)
    return tables


def open_corpus(path: str | Path, *, lexicon_path: str | None = None) -> dict[str, pd.DataFrame]:
    """Read a corpus output folder, or parse a (small) corpus input in memory."""
    if (Path(path) / "manifest").is_dir():
        return read_corpus(path)
    return collect_corpus(path, lexicon_path=lexicon_path)


# --------------------------------------------------------------------------- engines


def partitions(tasks: Iterable[ArticleTask], size: int) -> Iterator[list[ArticleTask]]:
    """Cut a stream of tasks into partitions of ``size`` articles, in order.

    The last ``2 * size`` articles are cut into quarter-size partitions, so
    that at the end of a run every worker has a share of small tasks instead
    of one waiting for another's full one. The cut depends only on the input
    and ``size``, never on the engine or the number of workers.

    >>> [len(p) for p in partitions(range(1000), 200)]
    [200, 200, 200, 50, 50, 50, 50, 50, 50, 50, 50]
    >>> [len(p) for p in partitions(range(5), 2)]
    [1, 1, 1, 1, 1]
    """
    hold = 2 * size
    small = max(1, -(-size // 4))
    buffer: deque = deque()
    for task in tasks:
        buffer.append(task)
        if len(buffer) >= size + hold:
            yield [buffer.popleft() for _ in range(size)]
    while buffer:
        yield [buffer.popleft() for _ in range(min(small, len(buffer)))]


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
    partition_size: int = PARTITION_SIZE,
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
        Articles per partition, which is also one worker task; the last
        partitions of a run are smaller (see :func:`partitions`).

    Returns
    -------
    pandas.DataFrame
        The merged status table (:data:`STATUS_COLUMNS`, one row per article
        ever done in ``out_dir``, sorted by ``article_id``) with a
        ``resumed`` column: true when this run skipped the article.
        ``attrs["workers"]`` is the number of workers this run used.
    """
    if engine not in ("local", "dask"):
        raise MawaqifError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    if partition_size < 1:
        raise MawaqifError("partition_size must be at least 1")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise MawaqifError(f"output is not a folder: {out}")
    n_workers = workers or os.cpu_count() or 1
    if engine == "local" and n_workers > 1:
        start_fork_server(lexicon_path)  # it loads while this process loads the lexicon
    lexicon = worker_lexicon(lexicon_path)
    if engine == "local":
        submit, close = local_engine(lexicon_path, n_workers, lexicon)
    else:
        submit, close, n_workers = dask_engine(lexicon_path, workers, scheduler, lexicon)
    try:
        store, skipped, tasks = _feed(
            submit,
            input_path,
            out,
            window=4 * n_workers,
            lexicon_path=lexicon_path,
            progress=progress,
            partition_size=partition_size,
        )
    finally:
        close()
    store.compact()
    status = store.merge_status()
    if csv:
        write_csv(out)
    status["resumed"] = status["article_id"].isin(skipped)
    status.attrs["workers"] = min(n_workers, tasks)
    return status


def _feed(
    submit: Callable[[list[ArticleTask]], Any],
    input_path: str | Path,
    out: Path,
    *,
    window: int,
    lexicon_path: str | None,
    progress: bool | None,
    partition_size: int,
) -> tuple[Store, set[str], int]:
    """Send the articles not done yet to the engine, one partition per task; commit in order.

    Returns the store, the ids skipped as already done and the number of tasks.
    """
    from tqdm.auto import tqdm

    version = lexicon_version(lexicon_path)
    store = Store(out)
    skipped: set[str] = set()
    tasks = 0
    bar = tqdm(
        total=count_hint(Path(input_path)),
        unit="article",
        disable=None if progress is None else not progress,
    )

    def pending() -> Iterator[ArticleTask]:
        for task in iter_articles(input_path, exclude=out):
            if task.article_id in store.done:  # only these may be skipped: hash them here
                task = with_key(task, version)
                if store.is_done(task):
                    skipped.add(task.article_id)
                    bar.update(1)
                    continue
            yield task  # the worker hashes the others

    def send(batch: list[ArticleTask]) -> Any:
        nonlocal tasks
        tasks += 1
        return submit(batch)

    with bar:
        for statuses, files in ordered(send, partitions(pending(), partition_size), window):
            store.write_partition(statuses, files)
            bar.update(len(statuses))
    return store, skipped, tasks


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
    parser.add_argument(
        "--partition-size",
        type=int,
        default=PARTITION_SIZE,
        help=f"articles per partition and worker task (default {PARTITION_SIZE})",
    )
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
    if args.partition_size < 1:
        raise MawaqifError("--partition-size must be at least 1")
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
