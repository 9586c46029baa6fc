"""Mawaqif: actors, statements and stances in Arabic news articles.

>>> import analysis
>>> result = analysis.parse("قال الجيش الأميركي إن روسيا أرسلت طائرات إلى ليبيا.")
>>> list(result.actors["actor_id"])[:2]
['lby', 'rus']
"""

from .errors import MawaqifError
from .lexicon import Lexicon, load_lexicon
from .parse import ParsedArticle, parse, write_tables

__version__ = "0.1.0"
__all__ = ["Lexicon", "MawaqifError", "ParsedArticle", "load_lexicon", "parse", "write_tables"]
