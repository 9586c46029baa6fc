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

import datetime as dt
import re
from typing import Any

import pandas as pd

from . import dates as _dates
from .denials import _link_denials
from .discourse import (
    MINED_ROLES,
    _compatible,
    _Doc,
    _has_particle,
    _in_quote,
    _Mention,
    _norm,
    _of_sentence,
    _orig,
    _quote_at,
    _quoted_name,
    _Sentence,
    _speaker_id,
    _Statement,
    _verb_form,
)
from .reporting import ACTS, Form, Reporting, aside_spans, load_reporting
from .speakers import (
    _CARRY_SENTENCES,
    _after_particle,
    _carried,
    _coordinated,
    _objects,
    _subject_after,
    _subject_before,
    _uncovered_noun,
    _unknown_subject,
)
from .stances import STANCE_COLUMNS, _stance_frame, _typed_frame
from .tables import COLUMNS

__all__ = [
    "ACTS",
    "STANCE_COLUMNS",
    "STATEMENT_COLUMNS",
    "Reporting",
    "extract_statements",
    "load_reporting",
]


STATEMENT_COLUMNS = COLUMNS["statements"]


_PREPOSITIONS = frozenset({"في", "من", "الي", "على", "علي", "عن", "منذ", "حول", "بعد", "قبل"})


_MARKER_WINDOW = 14
_LEAD_FILLER = " ,،;:-–—()"
_MAX_HEADLINE_TITLE = 4  # words before a headline's speaker (الرئيس الروسي فلاديمير بوتين:)


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
    doc.hide(aside_spans(doc.folded, rep))  # ", الذي …،" and "طلب عدم الكشف عن هويته"
    found: list[_Statement] = []
    headlines = [item for sent in doc.sentences for item in _headline(doc, rep, sent)]
    skip_until = -1
    for match in rep.trigger.finditer(doc.folded):
        while headlines and headlines[0].start <= match.start():
            found.append(headlines.pop(0))
        if match.start() < skip_until:
            continue
        sent = doc.sentence_at(match.start())
        if sent is None or sent.role not in MINED_ROLES or _in_quote(sent, match.start()):
            continue
        if _names_an_outlet(doc, rep, sent, match.start()):
            continue
        made, consumed = _statements_at(doc, rep, sent, match, found, date)
        skip_until = max(skip_until, consumed)
        found.extend(made)
    found.extend(headlines)
    _cut_before_second_clauses(found)
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


def _cut_before_second_clauses(found: list[_Statement]) -> None:
    """End each statement of a headline before a second clause with a speaker and a
    colon (``بغداد تعلن …، وواشنطن: "لن نترك فراغا"``)."""
    for second in found:
        if second.speaker_source != "headline" or second.start == second.sent.fstart:
            continue
        for item in found:
            if item.sent.sid == second.sent.sid and item.start < second.start < item.end:
                item.end = second.start


_APPEAL_PREPOSITIONS = frozenset({"الي", "علي"})  # folded إلى، على


def _names_an_outlet(doc: _Doc, rep: Reporting, sent: _Sentence, pos: int) -> bool:
    """Whether the word at ``pos`` is the name of an outlet (``وكالة فرات``: ف + رأت)."""
    i = sent.token_at(pos)
    return 0 < i < len(sent.tokens) and sent.tokens[i - 1][2] in rep.outlet_nouns


def _addressed(
    doc: _Doc, sent: _Sentence, vso: list, form: Form, same_sentence: list[_Statement]
) -> bool:
    """Whether the actor after a coordinated appeal is addressed, not its subject.

    After a statement of the same sentence whose speaker agrees with the
    appeal's verb, an actor followed at once by إلى/على/بـ is the one appealed to
    (``أعربت المنظمة عن قلقها، ودعت السلطات التونسية إلى احترام``), and the
    speaker carries over.
    """
    gender = form.gender  # the verb's: ``أعرب الاتحاد …، ودعا تركيا إلى``
    if not any(st.speakers and _compatible(gender, st.speakers[0].gender) for st in same_sentence):
        return False
    i = sent.token_at(max(doc.name_end(m) for m in vso))
    if i >= len(sent.tokens):
        return False
    core = sent.tokens[i][2]
    return core in _APPEAL_PREPOSITIONS or (core.startswith("ب") and len(core) > 3)


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
        return _attribution(doc, rep, sent, match, word_start, governing, earlier)
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
        written = _norm(match.group("v"))
        stem = written not in rep.forms  # نفا- of نفاه: shown with its pronoun
        form = rep.stems[written] if stem else rep.forms[written]
        act = form.act
        verb_end = hit_end
        verb = _orig(doc, word_start, hit_end if stem else match.end("v"))
    vi = sent.token_at(word_start)
    before = sent.tokens[vi - 1][2] if vi > 0 else ""
    if before in _PREPOSITIONS and not has_prefix:
        return [], hit_end  # ``في نقل الأسلحة``: a verbal noun after a preposition
    carrier = sent.tokens[vi][2] in rep.carriers and not has_prefix and vi > 0
    if carrier and not _after_comma(doc, sent.tokens[vi - 1][0], word_start):
        return [], hit_end  # ``في بيان نقلته وكالة وفا``: who carried it says nothing
    suffixed = match.group("v") is not None and match.end("v") < hit_end
    if before in rep.relatives and suffixed and form.lemma not in rep.predicative:
        return [], hit_end  # ``الاتفاق الذي أعلنته روسيا``: an action on the antecedent
    embedded = governing is not None and governing.content[0] <= word_start < governing.content[1]
    if embedded and governing.quote_kind == "none" and not form.participle and not has_prefix:
        # ``أعلن عن مقترح، رحبت به السعودية``: after a comma, a verb that is no part of
        # a noun-phrase content opens the narrator's next clause
        embedded = not _after_comma(doc, sent.fstart, word_start)
    # ``الجيش قد أكد``: قد after a subject opens no new clause
    subject_qad = before == "قد" and _subject_before(doc, sent, vi, "") is not None
    coordinated = (before in rep.pronouns or before in rep.clause_openers) and not subject_qad
    confidence = 0.9
    carried_from: _Statement | None = None
    speakers: list[_Mention | None] = []
    source = ""
    if embedded and not has_prefix and not form.participle and not coordinated:
        # a verb inside reported content is part of that statement, unless an actor
        # right before it does something stronger than saying (إن الحكومة رفضت القرار)
        nested = _subject_before(doc, sent, vi, "", heads=rep.head_links)
        if nested is None or not _compatible(form.gender, nested.gender):
            return [], hit_end
        if governing.quote_kind == "none" and doc.folded[nested.fstart - 1 : nested.fstart] == "و":
            # ``لبنان يتهم إسرائيل بخرق الهدنة وواشنطن تدعو``: a new clause, not content
            speakers, source = [nested], "svo"
        elif act == "claim":
            return [], hit_end
        else:
            speakers, source, confidence = [nested], "nested", 0.6
    subject_end = verb_end
    present = match.group("v") is not None and _norm(match.group("v"))[:1] in "يت"
    if present and not form.participle and not embedded and not speakers:
        # ``طهران تتهم واشنطن``: a present-tense verb right after an actor is SVO
        svo = _subject_before(doc, sent, vi, form.gender)
        loose = _subject_before(doc, sent, vi, "")
        pair = _joined_before(doc, loose) if loose is not None and form.gender == "pl" else []
        if svo is not None:
            speakers, source = [svo], "svo"
        elif pair:  # ``الرياض وطهران تتفقان``: two subjects, a dual or plural verb
            speakers, source = pair, "svo"
        elif loose is not None and loose.fstart <= sent.fstart + 1:
            # a headline's opening actor; loanword names agree loosely (افريكوم يوضح)
            speakers, source, confidence = [loose], "svo", 0.75
    if not form.participle and not speakers and before not in rep.pronouns and not subject_qad:
        # after ``لكنه``/``وهو`` the subject is that pronoun, and after ``وكان الرئيس قد``
        # the actor before قد: an actor after the verb is its object (لكنه اتهم كييف),
        # so no subject is sought there
        vso = _subject_after(doc, rep, sent, verb_end, form)
        if vso == "noun":
            return [], hit_end
        coordinated_appeal = vso and has_prefix and act == "appeal"
        if coordinated_appeal and _addressed(doc, sent, vso, form, same_sentence):
            vso = None  # ``أعربت المنظمة عن قلقها، ودعت السلطات التونسية إلى``
        if vso:
            speakers, source = vso, "vso"
            subject_end = max(doc.name_end(m) for m in vso)
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
            doc, rep, sent, vi, gender, earlier, within_sentence=not clause_initial,
            across_blocks=form.continues,
        )  # fmt: skip
        if not clause_initial and not speakers:
            return [], hit_end
    through_start = None
    if not form.participle and not light:
        # ``أكدت واشنطن على لسان المبعوثة مورغان أورتاغوس أن``: the one who spoke for
        # the subject is the speaker, and the content follows that name
        voice, subject_end = _spoken_through(doc, rep, sent, subject_end)
        if voice is not None:
            speakers, source = [voice], "vso"
        else:  # ``انتقدت روسيا القرار على لسان مندوبها … ميخائيل أوليانوف``: after the object
            voice, through_start = _spoken_through_after_object(doc, rep, sent, subject_end)
            if voice is not None:
                speakers, source = [voice], "vso"
    if before in {"لم", "لن", "لا"}:
        confidence -= 0.2
        if act == "deny":
            act = "claim"
    content_from = _past_adjectives(rep, sent, hit_end) if light else subject_end
    content, kind, quote, unclosed, marker = _content(
        doc, rep, sent, content_from, form, opened=light
    )
    if through_start is not None and content[0] < through_start < content[1]:
        content = quote = (content[0], through_start)  # the object, not who voiced it
    leading = None
    if kind in {"none", "mixed"} and not marker and not light and not embedded:
        leading = _leading_quote(doc, sent, word_start)
        if leading is not None:  # ``"لن نقف مكتوفي الأيدي"، قال النائب``
            content, kind, quote, unclosed, marker = _direct(leading, leading[0])
    if form.marked and not light and not marker:
        return [], hit_end  # ``رأى شهود الدخان``, ``علّق الاتحاد المساعدات``: no speech
    if form.marked and form.participle and not _after_comma(doc, sent.fstart, word_start):
        return [], hit_end  # ``وتبقى الشركة متهمة بالفساد``: an adjective, not ``، متهمة``
    if rep.no_comment.match(doc.folded, content[0]):
        return [], hit_end  # ``رفض الكرملين التعليق``: declining to comment is no statement
    first = sent.token_at(content[0])
    if kind != "direct" and first < len(sent.tokens) and sent.tokens[first][2] in form.actions:
        return [], hit_end  # ``تبنى مجلس الأمن قرارا``: adopting a resolution, no speech
    if light:
        noun_quote = _in_quote(sent, noun_start)
        if noun_quote and noun_quote[0] < content[0] and kind != "direct":
            content, quote, kind = (noun_quote[0], content[1]), (noun_quote[0], quote[1]), "mixed"
    objects = (
        _objects(doc, rep, sent, subject_end) if source in {"vso", "svo"} or form.participle else []
    )
    spoken = {m.actor_id for m in speakers if m}
    if light:  # actors between a light verb (or its subject) and its noun are its objects
        gap_start = subject_end if source == "vso" else verb_end
        objects += [m for m in doc.mentions_in(gap_start, noun_start) if m.actor_id not in spoken]
    elif form.lemma in rep.predicative and marker:
        # ``واصفا الرواية الإسرائيلية بأنها ذريعة``: what is described is a target
        gap_start = subject_end if source == "vso" else verb_end
        objects += [m for m in doc.mentions_in(gap_start, marker) if m.actor_id not in spoken]
    # ``قال المتحدث باسم الخارجية الإثيوبية``: the speaker's own organisation ends its title
    own = set().union(*(doc.ancestors(m.actor_id) for m in speakers if m))
    objects = [m for m in objects if m.actor_id not in own]
    if marker and source in {"vso", "svo"} and doc.folded.count(" ", subject_end, marker) > 8:
        confidence -= 0.1
    start = word_start
    if source == "svo" and speakers and speakers[0]:
        start = speakers[0].fstart
    frame = (start, content[0])
    before_frame = (sent.fstart, start) if governing is None else (start, start)
    if leading is not None:  # the clause is the quotation, then its speaker and verb
        frame, before_frame, start = (start, sent.fend), (start, start), leading[0]
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
    elif form.continues and speakers and speakers[0] is not None:
        # ``وأضاف البرهان``: the day of that speaker's last statement
        said = [s for s in earlier if s.speakers and s.speakers[0] is not None]
        mine = [s for s in said if s.speakers[0].actor_id == speakers[0].actor_id]
        if mine and sent.sid - mine[-1].sent.sid <= _CARRY_SENTENCES:
            base.date_from = mine[-1]
    if governing is not None and source != "nested":
        cut = sent.tokens[vi - 1][0] if coordinated and vi > 0 else start
        # every statement of the governing verb (أدانت الولايات المتحدة والاتحاد الأوروبي)
        for item in (s for s in same_sentence if s.verb_start == governing.verb_start):
            item.end = min(item.end, cut)
            item.content = (item.content[0], min(item.content[1], cut))
            if item.quote_kind != "direct":
                item.quote = (item.quote[0], min(item.quote[1], cut))
    made = []
    for speaker in speakers or [None]:
        fields = {**base.__dict__, "speakers": [speaker] if speaker else [], "targets": []}
        made.append(_Statement(**fields))
    return made, hit_end


def _joined_before(doc: _Doc, last: _Mention) -> list[_Mention]:
    """``الرياض وطهران``: the actor joined by و right before ``last``, then ``last``."""
    if doc.folded[last.fstart - 2 : last.fstart] != " و":
        return []
    earlier = doc.mentions_in(max(0, last.fstart - 80), last.fstart - 2)
    if not earlier or doc.folded[earlier[-1].fend : last.fstart - 2].strip():
        return []
    return [earlier[-1], last] if earlier[-1].actor_id != last.actor_id else []


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
    start, marker, kind, outlet = -1, 0, "none", -1
    j, limit = i, min(len(sent.tokens), i + _MARKER_WINDOW)
    clause_end = _next_clause(doc, sent, pos, sent.fend)  # markers past it are the next clause's
    while j < limit:
        s, e, core = sent.tokens[j]
        if s >= clause_end:
            break
        channel = rep.channel.match(doc.folded, s)
        if channel:
            j = max(j + 1, sent.token_at(channel.end()))
            name = _quoted_name(doc, sent, sent.tokens[j][0]) if j < len(sent.tokens) else None
            if name:
                outlet = name[0]  # ``لصحيفة "يديعوت أحرونوت"``: the outlet's name, no quote
                j = sent.token_at(name[1] - 1)
            continue
        quote = _quote_at(sent, s) if doc.folded[s] == '"' and s != outlet else None
        if quote and (not opened or j == i):
            return _direct(quote, marker or s)
        if opened and j > i + 1:
            break
        if core in rep.complementizers:
            start, marker, kind = e, s, "indirect"
            break
        if core in form.prep or _clitic_prep(form, core):
            # the content follows the preposition, or starts at a word with the clitic
            start, marker = (e, s) if core in form.prep else (s, s)
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
        if (
            j > i
            and core not in rep.carriers
            and (_verb_form(rep, core) or core[:1] in "وف" and _verb_form(rep, core[1:]))
            and not _names_an_outlet(doc, rep, sent, s)
        ):
            break  # ``وقالت إن``, ``إذ قال إن``: the next clause's إن/أن belongs to its own verb
        j += 1
    if start < 0:
        while i < len(sent.tokens) and rep.channel.match(doc.folded, sent.tokens[i][0]):
            i = max(i + 1, sent.token_at(rep.channel.match(doc.folded, sent.tokens[i][0]).end()))
        start = max(sent.tokens[i][0], pos) if i < len(sent.tokens) else sent.fend
    while start < sent.fend and doc.folded[start] in " ,;":
        start += 1  # ``نواف سلام، اليوم``: not the subject's last letters, nor its comma
    if kind == "none":
        start = _past_dated_aside(doc, rep, sent, start)
    quote = _quote_at(sent, start)
    if quote and (kind != "indirect" or _rest_is_short(doc, quote[1], sent.fend)):
        return _direct(quote, marker or start)
    end = _clause_break(doc, rep, start, sent.fend)
    end = _contrasted_speaker(doc, rep, sent, start, end)
    if kind == "none" and start < clause_end < end:
        end = clause_end
    if kind != "direct" and any(start <= q[0] < end for q in sent.quotes):
        kind = "mixed"
    unclosed = any(start <= q[0] < end and not q[2] for q in sent.quotes)
    return (start, end), kind, (start, end), unclosed, marker


def _after_comma(doc: _Doc, start: int, pos: int) -> bool:
    """Whether a comma is the last thing before ``pos`` (spaces aside), looking no
    further back than ``start``."""
    return doc.folded[start:pos].rstrip().endswith(",")


def _clitic_prep(form: Form, core: str) -> bool:
    """A word with the clitic ب when the verb's preposition is بـ (``متهمة إسرائيل
    بعرقلة``, ``مطالبة بوقف``): the content starts at that word."""
    return "ب" in form.prep and core.startswith("ب") and len(core) > 3


def _past_adjectives(rep: Reporting, sent: _Sentence, pos: int) -> int:
    """``عن قلقها البالغ إزاء``: the end of the adjectives after an expression noun."""
    i = sent.token_at(pos)
    while i < len(sent.tokens) and sent.tokens[i][2] in rep.noun_adjectives:
        pos = sent.tokens[i][1]
        i += 1
    return pos


def _past_dated_aside(doc: _Doc, rep: Reporting, sent: _Sentence, pos: int) -> int:
    """``أعلن الجيش، اليوم الخميس، استعادة …``: the content starts after a time phrase
    that ends with a comma."""
    first = sent.token_at(pos)
    for k in range(first, min(first + 4, len(sent.tokens))):
        s, e, core = sent.tokens[k]
        if core not in rep.time_words:
            return pos
        if doc.folded[e - 1] == ",":
            while e < sent.fend and doc.folded[e] in " ,":
                e += 1
            return e
    return pos


def _rest_is_short(doc: _Doc, pos: int, end: int) -> bool:
    return len(doc.folded[pos:end].split()) <= 2


def _next_clause(doc: _Doc, sent: _Sentence, start: int, end: int) -> int:
    """End of an object content where و, an actor and a present-tense verb open a
    clause of their own (``تتهم أثينا بـ"الاستفزاز" والاتحاد الأوروبي يتضامن مع``)."""
    for mention in doc.mentions_in(start, end):
        if mention.fstart - start < 2 or doc.folded[mention.fstart - 1] != "و":
            continue
        if doc.folded[mention.fstart - 2] != " ":
            continue
        if doc.folded[doc.name_end(mention) : doc.name_end(mention) + 1] == ":":
            return mention.fstart - 2  # ``، وواشنطن: "لن نترك فراغا"``: a speaker and a colon
        i = sent.token_at(doc.name_end(mention))
        if i < len(sent.tokens):
            s, _, core = sent.tokens[i]
            if s == doc.name_end(mention) + 1 and core[:1] in "يت" and len(core) >= 4:
                return mention.fstart - 2
    return end


_CONTRAST = frozenset({"لكن", "ولكن"})  # folded
_CONTRAST_SUBJECT_WORDS = 8  # ``لكن رئيس كتلة الوفاء للمقاومة النائب محمد رعد قال``


def _contrasted_speaker(doc: _Doc, rep: Reporting, sent: _Sentence, start: int, end: int) -> int:
    """End of content where ``، لكن`` opens a clause in which another actor speaks.

    ``أعلن حزب الله أنه صوت لصالح عون، لكن … النائب محمد رعد قال إن الحزب``: the
    named actor after لكن is the subject of a reporting verb of its own, which
    is a statement, not part of the first one. After لكن without a reporting
    verb the content goes on (``قال إن المحادثات جيدة، لكن الخلافات قائمة``).
    """
    first = sent.token_at(start)
    for k in range(first, len(sent.tokens)):
        s, _, core = sent.tokens[k]
        if s >= end:
            break
        if core not in _CONTRAST or not _after_comma(doc, start, s):
            continue
        for subject in doc.mentions_in(s, end):
            if sent.token_at(subject.fstart) > k + _CONTRAST_SUBJECT_WORDS:
                break
            j = sent.token_at(doc.name_end(subject))
            verb = sent.tokens[j] if j < len(sent.tokens) else None
            if verb is not None and verb[0] < end and _verb_form(rep, verb[2]):
                return doc.folded.rindex(",", start, s)
    return end


def _clause_break(doc: _Doc, rep: Reporting, start: int, end: int) -> int:
    """End of reported content at a narrator's comment (``، في إشارة إلى``)."""
    hit = rep.clause_break.search(doc.folded, start, end)
    return hit.start() if hit else end


_THROUGH_WORDS = 5  # ``على لسان المتحدث باسم وزارة الخارجية ماثيو ميلر``


def _spoken_through(
    doc: _Doc, rep: Reporting, sent: _Sentence, pos: int
) -> tuple[_Mention | None, int]:
    """After ``pos``, ``على لسان`` and who spoke (the first actor named within a few
    words, with the rest of its name): that actor and where the phrase ends.
    Without the phrase, ``(None, pos)``; without a named actor in it, the phrase
    still ends where its words do (``على لسان متحدث باسمها``)."""
    i = sent.token_at(pos)
    tokens = sent.tokens
    if i + 1 >= len(tokens) or (tokens[i][2], tokens[i + 1][2]) != ("علي", "لسان"):
        return None, pos
    after = tokens[i + 1][1]
    last = min(i + 1 + _THROUGH_WORDS, len(tokens) - 1)
    for j in range(i + 2, last + 1):  # the phrase ends before إن/أن or a quotation
        if tokens[j][2] in rep.complementizers or doc.folded[tokens[j][0]] == '"':
            last = j - 1
            break
    window_end = tokens[last][1]
    named = [m for m in doc.mentions_in(after, window_end + 200) if m.fstart < window_end]
    if not named:
        return None, after
    # the holder of an office named with it (المبعوثة الأميركية مورغان أورتاغوس)
    voice = named[-1] if named[-1].actor_id in doc.persons else named[0]
    return voice, doc.name_end(voice)


_OBJECT_WORDS = 2  # ``انتقدت القرار على لسان``: words of an object before the phrase


def _spoken_through_after_object(
    doc: _Doc, rep: Reporting, sent: _Sentence, pos: int
) -> tuple[_Mention | None, int | None]:
    """``على لسان`` a word or two after ``pos`` (after the verb's object) and the named
    person who voiced it; that person and where the phrase starts, else (None, None).
    Only a person counts here: an organisation there may be the one the voice serves."""
    i = sent.token_at(pos)
    for k in range(1, _OBJECT_WORDS + 1):
        if i + k >= len(sent.tokens) or doc.folded[sent.tokens[i + k - 1][1] - 1] in ",;:.":
            break
        start = sent.tokens[i + k][0]
        voice, _ = _spoken_through(doc, rep, sent, start)
        if voice is not None:
            return (voice, start) if voice.actor_id in doc.persons else (None, None)
    return None, None


def _leading_quote(doc: _Doc, sent: _Sentence, pos: int) -> tuple[int, int, bool] | None:
    """A closed quotation that opens the sentence and ends right before the verb at
    ``pos`` (a comma at most between): what that verb reports."""
    first = sent.quotes[0] if sent.quotes else None
    if first is None or not first[2]:
        return None
    if doc.folded[sent.fstart : first[0]].strip(" -") or doc.folded[first[1] : pos].strip(" ,"):
        return None
    return first


def _direct(quote: tuple[int, int, bool], marker: int):
    open_, close, closed = quote
    inner = (open_ + 1, close - 1 if closed else close)
    return (open_, close), "direct", inner, not closed, marker


_HEADLINE_ROLES = frozenset({"title", "deck"})
_HEADLINE_METHODS = frozenset({"state", "metonym", "nisba"})  # ``غزة: مقتل 20`` names a place


def _headline(doc: _Doc, rep: Reporting, sent: _Sentence) -> list[_Statement]:
    """``بوتين: لن نسمح بتوسع الناتو``: a title or deck opening with its speaker and a colon."""
    if sent.role not in _HEADLINE_ROLES:
        return []
    sent = doc.sentence_at(sent.fstart) or sent  # tokens and quotation spans
    colon = doc.folded.find(":", sent.fstart, min(sent.fend, sent.fstart + 80))
    mentions = doc.mentions_in(sent.fstart, colon) if colon > 0 else []
    if not mentions:
        return []
    speaker = mentions[-1]
    if doc.folded[doc.name_end(speaker) : colon].strip():
        return []
    start = colon + 1
    while start < sent.fend and doc.folded[start] == " ":
        start += 1
    quote = _quote_at(sent, start)
    # ``…، وواشنطن: "لن نترك فراغا"``: a second clause of its own, quoting its speaker
    second = doc.folded[speaker.fstart - 1] == "و" and _after_comma(
        doc, sent.fstart, speaker.fstart - 1
    )
    if len(doc.folded[sent.fstart : speaker.fstart].split()) > _MAX_HEADLINE_TITLE and not (
        second and quote is not None
    ):
        return []
    if speaker.method in _HEADLINE_METHODS and quote is None:
        return []
    if quote is not None:  # ``ترامب: "سنرد بقوة" #إيران``: the quotation only
        start, end = _direct(quote, start)[2]
    else:
        end = _clause_break(doc, rep, start, sent.fend)
    if end <= start:
        return []
    form = Form(lemma=":", act="claim", gender=speaker.gender, participle=False)
    opening = speaker.fstart - 1 if second else sent.fstart  # the و of a second clause
    return [
        _Statement(
            sent=sent, start=opening, end=sent.fend, verb_start=colon, speakers=[speaker],
            speaker_source="headline", verb=":", form=form, act="claim", content=(start, end),
            quote_kind="direct", quote=(start, end), unclosed=False, date=None, confidence=0.8,
            frame=(opening, colon),
        )
    ]  # fmt: skip


def _attribution(
    doc: _Doc,
    rep: Reporting,
    sent: _Sentence,
    match: re.Match,
    word_start: int,
    governing: _Statement | None,
    earlier: list[_Statement],
) -> tuple[list[_Statement], int]:
    """``بحسب X``, ``وفق ما نقلت Y عن X``, ``جاء في بيان لـX``: no speech verb."""
    cue_end = match.end("attr")
    i = sent.token_at(cue_end)
    speakers: list[_Mention | None] = []
    end_of_source = cue_end
    carried = joint = False  # ``بيان مشترك نشرته وكالة …``: the agency only published it
    # ``وفق ما أوردته وكالة رويترز``: what the agency itself reported; it is the source
    reported_what = _norm(match.group("attr")).endswith("ما")
    for j in range(i, min(i + 5, len(sent.tokens))):
        s, e, core = sent.tokens[j]
        if core in rep.complementizers or doc.folded[s] == '"':
            break
        if core == "عن":
            continue
        if core in rep.carriers:
            carried = not reported_what
            continue
        joint = joint or core in _JOINT
        mention = doc.mention_starting(s, min(e, s + 3))
        if mention is not None and carried:
            # a joint statement is the parties' who last spoke together, else nobody's known
            speakers = (_joint_parties(earlier, sent) if joint else []) or [None]
            end_of_source = max(m.fend for m in _coordinated(doc, sent, mention))
            break
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


_JOINT = frozenset({"مشترك", "مشتركا", "المشترك"})


def _joint_parties(earlier: list[_Statement], sent: _Sentence) -> list[_Mention]:
    """The speakers of the last statement made by several actors together, at most two
    sentences back (``أعلنت السعودية وإيران … وجاء في بيان مشترك``)."""
    for item in reversed(earlier):
        if sent.sid - item.sent.sid > 2:
            break
        group = [
            s.speakers[0] for s in earlier
            if s.verb_start == item.verb_start and s.speakers and s.speakers[0] is not None
        ]  # fmt: skip
        if len({m.actor_id for m in group}) > 1:
            return group
    return []


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
    if item.date is None:
        item.date = _date_in(doc, item.content, article_date, leading=True)
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
    """``end`` moved back over spaces, punctuation and a dangling و (``مع الدعم السريع و"``)."""
    while True:
        while end > start and (doc.folded[end - 1].isspace() or doc.folded[end - 1] in ",.;:-"):
            end -= 1
        if doc.folded[start:end] in {"و", "ف"}:
            return start  # ``أعربت السفارة عن قلقها، وحثت``: nothing before the next verb
        if end - start > 2 and doc.folded[end - 2 : end] in {" و", ' "', " «"}:
            end -= 2
        elif end - start > 3 and doc.folded[end - 3 : end] in {' و"', " و«"}:
            end -= 3
        else:
            return end


def _negated(rep: Reporting, text: str) -> bool:
    words = text.split()
    head = " ".join(words[: rep.negation_window + 1]).lstrip('"')
    hit = rep.negation.search(head)
    return hit is not None


def _date_in(
    doc: _Doc, span: tuple[int, int], article_date: dt.date | None, *, leading: bool = False
) -> dt.date | None:
    """The first day-precise date in ``span``; with ``leading``, only one that opens it.

    A date that opens the content (``اتهم سلام، اليوم الثلاثاء، إسرائيل``) dates
    the statement; one further in (``قال إن الهجوم وقع الجمعة``) dates the
    reported event and is not used.
    """
    start, end = span
    if end <= start:
        return None
    text = doc.folded[start:end]
    for expression in _dates.find_date_expressions(text):
        if leading and text[: expression.start].strip(_LEAD_FILLER):
            return None
        if expression.precision == "day":
            value = _dates.resolve(expression, article_date)
            if value is not None:
                return value
    return None


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
