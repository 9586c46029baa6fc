"""Imported only by the corpus process pool's fork server: warm the built-in lexicon.

Importing this module loads the built-in lexicon and parses one sentence
(:func:`analysis.corpus_worker.warm`). The local engine names it in
:func:`multiprocessing.set_forkserver_preload`, so the fork server does this
once and every worker forked from it starts with the parser imported, the
lexicon loaded and its lazy caches filled, sharing those pages copy-on-write.
"""

from __future__ import annotations

from .corpus_worker import warm

warm(None)
