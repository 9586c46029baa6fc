"""Discovery of people the lexicon does not list.

A title or office followed by a name (``اللواء احمد المسماري``, ``وزير الخارجية
العماني بدر البوسعيدي``), names read with the given-name list, and
spokespeople (``الناطق باسم X``, ``المتحدث باسمها``) attached to their
organisation. The cue lists come from ``data/discovery.yaml`` (:class:`_Cues`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .lexicon import Lexicon
from .mentions import (
    _WORD,
    _Coverage,
    _family_nisba,
    _inside,
    _Mention,
    _NewActor,
    _skip_space,
    _Types,
    _word_start,
    romanise,
)
from .text import fold_term


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
    place_offices: dict[str, dict]
    place_office_pattern: re.Pattern | None
    place_kinds: frozenset[str]
    place_blockers: frozenset[str]
    title_pattern: object  # an Aho–Corasick automaton of title words
    role_pattern: re.Pattern
    definite_role_pattern: re.Pattern
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
    offices = data.get("place_offices") or []
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
        place_offices={fold_term(form): office for office in offices for form in office["ar"]},
        place_office_pattern=re.compile(
            rf"(?<![^\W_])[وف]?({alternation([fold_term(f) for o in offices for f in o['ar']])})"
            r"(?![^\W_])"
        )
        if offices
        else None,
        place_kinds=words("place_kinds"),
        place_blockers=words("place_office_blockers"),
        spokesperson_of_it=re.compile(
            rf"(?<![^\W_])[وف]?(?:ال|لل|بال)?"
            rf"(?:{alternation([w.removeprefix('ال') for w in spokes])})(هما|هم|ها|ه)(?![^\W_])"
        ),
        title_pattern=title_pattern,
        role_pattern=role_pattern,
        # opening with a literal (no lookbehind, no optional و/ف) lets the regex engine
        # search fast; _definite_sources checks what comes before
        definite_role_pattern=re.compile(rf"ال({alternation(list(roles))})(?![^\W_])"),
    )


_PARTICLES = frozenset(["بن", "ابن", "ابو", "عبد", "ولد", "بنت", "ال", "ام"])


_MAX_PLACE_WORDS = 3
_PLACES = frozenset({"metonym", "state"})  # mentions that may be the place of an office


def _place_offices(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    new_actors: dict[str, _NewActor],
    mined: list[tuple[int, int]],
) -> list[_Mention]:
    """``ونفى محافظ اللاذقية``: the unnamed holder of a place's office.

    The place is one to three words after the office (and an optional
    ``ولاية``/``محافظة``…) up to punctuation, a function word, an actor
    mention or a second definite word (``محافظ حلب الجديد``). A named person
    right after the place is left to the name rules; an office of an
    institution (``محافظ البنك المركزي``) is no place office.
    """
    if cues.place_office_pattern is None:
        return mentions
    spans = _Coverage([(m.start, m.end) for m in mentions])
    by_start = {m.start: m for m in mentions}
    ordered = sorted(by_start)
    found: list[_Mention] = []
    dropped: set[_Mention] = set()
    for hit in cues.place_office_pattern.finditer(folded):
        office = cues.place_offices[hit.group(1)]
        start, pos = hit.start(1), hit.end(1)
        if spans.covers(start, pos) or not _inside(mined, start, pos):
            continue
        words: list[tuple[int, int]] = []
        last = pos
        for match in _WORD.finditer(folded, pos, min(len(folded), pos + 60)):
            gap, word = folded[last : match.start()], match.group()
            place_mention = by_start.get(match.start())
            if place_mention is not None and (words or place_mention.method not in _PLACES):
                break  # an actor, not a place (``دمشق`` after محافظ is the city)
            if gap.strip() or "\n" in gap or word in cues.stop:
                break
            inner = bisect.bisect_right(ordered, match.start())
            if inner < len(ordered) and ordered[inner] < match.end():
                break  # a mention starts inside the word: ``رئيس بلدية صيدا لرويترز``
            last = match.end()
            if not words and word in cues.place_kinds:
                continue
            if words and word.startswith("ال") or word in cues.given:
                break
            words.append((match.start(), match.end()))
            if place_mention is not None:
                dropped.add(place_mention)
            if len(words) == _MAX_PLACE_WORDS:
                break
        if not words or folded[words[0][0] : words[0][1]] in cues.place_blockers:
            continue
        name = _read_name(folded, _skip_space(folded, words[-1][1]), cues, set(), strict=True)
        if name is not None:  # ``محافظ البصرة أسعد العيداني``: the person, named
            text = folded[name[0] : name[1]]
            actor_id, start, end, method = (
                f"person_{romanise(text)}",
                name[0],
                name[1],
                "discovered",
            )
            new_actors.setdefault(actor_id, _NewActor(actor_id, text, text, "person", "", ""))
        else:
            place = folded[words[0][0] : words[-1][1]]
            actor_id, end, method = (
                f"source_{office['role_id']}_{romanise(place)}",
                words[-1][1],
                "unnamed",
            )
            new_actors.setdefault(
                actor_id,
                _NewActor(
                    actor_id, f"{office['en']} of {place}", folded[start:end], "person", "", ""
                ),
            )
        found.append(_Mention(start, end, actor_id, method, "m", "person"))
    kept = [m for m in mentions if m not in dropped]
    return sorted(kept + found, key=lambda m: (m.start, m.end))


def _read_name(
    folded: str,
    pos: int,
    cues: _Cues,
    occupied: set[int],
    *,
    strict: bool = False,
    name_slot: bool = False,
) -> tuple[int, int] | None:
    """Read name tokens starting at ``pos``; return the folded span or None.

    A name does not start with a definite or prepositional article; with
    ``strict`` its first word must be a known given name. ``name_slot``: a name
    is expected at ``pos``, so a given name that is also a stop word starts it
    (``المتحدث باسم الحكومة باسم العوادي``).
    """
    tokens = []
    for match in _WORD.finditer(folded, pos, min(len(folded), pos + 80)):
        gap = folded[tokens[-1][1] if tokens else pos : match.start()]
        if gap.strip() or "\n" in gap:
            break
        word = match.group()
        after_particle = bool(tokens) and tokens[-1][2] in _PARTICLES  # ``سالم بن علي``
        given_here = name_slot and not tokens and word in cues.given
        if (word in cues.stop and not after_particle and not given_here) or (
            match.start() in occupied
        ):
            break
        if word.isdigit():
            break
        if not tokens and (
            (word.startswith(("ال", "لل", "بال", "وال", "فال", "كال")) and word not in cues.given)
            or (strict and word not in cues.given)
            or (word in cues.roles and word not in cues.given)  # ``الوزير دبلوماسيين``
        ):
            return None
        if len(tokens) >= 2 and _construct_head(folded, match, word, cues):
            break  # ``هاني توفيق سياسات الحكومة``: a noun heading the object, not a name
        tokens.append((match.start(), match.end(), word))
        if len(tokens) >= 4 or (
            len(tokens) >= 2 and tokens[-1][2] not in _PARTICLES and word.startswith("ال")
        ):
            break
    while tokens and tokens[-1][2] in _PARTICLES:
        tokens.pop()
    if not tokens:
        return None
    if len(tokens) == 1 and (tokens[0][2] not in cues.given or tokens[0][2] in cues.stop):
        return None  # one word: a known given name, and not one that is a word too (صباح)
    first, second = tokens[0][2], tokens[1][2] if len(tokens) > 1 else ""
    if first[:1] in "بل" and first not in cues.given and second.startswith("ال"):
        return None  # ``رئيس الوزراء بعرقلة الاتفاق``: a preposition and its noun
    return tokens[0][0], tokens[-1][1]


_AFFILIATION = re.compile(r" (?:عن|من|في) ")


def _after_affiliation(
    folded: str, end: int, starts: dict[int, _Mention], types: _Types
) -> dict[int, str]:
    """``النائب عن كتلة الوفاء للمقاومة حسن فضل الله``: after a title, عن/من/في and an
    organisation, where a name with a known given name may start (and the
    organisation, the person's parent)."""
    match = _AFFILIATION.match(folded, end)
    org = starts.get(match.end()) if match else None
    if org is None or types.get(org.actor_id) == "person":
        return {}
    return {_skip_space(folded, org.end): org.actor_id}


def _construct_head(folded: str, match: re.Match, word: str, cues: _Cues) -> bool:
    """Whether ``word`` (a third or fourth name word) heads a construct state: an
    indefinite word, no name particle or known given name, right before a definite
    word (``سياسات الحكومة``, ``قرار الصندوق``)."""
    if word.startswith("ال") or word in _PARTICLES or word in cues.given:
        return False
    return folded.startswith(" ال", match.end())


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
        if types.get(m.actor_id) == "person"
        and not _personal_name(folded[m.start : m.end], cues, listed=m.method == "lexicon")
    ]
    spans = [(m.start, m.end) for m in mentions]
    anchors = [(end, office, False) for end, office in anchors] + [
        (end, None, bare)
        for start, end, bare in _titles(folded, cues)
        if not _inside(spans, start, end)
    ]
    for end, office, bare in sorted(anchors, key=lambda a: a[0]):
        affiliated = _after_affiliation(folded, end, starts, types)
        positions = _name_positions(folded, end) + [(pos, True) for pos in affiliated]
        for name_pos, of_phrase in positions:
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
            parent = affiliated.get(name_pos, "")
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


@dataclass(frozen=True)
class SpeechVerbs:
    """From the reporting lexicon: its verb forms (folded) with their gender, what
    opens reported content (إن/أن …) and its channels (في بيان …), for names of
    speakers right after a verb."""

    genders: dict[str, str]
    openers: frozenset[str]
    channel: re.Pattern

    def at(self, word: str) -> str | None:
        """The gender of ``word`` as a reporting verb (``وقالت`` → f), or None."""
        if word in self.genders:
            return self.genders[word]
        if word[:1] in "وف":
            return self.genders.get(word[1:])
        return None

    def after_name(self, folded: str, pos: int) -> bool:
        """Whether what follows a name at ``pos`` opens content or an appositive: a
        comma, a colon, a quotation, إن/أن or a channel (``في تصريح``)."""
        rest = _skip_space(folded, pos)
        if rest < len(folded) and folded[rest] in ',:"':
            return True
        word = _WORD.match(folded, rest)
        return bool(word and word.group() in self.openers) or bool(self.channel.match(folded, rest))


def _discover_speakers(
    folded: str,
    mentions: list[_Mention],
    cues: _Cues,
    new_actors: dict[str, _NewActor],
    mined: list[tuple[int, int]],
    verbs: SpeechVerbs,
) -> list[_Mention]:
    """A person named after a reporting verb by a known given name and a family name,
    before a comma, a colon, a quotation or إن/أن: right after the verb (``وقالت ريم
    كتيت إن``, ``وقال محمد الحسن، المتحدث باسم ...``) or after a title the discovery
    of titled people did not read (``وقال المتحدث باسم مفوضية الاتحاد للشؤون الخارجية
    أنور العنوني إن``)."""
    starts = {m.start for m in mentions}
    spans = [(m.start, m.end) for m in mentions]
    occupied = set(starts)
    found: list[_Mention] = []
    for match in _WORD.finditer(folded):
        gender = verbs.at(match.group())
        if gender not in {"m", "f"}:
            continue
        span = _speaker_name(folded, match.end(), cues, verbs, occupied, starts)
        if span is None or not _inside(mined, *span) or _inside(spans, *span):
            continue
        name = folded[span[0] : span[1]]
        actor_id = f"person_{romanise(name)}"
        new_actors.setdefault(actor_id, _NewActor(actor_id, name, name, "person", "", ""))
        found.append(_Mention(span[0], span[1], actor_id, "discovered", gender))
        occupied.add(span[0])
    return sorted(mentions + found, key=lambda m: m.start) if found else mentions


_TITLE_PHRASE_WORDS = 8  # ``المتحدث باسم مفوضية الاتحاد للشؤون الخارجية``


def _speaker_name(
    folded: str,
    verb_end: int,
    cues: _Cues,
    verbs: SpeechVerbs,
    occupied: set[int],
    starts: set[int],
) -> tuple[int, int] | None:
    """The span of a full name (known given name first) that a reporting verb's subject
    ends with, right after the verb or after title words, before what opens content."""
    pos = _skip_space(folded, verb_end)
    if pos == verb_end:
        return None
    titled = False
    for index, word in enumerate(_WORD.finditer(folded, pos)):
        if index > _TITLE_PHRASE_WORDS or folded[pos : word.start()].strip(" "):
            return None  # past a title's length, or punctuation: no subject name here
        if word.start() in starts:
            return None  # a known actor is the subject
        if index == 0 or titled:
            span = _read_name(folded, word.start(), cues, occupied, strict=True)
            if span and " " in folded[span[0] : span[1]] and verbs.after_name(folded, span[1]):
                return span
        bare = word.group().removeprefix("ال")
        if index == 0:
            titled = bare in cues.titles or word.group() in cues.titles or bare in cues.roles
        if word.group() in verbs.openers:
            return None
        pos = word.end()
    return None


_TITLE_PREFIXES = frozenset(["", "و", "ف", "ال", "وال", "فال", "لل", "بال"])


def _personal_name(surface: str, cues: _Cues, *, listed: bool = False) -> bool:
    """Whether a person mention is a name (``عبد الحميد الدبيبة``, ``ترامب``), not an
    office (``وزير الخارجية العماني``) that a name may follow.

    ``listed``: the mention is a lexicon alias. After its titles (``العماد``,
    ``الرئيس اللبناني``), words that start with no definite article, and have
    none but after a name particle, are a name even when the given name is not
    in the list (``جوزاف عون``, ``سيريل رامافوزا``): the words after them are
    no name of the same office (``انتخب البرلمان جوزاف عون رئيسا للجمهورية``).
    """
    words = surface.split(" ")
    if len(words) == 1 or words[0] in cues.given or " ".join(words[:2]) in cues.given:
        return True
    if listed and _reads_as_name(words[_title_words(words, cues) :]):
        return True
    # a title written with the name (الأمير محمد بن سلمان, الشيخ تميم بن حمد)
    return words[1] in cues.given or " ".join(words[1:3]) in cues.given


def _title_words(words: list[str], cues: _Cues) -> int:
    """How many leading words are titles (``العماد``, ``الأمين العام``), with the
    adjectives after a title (``الرئيس اللبناني``)."""

    def title(word: str) -> bool:
        return word in cues.titles or (word.startswith("ال") and word[2:] in cues.titles)

    count = 0
    while count < len(words):
        if count + 1 < len(words) and title(" ".join(words[count : count + 2])):
            count += 2
        elif title(words[count]) or (count and words[count].startswith("ال")):
            count += 1
        else:
            break
    return count


def _reads_as_name(words: list[str]) -> bool:
    return bool(words) and all(
        not word.startswith(("ال", "لل")) or (index and words[index - 1] in _PARTICLES)
        for index, word in enumerate(words)
    )


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


_QUALIFIER = re.compile(r"(?:(?:\s+ال[^\W_]+){1,2}|\s+في(?:\s+ال[^\W_]+){1,2})\s+")


def _name_positions(folded: str, end: int) -> list[tuple[int, bool]]:
    """Where a name may start after a title: right after it, or after an
    ``of``-phrase (``للوكالة``, ``لحلف الناتو``) or a qualifier (``الخبير الاقتصادي``,
    ``الباحثة في الشؤون الأفريقية``), where only a known given name counts."""
    positions = [(_skip_space(folded, end), False)]
    for pattern in (_OF_WORD, _QUALIFIER):
        match = pattern.match(folded, end)
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
            person = _named_spokesperson(folded, after, cues, occupied, org, new_actors)
            if person is not None:
                result.append(person)
        if person is not None and person.actor_id in new_actors:
            actor = new_actors[person.actor_id]
            new_actors[person.actor_id] = replace(actor, parent_id=org.actor_id)
            if only is not None and person.start > _skip_space(folded, org.end):
                # ``المتحدث باسم الجيش العميد X``: the short form only served to find X's
                # organisation; left as a mention it would stand between verb and speaker
                removed.add(org)
        elif person is None:
            spoken = folded[match.start() : org.end]
            result.append(
                _unnamed_spokesperson(
                    folded, match, match.end() - 1, spoken, org, names, new_actors
                )
            )
    return sorted(set(result) - removed, key=lambda m: (m.start, m.end))


def _named_spokesperson(
    folded: str,
    pos: int,
    cues: _Cues,
    occupied: set[int],
    org: _Mention,
    new_actors: dict[str, _NewActor],
) -> _Mention | None:
    """A spokesperson named at ``pos`` (first word a known given name), parent ``org``."""
    span = _read_name(folded, pos, cues, occupied, strict=True, name_slot=True)
    if span is None:
        return None
    name = folded[span[0] : span[1]]
    actor_id = f"person_{romanise(name)}"
    new_actors.setdefault(actor_id, _NewActor(actor_id, name, name, "person", "", org.actor_id))
    return _Mention(span[0], span[1], actor_id, "discovered", "m", "person")


def _unnamed_spokesperson(
    folded: str,
    match: re.Match,
    end: int,
    surface: str,
    org: _Mention,
    names: dict[str, dict[str, str]],
    new_actors: dict[str, _NewActor],
) -> _Mention:
    """The unnamed spokesperson of ``org``: its actor and the mention of ``المتحدث …``
    (without و/ف, and without the ل of ``للمتحدث`` or the ب of ``بالمتحدث``)."""
    actor_id = f"source_spokesperson_{org.actor_id}"
    org_name = names.get(org.actor_id, {}).get("name_en") or (
        new_actors[org.actor_id].name_en if org.actor_id in new_actors else org.actor_id
    )
    new_actors.setdefault(
        actor_id,
        _NewActor(actor_id, "Spokesperson of " + org_name, surface, "person", "", org.actor_id),
    )
    start = match.end() - len(match.group().lstrip("وف"))
    if folded.startswith("لل", start):
        start += 2  # ``للمتحدث``: the surface drops ل + ال as in ``للولايات``
    elif folded.startswith("بال", start):
        start += 1
    # ``المتحدثة باسم``, ``الناطقة الرسمية باسم``: a woman speaks (folded ة is ه)
    gender = "f" if folded[start:end].split(" ")[0].endswith("ه") else "m"
    return _Mention(start, end, actor_id, "unnamed", gender, "person")


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
        i = bisect.bisect_left(starts, match.start())
        org = _pronoun_organisation(mentions, i, match.start(), match.group(1))
        if org is None:
            continue
        after = _after_titles(folded, _skip_space(folded, match.end()), cues)
        person = by_start.get(after)
        if person is not None and person.actor_type != "person":
            person = None
        if person is None:
            person = _named_spokesperson(folded, after, cues, occupied, org, new_actors)
            if person is not None:
                result.append(person)
        if person is not None:
            if person.actor_id in new_actors:
                new_actors[person.actor_id] = replace(
                    new_actors[person.actor_id], parent_id=org.actor_id
                )
            continue
        result.append(
            _unnamed_spokesperson(folded, match, match.end(), match.group(), org, names, new_actors)
        )
    return sorted(result, key=lambda m: (m.start, m.end))


def _pronoun_organisation(
    mentions: list[_Mention], i: int, pos: int, pronoun: str
) -> _Mention | None:
    """The organisation an attached pronoun (ه، ها، هم، هما) at ``pos`` refers to: the
    last one of the mentions before index ``i``, nearby, that agrees with it."""
    genders = _PRONOUN_GENDERS[pronoun]
    return next(
        (
            m
            for m in reversed(mentions[max(0, i - 12) : i])
            if m.actor_type not in {"person", "people", ""}
            and m.gender in genders
            and pos - m.end <= _PRONOUN_REACH
        ),
        None,
    )


# ``وقالت ممثلتها في الأردن``: its representative (ممثل/مندوب + pronoun); the
# organisation speaks through an unnamed representative, as through an office.
_REPRESENTATIVE_OF_IT = re.compile(
    r"(?<![^\W_])[وف]?(?:ال|لل|بال)?(ممثل|ممثلت|مندوب|مندوبت)(هما|هم|ها|ه)(?![^\W_])"
)


def _representatives_of_it(folded: str, mentions: list[_Mention]) -> list[_Mention]:
    """A mention of the organisation at ``ممثلها``/``مندوبه`` (its representative): the
    last organisation before it that agrees with the pronoun."""
    starts = [m.start for m in mentions]
    found = []
    for match in _REPRESENTATIVE_OF_IT.finditer(folded):
        i = bisect.bisect_left(starts, match.start())
        if i < len(mentions) and mentions[i].start < match.end():
            continue
        org = _pronoun_organisation(mentions, i, match.start(), match.group(2))
        if org is None or _named_after(folded, mentions, i, match.end()):
            continue
        gender = "f" if match.group(1).endswith("ت") else "m"
        found.append(
            replace(org, start=match.start(1), end=match.end(), method="coreference", gender=gender)
        )
    return sorted(mentions + found, key=lambda m: (m.start, m.end)) if found else mentions


def _named_after(folded: str, mentions: list[_Mention], i: int, end: int) -> bool:
    """Whether a person is named within a few words after ``end`` (``مندوبها لدى الوكالة
    ميخائيل أوليانوف``), with no punctuation between: the representative has a name."""
    for mention in mentions[i:]:
        between = folded[end : mention.start]
        if any(c in between for c in ",.;:") or len(between.split()) > _NAMED_AFTER_WORDS:
            return False
        if mention.start >= end and mention.actor_type == "person":
            return True
    return False


_NAMED_AFTER_WORDS = 4


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
