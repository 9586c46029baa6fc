"""The corpus output folder: committed partitions, resume state, atomic writes, reading back.

Layout, one file per table and partition::

    DIR/sentences/part-00000.parquet   DIR/status/part-00000.parquet
    DIR/actors/part-00000.parquet      DIR/manifest/part-00000.json
    DIR/mentions/...  DIR/statements/...  DIR/stances/...
    DIR/status.parquet                 (merged status, one row per article)
    DIR/<table>.csv                    (merged CSV, only when asked)

Every file is written under a temporary name and renamed into place; a
partition counts only once its manifest is written (last, after its Parquet
files), so files of a partition without a manifest are leftovers of an
interrupted run and are removed when the folder is opened again.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .arrow import TABLES, concat_tables, status_table, table_schema, to_pandas
from .errors import MawaqifError
from .inputs import ArticleTask

_PART = re.compile(r"^part-(\d{5,})\.(?:parquet|json)$")


class Store:
    """The output folder: committed partitions, the done set and atomic writes."""

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "manifest").mkdir(exist_ok=True)
        self.manifests = self._read_manifests()
        self._clean_orphans()
        self.next_part = max(self.manifests, default=-1) + 1
        self.done: dict[str, tuple[str, int, bool]] = {}
        for part in sorted(self.manifests):
            for entry in self.manifests[part]["articles"]:
                self.done[entry["article_id"]] = (entry["key"], part, entry.get("retry", False))

    def _read_manifests(self) -> dict[int, dict]:
        manifests = {}
        for path in (self.out / "manifest").glob("part-*.json"):
            match = _PART.match(path.name)
            if match:
                manifests[int(match.group(1))] = json.loads(path.read_text(encoding="utf-8"))
        return manifests

    def _clean_orphans(self) -> None:
        """Remove files of partitions that never got a manifest, and temp files."""
        for folder in [*TABLES, "status", "manifest"]:
            directory = self.out / folder
            if not directory.is_dir():
                continue
            for path in directory.iterdir():
                match = _PART.match(path.name)
                if path.name.endswith(".tmp") or (
                    match and int(match.group(1)) not in self.manifests
                ):
                    path.unlink()

    def is_done(self, task: ArticleTask) -> bool:
        """Whether the article was done with the same key (and needs no retry)."""
        entry = self.done.get(task.article_id)
        return entry is not None and entry[0] == task.key and not entry[2]

    def write_partition(self, statuses: list[dict], files: dict[str, bytes]) -> int:
        """Commit one partition: its table files, its status rows, then its manifest.

        ``files`` maps each table name to Parquet bytes (from the worker);
        ``statuses`` are the articles' status rows, in order.
        """
        part = self.next_part
        self.next_part += 1
        name = f"part-{part:05d}"
        for table in TABLES:
            _write_bytes(files[table], self.out / table / f"{name}.parquet")
        rows = [{**status, "partition": part} for status in statuses]
        _write_parquet(status_table(rows), self.out / "status" / f"{name}.parquet")
        manifest = {
            "partition": part,
            "articles": [
                {"article_id": row["article_id"], "key": row["key"], "retry": _retry(row)}
                for row in rows
            ],
        }
        atomic_write_text(self.out / "manifest" / f"{name}.json", json.dumps(manifest))
        self.manifests[part] = manifest
        for row in rows:
            self.done[row["article_id"]] = (row["key"], part, _retry(row))
        return part

    def compact(self) -> None:
        """Drop rows of articles that a later partition superseded."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        for part in sorted(self.manifests):
            manifest = self.manifests[part]
            stale = {
                e["article_id"]
                for e in manifest["articles"]
                if self.done.get(e["article_id"], (None, part))[1] != part
            }
            if not stale:
                continue
            name = f"part-{part:05d}"
            value_set = _string_array(sorted(stale))
            for table in [*TABLES, "status"]:
                path = self.out / table / f"{name}.parquet"
                data = pq.read_table(path)
                keep = pc.invert(pc.is_in(data["article_id"], value_set=value_set))
                _write_parquet(data.filter(keep), path)
            manifest = {
                **manifest,
                "articles": [e for e in manifest["articles"] if e["article_id"] not in stale],
            }
            atomic_write_text(self.out / "manifest" / f"{name}.json", json.dumps(manifest))
            self.manifests[part] = manifest

    def merge_status(self) -> pd.DataFrame:
        frame = read_table(self.out, "status")
        frame = frame.sort_values(["article_id", "partition"], kind="stable")
        frame = frame.drop_duplicates("article_id", keep="last").reset_index(drop=True)
        _write_parquet_frame(frame, self.out / "status.parquet")
        return frame


def _string_array(values: list[str]) -> Any:
    import pyarrow as pa

    return pa.array(values, type=pa.string())


def _write_parquet(table: Any, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _write_bytes(data: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _retry(row: dict) -> bool:
    """Internal errors are retried by the next run; other errors are final."""
    return row["reason"].startswith("internal error")


def _write_parquet_frame(frame: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa

    _write_parquet(pa.Table.from_pandas(frame, preserve_index=False), path)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file, flush it to disk and rename it to ``path``."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# --------------------------------------------------------------------------- reading results


def read_table(out_dir: str | Path, name: str, *, columns: list[str] | None = None) -> pd.DataFrame:
    """Read one merged table of a corpus output folder, in partition order.

    Parameters
    ----------
    out_dir
        The ``--out`` folder of a corpus run.
    name
        One of :data:`TABLES` or ``"status"``.
    columns
        Read only these columns.
    """
    import pyarrow.parquet as pq

    folder = Path(out_dir) / name
    files = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    if not files:
        empty = table_schema(name).empty_table()
        frame = to_pandas(empty)
        return frame[columns] if columns else frame
    tables = [pq.read_table(path, columns=columns) for path in files]
    return to_pandas(concat_tables(tables, tables[0].schema))


def read_corpus(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """All merged tables of a corpus output folder, plus ``status``."""
    out = Path(out_dir)
    if not (out / "manifest").is_dir():
        raise MawaqifError(f"not a corpus output folder (no manifest/): {out}")
    tables = {name: read_table(out, name) for name in TABLES}
    status = read_table(out, "status").sort_values(["article_id", "partition"], kind="stable")
    tables["status"] = status.drop_duplicates("article_id", keep="last").reset_index(drop=True)
    return tables


def write_csv(out_dir: str | Path) -> list[Path]:
    """Write ``<table>.csv`` (UTF-8, one header) for each merged table, streaming."""
    import pyarrow.parquet as pq

    out = Path(out_dir)
    written = []
    for name in [*TABLES, "status"]:
        target = out / f"{name}.csv"
        tmp = target.with_name(target.name + ".tmp")
        if name == "status":
            to_pandas(pq.read_table(out / "status.parquet")).to_csv(tmp, index=False)
        else:
            files = sorted((out / name).glob("part-*.parquet"))
            header = True
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                if not files:
                    to_pandas(table_schema(name).empty_table()).to_csv(handle, index=False)
                for path in files:
                    to_pandas(pq.read_table(path)).to_csv(handle, index=False, header=header)
                    header = False
        os.replace(tmp, target)
        written.append(target)
    return written
