"""Who speaks: the subject of a reporting verb.

The subject after the verb (VSO, with coordinated subjects and a named holder
of an office), the subject right before it (SVO and present-tense headlines),
a subject after a particle (لكنه، إنها), or a speaker carried over by
agreement from an earlier statement of the same block of lines.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from .discourse import (
    MINED_ROLES,
    _compatible,
    _Doc,
    _Mention,
    _of_sentence,
    _quoted_name,
    _Sentence,
    _Statement,
)
from .reporting import Form, Reporting

_VERBAL_NOUNS = frozenset({"قوله", "قولها", "قولهم", "تاكيده", "تاكيدها", "ان", "لـ"})


_MAX_SUBJECT_GAP = 2


_LOOSE_GENDER_METHODS = frozenset({"state", "metonym", "nisba", "people"})  # العراق, لبنان: m


_MAX_TITLE_WORDS = 5  # definite words of a title before the subject (الأمين العام ...)


_CARRY_SENTENCES = 2
_QUOTES = '"«»“”'
_MAX_RANK_WORDS = 3  # definite rank words between an organisation and its named holder


def _objects(doc: _Doc, rep: Reporting, sent: _Sentence, pos: int) -> list[_Mention]:
    """A bare actor right after the subject: the verb's object (حذرت روسيا تركيا)."""
    i = sent.token_at(pos)
    while i < len(sent.tokens) and sent.tokens[i][2] in rep.time_words:
        i += 1
    if i >= len(sent.tokens) or doc.folded[sent.tokens[i - 1][1] - 1] in ",;:":
        return []
    s, e, _ = sent.tokens[i]
    mention = doc.mention_starting(s, s + 1)
    if mention is None:  # ``اتهم حمدان رئيس الوزراء الإسرائيلي بنيامين نتنياهو``
        mention = _person_after_titles(doc, rep, sent, i, i + _MAX_TITLE_WORDS)
    if mention is None or mention.method == "nisba":
        return []  # ``ذكرت صحيفة واشنطن بوست الأمريكية``: an adjective of the subject
    return [mention]


def _person_after_titles(
    doc: _Doc, rep: Reporting, sent: _Sentence, i: int, end: int
) -> _Mention | None:
    """The named person at token ``i`` or after title words from there (before token
    ``end``); None if another actor or a word of no title comes first."""
    for j in range(i, min(end, len(sent.tokens))):
        s, e, core = sent.tokens[j]
        mention = doc.mention_starting(s, s + 1)
        if mention is not None:
            return mention if mention.actor_id in doc.persons else None
        if not (core.startswith("ال") or core in rep.title_words) or doc.folded[e - 1] in ",;:":
            return None
    return None


def _is_time_or_channel(rep: Reporting, token: str) -> bool:
    return token in rep.time_words or token in _VERBAL_NOUNS


def _subject_after(
    doc: _Doc, rep: Reporting, sent: _Sentence, verb_end: int, form: Form
) -> list[_Mention] | str | None:
    """VSO subject(s) right after the verb; ``"noun"`` when the verb is a noun."""
    i = sent.token_at(verb_end)
    skipped = titled_run = 0
    first = True
    office_of: _Mention | None = None  # ``المستشار الإعلامي لقوات الدعم السريع``
    posted = False  # ``منسقة الشؤون الإنسانية في السودان``: where the title holder serves
    while i < len(sent.tokens):
        s, e, core = sent.tokens[i]
        channel = rep.channel.match(doc.folded, s)
        if channel:
            i = sent.token_at(channel.end())
            continue
        outlet = _quoted_outlet(doc, rep, sent, i)
        if outlet is not None:  # ``وأفادت وكالة "إرنا" الإيرانية``
            return _coordinated(doc, sent, outlet)
        if core in rep.carriers:
            return None  # ``في بيان نقلته وكالة رويترز``: the outlet carried it, no speaker
        if core in rep.relatives and not first:
            return None  # ``ويعتبر مقترح الحكم الذاتي الذي قدمه المغرب``: the relative
            # clause's own subject, not the verb's
        if core in rep.complementizers or core in form.prep or doc.folded[s] in '":':
            # a title of an organisation and no name: the organisation speaks, with the
            # title holder's agreement (``قال المستشار الإعلامي لقوات ... متهما``)
            if office_of is None or core not in rep.complementizers:
                return None
            return [dataclasses.replace(office_of, gender=form.gender)]
        mention = doc.mention_starting(s, s + 1)
        if mention is None and (skipped or doc.folded[s] == "ل"):
            mention = doc.mention_starting(s, min(e, s + 3))
        if mention is None and first:
            mention = doc.surname_at(s, s + len(core)) if doc.folded.startswith(core, s) else None
        of_phrase = mention is not None and (
            doc.folded[s] == "ل" and mention.fstart == s + 1 or mention.fstart in doc.clitic_starts
        )
        if mention is not None and not of_phrase and posted and mention.actor_id not in doc.persons:
            # a place, not the subject: a name may follow
            i = max(i + 1, sent.token_at(mention.fend))
            continue
        if mention is not None and not of_phrase:
            if first and mention.method == "nisba" and not core.startswith("ال"):
                return "noun"
            if mention.method == "nisba" and (skipped or titled_run):
                # ``كتب وزير الأمن القومي الإسرائيلي إيتمار بن غفير``: a title's nisba
                # before a name; otherwise an adjective describing a noun, no subject
                holder = _named_holder(doc, rep, sent, mention)
                return _coordinated(doc, sent, holder) if holder is not mention else None
            if titled_run > _MAX_TITLE_WORDS and mention.actor_id not in doc.persons:
                return None  # past a usual title only a named person is the subject
            if (
                first
                and form.gender == "m"
                and mention.gender == "f"
                and mention.method not in (_LOOSE_GENDER_METHODS)
            ):
                return None  # ``وحمّل قوات الدعم السريع``: a feminine object, not the subject
            if first and mention.actor_id not in doc.persons:
                # an organisation right after the verb is the subject; a person named
                # after it is the object (``اتهمت الحكومة السودانية محمد حمدان دقلو``) or
                # named inside it (``مكتب رئيس الوزراء الإسرائيلي بنيامين نتنياهو``)
                return _coordinated(doc, sent, mention)
            return _coordinated(doc, sent, _named_holder(doc, rep, sent, mention))
        if of_phrase:
            # ``المدير العام للوكالة رافائيل غروسي``: the of-phrase belongs to a title
            if titled_run and not skipped:
                office_of = mention
            i = max(i + 1, sent.token_at(mention.fend))
            continue
        titled = doc.folded.startswith(("ال", "لل"), s) or core in rep.title_words
        if core in _POSTED and titled_run and mention is None:
            posted = True
            i += 1
            continue
        if not _is_time_or_channel(rep, core):
            skipped += 1 if not titled or skipped >= _MAX_SUBJECT_GAP else 0
            titled_run += 1 if titled else 0
            if skipped > _MAX_SUBJECT_GAP or titled_run > _MAX_TITLE_WORDS + 2:
                return None
        if doc.folded[e - 1] in ",.;:":
            return None
        first = False
        i += 1
    return None


def _quoted_outlet(doc: _Doc, rep: Reporting, sent: _Sentence, i: int) -> _Mention | None:
    """The actor named in a quoted name at token ``i`` right after an outlet noun."""
    s = sent.tokens[i][0]
    if doc.folded[s] != '"' or i == 0 or sent.tokens[i - 1][2] not in rep.outlet_nouns:
        return None
    return doc.mention_starting(s + 1, s + 2) if _quoted_name(doc, sent, s) else None


def _named_holder(doc: _Doc, rep: Reporting, sent: _Sentence, mention: _Mention) -> _Mention:
    """The person named right after an organisation in a subject
    (``المتحدث باسم الخارجية الإيرانية إسماعيل بقائي``) speaks, not the organisation;
    so does the person named after an office and where it is posted
    (``المندوب الروسي لدى مجلس الأمن فاسيلي نيبينزيا``)."""
    if mention.actor_id in doc.persons and mention.method != "composed":
        return mention
    i = sent.token_at(mention.fend)
    if i >= len(sent.tokens) or doc.folded[mention.fend : sent.tokens[i][0]].strip():
        return mention
    end = min(len(sent.tokens), i + _MAX_RANK_WORDS + 1)
    while i < end:
        s, _, core = sent.tokens[i]
        nxt = doc.mention_starting(s, s + 1)
        if nxt is not None:
            return nxt if nxt.actor_id in doc.persons else mention
        if core in _POSTED and i + 1 < len(sent.tokens):
            # ``المبعوث الأممي إلى السودان رمطان لعمامرة``: where the office is, then the name
            place = doc.mention_starting(sent.tokens[i + 1][0], sent.tokens[i + 1][0] + 1)
            if place is None or place.actor_id in doc.persons:
                break
            i = sent.token_at(place.fend)
            end = min(len(sent.tokens), i + _MAX_RANK_WORDS + 1)
            continue
        if not (core.startswith("ال") or core in rep.rank_words):
            break  # ``المتحدث باسم الجيش التونسي العقيد محمد زكري``: ranks, then the name
        i += 1
    return mention


_POSTED = frozenset({"الي", "في", "لدي"})  # folded إلى، في، لدى: where an envoy is posted


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
    if vi > 1 and sent.tokens[vi - 1][2] in {"قد", "فقد"}:
        # ``وكان الرئيس السيسي قد أكد``, ``أما الرئيس أردوغان فقد اعتبر``: the subject
        # stands before قد
        vi -= 1
    s, e, _ = sent.tokens[vi - 1]
    candidates = doc.mentions_in(sent.fstart, e)
    if not candidates:
        return None
    mention = candidates[-1]
    tail = doc.folded[mention.fend : e].rstrip(_QUOTES)  # ``و"حميدتي" يتهم``
    if len(tail) > 1 or mention.fstart < sent.fstart:
        return None
    index = sent.token_at(mention.fstart)
    token = sent.tokens[index]
    previous = sent.tokens[index - 1] if index > 0 else None
    if (
        mention.method == "nisba"
        and previous is not None
        and previous[1] == token[0] - 1
        and doc.folded[previous[1] - 1] not in ',;:."'
    ):
        return None  # ``فصائل عراقية تتبنى``: the nisba describes a noun before it
    if doc.folded[token[0] : mention.fstart].lstrip("و").strip(_QUOTES):
        return None  # the mention starts inside a word, not after و or a quotation mark
    if heads and token[0] == mention.fstart and sent.token_at(mention.fstart) > 0:
        link = sent.tokens[sent.token_at(mention.fstart) - 1]
        earlier = doc.mentions_in(sent.fstart, link[0])
        if link[2] in heads and earlier and not doc.folded[earlier[-1].fend : link[0]].strip():
            mention = earlier[-1]
    if gender and not _compatible(gender, mention.gender):
        return None
    return mention


def _content_subject(
    doc: _Doc, sent: _Sentence, vi: int, gender: str, same: list[_Statement]
) -> _Mention | None:
    """The person opening the indirect content that the word ``vi`` lies in, if it agrees."""
    if not same or vi >= len(sent.tokens):
        return None
    last = same[-1]
    pos = sent.tokens[vi][0]
    if last.quote_kind != "indirect" or not last.content[0] <= pos < last.content[1]:
        return None
    opening = sent.token_at(last.content[0])
    window_end = sent.tokens[min(opening + 2, len(sent.tokens) - 1)][1]  # a title, then the name
    first = doc.mention_starting(last.content[0], min(window_end, pos) + 1)
    if first is None or first.actor_id not in doc.persons or first.fend > pos:
        return None
    return first if gender and _compatible(gender, first.gender) else None


# Words after و/ف that open a sentence without a verb: no subject follows them.
_NOT_VERBS = frozenset([
    "في", "من", "علي", "عن", "الي", "مع", "بعد", "قبل", "خلال", "بين", "منذ", "عند", "حول",
    "لكن", "كان", "كانت", "اذ", "اذا", "قد", "لم", "لن", "لا", "ما", "هو", "هي", "ان",
    "انه", "انها", "كما", "فيما", "بينما", "ذلك", "هذا", "هذه", "تلك",
])  # fmt: skip


def _opening_person(
    doc: _Doc, rep: Reporting, sent: _Sentence, vi: int, gender: str
) -> _Mention | None:
    """The named person right after a sentence's opening verb and its titles."""
    if vi < 2:
        return None
    s0, e0, core0 = sent.tokens[0]
    if core0[:1] not in "وف" or len(core0) < 3 or core0[1:] in _NOT_VERBS:
        return None
    if doc.mentions_in(s0, e0):
        return None  # ``والسعودية``: an actor, not a verb
    person = _person_after_titles(doc, rep, sent, 1, min(vi, _MAX_TITLE_WORDS + 2))
    return person if person is not None and _compatible(gender, person.gender) else None


def _carried(
    doc: _Doc,
    rep: Reporting,
    sent: _Sentence,
    vi: int,
    gender: str,
    earlier: list[_Statement],
    *,
    within_sentence: bool = False,
    across_blocks: bool = False,
) -> tuple[list[_Mention | None], str, float, _Statement | None]:
    """Speaker of a verb or participle without a subject of its own.

    ``across_blocks``: the verb continues a statement (وتابع, وأضاف), so the
    speaker may come from the paragraph before, not only from the same block.
    """
    # 1. an earlier statement of the same sentence with an agreeing speaker
    same = [s for s in _of_sentence(earlier, sent.sid) if s.speakers]
    agreeing = [s for s in same if _compatible(gender, s.speakers[0].gender)]
    inner = None if agreeing else _content_subject(doc, sent, vi, gender, same)
    if inner is not None:
        # ``قالت الوزارة إن الوزير بحث …، مشددا``: the reported clause's subject agrees
        return [inner], "carried_content", 0.7, same[-1]
    if agreeing:
        last = agreeing[-1]
        group = [s.speakers[0] for s in same if s.verb_start == last.verb_start]
        if gender != "pl":
            # ``رحبت كل من السعودية وقطر والأردن …، معتبرة``: a singular participle after
            # joint speakers agrees with the first, as the verb did, and speaks for all
            group = [m for m in group if _compatible(gender, m.gender)]
        return group, "carried_sentence", 0.8, last
    if gender == "pl" and same:
        # ``أدانت واشنطن وبروكسل …، ودعتا``: a dual or plural verb after joint speakers
        last = same[-1]
        group = [s.speakers[0] for s in same if s.verb_start == last.verb_start]
        if len(group) > 1:
            return group, "carried_sentence", 0.8, last
    # 2. the subject opening the sentence (not a nisba, not in a preposition)
    verb_pos = sent.tokens[vi][0] if vi < len(sent.tokens) else sent.fend
    for j, (s, _, _) in enumerate(sent.tokens[: min(vi, 4)]):
        mention = doc.mention_starting(s, s + 2)
        if mention is None or mention.method == "nisba" or mention.fstart >= verb_pos:
            continue
        if _compatible(gender, mention.gender) and (mention.fstart == s or doc.folded[s] in 'وف"'):
            group = _coordinated(doc, sent, mention)
            if j <= 2:
                return group, "carried_subject", 0.75, None
    # ``وزار وزير الخارجية الإيراني عباس عراقجي بغداد، مؤكدا``: a sentence opening with
    # a verb, titles and a named person; that person is the subject
    opener = _opening_person(doc, rep, sent, vi, gender)
    if opener is not None and not same:
        return [opener], "carried_subject", 0.7, None
    if within_sentence:
        return [], "none", 0.3, None
    # 3. a speaker of the same block of lines, at most two sentences back
    index = bisect.bisect_left(doc._fstarts, sent.fstart)
    for back in range(1, _CARRY_SENTENCES + 1):
        if index - back < 0:
            break
        previous = doc.sentences[index - back]
        if previous.role not in MINED_ROLES or previous.block != sent.block and not across_blocks:
            break
        prior = [s for s in _of_sentence(earlier, previous.sid) if s.speakers]
        agreeing = [s for s in prior if _compatible(gender, s.speakers[0].gender)]
        if agreeing:
            return [agreeing[-1].speakers[0]], "carried_block", 0.7, agreeing[-1]
    return [], "none", 0.3, None
