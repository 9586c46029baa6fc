"""Tests for analysis.windows: time windows, dedup and summaries over corpus tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import windows
from analysis.errors import MawaqifError

QUOTE = "إن روسيا تؤجج الصراع في ليبيا"


def _statement(article_id, statement_id, speaker, act, quote, target, date="", end=10):
    return {
        "article_id": article_id,
        "statement_id": statement_id,
        "sentence_id": 1,
        "start": 0,
        "end": end,
        "speaker_id": speaker,
        "verb": "قال",
        "act": act,
        "plover_type": "",
        "quote": quote,
        "quote_kind": "direct" if quote else "none",
        "target_ids": target,
        "date": date,
        "responds_to": pd.NA,
        "confidence": 0.9,
    }


def _stance(article_id, stance_id, statement_id, source, target, polarity):
    return {
        "article_id": article_id,
        "stance_id": stance_id,
        "statement_id": statement_id,
        "source_id": source,
        "target_id": target,
        "polarity": polarity,
        "sentence_id": 1,
        "start": 0,
        "end": 10,
        "basis": "",
    }


def _actor(article_id, actor_id, country="", count=1, name=""):
    return {
        "article_id": article_id,
        "actor_id": actor_id,
        "name_en": name or actor_id,
        "name_ar": "",
        "actor_type": "state" if actor_id == country else "ministry",
        "country_code": country,
        "parent_id": "",
        "mention_count": count,
    }


@pytest.fixture
def tables() -> dict[str, pd.DataFrame]:
    """Four articles: the same US quote in two June outlets, one July, one undated."""
    statements = pd.DataFrame(
        [
            _statement("a1", 1, "usa_foreign_ministry", "accuse", "«" + QUOTE + "»", "rus"),
            _statement(
                "a2", 1, "usa_foreign_ministry", "accuse", "إنّ روسيا تؤجِّج الصراع في ليبيا.", "rus"
            ),
            _statement("a2", 2, "rus", "deny", "", "usa", date="2020-06-30", end=13),
            _statement("a3", 1, "usa_foreign_ministry", "accuse", QUOTE, "rus"),
            _statement("a4", 1, "fra", "condemn", "تركيا تلعب لعبة خطيرة", "tur"),
        ]
    )
    stances = pd.DataFrame(
        [
            _stance("a1", 1, 1, "usa_foreign_ministry", "rus", "negative"),
            _stance("a1", 2, pd.NA, "tur", "usa", "positive"),
            _stance("a2", 1, 1, "usa_foreign_ministry", "rus", "negative"),
            _stance("a2", 2, 2, "rus", "usa", "negative"),
            _stance("a3", 1, 1, "usa_foreign_ministry", "rus", "negative"),
            _stance("a4", 1, 1, "fra", "tur", "negative"),
        ]
    )
    stances["statement_id"] = stances["statement_id"].astype("Int64")
    status = pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4"],
            "date": ["2020-06-03", "2020-06-04", "2020-07-15", ""],
            "source": ["outlet_a", "outlet_b", "outlet_a", "outlet_b"],
        }
    )
    actors = pd.DataFrame(
        [
            _actor("a1", "rus", "RUS", 2),
            _actor("a1", "usa_foreign_ministry", "USA", 1),
            _actor("a2", "rus", "RUS", 3),
            _actor("a2", "usa_foreign_ministry", "USA", 1),
            _actor("a3", "rus", "RUS", 1),
            _actor("a4", "fra", "FRA", 1),
            _actor("a4", "tur", "TUR", 2),
            _actor("a1", "tur", "TUR", 1),
            _actor("a1", "usa", "USA", 0),
        ]
    )
    sentences = pd.DataFrame(
        {
            "article_id": ["a2"],
            "sentence_id": [1],
            "paragraph_id": [1],
            "role": ["body"],
            "start": [0],
            "end": [18],
            "text": ["نفت موسكو ذلك بشدة"],
        }
    )
    return {
        "statements": statements,
        "stances": stances,
        "status": status,
        "actors": actors,
        "sentences": sentences,
    }


def test_calendar_windows_month_labels_and_bounds():
    out = windows.calendar_windows("2020-05-30", "2020-07-02", freq="month")
    assert out["window"].tolist() == ["2020-05", "2020-06", "2020-07"]
    assert out["window_start"].iloc[1] == pd.Timestamp("2020-06-01")
    assert out["window_end"].iloc[1] == pd.Timestamp("2020-07-01")


def test_calendar_windows_week_starts_monday():
    out = windows.calendar_windows("2020-06-03", "2020-06-10", freq="week")
    assert out["window_start"].tolist() == [pd.Timestamp("2020-06-01"), pd.Timestamp("2020-06-08")]
    assert out["window"].tolist() == ["2020-W23", "2020-W24"]


def test_calendar_windows_unknown_freq_raises():
    with pytest.raises(MawaqifError, match="unknown window"):
        windows.calendar_windows("2020-01-01", "2020-02-01", freq="fortnight")


def test_moving_windows_overlap_by_step():
    out = windows.moving_windows("2020-06-01", "2020-06-20", size="14D", step="7D")
    assert out["window_start"].tolist() == list(
        pd.to_datetime(["2020-06-01", "2020-06-08", "2020-06-15"])
    )
    assert (out["window_end"] - out["window_start"]).eq(pd.Timedelta("14D")).all()


def test_moving_windows_non_positive_step_raises():
    with pytest.raises(MawaqifError, match="positive"):
        windows.moving_windows("2020-06-01", "2020-06-20", size="14D", step="0D")


def test_normalise_text_folds_diacritics_and_punctuation():
    assert windows.normalise_text("«إنّ روسيا تؤجِّج»،") == windows.normalise_text("ان روسيا تؤجج")
    assert windows.normalise_text(None) == ""


def test_statement_keys_same_quote_across_articles(tables):
    keys = windows.statement_keys(tables["statements"], tables["sentences"])
    assert keys.iloc[0] == keys.iloc[1] == keys.iloc[3]
    assert keys.iloc[0] != keys.iloc[4]


def test_statement_keys_without_quote_use_sentence_span(tables):
    keys = windows.statement_keys(tables["statements"], tables["sentences"])
    assert keys.iloc[2] == "rus|deny|نفت موسكو ذلك"


def test_stance_events_dates_from_statement_then_article(tables):
    events = windows.stance_events(tables).set_index(["article_id", "stance_id"])
    assert events.loc[("a2", 2), "date"] == pd.Timestamp("2020-06-30")
    assert events.loc[("a2", 2), "date_basis"] == "statement"
    assert events.loc[("a1", 1), "date"] == pd.Timestamp("2020-06-03")
    assert events.loc[("a1", 1), "date_basis"] == "article"
    assert pd.isna(events.loc[("a4", 1), "date"])
    assert events.loc[("a1", 2), "statement_key"] == ""


def test_stance_summary_month_counts_each_report(tables):
    out = windows.stance_summary(tables, freq="month")
    june = out[(out["window"] == "2020-06") & (out["source_id"] == "usa_foreign_ministry")]
    assert june[["stances", "negative", "articles", "outlets"]].iloc[0].tolist() == [2, 2, 2, 2]
    assert set(out["window"]) == {"2020-06", "2020-07"}


def test_stance_summary_dedup_counts_once_per_window(tables):
    out = windows.stance_summary(tables, freq="month", dedup=True)
    pair = out[out["source_id"] == "usa_foreign_ministry"].set_index("window")
    assert pair.loc["2020-06", "stances"] == 1
    assert pair.loc["2020-07", "stances"] == 1


def test_stance_summary_dedup_keeps_narrator_stances(tables):
    extra = dict(tables)
    extra["stances"] = pd.concat(
        [tables["stances"], pd.DataFrame([_stance("a2", 3, pd.NA, "tur", "usa", "positive")])],
        ignore_index=True,
    )
    out = windows.stance_summary(extra, freq="month", dedup=True)
    row = out[(out["source_id"] == "tur") & (out["target_id"] == "usa")]
    assert row["stances"].tolist() == [2]


def test_stance_summary_corpus_wide_includes_undated(tables):
    out = windows.stance_summary(tables, freq=None)
    assert set(out["window"]) == {"all"}
    assert ("fra", "tur") in set(zip(out["source_id"], out["target_id"], strict=True))
    assert out.loc[out["source_id"] == "usa_foreign_ministry", "stances"].tolist() == [3]


def test_stance_summary_net_and_acts(tables):
    out = windows.stance_summary(tables, freq=None)
    row = out[out["source_id"] == "usa_foreign_ministry"].iloc[0]
    assert row["net"] == -1.0
    assert row["acts"] == "accuse:3"
    assert row["statements"] == 3


def test_stance_summary_country_level_rolls_up(tables):
    out = windows.stance_summary(tables, freq=None, level="country")
    assert ("usa", "rus") in set(zip(out["source_id"], out["target_id"], strict=True))
    assert "usa_foreign_ministry" not in set(out["source_id"])


def test_stance_summary_moving_window_counts_event_in_each_overlap(tables):
    out = windows.stance_summary(tables, size="30D", step="15D")
    deny = out[out["source_id"] == "rus"]
    starts = deny["window_start"].tolist()
    assert len(starts) == 2
    assert all(
        s <= pd.Timestamp("2020-06-30") < e for s, e in zip(starts, deny["window_end"], strict=True)
    )


def test_pair_trajectory_fills_empty_windows(tables):
    out = windows.pair_trajectory(tables, "rus", "usa", freq="month")
    assert out["window"].tolist() == ["2020-06", "2020-07"]
    assert out["stances"].tolist() == [1, 0]
    assert pd.isna(out["net"].iloc[1])
    assert out["acts"].tolist() == ["deny:1", ""]


def test_top_actors_ranks_by_articles_then_mentions(tables):
    out = windows.top_actors(tables, n=3)
    assert out["actor_id"].tolist() == ["rus", "tur", "usa_foreign_ministry"]
    assert out.loc[0, "mentions"] == 6
    assert "usa" not in set(windows.top_actors(tables, n=None)["actor_id"])


def test_window_networks_one_graph_per_window(tables):
    graphs = windows.window_networks(tables, freq="month")
    assert sorted(graphs) == ["2020-06", "2020-07"]
    june = graphs["2020-06"]
    assert june["usa_foreign_ministry"]["rus"]["weight"] == 2
    assert june["usa_foreign_ministry"]["rus"]["sign"] == -1
    edges = windows.network_table(graphs)
    assert edges[edges["window"] == "2020-07"][["source", "target"]].values.tolist() == [
        ["usa_foreign_ministry", "rus"]
    ]


def test_window_networks_dedup_reduces_weight(tables):
    graphs = windows.window_networks(tables, freq="month", dedup=True)
    assert graphs["2020-06"]["usa_foreign_ministry"]["rus"]["weight"] == 1


def test_stance_summary_unknown_level_raises(tables):
    with pytest.raises(MawaqifError, match="level"):
        windows.stance_summary(tables, level="region")


def test_stance_summary_does_not_mutate_inputs(tables):
    before = {name: frame.copy() for name, frame in tables.items()}
    windows.stance_summary(tables, freq="week", dedup=True, level="country")
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_roll_up_drops_country_speaking_about_itself(tables):
    extra = dict(tables)
    extra["stances"] = pd.concat(
        [
            tables["stances"],
            pd.DataFrame([_stance("a1", 3, 1, "usa_foreign_ministry", "usa", "positive")]),
        ],
        ignore_index=True,
    )
    out = windows.stance_summary(extra, freq=None, level="country")
    pairs = set(zip(out["source_id"], out["target_id"], strict=True))
    assert ("usa", "usa") not in pairs and ("usa", "rus") in pairs
