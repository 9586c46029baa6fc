"""Stances: who is for or against whom, and on what evidence.

Stances come from a statement's act toward its targets and addressees, cue
words near a target, a denial toward the claimant it answers, joint agreement,
and relations the narrator states (فرنسا، وهي أيضا داعمة لحفتر), which carry no
statement id.
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import pandas as pd

from .discourse import (
    MINED_ROLES,
    _Doc,
    _in_quote,
    _Mention,
    _mention_before,
    _mentions_after,
    _orig,
    _Statement,
    before_adjacent,
)
from .reporting import Reporting
from .tables import COLUMNS

STANCE_COLUMNS = COLUMNS["stances"]


_NEGATIVE_ACTS = frozenset({"accuse", "condemn", "threaten", "reject", "warn"})


_POSITIVE_ACTS = frozenset({"support", "agree"})


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
            reverser = None
            if polarity == "positive":
                reverser = _reverser(doc, rep, start, hit.start())
            if reverser is not None or (polarity == "positive" and item.act == "reject"):
                polarity = "negative"  # ``ستراجع كل أشكال التعاون مع``, ``ترفض أي تعاون مع``
            cue_start = hit.start("w") if reverser is None else reverser
            out[nearest.actor_id] = (polarity, "cue:" + _orig(doc, cue_start, hit.end("w")))
    if item.form is not None and item.form.lemma in rep.predicative and item.objects:
        # ``واصفا الرواية الإسرائيلية بأنها ذريعة``: the predicate's cue judges the object
        for hit in rep.cues.finditer(doc.folded, start, end):
            far = doc.folded.count(" ", start, hit.start()) > rep.cue_window
            if far or doc.covers(hit.start("w")):
                continue
            for mention in item.objects:
                if mention.actor_id not in out:
                    cue = "cue:" + _orig(doc, hit.start("w"), hit.end("w"))
                    out[mention.actor_id] = (rep.cue_polarity[hit.group("w")], cue)
            break
    for mention in item.targets:
        joint = rep.joint_action.search(doc.folded, max(start, mention.fstart - 40), mention.fstart)
        if mention.actor_id not in out and joint and joint.end() == mention.fstart:
            out[mention.actor_id] = ("positive", "cue:" + joint.group("w"))
    return out


def _reverser(doc: _Doc, rep: Reporting, start: int, cue: int) -> int | None:
    """Where a word that undoes a positive cue at ``cue`` starts, if there is one
    (a reverser within ``cue_window`` words before it, or a negation right before)."""
    words = list(re.finditer(r"\S+", doc.folded[start:cue]))[-rep.cue_window :]
    for back, word in enumerate(reversed(words)):
        text = word.group().strip('"')
        if (back <= 1 and text in rep.cue_negations) or rep.cue_reverser.match(text):
            return start + word.start() + len(word.group()) - len(word.group().lstrip('"'))
    return None


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
