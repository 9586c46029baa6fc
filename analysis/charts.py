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

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.errors import MawaqifError
from analysis.lexicon import ACTOR_TYPE_ORDER
from analysis.network import split_ids

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.figure import Figure

# A fresh environment builds matplotlib's font cache on first use and logs a
# warning about it to stderr; it says nothing about the chart, so keep it quiet.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

RC = {
    "font.family": ["DejaVu Sans"],
    "font.size": 10,
    "svg.hashsalt": "mawaqif",
    "svg.fonttype": "path",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
PNG_DPI = 150
POLARITY_COLOURS = {
    "positive": "#1a9850",
    "negative": "#d73027",
    "mixed": "#fc8d59",
    "neutral": "#9e9e9e",
}
TYPE_ORDER = ACTOR_TYPE_ORDER
TYPE_COLOURS = dict(
    zip(
        TYPE_ORDER,
        (
            "#4e79a7",
            "#f28e2b",
            "#e15759",
            "#76b7b2",
            "#59a14f",
            "#edc948",
            "#b07aa1",
            "#ff9da7",
            "#9c755f",
            "#bab0ac",
            "#17becf",
            "#8c564b",
            "#7f7f7f",
        ),
        strict=True,
    )
)
ACT_COLOURS = {
    "claim": "#4e79a7",
    "deny": "#d73027",
    "warn": "#f28e2b",
    "concern": "#edc948",
    "accuse": "#b2182b",
    "condemn": "#67001f",
    "appeal": "#76b7b2",
    "agree": "#1a9850",
    "support": "#59a14f",
    "reject": "#e15759",
    "threaten": "#5e3c99",
}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "prominence": "Actor prominence by type",
        "mentions": "mentions",
        "balance": "Stance balance per speaker",
        "stances": "stances (negative ← → positive)",
        "network": "Stance network",
        "timeline": "Statements by date",
        "date": "resolved date",
        "undated": "undated",
        "claims": "Claims and their denials",
        "no_claims": "No claim in this article is denied or answered.",
        "no_data": "Nothing to show for this article.",
        "unstated": "(claim not quoted)",
        "positive": "positive",
        "negative": "negative",
        "neutral": "neutral",
        "mixed": "mixed",
        "unidentified": "(unidentified speaker)",
    },
    "ar": {
        "prominence": "بروز الفاعلين حسب النوع",
        "mentions": "عدد الإشارات",
        "balance": "ميزان المواقف لكل متحدث",
        "stances": "عدد المواقف (سلبي ← → إيجابي)",
        "network": "شبكة المواقف",
        "timeline": "التصريحات حسب التاريخ",
        "date": "التاريخ",
        "undated": "بلا تاريخ",
        "claims": "الادعاءات ونفيها",
        "no_claims": "لا يوجد في هذا المقال ادعاء منفي أو مردود عليه.",
        "no_data": "لا شيء للعرض في هذا المقال.",
        "unstated": "(ادعاء غير مقتبس)",
        "positive": "إيجابي",
        "negative": "سلبي",
        "neutral": "محايد",
        "mixed": "مختلط",
        "unidentified": "(متحدث غير محدد)",
    },
}
TYPE_NAMES_AR = {
    "state": "دولة",
    "government": "حكومة",
    "ministry": "وزارة",
    "military": "جيش",
    "legislature": "هيئة تشريعية",
    "igo": "منظمة دولية",
    "ngo": "منظمة غير حكومية",
    "armed_group": "جماعة مسلحة",
    "party": "حزب",
    "person": "شخص",
    "media": "وسيلة إعلام",
    "people": "شعب",
    "other": "أخرى",
}
ACT_NAMES = {
    "en": {
        "claim": "claims",
        "deny": "denies",
        "warn": "warns",
        "concern": "is concerned",
        "accuse": "accuses",
        "condemn": "condemns",
        "appeal": "appeals",
        "agree": "agrees",
        "support": "supports",
        "reject": "rejects",
        "threaten": "threatens",
    },
    "ar": {
        "claim": "يدّعي",
        "deny": "ينفي",
        "warn": "يحذّر",
        "concern": "يبدي قلقه",
        "accuse": "يتّهم",
        "condemn": "يدين",
        "appeal": "يناشد",
        "agree": "يوافق",
        "support": "يؤيّد",
        "reject": "يرفض",
        "threaten": "يهدّد",
    },
}


@dataclass
class Chart:
    """A finished chart: the figure, its SVG text and the files written."""

    name: str
    figure: Figure = field(repr=False)
    svg: str = field(repr=False)
    files: tuple[str, ...] = ()

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<Chart {self.name}>"


def _check_language(language: str) -> str:
    if language not in TEXT:
        raise MawaqifError(f"label language must be 'en' or 'ar', not {language!r}")
    return language


def _names(actors: pd.DataFrame, language: str) -> dict[str, str]:
    """Display names by actor id; a name shared by several actors gets ``(2)``, ``(3)``."""
    column = "name_ar" if language == "ar" else "name_en"
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for row in actors.sort_values("actor_id").itertuples():
        value = getattr(row, column)
        name = str(value) if isinstance(value, str) and value else str(row.actor_id)
        seen[name] = seen.get(name, 0) + 1
        names[str(row.actor_id)] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    names[""] = TEXT[language]["unidentified"]
    return names


def _label(names: dict[str, str], actor_id: Any) -> str:
    if actor_id is None or str(actor_id).strip() in {"", "nan", "<NA>", "None"}:
        return names.get("", "?")
    return names.get(str(actor_id), str(actor_id))


def _type_name(actor_type: str, language: str) -> str:
    if language == "ar":
        return TYPE_NAMES_AR.get(actor_type, actor_type)
    return actor_type.replace("_", " ")


def _new_figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _empty(ax: Any, message: str) -> None:
    ax.set_axis_off()
    _ = ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)


def _finish(name: str, fig: Figure, save_to: str | Path | None) -> Chart:
    import matplotlib

    files: list[str] = []
    with matplotlib.rc_context(RC):
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        svg = buffer.getvalue()
        if save_to is not None:
            folder = Path(save_to)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.svg").write_text(svg, encoding="utf-8")
            fig.savefig(folder / f"{name}.png", format="png", dpi=PNG_DPI)
            files = [f"{name}.svg", f"{name}.png"]
    return Chart(name=name, figure=fig, svg=svg, files=tuple(files))


def _rc():
    import matplotlib

    return matplotlib.rc_context(RC)


def actor_prominence(
    actors: pd.DataFrame, *, language: str = "en", save_to: str | Path | None = None
) -> Chart:
    """Horizontal bars of mentions per actor, coloured and grouped by actor type."""
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
        fig = _new_figure(8, 1.2 + 0.32 * max(len(frame), 3))
        ax = fig.add_subplot()
        if frame.empty:
            _empty(ax, text["no_data"])
        else:
            y = list(range(len(frame)))[::-1]
            colours = [TYPE_COLOURS.get(t, TYPE_COLOURS["other"]) for t in frame["actor_type"]]
            _ = ax.barh(y, frame["mention_count"], color=colours)
            _ = ax.set_yticks(y, [_label(names, a) for a in frame["actor_id"]])
            _ = ax.set_xlabel(text["mentions"])
            ax.xaxis.get_major_locator().set_params(integer=True)
            for yi, value in zip(y, frame["mention_count"], strict=True):
                _ = ax.text(value, yi, f" {value}", va="center", ha="left", fontsize=8)
            ax.set_xlim(0, frame["mention_count"].max() * 1.12 + 0.5)
            if language == "ar":
                ax.invert_xaxis()
                ax.yaxis.tick_right()
                for label in ax.texts:
                    label.set_ha("right")
            from matplotlib.patches import Patch

            present = [t for t in TYPE_ORDER if t in set(frame["actor_type"])]
            present += sorted(set(frame["actor_type"]) - set(TYPE_ORDER))
            handles = [
                Patch(
                    color=TYPE_COLOURS.get(t, TYPE_COLOURS["other"]), label=_type_name(t, language)
                )
                for t in present
            ]
            _ = fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5))
        _ = ax.set_title(text["prominence"])
    return _finish("actor_prominence", fig, save_to)


def stance_balance(
    stances: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    language: str = "en",
    save_to: str | Path | None = None,
) -> Chart:
    """Diverging bars per speaker: negative stances to the left, positive to the right."""
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
        fig = _new_figure(8, 1.4 + 0.4 * max(len(counts), 3))
        ax = fig.add_subplot()
        if counts.empty:
            _empty(ax, text["no_data"])
        else:
            y = list(range(len(counts)))
            _ = ax.barh(
                y, -counts["negative"], color=POLARITY_COLOURS["negative"], label=text["negative"]
            )
            _ = ax.barh(
                y, counts["positive"], color=POLARITY_COLOURS["positive"], label=text["positive"]
            )
            _ = ax.axvline(0, color="black", linewidth=0.8)
            _ = ax.set_yticks(y, [_label(names, a) for a in counts["source_id"]])
            limit = max(int(counts[["negative", "positive"]].to_numpy().max()), 1) + 0.6
            ax.set_xlim(-limit, limit)
            ax.xaxis.get_major_locator().set_params(integer=True)
            _ = ax.xaxis.set_major_formatter(lambda value, _pos: f"{abs(value):g}")
            _ = ax.set_xlabel(text["stances"])
            for yi, neg, pos in zip(y, counts["negative"], counts["positive"], strict=True):
                if neg:
                    _ = ax.text(-neg, yi, f"{neg} ", va="center", ha="right", fontsize=8)
                if pos:
                    _ = ax.text(pos, yi, f" {pos}", va="center", ha="left", fontsize=8)
            _ = fig.legend(loc="outside lower center", ncols=2)
        _ = ax.set_title(text["balance"])
    return _finish("stance_balance", fig, save_to)


def network_layout(graph: nx.Graph, *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Seeded, reproducible layout: a spring layout per connected component, packed in rows.

    Laying out components separately keeps small components from being
    pushed to the corners; nodes are sorted first, so a seed gives one result.
    """
    import networkx as nx

    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes))
    ordered.add_edges_from(sorted((min(a, b), max(a, b)) for a, b in graph.edges))
    components = sorted(
        (sorted(c) for c in nx.connected_components(ordered)), key=lambda c: (-len(c), c[0])
    )
    pos: dict[str, tuple[float, float]] = {}
    x0, y0, row_height = 0.0, 0.0, 0.0
    row_width = max(6.0, 2.2 * len(components) ** 0.5)
    for nodes in components:
        radius = 0.0 if len(nodes) == 1 else 0.9 * len(nodes) ** 0.5
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        elif len(nodes) == 2:
            local = {nodes[0]: (-radius, 0.0), nodes[1]: (radius, 0.0)}
        else:
            # a fresh graph, not ordered.subgraph(): a subgraph view may iterate
            # its nodes in set (hash) order, which changes between processes
            sub = nx.Graph()
            sub.add_nodes_from(nodes)
            sub.add_edges_from(sorted(e for e in ordered.edges(nodes) if e[1] in set(nodes)))
            raw = nx.spring_layout(
                sub, seed=seed, scale=radius, iterations=300, k=2.2 / len(nodes) ** 0.5
            )
            local = {n: (float(x), float(y)) for n, (x, y) in raw.items()}
        if x0 > 0 and x0 + 2 * radius > row_width:
            x0, y0, row_height = 0.0, y0 - row_height - 2.4, 0.0
        for node, (x, y) in local.items():
            pos[node] = (round(x0 + radius + x, 4), round(y0 - radius + y, 4))
        x0 += 2 * radius + 2.2
        row_height = max(row_height, 2 * radius)
    return dict(sorted(pos.items()))


def network_chart(
    graph: nx.Graph,
    *,
    seed: int = 7,
    language: str = "en",
    title: str | None = None,
    save_to: str | Path | None = None,
    name: str = "stance_network",
) -> Chart:
    """Draw a (stance) network: signed, coloured edges, seeded layout, labelled nodes.

    Edge colour follows the ``polarity`` attribute (or the sign of ``weight``
    for undirected DNA networks), width the weight, and each edge is labelled
    with its statement ids.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    language = _check_language(language)
    text = TEXT[language]
    label_key = "label_ar" if language == "ar" else "label_en"
    pos = network_layout(graph, seed=seed)
    with _rc():
        fig = _new_figure(9, 7)
        ax = fig.add_subplot()
        ax.set_axis_off()
        if not pos:
            _empty(ax, text["no_data"])
        for a, b, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
            polarity = data.get("polarity")
            if polarity is None:
                polarity = "positive" if float(data.get("weight", 0)) >= 0 else "negative"
            width = 1.0 + 1.2 * min(abs(float(data.get("weight", 1))), 4)
            rad = 0.15 if graph.is_directed() and graph.has_edge(b, a) else 0.0
            arrow = FancyArrowPatch(
                pos[a],
                pos[b],
                arrowstyle="-|>" if graph.is_directed() else "-",
                mutation_scale=16,
                linewidth=width,
                color=POLARITY_COLOURS.get(polarity, POLARITY_COLOURS["neutral"]),
                connectionstyle=f"arc3,rad={rad}",
                shrinkA=14,
                shrinkB=14,
                alpha=0.85,
            )
            _ = ax.add_patch(arrow)
            ids = split_ids(data.get("statement_ids", ""))
            if ids:
                mx = (pos[a][0] + pos[b][0]) / 2 + rad * (pos[b][1] - pos[a][1]) / 2
                my = (pos[a][1] + pos[b][1]) / 2 - rad * (pos[b][0] - pos[a][0]) / 2
                _ = ax.text(
                    mx,
                    my,
                    ",".join(f"S{i}" for i in ids),
                    fontsize=7,
                    ha="center",
                    va="center",
                    color="#333333",
                    zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                )
        for node in sorted(pos):
            data = graph.nodes[node]
            colour = TYPE_COLOURS.get(data.get("actor_type", ""), TYPE_COLOURS["other"])
            x, y = pos[node]
            _ = ax.scatter([x], [y], s=260, color=colour, edgecolors="white", zorder=3)
            _ = ax.annotate(
                data.get(label_key) or data.get("label") or node,
                (x, y),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#cccccc", "alpha": 0.9},
            )
        if pos:
            xs = [p[0] for p in pos.values()]
            ys = [p[1] for p in pos.values()]
            ax.set_xlim(min(xs) - 1.2, max(xs) + 1.2)
            ax.set_ylim(min(ys) - 0.8, max(ys) + 1.1)
        handles = [
            Line2D([0], [0], color=POLARITY_COLOURS[p], linewidth=2.5, label=text[p])
            for p in ("positive", "negative", "mixed", "neutral")
        ]
        _ = fig.legend(handles=handles, loc="outside lower center", ncols=4)
        _ = ax.set_title(title or text["network"])
    return _finish(name, fig, save_to)


def timeline(
    statements: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    language: str = "en",
    save_to: str | Path | None = None,
) -> Chart:
    """Statements by resolved date (undated ones in their own column), coloured by act."""
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
    with _rc():
        fig = _new_figure(max(6, 1.6 * len(columns) + 4), 1.6 + 0.45 * max(len(speakers), 3))
        ax = fig.add_subplot()
        if frame.empty:
            _empty(ax, text["no_data"])
        else:
            xpos = {d: i for i, d in enumerate(columns)}
            ypos = {s: i for i, s in enumerate(speakers[::-1])}
            cells = frame.sort_values(["date", "speaker_id", "statement_id"]).groupby(
                ["date", "speaker_id"], sort=True
            )
            for (date, speaker), group in cells:
                k = len(group)
                for j, row in enumerate(group.itertuples()):
                    x = xpos[date] + (j - (k - 1) / 2) * 0.18
                    y = ypos[str(speaker)]
                    _ = ax.scatter(
                        [x], [y], s=110, color=ACT_COLOURS.get(row.act, "#777777"), zorder=3
                    )
                    _ = ax.annotate(
                        f"S{row.statement_id}",
                        (x, y),
                        xytext=(0, 8),
                        textcoords="offset points",
                        ha="center",
                        fontsize=7,
                    )
            _ = ax.set_xticks(range(len(columns)), [d if d else text["undated"] for d in columns])
            _ = ax.set_yticks(list(ypos.values()), [_label(names, s) for s in ypos])
            ax.set_xlim(-0.6, len(columns) - 0.4)
            ax.set_ylim(-0.6, len(speakers) - 0.3)
            ax.grid(axis="y", color="#eeeeee")
            _ = ax.set_xlabel(text["date"])
            acts = [a for a in ACT_COLOURS if a in set(frame["act"])]
            handles = [
                Line2D(
                    [0],
                    [0],
                    marker="o",
                    linestyle="",
                    color=ACT_COLOURS[a],
                    label=ACT_NAMES[language][a],
                )
                for a in acts
            ]
            _ = fig.legend(handles=handles, loc="outside lower center", ncols=min(len(acts), 6))
        _ = ax.set_title(text["timeline"])
    return _finish("timeline", fig, save_to)


def claim_groups(statements: pd.DataFrame) -> list[tuple[int | None, list[int]]]:
    """Answered claims: ``(claim_id, [responding statement ids])``, sorted.

    A denial that answers no statement (``act`` deny/reject, blank
    ``responds_to``) forms a group of its own with claim id ``None``.
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
        if target is None and acts[sid] in {"deny", "reject"} and sid not in groups:
            out.append((None, [sid]))
    return out


def claims_chart(
    statements: pd.DataFrame,
    actors: pd.DataFrame,
    *,
    language: str = "en",
    save_to: str | Path | None = None,
) -> Chart:
    """Each answered claim on the left, the statements that deny or back it on the right."""
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
                    f"{_label(names, str(row.speaker_id))}\n"
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
                    f"{_label(names, str(row.speaker_id))}\n"
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
        ax.set_ylim(-max(y, 1) + 0.2, 0.8)
        _ = ax.set_title(text["claims"])
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

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return f"<Chart {self.name}>"


def saved_chart(folder: str | Path, name: str) -> SavedChart:
    """Load ``<folder>/<name>.svg`` written by a chart function's ``save_to``."""
    path = Path(folder) / f"{name}.svg"
    if not path.is_file():
        raise MawaqifError(f"chart {name}.svg not found: run the notebook that draws it first")
    return SavedChart(name=name, svg=path.read_text(encoding="utf-8"))
