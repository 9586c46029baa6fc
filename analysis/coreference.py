"""Names met again: family names and short forms.

A definite nisba after a person or a given name is a family name
(``محمد شياع السوداني``), and the surname alone refers back to that person
(``وأضاف السوداني``). Short forms (``الجيش``, ``الحركة``) resolve to the last
named actor of a compatible type when that is unambiguous, preferring one
named with the same noun.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

import numpy as np

from .discovery import _PARTICLES, _Cues
from .lexicon import Lexicon
from .mentions import (
    _ARTICLE,
    _DEFINITE,
    _WORD,
    _family_nisba,
    _inside,
    _Mention,
    _NewActor,
    _previous_words,
    _skip_space,
    _Types,
    romanise,
)
from .text import Article


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
    *,
    headlines: frozenset[int] = frozenset(),
) -> list[_Mention]:
    """Resolve ``الجيش`` and similar short forms to the last named actor of a
    compatible type within a few sentences, when no other candidate competes.

    An actor whose name has the short form's noun (``الجيش السوداني`` for
    ``الجيش``) is preferred to one that only shares the type (``قوات الدعم
    السريع``); further back than the window, the only actor named with that
    noun so far is taken. In a title or deck (sentence ids in ``headlines``)
    a short form with no antecedent may point forward, to the one actor the
    article later names with that noun (``والمرصد يتحدث`` … ``المرصد السوري``).
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
        adjective = ""
        if (
            nxt
            and nxt.group().startswith("ال")
            and folded[end : nxt.start()] == " "
            and nxt.group()[2:] not in cues.titles  # ``باسم الجيش العميد …``: a rank, no adjective
        ):
            # A definite adjective must be part of the antecedent's name.
            adjective = nxt.group()
            candidates = [c for c in candidates if adjective in folded[c[0].start : c[0].end]]
            end = nxt.end()
        if not candidates and here in headlines and head in cues.short_by_name:
            ahead = {
                m.actor_id: m
                for m in mentions[index:]
                if m.actor_type in types
                and sentence_of(m.start) not in headlines
                and head in _name_nouns(folded, m)
                and adjective in folded[m.start : m.end]  # ``الحكومة الاتحادية``: not the KRG
            }
            candidates = [(m, here) for m in ahead.values()] if len(ahead) == 1 else []
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
