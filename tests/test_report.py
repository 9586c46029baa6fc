"""Tests for analysis.report on the hand-made article of test_network."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
from test_network import build_tables

from analysis import report

ARABIC = re.compile(r"[\u0600-\u06ff]")


class _RtlChecker(HTMLParser):
    """Collect Arabic text runs that are not inside a right-aligned RTL block."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rtl_block = a.get("dir") == "rtl" and "text-align:right" in (a.get("style") or "")
        self.stack.append(rtl_block or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        inside = bool(self.stack) and self.stack[-1]
        if ARABIC.search(data) and not inside:
            self.bad.append(data)


def _arabic_outside_rtl(fragment: str) -> list[str]:
    checker = _RtlChecker()
    checker.feed(fragment)
    return checker.bad


def test_build_narrative_cites_every_sentence_with_article_text():
    t = build_tables()
    sections = report.build_narrative(t)
    assert [s.title for s in sections] == [
        "The actors and how they line up",
        "Who said what about whom",
        "Contested claims and who denies them",
        "Timeline",
    ]
    for section in sections:
        for sentence in section.sentences:
            assert sentence.citations, sentence.text
            for c in sentence.citations:
                assert c.text and c.text in t.text
                if c.statement_id is not None:
                    assert f"S{c.statement_id}" in sentence.text or c.label == f"S{c.statement_id}"


def test_build_narrative_contested_claim_names_its_deniers():
    t = build_tables()
    contested = report.build_narrative(t)[2].sentences
    assert contested[0].text == (
        "The US military's statement S1 is denied by Russia (S2) and the Libyan National Army (S3)."
    )
    assert [c.label for c in contested[0].citations] == ["S1", "S2", "S3"]
    assert contested[0].citations[0].text == "روسيا تؤجج الصراع في ليبيا"


def test_build_narrative_statement_without_quote_cites_its_span():
    t = build_tables()
    said = report.build_narrative(t)[1].sentences
    russia = next(s for s in said if s.text.startswith("On 2020-05-30, Russia"))
    assert "answering S1" in russia.text
    assert russia.citations[0].text == "ونفت روسيا ذلك السبت."


def test_build_narrative_lineup_from_congruence_and_conflict():
    t = build_tables()
    lineup = [s.text for s in report.build_narrative(t)[0].sentences]
    assert "France is positive toward Khalifa Haftar." in lineup
    assert (
        "The Libyan National Army and Russia line up: they both deny claim S1 and both are "
        "negative toward the US military."
    ) in lineup
    narrator = report.build_narrative(t)[0].sentences[0]
    assert narrator.citations[0].statement_id is None
    assert narrator.citations[0].label == "sentence 6"


def test_build_narrative_timeline_orders_dates_then_undated():
    t = build_tables()
    timeline = [s.text for s in report.build_narrative(t)[3].sentences]
    assert timeline[0].startswith("On 2020-05-28: France")
    assert timeline[-1].startswith("Without a date")


def test_build_narrative_empty_tables():
    t = build_tables()
    t.statements = t.statements.iloc[0:0]
    t.stances = t.stances.iloc[0:0]
    sections = report.build_narrative(t)
    assert sections[1].sentences[0].text == "No attributed statement is found."


def test_narrative_html_is_escaped_and_arabic_is_rtl():
    t = build_tables()
    t.statements = t.statements.copy()
    t.statements.loc[0, "quote"] = "<script>alert(1)</script> روسيا تؤجج الصراع"
    fragment = report.narrative_html(report.build_narrative(t))
    assert "<script>" not in fragment and "&lt;script&gt;" in fragment
    assert _arabic_outside_rtl(fragment) == []


def test_article_html_highlights_mentions_and_statements():
    t = build_tables()
    t.text = t.text.replace("نهاية", "نهاية <b>")
    fragment = report.article_html(t.text, t.sentences, t.mentions, t.statements, t.actors)
    assert "<b>" not in fragment
    assert 'title="Khalifa Haftar (khalifa_haftar)"' in fragment
    assert fragment.count('<sup dir="ltr" style="color:#8a6d00">S') == 5
    # the clitic ل stays joined to حفتر across the highlight boundary
    assert "ل\u200d</span>" in fragment
    assert _arabic_outside_rtl(fragment) == []


def test_narrative_markdown_and_write_markdown(tmp_path):
    t = build_tables()
    block = report.write_markdown(t, tmp_path, figures_link="../../figures/x", title="Seed")
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# Seed\n")
    assert "![Stance network](../../figures/x/stance_network.png)" in text
    assert '<p dir="rtl" lang="ar" style="text-align:right">«روسيا تؤجج الصراع في ليبيا»' in text
    assert "## Contested claims and who denies them" in text
    assert repr(block).startswith("<narrative: 4 sections")
    assert "text-align:right" in block._repr_html_()


def test_actor_overview_counts_given_and_received():
    t = build_tables()
    table = report.actor_overview(t)
    assert table["actor_id"].iloc[0] == "rus"
    row = table.set_index("actor_id").loc["usa_military"]
    assert (row["statements"], row["negative_given"], row["negative_received"]) == (1, 1, 2)
    assert "tun" not in set(table["actor_id"])
    assert isinstance(table, pd.DataFrame)


def test_statement_citation_short_quote_cites_the_span():
    t = build_tables()
    row = t.statements.iloc[0].copy()
    row["quote"] = "ذلك"
    cite = report.statement_citation(row, t.sentences)
    assert cite.text.startswith("قال الجيش الأميركي")


def test_build_narrative_groups_take_plural_verbs():
    t = build_tables()
    t.actors = t.actors.copy()
    t.actors.loc[t.actors["actor_id"] == "rus", "actor_type"] = "people"
    said = [s.text for s in report.build_narrative(t)[1].sentences]
    assert "On 2020-05-30, Russia issue a denial" in said[1]
    lineup = [s.text for s in report.build_narrative(t)[0].sentences]
    assert "Russia are negative toward the US military." in lineup


def test_article_html_puts_statement_markers_before_the_word_and_together():
    text = "وقال الجيش إن الهجوم فشل."
    sentences = pd.DataFrame(
        [dict(sentence_id=1, paragraph_id=1, role="body", start=0, end=len(text), text=text)]
    )
    actors = pd.DataFrame(
        [dict(actor_id="army", name_en="Army", name_ar="الجيش", actor_type="military",
              country_code="", parent_id="", mention_count=1)]
    )  # fmt: skip
    mentions = pd.DataFrame(
        [dict(mention_id=1, actor_id="army", sentence_id=1, start=5, end=10, surface="الجيش",
              method="lexicon", confidence=1.0)]
    )  # fmt: skip
    # two statements start at قال, inside the word وقال (after the conjunction و)
    statements = pd.DataFrame(
        [dict(statement_id=i, sentence_id=1, start=1, end=len(text) - 1, speaker_id="army")
         for i in (2, 1)]
    )  # fmt: skip
    fragment = report.article_html(text, sentences, mentions, statements, actors)
    sups = re.findall(r"<sup[^>]*>([^<]*)</sup>", fragment.split('<div lang="ar"', 1)[1])
    assert sups == ["S1,S2"]  # one marker, ids in order
    body = re.sub(r"<[^>]+>", "", fragment.split("<div", 1)[1].split(">", 1)[1])
    body = body.replace("\u200d", "")
    assert body.strip().startswith("S1,S2وقال")  # before the whole word, not inside it
    assert not _arabic_outside_rtl(fragment)


def test_build_narrative_plural_and_institutional_names_read_as_english():
    t = build_tables()
    t.actors = t.actors.copy()
    t.actors.loc[t.actors["actor_id"] == "rus", "name_en"] = "Rapid Support Forces"
    t.actors.loc[t.actors["actor_id"] == "usa_military", "name_en"] = "State Department"
    said = [s.text for s in report.build_narrative(t)[1].sentences]
    assert said[0].startswith("On 2020-05-29, the State Department accuses the Rapid Support")
    assert "the Rapid Support Forces issue a denial" in said[1]  # plural head, plural verb
    assert report._the("Arab sources") == "Arab sources"  # a description, not a name
