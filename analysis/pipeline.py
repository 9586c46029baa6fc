"""One entry point from an article to its tables: :func:`parse`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .actors import extract_actors
from .errors import MawaqifError
from .folders import write_folder_atomically
from .lexicon import Lexicon, load_lexicon
from .tables import COLUMNS, empty_table, to_csv_bytes
from .text import MAX_BYTES, read_article


@dataclass(frozen=True)
class ParsedArticle:
    """The tables of one article. Every attribute named in ``TABLES`` is a DataFrame."""

    TABLES = ("sentences", "actors", "mentions", "statements", "stances")

    text: str
    name: str
    encoding: str
    date: dt.date | None
    lexicon_version: str
    sentences: pd.DataFrame = field(repr=False)
    actors: pd.DataFrame = field(repr=False)
    mentions: pd.DataFrame = field(repr=False)
    statements: pd.DataFrame = field(repr=False)
    stances: pd.DataFrame = field(repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables with exactly their contract columns, keyed by name."""
        return {name: getattr(self, name)[COLUMNS[name]] for name in self.TABLES}


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Accept ``YYYY-MM-DD`` (or a date); raise a one-line error otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise MawaqifError(f"bad date {value!r}: expected YYYY-MM-DD") from None


def parse(
    text_or_path: str | Path,
    *,
    date: str | dt.date | None = None,
    lexicon: Lexicon | str | Path | None = None,
    max_bytes: int = MAX_BYTES,
) -> ParsedArticle:
    """Parse an Arabic article into sentence, actor, mention, statement and stance tables.

    Parameters
    ----------
    text_or_path
        A path to a text file (UTF-8 ± BOM, UTF-16 with BOM, Windows-1256) or
        the article text itself.
    date
        The article's date (``YYYY-MM-DD``), used to resolve weekday words.
    lexicon
        A loaded :class:`~analysis.lexicon.Lexicon`, or a path to a user
        lexicon file that extends the built-in one.

    Examples
    --------
    >>> result = parse("قالت وزارة الدفاع التونسية إن الولايات المتحدة شريك رئيسي.")
    >>> sorted(result.mentions["actor_id"])
    ['tun_defence_ministry', 'usa']
    """
    article_date = parse_date(date)
    if not isinstance(lexicon, Lexicon):
        lexicon = load_lexicon(lexicon)
    article = read_article(text_or_path, max_bytes=max_bytes)
    actors, mentions = extract_actors(article, lexicon)
    statements, stances = _statements(article, actors, mentions, article_date)
    return ParsedArticle(
        text=article.text,
        name=article.name,
        encoding=article.encoding,
        date=article_date,
        lexicon_version=lexicon.version,
        sentences=article.sentences,
        actors=actors,
        mentions=mentions,
        statements=statements,
        stances=stances,
    )


def _statements(article, actors, mentions, date):  # noqa: ANN001, ANN202
    try:
        from .statements import extract_statements
    except ImportError:  # the statements stage is optional while it is being built
        return empty_table("statements"), empty_table("stances")
    return extract_statements(article, actors, mentions, date=date)


def write_tables(
    result: ParsedArticle, out_dir: str | Path, *, extra: dict[str, str] | None = None
) -> Path:
    """Write every table as ``<name>.csv`` (plus ``extra`` text files) into ``out_dir``.

    The folder is built aside and swapped in, so a failure leaves an existing
    ``out_dir`` as it was.
    """
    files = {
        f"{name}.csv": to_csv_bytes(frame, COLUMNS[name]) for name, frame in result.tables().items()
    }
    files.update({name: text.encode("utf-8") for name, text in (extra or {}).items()})
    return write_folder_atomically(files, out_dir)
