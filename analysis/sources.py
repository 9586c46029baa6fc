"""Unnamed sources and groups: ``دبلوماسي غربي``, ``مسؤولون روس وأتراك``,
``عضو بالبرلمان الروسي``, ``مصدر أمني``, ``شهود عيان``, ``قال مسؤول لرويترز``.

A role noun with a bloc, a nisba, an institution or a descriptor, or a bare
role noun next to an attribution, becomes a ``source_*`` actor.
"""

from __future__ import annotations

import bisect
import re

from .discovery import _Cues
from .mentions import _WORD, _Coverage, _inside, _Mention, _NewActor, _previous_words, _skip_space


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
        if (
            not plural
            and described
            and _named_after(folded, described[-1][4], by_start, known, new_actors)
        ):
            described = []  # ``نظيره الأردني أيمن الصفدي``: the named person is the actor
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
                article = "" if known.get(parent, {}).get("actor_type") == "person" else "the "
                name_en = (
                    f"{role_en.capitalize()} of {article}{desc_en}"
                    if parent
                    else f"{desc_en} {role_en}"
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


def _named_after(
    folded: str,
    end: int,
    by_start: dict[int, _Mention],
    known: dict[str, dict[str, str]],
    new_actors: dict[str, _NewActor],
) -> bool:
    """Whether a person's name starts right after ``end`` (one space between)."""
    after = _skip_space(folded, end)
    following = by_start.get(after) if folded[end:after] == " " else None
    if following is None:
        return False
    actor = new_actors.get(following.actor_id)
    kind = actor.actor_type if actor else known.get(following.actor_id, {}).get("actor_type")
    return kind == "person"


_DEFINITE_WINDOW = 2000  # folded characters back to the source a definite role noun names


def _definite_sources(
    folded: str, mentions: list[_Mention], cues: _Cues, mined: list[tuple[int, int]]
) -> list[_Mention]:
    """``وقال المسؤول`` after ``مسؤول أمريكي``: a definite role noun next to a
    reporting cue is the last unnamed source of that role (within a few
    paragraphs); ``المسؤول عن الهجوم`` and nouns far from any source stay as
    they are."""
    sources = [m for m in mentions if m.method == "unnamed"]
    if not sources:
        return mentions
    source_starts = [m.start for m in sources]
    role_ids = frozenset(r["role_id"] for r in cues.roles.values())
    starts = [m.start for m in mentions]
    found: list[_Mention] = []
    for match in cues.definite_role_pattern.finditer(folded):
        start, end = match.start(), match.end()
        head = start - 1 if start and folded[start - 1] in "وف" else start  # وال، فال
        if head and (folded[head - 1].isalnum() or folded[head - 1] == "_"):
            continue  # not at the start of a word
        if not _inside(mined, start, end) or _overlaps(mentions, starts, start, end):
            continue
        if cues.spokesperson.match(folded, head) or not _definite_cued(folded, head, end, cues):
            continue  # ``المتحدث باسم الخارجية الإيرانية``: a new spokesperson, not a reference
        role_id = cues.roles[match.group(1)]["role_id"]
        last = _last_of_role(sources, source_starts, start, role_id, role_ids)
        if last is not None:
            found.append(_Mention(start, end, last.actor_id, "coreference", last.gender))
    return sorted(mentions + found, key=lambda m: (m.start, m.end)) if found else mentions


def _last_of_role(
    sources: list[_Mention],
    source_starts: list[int],
    start: int,
    role_id: str,
    role_ids: frozenset[str],
) -> _Mention | None:
    """The last source of ``role_id`` ending before ``start``, within the window."""
    i = bisect.bisect_left(source_starts, start) - 1
    while i >= 0 and start - sources[i].start <= _DEFINITE_WINDOW:
        if sources[i].end <= start and _of_role(sources[i].actor_id, role_id, role_ids):
            return sources[i]
        i -= 1
    return None


def _definite_cued(folded: str, start: int, end: int, cues: _Cues) -> bool:
    """A reporting verb before the noun, or a content marker, an aside or a verb of
    anonymity right after it (not ``المسؤول عن``)."""
    word = _cue_word_before(folded, start, cues)
    if word in cues.source_blockers:
        return False
    if word in cues.source_before:
        return True
    after = _skip_space(folded, end)
    if folded[end:after].strip() == "" and folded[after : after + 1] == ",":
        return True
    nxt = _WORD.match(folded, after)
    return nxt is not None and nxt.group() in cues.source_after


def _cue_word_before(folded: str, start: int, cues: _Cues) -> str:
    """The word before ``start``, without a proclitic و/ف unless the word is a cue itself."""
    previous = _previous_words(folded, start, 1)
    word = previous[0] if previous else ""
    cued = cues.source_before | cues.source_particles | cues.source_blockers
    return word[1:] if word[:1] in {"و", "ف"} and word not in cued else word


def _of_role(actor_id: str, role_id: str, role_ids: frozenset[str]) -> bool:
    """Whether an unnamed source's id was made for ``role_id`` (``source_official_usa``),
    not for a longer role id that starts the same (``source_official_f_usa``)."""
    base = f"source_{role_id}"
    if actor_id != base and not actor_id.startswith(base + "_"):
        return actor_id.endswith(f"_{role_id}")  # a plural group of a country (rus_officials)
    rest = f"{role_id}_{actor_id[len(base) + 1 :]}"
    return not any(rest.startswith(f"{other}_") for other in role_ids if other != role_id)


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
    a party or parliament after عن: ``نواب عن التيار الصدري``; an institution or a
    person right after the role noun (a construct): ``مستشار قائد قوات الدعم السريع``
    is the commander's adviser, not the commander."""
    for prefix in ("ب", "في ", "من ", "لدي ", "داخل ", "عن "):
        if folded.startswith(prefix, pos):
            org = by_start.get(pos + len(prefix))
            if org is None or org.method not in {"composed", "lexicon", "context"}:
                continue
            kind = known.get(org.actor_id, {}).get("actor_type")
            if prefix != "عن " or kind in {"party", "legislature"}:
                return org
    head = by_start.get(pos)
    construct = (
        head is not None
        and folded[pos - 1 : pos] == " "
        and head.method in _CONSTRUCT_METHODS
        and known.get(head.actor_id, {}).get("actor_type") in _CONSTRUCT_TYPES
    )
    return head if construct else None


_CONSTRUCT_METHODS = frozenset({"composed", "lexicon", "context"})
_CONSTRUCT_TYPES = frozenset(
    {"person", "government", "ministry", "military", "armed_group", "party", "legislature",
     "igo", "ngo", "presidency", "cabinet"}
)  # fmt: skip


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
    word = _cue_word_before(folded, match.start(), cues)
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
