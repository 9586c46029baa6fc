"""``python -m analysis report``: run the notebooks and build ``reports/<slug>/``.

The notebooks in ``notebooks/`` (01 actors → 02 stances → 03 network → 04
report) are executed with papermill's Python API in this one process; the
kernels are started together up front, so their start-up overlaps. Each
notebook gets its parameters injected and runs in ``notebooks/`` (papermill
``cwd``), so the notebooks' own default paths are relative to that folder.

Everything is built in temporary folders beside ``reports/<slug>/`` and
``figures/<slug>/`` and swapped in only when every notebook has run, so a
failure leaves the previous report as it was.

The notebook-facing helpers :func:`parse_stage` and :func:`load_stage` pass
the tables between notebooks as files (notebook 01 writes them, the others
read them); notebooks themselves never write files.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import functools
import json
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import MawaqifError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    import pandas as pd

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = ("01_actors.ipynb", "02_stances.ipynb", "03_network.ipynb", "04_report.ipynb")
REPORT_NOTEBOOK = "04_report.ipynb"
KERNEL_NAME = "python3"
DEFAULT_SEED = 7
TABLES = ("sentences", "actors", "mentions", "statements", "stances")
INT_COLUMNS = {
    "sentences": ["sentence_id", "paragraph_id", "start", "end"],
    "actors": ["mention_count"],
    "mentions": ["mention_id", "sentence_id", "start", "end"],
    "statements": ["statement_id", "sentence_id", "start", "end"],
    "stances": ["stance_id", "sentence_id", "start", "end"],
}
NULLABLE_INT_COLUMNS = {"statements": ["responds_to"], "stances": ["statement_id"]}
FLOAT_COLUMNS = {"mentions": ["confidence"], "statements": ["confidence"]}
PARAMETER_TAGS = {"parameters", "injected-parameters"}


# --------------------------------------------------------------------------
# Tables passed between notebooks


@dataclass
class Tables:
    """The tables of one article plus its text, as the notebooks use them."""

    name: str
    text: str
    date: str
    sentences: pd.DataFrame = field(repr=False)
    actors: pd.DataFrame = field(repr=False)
    mentions: pd.DataFrame = field(repr=False)
    statements: pd.DataFrame = field(repr=False)
    stances: pd.DataFrame = field(repr=False)

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, t))} {t}" for t in TABLES)
        return f"{self.name} ({self.date or 'no date'}): {counts}"

    def _repr_html_(self) -> str:
        import html

        rows = "".join(f"<tr><td>{t}</td><td>{len(getattr(self, t))}</td></tr>" for t in TABLES)
        return (
            f"<p>{html.escape(self.name)} ({html.escape(self.date or 'no date')})</p>"
            f"<table><thead><tr><th>table</th><th>rows</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def _blank_to_none(value: Any) -> Any:
    return None if value is None or str(value).strip() == "" else value


def parse_stage(
    article_path: str | Path,
    *,
    date: str | None = None,
    lexicon_path: str | None = None,
    output_dir: str | Path,
) -> Tables:
    """Parse an article and write its tables (CSV) and text into ``output_dir``.

    Notebook 01 calls this; the later notebooks read the files back with
    :func:`load_stage`.
    """
    from analysis.folders import write_file_atomically
    from analysis.pipeline import parse
    from analysis.tables import COLUMNS, to_csv_bytes

    result = parse(article_path, date=_blank_to_none(date), lexicon=_blank_to_none(lexicon_path))
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in result.tables().items():
        (folder / f"{name}.csv").write_bytes(to_csv_bytes(frame, COLUMNS[name]))
    (folder / "article.txt").write_text(result.text, encoding="utf-8", newline="")
    meta = {
        "article": result.name,
        "date": result.date.isoformat() if result.date else "",
        "encoding": result.encoding,
        "lexicon_version": result.lexicon_version,
    }
    # Written last and renamed into place: the report runner starts the next
    # notebooks as soon as this file exists.
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    write_file_atomically(folder / "article.json", text.encode("utf-8"))
    return load_stage(folder)


def load_stage(output_dir: str | Path) -> Tables:
    """Read the tables that :func:`parse_stage` wrote, with their proper types."""
    import pandas as pd

    folder = Path(output_dir)
    frames = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        if not path.exists():
            raise MawaqifError(f"{path.name} is missing in the output folder: run 01_actors first")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        for column in INT_COLUMNS.get(name, []):
            frame[column] = frame[column].astype("int64")
        for column in NULLABLE_INT_COLUMNS.get(name, []):
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
        for column in FLOAT_COLUMNS.get(name, []):
            frame[column] = frame[column].astype("float64")
        frames[name] = frame
    meta = json.loads((folder / "article.json").read_text(encoding="utf-8"))
    with open(folder / "article.txt", encoding="utf-8", newline="") as file:
        text = file.read()  # as written: offsets count "\r\n" as two characters
    return Tables(name=meta["article"], text=text, date=meta["date"], **frames)


# Optional modules that importing papermill or nbformat tries and the runner never uses:
# pyarrow (papermill's hdfs:// paths, with NumPy 0.1 s of CPU) and the format checkers
# that jsonschema loads under nbformat, for formats no notebook schema uses. Of those,
# rfc3987_syntax (IRIs) compiles some 35 Earley grammars at import, about 1 s
# (python-jsonschema/jsonschema#1428); the others (durations, colours, URI templates,
# host names, dates, URIs, JSON pointers) 0.06 s together.
UNUSED_ON_IMPORT = (
    "pyarrow",
    "rfc3987_syntax",
    "isoduration",
    "webcolors",
    "uri_template",
    "fqdn",
    "rfc3339_validator",
    "rfc3986_validator",
    "jsonpointer",
)


@contextlib.contextmanager
def _without_unused_modules() -> Iterator[None]:
    """Import inside this block without :data:`UNUSED_ON_IMPORT`.

    A ``None`` entry in ``sys.modules`` for each one not loaded yet makes its
    optional import fail (papermill then reports HDFS as not installed, and
    jsonschema checks no such formats in this process); the entries are
    removed afterwards, so the modules import normally later.
    """
    import sys

    blocked = [name for name in UNUSED_ON_IMPORT if name not in sys.modules]
    sys.modules.update(dict.fromkeys(blocked))  # type: ignore[arg-type]
    try:
        yield
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


def _papermill() -> Any:
    """papermill (and nbformat under it), imported without :data:`UNUSED_ON_IMPORT`."""
    import sys

    if "papermill" not in sys.modules:
        with _without_unused_modules():
            import papermill  # noqa: F401
    import papermill

    return papermill


def _quiet_loggers() -> None:
    """Keep papermill's and nbclient's log lines off stderr unless logging is configured.

    Every failure already ends in one line of our own; without a handler
    Python would also print their warnings (e.g. "Kernel died while waiting
    for execute reply.") through its last-resort handler.
    """
    import logging

    for name in ("papermill", "nbclient", "traitlets"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


# --------------------------------------------------------------------------
# The report command


def slug_of(article_path: str | Path) -> str:
    """The report folder name of an article: its file name without extension, made safe."""
    stem = Path(article_path).stem
    slug = re.sub(r"[^\w.-]+", "_", stem, flags=re.UNICODE).strip("._")
    return slug or "article"


def _check_date(date: str | None) -> str:
    if date is None or date == "":
        return ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date)):
        raise MawaqifError(f"bad date {date!r}: expected YYYY-MM-DD")
    try:
        dt.date.fromisoformat(str(date))
    except ValueError:
        raise MawaqifError(f"bad date {date!r}: no such day") from None
    return str(date)


def declared_parameters(notebook_path: str | Path) -> dict[str, Any]:
    """Names and default values of a notebook's ``parameters`` cell (read without papermill)."""
    import ast

    try:
        nb = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MawaqifError(f"cannot read notebook {Path(notebook_path).name}: {exc}") from None
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            found = {}
            for node in ast.parse(source).body:
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    found[node.target.id] = ast.literal_eval(node.value) if node.value else None
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            found[target.id] = ast.literal_eval(node.value)
            return found
    raise MawaqifError(f"notebook {Path(notebook_path).name} has no cell tagged 'parameters'")


def coerce_parameters(values: dict[str, str], declared: dict[str, Any]) -> dict[str, Any]:
    """Command-line strings converted to the type of each parameter's default."""
    out = {}
    for name, value in values.items():
        default = declared.get(name)
        if isinstance(default, bool):
            out[name] = str(value).lower() in {"1", "true", "yes"}
        elif isinstance(default, int | float):
            try:
                out[name] = type(default)(value)
            except ValueError:
                raise MawaqifError(
                    f"parameter {name} must be {type(default).__name__}, not {value!r}"
                ) from None
        else:
            out[name] = value
    return out


def notebook_parameters(notebook: str = NOTEBOOKS[0]) -> dict[str, Any]:
    """The parameters a notebook declares (name → papermill Parameter)."""
    found = _papermill().inspect_notebook(str(NOTEBOOKS_DIR / notebook))
    return dict(found)


def _rel(path: Path, start: Path) -> str:
    return os.path.relpath(path.resolve(), start.resolve())


def _strip_metadata(nb: Any) -> Any:
    """Drop papermill/nbclient timing metadata and error markers; keep outputs."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nb.cells = [c for c in nb.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    return nb


def _error_line(notebook: str, exc: Exception, template: Path, code: str | None = None) -> str:
    """One line naming the notebook, the cell (1-based, as in the template) and the error.

    A cell that raised carries its index in the executed notebook; when the
    kernel died instead, ``code`` (the last code sent to it) finds the cell.
    """
    where = f"notebook {notebook}"
    index = getattr(exc, "cell_index", None)
    if index is not None or code is not None:
        import nbformat

        cells = nbformat.read(template, as_version=4).cells
        tagged = [i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])]
        if index is None:
            index = next((i for i, c in enumerate(cells) if c.source == code), -1)
        elif tagged and index > tagged[0]:
            index -= 1  # papermill's injected-parameters cell follows the parameters cell
        if 0 <= index < len(cells):
            first = cells[index].source.strip().splitlines()[0] if cells[index].source else ""
            where += f", cell {index + 1} ({first[:60]})"
    ename = getattr(exc, "ename", None) or type(exc).__name__
    evalue = getattr(exc, "evalue", None)
    evalue = str(exc) if evalue is None else evalue
    message = " ".join(str(evalue).split()) or ename
    return f"{where}: {ename}: {message}"[:500]


# The silent warm-up each notebook's kernel gets before its notebook. 01 parses
# before it draws and never builds a network, so a fuller warm-up would only
# delay its parse; 04 shows saved charts and never loads matplotlib.
_WARM = "__import__('analysis.runner').runner.warm_kernel"
WARM_UP = {
    "01_actors.ipynb": f"{_WARM}(charts=False, networks=False)",
    "02_stances.ipynb": f"{_WARM}(charts=True)",
    "03_network.ipynb": f"{_WARM}(charts=True)",
    "04_report.ipynb": f"{_WARM}(charts=False)",
}


WARM_MODULES = ("analysis.network", "analysis.report")
NETWORK_MODULES = ("networkx",)
CHART_MODULES = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "analysis.charts",
)


def warm_kernel(*, charts: bool = True, networks: bool = True) -> None:
    """Do a notebook kernel's one-off start-up work before its notebook arrives.

    Imports the analysis modules; with ``networks`` networkx too, and with
    ``charts`` matplotlib's figure, its Agg and SVG backends and the chart
    modules. The runner sends this silently to each kernel while earlier
    notebooks run; it binds no names and prints nothing. (Drawing a
    throwaway figure as well cost 0.09 s and saved the first real chart
    about 0.015 s, so it is not done.)
    """
    import importlib

    modules = WARM_MODULES + (NETWORK_MODULES if networks else ())
    for module in modules + (CHART_MODULES if charts else ()):
        importlib.import_module(module)


# What each notebook waits for. 02, 03 and 04 read the tables that 01 writes in
# its first cells, so they start as soon as those are on disk (``article.json``
# is written last). 04 also shows the charts the others draw: it waits for each
# one (``chart_wait``) and shows it once its file appears, while the last ones
# are still being drawn.
AFTER_TABLES = ("02_stances.ipynb", "03_network.ipynb", "04_report.ipynb")
CHART_WAIT = 600.0  # seconds; a notebook that fails instead stops 04 at once
# CPU priority (nice) of each notebook's kernel: 01, then 02 and 03 (which draw about
# as much as each other) are the critical path; 01 drops to 5 once its tables are written.
NICENESS = {
    "01_actors.ipynb": 0,
    "02_stances.ipynb": 0,
    "03_network.ipynb": 0,
    "04_report.ipynb": 5,
}


class _Kernels:
    """One fresh kernel per notebook, all started together up front and stopped at the end.

    Each kernel is started in the notebooks' folder (so relative paths in the
    notebooks resolve as in JupyterLab and nbval) over IPC sockets in a
    private temporary folder. Where :func:`analysis.template.forking_available`
    (Linux), the kernels are forked from one warm template process instead of
    each importing pandas, matplotlib and the analysis modules itself.
    Kernels are launched in notebook order by a background thread; each then
    gets one client that waits until the kernel answers and, with
    ``warm=True``, sends it the analysis imports silently (no output, no
    execution count). papermill reuses that client. Kernels off the critical
    path run at a lower CPU priority (:data:`NICENESS`).
    """

    def __init__(
        self, count: int, cwd: Path, *, warm: bool = True, fork: bool | None = None
    ) -> None:
        import threading

        from analysis.template import KernelTemplate, forking_available

        self.managers: list[Any] = [None] * count
        self.clients: list[Any] = []
        self.errors: dict[int, str] = {}
        self.stopped = False
        self.stopping: list[threading.Thread] = []
        self.sockets = Path(tempfile.mkdtemp(prefix="mawaqif-kernels-"))
        self.template = None
        if forking_available() if fork is None else fork:
            self.template = KernelTemplate()  # it boots while this process imports the rest
        # jupyter_client is imported here, before any thread: two threads importing
        # it at once (this one through papermill) can see a partly initialised module
        import analysis.kernels  # noqa: F401

        self.launched = [threading.Event() for _ in range(count)]
        launcher = threading.Thread(target=_closing_loop(self._launch), args=(cwd,), daemon=True)
        launcher.start()
        self.threads = [
            threading.Thread(target=_closing_loop(self._connect), args=(i, warm), daemon=True)
            for i in range(count)
        ]
        for thread in self.threads:
            thread.start()
        self.threads.append(launcher)

    def _launch(self, cwd: Path) -> None:
        """Launch the kernels one after another, in notebook order.

        If the template fails to start, the kernels are launched the usual
        way instead, with a one-line warning on stderr.
        """
        import sys

        from analysis.kernels import kernel_manager

        if self.template is not None:
            try:
                self.template.wait_ready()
            except MawaqifError as exc:
                print(f"mawaqif: warning: {exc}; starting kernels the usual way", file=sys.stderr)
                self.template.close()
                self.template = None
        for index, launched in enumerate(self.launched):
            notebook = NOTEBOOKS[index] if index < len(NOTEBOOKS) else ""
            try:
                self.managers[index] = kernel_manager(
                    cwd,
                    template=self.template,
                    niceness=NICENESS.get(notebook, 0),
                    kernel_name=KERNEL_NAME,
                    transport="ipc",
                    ip=str(self.sockets / f"k{index}"),
                )
            except Exception as exc:  # reported when the kernel is needed
                self.errors[index] = " ".join(str(exc).split()) or type(exc).__name__
            finally:
                launched.set()

    def _connect(self, index: int, warm: bool) -> None:
        """Wait until kernel ``index`` answers, then send it the silent imports."""
        self.launched[index].wait()
        km = self.managers[index]
        if km is None:
            return
        try:
            client = km.client()
            self.clients.append(client)
            client.start_channels()
            client.wait_for_ready(timeout=60)
            if warm:
                notebook = NOTEBOOKS[index] if index < len(NOTEBOOKS) else ""
                code = WARM_UP.get(notebook, WARM_UP[REPORT_NOTEBOOK])
                client.execute(code, silent=True, store_history=False)
            km.shared_client = client  # papermill's client need not wait for IOPub again
        except Exception as exc:  # reported when the kernel is needed
            self.errors[index] = " ".join(str(exc).split()) or type(exc).__name__

    def ready(self, index: int) -> Any:
        """The kernel manager ``index`` once it has started (raises if it did not, or if
        the run was stopped: papermill must never start a kernel of its own)."""
        self.threads[index].join()
        if self.stopped:
            self.release(index)
            raise MawaqifError("the report was stopped after a failure")
        if index in self.errors:
            raise MawaqifError(f"kernel {KERNEL_NAME!r} did not start: {self.errors[index]}")
        if self.managers[index] is None:
            raise MawaqifError(f"kernel {KERNEL_NAME!r} was stopped")
        return self.managers[index]

    def stop(self) -> None:
        """Stop every kernel now, and any kernel still starting once it is up."""
        self.stopped = True
        for index in range(len(self.managers)):
            self.release(index)

    def lower_priority(self, index: int, niceness: int = 5) -> None:
        """Run kernel ``index`` at a lower CPU priority from now on (where supported)."""
        from analysis.kernels import renice

        if self.managers[index] is not None:
            renice(self.managers[index], niceness)

    def release(self, index: int) -> None:
        """Stop kernel ``index`` in the background: its notebook has run."""
        import threading

        km, self.managers[index] = self.managers[index], None
        if km is not None:
            thread = threading.Thread(target=_closing_loop(_stop_kernel), args=(km,), daemon=True)
            thread.start()
            self.stopping.append(thread)

    def close(self) -> None:
        """Stop every kernel (in parallel) and the template."""
        for thread in self.threads:
            thread.join(timeout=60)
        for client in self.clients:
            with contextlib.suppress(Exception):
                client.stop_channels()
        for index in range(len(self.managers)):
            self.release(index)
        for thread in self.stopping:
            thread.join(timeout=60)
        if self.template is not None:
            self.template.close()
        self.clients, self.managers, self.threads, self.stopping = [], [], [], []
        shutil.rmtree(self.sockets, ignore_errors=True)


def _stop_kernel(km: Any) -> None:
    with contextlib.suppress(Exception):
        km.shutdown_kernel(now=True)
    with contextlib.suppress(Exception):
        km.cleanup_resources()


def _execute(notebook: str, nb_dir: Path, out_path: Path, values: dict, kernels: Any) -> Any:
    """Run one notebook on its pre-started kernel; a failure becomes a one-line error."""
    import papermill

    km = kernels.ready(NOTEBOOKS.index(notebook))
    try:
        return _closing_loop(papermill.execute_notebook)(
            str(nb_dir / notebook),
            str(out_path),
            parameters=values,
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            request_save_on_cell_execute=False,
            km=km,
            record_timing=False,
        )
    except Exception as exc:  # a cell failed, the kernel died, a timeout
        code = getattr(km.shared_client, "last_code", None)
        raise MawaqifError(_error_line(notebook, exc, nb_dir / notebook, code)) from None


def _closing_loop(function: Any) -> Any:
    """``function``, closing the event loop jupyter_core made for this thread when it returns.

    jupyter_client and nbclient run their coroutines on a per-thread event
    loop that nobody closes. A loop left open is collected later, sometimes
    in the same garbage cycle as its own sockets, and then Python prints a
    traceback at exit ("Exception ignored in BaseEventLoop.__del__"): after a
    dead kernel nbclient even leaves tasks pending on it. Each of the
    runner's threads therefore cancels what is pending and closes its loop.
    """
    import functools

    @functools.wraps(function)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        finally:
            _close_thread_loop()

    return wrapped


def _close_thread_loop() -> None:
    import asyncio

    with contextlib.suppress(Exception):
        from jupyter_core.utils import _loop

        loop = _loop.get()
        if loop is None or loop.is_closed() or loop.is_running():
            return
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()


def _export_html(nb: Any, title: str) -> str:
    """The executed report notebook as HTML: no code, no parameter cells."""
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = title
    body, _ = _html_exporter().from_notebook_node(nb)
    return body


@functools.lru_cache(maxsize=1)
def _html_exporter() -> Any:
    """One HTML exporter per process: it compiles its ten Jinja templates once (0.1 s).

    The compiled templates are also kept in Jinja's bytecode cache (``jinja/`` in
    :func:`analysis.folders.cache_dir`), so later processes load them instead
    of compiling (0.13 s -> 0.07 s of CPU for the first export). Jinja checks
    each template's source against the cached entry and recompiles a changed one.
    """
    import jinja2
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from analysis.folders import cache_dir

    config = Config()
    templates = Path(__file__).parent / "data" / "templates"
    config.HTMLExporter.extra_template_basedirs = [str(templates)]
    config.HTMLExporter.template_name = "mawaqif"  # lab, with the charts' alternative texts
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = PARAMETER_TAGS | {"remove-cell"}
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    # the notebook is validated once, after the preprocessors, not after each of them
    config.HTMLExporter.optimistic_validation = True
    exporter = HTMLExporter(config=config)
    root = cache_dir()
    if root is not None:
        with contextlib.suppress(OSError):  # a read-only home only costs the compilation
            (root / "jinja").mkdir(parents=True, exist_ok=True)
            exporter.environment.bytecode_cache = jinja2.FileSystemBytecodeCache(root / "jinja")
    return exporter


def run_report(
    article_path: str | Path,
    *,
    date: str | None = None,
    lexicon_path: str | Path | None = None,
    reports_root: str | Path = "reports",
    figures_root: str | Path = "figures",
    layout_seed: int = DEFAULT_SEED,
    label_language: str = "en",
    parameters: dict[str, Any] | None = None,
    notebooks_dir: str | Path | None = None,
) -> Path:
    """Run notebooks 01–04 on one article; write ``reports/<slug>/`` and ``figures/<slug>/``.

    Parameters
    ----------
    article_path
        The article text file.
    date
        Article date ``YYYY-MM-DD`` (resolves weekday words), or None.
    lexicon_path
        A user lexicon that extends the built-in one, or None.
    reports_root, figures_root
        Parents of the ``<slug>`` folders.
    layout_seed, label_language
        Network layout seed; chart labels ``"en"`` or ``"ar"``.
    parameters
        Further notebook parameters by name (each must be declared in the
        notebooks' ``parameters`` cell).
    notebooks_dir
        Where the notebooks are (default: the repository's ``notebooks/``).

    Returns
    -------
    pathlib.Path
        The report folder. It holds the executed notebooks, the CSV tables,
        the networks (GraphML, GEXF, edge CSV), ``report.html`` and
        ``report.md``. On any failure a one-line :class:`MawaqifError` is
        raised and the previous folders are left as they were.
    """
    article = Path(article_path)
    if not article.is_file():
        raise MawaqifError(f"article not found: {article}")
    from analysis.text import check_article

    check_article(article)  # an empty, binary or non-Arabic file fails here, not in a notebook
    date = _check_date(date)
    if lexicon_path not in (None, "") and not Path(lexicon_path).is_file():
        raise MawaqifError(f"lexicon not found: {lexicon_path}")
    if label_language not in {"en", "ar"}:
        raise MawaqifError(f"label language must be 'en' or 'ar', not {label_language!r}")
    nb_dir = Path(notebooks_dir) if notebooks_dir else NOTEBOOKS_DIR
    missing = [n for n in NOTEBOOKS if not (nb_dir / n).is_file()]
    if missing:
        raise MawaqifError(f"notebook not found: {nb_dir / missing[0]}")
    declared = declared_parameters(nb_dir / NOTEBOOKS[0])
    unknown = sorted(set(parameters or {}) - set(declared))
    if unknown:
        raise MawaqifError(
            f"unknown parameter {unknown[0]!r}: the notebooks take {', '.join(declared)}"
        )
    parameters = coerce_parameters(parameters or {}, declared)
    _quiet_loggers()
    # Start the kernels first: they boot while this process imports papermill.
    kernels = _Kernels(len(NOTEBOOKS), nb_dir)
    try:
        return _run_in(kernels, article, date, lexicon_path, reports_root, figures_root,
                    layout_seed, label_language, parameters, nb_dir, set(declared))  # fmt: skip
    finally:
        kernels.close()


def _run_in(kernels, article, date, lexicon_path, reports_root, figures_root, layout_seed,
         label_language, parameters, nb_dir, declared) -> Path:  # fmt: skip
    import threading

    _papermill()  # imported here, while the kernels start, and before nbformat (see there)
    import nbformat

    exporter = threading.Thread(target=_import_exporter, daemon=True)
    exporter.start()  # nbconvert is slow to import and needed only at the end

    slug = slug_of(article)
    reports_root, figures_root = Path(reports_root), Path(figures_root)
    final_report, final_figures = reports_root / slug, figures_root / slug
    try:
        reports_root.mkdir(parents=True, exist_ok=True)
        figures_root.mkdir(parents=True, exist_ok=True)
        stage_report = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=reports_root))
        stage_figures = Path(tempfile.mkdtemp(prefix=f".{slug}.", dir=figures_root))
    except OSError as exc:
        raise MawaqifError(f"cannot create report folders: {exc.strerror}") from None
    values = {
        "article_path": _rel(article, nb_dir),
        "article_date": date,
        "lexicon_path": _rel(Path(lexicon_path), nb_dir) if lexicon_path else "",
        "output_dir": _rel(stage_report, nb_dir),
        "figures_dir": _rel(stage_figures, nb_dir),
        "figures_link": os.path.relpath(final_figures.resolve(), final_report.resolve()),
        "layout_seed": int(layout_seed),
        "label_language": label_language,
        "chart_wait": CHART_WAIT,
    }
    values.update(parameters)
    values = {k: v for k, v in values.items() if k in declared}
    try:
        executed = {}
        with ThreadPoolExecutor(max_workers=len(NOTEBOOKS)) as pool:

            def run(notebook: str) -> Any:
                out = stage_report / notebook
                return pool.submit(_execute, notebook, nb_dir, out, values, kernels)

            first = run(NOTEBOOKS[0])
            _wait_for_tables(stage_report, first)
            if first.done() and first.exception() is not None:
                first.result()
            kernels.lower_priority(0)  # 01 only draws now; 02 is the critical path
            futures = {NOTEBOOKS[0]: first, **{n: run(n) for n in AFTER_TABLES}}
            try:
                for notebook in NOTEBOOKS:
                    nb = futures[notebook].result()  # the first failure in notebook order
                    kernels.release(NOTEBOOKS.index(notebook))
                    executed[notebook] = _final_paths(
                        _strip_metadata(nb), values, stage_report, stage_figures,
                        final_report, final_figures, nb_dir,
                    )  # fmt: skip
                    nbformat.write(executed[notebook], stage_report / notebook)
            except BaseException:
                kernels.stop()  # 04 may be waiting for a chart that never comes
                raise
        exporter.join()
        html = _export_html(executed[REPORT_NOTEBOOK], f"Mawaqif report: {slug}")
        (stage_report / "report.html").write_text(html, encoding="utf-8")
        _replace(stage_figures, final_figures)
        _replace(stage_report, final_report)
    except BaseException:
        shutil.rmtree(stage_report, ignore_errors=True)
        shutil.rmtree(stage_figures, ignore_errors=True)
        raise
    return final_report


def _wait_for_tables(folder: Path, first: Any) -> None:
    """Block until notebook 01 has written the tables into ``folder`` or has finished."""
    import time

    while not (folder / "article.json").exists() and not first.done():
        time.sleep(0.01)


def _import_exporter() -> None:
    """Import nbconvert and export a one-cell notebook, so templates are loaded before 04 ends.

    The cell holds an HTML entity: BeautifulSoup, which nbconvert runs over
    every export, builds its entity tables at the first one it meets (0.015 s
    that would otherwise come after the last notebook).
    """
    with contextlib.suppress(Exception):
        import nbformat

        cell = nbformat.v4.new_markdown_cell("Mawaqif &amp; مواقف")
        _export_html(nbformat.v4.new_notebook(cells=[cell]), "")


def _final_paths(nb, values, stage_report, stage_figures, final_report, final_figures, nb_dir):
    """Rewrite the staging paths in the injected parameters to the final ones; fix its cell id."""
    swaps = {
        values.get("output_dir", ""): _rel(final_report, nb_dir),
        values.get("figures_dir", ""): _rel(final_figures, nb_dir),
    }
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill's id is random: keep reports reproducible
            for old, new in swaps.items():
                if old:
                    cell.source = cell.source.replace(json.dumps(old), json.dumps(new))
    return nb


def _replace(staging: Path, final: Path) -> None:
    from analysis.folders import replace_folder

    try:
        replace_folder(staging, final)
    except OSError as exc:
        raise MawaqifError(f"cannot replace {final}: {exc.strerror}") from None


def reference_notebooks(report_dir: str | Path, notebooks_dir: str | Path | None = None) -> None:
    """Copy the outputs of a seed run back into ``notebooks/`` as nbval references.

    The executed notebooks of ``report_dir`` lose their injected-parameters
    cell and their timing metadata; the template cells stay as they are.
    Use it only on a run with the notebooks' default parameters.
    """
    with _without_unused_modules():
        import nbformat

    nb_dir = Path(notebooks_dir) if notebooks_dir else NOTEBOOKS_DIR
    for notebook in NOTEBOOKS:
        executed = nbformat.read(Path(report_dir) / notebook, as_version=4)
        template = nbformat.read(nb_dir / notebook, as_version=4)
        cells = [
            c for c in executed.cells if "injected-parameters" not in c.metadata.get("tags", [])
        ]
        if [c.source for c in cells] != [c.source for c in template.cells]:
            raise MawaqifError(f"{notebook} changed since the report was run; run it again")
        for ref, run in zip(template.cells, cells, strict=True):
            if ref.cell_type == "code":
                ref.outputs = run.outputs
                ref.execution_count = run.execution_count
        template.metadata["language_info"] = executed.metadata.get("language_info", {})
        nbformat.write(_strip_metadata(template), nb_dir / notebook)


# --------------------------------------------------------------------------
# Command line


def _parameter(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {text!r}")
    return name.strip(), value


def configure_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``report`` subcommand (its ``func`` returns an exit status)."""
    parser = subparsers.add_parser(
        "report", help="run the notebooks: tables, networks, charts and the narrative report"
    )
    parser.add_argument("article", help="article text file")
    parser.add_argument("--date", help="article date YYYY-MM-DD (resolves weekday words)")
    parser.add_argument("--lexicon", help="user lexicon YAML that extends the built-in one")
    parser.add_argument("--reports", default="reports", help="reports root (default: reports)")
    parser.add_argument("--figures", default="figures", help="figures root (default: figures)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="network layout seed")
    parser.add_argument(
        "--language", choices=("en", "ar"), default="en", help="chart label language"
    )
    parser.add_argument(
        "-p",
        "--parameter",
        action="append",
        type=_parameter,
        default=[],
        metavar="NAME=VALUE",
        help="set another notebook parameter (see papermill --help-notebook)",
    )
    parser.add_argument(
        "--update-notebooks",
        action="store_true",
        help="copy this run's outputs into notebooks/ as the nbval references (seed only)",
    )
    parser.set_defaults(func=_run)
    return parser


def _run(args: argparse.Namespace) -> int:
    out = run_report(
        args.article,
        date=args.date,
        lexicon_path=args.lexicon,
        reports_root=args.reports,
        figures_root=args.figures,
        layout_seed=args.seed,
        label_language=args.language,
        parameters=dict(args.parameter),
    )
    if args.update_notebooks:
        reference_notebooks(out)
    print(f"report written to {out}")
    return 0
