"""What every chart shares: rcParams, colours, label texts and the finishing step.

:class:`Chart` (figure + SVG, displayed by Jupyter and compared by nbval),
the English and Arabic label texts, the colours by polarity, actor type and
act, and small helpers (names of actors in the chosen language, Arabic
right-to-left mirroring, legends read right to left, SVG + PNG output).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.errors import MawaqifError
from analysis.folders import write_file_atomically
from analysis.lexicon import ACTOR_TYPE_ORDER

if TYPE_CHECKING:  # pragma: no cover
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
    # Glyphs as the font draws them, not fitted to the pixel grid: at PNG_DPI the
    # text looks the same, the PNGs take 14% less CPU, and the Agg measurements
    # that lay a chart out match the unhinted outlines the SVG draws.
    "text.hinting": "no_hinting",
}


PNG_DPI = 150
# zlib level 3 (Pillow's default is 6): the last of zlib's fast levels. The seed's
# five PNGs take 0.15 s instead of 0.21 s of CPU to compress and are 11% larger.
PNG_COMPRESS_LEVEL = 3


NAME_WIDTH = 42  # longest actor name on a bar or timeline axis before "…"


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
    alt: str = ""

    def _repr_svg_(self) -> tuple[str, dict[str, str]]:
        return self.svg, {"alt": self.alt}

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
    """A constrained-layout figure with an Agg canvas (text can be measured).

    Its resolution is the PNG's, so the layout is measured with the renderer
    the PNG is then drawn with, and matplotlib's text measurements are reused.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=PNG_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _empty(ax: Any, message: str) -> None:
    ax.set_axis_off()
    _ = ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)


def alt_text(fig: Figure, name: str) -> str:
    """A chart's alternative text: its axes titles, else its name."""
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles) or name.replace("_", " ")


def freeze_layout(fig: Figure) -> None:
    """Lay the figure out once (constrained layout, Agg text metrics), then drop its engine.

    With a layout engine, every ``savefig`` first draws the whole figure once
    without rendering, to lay it out; a figure without one is drawn once per
    format, which halves the cost of saving SVG and PNG. The layout is the
    engine's final one, so nothing moves.
    """
    import matplotlib

    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    with matplotlib.rc_context(
        {"figure.autolayout": False, "figure.constrained_layout.use": False}
    ):
        fig.set_layout_engine(None)


def _finish(name: str, fig: Figure, save_to: str | Path | None) -> Chart:
    import matplotlib

    files: list[str] = []
    alt = alt_text(fig, name)
    with matplotlib.rc_context(RC):
        freeze_layout(fig)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": alt})
        svg = buffer.getvalue()
        if save_to is not None:
            folder = Path(save_to)
            folder.mkdir(parents=True, exist_ok=True)
            # Each file appears whole, the SVG last: a notebook waiting for the
            # chart (saved_chart's wait) reads it only then.
            png = io.BytesIO()
            fig.savefig(
                png,
                format="png",
                dpi=PNG_DPI,
                metadata={"Title": alt},
                pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL},
            )
            write_file_atomically(folder / f"{name}.png", png.getvalue())
            write_file_atomically(folder / f"{name}.svg", svg.encode("utf-8"))
            files = [f"{name}.svg", f"{name}.png"]
    return Chart(name=name, figure=fig, svg=svg, files=tuple(files), alt=alt)


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


def _offset_points(ax: Any, dx: float, dy: float) -> Any:
    """Data coordinates shifted by ``dx, dy`` points: a label beside its mark.

    A text in these coordinates costs less to lay out and draw than an
    annotation with ``textcoords="offset points"`` and lands on the same spot.
    """
    from matplotlib.transforms import offset_copy

    return offset_copy(ax.transData, fig=ax.figure, x=dx, y=dy, units="points")


def _value_label(ax: Any, x: float, y: float, value: int, *, rightwards: bool) -> None:
    """A count just beyond the end of a bar (a few points away, never on it)."""
    _ = ax.text(
        x,
        y,
        f"{value}",
        transform=_offset_points(ax, 3 if rightwards else -3, 0),
        va="center",
        ha="left" if rightwards else "right",
        fontsize=8,
    )


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
