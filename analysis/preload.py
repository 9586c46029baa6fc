"""Imported only by the corpus process pool's fork server: warm the built-in lexicon.

Importing this module loads the built-in lexicon and parses one sentence
(:func:`analysis.worker.warm`). The local engine names it in
:func:`multiprocessing.set_forkserver_preload`, so the fork server does this
once and every worker forked from it starts with the parser imported, the
lexicon loaded and its lazy caches filled, sharing those pages copy-on-write
(frozen for the garbage collector, see
:func:`analysis.worker.pool_worker_init`).
"""

from __future__ import annotations

import contextlib
import gc

from .worker import warm

with contextlib.suppress(Exception):  # a fork server must not die: the workers report it
    warm(None)
gc.collect()  # freeze live objects only, not garbage
gc.freeze()  # the workers forked from here leave these pages unwritten by the collector
