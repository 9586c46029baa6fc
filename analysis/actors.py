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

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd

from .coreference import (
    _attach_sources_to_short_forms,
    _family_names,
    _resolve_short_forms,
    _sentence_lookup,
)
from .discovery import (
    SpeechVerbs,
    _attach_pronoun_spokespeople,
    _attach_spokespeople,
    _Cues,
    _discover_people,
    _discover_speakers,
    _place_offices,
    _representatives_of_it,
)
from .lexicon import Entry, Lexicon
from .mentions import (
    _ARTICLE,
    _BARE,
    _DEFINITE,
    _inside,
    _Mention,
    _new_type,
    _NewActor,
    _previous_words,
    _Types,
    _word_start,
    romanise,
)
from .sources import _definite_sources, _discover_sources
from .tables import COLUMNS
from .text import Article, fold_term

__all__ = ["ACTOR_TABLE_COLUMNS", "CONFIDENCE", "extract_actors", "romanise"]


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
    mentions = _heads_in_states(folded, _resolve_overlaps(hits), lexicon)
    cues = _Cues.of(lexicon)
    new_actors: dict[str, _NewActor] = {}
    mentions = _discover_people(folded, mentions, cues, types, new_actors, mined)
    mentions = _discover_speakers(folded, mentions, cues, new_actors, mined, _speech_verbs())
    mentions = _family_names(folded, mentions, cues, types, new_actors, mined)
    mentions = _discover_sources(folded, mentions, cues, known, new_actors, mined)
    mentions = _definite_sources(folded, mentions, cues, mined)
    mentions = _place_offices(folded, mentions, cues, new_actors, mined)
    mentions = [
        replace(m, actor_type=types.get(m.actor_id) or _new_type(m, new_actors)) for m in mentions
    ]
    sentence_of = _sentence_lookup(article)
    roles = article.sentences
    headlines = frozenset(roles.loc[roles["role"].isin(["title", "deck"]), "sentence_id"].tolist())
    mentions = _resolve_short_forms(
        folded, mentions, lexicon, sentence_of, mined, headlines=headlines
    )
    occupied = {m.start for m in mentions}
    mentions = [
        m if m.actor_type else replace(m, actor_type=_new_type(m, new_actors))
        for m in _attach_spokespeople(
            folded, mentions, cues, new_actors, known, occupied, only={"coreference"}
        )
    ]
    mentions = _attach_pronoun_spokespeople(folded, mentions, cues, new_actors, known, occupied)
    mentions = _representatives_of_it(folded, mentions)
    _attach_sources_to_short_forms(folded, mentions, new_actors)
    return _tables(article, mentions, known, new_actors, sentence_of)


@lru_cache(maxsize=1)
def _speech_verbs() -> SpeechVerbs:
    """The built-in reporting verbs (finite forms): a name right after one is a speaker."""
    from .reporting import load_reporting

    rep = load_reporting()
    genders = {w: f.gender for w, f in rep.forms.items() if not f.participle}
    return SpeechVerbs(genders, rep.complementizers, rep.channel)


def _mined_spans(article: Article) -> list[tuple[int, int]]:
    """Folded spans of the sentences that are mined (not datelines or repeats)."""
    rows = article.sentences[~article.sentences["role"].isin(["dateline", "repeated"])]
    fmap = article.fold_map
    starts = np.searchsorted(fmap, rows["start"].to_numpy())
    ends = np.searchsorted(fmap, rows["end"].to_numpy())
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _lexicon_hits(
    folded: str, lexicon: Lexicon, mined: list[tuple[int, int]]
) -> list[tuple[int, int, int, Entry]]:
    hits = []
    context = lexicon.context
    blockers = {fold_term(w) for w in context.get("capital_blockers_before") or []}
    blocked_clitics = set(context.get("capital_blocked_proclitics") or [])
    place_nouns = {fold_term(w) for w in context.get("surname_blockers_before") or []}
    honorifics = {fold_term(w) for w in context.get("nisba_blockers_before") or []}
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
                entry = entry._replace(method="context")
            if entry.method == "composed" and _adjectival_head(folded, key, word_start):
                continue
            if " " not in key and entry.method == "lexicon" and place_nouns:
                # ``قاعدة عين الأسد``, ``سد الأسد``: a one-word name after a place noun
                previous = _previous_words(folded, word_start, 1)
                if previous and previous[0].lstrip("وف") in place_nouns:
                    continue
            if entry.method == "nisba" and not prefix.endswith("ال") and honorifics:
                # ``الأمير تركي بن محمد``: a given name after an honorific
                previous = _previous_words(folded, word_start, 1)
                if previous and previous[0].lstrip("وف") in honorifics:
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


_IN = re.compile(r"\s+في\s+$")
_MAX_HEAD_WORDS = 4  # longest institution head form (المجلس العسكري الانتقالي …)
_ABROAD = frozenset({"embassy", "consulate", "mission", "delegation", "ambassador", "envoy"})
_ADJECTIVE_BEFORE = re.compile(r"\s+ال[^\W_]+$")  # ``المجلس العسكري الحاكم``


def _heads_in_states(folded: str, mentions: list[_Mention], lexicon: Lexicon) -> list[_Mention]:
    """``المجلس العسكري الحاكم في النيجر``: an institution head and في before a state
    name is that state's institution (one mention), as a nisba would make it."""
    if not lexicon.heads:
        return mentions
    by_end = {m.end: m for m in mentions}
    replaced: set[_Mention] = set()
    found: list[_Mention] = []
    for state in mentions:
        if state.method != "state":
            continue
        link = _IN.search(folded, max(0, state.start - 8), state.start)
        if link is None or link.end() != state.start:
            continue
        ends = [link.start()]
        adjective = _ADJECTIVE_BEFORE.search(folded, max(0, link.start() - 20), link.start())
        if adjective is not None:
            ends.append(adjective.start())
        hit = None
        for head_end in ends:
            if head_end in by_end:
                continue  # the words before في are already another actor's
            words = folded[max(0, head_end - 40) : head_end].split(" ")
            for count in range(min(len(words), _MAX_HEAD_WORDS), 0, -1):
                form = " ".join(words[-count:])
                head_id, gender = lexicon.heads.get(form, ("", ""))
                actor_id = f"{state.actor_id}_{head_id}"
                # ``السفارة في العراق`` is another state's embassy there
                if head_id and head_id not in _ABROAD and actor_id in lexicon.index:
                    hit = _Mention(head_end - len(form), state.end, actor_id, "composed", gender)
                    break
            if hit is not None:
                break
        if hit is not None:
            replaced.add(state)
            found.append(hit)
    if not found:
        return mentions
    kept = [m for m in mentions if m not in replaced]
    return sorted(kept + found, key=lambda m: (m.start, m.end))


_PRIORITY = {
    "lexicon": 0,
    "context": 0,
    "people": 1,
    "composed": 1,
    "state": 2,
    "nisba": 3,
    "metonym": 4,
}


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
                if row["name_en"] == row["name_ar"]:  # no English form: the name as written
                    row["name_en"] = first_surface[actor_id]
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
