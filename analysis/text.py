"""Reading, folding and segmenting an Arabic article.

Offsets everywhere in the package index the *decoded original text* (a BOM is
removed, nothing else changes). Matching happens on a folded copy made once
per article, with an array that maps every folded character back to its
original offset.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import MawaqifError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

MAX_BYTES = 20_000_000
"""Largest article accepted (bytes); news articles are a few kB."""

SENTENCE_COLUMNS = ["sentence_id", "paragraph_id", "role", "start", "end", "text"]

_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]  # tashkeel incl. shadda, sukun, hamza marks
    + ["\u0670", "\u0640", "\u06e1", "\u06ed"]  # dagger alef, tatweel, Quranic marks
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
_SUBSTITUTE = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ک": "ك",
    "ة": "ه",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "″": '"',
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "-",
    "‐": "-",
    "\t": " ",
}
_SUBSTITUTE.update({chr(0x0660 + d): str(d) for d in range(10)})
_SUBSTITUTE.update({chr(0x06F0 + d): str(d) for d in range(10)})
_SUBSTITUTE.update({chr(c): " " for c in [0x00A0, 0x1680, 0x202F, 0x205F, 0x3000]})
_SUBSTITUTE.update({chr(c): " " for c in range(0x2000, 0x200B)})
_SUBSTITUTE.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})

_TABLE = str.maketrans({**_SUBSTITUTE, **{ch: None for ch in _DELETE}})
_DELETE_CODES = sorted(ord(ch) for ch in _DELETE)

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


def fold(text: str) -> tuple[str, np.ndarray]:
    """Fold text for matching and return a map back to original offsets.

    Parameters
    ----------
    text
        Original text.

    Returns
    -------
    folded, fold_map
        ``folded`` has hamza/alef forms, ى/ي, ة/ه, tashkeel, tatweel, Unicode
        spaces, Arabic-Indic digits and Arabic punctuation folded. ``fold_map``
        has ``len(folded) + 1`` entries: ``fold_map[i]`` is the original offset
        of folded character ``i`` and the last entry is ``len(text)``.

    Examples
    --------
    >>> folded, fmap = fold("الأمم المتّحدة")
    >>> folded
    'الامم المتحده'
    >>> int(fmap[len("الامم المتح")])
    12
    """
    import numpy as np  # here, not at the top: reading and checking an article need no NumPy

    folded = text.translate(_TABLE)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    keep = np.flatnonzero(~np.isin(codes, _DELETE_CODES))
    fold_map = np.append(keep, len(text)).astype(np.int64)
    if len(fold_map) != len(folded) + 1:  # pragma: no cover - table and codes must agree
        raise AssertionError("fold map out of step with folded text")
    return folded, fold_map


def fold_term(term: str) -> str:
    """Fold a lexicon term the same way text is folded, collapsing spaces."""
    return " ".join(term.translate(_TABLE).split())


# --------------------------------------------------------------------------- reading


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes, returning ``(text, encoding)``.

    Accepts UTF-8 with or without BOM, UTF-16 with BOM and Windows-1256.

    >>> decode("سلام".encode("cp1256"))
    ('سلام', 'windows-1256')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:], "utf-8", "UTF-8 with BOM"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data, "utf-16", "UTF-16"), "utf-16"
    if b"\x00" in data:
        raise MawaqifError("binary data: the file contains NUL bytes and no UTF-16 BOM")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as exc:
        raise MawaqifError(
            f"undecodable bytes: not UTF-8, UTF-16 or Windows-1256 (byte {exc.start})"
        ) from None
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text) or not _looks_arabic(text):
        raise MawaqifError("undecodable bytes: not UTF-8, UTF-16 or Windows-1256 text")
    return text, "windows-1256"


def _checked(data: bytes, codec: str, label: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise MawaqifError(f"undecodable bytes: invalid {label} at byte {exc.start}") from None
    return text.removeprefix("\ufeff")


def _looks_arabic(text: str) -> bool:
    letters = sum(1 for ch in text if ch.isalpha())
    return letters > 0 and len(_ARABIC_LETTER.findall(text)) / letters >= 0.3


def read_source(source: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[str, str, str]:
    """Return ``(text, encoding, name)`` for a path or for literal article text.

    A :class:`~pathlib.Path`, or a one-line string naming an existing file or
    ending in ``.txt``, is read from disk; any other string is the article.
    """
    if isinstance(source, str) and not _is_pathlike(source):
        return source.removeprefix("\ufeff"), "str", ""
    path = Path(source)
    if not path.exists():
        raise MawaqifError(f"no such file: {path}")
    if path.is_dir():
        raise MawaqifError(f"is a directory, not an article file: {path}")
    size = path.stat().st_size
    if size > max_bytes:
        raise MawaqifError(f"file too large: {path} is {size} bytes (limit {max_bytes})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MawaqifError(f"cannot read {path}: {exc.strerror}") from None
    text, encoding = decode(data)
    return text, encoding, path.name


def _is_pathlike(source: str) -> bool:
    if "\n" in source or len(source) > 1024:
        return False
    try:
        return (
            source.endswith(".txt") and not _ARABIC_LETTER.search(source) or Path(source).exists()
        )
    except OSError:  # a long one-line article is not a file name
        return False


# --------------------------------------------------------------------------- segmenting


@dataclass(frozen=True)
class Article:
    """A decoded article with its folded copy and its segmentation."""

    text: str
    encoding: str
    name: str
    folded: str = field(repr=False)
    fold_map: np.ndarray = field(repr=False)
    sentences: pd.DataFrame = field(repr=False)


def check_article(source: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[str, str, str]:
    """Read an article and check it is one: ``(text, encoding, name)``.

    Raises :class:`MawaqifError` for a missing file, a directory, an empty or
    whitespace-only text, binary or undecodable data, a text without Arabic or
    a file over ``max_bytes``.
    """
    text, encoding, name = read_source(source, max_bytes=max_bytes)
    if not text.strip():
        raise MawaqifError("empty article: the text is empty or whitespace only")
    if not _ARABIC_LETTER.search(text):
        raise MawaqifError("no Arabic text: the article contains no Arabic letters")
    return text, encoding, name


def read_article(source: str | Path, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read, validate (:func:`check_article`), fold and segment an article."""
    text, encoding, name = check_article(source, max_bytes=max_bytes)
    folded, fold_map = fold(text)
    return Article(text, encoding, name, folded, fold_map, segment(text))


_LINE = re.compile(r"[^\r\n]+")
_DASH = r"[-–—ـ]"
_DATELINE = re.compile(
    r"(?:\((?:[^()\n]{2,30})\)\s*" + _DASH + r"*\s*"
    r"|[^\s\-–—ـ:.،,\"«()]{2,20}(?:\s[^\s\-–—ـ:.،,\"«()]{2,20}){0,2}\s*"
    r"(?:\((?:[^()\n]{2,30})\)\s*)?" + _DASH + r"+\s*"
    r"(?:[^\s\-–—ـ:.،,\"«]{2,25}(?:\.\w{2,4})?(?:\s[^\s\-–—ـ:.،,\"«]{2,15})?\s*[-–—ـ:]+\s*)?"
    r"|(?P<word>[^\s:،,\"«]{2,20})\s*:\s*)"
)
_SENTENCE_END = re.compile(r"(?:[.!?؟]+|…)[\"»”')\]]*(?=\s|$)")
_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:[\u0621-\u064a]|[A-Za-z]|Mr|Dr|Mrs|St|No|U\.S|ق\.م|ص\.ب|د\.ت)$"
)


def segment(text: str) -> pd.DataFrame:
    """Split text into paragraphs (lines) and sentences with their roles.

    Roles: ``title`` (first line), ``deck`` (lines before the first body
    paragraph), ``dateline`` (``واشنطن -``, ``دبي ـ العربية.نت``, ``(CNN)—``;
    its own row), ``body`` and ``repeated`` (a line already printed, such as a
    caption, kept but not mined).
    """
    import numpy as np
    import pandas as pd

    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    blocks = _block_numbers(text, lines)
    rows: list[tuple[int, str, int, int]] = []
    seen: set[str] = set()
    body_start = _first_body_line(text, lines, blocks)
    for index, (start, end) in enumerate(lines):
        paragraph_id = index + 1
        key = " ".join(text[start:end].split())
        if index == 0:
            role = "title"
        elif key in seen:
            role = "repeated"
        elif index < body_start:
            role = "deck"
        else:
            role = "body"
        seen.add(key)
        if role == "body" and index == body_start:
            match = _dateline(text, start, end)
            if match and match.end() < end:
                rows.append((paragraph_id, "dateline", match.start(), _rstrip(text, match.end())))
                start = match.end()
        for s, e in _split_sentences(text, start, end):
            rows.append((paragraph_id, role, s, e))
    return pd.DataFrame(
        {
            "sentence_id": np.arange(1, len(rows) + 1, dtype=np.int64),
            "paragraph_id": np.array([r[0] for r in rows], dtype=np.int64),
            "role": [r[1] for r in rows],
            "start": np.array([r[2] for r in rows], dtype=np.int64),
            "end": np.array([r[3] for r in rows], dtype=np.int64),
            "text": [text[r[2] : r[3]] for r in rows],
        }
    )


def _block_numbers(text: str, lines: list[tuple[int, int]]) -> list[int]:
    """Number blocks of lines separated by blank (or whitespace-only) lines."""
    numbers, block = [], 0
    for i, (start, _) in enumerate(lines):
        if i and len(re.findall(r"\r\n|\r|\n", text[lines[i - 1][1] : start])) > 1:
            block += 1
        numbers.append(block)
    return numbers


def _dateline(text: str, start: int, end: int) -> re.Match | None:
    """A dateline at the start of a line, but not a speech verb before its quotation
    (``بيروت:`` is one, ``وتابع:`` is not: the verb is in the reporting lexicon)."""
    match = _DATELINE.match(text, _skip_space(text, start), end)
    if match is None or match.group("word") is None:
        return match
    from analysis.reporting import load_reporting  # the reporting lexicon folds with this module

    word = fold_term(match.group("word"))
    forms = load_reporting().forms
    return None if word in forms or word[:1] in "وف" and word[1:] in forms else match


def _first_body_line(text: str, lines: list[tuple[int, int]], blocks: list[int]) -> int:
    """Index of the first body line: the first line with a dateline among the
    first six, else the first line after the title's block that ends a sentence."""
    for i in range(1, min(len(lines), 6)):
        start, end = lines[i]
        match = _dateline(text, start, end)
        if match and match.end() < end and _is_place_like(match.group()):
            return i
    for i in range(1, len(lines)):
        if blocks[i] != blocks[0]:
            return i
    return 1


def _is_place_like(prefix: str) -> bool:
    words = fold_term(re.sub(r"[-–—ـ:()]", " ", prefix)).split()
    verbs = ("قال", "اكد", "ذكر", "اعلن", "يبحث", "يوضح")
    return 0 < len(words) <= 5 and not any(w.lstrip("وف") in verbs for w in words)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _rstrip(text: str, pos: int) -> int:
    while pos > 0 and (text[pos - 1].isspace() or text[pos - 1] in "-–—ـ:"):
        pos -= 1
    return pos


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cursor = [], _skip_space(text, start)
    for match in _SENTENCE_END.finditer(text, cursor, end):
        before = text[cursor : match.start()]
        if text[match.start()] == "." and _ABBREVIATION.search(before):
            continue
        spans.append((cursor, match.end()))
        cursor = _skip_space(text, match.end())
    if cursor < end:
        spans.append((cursor, end))
    return [(s, _trim_end(text, s, e)) for s, e in spans if text[s:e].strip()]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or unicodedata.category(text[end - 1]) == "Cf"):
        end -= 1
    return end
