"""Benchmark (not a test): the whole ``report`` for the seed vs the kernel start-up floor.

The floor is what the report cannot avoid: starting the same four kernels the
same way (together, one per notebook) until each answers, then stopping them.
Runs alternate floor and report so that background load hits both alike; the
medians are printed side by side with their ratio.

    .venv/bin/python benchmarks/bench_report.py [--runs 3]

Target (issue 4): report under 20 s on a 2-core machine and within 2x the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import runner  # noqa: E402

SEED = ROOT / "seeds" / "000_4e5fc412234f2c9f.txt"


def kernel_floor() -> float:
    """Seconds to start the report's kernels (cold, no imports) until all answer, and stop."""
    start = time.perf_counter()
    kernels = runner._Kernels(len(runner.NOTEBOOKS), ROOT / "notebooks", warm=False)
    try:
        for km in kernels.managers:
            client = km.client()
            client.start_channels()
            client.wait_for_ready(timeout=60)
            client.stop_channels()
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    floors, reports = [], []
    with tempfile.TemporaryDirectory() as tmp:
        kernel_floor()  # warm the OS file cache once, untimed
        for _ in range(args.runs):
            floors.append(kernel_floor())
            reports.append(report_once(Path(tmp)))
    floor, total = statistics.median(floors), statistics.median(reports)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cpus {os.cpu_count()}, load {load:.1f}, runs {args.runs}, bytecode {bytecode_state()}")
    print(
        f"kernel start-up floor (4 kernels): {floor:6.2f} s  (runs: "
        + ", ".join(f"{x:.2f}" for x in floors)
        + ")"
    )
    print(
        f"whole report for the seed:         {total:6.2f} s  (runs: "
        + ", ".join(f"{x:.2f}" for x in reports)
        + ")"
    )
    print(f"ratio report / floor:              {total / floor:6.2f}x  (target: < 20 s, < 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
