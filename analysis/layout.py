"""The stance network chart: a seeded layout and labels that never overlap.

:func:`network_layout` places the nodes (spring layout per connected
component, packed); :func:`network_chart` draws signed, coloured edges with
their statement ids and places every node and edge label at the first free
spot around it (no label over another label or a node), spreading the layout
and drawing again when one does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.network import split_ids
from analysis.style import (
    POLARITY_COLOURS,
    TEXT,
    TYPE_COLOURS,
    TYPE_ORDER,
    Chart,
    _check_language,
    _empty,
    _finish,
    _legend,
    _new_figure,
    _rc,
    _short_label,
    _type_name,
    freeze_layout,
)

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.figure import Figure

NODE_SIZE = 260  # network node marker area (points²)


NETWORK_INCH_PER_UNIT = 1.0  # inches per unit of network_layout


NETWORK_MAX_SIZE = (16.0, 14.0)  # largest network figure (inches)


NETWORK_SPREADS = (1.0, 1.3, 1.7, 2.2)  # layout spreads tried until every label is free


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


class _Crossings:
    """Which of some curves (point arrays) a box crosses, all curves tested at once.

    A curve is crossed when one of its points lies strictly inside the box;
    its head is covered when one of its last sixth of points does (an arrow
    head). One vectorised test per box instead of two per curve.
    """

    def __init__(self, curves: list[Any]) -> None:
        import numpy as np

        self.count = len(curves)
        if not curves:
            self.points = np.empty((0, 2))
            self.curve = self.head = np.empty(0, dtype=int)
            return
        self.points = np.concatenate([np.asarray(c, float).reshape(-1, 2) for c in curves])
        self.curve = np.concatenate([np.full(len(c), i) for i, c in enumerate(curves)])
        heads = []
        for c in curves:
            flags = np.zeros(len(c), dtype=bool)
            flags[-len(c) // 6 :] = True  # as ``c[-len(c) // 6 :]`` selects them
            heads.append(flags)
        self.head = np.concatenate(heads)

    def of(self, box: _Box) -> list[bool]:
        """For each crossed curve, in curve order: whether its head is covered."""
        import numpy as np

        if not self.count:
            return []
        x, y = self.points[:, 0], self.points[:, 1]
        inside = (x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)
        crossed = np.bincount(self.curve[inside], minlength=self.count) > 0
        covered = np.bincount(self.curve[inside & self.head], minlength=self.count) > 0
        return [bool(covered[i]) for i in np.flatnonzero(crossed)]


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

    crossings = _Crossings(soft)
    best: tuple | None = None
    for rank, (x, y, cost) in enumerate(candidates):
        box = _Box.centred(x, y, *size)
        clash = sum(box.overlap(b) for b in hard) + box.outside(frame)
        ambiguous = False
        if owner is not None and rivals is not None and len(rivals):
            own = np.hypot(x - owner[0], y - owner[1])
            ambiguous = bool((np.hypot(rivals[:, 0] - x, rivals[:, 1] - y) < own).any())
        penalty = cost
        for head in crossings.of(box):
            penalty += 2 + 3 * head
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
    freeze_layout(fig)
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
    order = sorted(pos, key=lambda n: (-degree[n], str(n)))
    colours = [
        TYPE_COLOURS.get(str(graph.nodes[n].get("actor_type", "")), TYPE_COLOURS["other"])
        for n in order
    ]
    xy = np.array([pos[n] for n in order]).reshape(-1, 2)
    _ = ax.scatter(xy[:, 0], xy[:, 1], s=NODE_SIZE, color=colours, edgecolors="white", zorder=3)
    for node in order:
        data = graph.nodes[node]
        x, y = node_px[node]
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
