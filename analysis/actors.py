"""Actor mentions: lexicon matching in one pass, context rules and discovery.

The pipeline over one article:

1. one Aho–Corasick pass of the folded text finds every lexicon key; a hit is
   kept when the letters before it form a valid proclitic chain (و ف ب ل ك,
   ال, وال, بال, لل …) and a non-letter follows it;
2. overlapping hits keep the leftmost longest (``الجيش الأميركي`` is the US
   military, not a separate nisba mention of the United States);
3. context rules: ambiguous aliases need an adjacent cue (``تنظيم القاعدة``),
   capitals stand for states only when they act (not after في/إلى/من …);
4. discovery: a title or office followed by a name (``اللواء احمد المسماري``),
   spokespeople (``الناطق باسم X``), family names that look like nisbas
   (``محمد شياع السوداني``, later ``السوداني``), unnamed sources (``دبلوماسي غربي``,
   ``مسؤولون روس وأتراك``, ``عضو بالبرلمان الروسي``, ``مصدر أمني``, ``شهود عيان``,
   ``قال مسؤول لرويترز``);
5. short forms (``الجيش``) resolve to the last named actor of a compatible type
   when that is unambiguous, preferring one named with the same noun.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from .lexicon import Entry, Lexicon
from .tables import COLUMNS
from .text import Article, fold_term

ACTOR_TABLE_COLUMNS = COLUMNS["actors"]
CONFIDENCE = {
    "lexicon": 0.95,
    "state": 0.95,
    "composed": 0.9,
    "people": 0.8,
    "nisba": 0.7,
    "metonym": 0.6,
    "context": 0.8,
    "discovered": 0.75,
    "unnamed": 0.8,
    "coreference": 0.6,
}
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


# --------------------------------------------------------------------------- public


def extract_actors(article: Article, lexicon: Lexicon) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find the actors of an article and every mention of them.

    Parameters
    ----------
    article
        From :func:`analysis.text.read_article`.
    lexicon
        From :func:`analysis.lexicon.load_lexicon`.

    Returns
    -------
    actors, mentions
        ``actors`` (one row per actor mentioned, plus the ancestors that make
        every ``parent_id`` resolvable, sorted by ``actor_id``) and
        ``mentions`` (sorted by ``start``; ``text[start:end] == surface``;
        an extra ``gender`` column gives the grammatical agreement m/f/pl).
    """
    folded = article.folded
    mined = _mined_spans(article)
    known = lexicon.index
    types = _Types(known)
    hits = _lexicon_hits(folded, lexicon, mined)
    mentions = _resolve_overlaps(hits)
    cues = _Cues.of(lexicon)
    new_actors: dict[str, _NewActor] = {}
    mentions = _discover_people(folded, mentions, cues, types, new_actors, mined)
    mentions = _family_names(folded, mentions, cues, types, new_actors, mined)
    mentions = _discover_sources(folded, mentions, cues, known, new_actors, mined)
    mentions = [
        replace(m, actor_type=types.get(m.actor_id) or _new_type(m, new_actors)) for m in mentions
    ]
    sentence_of = _sentence_lookup(article)
    mentions = _resolve_short_forms(folded, mentions, lexicon, sentence_of, mined)
    occupied = {m.start for m in mentions}
    mentions = [
        m if m.actor_type else replace(m, actor_type=_new_type(m, new_actors))
        for m in _attach_spokespeople(
            folded, mentions, cues, new_actors, known, occupied, only={"coreference"}
        )
    ]
    mentions = _attach_pronoun_spokespeople(folded, mentions, cues, new_actors, known, occupied)
    _attach_sources_to_short_forms(folded, mentions, new_actors)
    return _tables(article, mentions, known, new_actors, sentence_of)


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


# --------------------------------------------------------------------------- matching


def _mined_spans(article: Article) -> list[tuple[int, int]]:
    """Folded spans of the sentences that are mined (not datelines or repeats)."""
    rows = article.sentences[~article.sentences["role"].isin(["dateline", "repeated"])]
    fmap = article.fold_map
    starts = np.searchsorted(fmap, rows["start"].to_numpy())
    ends = np.searchsorted(fmap, rows["end"].to_numpy())
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


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


def _lexicon_hits(
    folded: str, lexicon: Lexicon, mined: list[tuple[int, int]]
) -> list[tuple[int, int, int, Entry]]:
    hits = []
    context = lexicon.context
    blockers = {fold_term(w) for w in context.get("capital_blockers_before") or []}
    blocked_clitics = set(context.get("capital_blocked_proclitics") or [])
    place_nouns = {fold_term(w) for w in context.get("surname_blockers_before") or []}
    entries = lexicon.entries
    for last, key in lexicon.automaton.iter(folded):
        end = last + 1
        start = end - len(key)
        if end < len(folded) and folded[end].isalnum():
            continue
        word_start = _word_start(folded, start)
        if word_start < start and folded[word_start - 1 : word_start].isalnum():
            continue
        prefix = folded[word_start:start]
        if not _inside(mined, start, end):
            continue
        for entry in entries[key]:
            if not _prefix_ok(prefix, entry, key):
                continue
            if entry.cues_before or entry.cues_after:
                if not _has_cue(folded, word_start, end, entry):
                    continue
                entry = replace(entry, method="context")
            if entry.method == "composed" and _adjectival_head(folded, key, word_start):
                continue
            if " " not in key and entry.method == "lexicon" and place_nouns:
                # ``قاعدة عين الأسد``, ``سد الأسد``: a one-word name after a place noun
                previous = _previous_words(folded, word_start, 1)
                if previous and previous[0].lstrip("وف") in place_nouns:
                    continue
            if entry.method == "metonym":
                previous = _previous_words(folded, word_start, 1)
                bare = previous[0].lstrip("وف") if previous else ""
                if prefix in blocked_clitics or (
                    previous and (previous[0] in blockers or bare in blockers)
                ):
                    continue
            surface_start = start - 2 if prefix.endswith("ال") else start
            if (
                entry.article == "required"
                and prefix.endswith("لل")
                or (entry.article == "required" and prefix in {"ل", "ول", "فل"})
            ):
                surface_start = start
            hits.append((surface_start, end, _PRIORITY.get(entry.method, 9), entry))
            break
    return hits


_PRIORITY = {
    "lexicon": 0,
    "context": 0,
    "people": 1,
    "composed": 1,
    "state": 2,
    "nisba": 3,
    "metonym": 4,
}


_DEFINITE = ("ال", "لل", "بال", "وال", "فال", "كال")


def _adjectival_head(folded: str, key: str, word_start: int) -> bool:
    """``السياسة الخارجية الأمريكية``: a one-word head that is itself an adjective
    (الخارجية، الداخلية، البحرية) after a definite noun describes that noun."""
    words = key.split(" ")
    if len(words) != 2 or not words[0].endswith("يه"):
        return False
    previous = _previous_words(folded, word_start, 1)
    return bool(previous) and previous[0].startswith(_DEFINITE)


def _prefix_ok(prefix: str, entry: Entry, key: str) -> bool:
    if entry.article == "required":
        # ل + ال before a word starting with ل drops the article's lam: للواء.
        return prefix in _ARTICLE or (key.startswith("ل") and prefix in {"ل", "ول", "فل"})
    if entry.method in {"people"}:
        return prefix in _ARTICLE
    return prefix in _BARE or (prefix in _ARTICLE and entry.method in {"nisba", "composed"})


def _has_cue(folded: str, word_start: int, end: int, entry: Entry) -> bool:
    before = folded[max(0, word_start - 40) : word_start].rstrip()
    for cue in entry.cues_before:
        if before.endswith(cue) and (
            len(before) == len(cue) or not before[-len(cue) - 1].isalnum()
        ):
            return True
        previous = _previous_words(folded, word_start, 1)
        if previous and previous[0].lstrip("وف") == cue:
            return True
    after = folded[end : end + 40].lstrip()
    return any(
        after.startswith(cue) and (len(after) == len(cue) or not after[len(cue)].isalnum())
        for cue in entry.cues_after
    )


def _resolve_overlaps(hits: list[tuple[int, int, int, Entry]]) -> list[_Mention]:
    chosen: list[_Mention] = []
    taken_until = -1
    for start, end, _, entry in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]), h[2])):
        if start < taken_until:
            continue
        chosen.append(_Mention(start, end, entry.actor_id, entry.method, entry.gender))
        taken_until = end
    return chosen


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class _Cues:
    titles: dict[str, str]
    definite_titles: frozenset[str]
    given: frozenset[str]
    stop: frozenset[str]
    roles: dict[str, dict]
    blocs: dict[str, dict]
    modifier_pattern: re.Pattern
    descriptors: dict[str, dict]
    source_after: frozenset[str]
    source_before: frozenset[str]
    source_blockers: frozenset[str]
    source_ends: frozenset[str]
    source_particles: frozenset[str]
    spokesperson: re.Pattern
    spokesperson_of_it: re.Pattern
    title_pattern: object  # an Aho–Corasick automaton of title words
    role_pattern: re.Pattern
    short_pattern: re.Pattern
    short_types: dict[str, tuple[str, ...]]
    short_by_name: frozenset[str]
    short_named_only: dict[str, frozenset[str]]

    @staticmethod
    def of(lexicon: Lexicon) -> _Cues:
        return _cues(id(lexicon), lexicon)


@lru_cache(maxsize=8)
def _cues(_key: int, lexicon: Lexicon) -> _Cues:
    data = lexicon.discovery
    titles = {fold_term(t["ar"]): t.get("kind", "honorific") for t in data.get("titles") or []}
    roles: dict[str, dict] = {}
    for role in data.get("roles") or []:
        forms = role["ar"] if isinstance(role["ar"], list) else [role["ar"]]
        for form in forms:
            roles[fold_term(form)] = role
    blocs: dict[str, dict] = {}
    for bloc in data.get("blocs") or []:
        stem = fold_term(bloc["ar"])
        for suffix in ("", "ه", "ون", "ين", "يون", "يين"):
            blocs[stem + suffix] = bloc
        for plural in bloc.get("plural") or []:
            blocs[fold_term(plural)] = blocs[fold_term(plural) + "ا"] = bloc
    spokes = [fold_term(s) for s in data.get("spokesperson") or []]

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    title_words = [t[2:] if t.startswith("ال") else t for t in titles]
    import ahocorasick

    title_pattern = ahocorasick.Automaton()
    for word in title_words:
        title_pattern.add_word(word, word)
    title_pattern.make_automaton()
    role_pattern = re.compile(rf"(?<![^\W_])[وف]?[لب]?({alternation(list(roles))})(?![^\W_])")
    descriptors: dict[str, dict] = {}
    for descriptor in data.get("descriptors") or []:
        for form in descriptor["ar"]:
            descriptors[fold_term(form)] = descriptor
    modifiers = {fold_term(m) for m in data.get("modifiers") or []} | set(descriptors)
    modifier_pattern = re.compile(rf" *({alternation(list(modifiers))})(?![^\W_])")

    def words(key: str) -> frozenset[str]:
        return frozenset(fold_term(w) for w in data.get(key) or [])

    short_types = {
        fold_term(rule["ar"]).removeprefix("ال"): tuple(rule["types"])
        for rule in lexicon.context.get("coreference") or []
    }
    short_pattern = re.compile(
        rf"(?<![^\W_])[وف]?(?:ال|بال|لل|كال)({alternation(list(short_types))})(?![^\W_])"
    )
    return _Cues(
        short_pattern=short_pattern,
        short_types=short_types,
        short_named_only={
            fold_term(rule["ar"]).removeprefix("ال"): frozenset(rule.get("named_only") or ())
            for rule in lexicon.context.get("coreference") or []
        },
        short_by_name=frozenset(
            fold_term(rule["ar"]).removeprefix("ال")
            for rule in lexicon.context.get("coreference") or []
            if rule.get("by_name", True)
        ),
        titles={(t[2:] if t.startswith("ال") else t): k for t, k in titles.items()},
        definite_titles=frozenset(t[2:] for t in titles if t.startswith("ال")),
        given=frozenset(fold_term(n) for n in data.get("given_names") or []),
        stop=frozenset(fold_term(w) for w in data.get("name_stopwords") or []),
        roles=roles,
        blocs=blocs,
        modifier_pattern=modifier_pattern,
        descriptors=descriptors,
        source_after=words("source_cues_after"),
        source_before=words("source_cues_before"),
        source_blockers=words("source_blockers_before"),
        source_ends=words("source_phrase_ends"),
        source_particles=words("source_particles_before"),
        spokesperson=re.compile(
            rf"(?<![^\W_])[وف]?(?:ال|لل|بال)?"
            rf"(?:{alternation([w.removeprefix('ال') for w in spokes])})\s+"
        ),
        spokesperson_of_it=re.compile(
            rf"(?<![^\W_])[وف]?(?:ال|لل|بال)?"
            rf"(?:{alternation([w.removeprefix('ال') for w in spokes])})(هما|هم|ها|ه)(?![^\W_])"
        ),
        title_pattern=title_pattern,
        role_pattern=role_pattern,
    )


_PARTICLES = frozenset(["بن", "ابن", "ابو", "عبد", "ولد", "بنت", "ال", "ام"])
_OFFICE_HEADS = frozenset(
    [
        "president",
        "prime_minister",
        "foreign_minister",
        "defence_minister",
        "interior_minister",
        "king",
        "emir",
        "crown_prince",
        "ambassador",
        "minister",
        "chief_of_staff",
        "envoy",
    ]
)


def _read_name(
    folded: str, pos: int, cues: _Cues, occupied: set[int], *, strict: bool = False
) -> tuple[int, int] | None:
    """Read name tokens starting at ``pos``; return the folded span or None.

    A name does not start with a definite or prepositional article; with
    ``strict`` its first word must be a known given name.
    """
    tokens = []
    for match in _WORD.finditer(folded, pos, min(len(folded), pos + 80)):
        gap = folded[tokens[-1][1] if tokens else pos : match.start()]
        if gap.strip() or "\n" in gap:
            break
        word = match.group()
        if word in cues.stop or match.start() in occupied or word.isdigit():
            break
        if not tokens and (
            (word.startswith(("ال", "لل", "بال", "وال", "فال", "كال")) and word not in cues.given)
            or (strict and word not in cues.given)
            or (word in cues.roles and word not in cues.given)  # ``الوزير دبلوماسيين``
        ):
            return None
        tokens.append((match.start(), match.end(), word))
        if len(tokens) >= 4 or (
            len(tokens) >= 2 and tokens[-1][2] not in _PARTICLES and word.startswith("ال")
        ):
            break
    while tokens and tokens[-1][2] in _PARTICLES:
        tokens.pop()
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0][2] not in cues.given:
        return None
    return tokens[0][0], tokens[-1][1]


def _discover_people(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    types: _Types,
    new_actors: dict[str, _NewActor],
    mined: list[tuple[int, int]],
) -> list[_Mention]:
    """Persons after a title (``اللواء``), an office (``وزير الخارجية الإيراني``) or an
    office of an organisation (``المدير العام للوكالة رافائيل غروسي``).

    An office mention directly followed by a named person is the same person:
    only the name is kept.
    """
    starts = {m.start: m for m in mentions}
    # a family nisba (اللواء رامي السوداني) is read as part of the name, not a stop
    named = [m for m in mentions if not _family_nisba(folded, m)]
    occupied = {_word_start(folded, m.start) for m in named} | {m.start for m in named}
    found: list[_Mention] = []
    dropped: set[_Mention] = set()
    anchors = [
        (m.end, m)
        for m in mentions
        if types.get(m.actor_id) == "person" and not _personal_name(folded[m.start : m.end], cues)
    ]
    spans = [(m.start, m.end) for m in mentions]
    anchors = [(end, office, False) for end, office in anchors] + [
        (end, None, bare)
        for start, end, bare in _titles(folded, cues)
        if not _inside(spans, start, end)
    ]
    for end, office, bare in sorted(anchors, key=lambda a: a[0]):
        for name_pos, of_phrase in _name_positions(folded, end):
            strict = of_phrase or bare
            person = starts.get(name_pos)
            if person is not None and types.get(person.actor_id) == "person":
                if office is not None and person.actor_id != office.actor_id:
                    dropped.add(office)  # the office and the named person are one mention
                break
            span = _read_name(folded, name_pos, cues, occupied, strict=strict)
            if span is None or not _inside(mined, *span):
                continue
            name = folded[span[0] : span[1]]
            actor_id = f"person_{romanise(name)}"
            parent = ""
            if office is not None:
                dropped.add(office)
                parent = (types.index.get(office.actor_id) or {}).get(
                    "parent_id"
                ) or office.actor_id
            new_actors.setdefault(actor_id, _NewActor(actor_id, name, name, "person", "", parent))
            found.append(_Mention(span[0], span[1], actor_id, "discovered", "m"))
            occupied.add(span[0])
            break
    names = _Coverage([(m.start, m.end) for m in found])
    dropped |= {m for m in mentions if m.method == "nisba" and names.covers(m.start, m.end)}
    result = sorted([m for m in mentions if m not in dropped] + found, key=lambda m: m.start)
    return _attach_spokespeople(folded, result, cues, new_actors, types.index, occupied)


_TITLE_PREFIXES = frozenset(["", "و", "ف", "ال", "وال", "فال", "لل", "بال"])


def _personal_name(surface: str, cues: _Cues) -> bool:
    """Whether a person mention is a name (``عبد الحميد الدبيبة``, ``ترامب``), not an
    office (``وزير الخارجية العماني``) that a name may follow."""
    words = surface.split(" ")
    return len(words) == 1 or words[0] in cues.given or " ".join(words[:2]) in cues.given


def _titles(folded: str, cues: _Cues) -> list[tuple[int, int, bool]]:
    """Folded spans of title words (``اللواء``, ``الأمين العام``) followed by a space,
    and whether only a known given name may follow: a title written with ال
    that stands without it is a plain noun (``محلل سياسي``, not ``المحلل X``)."""
    found = []
    for last, word in cues.title_pattern.iter(folded):
        end = last + 1
        start = end - len(word)
        if end >= len(folded) or folded[end] != " ":
            continue
        prefix = folded[_word_start(folded, start) : start]
        if prefix in _TITLE_PREFIXES:
            bare = word in cues.definite_titles and not prefix.endswith(("ال", "لل"))
            found.append((start, end, bare))
    return found


_OF_WORD = re.compile(r"\s*(ل[^\W_]+)((?:\s+ال[^\W_]+){0,2})\s+")


def _name_positions(folded: str, end: int) -> list[tuple[int, bool]]:
    """Where a name may start after a title: right after it, or after an
    ``of``-phrase (``للوكالة``, ``لحلف الناتو``), where only a known given name counts."""
    positions = [(_skip_space(folded, end), False)]
    match = _OF_WORD.match(folded, end)
    if match:
        positions.append((match.end(), True))
    return positions


def _attach_spokespeople(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    new_actors: dict[str, _NewActor],
    names: dict[str, dict[str, str]],
    occupied: set[int],
    only: set[str] | None = None,
) -> list[_Mention]:
    """``X الناطق باسم Y`` or ``الناطق باسم Y X``: X's parent is Y; without a
    named X, an unnamed spokesperson of Y. With ``only``, just for Y found by
    those methods (``coreference``: ``المتحدث باسم الجيش`` once الجيش is resolved)."""
    result = list(mentions)
    removed: set[_Mention] = set()
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    for match in cues.spokesperson.finditer(folded):
        org = by_start.get(match.end()) or by_start.get(match.end() + 2)
        if org is None or (only is not None and org.method not in only):
            continue
        gap_start = match.start()
        while gap_start > 0 and folded[gap_start - 1] in " ,":
            gap_start -= 1
        after = _skip_space(folded, org.end)
        close = folded.find(")", after, after + 40) if folded.startswith("(", after) else -1
        if close > 0:  # ``قوة الأمم المتحدة المؤقتة في لبنان (يونيفيل) أندريا تيننتي``
            after = _skip_space(folded, close + 1)
        after = _after_titles(folded, after, cues)
        person = by_end.get(gap_start) or by_start.get(after)
        if person is not None and names.get(person.actor_id, {}).get("actor_type") != "person":
            person = person if person.actor_id in new_actors else None
        if person is None:
            span = _read_name(folded, after, cues, occupied, strict=True)
            if span is not None:
                name = folded[span[0] : span[1]]
                actor_id = f"person_{romanise(name)}"
                new_actors.setdefault(
                    actor_id, _NewActor(actor_id, name, name, "person", "", org.actor_id)
                )
                person = _Mention(span[0], span[1], actor_id, "discovered", "m")
                result.append(person)
        if person is not None and person.actor_id in new_actors:
            actor = new_actors[person.actor_id]
            new_actors[person.actor_id] = replace(actor, parent_id=org.actor_id)
            if only is not None and person.start > _skip_space(folded, org.end):
                # ``المتحدث باسم الجيش العميد X``: the short form only served to find X's
                # organisation; left as a mention it would stand between verb and speaker
                removed.add(org)
        elif person is None:
            actor_id = f"source_spokesperson_{org.actor_id}"
            new_actors.setdefault(
                actor_id,
                _NewActor(
                    actor_id,
                    "Spokesperson of " + names.get(org.actor_id, {}).get("name_en", org.actor_id),
                    folded[match.start() : org.end],
                    "person",
                    "",
                    org.actor_id,
                ),
            )
            rest = match.group().lstrip("وف")
            start = match.end() - len(rest)
            if rest.startswith("لل"):
                start += 2  # ``للمتحدث``: the surface drops ل + ال as in ``للولايات``
            elif rest.startswith("بال"):
                start += 1
            result.append(_Mention(start, match.end() - 1, actor_id, "unnamed", "m"))
    return sorted(set(result) - removed, key=lambda m: (m.start, m.end))


_PRONOUN_GENDERS = {"ه": ("m",), "ها": ("f", "pl"), "هم": ("pl",), "هما": ("pl", "m", "f")}
_PRONOUN_REACH = 300  # folded characters back to the organisation a pronoun names


def _attach_pronoun_spokespeople(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    new_actors: dict[str, _NewActor],
    names: dict[str, dict[str, str]],
    occupied: set[int],
) -> list[_Mention]:
    """``دعت وزارة الخارجية الأمريكية … وقال المتحدث باسمها``: the spokesperson of
    the last organisation before it that agrees with the pronoun (ها: feminine or
    plural, ه: masculine), named when a name follows, unnamed otherwise."""
    result = list(mentions)
    starts = [m.start for m in mentions]
    by_start = {m.start: m for m in mentions}
    for match in cues.spokesperson_of_it.finditer(folded):
        genders = _PRONOUN_GENDERS[match.group(1)]
        i = bisect.bisect_left(starts, match.start())
        org = next(
            (
                m
                for m in reversed(mentions[max(0, i - 12) : i])
                if m.actor_type not in {"person", "people", ""}
                and m.gender in genders
                and match.start() - m.end <= _PRONOUN_REACH
            ),
            None,
        )
        if org is None:
            continue
        after = _after_titles(folded, _skip_space(folded, match.end()), cues)
        person = by_start.get(after)
        if person is not None and person.actor_type != "person":
            person = None
        if person is None:
            span = _read_name(folded, after, cues, occupied, strict=True)
            if span is not None:
                name = folded[span[0] : span[1]]
                actor_id = f"person_{romanise(name)}"
                new_actors.setdefault(
                    actor_id, _NewActor(actor_id, name, name, "person", "", org.actor_id)
                )
                person = _Mention(span[0], span[1], actor_id, "discovered", "m", "person")
                result.append(person)
        if person is not None:
            if person.actor_id in new_actors:
                new_actors[person.actor_id] = replace(
                    new_actors[person.actor_id], parent_id=org.actor_id
                )
            continue
        actor_id = f"source_spokesperson_{org.actor_id}"
        org_name = names.get(org.actor_id, {}).get("name_en") or (
            new_actors[org.actor_id].name_en if org.actor_id in new_actors else org.actor_id
        )
        new_actors.setdefault(
            actor_id,
            _NewActor(
                actor_id, "Spokesperson of " + org_name, folded[match.start() : match.end()],
                "person", "", org.actor_id,
            ),
        )  # fmt: skip
        start = match.start() + len(match.group()) - len(match.group().lstrip("وف"))
        if folded.startswith("لل", start):
            start += 2
        elif folded.startswith("بال", start):
            start += 1
        result.append(_Mention(start, match.end(), actor_id, "unnamed", "m", "person"))
    return sorted(result, key=lambda m: (m.start, m.end))


# --------------------------------------------------------------------------- family names


def _after_titles(folded: str, pos: int, cues: _Cues) -> int:
    """Skip rank and title words (``العميد``, ``الفريق أول``) starting at ``pos``."""
    for _ in range(4):
        words = folded[pos : pos + 40].split(" ")
        one = words[0].removeprefix("ال")
        two = f"{one} {words[1]}" if len(words) > 1 else ""
        if two in cues.titles:
            pos += len(words[0]) + 1 + len(words[1])
        elif one in cues.titles:
            pos += len(words[0])
        else:
            return pos
        pos = _skip_space(folded, pos)
    return pos


def _family_nisba(folded: str, mention: _Mention) -> bool:
    """Whether a mention is a bare definite masculine nisba (``السوداني``), the
    form a family name takes (``محمد شياع السوداني``)."""
    return (
        mention.method == "nisba"
        and folded.startswith("ال", mention.start)
        and (mention.start == 0 or not folded[mention.start - 1].isalnum())
        and folded[mention.end - 1] == "ي"
    )


def _is_person(actor_id: str, types: _Types, new_actors: dict[str, _NewActor]) -> bool:
    actor = new_actors.get(actor_id)
    return (actor.actor_type if actor else types.get(actor_id)) == "person"


def _family_names(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    types: _Types,
    new_actors: dict[str, _NewActor],
    mined: list[tuple[int, int]],
) -> list[_Mention]:
    """Family names that look like nisbas or are a known person's surname.

    * a family nisba right after a person mention is part of that name
      (``... شياع السوداني``); right after a given name it completes a new
      person (``أحمد السوداني``);
    * the last word of a person's name, met again after the person
      (``وأضاف السوداني``), refers back to that person when no other person
      mentioned before shares it and it is no adjective of a definite noun; a
      family nisba may also come first (a headline: ``السوداني يدعو …``).
    """
    result: list[_Mention] = []
    for m in mentions:
        previous = result[-1] if result else None
        if _family_nisba(folded, m) and folded[m.start - 1 : m.start] == " ":
            if (
                previous is not None
                and previous.end == m.start - 1
                and previous.method != "unnamed"
                and _is_person(previous.actor_id, types, new_actors)
            ):
                result[-1] = replace(previous, end=m.end)
                continue
            start = _given_name_start(folded, m.start - 1, cues, previous.end if previous else 0)
            if start is not None and _inside(mined, start, m.end):
                name = folded[start : m.end]
                actor_id = f"person_{romanise(name)}"
                new_actors.setdefault(actor_id, _NewActor(actor_id, name, name, "person", "", ""))
                result.append(_Mention(start, m.end, actor_id, "discovered", "m"))
                continue
        result.append(m)
    return _surname_references(folded, result, cues, types, new_actors, mined)


def _words_before(folded: str, pos: int, floor: int, count: int = 3) -> list[tuple[int, str]]:
    """Up to ``count`` whole words ending at ``pos`` (nearest first), joined by single spaces."""
    words: list[tuple[int, str]] = []
    end = pos
    while len(words) < count and end > floor:
        start = end
        while start > floor and folded[start - 1].isalnum():
            start -= 1
        if start == end or (start == floor and floor > 0 and folded[floor - 1].isalnum()):
            break
        words.append((start, folded[start:end]))
        if start - 1 < floor or folded[start - 1] != " ":
            break
        end = start - 1
    return words


_NAME_PARTICLES = frozenset(["عبد", "ابو", "بن", "ابن", "ام", "بنت"])


def _given_name_start(folded: str, pos: int, cues: _Cues, floor: int) -> int | None:
    """Start of a personal name ending at ``pos`` whose first word is a known
    given name (``أحمد``, ``محمد شياع``, ``عبد الله``), or None."""
    words = _words_before(folded, pos, floor)
    found = None
    for k, (start, word) in enumerate(words):
        definite = word.startswith("ال") and (
            k + 1 >= len(words) or words[k + 1][1] not in _PARTICLES
        )
        if (word in cues.stop or definite) and word not in cues.given:
            break
        pair = f"{word} {words[k - 1][1]}" if k else ""
        if word in cues.given or pair in cues.given or (k and word in _NAME_PARTICLES):
            found = start
    return found


_SURNAME = re.compile(r"(?<![^\W_])[وف]?([^\W_]+)(?![^\W_])")


def _surname_references(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    types: _Types,
    new_actors: dict[str, _NewActor],
    mined: list[tuple[int, int]],
) -> list[_Mention]:
    surnames: dict[str, list[tuple[int, str, str]]] = {}
    for m in mentions:
        if m.method in {"unnamed", "coreference"} or not _is_person(m.actor_id, types, new_actors):
            continue
        surname = _surname(folded[m.start : m.end], cues)
        if surname and (m.actor_id in new_actors or surname.startswith("ال")):
            surnames.setdefault(surname, []).append((m.end, m.actor_id, m.gender))
    if not surnames:
        return mentions
    starts = [m.start for m in mentions]
    replaced: dict[int, _Mention | None] = {}
    found: list[_Mention] = []
    for match in _SURNAME.finditer(folded):
        people = surnames.get(match.group(1))
        start, end = match.span(1)
        if not people or not _inside(mined, start, end):
            continue
        index = bisect.bisect_right(starts, start) - 1
        here = mentions[index] if index >= 0 and mentions[index].end > start else None
        if index + 1 < len(mentions) and mentions[index + 1].start < end:
            continue
        if here is not None and not (
            here.start == start and here.end == end and _family_nisba(folded, here)
        ):
            continue
        if here is None and not any(actor_id in new_actors for _, actor_id, _ in people):
            # a lexicon person's surname that is no alias is a common word (سلام، سريع)
            # unless it would otherwise be read as a country (السوداني)
            continue
        earlier = {actor_id for first, actor_id, _ in people if first <= start}
        if not earlier and here is not None:
            # a headline names the person by the family nisba before the body does
            earlier = {actor_id for _, actor_id, _ in people}
        elif not earlier:
            continue
        previous = _previous_words(folded, match.start(), 1)
        if previous and previous[0].startswith(_DEFINITE):
            continue  # ``الرئيس السوداني``: an adjective, not the name
        if len(earlier) != 1:
            if here is not None:
                replaced[index] = None  # one of several people, none of them the country
            continue
        actor_id = earlier.pop()
        gender = next(g for _, a, g in people if a == actor_id)
        mention = _Mention(start, end, actor_id, "coreference", gender)
        if here is not None:
            replaced[index] = mention
        else:
            found.append(mention)
    result = [replaced.get(i, m) for i, m in enumerate(mentions)]
    return sorted([m for m in result if m] + found, key=lambda m: (m.start, m.end))


def _surname(surface: str, cues: _Cues) -> str:
    """The family name of a personal name (its last word), or "" when the
    surface is no name (``الأمين العام``) or the last word is no safe surname."""
    words = surface.split(" ")
    if len(words) < 2 or words[0] in cues.titles or words[0].startswith(_DEFINITE):
        return ""
    for previous, word in zip(words, words[1:-1], strict=False):
        if word.startswith("ال") and previous not in _PARTICLES:
            return ""
    last = words[-1]
    if (
        len(last) < 4
        or last == "الله"
        or words[-2] in _PARTICLES
        or last in cues.given
        or last in cues.stop
        or last in cues.titles
    ):
        return ""
    return last


def _discover_sources(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    known: dict[str, dict[str, str]],
    new_actors: dict[str, _NewActor],
    mined: list[tuple[int, int]],
) -> list[_Mention]:
    """Unnamed sources and groups: a role noun with a bloc, a nisba or an
    institution (``دبلوماسي غربي``, ``مسؤولون روس``, ``مصدر في القنصلية``), else
    with a descriptor (``مصدر أمني``, ``مصادر محلية``), else alone when the role
    allows it (``شهود عيان``; ``قال مسؤول إن`` for roles that need an attribution)."""
    by_start = {m.start: m for m in mentions}
    starts = [m.start for m in mentions]
    counts: dict[str, int] = {}
    replaced: set[_Mention] = set()
    found: list[_Mention] = []
    last_end = -1
    for match in cues.role_pattern.finditer(folded):
        if match.start(1) < last_end or not _inside(mined, match.start(1), match.end(1)):
            continue
        role = cues.roles[match.group(1)]
        plural = role.get("number") == "pl"
        pos, modifiers_end, descriptor = _skip_modifiers(folded, match.end(), cues)
        another = bool(_ANOTHER & set(folded[match.end() : modifiers_end].split()))
        bloc_match = _WORD.match(folded, pos)
        word = bloc_match.group() if bloc_match else ""
        head = (match.start(1), match.end(1))
        described: list[tuple[str, str, str, str, int, _Mention | None]] = []
        if word in cues.blocs:
            bloc = cues.blocs[word]
            described.append(
                (bloc["id"], bloc.get("en", bloc["id"]), "", "", bloc_match.end(), None)
            )
        elif pos in by_start and by_start[pos].method in {"nisba", "state"}:
            nisba = by_start[pos]
            country_name = known.get(nisba.actor_id, {}).get("name_en", nisba.actor_id)
            described.append((nisba.actor_id, country_name, nisba.actor_id, "", nisba.end, nisba))
            described += _coordinated(folded, nisba.end, by_start)
        else:
            org = _attached_org(folded, pos, by_start, known)
            if org is not None:
                org_name = known.get(org.actor_id, {}).get("name_en", org.actor_id)
                described.append((org.actor_id, org_name, "", org.actor_id, org.end, None))
            elif _overlaps(mentions, starts, head[0], max(head[1], modifiers_end)):
                pass
            elif descriptor is not None:
                described.append((descriptor["id"], descriptor["en"], "", "", modifiers_end, None))
            elif _bare_source(folded, match, role, cues, by_start, known):
                described.append(("", "", "", "", head[1], None))
        for index, (desc_id, desc_en, iso, parent, end, absorbed) in enumerate(described):
            role_id, role_en = role["role_id"], role.get("en", role["role_id"])
            if plural and iso:
                actor_id = f"{iso}_{role_id}"
                country = known[iso]["country_code"] if iso in known else ""
                name_en = f"{role_en.capitalize()} of {known[iso]['name_en']}"
                actor_type = role.get("actor_type", "people")
                parent = iso
            else:
                base = f"source_{role_id}_{desc_id}" if desc_id else f"source_{role_id}"
                after = _WORD.match(folded, _skip_space(folded, end))
                if after and after.group() in _ANOTHER:
                    counts[base] = counts.get(base, 1) + 1
                    end = after.end()
                elif another:
                    counts[base] = counts.get(base, 1) + 1
                actor_id = base if counts.get(base, 1) == 1 else f"{base}_{counts[base]}"
                counts.setdefault(base, 1)
                country = known.get(iso or parent, {}).get("country_code", "")
                name_en = (
                    f"{role_en.capitalize()} of the {desc_en}" if parent else f"{desc_en} {role_en}"
                ).strip()
                name_en = name_en[:1].upper() + name_en[1:]
                name_en += f" ({counts[base]})" if counts[base] > 1 else ""
                actor_type = role.get("actor_type", "people" if plural else "person")
                parent = parent or iso
            start = head[0] if index == 0 else absorbed.start if absorbed else head[0]
            surface = folded[start:end]
            new_actors.setdefault(
                actor_id,
                _NewActor(actor_id, name_en, surface, actor_type, country, parent),
            )
            if absorbed is not None:
                replaced.add(absorbed)
            gender = "pl" if plural else role.get("gender", "m")
            found.append(_Mention(start, end, actor_id, "unnamed", gender))
            last_end = max(last_end, end)
    covered = _Coverage([(m.start, m.end) for m in found])
    kept = [
        m
        for m in mentions
        if m not in replaced
        and (m.method not in {"nisba", "state"} or not covered.covers(m.start, m.end))
    ]
    return sorted(kept + found, key=lambda m: (m.start, m.end))


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


def _coordinated(folded: str, pos: int, by_start: dict[int, _Mention]) -> list:
    """``مسؤولون روس وأتراك``: further nisbas joined by و."""
    extra = []
    while True:
        gap = folded[pos : pos + 3]
        if not gap.startswith(" و"):
            return extra
        nxt = by_start.get(pos + 2)
        if nxt is None or nxt.method != "nisba":
            return extra
        extra.append((nxt.actor_id, nxt.actor_id, nxt.actor_id, "", nxt.end, nxt))
        pos = nxt.end


def _attached_org(
    folded: str, pos: int, by_start: dict[int, _Mention], known: dict[str, dict[str, str]]
) -> _Mention | None:
    """An institution after ب/في/من/لدى: ``عضو بالبرلمان الروسي``, ``مصدر في القنصلية``;
    a party or parliament after عن: ``نواب عن التيار الصدري``."""
    for prefix in ("ب", "في ", "من ", "لدي ", "داخل ", "عن "):
        if folded.startswith(prefix, pos):
            org = by_start.get(pos + len(prefix))
            if org is None or org.method not in {"composed", "lexicon", "context"}:
                continue
            kind = known.get(org.actor_id, {}).get("actor_type")
            if prefix != "عن " or kind in {"party", "legislature"}:
                return org
    return None


_ANOTHER = frozenset(["اخر", "اخري", "اخرون", "اخرين"])


def _skip_modifiers(folded: str, pos: int, cues: _Cues) -> tuple[int, int, dict | None]:
    """Skip the modifiers after a role noun (``رفيع المستوى``, ``أمني``, ``آخر``).

    Returns where the next word starts, where the last modifier ends (the
    role's end when there is none) and the descriptor that names the source:
    the first that is no rank (``مصدر أمني رفيع`` → security), else the first.
    """
    modifiers_end = pos
    chosen: dict | None = None
    while True:
        match = cues.modifier_pattern.match(folded, pos)
        if not match:
            return _skip_space(folded, pos), modifiers_end, chosen
        descriptor = cues.descriptors.get(match.group(1))
        if descriptor is not None and (
            chosen is None or (chosen.get("rank") and not descriptor.get("rank"))
        ):
            chosen = descriptor
        pos = modifiers_end = match.end()


def _overlaps(mentions: list[_Mention], starts: list[int], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps a mention (``mentions`` sorted by start)."""
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and mentions[index].end > start:
        return True
    return index + 1 < len(mentions) and mentions[index + 1].start < end


def _bare_source(
    folded: str,
    match: re.Match,
    role: dict,
    cues: _Cues,
    by_start: dict[int, _Mention],
    known: dict[str, dict[str, str]],
) -> bool:
    """Whether a role noun with no description is a source: always for some roles
    (``شهود عيان``, ``ناشطون``), for others only next to an attribution
    (``قال مسؤول إن``, ``بحسب مصادر``, ``مسؤول لرويترز``)."""
    bare = role.get("bare")
    if bare not in {"always", "attributed"}:
        return False
    previous = _previous_words(folded, match.start(), 1)
    word = previous[0] if previous else ""
    cued = cues.source_before | cues.source_particles | cues.source_blockers
    if word[:1] in {"و", "ف"} and word not in cued:
        word = word[1:]
    if word in cues.source_blockers:
        return False
    if bare == "always" or word in cues.source_before:
        return True  # a reporting verb before an indefinite noun: its subject
    after = _skip_space(folded, match.end())
    nxt = _WORD.match(folded, after)
    if nxt is None or folded[match.end() : after] != " ":
        # the phrase ends at punctuation: ``بحسب مصادر، …``
        return word in cues.source_particles
    if nxt.group() in cues.source_after:
        return True
    media = by_start.get(nxt.start() + 1) if nxt.group().startswith("ل") else None
    if media is not None and known.get(media.actor_id, {}).get("actor_type") == "media":
        return True
    ends = nxt.group() in cues.source_ends or nxt.group().startswith("ل")
    return word in cues.source_particles and ends


def _skip_space(folded: str, pos: int) -> int:
    while pos < len(folded) and folded[pos] == " ":
        pos += 1
    return pos


# --------------------------------------------------------------------------- short forms


def _sentence_lookup(article: Article):  # noqa: ANN202
    starts = article.sentences["start"].to_numpy()
    ends = article.sentences["end"].to_numpy()
    ids = article.sentences["sentence_id"].to_numpy()
    fmap = article.fold_map

    def sentence_of(folded_pos: int) -> int:
        original = int(fmap[folded_pos])
        index = int(np.searchsorted(starts, original, side="right")) - 1
        if index < 0 or original >= ends[index]:
            return 0
        return int(ids[index])

    return sentence_of


def _resolve_short_forms(
    folded: str,
    mentions: list[_Mention],
    lexicon: Lexicon,
    sentence_of,  # noqa: ANN001
    mined: list[tuple[int, int]],
) -> list[_Mention]:
    """Resolve ``الجيش`` and similar short forms to the last named actor of a
    compatible type within a few sentences, when no other candidate competes.

    An actor whose name has the short form's noun (``الجيش السوداني`` for
    ``الجيش``) is preferred to one that only shares the type (``قوات الدعم
    السريع``); further back than the window, the only actor named with that
    noun so far is taken.
    """
    cues = _Cues.of(lexicon)
    window = int(lexicon.context.get("coreference_window", 2))
    starts = [m.start for m in mentions]
    sentences = [sentence_of(m.start) for m in mentions]
    found: list[_Mention] = []
    named: dict[str, dict[str, _Mention]] = {}  # head noun -> actors named with it so far
    swept = 0
    for match in cues.short_pattern.finditer(folded):
        head = match.group(1)
        types = cues.short_types[head]
        start = match.start(1)
        if start >= 2 and folded.startswith("ال", start - 2):
            start -= 2
        end = match.end()
        index = bisect.bisect_left(starts, start)
        overlaps = (index > 0 and mentions[index - 1].end > start) or (
            index < len(mentions) and mentions[index].start < end
        )
        while swept < index:
            for word in _name_nouns(folded, mentions[swept]):
                named.setdefault(word, {})[mentions[swept].actor_id] = mentions[swept]
            swept += 1
        if overlaps or not _inside(mined, start, end):
            continue
        here = sentence_of(start)
        candidates = []
        for j in range(index - 1, -1, -1):
            if here - sentences[j] > window:
                break
            if mentions[j].actor_type in types and (
                mentions[j].actor_type not in cues.short_named_only[head]
                or head in _name_nouns(folded, mentions[j])
            ):
                # an armed group is ``الجيش`` only when its name says so (الجيش الوطني الليبي)
                candidates.append((mentions[j], sentences[j]))
        if head in cues.short_by_name:
            with_head = [c for c in candidates if head in _name_nouns(folded, c[0])]
            earlier = [m for m in named.get(head, {}).values() if m.actor_type in types]
            if with_head:
                candidates = with_head
            elif len(earlier) == 1:
                candidates = [(earlier[0], here)]
            elif earlier:
                candidates = []  # several actors were named so: none is safe
        nxt = _WORD.match(folded, _skip_space(folded, end))
        if (
            nxt
            and nxt.group().startswith("ال")
            and folded[end : nxt.start()] == " "
            and nxt.group()[2:] not in cues.titles  # ``باسم الجيش العميد …``: a rank, no adjective
        ):
            # A definite adjective must be part of the antecedent's name.
            candidates = [c for c in candidates if nxt.group() in folded[c[0].start : c[0].end]]
            end = nxt.end()
        if not candidates:
            continue
        latest, latest_sentence = candidates[0]
        others = [c for c in candidates if c[0].actor_id != latest.actor_id]
        if others and (latest_sentence != here or any(c[1] == here for c in others)):
            continue
        found.append(
            _Mention(start, end, latest.actor_id, "coreference", latest.gender, latest.actor_type)
        )
    return sorted(mentions + found, key=lambda m: (m.start, m.end))


def _attach_sources_to_short_forms(
    folded: str, mentions: list[_Mention], new_actors: dict[str, _NewActor]
) -> None:
    """``مصدر مقرب من الحركة``: an unnamed source with no parent belongs to the
    actor a short form right after من/في resolved to (updates ``new_actors``)."""
    resolved = {m.start: m for m in mentions if m.method == "coreference"}
    for m in mentions:
        actor = new_actors.get(m.actor_id)
        if m.method != "unnamed" or actor is None or actor.parent_id:
            continue
        for prefix in (" من ", " في ", " لدي ", " داخل "):
            org = resolved.get(m.end + len(prefix)) if folded.startswith(prefix, m.end) else None
            if org is not None:
                new_actors[m.actor_id] = replace(actor, parent_id=org.actor_id)
                break


def _name_nouns(folded: str, mention: _Mention) -> set[str]:
    """The words of a mention without proclitics and article (``الجيش السوداني``
    → جيش, سوداني), to compare with a short form's noun."""
    words = set()
    for word in folded[mention.start : mention.end].split(" "):
        for prefix in _ARTICLE:
            if word.startswith(prefix) and len(word) > len(prefix) + 1:
                word = word[len(prefix) :]
                break
        words.add(word)
    return words


# --------------------------------------------------------------------------- tables


def _tables(
    article: Article,
    mentions: list[_Mention],
    known: dict[str, dict[str, str]],
    new_actors: dict[str, _NewActor],
    sentence_of,  # noqa: ANN001
) -> tuple[pd.DataFrame, pd.DataFrame]:
    fmap = article.fold_map
    rows = []
    for m in mentions:
        start, end = int(fmap[m.start]), int(fmap[m.end - 1]) + 1
        sentence_id = sentence_of(m.start)
        if sentence_id == 0:
            continue
        rows.append(
            (
                m.actor_id,
                sentence_id,
                start,
                end,
                article.text[start:end],
                m.method,
                CONFIDENCE[m.method],
                m.gender,
            )
        )
    rows.sort(key=lambda r: (r[2], r[3], r[0]))
    columns = ["actor_id", "sentence_id", "start", "end", "surface", "method", "confidence"]
    data = {name: [r[i] for r in rows] for i, name in enumerate([*columns, "gender"])}
    frame = pd.DataFrame(
        {
            "mention_id": np.arange(1, len(rows) + 1, dtype=np.int64),
            **{
                k: np.array(v, dtype=np.int64) if k in {"sentence_id", "start", "end"} else v
                for k, v in data.items()
                if k != "confidence"
            },
            "confidence": np.array(data["confidence"], dtype=np.float64),
        }
    )
    frame = frame[["mention_id", *columns, "gender"]]
    return _actor_table(frame, known, new_actors), frame


def _actor_table(
    mentions: pd.DataFrame, known: dict[str, dict[str, str]], new_actors: dict[str, _NewActor]
) -> pd.DataFrame:
    records: dict[str, dict] = {}
    first_surface = dict(zip(mentions["actor_id"][::-1], mentions["surface"][::-1], strict=True))

    def record(actor_id: str) -> dict | None:
        if actor_id in new_actors:
            row = dict(new_actors[actor_id].__dict__)
            if actor_id in first_surface:
                row["name_ar"] = first_surface[actor_id]
            return row
        if actor_id in known:
            return dict(known[actor_id])
        return None

    pending = sorted(set(mentions["actor_id"]))
    while pending:
        actor_id = pending.pop()
        if actor_id in records:
            continue
        row = record(actor_id)
        if row is None:
            continue
        records[actor_id] = row
        if row["parent_id"] and row["parent_id"] not in records:
            pending.append(row["parent_id"])
    for row in records.values():
        if row["parent_id"] not in records:
            row["parent_id"] = ""
    counts = mentions["actor_id"].value_counts()
    frame = pd.DataFrame(list(records.values()), columns=ACTOR_TABLE_COLUMNS[:-1])
    frame["mention_count"] = frame["actor_id"].map(counts).fillna(0).astype("int64")
    return frame.sort_values("actor_id", kind="stable").reset_index(drop=True)
