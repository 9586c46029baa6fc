"""Benchmark (not a test): the whole ``report`` for the seed vs the kernel start-up floor.

Two floors are printed, both for the report's four kernels started together:

* **Jupyter kernels**: four ``python3`` kernels started as papermill starts
  them on its own (jupyter_client's ``KernelManager``, ``wait_for_ready`` and
  ``shutdown_kernel``), here in parallel threads so that no kernel waits for
  another. This is what "starting the kernels alone" costs with stock Jupyter.
* **The runner's kernels**: the same four kernels started by the runner's own
  machinery (``runner._Kernels``, ``warm=False``). On Linux that is the warm
  template process, which imports IPython, pandas, matplotlib and the analysis
  modules and loads the lexicon and fonts once, plus four forked kernels; so
  this floor already holds the imports that the notebooks then need not do.

Each is timed twice:

* **as a command**, in a fresh Python process, as a user runs it: the floors
  are ``python benchmarks/bench_report.py --only stock|runner`` (interpreter
  start, jupyter_client import, four kernels) and the report is
  ``python -m analysis report SEED --date 2020-05-30``;
* **in this process**, with papermill, nbconvert and jupyter_client already
  imported (what a notebook or a script calling ``run_report`` sees).

Runs alternate floors and report so that background load hits all alike; the
medians are printed side by side with their ratios.

    .venv/bin/python benchmarks/bench_report.py [--runs 5]

Target (issue 4): report under 20 s on a 2-core machine and within 2x the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import runner  # noqa: E402

SEED = ROOT / "seeds" / "000_4e5fc412234f2c9f.txt"


def jupyter_floor() -> float:
    """Seconds to start four stock Jupyter kernels until all answer, then stop them."""
    from jupyter_client.manager import KernelManager

    sockets = tempfile.mkdtemp(prefix="bench-kernels-")

    def one(index: int) -> None:
        km = KernelManager(
            kernel_name=runner.KERNEL_NAME, transport="ipc", ip=f"{sockets}/k{index}"
        )
        km.start_kernel(cwd=str(ROOT / "notebooks"))
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        client.stop_channels()
        km.shutdown_kernel(now=True)

    start = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(runner.NOTEBOOKS))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    shutil.rmtree(sockets, ignore_errors=True)
    return elapsed


def runner_floor() -> float:
    """Seconds for the runner to start its kernels (no warm-up code) until all answer, and stop."""
    start = time.perf_counter()
    kernels = runner._Kernels(len(runner.NOTEBOOKS), ROOT / "notebooks", warm=False)
    try:
        for index in range(len(runner.NOTEBOOKS)):
            kernels.ready(index)
    finally:
        kernels.close()
    return time.perf_counter() - start


def report_once(root: Path) -> float:
    """Seconds for one whole report of the seed into ``root``."""
    start = time.perf_counter()
    runner.run_report(
        SEED, date="2020-05-30", reports_root=root / "reports", figures_root=root / "figures"
    )
    return time.perf_counter() - start


def command_seconds(args: list[str]) -> float:
    """Wall-clock seconds of one fresh Python process running ``args``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def report_command(root: Path) -> list[str]:
    return [
        "-m", "analysis", "report", str(SEED), "--date", "2020-05-30",
        "--reports", str(root / "reports"), "--figures", str(root / "figures"),
    ]  # fmt: skip


def bytecode_state() -> str:
    """Whether pandas and analysis have cached bytecode (``make setup`` compiles them)."""
    import importlib.util

    import pandas

    import analysis.statements

    found = [
        Path(importlib.util.cache_from_source(module.__file__)).exists()
        for module in (pandas, analysis.statements)
    ]
    return "cached" if all(found) else "NOT cached (run make setup / compileall)"


def print_rows(title: str, rows: list[tuple[str, list[float]]]) -> None:
    print(title)
    total = statistics.median(rows[-1][1])
    for label, runs in rows:
        median = statistics.median(runs)
        ratio = "" if runs is rows[-1][1] else f"   report/floor {total / median:4.2f}x"
        print(
            f"  {label:50s} {median:5.2f} s  (runs: "
            + ", ".join(f"{x:.2f}" for x in runs)
            + ")"
            + ratio
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", choices=("stock", "runner"), help="start one floor's kernels once and exit"
    )
    args = parser.parse_args()
    if args.only:
        (jupyter_floor if args.only == "stock" else runner_floor)()
        return 0
    from analysis.template import forking_available

    me = [str(Path(__file__).resolve())]
    timings: dict[str, list[float]] = {k: [] for k in ("cs", "cr", "cp", "s", "r", "p")}
    with tempfile.TemporaryDirectory() as tmp:
        jupyter_floor()  # warm the OS file cache once, untimed
        report_once(Path(tmp))
        for _ in range(args.runs):
            timings["cs"].append(command_seconds([*me, "--only", "stock"]))
            timings["cr"].append(command_seconds([*me, "--only", "runner"]))
            timings["cp"].append(command_seconds(report_command(Path(tmp))))
            timings["s"].append(jupyter_floor())
            timings["r"].append(runner_floor())
            timings["p"].append(report_once(Path(tmp)))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    kind = "template + forks" if forking_available() else "launched one by one"
    print(f"cpus {os.cpu_count()}, load {load:.1f}, runs {args.runs}, bytecode {bytecode_state()}")
    for title, keys in (
        ("as commands (fresh Python processes):", ("cs", "cr", "cp")),
        ("in this process (papermill and jupyter_client already imported):", ("s", "r", "p")),
    ):
        labels = (
            "floor: 4 stock Jupyter kernels",
            f"floor: the runner's 4 kernels ({kind})",
            "whole report for the seed",
        )
        print_rows(title, [(label, timings[key]) for label, key in zip(labels, keys, strict=True)])
    print("target: report < 20 s and < 2x the floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
