"""Charts of one parsed article (matplotlib, SVG + PNG).

Every chart function takes DESIGN.md tables, never mutates them, and returns
a :class:`Chart`: the matplotlib ``Figure`` plus its SVG text, which Jupyter
displays (``_repr_svg_``) and nbval compares. With ``save_to`` the chart is
also written as ``<name>.svg`` and ``<name>.png``.

Labels are English or Arabic (``language="en"|"ar"``). matplotlib ≥ 3.11
shapes and orders Arabic itself, so raw Arabic strings are passed as they are
(never through arabic-reshaper or python-bidi, which would reverse them) and
the font stays DejaVu Sans, which covers Arabic. Figures are made without
pyplot, so nothing is displayed twice and no global state is touched; the
SVG is reproducible (``svg.hashsalt``, no date metadata).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.errors import MawaqifError
from analysis.layout import network_chart, network_layout
from analysis.style import (
    ACT_COLOURS,
    ACT_NAMES,
    POLARITY_COLOURS,
    RC,
    TEXT,
    TYPE_COLOURS,
    TYPE_ORDER,
    Chart,
    _axis_name,
    _check_language,
    _empty,
    _finish,
    _label,
    _legend,
    _mirror_for_arabic,
    _names,
    _new_figure,
    _offset_points,
    _rc,
    _short_label,
    _type_name,
    _value_label,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "ACT_COLOURS",
    "ACT_NAMES",
    "POLARITY_COLOURS",
    "RC",
    "TEXT",
    "Chart",
    "SavedChart",
    "actor_prominence",
    "all_charts",
    "claim_groups",
    "claims_chart",
    "network_chart",
    "network_layout",
    "saved_chart",
    "stance_balance",
    "timeline",
]


TIMELINE_SLOT = 0.34  # timeline: width of one statement in a date column (≈ inches)


def actor_prominence(
    actors: pd.DataFrame, *, language: str = "en", save_to: str | Path | None = None
) -> Chart:
    """Horizontal bars of mentions per actor, coloured and grouped by actor type.

    For Arabic labels the chart is mirrored: names on the right, bars growing
    leftwards, legend read right to left.
    """
    language = _check_language(language)
    text = TEXT[language]
    frame = actors.loc[actors["mention_count"].astype(int) > 0].copy()
    frame["mention_count"] = frame["mention_count"].astype(int)
    rank = {t: i for i, t in enumerate(TYPE_ORDER)}
    frame["type_rank"] = frame["actor_type"].map(lambda t: rank.get(t, len(rank)))
    frame = frame.sort_values(
        ["type_rank", "mention_count", "actor_id"], ascending=[True, False, True]
    )
    names = _names(actors, language)
    with _rc():
        fig = _new_figure(8, 1.6 + 0.32 * max(len(frame), 3))
        ax = fig.add_subplot()
        _ = ax.set_title(text["prominence"])
        if frame.empty:
            _empty(ax, text["no_data"])
            return _finish("actor_prominence", fig, save_to)
        y = list(range(len(frame)))[::-1]
        colours = [TYPE_COLOURS.get(t, TYPE_COLOURS["other"]) for t in frame["actor_type"]]
        _ = ax.barh(y, frame["mention_count"], color=colours)
        labels = [_axis_name(names, a) for a in frame["actor_id"]]
        _ = ax.set_yticks(y, labels)
        _ = ax.set_xlabel(text["mentions"])
        _ = ax.set_ylabel(text["actor"])
        ax.xaxis.get_major_locator().set_params(integer=True)
        for yi, value in zip(y, frame["mention_count"], strict=True):
            _value_label(ax, value, yi, int(value), rightwards=language == "en")
        ax.set_xlim(0, frame["mention_count"].max() * 1.12 + 0.5)
        ax.set_ylim(-0.7, len(frame) - 0.3)
        _mirror_for_arabic(ax, language, invert_x=True)
        present = [t for t in TYPE_ORDER if t in set(frame["actor_type"])]
        present += sorted(set(frame["actor_type"]) - set(TYPE_ORDER))
        from matplotlib.patches import Patch

        handles = [
            Patch(color=TYPE_COLOURS.get(t, TYPE_COLOURS["other"]), label=_type_name(t, language))
            for t in present
        ]
        _legend(
            fig,
            handles,
            language,
            loc="outside lower center",
            ncols=min(len(handles), 5),
            title=text["type_title"],
        )
    return _finish("actor_prominence", fig, save_to)


def stance_balance(
    stances: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    language: str = "en",
    save_to: str | Path | None = None,
) -> Chart:
    """Diverging bars per speaker: negative stances to the left, positive to the right.

    The x axis counts stances on either side of zero (no arrows in the label,
    which would turn around in right-to-left text); the legend names the
    colours. Arabic names stand on the right.
    """
    language = _check_language(language)
    text = TEXT[language]
    counts = (
        stances.loc[stances["polarity"].isin(["positive", "negative"])]
        .groupby(["source_id", "polarity"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["negative", "positive"], fill_value=0)
    )
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().sort_values(["total", "source_id"], ascending=[True, False])
    names = _names(actors, language)
    with _rc():
        fig = _new_figure(8, 1.8 + 0.4 * max(len(counts), 3))
        ax = fig.add_subplot()
        _ = ax.set_title(text["balance"])
        if counts.empty:
            _empty(ax, text["no_data"])
            return _finish("stance_balance", fig, save_to)
        y = list(range(len(counts)))
        bars = [
            ax.barh(y, sign * counts[p], color=POLARITY_COLOURS[p], label=text[p])
            for sign, p in ((-1, "negative"), (1, "positive"))
        ]
        _ = ax.axvline(0, color="black", linewidth=0.8)
        labels = [_axis_name(names, a) for a in counts["source_id"]]
        _ = ax.set_yticks(y, labels)
        limit = max(int(counts[["negative", "positive"]].to_numpy().max()), 1) + 0.6
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-0.7, len(counts) - 0.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
        _ = ax.xaxis.set_major_formatter(lambda value, _pos: f"{abs(value):g}")
        _ = ax.set_xlabel(text["stances"])
        _ = ax.set_ylabel(text["speaker"])
        for yi, neg, pos in zip(y, counts["negative"], counts["positive"], strict=True):
            if neg:
                _value_label(ax, -neg, yi, int(neg), rightwards=False)
            if pos:
                _value_label(ax, pos, yi, int(pos), rightwards=True)
        _mirror_for_arabic(ax, language, invert_x=False)
        _legend(
            fig,
            bars,
            language,
            loc="outside lower center",
            ncols=2,
            title=text["polarity_title"],
        )
    return _finish("stance_balance", fig, save_to)


def timeline(
    statements: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    language: str = "en",
    save_to: str | Path | None = None,
) -> Chart:
    """Statements by resolved date (undated ones in their own column), coloured by act.

    Each date column is as wide as its busiest speaker needs, so the
    statements of one cell never spill into the next date; the figure widens
    with them. Arabic charts run right to left (dates and names mirrored).
    """
    from matplotlib.lines import Line2D

    language = _check_language(language)
    text = TEXT[language]
    frame = statements[["statement_id", "speaker_id", "act", "date"]].copy()
    frame["date"] = frame["date"].fillna("").astype(str)
    frame["speaker_id"] = frame["speaker_id"].fillna("").astype(str)
    frame["statement_id"] = frame["statement_id"].astype(int)
    dates = sorted(d for d in set(frame["date"]) if d)
    columns = dates + ([""] if (frame["date"] == "").any() else [])
    speakers = sorted(set(frame["speaker_id"].astype(str)))
    names = _names(actors, language)
    busiest = frame.groupby(["date", "speaker_id"]).size().groupby(level=0).max().to_dict()
    widths = [max(1.2, TIMELINE_SLOT * busiest.get(d, 1) + 0.4) for d in columns]
    starts = [sum(widths[:i]) for i in range(len(widths))]
    centre = {d: s + w / 2 for d, s, w in zip(columns, starts, widths, strict=True)}
    total = sum(widths) or 1.0
    with _rc():
        fig = _new_figure(min(max(6.0, total + 3.4), 18.0), 2.0 + 0.45 * max(len(speakers), 3))
        ax = fig.add_subplot()
        _ = ax.set_title(text["timeline"])
        if frame.empty:
            _empty(ax, text["no_data"])
            return _finish("timeline", fig, save_to)
        ypos = {s: i for i, s in enumerate(speakers[::-1])}
        cells = frame.sort_values(["date", "speaker_id", "statement_id"]).groupby(
            ["date", "speaker_id"], sort=True
        )
        dots: list[tuple[float, float, str, str]] = []  # x, y, colour, label
        for (date, speaker), group in cells:
            k = len(group)
            for j, row in enumerate(group.itertuples()):
                x = centre[date] + (j - (k - 1) / 2) * TIMELINE_SLOT
                colour = ACT_COLOURS.get(row.act, "#777777")
                dots.append((x, ypos[str(speaker)], colour, f"S{row.statement_id}"))
        xs, ys, colours, ids = zip(*dots, strict=True)
        _ = ax.scatter(xs, ys, s=110, color=colours, zorder=3)  # one collection, drawn once
        above = _offset_points(ax, 0, 8)
        for x, y, label in zip(xs, ys, ids, strict=True):
            _ = ax.text(x, y, label, transform=above, ha="center", fontsize=7)
        for edge in starts[1:]:
            _ = ax.axvline(edge, color="#dddddd", linewidth=0.8, zorder=0)
        _ = ax.set_xticks([centre[d] for d in columns], [d or text["undated"] for d in columns])
        labels = [_axis_name(names, s) for s in ypos]
        _ = ax.set_yticks(list(ypos.values()), labels)
        ax.set_xlim(0, total)
        ax.set_ylim(-0.6, len(speakers) - 0.3)
        ax.grid(axis="y", color="#eeeeee")
        _ = ax.set_xlabel(text["date"])
        _ = ax.set_ylabel(text["speaker"])
        _mirror_for_arabic(ax, language, invert_x=True)
        acts = [a for a in ACT_COLOURS if a in set(frame["act"])]
        handles = [
            Line2D(
                [0], [0], marker="o", linestyle="", color=ACT_COLOURS[a],
                label=ACT_NAMES[language][a],
            )
            for a in acts
        ]  # fmt: skip
        _legend(
            fig,
            handles,
            language,
            loc="outside lower center",
            ncols=min(len(acts), 6),
            title=text["act_title"],
        )
    return _finish("timeline", fig, save_to)


def claim_groups(statements: pd.DataFrame) -> list[tuple[int | None, list[int]]]:
    """Answered claims: ``(claim_id, [responding statement ids])``, sorted.

    A denial that answers no statement (``act`` deny, blank ``responds_to``)
    forms a group of its own with claim id ``None``; a rejection that answers
    nothing (``يرفض أي هدنة``) is a position, not a contested claim.
    """
    from analysis.network import _id_or_none

    parent = {int(r.statement_id): _id_or_none(r.responds_to) for r in statements.itertuples()}
    groups: dict[int | None, list[int]] = {}
    for sid, target in sorted(parent.items()):
        if target is not None and target in parent:
            groups.setdefault(target, []).append(sid)
    out: list[tuple[int | None, list[int]]] = sorted(groups.items())
    acts = dict(zip(statements["statement_id"].astype(int), statements["act"], strict=True))
    for sid, target in sorted(parent.items()):
        if target is None and acts[sid] == "deny" and sid not in groups:
            out.append((None, [sid]))
    return out


def claims_chart(
    statements: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    language: str = "en",
    save_to: str | Path | None = None,
) -> Chart:
    """Each answered claim on the left, the statements that deny or back it on the right.

    Column headings name the two sides and a legend the arrow colours; in
    Arabic the claim stands on the right and the answers on the left.
    """
    from matplotlib.lines import Line2D

    language = _check_language(language)
    text = TEXT[language]
    names = _names(actors, language)
    by_id = {int(r.statement_id): r for r in statements.itertuples()}
    groups = claim_groups(statements)
    rows = sum(len(responses) for _, responses in groups)
    box = {"boxstyle": "round,pad=0.4", "fc": "#f7f7f7", "ec": "#999999"}
    with _rc():
        fig = _new_figure(9, 1.3 + 0.9 * max(rows, 2))
        ax = fig.add_subplot()
        ax.set_axis_off()
        if not groups:
            _empty(ax, text["no_claims"])
        y = 0.0
        left, right = (0.72, 0.28) if language == "ar" else (0.28, 0.72)
        for claim, responses in groups:
            top = y
            answers = []
            for sid in responses:
                row = by_id[sid]
                colour = (
                    POLARITY_COLOURS["negative"]
                    if row.act in {"deny", "reject"}
                    else POLARITY_COLOURS["positive"]
                )
                label = (
                    f"{_short_label(_label(names, str(row.speaker_id)), width=30)}\n"
                    f"S{sid} · {ACT_NAMES[language].get(row.act, row.act)}"
                )
                answer = ax.text(
                    right, -y, label, ha="center", va="center", bbox={**box, "ec": colour}
                )
                answers.append((answer, colour))
                y += 1
            centre = -(top + y - 1) / 2
            if claim is None:
                claim_label = text["unstated"]
            else:
                row = by_id[claim]
                claim_label = (
                    f"{_short_label(_label(names, str(row.speaker_id)), width=30)}\n"
                    f"S{claim} · {ACT_NAMES[language].get(row.act, row.act)}"
                )
            claim_text = ax.text(left, centre, claim_label, ha="center", va="center", bbox=box)
            for answer, colour in answers:
                _ = ax.annotate(
                    "",
                    xy=(0.5, 0.5),
                    xycoords=claim_text,
                    xytext=(0.5, 0.5),
                    textcoords=answer,
                    arrowprops={
                        "arrowstyle": "-|>",
                        "mutation_scale": 14,
                        "color": colour,
                        "linewidth": 1.6,
                        "patchA": answer.get_bbox_patch(),
                        "patchB": claim_text.get_bbox_patch(),
                        "shrinkA": 2,
                        "shrinkB": 2,
                    },
                )
            y += 0.4
        ax.set_xlim(0, 1)
        ax.set_ylim(-max(y, 1) + 0.2, 1.1 if groups else 0.8)
        _ = ax.set_title(text["claims"])
        if groups:
            for x, key in ((left, "claim_column"), (right, "answer_column")):
                _ = ax.text(x, 0.8, text[key], ha="center", va="bottom", fontweight="bold")
            kinds = {
                "deny" if by_id[s].act in {"deny", "reject"} else "back"
                for _, responses in groups
                for s in responses
            }
            handles = [
                Line2D([0], [0], color=POLARITY_COLOURS[colour], linewidth=2, label=text[kind])
                for kind, colour in (("deny", "negative"), ("back", "positive"))
                if kind in kinds
            ]
            _legend(
                fig,
                handles,
                language,
                loc="outside lower center",
                ncols=len(handles),
                title=text["answer_title"],
            )
    return _finish("claims", fig, save_to)


def all_charts(
    tables: Any,
    *,
    graph: nx.Graph | None = None,
    seed: int = 7,
    language: str = "en",
    save_to: str | Path | None = None,
) -> dict[str, Chart]:
    """Every chart of one article, keyed by name (files written when ``save_to``)."""
    from analysis.network import stance_network

    if graph is None:
        graph = stance_network(tables.stances, tables.actors, language=language)
    return {
        "actor_prominence": actor_prominence(tables.actors, language=language, save_to=save_to),
        "stance_balance": stance_balance(
            tables.stances, tables.actors, language=language, save_to=save_to
        ),
        "stance_network": network_chart(graph, seed=seed, language=language, save_to=save_to),
        "timeline": timeline(tables.statements, tables.actors, language=language, save_to=save_to),
        "claims": claims_chart(
            tables.statements, tables.actors, language=language, save_to=save_to
        ),
    }


@dataclass
class SavedChart:
    """A chart read back from its SVG file (for notebooks that show earlier charts)."""

    name: str
    svg: str = field(repr=False)

    @property
    def alt(self) -> str:
        """The alternative text saved in the SVG's title (see :func:`analysis.style.alt_text`)."""
        import html
        import re

        found = re.search(r"<dc:title>(.*?)</dc:title>", self.svg, flags=re.DOTALL)
        return html.unescape(found.group(1)) if found else self.name.replace("_", " ")

    def _repr_svg_(self) -> tuple[str, dict[str, str]]:
        return self.svg, {"alt": self.alt}

    def __repr__(self) -> str:
        return f"<Chart {self.name}>"


def saved_chart(folder: str | Path, name: str, *, wait: float = 0.0) -> SavedChart:
    """Load ``<folder>/<name>.svg`` written by a chart function's ``save_to``.

    ``wait``: seconds to wait for a chart that another notebook is still
    drawing (the report runner runs 04 beside 02 and 03); a chart file
    appears whole, so it is read only once complete.
    """
    import time

    path = Path(folder) / f"{name}.svg"
    deadline = time.monotonic() + wait
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not path.is_file():
        raise MawaqifError(f"chart {name}.svg not found: run the notebook that draws it first")
    return SavedChart(name=name, svg=path.read_text(encoding="utf-8"))
