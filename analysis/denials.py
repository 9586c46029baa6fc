"""Which claim a denial answers (``responds_to``).

A denial points at the latest earlier statement it shares content words with,
by another speaker, within :data:`_DENIAL_SENTENCES` sentences; anaphoric
denials (نفت هذه الاتهامات) look back a few sentences for the charge itself.
"""

from __future__ import annotations

import re

from .discourse import _Doc, _speaker_id, _Statement
from .reporting import Reporting

_ANSWERABLE_ACTS = frozenset({"claim", "accuse", "condemn"})


_DENIAL_SENTENCES = 60  # a denial answers a claim at most this many sentences back


_ANAPHOR_SENTENCES = 5  # how far back ``نفت هذه الاتهامات`` may find what it answers


_STOP_WORDS = (
    "في من الي علي عن مع ان او ثم قد لقد كان كانت هذا هذه ذلك تلك التي الذي الذين ما لا لم لن "
    "هو هي هم وهو وهي انه انها كما بين بعد قبل حول ضد عند منذ خلال اي كل بعض غير دون نحو حتي "
    "اذا لكن بل اما ايضا فقط جميع تم يتم"
)


_STOP = frozenset(_STOP_WORDS.split())


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
    stems (``طائرات`` ~ ``طائرة``). Failing both, it answers the latest claim
    about the denier itself or a part of it (not its parent: a claim about
    Tunisia is no charge against the Tunisian army) within
    ``_ANAPHOR_SENTENCES`` sentences.
    Limits: stems are cut by a few affixes, so broken plurals (قاعدة/قواعد)
    do not match; a denial of something the article never reports links to
    nothing; the most recent candidate wins even when an older one fits
    better; claims more than ``_DENIAL_SENTENCES`` sentences back are not
    considered.
    """
    links: dict[int, int] = {}
    words = _LazyWords(doc, items)
    for i, item in enumerate(items):
        if item.act != "deny":
            continue
        first = doc.folded[item.content[0] : item.content[1]].strip(' "').split()[:2]
        anaphoric = bool(first) and (first[0] in rep.anaphors or " ".join(first) in rep.anaphors)
        mine = {m.actor_id for m in item.targets}
        speaker = _speaker_id(item)
        if not speaker:
            continue
        nearest = about_me = None
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
            if (
                about_me is None
                and distance <= _ANAPHOR_SENTENCES
                and any(speaker in doc.ancestors(m.actor_id) for m in other.targets)
            ):
                about_me = j
        if anaphoric and i not in links and nearest is not None:
            links[i] = nearest
        elif i not in links and about_me is not None:
            # ``زعم الجيش أن غاراته استهدفت بنى لحزب الله`` ... ``نفى حزب الله وجود
            # منشآت له``: with no shared words, the latest recent charge about the denier
            links[i] = about_me
    return links
