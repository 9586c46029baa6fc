"""What the actor stages share: mention records on the folded text and small helpers.

:class:`_Mention` (a span of the folded text with its actor, method, gender and
type), :class:`_NewActor` (an actor found in the text, not in the lexicon),
:func:`romanise` for their ids, proclitic sets, word look-behind and span
coverage helpers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .text import fold_term

_BARE = frozenset(["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"])


# ``لال``/``ولال`` is ``لـال`` with its tatweel folded away (``لـالعربي الجديد``).
_ARTICLE = frozenset(
    ["ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال", "وكال", "لال", "ولال"]
)


_WORD = re.compile(r"[^\W_]+")


_ROMAN = str.maketrans(
    {
        "ا": "a",
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "ع": "a",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "و": "w",
        "ي": "y",
        "ء": "",
        "ئ": "y",
        "ؤ": "w",
        " ": "_",
    }
)


@dataclass(frozen=True)
class _Mention:
    """A mention on the folded text: ``[start, end)`` in folded offsets."""

    start: int
    end: int
    actor_id: str
    method: str
    gender: str
    actor_type: str = ""


@dataclass(frozen=True)
class _NewActor:
    actor_id: str
    name_en: str
    name_ar: str
    actor_type: str
    country_code: str
    parent_id: str


def romanise(name: str) -> str:
    """Readable ASCII slug of an Arabic name for discovered actor ids.

    >>> romanise("أحمد المسماري")
    'ahmd_almsmary'
    """
    slug = fold_term(name).translate(_ROMAN)
    return re.sub(r"[^a-z0-9_]", "", slug).strip("_") or "x"


class _Types:
    """``actor_id -> actor_type`` over the lexicon's index, without copying it."""

    def __init__(self, index: dict[str, dict[str, str]]) -> None:
        self.index = index

    def get(self, actor_id: str, default: str | None = None) -> str | None:
        row = self.index.get(actor_id)
        return row["actor_type"] if row else default


def _new_type(mention: _Mention, new_actors: dict[str, _NewActor]) -> str:
    actor = new_actors.get(mention.actor_id)
    return actor.actor_type if actor else ""


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = _bisect(spans, start)
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def _bisect(spans: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid][0] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _word_start(folded: str, pos: int, limit: int = 6) -> int:
    start = pos
    while start > 0 and pos - start < limit and folded[start - 1].isalnum():
        start -= 1
    return start


def _previous_words(folded: str, pos: int, count: int = 2) -> list[str]:
    window = folded[max(0, pos - 60) : pos]
    if re.search(r"[.!?,;:\"()\n]\s*$", window):
        return []
    words = _WORD.findall(window.split("\n")[-1])
    return words[-count:][::-1]


_DEFINITE = ("ال", "لل", "بال", "وال", "فال", "كال")


def _family_nisba(folded: str, mention: _Mention) -> bool:
    """Whether a mention is a bare definite masculine nisba (``السوداني``), the
    form a family name takes (``محمد شياع السوداني``)."""
    return (
        mention.method == "nisba"
        and folded.startswith("ال", mention.start)
        and (mention.start == 0 or not folded[mention.start - 1].isalnum())
        and folded[mention.end - 1] == "ي"
    )


class _Coverage:
    """Whether a span lies inside any of many (possibly overlapping) spans, in
    O(log n) per question: spans sorted by start with a running maximum end.

    >>> _Coverage([(5, 9), (0, 3)]).covers(6, 8), _Coverage([(0, 3)]).covers(2, 4)
    (True, False)
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach: list[int] = []
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


def _skip_space(folded: str, pos: int) -> int:
    while pos < len(folded) and folded[pos] == " ":
        pos += 1
    return pos
