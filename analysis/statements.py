"""Attributed statements and stances: who said what about whom.

One compiled regular expression (a character trie of every reporting verb
form, participle, light-verb expression and attribution cue from
``data/reporting.yaml``) runs over the folded article text; everything after
that is Python work per hit, inside a window of the hit's sentence.

For each hit the stage decides

* whether it is a statement at all: hits inside a direct quotation, bare
  verbs embedded in another statement's content (``قال إن روسيا ترفض``,
  ``يشير إلى``), verbs after a relative pronoun without a subject
  (``الذي ذُكر الجمعة``) and verb-looking nouns followed by a bare nisba
  (``طالب سوري``) are not;
* its speakers: the subject after the verb (VSO, ``قال الجيش الأميركي``, with
  coordinated subjects ``الجيش الوطني وعضو بالبرلمان الروسي`` giving one
  statement each), the subject right before it (SVO, ``افريكوم يوضح``), or a
  speaker carried by agreement (``وأضافت``, ``لكنه يؤكد``, ``مشيرة``): the
  last earlier speaker of the same gender and number in the sentence, the
  subject that opens the sentence, or a speaker of the same block of lines
  (never across a blank line, never more than two sentences back);
* its content: after إن/أن, a quotation mark, a colon or the verb's own
  preposition (حذر من, دعا إلى), up to the next statement of the sentence;
  ``quote_kind`` direct, indirect, mixed (indirect content with quoted
  fragments) or none;
* its act (the verb's or the light-verb noun's; a neutral verb whose content
  opens with a negation is a denial; first-person verbs in a quotation and
  concern as the reported subject refine a claim), the PLOVER type, targets
  (actors named in the content, the speakers excluded), date and confidence.

Denials point at the claim they answer (``responds_to``, see
:func:`_link_denials`).  Stances come from acts, cue words near a target, a
denial's claimant, joint agreement, and relations the narrator states
(``فرنسا، وهي أيضا داعمة لحفتر``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from . import dates as _dates
from .errors import MawaqifError
from .tables import ACTS as _TABLE_ACTS
from .tables import COLUMNS
from .text import fold_term

__all__ = [
    "ACTS",
    "STANCE_COLUMNS",
    "STATEMENT_COLUMNS",
    "Reporting",
    "extract_statements",
    "load_reporting",
]

ACTS = tuple(_TABLE_ACTS)
STATEMENT_COLUMNS = COLUMNS["statements"]
STANCE_COLUMNS = COLUMNS["stances"]
GENDERS = ("m", "f", "pl")
MINED_ROLES = frozenset({"title", "deck", "body"})
DEFAULT_PATH = Path(__file__).parent / "data" / "reporting.yaml"

_NEGATIVE_ACTS = frozenset({"accuse", "condemn", "threaten", "reject", "warn"})
_POSITIVE_ACTS = frozenset({"support", "agree"})
_ANSWERABLE_ACTS = frozenset({"claim", "accuse", "condemn"})
_OBJECT_SUFFIX = r"(?:هما|هم|ها|ه|كم|نا)?"
_NOUN_SUFFIXES = ("", "ه", "ها", "هم", "هما", "نا", "ي", "كم")
_PUNCT = "\"'«»“”.,;:!?()[]{}-،؛؟…"
_VERBAL_NOUNS = frozenset({"قوله", "قولها", "قولهم", "تاكيده", "تاكيدها", "ان", "لـ"})
_MAX_SUBJECT_GAP = 2
_TOKEN = re.compile(r"\S+")
_QUOTE_CHARS = re.compile('[«»"“”„]')
_LOOSE_GENDER_METHODS = frozenset({"state", "metonym", "nisba", "people"})  # العراق, لبنان: m
_PREPOSITIONS = frozenset({"في", "من", "الي", "على", "علي", "عن", "منذ", "حول", "بعد", "قبل"})
_MAX_TITLE_WORDS = 5  # definite words of a title before the subject (الأمين العام ...)
_TITLE_LINKS = frozenset({"باسم", "العام", "الاعلي"})
_MARKER_WINDOW = 14
_CARRY_SENTENCES = 2
_DENIAL_SENTENCES = 60  # a denial answers a claim at most this many sentences back
_ANAPHOR_SENTENCES = 5  # how far back ``نفت هذه الاتهامات`` may find what it answers
_STOP_WORDS = (
    "في من الي علي عن مع ان او ثم قد لقد كان كانت هذا هذه ذلك تلك التي الذي الذين ما لا لم لن "
    "هو هي هم وهو وهي انه انها كما بين بعد قبل حول ضد عند منذ خلال اي كل بعض غير دون نحو حتي "
    "اذا لكن بل اما ايضا فقط جميع تم يتم"
)
_STOP = frozenset(_STOP_WORDS.split())


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Form:
    """What a matched reporting form means."""

    lemma: str
    act: str
    gender: str
    participle: bool
    prep: tuple[str, ...] = ()
    continues: bool = False
    source_after: str = ""


@dataclass(frozen=True)
class Reporting:
    """The compiled reporting lexicon (see ``data/reporting.yaml``)."""

    plover: dict[str, str]
    forms: dict[str, Form]
    light_forms: dict[str, Form]
    nouns: dict[str, str]
    attributions: frozenset[str]
    trigger: re.Pattern = field(repr=False)
    channel: re.Pattern = field(repr=False)
    clause_break: re.Pattern = field(repr=False)
    complementizers: frozenset[str]
    relatives: frozenset[str]
    clause_openers: frozenset[str]
    pronouns: dict[str, str]
    time_words: frozenset[str]
    negation_window: int
    negation: re.Pattern = field(repr=False)
    falsity: re.Pattern = field(repr=False)
    content_acts: re.Pattern = field(repr=False)
    content_act_of: dict[str, str]
    anaphors: frozenset[str]
    cue_window: int
    cues: re.Pattern = field(repr=False)
    cue_polarity: dict[str, str]
    noun: re.Pattern = field(repr=False)
    predicative: frozenset[str]
    subject_nouns: frozenset[str]
    cue_links: frozenset[str]
    light_gap: int
    head_links: frozenset[str]
    cue_barrier: re.Pattern = field(repr=False)
    joint_action: re.Pattern = field(repr=False)
    relations: re.Pattern = field(repr=False)
    relation_of: dict[str, tuple[str, str]]


def load_reporting(path: str | Path | None = None) -> Reporting:
    """Load, validate and compile the reporting lexicon.

    Parameters
    ----------
    path
        A YAML file in the format of ``analysis/data/reporting.yaml``;
        ``None`` for the built-in one.  Results are cached per path.

    Raises
    ------
    MawaqifError
        When the file is missing, is not YAML, or an entry is malformed (the
        message names the entry).
    """
    return _load_reporting(str(Path(path) if path is not None else DEFAULT_PATH))


@functools.lru_cache(maxsize=8)
def _load_reporting(path: str) -> Reporting:
    source = Path(path)
    try:
        doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MawaqifError(f"cannot read reporting lexicon {source}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise MawaqifError(f"reporting lexicon {source.name} is not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise MawaqifError(f"reporting lexicon {source.name}: expected a mapping at the top")
    return _compile(doc, source.name)


def _words(doc: dict, key: str, name: str, *, required: bool = True) -> list[str]:
    value = doc.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise MawaqifError(f"reporting lexicon {name}: {key} must be a list of non-empty strings")
    return [fold_term(v) for v in value]


def _compile(doc: dict[str, Any], name: str) -> Reporting:
    acts = doc.get("acts")
    if not isinstance(acts, dict) or set(acts) != set(ACTS):
        raise MawaqifError(f"reporting lexicon {name}: acts must list exactly {', '.join(ACTS)}")
    plover = {}
    for act, spec in acts.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("plover", ""), str):
            raise MawaqifError(f"reporting lexicon {name}: act {act!r} needs a plover string")
        plover[act] = spec.get("plover") or ""
    forms: dict[str, Form] = {}
    light: dict[str, Form] = {}
    verbs = doc.get("verbs")
    if not isinstance(verbs, list) or not verbs:
        raise MawaqifError(f"reporting lexicon {name}: verbs must be a non-empty list")
    for index, raw in enumerate(verbs, 1):
        _add_verb(raw, index, name, forms, light)
    nouns_raw = doc.get("expression_nouns") or {}
    nouns: dict[str, str] = {}
    for noun, act in nouns_raw.items():
        if act not in ACTS or not isinstance(noun, str) or not fold_term(noun):
            raise MawaqifError(
                f"reporting lexicon {name}: expression noun {noun!r}: bad act {act!r}"
            )
        for variant in _noun_variants(fold_term(noun)):
            nouns.setdefault(variant, act)
    gap = doc.get("light_gap", 6)
    if not isinstance(gap, int) or not 0 <= gap <= 12:
        raise MawaqifError(f"reporting lexicon {name}: light_gap must be an integer 0-12")
    attributions = _words(doc, "attributions", name)
    channels = _words(doc, "channels", name)
    content_acts: dict[str, str] = {}
    for act, phrases in (doc.get("content_acts") or {}).items():
        if act not in ACTS:
            raise MawaqifError(f"reporting lexicon {name}: content_acts: unknown act {act!r}")
        for phrase in _words({"x": phrases}, "x", f"{name} content_acts.{act}"):
            content_acts[phrase] = act
    cue_polarity: dict[str, str] = {}
    for polarity, words in (doc.get("stance_cues") or {}).items():
        if polarity not in {"positive", "negative"}:
            raise MawaqifError(f"reporting lexicon {name}: stance_cues: bad polarity {polarity!r}")
        for word in _words({"x": words}, "x", f"{name} stance_cues.{polarity}"):
            cue_polarity[word] = polarity
    relation_of: dict[str, tuple[str, str]] = {}
    for direction, groups in (doc.get("relations") or {}).items():
        if direction not in {"active", "passive", "mutual", "verb"} or not isinstance(groups, dict):
            raise MawaqifError(f"reporting lexicon {name}: relations: bad direction {direction!r}")
        for polarity, words in groups.items():
            if polarity not in {"positive", "negative"}:
                raise MawaqifError(f"reporting lexicon {name}: relations.{direction}: bad polarity")
            for word in _words({"x": words}, "x", f"{name} relations.{direction}"):
                relation_of[word] = (direction, polarity)
    pronouns: dict[str, str] = {}
    for gender, words in (doc.get("pronoun_subjects") or {}).items():
        if gender not in GENDERS:
            raise MawaqifError(f"reporting lexicon {name}: pronoun_subjects: bad gender {gender!r}")
        for word in _words({"x": words}, "x", f"{name} pronoun_subjects"):
            pronouns[word] = gender
    window = doc.get("negation_window", 4)
    cue_window = doc.get("cue_window", 3)
    if not isinstance(window, int) or not isinstance(cue_window, int):
        raise MawaqifError(f"reporting lexicon {name}: negation_window and cue_window are integers")
    trigger = _trigger_pattern(forms, light, nouns, attributions, gap)
    return Reporting(
        plover=plover,
        forms=forms,
        light_forms=light,
        nouns=nouns,
        attributions=frozenset(attributions),
        trigger=trigger,
        channel=re.compile(r"(?<!\w)(?:" + _trie(channels) + r")(?!\w)"),
        clause_break=re.compile(
            r",\s*(?:" + _trie(_words(doc, "clause_breaks", name)) + r")(?!\w)"
        ),
        complementizers=frozenset(_words(doc, "complementizers", name)),
        relatives=frozenset(_words(doc, "relatives", name)),
        clause_openers=frozenset(_words(doc, "clause_openers", name)),
        pronouns=pronouns,
        time_words=frozenset(_words(doc, "time_words", name)),
        negation_window=window,
        negation=_phrase_pattern(_words(doc, "content_negations", name)),
        falsity=_phrase_pattern(_words(doc, "falsity_phrases", name)),
        content_acts=_phrase_pattern(list(content_acts) or ["\uffff"]),
        content_act_of=content_acts,
        anaphors=frozenset(_words(doc, "anaphors", name)),
        cue_window=cue_window,
        cues=_phrase_pattern(list(cue_polarity) or ["\uffff"], prefixes=True),
        cue_polarity=cue_polarity,
        noun=re.compile(r"(?<!\w)\"?(?:ب|ال|بال|لل|ل)?(?P<ln>" + _trie(nouns) + r")(?!\w)"),
        light_gap=gap,
        predicative=frozenset(_words(doc, "predicative_verbs", name, required=False)),
        subject_nouns=frozenset(_words(doc, "subject_nouns", name, required=False)),
        cue_links=frozenset(_words(doc, "cue_links", name, required=False)),
        head_links=frozenset(_words(doc, "head_links", name, required=False)),
        cue_barrier=re.compile(
            r"[,;:]|(?<!\w)(?:" + _trie(_words(doc, "cue_barriers", name)) + r")(?!\w)"
        ),
        joint_action=re.compile(
            r"(?<!\w)(?!(?:نحو|نفس|نظام|نص|نقطه)\s)ن\w{2,}\s+(?P<w>"
            + _trie(_words(doc, "joint_prepositions", name))
            + r")\s+$"
        ),
        relations=re.compile(
            r"(?<!\w)(?:و|ف)?(?:ال)?(?P<w>" + _trie(list(relation_of) or ["\uffff"]) + r")(?!\w)"
        ),
        relation_of=relation_of,
    )


def _add_verb(raw: Any, index: int, name: str, forms: dict, light: dict) -> None:
    where = f"reporting lexicon {name}: verb #{index}"
    if not isinstance(raw, dict) or not isinstance(raw.get("lemma"), str):
        raise MawaqifError(f"{where}: needs a lemma")
    where = f"reporting lexicon {name}: verb {raw['lemma']!r}"
    act = raw.get("act")
    if act not in ACTS:
        raise MawaqifError(f"{where}: act {act!r} is not one of {', '.join(ACTS)}")
    prep = tuple(fold_term(p) for p in raw.get("prep") or ())
    common = {"lemma": fold_term(raw["lemma"]), "act": act, "prep": prep,
              "continues": bool(raw.get("continues")),
              "source_after": fold_term(raw.get("source_after") or "")}  # fmt: skip
    participles = raw.get("participles") or {}
    if not isinstance(participles, dict) or set(participles) - set(GENDERS):
        raise MawaqifError(f"{where}: participles must map m/f/pl to lists")
    found = 0
    for participle, table in ((False, raw), (True, participles)):
        for gender in GENDERS:
            values = table.get(gender) or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise MawaqifError(f"{where}: {gender} must be a list of forms")
            for value in values:
                form = fold_term(value)
                if not form:
                    raise MawaqifError(f"{where}: empty form")
                info = Form(gender=gender, participle=participle, **common)
                found += 1
                if raw.get("light"):
                    light.setdefault(form, info)
                if not raw.get("light_only"):
                    forms.setdefault(form, info)
    if not found:
        raise MawaqifError(f"{where}: no forms")


def _noun_variants(noun: str) -> list[str]:
    """Forms of an expression noun with possessive endings (قلقه, مسؤوليته)."""
    stem = noun[:-1] + "ت" if noun.endswith("ه") else noun
    return [noun] + [stem + s for s in _NOUN_SUFFIXES if s]


def _trie(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored as a character trie."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(root) or "(?!)"


def _phrase_pattern(words: list[str], *, prefixes: bool = True) -> re.Pattern:
    prefix = r"(?:و|ف|ب|ل|ك)?(?:ال|لل)?" if prefixes else r"(?:و|ف)?"
    return re.compile(r"(?<!\w)" + prefix + r"(?P<w>" + _trie(words) + r")(?!\w)")


def _trigger_pattern(forms: dict, light: dict, nouns: dict, attributions: list, gap: int):
    # a gap word must not open reported content or a quotation
    gap_word = r"\s+(?!(?:ان|بان|انه|انها|بانه|بانها|ان)(?!\w))[^\s.!?:\"]+"
    attribution = r"(?P<attr>" + _trie(attributions) + r")(?:(?<=\sل)|(?<=\sلما)|(?!\w))"
    light_expr = (
        r"(?P<lv>" + _trie(light) + r")(?:" + gap_word + r"){0," + str(gap) + r"}?"
        r"\s+\"?(?:ب|ال|بال|لل|ل)?(?P<ln>" + _trie(nouns) + r")(?!\w)"
    )
    verb = r"(?P<v>" + _trie(forms) + r")" + _OBJECT_SUFFIX + r"(?!\w)"
    return re.compile(
        r"(?<!\w)(?P<pre>[وف])?(?:" + attribution + "|" + light_expr + "|" + verb + ")"
    )


# --------------------------------------------------------------------------- the article


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
        self.parents = {}
        if actors is not None and len(actors) and "parent_id" in actors:
            parents = actors["parent_id"].fillna("")
            self.parents = {
                str(a): str(p) for a, p in zip(actors["actor_id"], parents, strict=True)
            }

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


# --------------------------------------------------------------------------- statements


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


def extract_statements(
    article: Any,
    actors: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    reporting: Reporting | None = None,
    date: dt.date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find attributed statements and stances in an article.

    Parameters
    ----------
    article
        An :class:`analysis.text.Article` (``text``, ``folded``, ``fold_map``,
        ``sentences``).
    actors, mentions
        The tables of :func:`analysis.actors.extract_actors`; ``mentions``
        needs ``actor_id``, ``start``, ``end`` and uses ``gender`` (m/f/pl)
        and ``method`` when present.
    reporting
        A lexicon from :func:`load_reporting` (default: the built-in one).
    date
        The article date, for weekday words; ``None`` leaves dates empty
        unless the text gives a full date.

    Returns
    -------
    statements, stances
        DataFrames with :data:`STATEMENT_COLUMNS` and :data:`STANCE_COLUMNS`,
        sorted as docs/DESIGN.md says.
    """
    rep = reporting if reporting is not None else load_reporting()
    doc = _Doc(article, mentions, actors)
    found: list[_Statement] = []
    skip_until = -1
    for match in rep.trigger.finditer(doc.folded):
        if match.start() < skip_until:
            continue
        sent = doc.sentence_at(match.start())
        if sent is None or sent.role not in MINED_ROLES or _in_quote(sent, match.start()):
            continue
        made, consumed = _statements_at(doc, rep, sent, match, found, date)
        skip_until = max(skip_until, consumed)
        found.extend(made)
    for item in found:
        _finish(doc, rep, item, date)
    found.sort(key=lambda s: (s.start, _speaker_id(s)))
    responds = _link_denials(doc, rep, found)
    for i, item in enumerate(found):
        if item.denies_by_content and i not in responds:
            item.act = "claim"  # a negated content answers nothing reported: a plain claim
    statements = _statement_frame(doc, rep, found, responds)
    stances = _stance_frame(doc, rep, found, responds)
    return statements, stances


def _speaker_id(item: _Statement) -> str:
    return item.speakers[0].actor_id if item.speakers and item.speakers[0] else ""


def _statements_at(
    doc: _Doc,
    rep: Reporting,
    sent: _Sentence,
    match: re.Match,
    earlier: list[_Statement],
    date: dt.date | None,
) -> tuple[list[_Statement], int]:
    """Statements made by one trigger hit (possibly none, possibly several)."""
    has_prefix = match.group("pre") is not None
    word_start = match.start("pre") + 1 if has_prefix else match.start()
    hit_end = match.end()
    same_sentence = _of_sentence(earlier, sent.sid)
    governing = same_sentence[-1] if same_sentence else None
    if match.group("attr"):
        return _attribution(doc, rep, sent, match, word_start, governing)
    light = bool(match.group("lv"))
    noun_start = match.start("ln") if light else -1
    if light and doc.covers(noun_start):
        # the noun is part of a name (حمّل قوات الدعم السريع مسؤولية): look further on
        noun = _uncovered_noun(doc, rep, sent, noun_start)
        lemma = _norm(match.group("lv"))
        if noun is not None:
            noun_start, hit_end = noun.start("ln"), noun.end()
        elif lemma in rep.forms:
            light, hit_end = False, match.end("lv")
        else:
            return [], noun_start
    if light:
        form = rep.light_forms[_norm(match.group("lv"))]
        act = rep.nouns.get(_norm(doc.folded[noun_start:hit_end]), "claim")
        verb_end = match.end("lv")
        verb = f"{_orig(doc, word_start, verb_end)} … {_orig(doc, noun_start, hit_end)}"
    elif match.group("lv"):
        form = rep.forms[_norm(match.group("lv"))]
        act = form.act
        verb_end = hit_end
        verb = _orig(doc, word_start, verb_end)
    else:
        form = rep.forms[_norm(match.group("v"))]
        act = form.act
        verb_end = hit_end
        verb = _orig(doc, word_start, match.end("v"))
    vi = sent.token_at(word_start)
    before = sent.tokens[vi - 1][2] if vi > 0 else ""
    if before in _PREPOSITIONS and not has_prefix:
        return [], hit_end  # ``في نقل الأسلحة``: a verbal noun after a preposition
    suffixed = match.group("v") is not None and match.end("v") < hit_end
    if before in rep.relatives and suffixed and form.lemma not in rep.predicative:
        return [], hit_end  # ``الاتفاق الذي أعلنته روسيا``: an action on the antecedent
    embedded = governing is not None and governing.content[0] <= word_start < governing.content[1]
    coordinated = before in rep.pronouns or before in rep.clause_openers
    confidence = 0.9
    carried_from: _Statement | None = None
    speakers: list[_Mention | None] = []
    source = ""
    if embedded and not has_prefix and not form.participle and not coordinated:
        # a verb inside reported content is part of that statement, unless an actor
        # right before it does something stronger than saying (إن الحكومة رفضت القرار)
        nested = _subject_before(doc, sent, vi, "", heads=rep.head_links)
        if act == "claim" or nested is None or not _compatible(form.gender, nested.gender):
            return [], hit_end
        speakers, source, confidence = [nested], "nested", 0.6
    subject_end = verb_end
    present = match.group("v") is not None and _norm(match.group("v"))[:1] in "يت"
    if present and not form.participle and not embedded and not speakers:
        # ``طهران تتهم واشنطن``: a present-tense verb right after an actor is SVO
        svo = _subject_before(doc, sent, vi, form.gender)
        loose = _subject_before(doc, sent, vi, "")
        if svo is not None:
            speakers, source = [svo], "svo"
        elif loose is not None and loose.fstart <= sent.fstart + 1:
            # a headline's opening actor; loanword names agree loosely (افريكوم يوضح)
            speakers, source, confidence = [loose], "svo", 0.75
    if not form.participle and not speakers:
        vso = _subject_after(doc, rep, sent, verb_end, form)
        if vso == "noun":
            return [], hit_end
        if vso:
            speakers, source = vso, "vso"
            subject_end = max(m.fend for m in vso)
        if form.source_after and _has_particle(rep, sent, verb_end, form.source_after):
            # ``نقلت الوكالة عن مصدر مسؤول قوله``: the source after عن speaks, or nobody known
            reported = _after_particle(doc, rep, sent, verb_end, form.source_after)
            speakers, source = (reported, "vso") if reported else ([], "reported_unknown")
            subject_end = max(m.fend for m in reported) if reported else subject_end
            confidence = 0.9 if reported else 0.3
    if not speakers and not form.participle and source != "reported_unknown":
        svo = _subject_before(doc, sent, vi, form.gender)
        if svo and not embedded:
            speakers, source = [svo], "svo"
        elif before in rep.relatives:
            antecedent = _subject_before(doc, sent, vi - 1, "")
            if antecedent is None:
                return [], hit_end
            speakers, source, confidence = [antecedent], "relative", 0.7
    if not speakers and not form.participle and _unknown_subject(doc, rep, sent, verb_end):
        source, confidence = "reported_unknown", 0.3  # ``وقالت مصادر محلية``: not carried
    if not speakers and source != "reported_unknown":
        gender = rep.pronouns.get(before, form.gender)
        clause_initial = (
            form.participle
            or has_prefix
            or vi == 0
            or before in rep.clause_openers
            or before in rep.pronouns
            or doc.folded[sent.tokens[vi - 1][1] - 1] in ",;:"
        )
        if not clause_initial and gender != "pl":
            return [], hit_end
        speakers, source, confidence, carried_from = _carried(
            doc, rep, sent, vi, gender, earlier, within_sentence=not clause_initial
        )
        if not clause_initial and not speakers:
            return [], hit_end
    if before in {"لم", "لن", "لا"}:
        confidence -= 0.2
        if act == "deny":
            act = "claim"
    content_from = hit_end if light else subject_end
    content, kind, quote, unclosed, marker = _content(
        doc, rep, sent, content_from, form, opened=light
    )
    if light:
        noun_quote = _in_quote(sent, noun_start)
        if noun_quote and noun_quote[0] < content[0] and kind != "direct":
            content, quote, kind = (noun_quote[0], content[1]), (noun_quote[0], quote[1]), "mixed"
    objects = _objects(doc, rep, sent, subject_end) if source in {"vso", "svo"} else []
    if light:  # actors between a light verb (or its subject) and its noun are its objects
        spoken = {m.actor_id for m in speakers if m}
        gap_start = subject_end if source == "vso" else verb_end
        objects += [m for m in doc.mentions_in(gap_start, noun_start) if m.actor_id not in spoken]
    if marker and source in {"vso", "svo"} and doc.folded.count(" ", subject_end, marker) > 8:
        confidence -= 0.1
    start = word_start
    if source == "svo" and speakers and speakers[0]:
        start = speakers[0].fstart
    frame = (start, content[0])
    before_frame = (sent.fstart, start) if governing is None else (start, start)
    base = _Statement(
        sent=sent, start=start, end=sent.fend, verb_start=word_start, speakers=[],
        speaker_source=source, verb=verb, form=form, act=act, content=content, quote_kind=kind,
        quote=quote, unclosed=unclosed, date=None, confidence=confidence, frame=frame,
        before_frame=before_frame, objects=objects,
    )  # fmt: skip
    if form.participle and governing is not None:
        base.date_from = governing
    elif form.continues and carried_from is not None:
        base.date_from = carried_from
    if governing is not None and source != "nested":
        cut = sent.tokens[vi - 1][0] if coordinated and vi > 0 else start
        governing.end = min(governing.end, cut)
        governing.content = (governing.content[0], min(governing.content[1], cut))
        if governing.quote_kind != "direct":
            governing.quote = (governing.quote[0], min(governing.quote[1], cut))
    made = []
    for speaker in speakers or [None]:
        fields = {**base.__dict__, "speakers": [speaker] if speaker else [], "targets": []}
        made.append(_Statement(**fields))
    return made, hit_end


def _objects(doc: _Doc, rep: Reporting, sent: _Sentence, pos: int) -> list[_Mention]:
    """A bare actor right after the subject: the verb's object (حذرت روسيا تركيا)."""
    i = sent.token_at(pos)
    while i < len(sent.tokens) and sent.tokens[i][2] in rep.time_words:
        i += 1
    if i >= len(sent.tokens) or doc.folded[sent.tokens[i - 1][1] - 1] in ",;:":
        return []
    s, e, _ = sent.tokens[i]
    mention = doc.mention_starting(s, s + 1)
    return [mention] if mention is not None else []


def _norm(matched: str) -> str:
    return " ".join(matched.split())


def _orig(doc: _Doc, fstart: int, fend: int) -> str:
    return doc.text[doc.orig(fstart) : doc.orig(fend)].strip()


def _is_time_or_channel(rep: Reporting, token: str) -> bool:
    return token in rep.time_words or token in _VERBAL_NOUNS


def _subject_after(
    doc: _Doc, rep: Reporting, sent: _Sentence, verb_end: int, form: Form
) -> list[_Mention] | str | None:
    """VSO subject(s) right after the verb; ``"noun"`` when the verb is a noun."""
    i = sent.token_at(verb_end)
    skipped = titled_run = 0
    first = True
    while i < len(sent.tokens):
        s, e, core = sent.tokens[i]
        channel = rep.channel.match(doc.folded, s)
        if channel:
            i = sent.token_at(channel.end())
            continue
        if core in rep.complementizers or core in form.prep or doc.folded[s] in '":':
            return None
        mention = doc.mention_starting(s, s + 1)
        if mention is None and skipped:
            mention = doc.mention_starting(s, min(e, s + 3))
        of_phrase = mention is not None and (
            doc.folded[s] == "ل" and mention.fstart == s + 1 or mention.fstart in doc.clitic_starts
        )
        if mention is not None and not of_phrase:
            if first and mention.method == "nisba" and not core.startswith("ال"):
                return "noun"
            if mention.method == "nisba" and (skipped or titled_run):
                return None  # an adjective further on describes a noun, not a subject
            if (
                first
                and form.gender == "m"
                and mention.gender == "f"
                and mention.method not in (_LOOSE_GENDER_METHODS)
            ):
                return None  # ``وحمّل قوات الدعم السريع``: a feminine object, not the subject
            return _coordinated(doc, sent, _named_holder(doc, sent, mention))
        if of_phrase:
            # ``المدير العام للوكالة رافائيل غروسي``: the of-phrase belongs to a title
            i = max(i + 1, sent.token_at(mention.fend))
            continue
        titled = doc.folded.startswith(("ال", "لل"), s) or core in _TITLE_LINKS
        if not _is_time_or_channel(rep, core):
            skipped += 1 if not titled or skipped >= _MAX_SUBJECT_GAP else 0
            titled_run += 1 if titled else 0
            if skipped > _MAX_SUBJECT_GAP or titled_run > _MAX_TITLE_WORDS:
                return None
        if doc.folded[e - 1] in ",.;:":
            return None
        first = False
        i += 1
    return None


def _named_holder(doc: _Doc, sent: _Sentence, mention: _Mention) -> _Mention:
    """The person named right after an organisation in a subject
    (``المتحدث باسم الخارجية الإيرانية إسماعيل بقائي``) speaks, not the organisation."""
    if mention.actor_id in doc.persons:
        return mention
    i = sent.token_at(mention.fend)
    if i < len(sent.tokens) and sent.tokens[i][0] >= mention.fend:
        s, e, _ = sent.tokens[i]
        if not doc.folded[mention.fend : s].strip():
            nxt = doc.mention_starting(s, s + 1)
            if nxt is not None and nxt.actor_id in doc.persons:
                return nxt
    return mention


def _coordinated(doc: _Doc, sent: _Sentence, first: _Mention) -> list[_Mention]:
    """The subject and the subjects joined to it by و (at most one word between)."""
    found = [first]
    while True:
        last = found[-1]
        i = sent.token_at(last.fend)
        if i >= len(sent.tokens):
            break
        s, e, core = sent.tokens[i]
        if not core.startswith("و") or s < last.fend:
            break
        nxt = doc.mention_starting(s + 1, s + 2)
        if nxt is None and i + 1 < len(sent.tokens):
            s2, e2, _ = sent.tokens[i + 1]
            nxt = doc.mention_starting(s2, min(e2, s2 + 3))
        if nxt is None or nxt.actor_id in {m.actor_id for m in found}:
            break
        found.append(nxt)
    return found


def _unknown_subject(doc: _Doc, rep: Reporting, sent: _Sentence, pos: int) -> bool:
    """Whether the word after a verb is a source noun without an actor (مصادر محلية)."""
    i = sent.token_at(pos)
    while i < len(sent.tokens) and sent.tokens[i][2] in rep.time_words:
        i += 1
    if i >= len(sent.tokens) or doc.mention_starting(sent.tokens[i][0], sent.tokens[i][1]):
        return False
    core = sent.tokens[i][2]
    return core in rep.subject_nouns or core.removeprefix("ال") in rep.subject_nouns


def _verb_form(rep: Reporting, word: str) -> bool:
    """Whether ``word`` is a reporting verb form, possibly with an object pronoun."""
    if word in rep.forms:
        return True
    return any(word.endswith(s) and word[: -len(s)] in rep.forms for s in ("ها", "هم", "ه"))


def _has_particle(rep: Reporting, sent: _Sentence, pos: int, particle: str) -> bool:
    i = sent.token_at(pos)
    for _, _, core in sent.tokens[i : i + 6]:
        if core in rep.complementizers:
            return False
        if core == particle:
            return True
    return False


def _after_particle(
    doc: _Doc, rep: Reporting, sent: _Sentence, pos: int, particle: str
) -> list[_Mention] | None:
    i = sent.token_at(pos)
    for j in range(i, min(i + 6, len(sent.tokens))):
        s, _, core = sent.tokens[j]
        if core in rep.complementizers:
            return None
        if core == particle and j + 1 < len(sent.tokens):
            for k in range(j + 1, min(j + 4, len(sent.tokens))):
                mention = doc.mention_starting(sent.tokens[k][0], sent.tokens[k][0] + 3)
                if mention:
                    return _coordinated(doc, sent, mention)
            return None
    return None


def _compatible(verb_gender: str, mention_gender: str) -> bool:
    return not verb_gender or not mention_gender or verb_gender == mention_gender


def _uncovered_noun(doc: _Doc, rep: Reporting, sent: _Sentence, pos: int) -> re.Match | None:
    """The next expression noun after ``pos`` that is not inside an actor's name."""
    limit = min(sent.fend, pos + 160)
    for noun in rep.noun.finditer(doc.folded, pos + 1, limit):
        if doc.folded.count(" ", pos, noun.start()) > rep.light_gap:
            return None
        if not doc.covers(noun.start("ln")):
            return noun
    return None


def _subject_before(
    doc: _Doc, sent: _Sentence, vi: int, gender: str, *, heads: frozenset[str] = frozenset()
) -> _Mention | None:
    """A subject mention ending right before token ``vi`` (SVO).

    With ``heads`` (برئاسة, بقيادة), a mention introduced by one of them is
    the head's leader, and the head before it is the subject
    (``حكومة الوحدة الوطنية برئاسة الدبيبة رفضت``).
    """
    if vi <= 0:
        return None
    s, e, _ = sent.tokens[vi - 1]
    candidates = doc.mentions_in(sent.fstart, e)
    if not candidates:
        return None
    mention = candidates[-1]
    if mention.fend < e - 1 or mention.fstart < sent.fstart:
        return None
    token = sent.tokens[sent.token_at(mention.fstart)]
    if mention.fstart != token[0] and not (
        mention.fstart == token[0] + 1 and doc.folded[token[0]] == "و"
    ):
        return None
    if heads and token[0] == mention.fstart and sent.token_at(mention.fstart) > 0:
        link = sent.tokens[sent.token_at(mention.fstart) - 1]
        earlier = doc.mentions_in(sent.fstart, link[0])
        if link[2] in heads and earlier and not doc.folded[earlier[-1].fend : link[0]].strip():
            mention = earlier[-1]
    if gender and not _compatible(gender, mention.gender):
        return None
    return mention


def _of_sentence(earlier: list[_Statement], sid: int) -> list[_Statement]:
    """Statements of sentence ``sid`` among ``earlier`` (kept in document order)."""
    out = []
    for item in reversed(earlier):
        if item.sent.sid < sid:
            break
        if item.sent.sid == sid:
            out.append(item)
    return out[::-1]


def _carried(
    doc: _Doc,
    rep: Reporting,
    sent: _Sentence,
    vi: int,
    gender: str,
    earlier: list[_Statement],
    *,
    within_sentence: bool = False,
) -> tuple[list[_Mention | None], str, float, _Statement | None]:
    """Speaker of a verb or participle without a subject of its own."""
    # 1. an earlier statement of the same sentence with an agreeing speaker
    same = [s for s in _of_sentence(earlier, sent.sid) if s.speakers]
    agreeing = [s for s in same if _compatible(gender, s.speakers[0].gender)]
    if agreeing:
        last = agreeing[-1]
        group = [s.speakers[0] for s in same if s.verb_start == last.verb_start]
        if gender == "pl" or len(group) == 1:
            return group, "carried_sentence", 0.8, last
        return [last.speakers[0]], "carried_sentence", 0.8, last
    # 2. the subject opening the sentence (not a nisba, not in a preposition)
    verb_pos = sent.tokens[vi][0] if vi < len(sent.tokens) else sent.fend
    for j, (s, _, _) in enumerate(sent.tokens[: min(vi, 4)]):
        mention = doc.mention_starting(s, s + 2)
        if mention is None or mention.method == "nisba" or mention.fstart >= verb_pos:
            continue
        if _compatible(gender, mention.gender) and (mention.fstart == s or doc.folded[s] in "وف"):
            group = _coordinated(doc, sent, mention)
            if j <= 2:
                return group, "carried_subject", 0.75, None
    if within_sentence:
        return [], "none", 0.3, None
    # 3. a speaker of the same block of lines, at most two sentences back
    index = bisect.bisect_left(doc._fstarts, sent.fstart)
    for back in range(1, _CARRY_SENTENCES + 1):
        if index - back < 0:
            break
        previous = doc.sentences[index - back]
        if previous.block != sent.block or previous.role not in MINED_ROLES:
            break
        prior = [s for s in _of_sentence(earlier, previous.sid) if s.speakers]
        agreeing = [s for s in prior if _compatible(gender, s.speakers[0].gender)]
        if agreeing:
            return [agreeing[-1].speakers[0]], "carried_block", 0.7, agreeing[-1]
    return [], "none", 0.3, None


def _content(
    doc: _Doc, rep: Reporting, sent: _Sentence, pos: int, form: Form, *, opened: bool = False
) -> tuple[tuple[int, int], str, tuple[int, int], bool, int]:
    """Content span, quote kind, quote span, unclosed flag and marker position.

    The content opens at the first of إن/أن, a quotation mark, a colon or the
    verb's own preposition within a few words after ``pos``; without one it
    opens at ``pos``.  It runs to the sentence end (callers cut it at the
    next statement).  ``opened``: the content has already begun at ``pos``
    (after a light verb's noun), so a later quotation is a quoted fragment.
    """
    i = sent.token_at(pos)
    start, marker, kind = -1, 0, "none"
    j, limit = i, min(len(sent.tokens), i + _MARKER_WINDOW)
    while j < limit:
        s, e, core = sent.tokens[j]
        channel = rep.channel.match(doc.folded, s)
        if channel:
            j = max(j + 1, sent.token_at(channel.end()))
            continue
        quote = _quote_at(sent, s) if doc.folded[s] == '"' else None
        if quote and (not opened or j == i):
            return _direct(quote, marker or s)
        if opened and j > i + 1:
            break
        if core in rep.complementizers:
            start, marker, kind = e, s, "indirect"
            break
        if core in form.prep:
            start, marker = e, s
            ahead = sent.tokens[j + 1 : j + 4]
            comp = next((t for t in ahead if t[2] in rep.complementizers), None)
            if comp is not None:
                start, marker, kind = comp[1], comp[0], "indirect"
            elif ahead and doc.folded[ahead[0][0]] == '"' and _quote_at(sent, ahead[0][0]):
                return _direct(_quote_at(sent, ahead[0][0]), s)
            break
        if doc.folded[e - 1] == ":":
            start, marker, kind = e, s, "direct"
            break
        if j > i and core[:1] in "وف" and _verb_form(rep, core[1:]):
            break  # ``وقالت إن``: the next clause's إن/أن belongs to its own verb
        j += 1
    if start < 0:
        while i < len(sent.tokens) and rep.channel.match(doc.folded, sent.tokens[i][0]):
            i = max(i + 1, sent.token_at(rep.channel.match(doc.folded, sent.tokens[i][0]).end()))
        start = sent.tokens[i][0] if i < len(sent.tokens) else sent.fend
    while start < sent.fend and doc.folded[start] == " ":
        start += 1
    quote = _quote_at(sent, start)
    if quote and (kind != "indirect" or _rest_is_short(doc, quote[1], sent.fend)):
        return _direct(quote, marker or start)
    end = _clause_break(doc, rep, start, sent.fend)
    if kind != "direct" and any(start <= q[0] < end for q in sent.quotes):
        kind = "mixed"
    unclosed = any(start <= q[0] < end and not q[2] for q in sent.quotes)
    return (start, end), kind, (start, end), unclosed, marker


def _rest_is_short(doc: _Doc, pos: int, end: int) -> bool:
    return len(doc.folded[pos:end].split()) <= 2


def _clause_break(doc: _Doc, rep: Reporting, start: int, end: int) -> int:
    """End of reported content at a narrator's comment (``، في إشارة إلى``)."""
    hit = rep.clause_break.search(doc.folded, start, end)
    return hit.start() if hit else end


def _quote_at(sent: _Sentence, fpos: int) -> tuple[int, int, bool] | None:
    return next((q for q in sent.quotes if q[0] == fpos), None)


def _direct(quote: tuple[int, int, bool], marker: int):
    open_, close, closed = quote
    inner = (open_ + 1, close - 1 if closed else close)
    return (open_, close), "direct", inner, not closed, marker


def _attribution(
    doc: _Doc,
    rep: Reporting,
    sent: _Sentence,
    match: re.Match,
    word_start: int,
    governing: _Statement | None,
) -> tuple[list[_Statement], int]:
    """``بحسب X``, ``وفق ما نقلت Y عن X``, ``جاء في بيان لـX``: no speech verb."""
    cue_end = match.end("attr")
    i = sent.token_at(cue_end)
    speakers: list[_Mention] = []
    end_of_source = cue_end
    for j in range(i, min(i + 5, len(sent.tokens))):
        s, e, core = sent.tokens[j]
        if core in rep.complementizers or doc.folded[s] == '"':
            break
        if core == "عن":
            continue
        mention = doc.mention_starting(s, min(e, s + 3))
        if mention is not None:
            speakers = _coordinated(doc, sent, mention)
            reported = _after_particle(doc, rep, sent, speakers[-1].fend, "عن")
            if reported:
                speakers = reported
            end_of_source = max(m.fend for m in speakers)
            break
    if not speakers:
        return [], match.end()
    form = Form(lemma=_norm(match.group("attr")), act="claim", gender="", participle=False)
    content, kind, quote, unclosed, marker = _content(doc, rep, sent, end_of_source, form)
    if not marker and kind == "none":
        head_start = governing.content[1] if governing else sent.fstart
        if word_start - head_start > 3:
            content = quote = (head_start, word_start)
            kind = "mixed" if any(head_start <= q[0] < word_start for q in sent.quotes) else "none"
    base = dict(
        sent=sent, start=min(word_start, content[0]), end=sent.fend, verb_start=word_start,
        speaker_source="attribution", verb=_orig(doc, word_start, cue_end), form=form, act="claim",
        content=content, quote_kind=kind, quote=quote, unclosed=unclosed, date=None,
        confidence=0.8 - (0.1 if unclosed else 0.0), frame=(word_start, end_of_source),
    )  # fmt: skip
    if content[1] <= word_start:
        base["end"] = max(end_of_source, word_start)
        base["frame"] = (sent.fstart, sent.fend)
    return [_Statement(speakers=[m], **base) for m in speakers], end_of_source


def _finish(doc: _Doc, rep: Reporting, item: _Statement, article_date: dt.date | None) -> None:
    """Act refinements, targets, date and final confidence of one statement."""
    start, end = item.content
    end = _trim(doc, start, end)
    item.content = (start, end)
    if item.quote_kind == "mixed" and not any(start <= q[0] < end for q in item.sent.quotes):
        # the quoted fragment belonged to a later statement of the sentence
        item.quote_kind = "indirect" if _after_complementizer(rep, item.sent, start) else "none"
    if item.quote_kind != "direct":
        item.quote = (item.quote[0], _trim(doc, item.quote[0], min(item.quote[1], end)))
    item.end = _trim(doc, item.start, max(item.end, item.content[1]))
    text = doc.folded[start:end]
    if item.act == "claim":
        hit = rep.content_acts.search(text)
        if hit:
            item.act = rep.content_act_of[hit.group("w")]
        elif rep.falsity.search(text):
            item.act = "deny"  # ``عار عن الصحة``, ``ليس المقصود``: a denial in any case
        elif _negated(rep, text):
            item.act, item.denies_by_content = "deny", True
    speaker_ids = {m.actor_id for m in item.speakers if m}
    seen: set[str] = set()
    for mention in item.objects + doc.mentions_in(start, end):
        if mention.actor_id in speaker_ids or mention.actor_id in seen:
            continue
        seen.add(mention.actor_id)
        item.targets.append(mention)
    if item.date is None:
        item.date = _date_in(doc, item.frame, article_date)
    if item.date is None and item.date_from is not None:
        item.date = item.date_from.date
    if item.date is None:
        item.date = _date_in(doc, item.before_frame, article_date)
    if item.unclosed:
        item.confidence -= 0.1
    if not item.speakers:
        item.confidence = min(item.confidence, 0.3)
    if rep.channel.search(doc.folded, item.frame[0], max(item.frame[1], item.frame[0])):
        item.confidence += 0.05
    item.confidence = round(min(max(item.confidence, 0.05), 0.95), 2)


def _after_complementizer(rep: Reporting, sent: _Sentence, pos: int) -> bool:
    i = sent.token_at(pos)
    return 0 < i <= len(sent.tokens) and sent.tokens[i - 1][2] in rep.complementizers


def _trim(doc: _Doc, start: int, end: int) -> int:
    while end > start and (doc.folded[end - 1].isspace() or doc.folded[end - 1] in ",.;:-"):
        end -= 1
    if end - start > 2 and doc.folded[end - 2 : end] == " و":
        end -= 2
    return end


def _negated(rep: Reporting, text: str) -> bool:
    words = text.split()
    head = " ".join(words[: rep.negation_window + 1]).lstrip('"')
    hit = rep.negation.search(head)
    return hit is not None


def _date_in(doc: _Doc, span: tuple[int, int], article_date: dt.date | None) -> dt.date | None:
    start, end = span
    if end <= start:
        return None
    for expression in _dates.find_date_expressions(doc.folded[start:end]):
        if expression.precision == "day":
            value = _dates.resolve(expression, article_date)
            if value is not None:
                return value
    return None


# --------------------------------------------------------------------------- denials


def _stems(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[\u0621-\u064a]+", text):
        for prefix in ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"):
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        for suffix in ("ات", "ين", "ون", "هما", "هم", "ها", "يه", "ه", "ي"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        if len(word) >= 3 and word not in _STOP:
            out.add(word)
    return out


def _content_words(doc: _Doc, item: _Statement) -> set[str]:
    start, end = item.content
    return _stems(doc.folded[start:end])


class _LazyWords(dict):
    """Content-word stems of statements, computed only when a denial asks."""

    def __init__(self, doc: _Doc, items: list[_Statement]) -> None:
        super().__init__()
        self.doc, self.items = doc, items

    def __missing__(self, index: int) -> set[str]:
        self[index] = value = _content_words(self.doc, self.items[index])
        return value


def _link_denials(doc: _Doc, rep: Reporting, items: list[_Statement]) -> dict[int, int]:
    """Map each denial (by list index) to the statement it answers (list index).

    A denial answers the most recent earlier claim or accusation made by a
    speaker outside its own organisation (not the same actor, a parent or a
    child) when either the denial's content is anaphoric (``نفى ... ذلك``)
    and the claim is in the same or the previous sentence, or the two
    contents share at least two items among target actors and content-word
    stems (``طائرات`` ~ ``طائرة``).  Limits: stems are cut by a few affixes,
    so broken plurals (قاعدة/قواعد) do not match; a denial of something the
    article never reports links to nothing; the most recent candidate wins
    even when an older one fits better; claims more than
    ``_DENIAL_SENTENCES`` sentences back are not considered.
    """
    links: dict[int, int] = {}
    words = _LazyWords(doc, items)
    for i, item in enumerate(items):
        if item.act != "deny":
            continue
        first = doc.folded[item.content[0] : item.content[1]].split()[:2]
        anaphoric = bool(first) and (first[0] in rep.anaphors or " ".join(first) in rep.anaphors)
        mine = {m.actor_id for m in item.targets}
        speaker = _speaker_id(item)
        if not speaker:
            continue
        nearest = None
        for j in range(i - 1, -1, -1):
            other = items[j]
            if item.sent.sid - other.sent.sid > _DENIAL_SENTENCES:
                break
            if other.act not in _ANSWERABLE_ACTS or other.verb_start >= item.verb_start:
                continue
            other_speaker = _speaker_id(other)
            if not other_speaker or doc.same_family(speaker, other_speaker):
                continue
            distance = item.sent.sid - other.sent.sid
            if anaphoric:
                # ``نفت الخارجية الأمريكية هذه الاتهامات``: the latest charge about the
                # denier's own family, else the claim just before it.
                if any(doc.same_family(speaker, m.actor_id) for m in other.targets):
                    if distance <= _ANAPHOR_SENTENCES:
                        links[i] = j
                    break
                if nearest is None and distance <= 1:
                    nearest = j
                if distance > _ANAPHOR_SENTENCES:
                    break
                continue
            shared = len(mine & {m.actor_id for m in other.targets}) + len(words[i] & words[j])
            if shared >= 2:
                links[i] = j
                break
        if anaphoric and i not in links and nearest is not None:
            links[i] = nearest
    return links


# --------------------------------------------------------------------------- stances


def _stance_rows(
    doc: _Doc, rep: Reporting, items: list[_Statement], responds: dict[int, int]
) -> list[dict]:
    """Stances held by speakers: (statement index, source, target, polarity, basis)."""
    found: list[tuple[int, str, str, str]] = []
    for i, item in enumerate(items):
        if not item.speakers:
            continue
        cued = _cued_targets(doc, rep, item)
        found += [(i, m.actor_id, *cued[m.actor_id]) for m in item.targets if m.actor_id in cued]
        for mention in _addressees(doc, item):
            if mention.actor_id in cued:
                continue
            if item.act in _NEGATIVE_ACTS:
                found.append((i, mention.actor_id, "negative", f"act:{item.act}"))
            elif item.act in _POSITIVE_ACTS:
                found.append((i, mention.actor_id, "positive", f"act:{item.act}"))
            elif item.act == "appeal":
                found.append((i, mention.actor_id, "neutral", "act:appeal"))
        if i in responds:
            for speaker in items[responds[i]].speakers:
                found.append((i, speaker.actor_id, "negative", "act:deny"))
    rows = []
    by_verb: dict[int, list[_Statement]] = {}
    for item in items:
        by_verb.setdefault(item.verb_start, []).append(item)
    for i, item in enumerate(items):
        if item.act == "agree" and item.speakers:
            for other in by_verb[item.verb_start]:
                if other is not item and other.speakers:
                    found.append((i, other.speakers[0].actor_id, "positive", "act:agree"))
    for i, target, polarity, basis in found:
        item = items[i]
        source = item.speakers[0].actor_id
        if target in doc.ancestors(source):
            continue
        rows.append({"statement": i, "source_id": source, "target_id": target,
                     "polarity": polarity, "sentence_id": item.sent.sid,
                     "start": doc.orig(item.start), "end": doc.orig(item.end),
                     "basis": basis})  # fmt: skip
    return rows


def _addressees(doc: _Doc, item: _Statement) -> list[_Mention]:
    """Targets in object position: within two words of the content start, outside quotes."""
    start = item.content[0]
    if _in_quote(item.sent, start + 1):
        return list(item.objects)
    limit = start
    for _ in range(2):
        nxt = doc.folded.find(" ", limit + 1)
        limit = nxt if nxt != -1 else item.content[1]
    near = [m for m in item.targets if m.fstart <= limit and not _in_quote(item.sent, m.fstart)]
    return list({m.actor_id: m for m in [*item.objects, *near]}.values())


def _cued_targets(doc: _Doc, rep: Reporting, item: _Statement) -> dict[str, tuple[str, str]]:
    """Targets whose nearest cue word (within ``cue_window`` words) gives a polarity."""
    start, end = item.content
    if not item.targets or end <= start:
        return {}
    out: dict[str, tuple[str, str]] = {}
    best: dict[str, int] = {}
    for hit in rep.cues.finditer(doc.folded, start, end):
        if doc.covers(hit.start("w")):
            continue  # a cue word inside a name (قوات الدعم السريع) is no cue
        word = hit.group("w")
        polarity = rep.cue_polarity[word]
        distances = []
        for mention in item.targets:
            if mention.fend <= hit.start():
                words = doc.folded[mention.fend : hit.start()].split()
                if not all(w in rep.cue_links for w in words):
                    continue  # ``العراق يرفض التدخل``: the actor does something to the cue
                gap = len(words)
            elif mention.fstart >= hit.end():
                gap = doc.folded.count(" ", hit.end(), mention.fstart)
            else:
                gap = 0
            distances.append((gap, mention))
        if not distances:
            continue
        gap, nearest = min(distances, key=lambda x: x[0])
        between = (min(nearest.fend, hit.end()), max(nearest.fstart, hit.start()))
        if rep.cue_barrier.search(doc.folded, *between):
            continue  # ``إلى ليبيا وذلك في انتهاك``: the cue is about the whole event
        if gap <= rep.cue_window and gap < best.get(nearest.actor_id, 99):
            best[nearest.actor_id] = gap
            out[nearest.actor_id] = (polarity, "cue:" + _orig(doc, hit.start("w"), hit.end("w")))
    for mention in item.targets:
        joint = rep.joint_action.search(doc.folded, max(start, mention.fstart - 40), mention.fstart)
        if mention.actor_id not in out and joint and joint.end() == mention.fstart:
            out[mention.actor_id] = ("positive", "cue:" + joint.group("w"))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _narrator_rows(doc: _Doc, rep: Reporting, items: list[_Statement]) -> list[dict]:
    """Relations the narrator states between two actors, outside reported content."""
    contents = _merged(sorted(s.content for s in items))
    content_starts = [c[0] for c in contents]
    rows = []
    for hit in rep.relations.finditer(doc.folded):
        sent = doc.sentence_at(hit.start())
        if sent is None or sent.role not in MINED_ROLES or _in_quote(sent, hit.start()):
            continue
        k = bisect.bisect_right(content_starts, hit.start()) - 1
        if k >= 0 and hit.start() < contents[k][1]:
            continue
        direction, polarity = rep.relation_of[hit.group("w")]
        after = _mentions_after(doc, sent, hit.end(), 2)
        before = _mention_before(doc, sent, hit.start(), 4)
        pairs: list[tuple[_Mention, _Mention]] = []
        if direction == "verb" and len(after) >= 2 and not before_adjacent(doc, before, hit):
            pairs = [(after[0], after[1])]  # ``تدعم تركيا حكومة الوفاق``
        elif direction in {"active", "verb"} and after and before:
            pairs = [(before, after[0])]
        elif direction == "passive" and after and before:
            pairs = [(after[0], before)]
        elif direction == "mutual" and len(after) >= 2:
            pairs = [(after[0], after[1]), (after[1], after[0])]
        basis = f"narrator:{_orig(doc, hit.start('w'), hit.end('w'))}"
        for source, target in pairs:
            if source.actor_id == target.actor_id or doc.same_family(
                source.actor_id, target.actor_id
            ):
                continue
            rows.append({"statement": None, "source_id": source.actor_id,
                         "target_id": target.actor_id, "polarity": polarity,
                         "sentence_id": sent.sid,
                         "start": doc.orig(min(source.fstart, target.fstart, hit.start())),
                         "end": doc.orig(max(source.fend, target.fend, hit.end())),
                         "basis": basis})  # fmt: skip
    return rows


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


# --------------------------------------------------------------------------- frames


def _statement_frame(
    doc: _Doc, rep: Reporting, items: list[_Statement], responds: dict[int, int]
) -> pd.DataFrame:
    columns: dict[str, list] = {name: [] for name in STATEMENT_COLUMNS}
    for i, item in enumerate(items):
        quote = doc.text[doc.orig(item.quote[0]) : doc.orig(item.quote[1])].strip()
        values = (
            i + 1, item.sent.sid, doc.orig(item.start), doc.orig(item.end), _speaker_id(item),
            item.verb, item.act, rep.plover[item.act], quote, item.quote_kind,
            ";".join(m.actor_id for m in item.targets),
            item.date.isoformat() if item.date else "",
            responds[i] + 1 if i in responds else None, float(item.confidence),
        )  # fmt: skip
        for name, value in zip(STATEMENT_COLUMNS, values, strict=True):
            columns[name].append(value)
    return _typed_frame(columns, nullable={"responds_to": "Int64"})


def _typed_frame(columns: dict[str, list], *, nullable: dict[str, str]) -> pd.DataFrame:
    """A frame with int64 ids and offsets, float64 confidence, strings as objects."""
    data = {}
    for name, values in columns.items():
        if name in nullable and nullable[name] != "object":
            data[name] = pd.array(values, dtype=nullable[name])
        elif name in nullable:
            data[name] = np.array(values, dtype=object)
        elif (
            name.endswith("_id")
            and name not in {"speaker_id", "source_id", "target_id"}
            or (name in {"start", "end"})
        ):
            data[name] = np.array(values, dtype=np.int64)
        elif name == "confidence":
            data[name] = np.array(values, dtype=np.float64)
        else:
            data[name] = np.array(values, dtype=object)
    return pd.DataFrame(data, columns=list(columns))


def _stance_frame(
    doc: _Doc,
    rep: Reporting,
    items: list[_Statement],
    responds: dict[int, int],
) -> pd.DataFrame:
    rows = _stance_rows(doc, rep, items, responds) + _narrator_rows(doc, rep, items)
    unique: dict[tuple, dict] = {}
    for row in rows:
        key = (row["statement"], row["source_id"], row["target_id"])
        kept = unique.get(key)
        if kept is None or kept["polarity"] == "neutral" and row["polarity"] != "neutral":
            unique[key] = row
    ordered = sorted(unique.values(), key=lambda r: (r["start"], r["source_id"], r["target_id"],
                                                     r["statement"] if r["statement"] is not None
                                                     else -1))  # fmt: skip
    columns: dict[str, list] = {name: [] for name in STANCE_COLUMNS}
    for n, row in enumerate(ordered, 1):
        statement = row["statement"]
        row = {
            **row,
            "stance_id": n,
            "statement_id": statement + 1 if statement is not None else None,
        }
        for name in STANCE_COLUMNS:
            columns[name].append(row[name])
    return _typed_frame(columns, nullable={"statement_id": "object"})
