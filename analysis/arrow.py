"""Corpus tables in Arrow: column types, schemas and one-shot conversion of many articles.

Every merged table has ``article_id`` first, then DESIGN.md's columns with
fixed types (:data:`TABLE_COLUMNS`); the status table has
:data:`STATUS_COLUMNS`. :func:`frames_to_arrow` converts the frames of a whole
batch of articles at once: one ``pandas.concat`` and one Arrow conversion per
table and batch instead of one per table and article (:func:`to_arrow`).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

TABLES = ("sentences", "actors", "mentions", "statements", "stances")
"""The per-article tables, in the order they are written."""

# Column types of the merged tables (``article_id`` first, then DESIGN.md's
# columns). Columns a later parse adds are kept as strings.
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "sentences": {
        "sentence_id": "int",
        "paragraph_id": "int",
        "role": "str",
        "start": "int",
        "end": "int",
        "text": "str",
    },
    "actors": {
        "actor_id": "str",
        "name_en": "str",
        "name_ar": "str",
        "actor_type": "str",
        "country_code": "str",
        "parent_id": "str",
        "mention_count": "int",
    },
    "mentions": {
        "mention_id": "int",
        "actor_id": "str",
        "sentence_id": "int",
        "start": "int",
        "end": "int",
        "surface": "str",
        "method": "str",
        "confidence": "float",
    },
    "statements": {
        "statement_id": "int",
        "sentence_id": "int",
        "start": "int",
        "end": "int",
        "speaker_id": "str",
        "verb": "str",
        "act": "str",
        "plover_type": "str",
        "quote": "str",
        "quote_kind": "str",
        "target_ids": "str",
        "date": "str",
        "responds_to": "int",
        "confidence": "float",
    },
    "stances": {
        "stance_id": "int",
        "statement_id": "int",
        "source_id": "str",
        "target_id": "str",
        "polarity": "str",
        "sentence_id": "int",
        "start": "int",
        "end": "int",
        "basis": "str",
    },
}

STATUS_COLUMNS: dict[str, str] = {
    "article_id": "str",
    "status": "str",
    "reason": "str",
    "note": "str",
    "date": "str",
    "dated": "bool",
    "source": "str",
    "url": "str",
    "title": "str",
    "path": "str",
    "content_hash": "str",
    "key": "str",
    "encoding": "str",
    "n_sentences": "int",
    "n_actors": "int",
    "n_mentions": "int",
    "n_statements": "int",
    "n_stances": "int",
    "partition": "int",
}
"""Per-article status: ``status`` is ``ok`` or ``error`` and ``reason`` says why."""


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {"int": pa.int64(), "float": pa.float64(), "str": pa.string(), "bool": pa.bool_()}[kind]


@functools.cache
def table_schema(name: str) -> Any:
    """The Arrow schema of a merged table (``status`` included)."""
    import pyarrow as pa

    columns = STATUS_COLUMNS if name == "status" else {"article_id": "str", **TABLE_COLUMNS[name]}
    return pa.schema([(column, _arrow_type(kind)) for column, kind in columns.items()])


@functools.cache
def _body_schema(name: str) -> Any:
    import pyarrow as pa

    return pa.schema(list(table_schema(name))[1:])


def _column(values: pd.Series, kind: str) -> Any:
    import pyarrow as pa

    fast = (
        kind == "str"
        or (kind == "int" and pd.api.types.is_integer_dtype(values.dtype))
        or (kind == "float" and pd.api.types.is_numeric_dtype(values.dtype))
    )
    if fast and not pd.api.types.is_bool_dtype(values.dtype):
        try:
            return pa.array(values, type=_arrow_type(kind), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    if kind in ("int", "float"):
        numbers = pd.to_numeric(values.astype(object).replace("", None), errors="coerce")
        if kind == "int":
            numbers = numbers.astype("Int64")
        return pa.array(numbers, type=_arrow_type(kind), from_pandas=True)
    if kind == "bool":
        return pa.array(values.astype(bool), type=pa.bool_())
    objects = [None if _missing(v) else str(v) for v in values.tolist()]
    return pa.array(objects, type=pa.string())


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def to_arrow(name: str, frame: pd.DataFrame, article_id: str) -> Any:
    """Convert one article's table to Arrow with a leading ``article_id``.

    When every contract column is present, only those are kept (columns the
    parser adds beyond DESIGN.md are dropped, as in ``parse``'s CSV files);
    otherwise missing columns are null and extra ones kept as strings.
    """
    import pyarrow as pa

    spec = TABLE_COLUMNS[name]
    n = len(frame)
    ids = pa.array([article_id] * n, type=pa.string())
    if set(spec) <= set(frame.columns):
        schema = table_schema(name)
        try:  # one C-level conversion when the dtypes already fit
            body = pa.Table.from_pandas(frame, schema=_body_schema(name), preserve_index=False)
            return body.add_column(0, schema.field(0), ids).replace_schema_metadata(None)
        except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, TypeError):
            pass
    arrays = [ids]
    fields = [pa.field("article_id", pa.string())]
    complete = set(spec) <= set(frame.columns)
    extras = [] if complete else [c for c in frame.columns if c not in spec and c != "article_id"]
    for column in [*spec, *extras]:
        kind = spec.get(column, "str")
        if column in frame.columns:
            arrays.append(_column(frame[column].reset_index(drop=True), kind))
        else:
            arrays.append(pa.nulls(n, type=_arrow_type(kind)))
        fields.append(pa.field(str(column), _arrow_type(kind)))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def frames_to_arrow(name: str, frames: list[tuple[str, pd.DataFrame]]) -> Any:
    """One table of many articles, converted at once.

    Parameters
    ----------
    name
        One of :data:`TABLES`.
    frames
        ``(article_id, frame)`` pairs in output order.

    Returns
    -------
    pyarrow.Table
        The same rows, columns and types as :func:`to_arrow` on each frame
        followed by :func:`concat_tables`.
    """
    import pyarrow as pa

    spec = TABLE_COLUMNS[name]
    schema = table_schema(name)
    frames = [(article_id, frame) for article_id, frame in frames if len(frame)]
    if not frames:
        return schema.empty_table()
    if not all(set(spec) <= set(frame.columns) for _, frame in frames):
        return concat_tables([to_arrow(name, frame, aid) for aid, frame in frames], schema)
    merged = pd.concat([frame for _, frame in frames], ignore_index=True)[list(spec)]
    ids = np.repeat(np.array([aid for aid, _ in frames], dtype=object), [len(f) for _, f in frames])
    try:  # one C-level conversion when the dtypes already fit
        body = pa.Table.from_pandas(merged, schema=_body_schema(name), preserve_index=False)
        arrays = [column.combine_chunks() for column in body.columns]
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, TypeError):
        arrays = [_column(merged[column], kind) for column, kind in spec.items()]
    return pa.Table.from_arrays([pa.array(ids, type=pa.string()), *arrays], schema=schema)


def status_table(rows: list[dict]) -> Any:
    """The status rows (dicts of :data:`STATUS_COLUMNS`) as an Arrow table."""
    import pyarrow as pa

    frame = pd.DataFrame(rows, columns=list(STATUS_COLUMNS))
    arrays = [_column(frame[c], kind) for c, kind in STATUS_COLUMNS.items()]
    return pa.Table.from_arrays(arrays, schema=table_schema("status"))


def concat_tables(pieces: list, schema: Any) -> Any:
    """Concatenate Arrow tables on ``schema``; extra columns are kept, null where absent."""
    import pyarrow as pa

    extras = []
    for piece in pieces:
        extras += [f for f in piece.schema if f.name not in schema.names and f not in extras]
    full = pa.schema([*schema, *extras])
    aligned = []
    for piece in pieces:
        columns = [
            piece[f.name] if f.name in piece.schema.names else pa.nulls(piece.num_rows, f.type)
            for f in full
        ]
        aligned.append(pa.Table.from_arrays(columns, schema=full))
    return pa.concat_tables(aligned)


def to_pandas(table: Any) -> pd.DataFrame:
    """An Arrow table as pandas, integers as ``Int64`` and booleans as ``boolean``."""
    import pyarrow as pa

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    return table.to_pandas(types_mapper=mapping.get)


def parquet_bytes(table: Any) -> bytes:
    """An Arrow table encoded as a Parquet file (zstd) in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()
