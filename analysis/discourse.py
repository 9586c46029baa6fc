"""The article as the statements stages see it.

:class:`_Doc` holds the folded text, its sentences (with quotation spans) and
the actor mentions with their gender and number; :class:`_Statement` is a
statement under construction. The small lookups here (the mention before or
after a position, the original text of a folded span, agreement) are shared by
:mod:`analysis.speakers`, :mod:`analysis.statements`, :mod:`analysis.denials`
and :mod:`analysis.stances`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .reporting import GENDERS, Form, Reporting
from .text import fold_term

MINED_ROLES = frozenset({"title", "deck", "body"})


_PUNCT = "\"'«»“”.,;:!?()[]{}-،؛؟…"


_TOKEN = re.compile(r"\S+")


_QUOTE_CHARS = re.compile('[«»"“”„]')


@dataclass
class _Sentence:
    sid: int
    pid: int
    role: str
    ostart: int
    oend: int
    fstart: int
    fend: int
    block: int
    tokens: list[tuple[int, int, str]] = field(default_factory=list)
    quotes: list[tuple[int, int, bool]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    def token_at(self, pos: int) -> int:
        """Index of the token containing (or first starting after) folded ``pos``."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i >= 0 and self.tokens[i][1] > pos:
            return i
        return i + 1


@dataclass(frozen=True)
class _Mention:
    fstart: int
    fend: int
    ostart: int
    oend: int
    actor_id: str
    gender: str
    method: str


_DEFINITE_SURNAME = 5  # letters, with ال


class _Doc:
    """Per-article lookups: sentences, tokens, quotes, mentions (folded offsets)."""

    def __init__(self, article: Any, mentions: pd.DataFrame, actors: pd.DataFrame) -> None:
        self.text: str = article.text
        self.folded: str = article.folded
        self.fmap = np.asarray(article.fold_map)
        frame = article.sentences
        order = np.argsort(frame["start"].to_numpy(), kind="stable")
        starts = frame["start"].to_numpy()[order]
        ends = frame["end"].to_numpy()[order]
        sids = frame["sentence_id"].to_numpy()[order].tolist()
        pids = frame["paragraph_id"].to_numpy()[order].tolist()
        roles = frame["role"].to_numpy()[order].tolist()
        fstarts = np.searchsorted(self.fmap, starts, side="left")
        fends = np.searchsorted(self.fmap, ends, side="left")
        blocks, block, previous_end = [], 0, None
        for s, e in zip(starts, ends, strict=True):
            if previous_end is not None and self.text.count("\n", previous_end, s) > 1:
                block += 1
            blocks.append(block)
            previous_end = e
        columns = (sids, pids, roles, starts.tolist(), ends.tolist(), fstarts.tolist(),
                   fends.tolist(), blocks)  # fmt: skip
        self.sentences = [_Sentence(*values) for values in zip(*columns, strict=True)]
        self._fstarts = [s.fstart for s in self.sentences]
        self._prepared: set[int] = set()
        self.mentions = self._mentions(mentions)
        self._mstarts = [m.fstart for m in self.mentions]
        self.persons: set[str] = set()
        if actors is not None and len(actors) and "actor_type" in actors:
            self.persons = set(actors.loc[actors["actor_type"] == "person", "actor_id"])
        names = {}
        if actors is not None and len(actors) and "name_ar" in actors:
            pairs = zip(actors["actor_id"], actors["name_ar"].fillna(""), strict=True)
            names = {str(a): fold_term(str(n or "")) for a, n in pairs}
        # mentions whose span starts with a preposition clitic (لوكالة فرانس برس)
        self.clitic_starts = {
            m.fstart for m in self.mentions
            if self.folded[m.fstart] in "لب" and names.get(m.actor_id)
            and not names[m.actor_id].startswith(self.folded[m.fstart])
        }  # fmt: skip
        self._surnames: dict[str, tuple[int, str | None]] = {}
        for m in self.mentions:
            if m.actor_id not in self.persons:
                continue
            words = self.folded[m.fstart : m.fend].split()
            last = words[-1] if len(words) > 1 else ""
            # a definite family name counts when it is long enough not to be a plain
            # noun (الشيخ, not الحق)
            if len(last) >= 3 and (not last.startswith("ال") or len(last) >= _DEFINITE_SURNAME):
                end, owner = self._surnames.get(last, (m.fend, m.actor_id))
                self._surnames[last] = (end, owner if owner == m.actor_id else None)
        self.parents = {}
        if actors is not None and len(actors) and "parent_id" in actors:
            parents = actors["parent_id"].fillna("")
            self.parents = {
                str(a): str(p) for a, p in zip(actors["actor_id"], parents, strict=True)
            }

    def hide(self, spans: list[tuple[int, int]]) -> None:
        """Read past ``spans`` (asides): blanked in ``folded``, their mentions dropped.

        Offsets do not change; call before any sentence is tokenised.
        """
        if not spans:
            return
        chars = list(self.folded)
        for start, end in spans:
            chars[start:end] = " " * (end - start)
        self.folded = "".join(chars)
        starts = [s for s, _ in spans]
        hidden = [
            i > 0 and m.fstart < spans[i - 1][1]
            for m in self.mentions
            for i in [bisect.bisect_right(starts, m.fstart)]
        ]
        self.mentions = [m for m, h in zip(self.mentions, hidden, strict=True) if not h]
        self._mstarts = [m.fstart for m in self.mentions]

    def _mentions(self, frame: pd.DataFrame) -> list[_Mention]:
        if frame is None or not len(frame):
            return []
        starts = frame["start"].to_numpy(dtype=np.int64)
        ends = frame["end"].to_numpy(dtype=np.int64)
        order = np.lexsort((-ends, starts))
        starts, ends = starts[order], ends[order]
        blank = [""] * len(order)
        gender = frame["gender"].to_numpy()[order].tolist() if "gender" in frame else blank
        method = frame["method"].to_numpy()[order].tolist() if "method" in frame else blank
        found: list[_Mention] = []
        last_end = -1
        fstarts = np.searchsorted(self.fmap, starts, side="left").tolist()
        fends = np.searchsorted(self.fmap, ends, side="left").tolist()
        actor_ids = frame["actor_id"].to_numpy()[order].tolist()
        columns = (starts.tolist(), ends.tolist(), fstarts, fends, actor_ids, gender, method)
        for s, e, fs, fe, a, g, m in zip(*columns, strict=True):
            if s < last_end:  # nested in a longer mention: the outer one speaks
                continue
            found.append(_Mention(int(fs), int(fe), int(s), int(e), str(a),
                                  str(g) if g in GENDERS else "", str(m)))  # fmt: skip
            last_end = int(e)
        return found

    def sentence_at(self, fpos: int) -> _Sentence | None:
        i = bisect.bisect_right(self._fstarts, fpos) - 1
        if i < 0 or fpos >= self.sentences[i].fend:
            return None
        sent = self.sentences[i]
        if sent.sid not in self._prepared:
            self._prepare(sent)
        return sent

    def _prepare(self, sent: _Sentence) -> None:
        self._prepared.add(sent.sid)
        sent.tokens = [
            (*m.span(), m.group().strip(_PUNCT))
            for m in _TOKEN.finditer(self.folded, sent.fstart, sent.fend)
        ]
        sent.starts = [t[0] for t in sent.tokens]
        sent.quotes = _quote_spans(self.text, sent.ostart, sent.oend, self.fmap)

    def orig(self, fpos: int) -> int:
        return int(self.fmap[min(max(fpos, 0), len(self.fmap) - 1)])

    def covers(self, fpos: int) -> bool:
        """Whether a mention spans folded position ``fpos``."""
        i = bisect.bisect_right(self._mstarts, fpos) - 1
        return any(m.fstart <= fpos < m.fend for m in self.mentions[max(0, i - 2) : i + 1])

    def mentions_in(self, fstart: int, fend: int) -> list[_Mention]:
        i = bisect.bisect_left(self._mstarts, fstart)
        out = []
        while i < len(self.mentions) and self.mentions[i].fstart < fend:
            if self.mentions[i].fend <= fend:
                out.append(self.mentions[i])
            i += 1
        return out

    def mention_starting(self, fstart: int, fend: int) -> _Mention | None:
        found = self.mentions_in(fstart, fend + 200)
        return next((m for m in found if fstart <= m.fstart < fend), None)

    def surname_at(self, fstart: int, fend: int) -> _Mention | None:
        """``وقال سلام``: the word at ``[fstart, fend)`` is the last name of exactly
        one person named in full earlier in the article; a mention of that person."""
        end, owner = self._surnames.get(self.folded[fstart:fend], (fend, None))
        if owner is None or end > fstart:
            return None
        ostart, oend = int(self.fmap[fstart]), int(self.fmap[fend - 1]) + 1
        return _Mention(fstart, fend, ostart, oend, owner, "m", "surname")

    def name_end(self, mention: _Mention) -> int:
        """End of a name run: the mention and adjacent mentions of the same actor.

        ``قائد قوات الدعم السريع محمد حمدان دقلو (حميدتي)`` is one subject, and so is
        an unnamed spokesperson with the organisation it speaks for (``متحدث باسم
        البنتاغون``).
        """
        end = mention.fend
        quoted = self.folded[mention.fstart - 1 : mention.fstart] == '"'
        if quoted and self.folded.startswith('"', end):
            end += 1  # a quoted name: ``وكالة "إرنا"``
        speaks_for = self.folded[mention.fstart : end].endswith("باسم")
        while True:
            gap = end
            while gap < len(self.folded) and self.folded[gap] in " (":
                gap += 1
            nxt = self.mention_starting(gap, gap + 1)
            if nxt is None or gap == end and gap > 0:
                break
            if nxt.actor_id != mention.actor_id and not speaks_for:
                break
            speaks_for = False  # the organisation it speaks for, once
            end = nxt.fend
            if self.folded.startswith(")", end):
                end += 1
        return end

    def ancestors(self, actor_id: str) -> set[str]:
        seen: set[str] = set()
        while actor_id and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.parents.get(actor_id, "")
        return seen

    def same_family(self, a: str, b: str) -> bool:
        return a in self.ancestors(b) or b in self.ancestors(a)


def _quote_spans(text: str, start: int, end: int, fmap: np.ndarray) -> list[tuple[int, int, bool]]:
    """Outermost quotations of a sentence as folded ``(open, close, closed)``.

    ``«`` opens and ``»`` closes; straight and curly double quotes toggle.  An
    unclosed quotation runs to the sentence end (``closed`` is False).
    """
    spans: list[tuple[int, int, bool]] = []
    depth, opener, toggle_open = 0, -1, False
    for hit in _QUOTE_CHARS.finditer(text, start, end):
        i, ch = hit.start(), hit.group()
        if ch == "«" or (ch in '"“”„' and not toggle_open and depth == 0):
            if depth == 0:
                opener = i
            depth += 1
            if ch != "«":
                toggle_open = True
        elif ch == "»" or (ch in '"“”„' and toggle_open):
            if depth == 0:
                continue
            depth -= 1
            if ch != "»":
                toggle_open = False
            if depth == 0:
                spans.append((opener, i + 1, True))
                toggle_open = False
    if depth > 0:
        spans.append((opener, end, False))
    return [
        (int(np.searchsorted(fmap, s)), int(np.searchsorted(fmap, e)), closed)
        for s, e, closed in spans
    ]


def _in_quote(sent: _Sentence, fpos: int) -> tuple[int, int, bool] | None:
    return next((q for q in sent.quotes if q[0] < fpos < q[1]), None)


@dataclass
class _Statement:
    sent: _Sentence
    start: int  # folded span of the statement clause
    end: int
    verb_start: int
    speakers: list[_Mention | None]
    speaker_source: str
    verb: str
    form: Form | None
    act: str
    content: tuple[int, int]  # folded content span
    quote_kind: str
    quote: tuple[int, int]  # folded span of the quote column
    unclosed: bool
    date: dt.date | None
    confidence: float
    frame: tuple[int, int]  # folded span searched for the date
    before_frame: tuple[int, int] = (0, 0)  # searched when the frame has no day
    objects: list[_Mention] = field(default_factory=list)
    targets: list[_Mention] = field(default_factory=list)
    date_from: _Statement | None = None  # the statement whose day a participle shares
    denies_by_content: bool = False  # a claim verb whose content negates something


def _speaker_id(item: _Statement) -> str:
    return item.speakers[0].actor_id if item.speakers and item.speakers[0] else ""


def _norm(matched: str) -> str:
    return " ".join(matched.split())


def _orig(doc: _Doc, fstart: int, fend: int) -> str:
    return doc.text[doc.orig(fstart) : doc.orig(fend)].strip()


def _verb_form(rep: Reporting, word: str) -> bool:
    """Whether ``word`` is a reporting verb form, possibly with an object pronoun."""
    if word in rep.forms:
        return True
    stems = [word[: -len(s)] for s in ("ها", "هم", "ه") if word.endswith(s)]
    return any(stem in rep.forms or stem in rep.stems for stem in stems)


def _has_particle(rep: Reporting, sent: _Sentence, pos: int, particle: str) -> bool:
    i = sent.token_at(pos)
    for _, _, core in sent.tokens[i : i + 6]:
        if core in rep.complementizers:
            return False
        if core == particle:
            return True
    return False


def _compatible(verb_gender: str, mention_gender: str) -> bool:
    return not verb_gender or not mention_gender or verb_gender == mention_gender


def _of_sentence(earlier: list[_Statement], sid: int) -> list[_Statement]:
    """Statements of sentence ``sid`` among ``earlier`` (kept in document order)."""
    out = []
    for item in reversed(earlier):
        if item.sent.sid < sid:
            break
        if item.sent.sid == sid:
            out.append(item)
    return out[::-1]


def _quote_at(sent: _Sentence, fpos: int) -> tuple[int, int, bool] | None:
    return next((q for q in sent.quotes if q[0] == fpos), None)


_NAME_WORDS = 4  # a quoted name (an outlet's: "يديعوت أحرونوت") is shorter than this


def _quoted_name(doc: _Doc, sent: _Sentence, fpos: int) -> tuple[int, int, bool] | None:
    """A closed quotation at ``fpos`` short enough to be a name, not a quoted statement."""
    quote = _quote_at(sent, fpos)
    if quote is None or not quote[2] or doc.folded.count(" ", quote[0], quote[1]) >= _NAME_WORDS:
        return None
    return quote


def before_adjacent(doc: _Doc, before: _Mention | None, hit: re.Match) -> bool:
    """Whether ``before`` is the subject right before a relation verb (SVO)."""
    return before is not None and not doc.folded[before.fend : hit.start()].strip(" ,")


def _mentions_after(doc: _Doc, sent: _Sentence, pos: int, words: int) -> list[_Mention]:
    """Mentions starting within ``words`` words after ``pos``, each joined to the last."""
    i = sent.token_at(pos)
    found: list[_Mention] = []
    skipped = 0
    while i < len(sent.tokens) and skipped <= words:
        s, e, core = sent.tokens[i]
        mention = doc.mention_starting(s, min(e, s + 3))
        if mention is not None:
            found.append(mention)
            i = max(i + 1, sent.token_at(mention.fend))
            skipped = 0
            continue
        if found and core not in {"و", "بين"}:
            break
        if core not in {"و", "بين", "من"}:
            skipped += 1
        i += 1
    return found


def _mention_before(doc: _Doc, sent: _Sentence, pos: int, words: int) -> _Mention | None:
    candidates = doc.mentions_in(sent.fstart, pos)
    if not candidates:
        return None
    mention = candidates[-1]
    if doc.folded.count(" ", mention.fend, pos) > words:
        return None
    return mention
