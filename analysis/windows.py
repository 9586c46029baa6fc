"""Stances and networks over a corpus and over time windows.

The corpus tables (:func:`analysis.corpus.read_corpus`) carry an
``article_id`` on every row. This module turns them into one row per stance
with its date (:func:`stance_events`), cuts time into windows — calendar weeks
or months, or a moving window of fixed size shifted by a fixed step, as in the
Discourse Network Analyzer's time-window networks — and aggregates per window
and actor pair (:func:`stance_summary`, :func:`pair_trajectory`,
:func:`window_networks`).

A statement reported by several outlets appears once per article. With
``dedup=True`` it counts once per window: statements are keyed by speaker,
act and normalised quote (or, without a quote, the normalised text of the
statement span), and a stance is dropped when the same (statement key,
target, polarity) was already counted in that window.

All windows are half-open ``[window_start, window_end)``. A stance is dated by
its statement's ``date`` when the parser resolved one, else by its article's
date; stances with neither are left out of windowed views (they still count
in corpus-wide ones, ``freq=None``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import MawaqifError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

FREQS = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
"""Calendar windows: weeks run Monday to Sunday."""

EVENT_COLUMNS = [
    "article_id",
    "stance_id",
    "statement_id",
    "source_id",
    "target_id",
    "polarity",
    "act",
    "date",
    "date_basis",
    "outlet",
    "statement_key",
]
SUMMARY_COLUMNS = [
    "window",
    "window_start",
    "window_end",
    "source_id",
    "target_id",
    "stances",
    "positive",
    "negative",
    "neutral",
    "net",
    "statements",
    "articles",
    "outlets",
    "acts",
]

_NOT_WORD = re.compile(r"[^\w]+")


def normalise_text(text: Any) -> str:
    """Fold Arabic spelling variants, drop punctuation and collapse spaces.

    >>> normalise_text("«إنّ روسيا تؤجج الصراعَ»")
    'ان روسيا تؤجج الصراع'
    """
    from .text import fold_term

    if text is None or (isinstance(text, float) and text != text) or text is pd.NA:
        return ""
    return " ".join(_NOT_WORD.sub(" ", fold_term(str(text))).split())


def statement_keys(statements: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.Series:
    """A key per statement that is equal for the same statement in two articles.

    The key is ``speaker_id|act|content`` where content is the normalised
    quote or, for statements without a quote, the normalised text of the
    statement span taken from ``sentences`` (then ``verb`` and targets when no
    sentence text is available).

    Parameters
    ----------
    statements
        Corpus ``statements`` (with ``article_id``).
    sentences
        Corpus ``sentences``, used for statements without a quote.

    Returns
    -------
    pandas.Series
        Index aligned with ``statements``.
    """
    quotes = statements["quote"].map(normalise_text)
    content = quotes.copy()
    missing = content == ""
    if missing.any() and sentences is not None and len(sentences):
        spans = statements.loc[missing, ["article_id", "sentence_id", "start", "end"]]
        text = sentences[["article_id", "sentence_id", "start", "text"]].rename(
            columns={"start": "sentence_start"}
        )
        joined = spans.reset_index().merge(text, on=["article_id", "sentence_id"], how="left")
        span_text = [
            normalise_text(
                row.text[
                    int(row.start) - int(row.sentence_start) : int(row.end)
                    - int(row.sentence_start)
                ]
            )
            if isinstance(row.text, str)
            else ""
            for row in joined.itertuples()
        ]
        content.loc[joined["index"].to_numpy()] = span_text
    missing = content == ""
    if missing.any():
        fallback = (
            statements["verb"].map(normalise_text) + " " + statements["target_ids"].astype(str)
        )
        content[missing] = fallback[missing]
    return (
        statements["speaker_id"].astype(str) + "|" + statements["act"].astype(str) + "|" + content
    )


def stance_events(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per stance of the corpus, with its act, date, outlet and statement key.

    Parameters
    ----------
    tables
        Corpus tables with at least ``stances``, ``statements`` and
        ``status`` (``sentences`` is used for statement keys when present).

    Returns
    -------
    pandas.DataFrame
        :data:`EVENT_COLUMNS`; ``date`` is a Timestamp or NaT, ``date_basis``
        ``statement``, ``article`` or empty. Sorted by date, article, stance.
    """
    stances = tables["stances"]
    statements = tables["statements"]
    status = tables["status"]
    keyed = statements[["article_id", "statement_id", "act", "date"]].copy()
    keyed["statement_key"] = statement_keys(statements, tables.get("sentences"))
    keyed = keyed.rename(columns={"date": "statement_date"})
    events = stances[
        ["article_id", "stance_id", "statement_id", "source_id", "target_id", "polarity"]
    ].merge(keyed, on=["article_id", "statement_id"], how="left")
    articles = status[["article_id", "date", "source"]].rename(
        columns={"date": "article_date", "source": "outlet"}
    )
    events = events.merge(articles, on="article_id", how="left")
    statement_date = pd.to_datetime(events["statement_date"].replace("", None), errors="coerce")
    article_date = pd.to_datetime(events["article_date"].replace("", None), errors="coerce")
    events["date"] = statement_date.fillna(article_date)
    events["date_basis"] = ""
    events.loc[article_date.notna(), "date_basis"] = "article"
    events.loc[statement_date.notna(), "date_basis"] = "statement"
    events["act"] = events["act"].fillna("")
    events["outlet"] = events["outlet"].fillna("")
    narrator = events["statement_key"].isna()
    events.loc[narrator, "statement_key"] = ""
    events = events[EVENT_COLUMNS].sort_values(["date", "article_id", "stance_id"], kind="stable")
    return events.reset_index(drop=True)


# --------------------------------------------------------------------------- windows


def calendar_windows(start: Any, end: Any, *, freq: str = "month") -> pd.DataFrame:
    """Consecutive calendar windows covering ``start`` .. ``end`` (inclusive).

    >>> calendar_windows("2020-05-30", "2020-07-02", freq="month")["window"].tolist()
    ['2020-05', '2020-06', '2020-07']
    """
    if freq not in FREQS:
        raise MawaqifError(f"unknown window {freq!r}: use one of {', '.join(FREQS)}")
    periods = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq=FREQS[freq])
    starts = periods.start_time.normalize()
    ends = (periods + 1).start_time.normalize()
    if freq == "month":
        labels = [f"{p.year:04d}-{p.month:02d}" for p in periods]
    elif freq == "year":
        labels = [f"{p.year:04d}" for p in periods]
    elif freq == "quarter":
        labels = [f"{p.year:04d}-Q{p.quarter}" for p in periods]
    else:
        labels = [f"{s:%G-W%V}" for s in starts]
    return pd.DataFrame({"window": labels, "window_start": starts, "window_end": ends})


def moving_windows(start: Any, end: Any, *, size: str = "30D", step: str = "7D") -> pd.DataFrame:
    """Windows of length ``size`` starting at ``start`` and moved by ``step``.

    Like the Discourse Network Analyzer's time-window networks: windows
    overlap when ``step < size``, and the last one starts on or before
    ``end``.

    >>> moving_windows("2020-06-01", "2020-06-20", size="14D", step="7D")["window"].tolist()
    ['2020-06-01..2020-06-14', '2020-06-08..2020-06-21', '2020-06-15..2020-06-28']
    """
    size_delta, step_delta = pd.Timedelta(size), pd.Timedelta(step)
    if size_delta <= pd.Timedelta(0) or step_delta <= pd.Timedelta(0):
        raise MawaqifError("window size and step must be positive")
    starts = pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end), freq=step_delta)
    ends = starts + size_delta
    last = ends - pd.Timedelta(days=1)
    labels = [f"{s:%Y-%m-%d}..{e:%Y-%m-%d}" for s, e in zip(starts, last, strict=True)]
    return pd.DataFrame({"window": labels, "window_start": starts, "window_end": ends})


def make_windows(
    dates: pd.Series,
    *,
    freq: str | None = "month",
    size: str | None = None,
    step: str | None = None,
) -> pd.DataFrame:
    """Windows spanning the dated rows: calendar (``freq``), moving (``size``) or one."""
    known = pd.to_datetime(dates).dropna()
    if known.empty:
        return pd.DataFrame(
            {
                "window": pd.Series(dtype=str),
                "window_start": pd.Series(dtype="datetime64[ns]"),
                "window_end": pd.Series(dtype="datetime64[ns]"),
            }
        )
    if size is not None:
        return moving_windows(known.min(), known.max(), size=size, step=step or size)
    if freq is None:
        return pd.DataFrame(
            {"window": ["all"], "window_start": [pd.NaT], "window_end": [pd.NaT]}
        ).astype({"window_start": "datetime64[ns]", "window_end": "datetime64[ns]"})
    return calendar_windows(known.min(), known.max(), freq=freq)


def assign_windows(events: pd.DataFrame, windows: pd.DataFrame) -> pd.DataFrame:
    """Repeat each event once per window containing its date.

    A window with NaT bounds (``freq=None``) takes every event, dated or not.
    Returns the events with ``window``, ``window_start``, ``window_end`` in
    front, in window order then event order.
    """
    pieces = []
    dates = pd.to_datetime(events["date"])
    for window in windows.itertuples(index=False):
        if pd.isna(window.window_start):
            mask = pd.Series(True, index=events.index)
        else:
            mask = (dates >= window.window_start) & (dates < window.window_end)
        part = events[mask.to_numpy()].copy()
        part.insert(0, "window_end", window.window_end)
        part.insert(0, "window_start", window.window_start)
        part.insert(0, "window", window.window)
        pieces.append(part)
    if not pieces:
        empty = events.iloc[0:0].copy()
        for column in ("window_end", "window_start", "window"):
            empty.insert(0, column, pd.Series(dtype=object))
        return empty
    return pd.concat(pieces, ignore_index=True)


def dedup_stances(windowed: pd.DataFrame) -> pd.DataFrame:
    """Keep the first of the stances sharing (window, statement key, target, polarity).

    Narrator stances (no statement) are kept: each outlet states its own.
    """
    reported = windowed["statement_key"] != ""
    duplicate = windowed.duplicated(["window", "statement_key", "target_id", "polarity"])
    return windowed[~(reported & duplicate)].reset_index(drop=True)


def roll_up(events: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Replace source and target by their country (``country_code``) when they have one.

    Stances that become a country speaking about itself (a ministry about its
    own army) are dropped.
    """
    codes = actors[["actor_id", "country_code"]].dropna()
    codes = codes[codes["country_code"].astype(str) != ""].drop_duplicates("actor_id")
    mapping = dict(
        zip(codes["actor_id"], codes["country_code"].astype(str).str.lower(), strict=True)
    )
    out = events.copy()
    out["source_id"] = out["source_id"].map(lambda a: mapping.get(a, a))
    out["target_id"] = out["target_id"].map(lambda a: mapping.get(a, a))
    own = (out["source_id"] == out["target_id"]) & (events["source_id"] != events["target_id"])
    return out[~own.to_numpy()].reset_index(drop=True)


def windowed_events(
    tables: Mapping[str, pd.DataFrame],
    *,
    freq: str | None = "month",
    size: str | None = None,
    step: str | None = None,
    dedup: bool = False,
    level: str = "actor",
) -> pd.DataFrame:
    """Stance events assigned to windows, optionally deduplicated and rolled up.

    Parameters
    ----------
    tables
        Corpus tables (``stances``, ``statements``, ``status``, ``actors``,
        optionally ``sentences``).
    freq
        ``week``, ``month``, ``quarter``, ``year`` or ``None`` for one
        corpus-wide window; ignored when ``size`` is given.
    size, step
        A moving window, e.g. ``size="30D", step="7D"``.
    dedup
        Count a statement reported by several articles once per window.
    level
        ``actor`` or ``country`` (actors replaced by their state).
    """
    if level not in ("actor", "country"):
        raise MawaqifError(f"unknown level {level!r}: use 'actor' or 'country'")
    events = stance_events(tables)
    if level == "country":
        events = roll_up(events, tables["actors"])
    windows = make_windows(events["date"], freq=freq, size=size, step=step)
    windowed = assign_windows(events, windows)
    return dedup_stances(windowed) if dedup else windowed


# --------------------------------------------------------------------------- summaries


def _summarise(windowed: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    counts = pd.crosstab([windowed[k] for k in keys], windowed["polarity"]).reindex(
        columns=["positive", "negative", "neutral"], fill_value=0
    )
    grouped = windowed.groupby(keys, sort=True, dropna=False)
    out = counts.copy()
    out["stances"] = out[["positive", "negative", "neutral"]].sum(axis=1)
    reported = windowed[windowed["statement_key"] != ""]
    out["statements"] = (
        reported.groupby(keys, dropna=False)[["article_id", "statement_id"]]
        .apply(lambda g: len(g.drop_duplicates()))
        .reindex(out.index, fill_value=0)
    )
    out["articles"] = grouped["article_id"].nunique().reindex(out.index)
    out["outlets"] = grouped["outlet"].nunique().reindex(out.index)
    out["acts"] = grouped["act"].agg(_act_counts).reindex(out.index)
    out["net"] = ((out["positive"] - out["negative"]) / out["stances"]).round(3)
    return out.reset_index()


def _act_counts(acts: pd.Series) -> str:
    counts = acts[acts != ""].value_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ";".join(f"{act}:{n}" for act, n in ordered)


def stance_summary(
    tables: Mapping[str, pd.DataFrame],
    *,
    freq: str | None = "month",
    size: str | None = None,
    step: str | None = None,
    dedup: bool = False,
    level: str = "actor",
) -> pd.DataFrame:
    """Stances per window and (source, target) pair.

    See :func:`windowed_events` for the parameters.

    Returns
    -------
    pandas.DataFrame
        :data:`SUMMARY_COLUMNS`: counts by polarity, ``net`` =
        (positive − negative) / stances, distinct statements, articles and
        outlets, and ``acts`` (``act:count`` by decreasing count). Sorted by
        window, source, target.
    """
    windowed = windowed_events(tables, freq=freq, size=size, step=step, dedup=dedup, level=level)
    if windowed.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    keys = ["window", "source_id", "target_id"]
    out = _summarise(windowed, keys)
    bounds = windowed[["window", "window_start", "window_end"]].drop_duplicates("window")
    out = out.merge(bounds, on="window", how="left")
    out = out[SUMMARY_COLUMNS].sort_values(["window_start", "window", "source_id", "target_id"])
    return out.reset_index(drop=True)


def pair_trajectory(
    tables: Mapping[str, pd.DataFrame],
    source: str,
    target: str,
    *,
    freq: str | None = "month",
    size: str | None = None,
    step: str | None = None,
    dedup: bool = False,
    level: str = "actor",
) -> pd.DataFrame:
    """How often and how ``source`` speaks about ``target``, window by window.

    Every window spanning the corpus's dated stances gets a row, with zero
    counts (and empty ``net``) when the pair does not occur in it.
    """
    windowed = windowed_events(tables, freq=freq, size=size, step=step, dedup=dedup, level=level)
    windows = make_windows(stance_events(tables)["date"], freq=freq, size=size, step=step)
    pair = windowed[(windowed["source_id"] == source) & (windowed["target_id"] == target)]
    columns = [c for c in SUMMARY_COLUMNS if c not in ("window_start", "window_end")]
    if pair.empty:
        summary = pd.DataFrame(columns=columns)
    else:
        summary = _summarise(pair, ["window", "source_id", "target_id"])[columns]
    out = windows.merge(summary.drop(columns=["source_id", "target_id"]), on="window", how="left")
    for column in (
        "stances",
        "positive",
        "negative",
        "neutral",
        "statements",
        "articles",
        "outlets",
    ):
        out[column] = out[column].fillna(0).astype(int)
    out["acts"] = out["acts"].fillna("")
    out["net"] = pd.to_numeric(out["net"], errors="coerce")
    out.insert(3, "source_id", source)
    out.insert(4, "target_id", target)
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def top_actors(tables: Mapping[str, pd.DataFrame], *, n: int | None = 10) -> pd.DataFrame:
    """Actors ranked by the number of articles that mention them.

    Returns
    -------
    pandas.DataFrame
        ``actor_id``, ``name_en``, ``name_ar``, ``actor_type``, ``articles``,
        ``mentions``, ``statements`` (as speaker), ``stances_out``,
        ``stances_in``; sorted by articles, mentions (descending) then id.
    """
    actors = tables["actors"]
    mentioned = actors[actors["mention_count"].fillna(0) > 0]
    names = actors.drop_duplicates("actor_id").set_index("actor_id")
    out = mentioned.groupby("actor_id").agg(
        articles=("article_id", "nunique"), mentions=("mention_count", "sum")
    )
    for column in ("name_en", "name_ar", "actor_type"):
        out[column] = names[column].reindex(out.index)
    statements = tables["statements"].groupby("speaker_id").size()
    out["statements"] = statements.reindex(out.index, fill_value=0)
    stances = tables["stances"]
    out["stances_out"] = stances.groupby("source_id").size().reindex(out.index, fill_value=0)
    out["stances_in"] = stances.groupby("target_id").size().reindex(out.index, fill_value=0)
    out = out.reset_index()
    out["mentions"] = out["mentions"].astype(int)
    out = out.sort_values(["articles", "mentions", "actor_id"], ascending=[False, False, True])
    columns = ["actor_id", "name_en", "name_ar", "actor_type", "articles", "mentions"]
    out = out[[*columns, "statements", "stances_out", "stances_in"]].reset_index(drop=True)
    return out if n is None else out.head(n)


def corpus_actors(actors: pd.DataFrame) -> pd.DataFrame:
    """One row per actor over the corpus, ``mention_count`` summed over articles."""
    counts = actors.groupby("actor_id")["mention_count"].sum()
    first = actors.drop(columns=["article_id"], errors="ignore").drop_duplicates("actor_id")
    out = first.set_index("actor_id")
    out["mention_count"] = counts.reindex(out.index).fillna(0).astype(int)
    return out.reset_index().sort_values("actor_id").reset_index(drop=True)


def window_networks(
    tables: Mapping[str, pd.DataFrame],
    *,
    freq: str | None = "month",
    size: str | None = None,
    step: str | None = None,
    dedup: bool = False,
    level: str = "actor",
) -> dict[str, nx.DiGraph]:
    """A stance network (:func:`analysis.network.stance_network`) per window.

    Stance and statement ids on the edges are renumbered within each window
    (they are per-article ids in the corpus tables).
    """
    from .network import stance_network

    windowed = windowed_events(tables, freq=freq, size=size, step=step, dedup=dedup, level=level)
    actors = corpus_actors(tables["actors"])
    graphs = {}
    for window, part in windowed.groupby("window", sort=False):
        stances = part[["source_id", "target_id", "polarity"]].copy()
        stances["stance_id"] = range(1, len(part) + 1)
        reported = part["statement_key"] != ""
        ids = part["article_id"].astype(str) + ":" + part["statement_id"].astype("string")
        numbers = ids.fillna("").rank(method="dense")
        stances["statement_id"] = numbers.astype("Int64").where(reported.to_numpy(), pd.NA)
        stances["basis"] = ("act:" + part["act"]).where(part["act"] != "", "")
        graphs[str(window)] = stance_network(stances, actors)
    return graphs


def network_table(graphs: Mapping[str, nx.DiGraph]) -> pd.DataFrame:
    """Edges of every window's network: ``window``, ``source``, ``target``, counts, sign."""
    rows = []
    for window, graph in graphs.items():
        for source, target, data in graph.edges(data=True):
            rows.append(
                {
                    "window": window,
                    "source": source,
                    "target": target,
                    "weight": data.get("weight", 0),
                    "positive": data.get("positive", 0),
                    "negative": data.get("negative", 0),
                    "sign": data.get("sign", 0),
                }
            )
    columns = ["window", "source", "target", "weight", "positive", "negative", "sign"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["window", "source", "target"]).reset_index(drop=True)
