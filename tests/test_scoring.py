"""Unit tests of tests/scoring.py on tiny synthetic gold files and frames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scoring import (
    GoldActor,
    GoldMention,
    GoldStance,
    GoldStatement,
    GoldStatements,
    find_occurrence,
    fold_arabic,
    gold_problems,
    load_gold_actors,
    load_gold_statements,
    match_actor_ids,
    score_actors,
    score_statements,
)

# "Tunisia said that Libya denied it. Libya denied. Tunisia"
TEXT = "قالت تونس إن ليبيا نفت ذلك. ونفت ليبيا. تونس"


def _span(surface: str, occurrence: int = 1) -> tuple[int, int]:
    return find_occurrence(TEXT, surface, occurrence)


def _actor(key: str, spans: list[tuple[int, int]], *, core: bool = True, **kw) -> GoldActor:
    return GoldActor(
        key=key,
        also_ids=tuple(kw.get("also_ids", ())),
        name_ar=kw.get("name_ar", key),
        also_names_ar=tuple(kw.get("also_names_ar", ())),
        name_en=key,
        actor_type="state",
        core=core,
        mentions=tuple(GoldMention(key, s, e, TEXT[s:e]) for s, e in spans),
    )


def _gold_actors() -> list[GoldActor]:
    return [
        _actor("tun", [_span("تونس", 1), _span("تونس", 2)], name_ar="تونس"),
        _actor("lby", [_span("ليبيا", 1), _span("ليبيا", 2)], name_ar="ليبيا", also_ids=["libya"]),
        _actor("twitter", [], core=False, name_ar="تويتر"),
    ]


def _mentions(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    records = []
    for i, (actor_id, surface, occurrence) in enumerate(rows, start=1):
        start, end = _span(surface, occurrence)
        records.append(
            {"mention_id": i, "actor_id": actor_id, "start": start, "end": end, "surface": surface}
        )
    return pd.DataFrame(records, columns=["mention_id", "actor_id", "start", "end", "surface"])


def _actors(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["actor_id", "name_ar"])


def _gold_statements() -> GoldStatements:
    said, denied, denied2 = _span("قالت"), _span("نفت", 1), _span("نفت", 2)
    statements = (
        GoldStatement("s1", *said, "قالت", "tun", "claim", ("lby",), "2020-05-29", None),
        GoldStatement("s2", *denied, "نفت", "lby", "deny", (), "", None),
        GoldStatement("s3", *denied2, "نفت", "lby", "deny", (), "", "s1"),
    )
    stances = (GoldStance("lby", "tun", "negative", "s3"),)
    return GoldStatements("2020-05-30", statements, stances)


def _statements(rows: list[dict]) -> pd.DataFrame:
    columns = ["statement_id", "start", "end", "speaker_id", "act", "target_ids", "date"]
    columns.append("responds_to")
    return pd.DataFrame(rows, columns=columns)


def _row(sid: int, anchor: tuple[int, int], speaker: str, act: str, **kw) -> dict:
    return {
        "statement_id": sid,
        "start": anchor[0],
        "end": kw.get("end", anchor[1]),
        "speaker_id": speaker,
        "act": act,
        "target_ids": kw.get("target_ids", ""),
        "date": kw.get("date", ""),
        "responds_to": kw.get("responds_to", ""),
    }


# ------------------------------------------------------------------ helpers


def test_fold_arabic_normalises_hamza_alef_maqsura_ta_marbuta_and_marks():
    assert fold_arabic("الأمم المتّحدة") == "الامم المتحده"
    assert fold_arabic("إلى  مستشفى") == "الي مستشفي"
    assert fold_arabic("آمـــن") == "امن"


def test_find_occurrence_counts_overlapping_matches():
    assert find_occurrence("aaa", "aa", 2) == (1, 3)
    start, end = find_occurrence(TEXT, "تونس", 2)
    assert TEXT[start:end] == "تونس" and start > TEXT.index("تونس")


def test_find_occurrence_raises_when_missing():
    with pytest.raises(ValueError, match="not found"):
        find_occurrence(TEXT, "تونس", 3)
    with pytest.raises(ValueError):
        find_occurrence(TEXT, "تونس", 0)


# ------------------------------------------------------------------ loading


def test_load_gold_actors_resolves_offsets(tmp_path: Path):
    path = tmp_path / "actors.yaml"
    path.write_text(
        "actors:\n"
        "  - key: lby\n    also_ids: [libya]\n    name_ar: ليبيا\n    name_en: Libya\n"
        "    actor_type: state\n    core: true\n"
        "    mentions:\n      - {surface: ليبيا, occurrence: 2}\n",
        encoding="utf-8",
    )
    (actor,) = load_gold_actors(path, TEXT)
    mention = actor.mentions[0]
    assert (mention.start, mention.end) == _span("ليبيا", 2)
    assert actor.also_ids == ("libya",) and actor.core is True


def test_load_gold_actors_raises_on_unknown_surface(tmp_path: Path):
    path = tmp_path / "actors.yaml"
    path.write_text(
        "actors:\n  - {key: x, name_ar: x, actor_type: state, core: true,"
        " mentions: [{surface: مصر, occurrence: 1}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="not found"):
        load_gold_actors(path, TEXT)


def test_load_gold_statements_resolves_anchor_and_date(tmp_path: Path):
    path = tmp_path / "statements.yaml"
    path.write_text(
        "article_date: 2020-05-30\n"
        "statements:\n"
        "  - {key: s1, anchor: {surface: نفت, occurrence: 2}, speaker: lby, act: deny,"
        " targets: [], date: 2020-05-29, responds_to: null}\n"
        "stances:\n  - {source: lby, target: tun, polarity: negative, statement: s1}\n",
        encoding="utf-8",
    )
    gold = load_gold_statements(path, TEXT)
    (st,) = gold.statements
    assert (st.start, st.end) == _span("نفت", 2)
    assert st.date == "2020-05-29" and gold.article_date == "2020-05-30"
    assert gold.stances[0].statement == "s1"


def test_gold_problems_reports_bad_references():
    actors = _gold_actors() + [_actor("lby", [])]
    gold = GoldStatements(
        "",
        (GoldStatement("s1", 0, 4, "قالت", "egy", "say", ("xx",), "30/5", "s9"),),
        (GoldStance("tun", "egy", "hostile", "s7"),),
    )
    problems = " | ".join(gold_problems(actors, gold))
    for needle in (
        "duplicate actor key lby",
        "unknown speaker egy",
        "act say",
        "unknown target xx",
        "unknown statement s9",
        "malformed date",
        "polarity hostile",
        "unknown statement s7",
    ):
        assert needle in problems


def test_gold_problems_empty_for_sound_gold():
    assert gold_problems(_gold_actors(), _gold_statements()) == []


# ------------------------------------------------------------------ actors


def test_match_actor_ids_by_key_alias_and_folded_name():
    gold = [_actor("un", [], name_ar="الأمم المتحدة"), _actor("lby", [], also_ids=["libya"])]
    frame = _actors([("un", ""), ("libya", ""), ("org_x", "الامم المتّحده"), ("egy", "مصر")])
    assert match_actor_ids(gold, frame) == {"un": "un", "libya": "lby", "org_x": "un"}


def test_score_actors_perfect_output():
    frame = _actors([("tun", "تونس"), ("lby", "ليبيا")])
    mentions = _mentions([("tun", "تونس", 1), ("lby", "ليبيا", 1), ("lby", "ليبيا", 2)])
    mentions = pd.concat([mentions, _mentions([("tun", "تونس", 2)])], ignore_index=True)
    scores = score_actors(_gold_actors(), frame, mentions)
    assert scores["actor_recall"] == 1.0
    assert scores["actor_precision"] == 1.0
    assert scores["mention_recall"] == 1.0
    assert scores["mention_precision"] == 1.0


def test_score_actors_counts_misses_and_spurious():
    # lby found under an alias, tun missed; egy is not in the gold;
    # a tun-labelled mention on ليبيا is wrong (overlap but wrong actor).
    frame = _actors([("libya", ""), ("egy", "مصر"), ("tun", "تونس")])
    mentions = _mentions([("libya", "ليبيا", 1), ("egy", "ذلك", 1), ("tun", "ليبيا", 2)])
    scores = score_actors(_gold_actors(), frame, mentions)
    assert scores["actor_recall"] == 1.0  # tun has a (wrong) mention, still listed
    assert scores["actor_precision"] == pytest.approx(2 / 3)
    assert scores["mention_recall"] == pytest.approx(1 / 4)
    assert scores["mention_precision"] == pytest.approx(1 / 3)
    assert scores["unmatched_actors"] == ["egy"]
    assert ("lby", "ليبيا", _span("ليبيا", 2)[0]) in scores["missed_mentions"]


def test_score_actors_requires_a_mention_for_recall():
    frame = _actors([("tun", "تونس"), ("lby", "ليبيا")])
    mentions = _mentions([("lby", "ليبيا", 1)])
    scores = score_actors(_gold_actors(), frame, mentions)
    assert scores["actor_recall"] == 0.5
    assert scores["missed_core"] == ["tun"]


def test_score_actors_partial_overlap_counts_and_peripheral_is_optional():
    # mention spanning "قالت تونس" overlaps the gold تونس; twitter (peripheral)
    # is never required.
    start, _ = _span("قالت")
    _, end = _span("تونس")
    mentions = pd.DataFrame(
        [{"mention_id": 1, "actor_id": "tun", "start": start, "end": end, "surface": "x"}]
    )
    scores = score_actors(_gold_actors(), _actors([("tun", "تونس")]), mentions)
    assert scores["mention_precision"] == 1.0
    assert "twitter" not in scores["missed_core"]


def test_score_actors_empty_output_scores_zero():
    empty = _mentions([])
    scores = score_actors(_gold_actors(), _actors([]), empty)
    assert scores["actor_recall"] == 0.0
    assert scores["actor_precision"] == 0.0
    assert scores["mention_recall"] == 0.0


# ---------------------------------------------------------------- statements

AMAP = {"tun": "tun", "lby": "lby", "libya": "lby"}


def _stances(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source_id", "target_id", "polarity"])


def test_score_statements_perfect_output():
    gold = _gold_statements()
    said, denied, denied2 = _span("قالت"), _span("نفت", 1), _span("نفت", 2)
    frame = _statements(
        [
            _row(1, said, "tun", "claim", end=denied[1] + 5, target_ids="libya", date="2020-05-29"),
            _row(2, denied, "libya", "deny"),
            _row(3, denied2, "lby", "deny", responds_to=1),
        ]
    )
    scores = score_statements(gold, frame, _stances([("libya", "tun", "negative")]), AMAP)
    assert scores["speaker_recall"] == 1.0
    assert scores["act_accuracy"] == 1.0
    assert scores["date_accuracy"] == 1.0
    assert scores["responds_to_accuracy"] == 1.0
    assert scores["target_recall"] == 1.0 and scores["target_precision"] == 1.0
    assert scores["stance_recall"] == 1.0 and scores["stance_precision"] == 1.0
    assert scores["invented"] == 0


def test_score_statements_wrong_speaker_is_not_found():
    gold = _gold_statements()
    frame = _statements([_row(1, _span("قالت"), "lby", "claim")])
    scores = score_statements(gold, frame, None, AMAP)
    assert scores["speaker_recall"] == 0.0
    assert scores["anchor_recall"] == pytest.approx(1 / 3)
    assert scores["missed_statements"] == ["s1", "s2", "s3"]


def test_score_statements_counts_wrong_acts_invented_and_responds_to():
    gold = _gold_statements()
    denied, denied2 = _span("نفت", 1), _span("نفت", 2)
    tail = _span("تونس", 2)
    frame = _statements(
        [
            _row(1, denied, "lby", "claim"),  # right speaker, wrong act
            _row(2, denied2, "lby", "deny", responds_to=""),  # responds_to missing
            _row(3, tail, "tun", "claim"),  # invented: no gold anchor there
        ]
    )
    scores = score_statements(gold, frame, _stances([]), AMAP)
    assert scores["speaker_recall"] == pytest.approx(2 / 3)
    assert scores["act_accuracy"] == 0.5
    assert scores["invented"] == 1 and scores["invented_ids"] == ["3"]
    assert scores["responds_to_accuracy"] == 0.0
    assert scores["wrong_responds_to"] == [("s3", "s1", None)]


def test_score_statements_one_program_row_matches_one_gold_statement():
    # Two gold statements with the same speaker: a single wide program
    # statement covering both anchors finds only one of them.
    gold = _gold_statements()
    start = _span("نفت", 1)[0]
    frame = _statements([_row(1, (start, len(TEXT)), "lby", "deny")])
    scores = score_statements(gold, frame, None, AMAP)
    assert scores["n_matched"] == 1
    assert scores["speaker_recall"] == pytest.approx(1 / 3)


def test_score_statements_stance_precision_penalises_wrong_polarity():
    gold = _gold_statements()
    stances = _stances(
        [("lby", "tun", "positive"), ("lby", "tun", "negative"), ("x", "y", "neutral")]
    )
    scores = score_statements(gold, _statements([]), stances, AMAP)
    assert scores["stance_recall"] == 1.0
    assert scores["stance_precision"] == pytest.approx(1 / 3)
    assert scores["speaker_recall"] == 0.0


def test_score_statements_requires_columns():
    with pytest.raises(ValueError, match="lacks columns"):
        score_statements(_gold_statements(), pd.DataFrame({"start": [1]}), None, AMAP)
