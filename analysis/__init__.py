"""Mawaqif: actors, statements and stances in Arabic news articles.

>>> import analysis
>>> result = analysis.parse("قال الجيش الأميركي إن روسيا أرسلت طائرات إلى ليبيا.")
>>> list(result.actors["actor_id"])[:2]
['lby', 'rus']

The public names are imported on first use, so that ``python -m analysis
report`` starts its kernels without first importing pandas in the parent.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import MawaqifError

if TYPE_CHECKING:  # pragma: no cover
    from .lexicon import Lexicon, load_lexicon
    from .pipeline import ParsedArticle, parse, write_tables

__version__ = "0.1.0"
__all__ = ["Lexicon", "MawaqifError", "ParsedArticle", "load_lexicon", "parse", "write_tables"]

_HOMES = {
    "Lexicon": "lexicon",
    "load_lexicon": "lexicon",
    "ParsedArticle": "pipeline",
    "parse": "pipeline",
    "write_tables": "pipeline",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
