"""The reporting lexicon: verbs, participles, light-verb expressions and cues.

``data/reporting.yaml`` (or a user file with the same layout) is compiled into
a :class:`Reporting`: every verb form with its act, person, gender and
preposition, the nouns of light-verb expressions (أعرب عن قلقه), attribution
cues (بحسب، وفقا لـ), negations, complementizers and stance cue words, plus one
regular expression (a character trie) that finds all of them in a single pass
over the folded text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import MawaqifError
from .lexicon import YAML_LOADER
from .tables import ACTS as _TABLE_ACTS
from .text import fold_term

ACTS = tuple(_TABLE_ACTS)


GENDERS = ("m", "f", "pl")


DEFAULT_PATH = Path(__file__).parent / "data" / "reporting.yaml"


_OBJECT_SUFFIX = r"(?:هما|هم|ها|ه|كم|نا)?"


_NOUN_SUFFIXES = ("", "ه", "ها", "هم", "هما", "نا", "ي", "كم")


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
    marked: bool = False
    actions: tuple[str, ...] = ()  # objects that make the verb an action (تبنى قرارا)


@dataclass(frozen=True)
class Reporting:
    """The compiled reporting lexicon (see ``data/reporting.yaml``)."""

    plover: dict[str, str]
    forms: dict[str, Form]
    stems: dict[str, Form]  # forms written with ا before an object pronoun (نفاه)
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
    no_comment: re.Pattern = field(repr=False)
    content_acts: re.Pattern = field(repr=False)
    content_act_of: dict[str, str]
    anaphors: frozenset[str]
    cue_window: int
    cues: re.Pattern = field(repr=False)
    cue_polarity: dict[str, str]
    cue_reverser: re.Pattern = field(repr=False)
    cue_negations: frozenset[str]
    noun: re.Pattern = field(repr=False)
    predicative: frozenset[str]
    subject_nouns: frozenset[str]
    cue_links: frozenset[str]
    light_gap: int
    head_links: frozenset[str]
    title_words: frozenset[str]
    carriers: frozenset[str]
    outlet_nouns: frozenset[str]
    aside: re.Pattern = field(repr=False)
    noun_adjectives: frozenset[str]
    rank_words: frozenset[str]
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
        doc = yaml.load(source.read_text(encoding="utf-8"), Loader=YAML_LOADER)
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
    # ``نفى`` (folded نفي) is written نفا- before an object pronoun (وهو ما نفاه الحزب)
    stems = {f[:-1] + "ا": form for f, form in forms.items() if f.endswith("ي") and len(f) > 2}
    stems = {stem: form for stem, form in stems.items() if stem not in forms}
    trigger = _trigger_pattern(forms, light, nouns, attributions, gap, stems)
    return Reporting(
        plover=plover,
        forms=forms,
        stems=stems,
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
        no_comment=_phrase_pattern(_words(doc, "no_comment", name, required=False)),
        content_acts=_phrase_pattern(list(content_acts) or ["\uffff"]),
        content_act_of=content_acts,
        anaphors=frozenset(_words(doc, "anaphors", name)),
        cue_window=cue_window,
        cues=_phrase_pattern(list(cue_polarity) or ["\uffff"], prefixes=True),
        cue_polarity=cue_polarity,
        cue_reverser=re.compile(
            r"(?:و|ف)?(?:س|ال)?(?:"
            + _trie(_words(doc, "cue_reversers", name, required=False) or ["\uffff"])
            + ")"
        ),
        cue_negations=frozenset(_words(doc, "cue_negations", name, required=False)),
        noun=re.compile(r"(?<!\w)\"?(?:ب|ال|بال|لل|ل)?(?P<ln>" + _trie(nouns) + r")(?!\w)"),
        light_gap=gap,
        predicative=frozenset(_words(doc, "predicative_verbs", name, required=False)),
        subject_nouns=frozenset(_words(doc, "subject_nouns", name, required=False)),
        cue_links=frozenset(_words(doc, "cue_links", name, required=False)),
        head_links=frozenset(_words(doc, "head_links", name, required=False)),
        title_words=frozenset(_words(doc, "title_words", name, required=False)),
        carriers=frozenset(_words(doc, "carriers", name, required=False)),
        outlet_nouns=frozenset(_words(doc, "outlet_nouns", name, required=False)),
        aside=_aside_pattern(doc, name),
        noun_adjectives=frozenset(_words(doc, "noun_adjectives", name, required=False)),
        rank_words=frozenset(_words(doc, "rank_words", name, required=False)),
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
              "continues": bool(raw.get("continues")), "marked": bool(raw.get("marked")),
              "source_after": fold_term(raw.get("source_after") or ""),
              "actions": tuple(fold_term(w) for w in raw.get("actions") or ())}  # fmt: skip
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
    for form in _duals(raw):  # two speakers: أدانتا، تدينان (listed forms win)
        info = Form(gender="pl", participle=False, **common)
        if raw.get("light"):
            light.setdefault(form, info)
        if not raw.get("light_only"):
            forms.setdefault(form, info)


def _duals(raw: dict) -> list[str]:
    """Dual forms derived from a verb's singular ones: the feminine past + ا
    (قالت → قالتا) and the present + ان (يدين → يدينان، تدين → تدينان). The
    masculine past + ا is not derived: دعما، طلبا، نقلا are also nouns."""
    out = []
    for gender in ("m", "f"):
        for value in raw.get(gender) or []:
            form = fold_term(value)
            if len(form) < 3:
                continue
            if gender == "f" and form.endswith("ت"):
                out.append(form + "ا")
            elif form[0] in "يت" and not form.endswith(("ت", "ا")):
                out.append(form + "ان")
    return out


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


def _aside_pattern(doc: dict, name: str) -> re.Pattern:
    """Relative clauses between commas and anonymity asides (see ``anonymity`` in the YAML)."""
    relatives = _trie(_words(doc, "relatives", name))
    alternatives = [r",\s*(?:" + relatives + r")\s[^,.:;!?\"()\n]{2,120}?,"]
    spec = doc.get("anonymity")
    if spec is None:
        return re.compile(alternatives[0])
    if not isinstance(spec, dict):
        raise MawaqifError(f"reporting lexicon {name}: anonymity must be a mapping")
    words = {
        key: _words(spec, key, f"{name} anonymity")
        for key in ("verbs", "actions", "objects", "reasons", "reason_ends")
    }
    # each branch opens with a trie of words (no optional prefix), so the regex engine
    # can skip ahead by first letters: و and the relative pronouns are spelled out
    words["verbs"] = [
        f"{lead}{verb}" for verb in words["verbs"] for lead in ("", "و", "الذي ", "التي ", "الذين ")
    ]
    parts = {key: _trie(values) for key, values in words.items()}
    # no optional comma in front (aside_spans takes in the commas around)
    anonymity = (
        r"(?:" + parts["verbs"] + r")\s+(?:" + parts["actions"] + r")\s+(?:"
        + parts["objects"] + r")(?!\w)"
    )  # fmt: skip
    media = r"(?:\s+(?:الي\s+|ل)?(?:وسائل\s+الاعلام|الاعلام|الصحافه|الصحفيين)|\s+علنا)?"
    reason = (
        r"(?:" + parts["reasons"] + r")(?:\s+(?:" + parts["reason_ends"] + r"))?" + media
        + r"(?!\w)"
    )  # fmt: skip
    return re.compile("|".join([*alternatives, anonymity, reason]))


def aside_spans(folded: str, rep: Reporting) -> list[tuple[int, int]]:
    """Spans of folded text that :attr:`Reporting.aside` matches, in order, with the
    commas around an anonymity aside (``مسؤول، طلب عدم الكشف عن هويته، إن``).

    >>> from analysis.text import fold
    >>> text, _ = fold("وقال المسؤول، الذي طلب عدم الكشف عن هويته، إن المحادثات مستمرة.")
    >>> [text[a:b] for a, b in aside_spans(text, load_reporting())]
    [', الذي طلب عدم الكشف عن هويته,']
    """
    spans = []
    for match in rep.aside.finditer(folded):
        start, end = match.span()
        if folded[start] != ",":
            if start and folded[start - 1].isalnum():
                continue  # inside a word
            before = start
            while before and folded[before - 1] == " ":
                before -= 1
            if before and folded[before - 1] == ",":
                start = before - 1
            after = end
            while after < len(folded) and folded[after] == " ":
                after += 1
            if folded[after : after + 1] == ",":
                end = after + 1
        spans.append((start, end))
    return spans


def _phrase_pattern(words: list[str], *, prefixes: bool = True) -> re.Pattern:
    if not words:
        return re.compile(r"(?!)")  # an optional list left out: matches nothing
    prefix = r"(?:و|ف|ب|ل|ك)?(?:ال|لل)?" if prefixes else r"(?:و|ف)?"
    return re.compile(r"(?<!\w)" + prefix + r"(?P<w>" + _trie(words) + r")(?!\w)")


def _trigger_pattern(
    forms: dict, light: dict, nouns: dict, attributions: list, gap: int, stems: dict
):
    # a gap word must not open reported content or a quotation
    gap_word = r"\s+(?!(?:ان|بان|انه|انها|بانه|بانها|ان)(?!\w))[^\s.!?:\"]+"
    attribution = r"(?P<attr>" + _trie(attributions) + r")(?:(?<=\sل)|(?<=\sلما)|(?!\w))"
    light_expr = (
        r"(?P<lv>" + _trie(light) + r")(?:" + gap_word + r"){0," + str(gap) + r"}?"
        r"\s+\"?(?:ب|ال|بال|لل|ل)?(?P<ln>" + _trie(nouns) + r")(?!\w)"
    )
    suffixed = r"|(?:" + _trie(stems) + r")(?=(?:هما|هم|ها|ه)(?!\w))" if stems else ""
    verb = r"(?P<v>" + _trie(forms) + suffixed + r")" + _OBJECT_SUFFIX + r"(?!\w)"
    return re.compile(
        r"(?<!\w)(?P<pre>[وف])?(?:" + attribution + "|" + light_expr + "|" + verb + ")"
    )
