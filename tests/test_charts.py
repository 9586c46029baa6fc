"""Tests for analysis.charts on the hand-made article of test_network."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from test_network import build_tables

from analysis import charts, layout, style
from analysis.errors import MawaqifError
from analysis.network import stance_network


def _texts(chart: charts.Chart) -> list[str]:
    fig = chart.figure
    out = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return [t for t in out if t]


def test_actor_prominence_bars_sorted_by_type_and_arabic_labels():
    t = build_tables()
    chart = charts.actor_prominence(t.actors, language="ar")
    ax = chart.figure.axes[0]
    labels = [label.get_text() for label in ax.get_yticklabels()]
    # states first (top to bottom), Russia with 4 mentions on top; tun (0 mentions) left out
    ticks = list(ax.get_yticks())
    assert labels[ticks.index(max(ticks))] == "روسيا"
    assert "تونس" not in labels
    assert len(labels) == 8
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths[-1] == 4
    assert ax.get_title() == "بروز الفاعلين حسب النوع"
    assert "دولة" in _texts(chart)  # legend in Arabic


def test_stance_balance_diverges_negative_left_positive_right():
    t = build_tables()
    chart = charts.stance_balance(t.stances, t.actors)
    ax = chart.figure.axes[0]
    labels = [label.get_text() for label in ax.get_yticklabels()]
    bars = {}
    for patch in ax.patches:
        y = round(patch.get_y() + patch.get_height() / 2)
        bars.setdefault(labels[y], []).append(patch.get_width())
    assert min(bars["Russia"]) == -1 and max(bars["Russia"]) == 0
    assert max(bars["France"]) == 1
    assert ax.get_xlabel() == "number of stances (negative left, positive right)"
    assert ax.get_ylabel() == "speaker"


def test_network_chart_colours_edges_by_sign_and_is_seeded():
    t = build_tables()
    graph = stance_network(t.stances, t.actors)
    first = charts.network_chart(graph, seed=3)
    again = charts.network_chart(graph, seed=3)
    assert first.svg == again.svg
    colours = {
        tuple(round(c, 3) for c in p.get_edgecolor()[:3]) for p in first.figure.axes[0].patches
    }
    assert len(colours) == 2  # red and green edges
    assert "US military" in _texts(first) and "S1" in _texts(first)


def test_network_layout_is_reproducible_and_separates_components():
    t = build_tables()
    graph = stance_network(t.stances, t.actors)
    pos = charts.network_layout(graph, seed=11)
    assert pos == charts.network_layout(graph, seed=11)
    assert set(pos) == set(graph.nodes)
    assert len(set(pos.values())) == len(pos)


def test_timeline_puts_undated_statements_last():
    t = build_tables()
    chart = charts.timeline(t.statements, t.actors)
    ax = chart.figure.axes[0]
    ticks = [label.get_text() for label in ax.get_xticklabels()]
    assert ticks == ["2020-05-28", "2020-05-29", "2020-05-30", "undated"]
    assert {"S1", "S2", "S3", "S4", "S5"} <= set(_texts(chart))


def test_claim_groups_and_claims_chart():
    t = build_tables()
    assert charts.claim_groups(t.statements) == [(1, [2, 3])]
    lone = t.statements.assign(responds_to="")
    assert charts.claim_groups(lone) == [(None, [2]), (None, [3])]
    rejecting = lone.assign(act=lone["act"].replace("deny", "reject"))
    assert charts.claim_groups(rejecting) == []  # a rejection answering nothing is no contest
    chart = charts.claims_chart(t.statements, t.actors)
    texts = _texts(chart)
    assert "US military\nS1 · accuses" in texts
    assert "Russia\nS2 · denies" in texts


def test_claims_chart_without_claims_says_so():
    t = build_tables()
    chart = charts.claims_chart(t.statements.iloc[[3, 4]], t.actors, language="en")
    assert "No claim in this article is denied or answered." in _texts(chart)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_charts_of_an_article_without_actors_or_statements_say_so(language):
    t = build_tables()
    none = {name: getattr(t, name).iloc[0:0] for name in ("actors", "statements", "stances")}
    message = style.TEXT[language]["no_data"]
    for chart in (
        charts.actor_prominence(none["actors"], language=language),
        charts.stance_balance(none["stances"], t.actors, language=language),
        charts.timeline(none["statements"], t.actors, language=language),
        charts.network_chart(stance_network(none["stances"], t.actors), language=language),
    ):
        assert message in _texts(chart) and chart.svg.startswith("<?xml")


def test_all_charts_write_svg_and_png_without_warnings(tmp_path, capfd):
    t = build_tables()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        made = charts.all_charts(t, language="ar", save_to=tmp_path)
    assert sorted(made) == [
        "actor_prominence",
        "claims",
        "stance_balance",
        "stance_network",
        "timeline",
    ]
    for name, chart in made.items():
        svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
        assert svg == chart.svg and "<dc:date>" not in svg
        assert (tmp_path / f"{name}.png").read_bytes().startswith(b"\x89PNG")
        assert chart.figure.axes[0].get_title()
        assert repr(chart) == f"<Chart {name}>"
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_charts_carry_their_title_as_alternative_text(tmp_path, language):
    from PIL import Image

    made = charts.all_charts(build_tables(), language=language, save_to=tmp_path)
    for name, chart in made.items():
        title = chart.figure.axes[0].get_title()
        assert chart.alt.startswith(title) and title
        svg, metadata = chart._repr_svg_()
        assert svg == chart.svg and metadata == {"alt": chart.alt}
        saved = charts.saved_chart(tmp_path, name)
        assert saved.alt == chart.alt and saved._repr_svg_() == (chart.svg, {"alt": chart.alt})
        with Image.open(tmp_path / f"{name}.png") as png:
            assert png.text["Title"] == chart.alt


def test_saved_chart_waits_for_a_chart_still_being_drawn(tmp_path):
    import threading

    made = charts.all_charts(build_tables(), language="en")
    chart = made["stance_balance"]
    drawer = threading.Timer(0.2, style._finish, args=("stance_balance", chart.figure, tmp_path))
    drawer.start()
    try:
        with pytest.raises(MawaqifError, match="stance_balance.svg not found"):
            charts.saved_chart(tmp_path, "stance_balance")  # no wait: not there yet
        saved = charts.saved_chart(tmp_path, "stance_balance", wait=30)
    finally:
        drawer.join()
    assert saved.svg == (tmp_path / "stance_balance.svg").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "stance_balance.png",
        "stance_balance.svg",
    ]


def test_chart_files_appear_whole_and_leave_no_partial_file(tmp_path):
    charts.all_charts(build_tables(), language="en", save_to=tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names and all(not n.startswith(".") for n in names)
    assert len(names) == 2 * len(charts.all_charts(build_tables(), language="en"))


def test_saved_chart_without_title_falls_back_to_its_name(tmp_path):
    (tmp_path / "stance_balance.svg").write_text("<svg></svg>", encoding="utf-8")
    assert charts.saved_chart(tmp_path, "stance_balance").alt == "stance balance"


def test_chart_svg_is_reproducible():
    t = build_tables()
    assert (
        charts.timeline(t.statements, t.actors).svg == charts.timeline(t.statements, t.actors).svg
    )


def test_unknown_language_raises():
    t = build_tables()
    with pytest.raises(MawaqifError, match="language"):
        charts.actor_prominence(t.actors, language="fr")


def test_network_layout_same_in_every_process():
    """Hash randomisation must not change the layout (set order differs per process)."""
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from test_network import build_tables\n"
        "from analysis.charts import network_layout\n"
        "from analysis.network import stance_network, cooccurrence_network\n"
        "t = build_tables()\n"
        "print(network_layout(stance_network(t.stances, t.actors), seed=5))\n"
        "print(network_layout(cooccurrence_network(t.mentions, t.actors), seed=5))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(outputs) == 1


def _dense_graph():
    """Ten actors with long names, crossing and reciprocal signed edges, two isolates."""
    import itertools

    import networkx as nx

    names = [
        ("United States Africa Command", "القيادة الأمريكية لأفريقيا"),
        ("Russia", "روسيا"),
        ("Member of the Russia parliament", "عضو بالبرلمان الروسي"),
        ("Libyan National Army (Haftar)", "الجيش الوطني الليبي"),
        ("US military", "الجيش الأمريكي"),
        ("Tunisia defence ministry", "وزارة الدفاع التونسية"),
        ("France", "فرنسا"),
        ("Khalifa Haftar", "خليفة حفتر"),
        ("Officials of Türkiye", "مسؤولون أتراك"),
        ("United Nations", "الأمم المتحدة"),
    ]
    graph = nx.DiGraph()
    for i, (en, ar) in enumerate(names):
        kind = ("state", "military", "person")[i % 3]
        graph.add_node(f"a{i}", label_en=en, label_ar=ar, actor_type=kind)
    k = 0
    for i, j in itertools.combinations(range(8), 2):
        if (i * 3 + j) % 4 == 0 or j == i + 1:
            k += 1
            ids = ";".join(str(k + x) for x in range(1 + k % 5))
            polarity = "negative" if k % 2 else "positive"
            graph.add_edge(f"a{i}", f"a{j}", weight=1, polarity=polarity, statement_ids=ids)
            if k % 3 == 0:
                graph.add_edge(
                    f"a{j}", f"a{i}", weight=2, polarity="positive", statement_ids=str(100 + k)
                )
    return graph


def _label_boxes(chart: charts.Chart):
    fig = chart.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    out = []
    for text in ax.texts:
        patch = text.get_bbox_patch()
        extent = text.get_window_extent(renderer)
        box = patch.get_window_extent(renderer) if patch is not None else extent
        out.append((text.get_text(), extent, box))
    return out


@pytest.mark.parametrize("language", ["en", "ar"])
def test_network_chart_labels_do_not_overlap_in_a_dense_graph(language):
    import itertools

    import numpy as np

    graph = _dense_graph()
    chart = charts.network_chart(graph, language=language)
    boxes = _label_boxes(chart)
    # one label per node and one per edge with statement ids
    assert len(boxes) == graph.number_of_nodes() + graph.number_of_edges()
    for (a, ta, ba), (b, tb, bb) in itertools.combinations(boxes, 2):
        assert not ta.overlaps(tb), (a, b)
        assert not ba.overlaps(bb), (a, b)
    # no label box covers a node marker's centre
    ax = chart.figure.axes[0]
    centres = np.vstack([ax.transData.transform(c.get_offsets()) for c in ax.collections])
    for label, _, box in boxes:
        inside = (
            (centres[:, 0] > box.x0)
            & (centres[:, 0] < box.x1)
            & (centres[:, 1] > box.y0)
            & (centres[:, 1] < box.y1)
        )
        assert not inside.any(), label
    # and every label lies inside the figure
    width, height = chart.figure.canvas.get_width_height()
    for label, _, box in boxes:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, label


def test_network_chart_node_label_is_nearest_its_own_node():
    """A label never sits closer to another node than to its own (markers and
    node labels are drawn in the same order)."""
    import numpy as np

    graph = _dense_graph()
    chart = charts.network_chart(graph)
    ax = chart.figure.axes[0]
    renderer = chart.figure.canvas.get_renderer()
    markers = np.vstack([ax.transData.transform(c.get_offsets()) for c in ax.collections])
    assert len(markers) == graph.number_of_nodes()
    for i, text in enumerate(ax.texts[: len(markers)]):
        box = text.get_window_extent(renderer)
        mid = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
        distances = np.hypot(*(markers - mid).T)
        assert int(np.argmin(distances)) == i, text.get_text()


def test_network_chart_legends_explain_colours_in_both_languages():
    graph = _dense_graph()
    for language, edge_word, type_word in (("en", "negative", "military"), ("ar", "سلبي", "جيش")):
        chart = charts.network_chart(graph, language=language)
        legends = chart.figure.legends
        assert len(legends) == 2
        texts = [t.get_text() for legend in legends for t in legend.get_texts()]
        assert edge_word in texts and type_word in texts
        assert charts.TEXT[language]["mixed"] not in texts  # only colours that are drawn
        titles = {legend.get_title().get_text() for legend in legends}
        assert titles == {
            charts.TEXT[language]["edge_legend"],
            charts.TEXT[language]["type_legend"],
        }
        assert chart.figure.axes[0].get_title() == charts.TEXT[language]["network"]


def test_network_chart_figure_grows_with_the_network():
    import networkx as nx

    pair = nx.DiGraph()
    pair.add_node("a", label_en="A", actor_type="state")
    pair.add_node("b", label_en="B", actor_type="state")
    pair.add_edge("a", "b", weight=1, polarity="negative", statement_ids="1")
    small = charts.network_chart(pair).figure.get_size_inches()
    large = charts.network_chart(_dense_graph()).figure.get_size_inches()
    assert small[1] < large[1]
    assert small[0] * small[1] < large[0] * large[1]


def test_short_and_id_labels():
    assert style._short_label("Libyan National Army (Haftar)") == "Libyan National Army\n(Haftar)"
    long = style._short_label("one two three four five six seven eight nine ten eleven twelve")
    assert long.count("\n") == 1 and long.endswith("…")
    assert layout._ids_label(["4", "5", "6", "7"]) == "S4,S5 +2"


AXIS_CHARTS = ("actor_prominence", "stance_balance", "timeline")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_chart_has_title_axis_labels_and_colour_legend(language):
    t = build_tables()
    made = charts.all_charts(t, language=language)
    text = charts.TEXT[language]
    titles = {name: chart.figure.axes[0].get_title() for name, chart in made.items()}
    assert titles == {
        "actor_prominence": text["prominence"],
        "stance_balance": text["balance"],
        "stance_network": text["network"],
        "timeline": text["timeline"],
        "claims": text["claims"],
    }
    for name in AXIS_CHARTS:
        ax = made[name].figure.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel(), name
    legend_titles = {
        name: [legend.get_title().get_text() for legend in chart.figure.legends]
        for name, chart in made.items()
    }
    assert legend_titles["actor_prominence"] == [text["type_title"]]
    assert legend_titles["stance_balance"] == [text["polarity_title"]]
    assert legend_titles["timeline"] == [text["act_title"]]
    assert legend_titles["claims"] == [text["answer_title"]]
    assert len(legend_titles["stance_network"]) == 2
    # labels in the chosen language only: no English act names on Arabic charts
    words = set(_texts(made["timeline"]))
    other = charts.ACT_NAMES["en" if language == "ar" else "ar"]
    assert not words & set(other.values())


def _inside_figure(chart: charts.Chart) -> list[str]:
    """Parts of a chart (the axes with its ticks, labels and texts; legends) outside the figure."""
    fig = chart.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    parts = [("axes", fig.axes[0].get_tightbbox(renderer))]
    parts += [("legend", legend.get_window_extent(renderer)) for legend in fig.legends]
    return [
        name
        for name, box in parts
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_chart_texts_stay_inside_the_figure(language):
    t = build_tables()
    many = t.statements.assign(act="claim")
    acts = list(charts.ACT_COLOURS)
    many["act"] = [acts[i % len(acts)] for i in range(len(many))]
    for chart in (
        *charts.all_charts(t, language=language).values(),
        charts.timeline(many, t.actors, language=language),  # a wide legend
    ):
        assert _inside_figure(chart) == [], chart.name


def test_arabic_bar_charts_are_mirrored():
    t = build_tables()
    for language, side in (("en", "left"), ("ar", "right")):
        ax = charts.actor_prominence(t.actors, language=language).figure.axes[0]
        assert ax.yaxis.get_ticks_position() == side
        assert ax.yaxis.get_label_position() == side
        assert ax.xaxis_inverted() == (language == "ar")  # bars grow from the names
        ax = charts.stance_balance(t.stances, t.actors, language=language).figure.axes[0]
        assert ax.yaxis.get_ticks_position() == side
        assert not ax.xaxis_inverted()  # negative stays left in both languages
    legend = charts.actor_prominence(t.actors, language="ar").figure.legends[0]
    assert legend._legend_box.align == "right" or legend.get_alignment() == "right"


def test_bar_value_labels_do_not_touch_their_bars():
    t = build_tables()
    for language in ("en", "ar"):
        chart = charts.actor_prominence(t.actors, language=language)
        fig = chart.figure
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        bars = [p.get_window_extent(renderer) for p in ax.patches]
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            assert not any(box.overlaps(bar) for bar in bars), (language, text.get_text())


def test_timeline_cells_stay_in_their_date_column():
    t = build_tables()
    # five statements by one speaker on one date, one on the next date
    crowded = pd.concat([t.statements] * 2, ignore_index=True)
    crowded["statement_id"] = range(1, len(crowded) + 1)
    crowded["speaker_id"] = "usa_military"
    crowded["date"] = ["2020-05-28"] * (len(crowded) - 1) + ["2020-05-29"]
    chart = charts.timeline(crowded, t.actors)
    fig = chart.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    (boundary,) = [line.get_xdata()[0] for line in ax.lines if line.get_xdata()[0] > 0]
    xs = sorted(float(x) for c in ax.collections for x, _ in c.get_offsets())
    assert sum(x < boundary for x in xs) == len(crowded) - 1  # the crowded 2020-05-28
    ticks = dict(zip([x.get_text() for x in ax.get_xticklabels()], ax.get_xticks(), strict=True))
    assert ticks["2020-05-28"] < boundary < ticks["2020-05-29"]
    # statement labels never overlap one another
    boxes = [a.get_window_extent(renderer) for a in ax.texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_claims_chart_has_column_headings_and_legend_in_arabic():
    t = build_tables()
    chart = charts.claims_chart(t.statements, t.actors, language="ar")
    texts = _texts(chart)
    assert "الادعاء" in texts and "الرد عليه" in texts
    legend = chart.figure.legends[0]
    labels = [x.get_text() for x in legend.get_texts()]
    assert labels == ["ينفي الادعاء أو يرفضه"]  # only denials answer the claim here
    ax = chart.figure.axes[0]
    claim = next(x for x in ax.texts if x.get_text().startswith("الجيش الأميركي"))
    answer = next(x for x in ax.texts if x.get_text().startswith("روسيا"))
    assert claim.get_position()[0] > answer.get_position()[0]  # claim on the right


def test_legend_drops_columns_to_fit_the_figure():
    from matplotlib.lines import Line2D

    fig = style._new_figure(3, 2)
    handles = [Line2D([0], [0], label=f"a rather long label {i}") for i in range(6)]
    legend = style._legend(fig, handles, "en", loc="outside lower center", ncols=6)
    assert legend._ncols < 6
    renderer = fig.canvas.get_renderer()
    assert legend.get_window_extent(renderer).width <= fig.bbox.width
    rtl = style._legend(style._new_figure(8, 2), handles[:3], "ar", loc="center", ncols=3)
    # Arabic rows fill from the right: the first label is drawn rightmost
    fig = rtl.figure
    fig.canvas.draw()
    xs = {t.get_text(): t.get_window_extent().x0 for t in rtl.get_texts() if t.get_text()}
    assert xs["a rather long label 0"] > xs["a rather long label 1"] > xs["a rather long label 2"]


def test_network_chart_unsigned_network_has_grey_edges_and_no_stance_legend():
    from analysis.network import cooccurrence_network

    t = build_tables()
    chart = charts.network_chart(cooccurrence_network(t.mentions, t.actors), title="co-occurrence")
    ax = chart.figure.axes[0]
    grey = tuple(int(charts.POLARITY_COLOURS["neutral"][i : i + 2], 16) / 255 for i in (1, 3, 5))
    colours = {tuple(round(c, 3) for c in p.get_edgecolor()[:3]) for p in ax.patches}
    assert colours == {tuple(round(c, 3) for c in grey)}
    titles = [legend.get_title().get_text() for legend in chart.figure.legends]
    assert titles == [charts.TEXT["en"]["type_legend"]]
    assert ax.get_title() == "co-occurrence"


def test_network_chart_svg_same_in_every_process():
    """Label placement must not depend on hash order: the SVG is byte-identical."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, hashlib; sys.path.insert(0, 'tests')\n"
        "from test_charts import _dense_graph\n"
        "from analysis.charts import network_chart\n"
        "svg = network_chart(_dense_graph(), language='ar').svg\n"
        "print(hashlib.sha256(svg.encode()).hexdigest())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2)
    }
    assert len(outputs) == 1


def _laid_out_figure():
    fig = style._new_figure(4, 3)
    ax = fig.add_subplot()
    _ = ax.set_ylabel("a long label that needs a wide left margin\nover two lines")
    _ = ax.set_title("title")
    _ = ax.barh(["one actor with a long name", "another"], [3, 1])
    return fig


def test_freeze_layout_keeps_the_constrained_layout_and_drops_the_engine():
    drawn, frozen = _laid_out_figure(), _laid_out_figure()
    before = frozen.axes[0].get_position().bounds
    drawn.draw_without_rendering()
    style.freeze_layout(frozen)
    assert frozen.get_layout_engine() is None
    assert frozen.axes[0].get_position().bounds != pytest.approx(before)  # it was laid out
    assert frozen.axes[0].get_position().bounds == pytest.approx(
        drawn.axes[0].get_position().bounds
    )


def test_finish_draws_the_figure_once_per_saved_format(tmp_path, monkeypatch):
    fig = _laid_out_figure()
    calls = []
    draw = type(fig).draw
    monkeypatch.setattr(
        type(fig), "draw", lambda self, renderer: calls.append(1) or draw(self, renderer)
    )
    chart = style._finish("probe", fig, tmp_path)
    assert chart.files == ("probe.svg", "probe.png")
    assert len(calls) == 2  # one SVG, one PNG: no extra layout passes


def _inside(box, points) -> bool:
    x, y = points[:, 0], points[:, 1]
    return bool(((x > box.x0) & (x < box.x1) & (y > box.y0) & (y < box.y1)).any())


def test_crossings_match_a_curve_by_curve_test():
    # label placement scores all edge curves at once; the answer must be what
    # testing each curve's points (and its last sixth, the arrow head) gives
    import numpy as np

    from analysis.layout import _Box, _Crossings

    rng = np.random.default_rng(3)
    curves = [rng.uniform(0, 100, size=(n, 2)) for n in (40, 40, 7, 1, 40)]
    crossings = _Crossings(curves)
    for _ in range(200):
        x0, y0 = rng.uniform(-10, 100, size=2)
        box = _Box(x0, y0, x0 + rng.uniform(1, 40), y0 + rng.uniform(1, 20))

        expected = [_inside(box, c[-len(c) // 6 :]) for c in curves if _inside(box, c)]
        assert crossings.of(box) == expected
    assert _Crossings([]).of(_Box(0, 0, 1, 1)) == []
