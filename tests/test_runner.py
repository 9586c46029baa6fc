"""Tests for analysis.runner: the report command, its bad inputs and nbval on the notebooks.

Tests marked ``slow`` start Jupyter kernels.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_parse import printed_by

from analysis import runner
from analysis.cli import main
from analysis.errors import MawaqifError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4e5fc412234f2c9f.txt"
SEED_DATE = "2020-05-30"


ARTICLES = {
    "empty": b" \n\n ",
    "english": b"The minister said nothing.\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00",
}


@pytest.fixture
def previous(tmp_path):
    """A previous report and figures folder for the seed, with a marker file each."""
    reports, figures = tmp_path / "reports", tmp_path / "figures"
    for root in (reports, figures):
        (root / SEED.stem).mkdir(parents=True)
        (root / SEED.stem / "marker.txt").write_text("old", encoding="utf-8")
    return reports, figures


def _intact(reports: Path, figures: Path) -> bool:
    return all(
        sorted(p.name for p in root.iterdir()) == [SEED.stem]
        and (root / SEED.stem / "marker.txt").read_text(encoding="utf-8") == "old"
        for root in (reports, figures)
    )


def test_slug_of_uses_the_file_name():
    assert runner.slug_of("seeds/000_4e5fc412234f2c9f.txt") == "000_4e5fc412234f2c9f"
    assert runner.slug_of("a b/مقال 1.txt") == "مقال_1"


def test_declared_parameters_reads_the_parameters_cell():
    found = runner.declared_parameters(ROOT / "notebooks" / "01_actors.ipynb")
    assert list(found)[:3] == ["article_path", "article_date", "lexicon_path"]
    assert found["layout_seed"] == 7 and found["label_language"] == "en"
    for name in runner.NOTEBOOKS:  # every notebook takes the same parameters
        assert runner.declared_parameters(ROOT / "notebooks" / name) == found


def test_coerce_parameters_to_the_default_type():
    declared = {"layout_seed": 7, "label_language": "en"}
    assert runner.coerce_parameters({"layout_seed": "3"}, declared) == {"layout_seed": 3}
    with pytest.raises(MawaqifError, match="layout_seed must be int"):
        runner.coerce_parameters({"layout_seed": "x"}, declared)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"article_path": "missing.txt"}, "article not found"),
        ({"date": "2020-5-30"}, "bad date"),
        ({"date": "2020-02-30"}, "no such day"),
        ({"lexicon_path": "missing.yaml"}, "lexicon not found"),
        ({"label_language": "fr"}, "label language"),
        ({"parameters": {"colour": "red"}}, "unknown parameter 'colour'"),
        ({"article_path": "empty"}, "empty article"),
        ({"article_path": "english"}, "no Arabic text"),
        ({"article_path": "binary"}, "binary"),
    ],
)
def test_run_report_bad_input_keeps_previous_report(previous, kwargs, message):
    reports, figures = previous
    args = {"article_path": SEED, "date": SEED_DATE, **kwargs}
    if args["article_path"] in ARTICLES:
        path = reports.parent / "article.txt"
        path.write_bytes(ARTICLES[args["article_path"]])
        args["article_path"] = path
    with pytest.raises(MawaqifError, match=message) as info:
        runner.run_report(
            args.pop("article_path"), reports_root=reports, figures_root=figures, **args
        )
    assert "\n" not in str(info.value)
    assert _intact(reports, figures)


def test_load_stage_keeps_windows_line_ends(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    article = tmp_path / "crlf.txt"
    article.write_bytes(text.encode("utf-8"))
    tables = runner.parse_stage(article, date=SEED_DATE, output_dir=tmp_path / "out")
    assert tables.text == text and "\r\n" in tables.text
    for row in tables.mentions.itertuples():
        assert tables.text[row.start : row.end] == row.surface
    for row in tables.sentences.itertuples():
        assert tables.text[row.start : row.end] == row.text


def test_cli_report_bad_date_one_line_exit_2(previous, capsys):
    reports, figures = previous
    code = main(
        ["report", str(SEED), "--date", "30/05/2020", "--reports", str(reports),
         "--figures", str(figures)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("mawaqif: error: bad date")
    assert _intact(reports, figures)


def notebooks_with(tmp_path: Path, notebook: str, marker: str, source: str) -> tuple[Path, int]:
    """A copy of notebooks/ in which the cell of ``notebook`` holding ``marker`` runs
    ``source`` instead; the copy's folder and that cell's index."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    path = notebooks / notebook
    nb = json.loads(path.read_text(encoding="utf-8"))
    index = next(i for i, c in enumerate(nb["cells"]) if marker in "".join(c["source"]))
    nb["cells"][index]["source"] = source
    path.write_text(json.dumps(nb), encoding="utf-8")
    return notebooks, index


@pytest.mark.slow
def test_run_report_failing_notebook_names_notebook_and_cell(previous, tmp_path):
    reports, figures = previous
    notebooks, index = notebooks_with(
        tmp_path, "02_stances.ipynb", "tables.stances)", "report.table_block(tables.no_such_table)"
    )
    with pytest.raises(MawaqifError) as info:
        runner.run_report(
            SEED, date=SEED_DATE, reports_root=reports, figures_root=figures,
            notebooks_dir=notebooks,
        )  # fmt: skip
    message = str(info.value)
    assert message.startswith(f"notebook 02_stances.ipynb, cell {index + 1} (")
    assert "AttributeError" in message and "\n" not in message
    assert _intact(reports, figures)


@pytest.mark.slow
def test_run_report_failure_before_a_chart_stops_the_report_notebook_waiting_for_it(
    previous, tmp_path, monkeypatch
):
    # 04 runs beside the others and waits for each chart; 01 fails before drawing
    # actor_prominence, so 04 would wait chart_wait seconds if it were not stopped
    import time

    monkeypatch.setattr(runner, "CHART_WAIT", 120.0)
    reports, figures = previous
    notebooks, index = notebooks_with(
        tmp_path, "01_actors.ipynb", "charts.actor_prominence", "raise ValueError('no chart')"
    )
    started = time.monotonic()
    with pytest.raises(MawaqifError) as info:
        runner.run_report(
            SEED, date=SEED_DATE, reports_root=reports, figures_root=figures,
            notebooks_dir=notebooks,
        )  # fmt: skip
    assert time.monotonic() - started < 60
    assert str(info.value).startswith(f"notebook 01_actors.ipynb, cell {index + 1} (")
    assert _intact(reports, figures)


@pytest.mark.slow
def test_stopped_kernels_are_never_handed_out(tmp_path):
    # a kernel still starting when the run stops is stopped too, and no notebook
    # gets None (papermill would then start a kernel of its own and run on)
    kernels = runner._Kernels(2, tmp_path)
    try:
        kernels.stop()
        for index in range(2):
            with pytest.raises(MawaqifError, match="stopped"):
                kernels.ready(index)
        assert kernels.managers == [None, None]
    finally:
        kernels.close()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    """One full report of the seed into a temporary folder."""
    root = tmp_path_factory.mktemp("seed")
    out = runner.run_report(
        SEED, date=SEED_DATE, reports_root=root / "reports", figures_root=root / "figures"
    )
    return out, root / "figures" / SEED.stem


@pytest.mark.slow
def test_run_report_writes_every_file(seed_report):
    out, figures = seed_report
    names = {p.name for p in out.iterdir()}
    assert set(runner.NOTEBOOKS) <= names
    assert {"actors.csv", "statements.csv", "stances.csv", "report.html", "report.md"} <= names
    assert {"stance_network.graphml", "stance_network.gexf", "conflict_network.graphml"} <= names
    for chart in ("actor_prominence", "stance_balance", "stance_network", "timeline", "claims"):
        assert (figures / f"{chart}.svg").is_file() and (figures / f"{chart}.png").is_file()
    assert not [p.name for p in figures.iterdir() if p.name.startswith(".")]  # no partial file
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no staging left


@pytest.mark.slow
def test_run_report_notebooks_have_no_timing_paths_or_stderr(seed_report):
    out, _ = seed_report
    for name in runner.NOTEBOOKS:
        nb = json.loads((out / name).read_text(encoding="utf-8"))
        assert "papermill" not in nb["metadata"]
        for cell in nb["cells"]:
            assert "papermill" not in cell["metadata"] and "execution" not in cell["metadata"]
            for output in cell.get("outputs", []):
                assert output.get("name") != "stderr", (name, output)
                assert output["output_type"] != "error"
        injected = next(c for c in nb["cells"] if "injected-parameters" in c["metadata"]["tags"])
        assert f'output_dir = "{os.path.relpath(out, ROOT / "notebooks")}"' in "".join(
            injected["source"]
        )


@pytest.mark.slow
def test_run_report_html_hides_code_and_parameters(seed_report):
    out, _ = seed_report
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "runner.load_stage" not in html and "article_path" not in html
    assert 'dir="rtl" lang="ar" style="text-align:right"' in html
    assert html.count('src="data:image/svg+xml;base64,PD94bWwg') == 5  # the five charts
    alts = re.findall(r'<img alt="([^"]*)"', html)
    assert len(alts) == 5 and all(alts) and "No description" not in html
    assert "Contested claims and who denies them" in html
    md = (out / "report.md").read_text(encoding="utf-8")
    assert f"](../../figures/{SEED.stem}/stance_network.png)" in md


def _nbval(notebooks: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", str(notebooks), "-p", "no:cacheprovider",
         "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), "-q",
         "--rootdir", str(notebooks)],
        capture_output=True, text=True, cwd=notebooks, check=False,
    )  # fmt: skip


def _copy_notebooks(tmp_path: Path, lexicon: Path | None) -> Path:
    """notebooks/01-04 with their reference outputs, parameters pointed at tmp_path."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in runner.NOTEBOOKS:
        nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
        cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
        source = "".join(cell["source"])
        swaps = {
            "article_path": str(SEED),
            "lexicon_path": str(lexicon) if lexicon else "",
            "output_dir": str(tmp_path / "out"),
            "figures_dir": str(tmp_path / "fig"),
        }
        lines = []
        for line in source.splitlines():
            key = line.split(":")[0].strip()
            lines.append(f"{key}: str = {json.dumps(swaps[key])}" if key in swaps else line)
        cell["source"] = "\n".join(lines)
        (notebooks / name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return notebooks


@pytest.mark.slow
def test_nbval_passes_on_reference_outputs(tmp_path):
    result = _nbval(_copy_notebooks(tmp_path, None))
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.slow
def test_nbval_fails_when_a_lexicon_entry_changes(tmp_path):
    actors = yaml.safe_load((ROOT / "analysis" / "data" / "actors.yaml").read_text("utf-8"))
    entries = actors["actors"] if isinstance(actors, dict) else actors
    entry = dict(next(e for e in entries if e["actor_id"] == "africom"))
    entry["name_en"] = "Africa Command (renamed)"
    lexicon = tmp_path / "changed.yaml"
    lexicon.write_text(yaml.safe_dump({"actors": [entry]}, allow_unicode=True), "utf-8")
    result = _nbval(_copy_notebooks(tmp_path, lexicon))
    assert result.returncode != 0
    assert "01_actors.ipynb" in result.stdout and "failed" in result.stdout


def test_report_command_checks_its_input_and_reaches_the_template_without_heavy_imports():
    # the parent only checks the article and starts the kernel template: pandas
    # there would delay every kernel by its import time, jupyter_client the template
    code = (
        "import sys; from analysis import cli; "
        f"cli.build_parser(['report', {str(SEED)!r}]); "
        "from analysis.text import check_article; "
        f"check_article({str(SEED)!r}); "
        "from analysis import folders, runner, template; "
        "runner.declared_parameters(runner.NOTEBOOKS_DIR / runner.NOTEBOOKS[0]); "
        "heavy = ('pandas', 'numpy', 'matplotlib', 'jupyter_client', 'zmq'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    assert printed_by(code) == ["[]"]


def test_warm_kernel_loads_only_what_the_notebook_needs():
    code = (
        "import sys; from analysis import runner; runner.warm_kernel({args}); "
        "print(*(m in sys.modules for m in "
        "('analysis.report', 'networkx', 'matplotlib.backends.backend_svg', 'analysis.charts')))"
    )
    loaded = {
        args: printed_by(code.format(args=args))
        for args in ("charts=False, networks=False", "charts=False", "charts=True")
    }
    assert loaded == {
        "charts=False, networks=False": ["True", "False", "False", "False"],  # 01
        "charts=False": ["True", "True", "False", "False"],  # 04
        "charts=True": ["True", "True", "True", "True"],  # 02, 03
    }


def test_papermill_is_imported_without_unused_modules_which_stay_importable():
    code = (
        "import sys; from analysis import runner; pm = runner._papermill(); "
        "print(callable(pm.execute_notebook), 'jsonschema' in sys.modules, "
        "any(name in sys.modules for name in runner.UNUSED_ON_IMPORT)); "
        "import pyarrow.parquet, isoduration, webcolors, jsonpointer; "
        "print(all(sys.modules[name] for name in ('pyarrow', 'isoduration', 'jsonpointer')))"
    )
    assert printed_by(code) == ["True", "True", "False", "True"]


def test_export_html_reuses_one_exporter_and_keeps_each_title():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("مواقف")])
    first = runner._export_html(nb, "Mawaqif report: one")
    exporter = runner._html_exporter()
    second = runner._export_html(nb, "Mawaqif report: two")
    assert runner._html_exporter() is exporter  # templates compiled once per process
    assert "<title>Mawaqif report: one</title>" in first
    assert "<title>Mawaqif report: two</title>" in second
    assert "title" not in nb.metadata  # the caller's notebook is untouched


@pytest.mark.parametrize("cache", ["on", "off"])
def test_html_exporter_keeps_compiled_templates_in_the_cache(tmp_path, monkeypatch, cache):
    import nbformat

    monkeypatch.setenv("MAWAQIF_CACHE", str(tmp_path / "cache") if cache == "on" else "off")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("مواقف")])
    runner._html_exporter.cache_clear()
    try:
        html = runner._export_html(nb, "t")
        cached = sorted((tmp_path / "cache" / "jinja").glob("*.cache"))
        runner._html_exporter.cache_clear()  # a new process: templates from the cache
        assert runner._export_html(nb, "t") == html
    finally:
        runner._html_exporter.cache_clear()
    assert (len(cached) >= 5) == (cache == "on")
