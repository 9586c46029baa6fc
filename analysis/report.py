"""The narrative report: a readable account generated from the tables.

:func:`build_narrative` turns the DESIGN.md tables into sections of English
sentences; every sentence carries :class:`Citation` objects — the statement
id (or, for something the narrator states, the sentence id) and the Arabic
text it rests on. :func:`narrative_html` and :func:`narrative_markdown`
render it; :func:`article_html` shows the article with actor mentions and
statements highlighted.

All article text is HTML-escaped. Arabic blocks carry inline
``dir="rtl" lang="ar" style="text-align:right"``: a notebook executed by
papermill is untrusted in JupyterLab, which strips ``<style>`` blocks, and
nbconvert's stylesheet left-aligns ``<p>``.
"""

from __future__ import annotations

import html
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.network import _id_or_none, affiliations, dna_network, split_ids

RTL = 'dir="rtl" lang="ar" style="text-align:right"'
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
ACT_PHRASES = {
    # act: (with targets, without targets)
    "claim": ("makes a claim about {t}", "makes a claim"),
    "deny": ("issues a denial concerning {t}", "issues a denial"),
    "warn": ("warns about {t}", "issues a warning"),
    "concern": ("expresses concern about {t}", "expresses concern"),
    "accuse": ("accuses {t}", "makes an accusation"),
    "condemn": ("condemns {t}", "issues a condemnation"),
    "appeal": ("appeals to {t}", "makes an appeal"),
    "agree": ("agrees with {t}", "states an agreement"),
    "support": ("speaks in support of {t}", "expresses support"),
    "reject": ("rejects {t}", "states a rejection"),
    "threaten": ("threatens {t}", "issues a threat"),
}
MIN_QUOTE_WORDS = 3
PLURAL_VERBS = {
    "is": "are",
    "makes": "make",
    "issues": "issue",
    "warns": "warn",
    "expresses": "express",
    "accuses": "accuse",
    "condemns": "condemn",
    "appeals": "appeal",
    "agrees": "agree",
    "speaks": "speak",
    "states": "state",
    "rejects": "reject",
    "threatens": "threaten",
}
POLARITY_WORDS = {"positive": "positive", "negative": "negative", "neutral": "neutral"}


@dataclass(frozen=True)
class Citation:
    """What a narrative sentence rests on: a statement (``S3``) or a narrator sentence."""

    statement_id: int | None
    sentence_id: int
    text: str

    @property
    def label(self) -> str:
        if self.statement_id is not None:
            return f"S{self.statement_id}"
        return f"sentence {self.sentence_id}"


@dataclass(frozen=True)
class NarrativeSentence:
    """One English sentence and the citations it rests on."""

    text: str
    citations: tuple[Citation, ...] = ()


@dataclass
class Section:
    """A titled part of the narrative."""

    title: str
    sentences: list[NarrativeSentence] = field(default_factory=list)


def _blank(value: Any) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and math.isnan(value))
        or str(value).strip() == ""
    )


def _names(actors: pd.DataFrame) -> dict[str, str]:
    """English names by actor id; a name shared by several actors gets ``(2)``, ``(3)``."""
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row in actors.sort_values("actor_id").itertuples():
        name = row.name_en if not _blank(row.name_en) else str(row.actor_id)
        seen[name] = seen.get(name, 0) + 1
        out[str(row.actor_id)] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return out


def _series(items: list[str]) -> str:
    """English list: ``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


INSTITUTION_WORDS = frozenset({
    "military", "ministry", "army", "parliament", "government", "united", "member", "department",
    "union", "forces", "agency", "council", "command", "commission", "committee", "office",
    "embassy", "court", "league", "movement", "organization", "organisation", "authority",
    "presidency", "assembly", "navy", "guard", "guards",
})  # fmt: skip
PLURAL_HEADS = frozenset({
    "forces", "houthis", "sources", "officials", "rebels", "militias", "brigades", "guards",
    "diplomats",
})  # fmt: skip


def _head(name: str) -> str:
    """The last word of a name outside brackets, lower-cased (``Houthis (Ansar Allah)``)."""
    words = re.sub(r"\s*\([^)]*\)", "", name).split()
    return words[-1].lower() if words else ""


def _is_plural(name: str) -> bool:
    """A name whose head is a plural noun (``Rapid Support Forces``, ``Arab sources``)."""
    return _head(name) in PLURAL_HEADS


def _the(name: str) -> str:
    """Prefix ``the`` to institutional and plural proper names.

    >>> _the("United States military"), _the("Rapid Support Forces"), _the("Hamas")
    ('the United States military', 'the Rapid Support Forces', 'Hamas')
    >>> _the("Arab sources"), _the("European Union"), _the("Houthis (Ansar Allah)")
    ('Arab sources', 'the European Union', 'the Houthis (Ansar Allah)')
    """
    lowered = name.lower()
    if lowered.startswith(("the ", "people of", "officials of", "military personnel")):
        return name
    words = re.sub(r"\s*\([^)]*\)", "", name).split()
    proper_plural = _is_plural(name) and words[-1][:1].isupper()
    if proper_plural or any(w.lower() in INSTITUTION_WORDS for w in words):
        return f"the {name}"
    return name


def _sentence_text(sentences: pd.DataFrame, sentence_id: int) -> tuple[int, str]:
    row = sentences.loc[sentences["sentence_id"].astype(int) == int(sentence_id)]
    if row.empty:
        return 0, ""
    return int(row["start"].iloc[0]), str(row["text"].iloc[0])


def statement_citation(statement: Any, sentences: pd.DataFrame) -> Citation:
    """The citation of one statement row: its quote, or else its span of the sentence.

    A quote of fewer than three words (``ذلك``, "that") says nothing on its
    own, so the statement's span (speaker, verb and quote) is cited instead.
    """
    quote = "" if _blank(statement.quote) else str(statement.quote)
    sentence_start, text = _sentence_text(sentences, int(statement.sentence_id))
    if len(quote.split()) < MIN_QUOTE_WORDS:
        a = max(int(statement.start) - sentence_start, 0)
        b = max(int(statement.end) - sentence_start, a)
        quote = text[a:b].strip() or text
    return Citation(int(statement.statement_id), int(statement.sentence_id), quote)


def _stance_citation(stance: Any, by_id: dict[int, Citation], sentences: pd.DataFrame) -> Citation:
    sid = _id_or_none(stance.statement_id)
    if sid is not None and sid in by_id:
        return by_id[sid]
    _, text = _sentence_text(sentences, int(stance.sentence_id))
    return Citation(None, int(stance.sentence_id), text)


def _unique(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    seen: dict[tuple, Citation] = {}
    for c in citations:
        seen.setdefault((c.statement_id is None, c.statement_id or 0, c.sentence_id), c)
    return tuple(seen[k] for k in sorted(seen))


def build_narrative(tables: Any) -> list[Section]:
    """The narrative of one article as sections of cited sentences.

    Parameters
    ----------
    tables
        Anything with ``sentences``, ``actors``, ``statements`` and
        ``stances`` DataFrame attributes.
    """
    sentences, actors = tables.sentences, tables.actors
    statements = tables.statements.sort_values("statement_id", key=lambda s: s.astype(int))
    stances = tables.stances
    names = _names(actors)

    plural = {
        str(r.actor_id)
        for r in actors.itertuples()
        if str(r.actor_type) == "people" or _is_plural(names.get(str(r.actor_id), ""))
    }

    def agree(actor_id: Any, word: str) -> str:
        """``word`` agreeing with the actor: groups (``people``) take the plural."""
        if str(actor_id) in plural:
            first, _, rest = word.partition(" ")
            return " ".join(x for x in (PLURAL_VERBS.get(first, first), rest) if x)
        return word

    def name(actor_id: Any) -> str:
        if _blank(actor_id):
            return "an unidentified speaker"
        return names.get(str(actor_id), str(actor_id))

    cites = {int(r.statement_id): statement_citation(r, sentences) for r in statements.itertuples()}
    by_statement = {int(r.statement_id): r for r in statements.itertuples()}

    # 1. the actors and how they line up
    lineup = Section("The actors and how they line up")
    if stances.empty:
        lineup.sentences.append(
            NarrativeSentence("No stance of one actor toward another is found.")
        )
    grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in stances.itertuples():
        grouped[str(row.source_id)][str(row.polarity)].append(row)
    for source in sorted(grouped, key=lambda s: (name(s), s)):
        parts, cited = [], []
        for polarity in ("negative", "positive", "neutral"):
            rows = grouped[source].get(polarity, [])
            if not rows:
                continue
            targets = sorted({str(r.target_id) for r in rows}, key=lambda t: (name(t), t))
            parts.append(
                f"{POLARITY_WORDS[polarity]} toward {_series([_the(name(t)) for t in targets])}"
            )
            cited += [_stance_citation(r, cites, sentences) for r in rows]
        subject = _the(name(source))
        lineup.sentences.append(
            NarrativeSentence(
                f"{_cap(subject)} {agree(source, 'is')} {_series(parts)}.", _unique(cited)
            )
        )
    affiliation = affiliations(stances, statements)
    held = {(str(r.speaker_id), str(r.concept)): int(r.qualifier) for r in affiliation.itertuples()}
    for kind in ("congruence", "conflict"):
        graph = dna_network(affiliation, actors, kind=kind, isolates=False)
        for a, b, data in sorted(graph.edges(data=True), key=lambda e: (name(e[0]), name(e[1]))):
            a, b = sorted((a, b), key=lambda x: (name(x), x))
            clauses = []
            for concept in data["concepts"].split(";"):
                kind_of, _, ref = concept.partition(":")
                what = f"claim S{ref}" if kind_of == "claim" else _the(name(ref))
                if kind == "conflict":
                    clauses.append(f"disagree over {what}")
                elif kind_of == "claim":
                    verb = "back" if held.get((a, concept), 1) > 0 else "deny"
                    clauses.append(f"both {verb} {what}")
                else:
                    tone = "positive" if held.get((a, concept), 1) > 0 else "negative"
                    clauses.append(f"both are {tone} toward {what}")
            ids = [int(i) for i in split_ids(data["statement_ids"])]
            first = _the(name(a))
            lead = "line up" if kind == "congruence" else "are opposed"
            lineup.sentences.append(
                NarrativeSentence(
                    f"{_cap(first)} and {_the(name(b))} {lead}: they {_series(clauses)}.",
                    _unique(cites[i] for i in ids if i in cites),
                )
            )

    # 2. who said what about whom
    said = Section("Who said what about whom")
    if statements.empty:
        said.sentences.append(NarrativeSentence("No attributed statement is found."))
    for row in statements.itertuples():
        targets = [t for t in split_ids(row.target_ids)]
        with_t, without_t = ACT_PHRASES.get(str(row.act), ("speaks about {t}", "speaks"))
        phrase = (
            with_t.format(t=_series([_the(name(t)) for t in targets])) if targets else without_t
        )
        when = "" if _blank(row.date) else f"On {row.date}, "
        subject = _the(name(row.speaker_id))
        if not when:
            subject = _cap(subject)
        parent = _id_or_none(row.responds_to)
        answer = f", answering S{parent}" if parent is not None else ""
        cited = [cites[int(row.statement_id)]]
        said.sentences.append(
            NarrativeSentence(
                f"{when}{subject} {agree(row.speaker_id, phrase)}{answer} "
                f"(S{int(row.statement_id)}).",
                tuple(cited),
            )
        )

    # 3. contested claims
    contested = Section("Contested claims and who denies them")
    from analysis.charts import claim_groups

    groups = claim_groups(statements)
    if not groups:
        contested.sentences.append(
            NarrativeSentence("No statement in the article is denied or answered by another.")
        )
    for claim, responses in groups:
        deniers = [s for s in responses if by_statement[s].act in {"deny", "reject"}]
        backers = [s for s in responses if s not in deniers]
        if claim is None:
            row = by_statement[responses[0]]
            contested.sentences.append(
                NarrativeSentence(
                    f"{_cap(_the(name(row.speaker_id)))} "
                    f"issues a denial that answers no statement quoted in the article "
                    f"(S{responses[0]}).",
                    (cites[responses[0]],),
                )
            )
            continue
        speaker = _the(name(by_statement[claim].speaker_id))
        clauses = []
        if deniers:
            clauses.append(
                "is denied by "
                + _series([f"{_the(name(by_statement[s].speaker_id))} (S{s})" for s in deniers])
            )
        if backers:
            clauses.append(
                "is backed by "
                + _series([f"{_the(name(by_statement[s].speaker_id))} (S{s})" for s in backers])
            )
        contested.sentences.append(
            NarrativeSentence(
                f"{_cap(_possessive(speaker))} statement S{claim} {' and '.join(clauses)}.",
                _unique([cites[claim]] + [cites[s] for s in responses]),
            )
        )

    # 4. timeline
    timeline = Section("Timeline")
    if statements.empty:
        timeline.sentences.append(NarrativeSentence("There is no statement to place in time."))
    dated: dict[str, list[int]] = defaultdict(list)
    for row in statements.itertuples():
        dated["" if _blank(row.date) else str(row.date)].append(int(row.statement_id))
    for date in sorted(d for d in dated if d) + ([""] if "" in dated else []):
        ids = dated[date]
        items = _series(
            [f"{_the(name(by_statement[i].speaker_id))} (S{i}, {by_statement[i].act})" for i in ids]
        )
        lead = f"On {date}" if date else "Without a date that can be resolved"
        timeline.sentences.append(
            NarrativeSentence(f"{lead}: {items}.", _unique(cites[i] for i in ids))
        )
    return [lineup, said, contested, timeline]


def _citation_html(c: Citation) -> str:
    return (
        f'<p {RTL}><span lang="ar">«{html.escape(c.text)}»</span> '
        f'<span dir="ltr" lang="en" style="color:#666">[{html.escape(c.label)}]</span></p>'
    )


def narrative_html(sections: list[Section]) -> str:
    """The narrative as an HTML fragment (inline styles only, everything escaped)."""
    out = ['<div class="mawaqif-narrative">']
    for section in sections:
        out.append(f"<h3>{html.escape(section.title)}</h3>")
        for sentence in section.sentences:
            out.append(f'<p dir="ltr" lang="en">{html.escape(sentence.text)}</p>')
            if sentence.citations:
                out.append(
                    '<blockquote style="margin:0 0 1em 0;border-right:3px solid #ccc;'
                    'border-left:none;padding-right:0.8em">'
                )
                out += [_citation_html(c) for c in sentence.citations]
                out.append("</blockquote>")
    out.append("</div>")
    return "\n".join(out)


def _md_escape(text: str) -> str:
    """Escape Markdown punctuation and HTML in article text for a Markdown file."""
    text = html.escape(text, quote=False)
    for ch in "\\`*_[]#|":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def narrative_markdown(
    sections: list[Section],
    *,
    title: str = "Report",
    figures: Iterable[tuple[str, str]] = (),
) -> str:
    """The narrative as Markdown; Arabic citations are right-to-left HTML blocks.

    ``figures`` are ``(caption, relative link)`` pairs shown after the title.
    """
    lines = [f"# {_md_escape(title)}", ""]
    for caption, link in figures:
        lines += [f"![{_md_escape(caption)}]({link})", ""]
    for section in sections:
        lines += [f"## {_md_escape(section.title)}", ""]
        for sentence in section.sentences:
            lines += [_md_escape(sentence.text), ""]
            for c in sentence.citations:
                lines += [
                    f"<p {RTL}>«{html.escape(' '.join(c.text.split()))}» "
                    f'<span dir="ltr">[{html.escape(c.label)}]</span></p>',
                    "",
                ]
    return "\n".join(lines).rstrip() + "\n"


def _joins(ch: str) -> bool:
    """An Arabic letter (which may join its neighbours)."""
    return "\u0620" <= ch <= "\u064a" or "\u066e" <= ch <= "\u06d3"


def _word_start(text: str, offset: int) -> int:
    """The start of the word that ``offset`` falls in (``offset`` itself at a word start).

    >>> _word_start("قال إنه وقال", 9)
    8
    >>> _word_start("قال إنه", 4)
    4
    """
    while offset > 0 and (text[offset - 1].isalpha() or "\u064b" <= text[offset - 1] <= "\u0652"):
        offset -= 1
    return offset


def article_html(
    text: str,
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    statements: pd.DataFrame,
    actors: pd.DataFrame,
) -> str:
    """The article, one right-to-left paragraph per paragraph, with highlights.

    Actor mentions are bold and underlined with a tooltip naming the actor;
    statement spans have a yellow background and start with a ``S<id>``
    marker. Segments never nest, so overlapping spans stay valid HTML.
    """
    names = _names(actors)
    spans_m = [
        (int(r.start), int(r.end), f"{names.get(str(r.actor_id), r.actor_id)} ({r.actor_id})")
        for r in mentions.itertuples()
    ]
    spans_s = [(int(r.start), int(r.end), int(r.statement_id)) for r in statements.itertuples()]
    # a statement's marker goes before the word it starts in (وقال: before و, not in the word)
    starts = defaultdict(list)
    for a, _, sid in spans_s:
        starts[_word_start(text, a)].append(sid)
    paragraphs: dict[int, list] = defaultdict(list)
    for row in sentences.sort_values("start").itertuples():
        paragraphs[int(row.paragraph_id)].append(row)
    out = []
    for pid in sorted(paragraphs):
        rows = paragraphs[pid]
        a, b = int(rows[0].start), int(rows[-1].end)
        role = str(rows[0].role)
        cuts = {a, b} | {x for x in starts if a <= x < b}
        for s, e, _ in spans_m + spans_s:
            if s < b and e > a:
                cuts.update({max(s, a), min(e, b)})
        cuts = sorted(cuts)
        parts = []
        for s, e in zip(cuts, cuts[1:], strict=False):
            piece = html.escape(text[s:e])
            # keep Arabic letters joined across a highlight boundary (ZWJ)
            if s > a and _joins(text[s - 1]) and _joins(text[s]):
                piece = "\u200d" + piece
            if e < b and _joins(text[e - 1]) and _joins(text[e]):
                piece += "\u200d"
            markers = (
                f'<sup dir="ltr" style="color:#8a6d00">'
                f"{','.join(f'S{sid}' for sid in sorted(starts[s]))}</sup>"
                if starts.get(s)
                else ""
            )
            mention = next((m for m in spans_m if m[0] <= s and e <= m[1]), None)
            statement = next((x for x in spans_s if x[0] <= s and e <= x[1]), None)
            style = []
            attrs = ""
            if statement is not None:
                style.append("background:#fff3bf")
                attrs = f' title="S{statement[2]}"'
            if mention is not None:
                style.append("font-weight:bold;border-bottom:2px solid #4e79a7")
                attrs = f' title="{html.escape(mention[2])}"'
            if style:
                piece = f'<span style="{";".join(style)}"{attrs}>{piece}</span>'
            parts.append(markers + piece)
        tag = "h4" if role == "title" else "p"
        out.append(f"<{tag} {RTL}>{''.join(parts)}</{tag}>")
    legend = (
        '<p dir="ltr" lang="en" style="color:#666">'
        '<span style="font-weight:bold;border-bottom:2px solid #4e79a7">actor mention</span> · '
        '<span style="background:#fff3bf">statement</span> · '
        "<sup>S1</sup> statement id</p>"
    )
    return "\n".join([legend, '<div lang="ar" dir="rtl">', *out, "</div>"])


def actor_overview(tables: Any) -> pd.DataFrame:
    """Actors with their statements and stances given and received, sorted by mentions."""
    actors = tables.actors
    statements, stances = tables.statements, tables.stances
    made = statements.groupby("speaker_id").size() if len(statements) else pd.Series(dtype=int)
    out = actors[["actor_id", "name_en", "name_ar", "actor_type", "mention_count"]].copy()
    out["mention_count"] = out["mention_count"].astype(int)
    out["statements"] = [int(made.get(a, 0)) for a in out["actor_id"]]
    for polarity in ("positive", "negative"):
        given = stances.loc[stances["polarity"] == polarity].groupby("source_id").size()
        got = stances.loc[stances["polarity"] == polarity].groupby("target_id").size()
        out[f"{polarity}_given"] = [int(given.get(a, 0)) for a in out["actor_id"]]
        out[f"{polarity}_received"] = [int(got.get(a, 0)) for a in out["actor_id"]]
    out = out.loc[out["mention_count"] > 0]
    return out.sort_values(["mention_count", "actor_id"], ascending=[False, True]).reset_index(
        drop=True
    )


class HTMLBlock:
    """A displayable HTML fragment with a short, stable plain-text form."""

    def __init__(self, html_text: str, summary: str) -> None:
        self.html = html_text
        self.summary = summary

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.summary


def _cell_html(value: Any) -> str:
    text = "" if _blank(value) else str(value)
    if ARABIC_LETTER.search(text):
        return f"<td {RTL}>{html.escape(text)}</td>"
    return f"<td>{html.escape(text)}</td>"


def table_block(frame: pd.DataFrame, *, max_rows: int = 200) -> HTMLBlock:
    """A DataFrame as an HTML table whose Arabic cells are right-to-left and right-aligned.

    pandas' own HTML has no per-cell direction, and Styler's CSS is stripped
    from untrusted notebooks, so the table is written with inline attributes.
    The plain-text form is the full ``to_string`` of the frame.
    """
    shown = frame.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    body = "".join(
        "<tr>" + "".join(_cell_html(v) for v in row) + "</tr>"
        for row in shown.itertuples(index=False, name=None)
    )
    more = (
        f'<p dir="ltr">{len(frame) - max_rows} more rows not shown</p>'
        if len(frame) > max_rows
        else ""
    )
    table = (
        '<table style="border-collapse:collapse" border="1" cellpadding="4">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"
    )
    with pd.option_context("display.max_rows", None, "display.max_columns", None,
                           "display.width", 200, "display.max_colwidth", 60):  # fmt: skip
        text = frame.to_string(index=False) if len(frame) else "(no rows)"
    return HTMLBlock(table, text)


def narrative_block(tables: Any) -> HTMLBlock:
    """The narrative, ready for display in a notebook."""
    sections = build_narrative(tables)
    n = sum(len(s.sentences) for s in sections)
    return HTMLBlock(
        narrative_html(sections), f"<narrative: {len(sections)} sections, {n} sentences>"
    )


def article_block(tables: Any) -> HTMLBlock:
    """The highlighted article, ready for display in a notebook."""
    body = article_html(
        tables.text, tables.sentences, tables.mentions, tables.statements, tables.actors
    )
    return HTMLBlock(body, f"<article: {len(tables.sentences)} sentences>")


FIGURE_CAPTIONS = (
    ("Actor prominence by type", "actor_prominence.png"),
    ("Stance balance per speaker", "stance_balance.png"),
    ("Stance network", "stance_network.png"),
    ("Statements by date", "timeline.png"),
    ("Claims and their denials", "claims.png"),
)


def write_markdown(
    tables: Any, output_dir: str | Path, *, figures_link: str = "", title: str = ""
) -> HTMLBlock:
    """Write ``report.md`` into ``output_dir`` and return the narrative for display.

    ``figures_link`` is the figures folder relative to ``output_dir``; when
    given, the report shows the PNG charts.
    """
    sections = build_narrative(tables)
    figures = (
        [(caption, f"{figures_link.rstrip('/')}/{file}") for caption, file in FIGURE_CAPTIONS]
        if figures_link
        else []
    )
    name = title or f"Who said what about whom: {getattr(tables, 'name', 'article')}"
    text = narrative_markdown(sections, title=name, figures=figures)
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.md").write_text(text, encoding="utf-8")
    n = sum(len(s.sentences) for s in sections)
    return HTMLBlock(
        narrative_html(sections), f"<narrative: {len(sections)} sections, {n} sentences>"
    )
