"""Corpus engines: where :func:`analysis.worker.process_partition` runs.

An engine is a ``submit(batch) -> future`` function and a ``close()``
function. ``local`` runs a process pool whose workers fork from a warmed fork
server (or, with one worker, runs in this process); ``dask`` submits to a
Dask cluster (a LocalCluster unless a scheduler address is given).
:func:`ordered` keeps a bounded number of tasks in flight and yields their
results in submission order, so the output does not depend on the engine.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import MawaqifError
from .inputs import ArticleTask
from .worker import pool_worker_init, process_partition


def ordered(
    submit: Callable[[list[ArticleTask]], Any], batches: Iterable[list], window: int
) -> Iterator[Any]:
    """Submit batches keeping at most ``window`` in flight; yield results in order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


class _Done:
    """A finished 'future' for the in-process engine."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def start_fork_server(lexicon_path: str | None) -> None:
    """Start the pool's fork server now, so that it loads while this process reads the input.

    The server imports the parser (and, for the built-in lexicon, loads and
    warms it, :mod:`analysis.preload`); workers forked from it start
    ready and share those pages. A server already running keeps what it has.
    """
    import multiprocessing as mp

    if "forkserver" in mp.get_all_start_methods():
        from multiprocessing import forkserver

        preload = "analysis.preload" if lexicon_path is None else "analysis.worker"
        mp.get_context("forkserver").set_forkserver_preload([preload])
        forkserver.ensure_running()


def local_engine(lexicon_path: str | None, workers: int, lexicon: Any) -> tuple[Callable, Callable]:
    """A pool of ``workers`` parsing with ``lexicon`` (this process when 1): submit, close."""
    if workers == 1:
        return (lambda batch: _Done(process_partition(batch, lexicon_path))), (lambda: None)
    import multiprocessing as mp
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    methods = mp.get_all_start_methods()
    context = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    data = pickle.dumps(lexicon, protocol=pickle.HIGHEST_PROTOCOL)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=pool_worker_init,
        initargs=(lexicon_path, str(lexicon.version), data),
    )

    def close() -> None:
        pool.shutdown(wait=True, cancel_futures=True)

    return (lambda batch: pool.submit(process_partition, batch, lexicon_path)), close


def dask_engine(
    lexicon_path: str | None, workers: int | None, scheduler: str | None, lexicon: Any
) -> tuple[Callable, Callable, int]:
    """A Dask client (on a new LocalCluster when no scheduler): ``(submit, close, workers)``."""
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
        return client.submit(process_partition, batch, lexicon_path, pure=False)

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    if cluster is not None:  # workers this run owns: the parent's lexicon, warmed and frozen
        import pickle

        data = pickle.dumps(lexicon, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            client.run(pool_worker_init, lexicon_path, str(lexicon.version), data)
        except BaseException:
            close()
            raise
    return submit, close, n_workers
