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
NAME_WIDTH = 42  # longest actor name on a bar or timeline axis before "…"
TIMELINE_SLOT = 0.34  # timeline: width of one statement in a date column (≈ inches)
NODE_SIZE = 260  # network node marker area (points²)
NETWORK_INCH_PER_UNIT = 1.0  # inches per unit of network_layout
NETWORK_MAX_SIZE = (16.0, 14.0)  # largest network figure (inches)
NETWORK_SPREADS = (1.0, 1.3, 1.7, 2.2)  # layout spreads tried until every label is free
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
        "stances": "number of stances (negative left, positive right)",
        "actor": "actor",
        "speaker": "speaker",
        "type_title": "actor type",
        "polarity_title": "stance",
        "act_title": "act",
        "network": "Stance network",
        "edge_legend": "stance (edge colour)",
        "type_legend": "actor type (node colour)",
        "timeline": "Statements by date",
        "date": "resolved date",
        "undated": "undated",
        "claims": "Claims and their denials",
        "no_claims": "No claim in this article is denied or answered.",
        "no_data": "Nothing to show for this article.",
        "unstated": "(claim not quoted)",
        "claim_column": "claim",
        "answer_column": "answered by",
        "answer_title": "the answer",
        "deny": "denies or rejects the claim",
        "back": "backs the claim",
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
        "stances": "عدد المواقف (السلبية يسارًا، الإيجابية يمينًا)",
        "actor": "الفاعل",
        "speaker": "المتحدث",
        "type_title": "نوع الفاعل",
        "polarity_title": "الموقف",
        "act_title": "نوع التصريح",
        "network": "شبكة المواقف",
        "edge_legend": "الموقف (لون الخط)",
        "type_legend": "نوع الفاعل (لون العقدة)",
        "timeline": "التصريحات حسب التاريخ",
        "date": "التاريخ",
        "undated": "بلا تاريخ",
        "claims": "الادعاءات ونفيها",
        "no_claims": "لا يوجد في هذا المقال ادعاء منفي أو مردود عليه.",
        "no_data": "لا شيء للعرض في هذا المقال.",
        "unstated": "(ادعاء غير مقتبس)",
        "claim_column": "الادعاء",
        "answer_column": "الرد عليه",
        "answer_title": "الرد",
        "deny": "ينفي الادعاء أو يرفضه",
        "back": "يؤيد الادعاء",
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


def _axis_name(names: dict[str, str], actor_id: Any) -> str:
    """An actor's name on one line of an axis, cut with ``…`` after about NAME_WIDTH characters."""
    return _short_label(_label(names, actor_id), width=NAME_WIDTH, lines=1)


def _type_name(actor_type: str, language: str) -> str:
    if language == "ar":
        return TYPE_NAMES_AR.get(actor_type, actor_type)
    return actor_type.replace("_", " ")


def _new_figure(width: float, height: float) -> Figure:
    """A constrained-layout figure with an Agg canvas (text can be measured)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


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
            engine = fig.get_layout_engine()
            fig.set_layout_engine("none")  # the PNG keeps the layout the SVG computed
            fig.savefig(folder / f"{name}.png", format="png", dpi=PNG_DPI)
            fig.set_layout_engine(engine)
            files = [f"{name}.svg", f"{name}.png"]
    return Chart(name=name, figure=fig, svg=svg, files=tuple(files))


def _rc():
    import matplotlib

    return matplotlib.rc_context(RC)


def _mirror_for_arabic(ax: Any, language: str, *, invert_x: bool) -> None:
    """Right-to-left layout for Arabic: names and their axis on the right.

    ``invert_x`` also lets the values grow leftwards (bars start at the right).
    """
    if language != "ar":
        return
    if invert_x:
        ax.invert_xaxis()
    ax.yaxis.tick_right()
    ax.yaxis.set_label_position("right")
    ax.spines["right"].set_visible(True)
    ax.spines["left"].set_visible(False)


def _value_label(ax: Any, x: float, y: float, value: int, *, rightwards: bool) -> None:
    """A count just beyond the end of a bar (a few points away, never on it)."""
    _ = ax.annotate(
        f"{value}",
        (x, y),
        xytext=(3 if rightwards else -3, 0),
        textcoords="offset points",
        va="center",
        ha="left" if rightwards else "right",
        fontsize=8,
    )


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
    laid: list[tuple[dict[str, tuple[float, float]], float, float]] = []
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
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        # top-left corner at the origin
        local = {n: (x - min(xs), y - max(ys)) for n, (x, y) in local.items()}
        laid.append((local, max(xs) - min(xs), max(ys) - min(ys)))
    # shelf packing into rows about 1.6 times as wide as the whole is high
    gap_x, gap_y = 2.2, 1.6
    area = sum((w + gap_x) * (h + gap_y) for _, w, h in laid)
    row_width = max([w for _, w, _ in laid] + [(1.6 * area) ** 0.5])
    pos: dict[str, tuple[float, float]] = {}
    x0, y0, row_height = 0.0, 0.0, 0.0
    for local, w, h in laid:
        if x0 > 0 and x0 + w > row_width:
            x0, y0, row_height = 0.0, y0 - row_height - gap_y, 0.0
        for node, (x, y) in local.items():
            pos[node] = (round(x0 + x, 4), round(y0 + y, 4))
        x0 += w + gap_x
        row_height = max(row_height, h)
    return dict(sorted(pos.items()))


def _short_label(text: str, *, width: int = 22, lines: int = 2) -> str:
    """Wrap a node label on spaces into at most ``lines`` lines, ``…`` if cut.

    >>> _short_label("Member of the Russia parliament")
    'Member of the Russia\\nparliament'
    >>> _short_label("a b c", width=1, lines=2)
    'a\\nb…'
    """
    import textwrap

    wrapped = textwrap.wrap(text, width=width, break_long_words=False) or [text]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,،") + "…"
    return "\n".join(wrapped)


def _ids_label(ids: list[str], *, limit: int = 3) -> str:
    """Statement ids of an edge, shortened: ``S1,S2,S3`` or ``S1,S2 +3``.

    >>> _ids_label(["1", "2"])
    'S1,S2'
    >>> _ids_label(["1", "2", "3", "4", "5"])
    'S1,S2 +3'
    """
    if len(ids) <= limit:
        return ",".join(f"S{i}" for i in ids)
    return ",".join(f"S{i}" for i in ids[: limit - 1]) + f" +{len(ids) - limit + 1}"


def _legend(fig: Figure, handles: list, language: str, **kwargs: Any) -> Any:
    """A figure legend no wider than the figure, read right to left for Arabic.

    Columns are dropped until the legend fits the figure's width; Arabic
    legends put markers after the text and fill their rows from the right.
    """
    if language == "ar":
        kwargs.setdefault("markerfirst", False)
        kwargs.setdefault("alignment", "right")
    renderer = fig.canvas.get_renderer()
    ncols = max(int(kwargs.pop("ncols", 1)), 1)
    while True:
        ordered = _rtl_order(handles, ncols) if language == "ar" and ncols > 1 else handles
        legend = fig.legend(handles=ordered, ncols=ncols, **kwargs)
        if ncols == 1 or legend.get_window_extent(renderer).width <= 0.96 * fig.bbox.width:
            return legend
        legend.remove()
        ncols -= 1


def _rtl_order(handles: list, ncols: int) -> list:
    """Handles in matplotlib's column-major order so that rows read right to left."""
    from matplotlib.patches import Patch

    rows = -(-len(handles) // ncols)
    grid: dict[tuple[int, int], Any] = {}
    for i, handle in enumerate(handles):
        grid[(i // ncols, ncols - 1 - i % ncols)] = handle
    out = []
    for col in range(ncols):
        for row in range(rows):
            out.append(grid.get((row, col)) or Patch(visible=False, label=""))
    return out


@dataclass
class _Box:
    """An axis-aligned box in display pixels."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def centred(cls, x: float, y: float, w: float, h: float) -> _Box:
        return cls(x - w / 2, y - h / 2, x + w / 2, y + h / 2)

    def overlap(self, other: _Box) -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def outside(self, frame: _Box) -> float:
        inner = self.overlap(frame)
        return (self.x1 - self.x0) * (self.y1 - self.y0) - inner

    def hits(self, points: Any) -> int:
        import numpy as np

        x, y = points[:, 0], points[:, 1]
        return int(np.count_nonzero((x > self.x0) & (x < self.x1) & (y > self.y0) & (y < self.y1)))


def _curve(p0: Any, p2: Any, rad: float, n: int = 40) -> Any:
    """Points on matplotlib's ``arc3`` connection (a quadratic Bézier) in display space."""
    import numpy as np

    p0, p2 = np.asarray(p0, float), np.asarray(p2, float)
    mid = (p0 + p2) / 2
    d = p2 - p0
    control = mid + rad * np.array([d[1], -d[0]])
    t = np.linspace(0, 1, n)[:, None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * control + t**2 * p2


def _place(
    candidates: list[tuple[float, float, float]],
    size: tuple[float, float],
    *,
    hard: list[_Box],
    soft: list[Any],
    frame: _Box,
    owner: tuple[float, float] | None = None,
    rivals: Any = None,
) -> tuple[_Box, bool]:
    """The best candidate ``(x, y, cost)`` box for a label of ``size`` (display pixels).

    A box must overlap nothing in ``hard`` and stay inside ``frame``; then it
    should sit nearer its ``owner`` (a node) than any of the ``rivals`` (the
    other nodes), so that it cannot be read as another node's label; then the
    cost of the spot plus two for every curve in ``soft`` it crosses (three
    more for covering an arrow head) is smallest. Ties keep the candidate
    order, so the placement is deterministic. Returns the box and whether it
    is free of hard overlaps.
    """
    import numpy as np

    best: tuple | None = None
    for rank, (x, y, cost) in enumerate(candidates):
        box = _Box.centred(x, y, *size)
        clash = sum(box.overlap(b) for b in hard) + box.outside(frame)
        ambiguous = False
        if owner is not None and rivals is not None and len(rivals):
            own = np.hypot(x - owner[0], y - owner[1])
            ambiguous = bool((np.hypot(rivals[:, 0] - x, rivals[:, 1] - y) < own).any())
        penalty = cost
        for points in soft:
            if box.hits(points):
                penalty += 2 + 3 * (box.hits(points[-len(points) // 6 :]) > 0)
        key = (clash > 0, clash, ambiguous, penalty, rank)
        if best is None or key < best[0]:
            best = (key, box)
    assert best is not None
    return best[1], not best[0][0]


def _network_figure_size(pos: dict[str, tuple[float, float]], legend_rows: int):
    """Figure size (inches) and inches per layout unit for a layout."""
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    dx, dy = max(xs) - min(xs), max(ys) - min(ys)
    unit = NETWORK_INCH_PER_UNIT
    margin_x, margin_y = 2.6, 1.3 + 0.28 * legend_rows
    if dx * unit + margin_x > NETWORK_MAX_SIZE[0]:
        unit = (NETWORK_MAX_SIZE[0] - margin_x) / dx
    if dy * unit + margin_y > NETWORK_MAX_SIZE[1]:
        unit = (NETWORK_MAX_SIZE[1] - margin_y) / dy
    width = min(max(dx * unit + margin_x, 6.0), NETWORK_MAX_SIZE[0])
    height = min(max(dy * unit + margin_y, 2.6), NETWORK_MAX_SIZE[1])
    return (width, height), unit


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
    with its statement ids; node colour is the actor type. Two legends
    explain the colours. The figure grows with the layout, and labels are
    placed one by one (node names first, then edge labels) at the first of a
    fixed list of spots around their node or along their edge that overlaps
    no label and no node, preferring spots that cross no edge; if a label
    cannot be placed freely the layout is spread out and drawn again.
    """
    language = _check_language(language)
    pos = network_layout(graph, seed=seed)
    fig = None
    with _rc():
        for spread in NETWORK_SPREADS:
            scaled = {n: (x * spread, y * spread) for n, (x, y) in pos.items()}
            fig, free = _draw_network(graph, scaled, language=language, title=title)
            if free:
                break
    assert fig is not None
    return _finish(name, fig, save_to)


def _edge_polarity(data: dict, *, signed: bool = True) -> str:
    """An edge's colour key: its ``polarity``, else the sign of its weight.

    In an unsigned network (no polarity, no negative weight: co-occurrence,
    congruence) every edge is ``neutral``: its colour then means nothing.
    """
    polarity = data.get("polarity")
    if polarity is None:
        if not signed:
            return "neutral"
        polarity = "positive" if float(data.get("weight", 0)) >= 0 else "negative"
    return str(polarity) if polarity in POLARITY_COLOURS else "neutral"


def _is_signed(edges: list) -> bool:
    """Whether edge colours carry a sign (a ``polarity`` attribute or a negative weight)."""
    return any("polarity" in d or float(d.get("weight", 0)) < 0 for *_, d in edges)


def _draw_network(
    graph: nx.Graph,
    pos: dict[str, tuple[float, float]],
    *,
    language: str,
    title: str | None,
) -> tuple[Figure, bool]:
    import numpy as np
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    text = TEXT[language]
    label_key = "label_ar" if language == "ar" else "label_en"
    edges = sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1])))
    signed = _is_signed(edges)
    drawn = {_edge_polarity(d, signed=signed) for *_, d in edges}
    polarities = [p for p in POLARITY_COLOURS if p in drawn] if signed else []
    types = {str(graph.nodes[n].get("actor_type", "other")) for n in pos}
    present = [t for t in TYPE_ORDER if t in types] + sorted(types - set(TYPE_ORDER))
    size, unit = _network_figure_size(pos, legend_rows=-(-len(present) // 3))
    fig = _new_figure(*size)
    ax = fig.add_subplot()
    ax.set_axis_off()
    _ = ax.set_title(title or text["network"])
    if not pos:
        _empty(ax, text["no_data"])
        return fig, True
    # legends, mirrored for Arabic: edge colours (stance) and node colours (actor type)
    first, second = ("left", "right") if language == "en" else ("right", "left")
    if polarities:
        handles = [
            Line2D([0], [0], color=POLARITY_COLOURS[p], linewidth=2.5, label=text[p])
            for p in polarities
        ]
        _legend(
            fig,
            handles,
            language,
            loc=f"outside lower {first}",
            ncols=min(len(handles), 2),
            title=text["edge_legend"],
            fontsize=8,
            title_fontsize=8,
        )
    handles = [
        Line2D(
            [0],
            [0],
            marker="o",
            linestyle="",
            markersize=8,
            color=TYPE_COLOURS.get(t, TYPE_COLOURS["other"]),
            label=_type_name(t, language),
        )
        for t in present
    ]
    _legend(
        fig,
        handles,
        language,
        loc=f"outside lower {second}",
        ncols=min(len(handles), 3),
        title=text["type_legend"],
        fontsize=8,
        title_fontsize=8,
    )
    # freeze the constrained layout, then fix equal-aspect data limits
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    frame_ax = ax.get_window_extent(renderer)
    px = fig.dpi / 72  # pixels per point
    xs = np.array([p[0] for p in pos.values()])
    ys = np.array([p[1] for p in pos.values()])
    margin_x, margin_y = 1.15 * fig.dpi, 0.45 * fig.dpi
    scale = min(
        (frame_ax.width - 2 * margin_x) / np.ptp(xs) if np.ptp(xs) else np.inf,
        (frame_ax.height - 2 * margin_y) / np.ptp(ys) if np.ptp(ys) else np.inf,
        unit * fig.dpi,
    )
    cx, cy = (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2
    half_w, half_h = frame_ax.width / 2 / scale, frame_ax.height / 2 / scale
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    to_px = ax.transData.transform
    to_data = ax.transData.inverted().transform
    frame = _Box(frame_ax.x0, frame_ax.y0, frame_ax.x1, frame_ax.y1)
    node_px = {n: tuple(to_px(p)) for n, p in pos.items()}
    radius = NODE_SIZE**0.5 / 2 * px
    nodes = [_Box.centred(x, y, 2 * radius, 2 * radius) for x, y in node_px.values()]

    # edges
    curves = []
    for a, b, data in edges:
        if a == b:
            continue
        rad = 0.15 if graph.is_directed() and graph.has_edge(b, a) else 0.0
        width = 1.0 + 1.2 * min(abs(float(data.get("weight", 1))), 4)
        arrow = FancyArrowPatch(
            pos[a],
            pos[b],
            arrowstyle="-|>" if graph.is_directed() else "-",
            mutation_scale=16,
            linewidth=width,
            color=POLARITY_COLOURS[_edge_polarity(data, signed=signed)],
            connectionstyle=f"arc3,rad={rad}",
            shrinkA=radius / px + 4,
            shrinkB=radius / px + 4,
            alpha=0.85,
        )
        _ = ax.add_patch(arrow)
        curves.append((a, b, data, _curve(node_px[a], node_px[b], rad)))
    lines = [points for *_, points in curves]

    def measure(label: str, fontsize: float, pad: float) -> tuple[float, float]:
        probe = ax.text(0, 0, label, fontsize=fontsize, ha="center", va="center")
        extent = probe.get_window_extent(renderer)
        probe.remove()
        return extent.width + 2 * pad * fontsize * px, extent.height + 2 * pad * fontsize * px

    placed: list[_Box] = []
    free = True
    # node labels first, the busiest nodes first
    degree = {n: graph.degree(n) for n in pos}
    for node in sorted(pos, key=lambda n: (-degree[n], str(n))):
        data = graph.nodes[node]
        x, y = node_px[node]
        colour = TYPE_COLOURS.get(str(data.get("actor_type", "")), TYPE_COLOURS["other"])
        _ = ax.scatter([pos[node][0]], [pos[node][1]], s=NODE_SIZE, color=colour,
                       edgecolors="white", zorder=3)  # fmt: skip
        label = _short_label(str(data.get(label_key) or data.get("label") or node))
        w, h = measure(label, 9, 0.2)
        gap = radius + 3 * px
        candidates = []
        for step in (0.0, 1.0, 2.0):
            dy_, dx_ = gap + h / 2 + step * h, gap + w / 2 + step * h
            candidates += [
                (x, y + dy_, 2 * step),
                (x, y - dy_, 2 * step),
                (x + dx_, y, 2 * step),
                (x - dx_, y, 2 * step),
                (x + dx_ * 0.8, y + dy_, 2 * step + 1),
                (x - dx_ * 0.8, y + dy_, 2 * step + 1),
                (x + dx_ * 0.8, y - dy_, 2 * step + 1),
                (x - dx_ * 0.8, y - dy_, 2 * step + 1),
            ]
        rivals = np.array([p for n, p in node_px.items() if n != node]).reshape(-1, 2)
        box, ok = _place(
            candidates,
            (w, h),
            hard=placed + nodes,
            soft=lines,
            frame=frame,
            owner=(x, y),
            rivals=rivals,
        )
        free &= ok
        placed.append(box)
        _ = ax.text(
            *to_data(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)),
            label,
            fontsize=9,
            ha="center",
            va="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#cccccc", "alpha": 0.9},
        )
    # then the statement ids of every edge, somewhere along it
    for index, (_a, _b, data, points) in enumerate(curves):
        ids = split_ids(data.get("statement_ids", ""))
        if not ids:
            continue
        label = _ids_label(ids)
        w, h = measure(label, 7, 0.15)
        n = len(points) - 1
        candidates = []
        for cost, t in enumerate((0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)):
            i = round(t * n)
            candidates.append((points[i][0], points[i][1], cost / 3))
        for cost, t in enumerate((0.5, 0.35, 0.65)):
            i = round(t * n)
            tangent = points[min(i + 1, n)] - points[max(i - 1, 0)]
            normal = np.array([-tangent[1], tangent[0]]) / (np.hypot(*tangent) or 1.0)
            shift = (abs(normal[0]) * w + abs(normal[1]) * h) / 2 + 3 * px
            for side in (1, -1):
                x, y = points[i] + side * shift * normal
                candidates.append((x, y, 2 + cost / 3))
        others = lines[:index] + lines[index + 1 :]
        box, ok = _place(candidates, (w, h), hard=placed + nodes, soft=others, frame=frame)
        free &= ok
        placed.append(box)
        _ = ax.text(
            *to_data(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)),
            label,
            fontsize=7,
            ha="center",
            va="center",
            color="#333333",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    return fig, free


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
        for (date, speaker), group in cells:
            k = len(group)
            for j, row in enumerate(group.itertuples()):
                x = centre[date] + (j - (k - 1) / 2) * TIMELINE_SLOT
                y = ypos[str(speaker)]
                _ = ax.scatter([x], [y], s=110, color=ACT_COLOURS.get(row.act, "#777777"), zorder=3)
                _ = ax.annotate(
                    f"S{row.statement_id}",
                    (x, y),
                    xytext=(0, 8),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                )
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
