"""Table contracts (pandera schemas), deterministic CSV writing, atomic folders."""

from __future__ import annotations

import pandas as pd

from .errors import MawaqifError
from .lexicon import ACTOR_TYPE_ORDER

COLUMNS = {
    "sentences": ["sentence_id", "paragraph_id", "role", "start", "end", "text"],
    "actors": [
        "actor_id",
        "name_en",
        "name_ar",
        "actor_type",
        "country_code",
        "parent_id",
        "mention_count",
    ],
    "mentions": [
        "mention_id",
        "actor_id",
        "sentence_id",
        "start",
        "end",
        "surface",
        "method",
        "confidence",
    ],
    "statements": [
        "statement_id",
        "sentence_id",
        "start",
        "end",
        "speaker_id",
        "verb",
        "act",
        "plover_type",
        "quote",
        "quote_kind",
        "target_ids",
        "date",
        "responds_to",
        "confidence",
    ],
    "stances": [
        "stance_id",
        "statement_id",
        "source_id",
        "target_id",
        "polarity",
        "sentence_id",
        "start",
        "end",
        "basis",
    ],
}
ROLES = ["title", "deck", "dateline", "body", "repeated"]
METHODS = [
    "lexicon",
    "state",
    "composed",
    "people",
    "nisba",
    "metonym",
    "context",
    "discovered",
    "unnamed",
    "coreference",
]
ACTS = [
    "claim",
    "deny",
    "warn",
    "concern",
    "accuse",
    "condemn",
    "appeal",
    "agree",
    "support",
    "reject",
    "threaten",
]
ACTOR_TYPES = list(ACTOR_TYPE_ORDER)


_INT_COLUMNS = {
    "sentence_id",
    "paragraph_id",
    "mention_id",
    "statement_id",
    "stance_id",
    "start",
    "end",
    "mention_count",
}


def empty_table(name: str) -> pd.DataFrame:
    """An empty table with its contract's columns and dtypes."""
    dtypes = {
        c: "int64" if c in _INT_COLUMNS else "float64" if c == "confidence" else "object"
        for c in COLUMNS[name]
    }
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def schemas() -> dict:
    """The pandera schema of every table, keyed by table name."""
    import pandera.pandas as pa

    def ids(name: str) -> pa.Column:
        return pa.Column(int, pa.Check.ge(1), unique=True, name=name)

    offsets = {
        "start": pa.Column(int, pa.Check.ge(0)),
        "end": pa.Column(int, pa.Check.ge(0)),
    }
    span_check = pa.Check(lambda df: (df["start"] <= df["end"]).all(), error="start > end")
    strings = pa.Check(lambda s: s.map(lambda v: isinstance(v, str)).all(), error="not text")
    text = pa.Column(None, strings)

    def choice(values: list[str]) -> pa.Column:
        return pa.Column(None, [strings, pa.Check.isin(values)])

    def pattern(regex: str) -> pa.Column:
        return pa.Column(None, [strings, pa.Check.str_matches(regex)])

    return {
        "sentences": pa.DataFrameSchema(
            {
                "sentence_id": ids("sentence_id"),
                "paragraph_id": pa.Column(int, pa.Check.ge(1)),
                "role": choice(ROLES),
                **offsets,
                "text": text,
            },
            checks=span_check,
            strict=False,
            ordered=True,
        ),
        "actors": pa.DataFrameSchema(
            {
                "actor_id": pa.Column(
                    None, [strings, pa.Check.str_matches(r"^[a-z0-9_]+$")], unique=True
                ),
                "name_en": text,
                "name_ar": text,
                "actor_type": choice(ACTOR_TYPES),
                "country_code": pattern(r"^([A-Z]{3})?$"),
                "parent_id": text,
                "mention_count": pa.Column(int, pa.Check.ge(0)),
            },
            strict=False,
            ordered=True,
        ),
        "mentions": pa.DataFrameSchema(
            {
                "mention_id": ids("mention_id"),
                "actor_id": text,
                "sentence_id": pa.Column(int, pa.Check.ge(1)),
                **offsets,
                "surface": text,
                "method": choice(METHODS),
                "confidence": pa.Column(float, pa.Check.in_range(0, 1, include_min=False)),
            },
            checks=span_check,
            strict=False,
            ordered=True,
        ),
        "statements": pa.DataFrameSchema(
            {
                "statement_id": ids("statement_id"),
                "sentence_id": pa.Column(int, pa.Check.ge(1)),
                **offsets,
                "speaker_id": text,
                "verb": text,
                "act": choice(ACTS),
                "plover_type": text,
                "quote": text,
                "quote_kind": choice(["direct", "indirect", "mixed", "none"]),
                "target_ids": text,
                "date": pattern(r"^(\d{4}-\d{2}-\d{2})?$"),
                "responds_to": pa.Column(None, nullable=True),
                "confidence": pa.Column(float, pa.Check.in_range(0, 1)),
            },
            checks=span_check,
            strict=False,
            ordered=True,
        ),
        "stances": pa.DataFrameSchema(
            {
                "stance_id": ids("stance_id"),
                "statement_id": pa.Column(None, nullable=True),
                "source_id": text,
                "target_id": text,
                "polarity": choice(["positive", "negative", "neutral"]),
                "sentence_id": pa.Column(int, pa.Check.ge(1)),
                **offsets,
                "basis": text,
            },
            checks=span_check,
            strict=False,
            ordered=True,
        ),
    }


def validate_tables(tables: dict[str, pd.DataFrame]) -> None:
    """Check every table against its schema; raise ``MawaqifError`` on the first failure."""
    import pandera.errors

    found = schemas()
    for name, frame in tables.items():
        if name not in found:
            continue
        try:
            found[name].validate(frame, lazy=False)
        except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
            first = str(exc).strip().splitlines()[0]
            raise MawaqifError(f"table {name} breaks its contract: {first}") from None


def to_csv_bytes(frame: pd.DataFrame, columns: list[str]) -> bytes:
    """Serialise a table deterministically: UTF-8, ``\\n`` line ends, fixed columns."""
    return frame[columns].to_csv(index=False, lineterminator="\n").encode("utf-8")
