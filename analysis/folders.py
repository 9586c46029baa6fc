"""Output folders and files replaced whole: write into a temporary sibling, then swap it in.

A failure at any point leaves the previous folder exactly as it was, and a
reader never sees half a file. This
module needs nothing beyond the standard library, so the ``report`` command's
parent process can use it without importing pandas.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import MawaqifError

__all__ = ["cache_dir", "replace_folder", "write_file_atomically", "write_folder_atomically"]


def write_folder_atomically(files: dict[str, bytes], out_dir: str | Path) -> Path:
    """Write files into a fresh temporary folder, then swap it in for ``out_dir``.

    A failure at any point leaves an existing ``out_dir`` exactly as it was.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise MawaqifError(f"output path exists and is not a folder: {out}")
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    except OSError as exc:
        raise MawaqifError(f"cannot create output folder {out}: {exc.strerror}") from None
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        replace_folder(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise MawaqifError(f"cannot write output folder {out}: {exc.strerror}") from None
    return out


def write_file_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it into place: the file appears whole
    (another process waiting for it never reads it half written)."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def replace_folder(staging: Path, out: Path) -> None:
    """Swap ``staging`` in for ``out`` with two renames (old copy removed last)."""
    backup = None
    if out.exists():
        backup = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, backup)
    try:
        os.replace(staging, out)
    except OSError:
        if backup is not None:
            os.replace(backup, out)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def cache_dir() -> Path | None:
    """Where Mawaqif keeps what it can rebuild (the compiled lexicon, compiled report
    templates): ``$MAWAQIF_CACHE``, else ``$XDG_CACHE_HOME/mawaqif`` or
    ``~/.cache/mawaqif``; None when ``$MAWAQIF_CACHE`` is ``off``, ``0`` or ``none``."""
    root = os.environ.get("MAWAQIF_CACHE") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mawaqif"
    )
    return None if root.lower() in {"off", "0", "none"} else Path(root)
