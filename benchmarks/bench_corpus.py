"""Corpus throughput and peak memory: ``python benchmarks/bench_corpus.py [--sizes 1000 10000]``.

Generates articles by recombining short news sentences written for this
benchmark (no real articles), runs :func:`analysis.corpus.run_corpus` on the
local engine for each size and on Dask's LocalCluster for the Dask sizes, and
prints a table: seconds, articles per second, articles per second per core,
the ratio of that to single-article parse throughput measured in this same
process, and the peak resident memory of this process plus all its children
(sampled every 50 ms with psutil; without psutil, ``ru_maxrss`` of self and
waited-for children, which overstates nothing but misses live workers).

Targets (issue 5): time grows linearly, peak memory under 1 GB at 100k,
throughput per core within 1.5x of single-article parse throughput.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

# Run from anywhere: the repository's package first (the editable install's
# finder can yield a namespace package when run from benchmarks/).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TITLES = [
    "تصاعد التوتر بين واشنطن وموسكو بشأن ليبيا",
    "تونس تبحث مع الولايات المتحدة تعزيز التعاون العسكري",
    "أنقرة ترفض الانتقادات الفرنسية لدورها في ليبيا",
    "الأمم المتحدة تحذر من تدفق الأسلحة إلى ليبيا",
    "موسكو تنفي إرسال مقاتلات إلى قاعدة الجفرة",
    "القاهرة تدعو إلى وقف فوري لإطلاق النار في سرت",
]
DATELINES = ["واشنطن -", "موسكو -", "تونس -", "طرابلس -", "أنقرة -", "باريس -", "القاهرة -"]
SENTENCES = [
    'وقالت وزارة الخارجية الأميركية في بيان "إن روسيا تؤجج الصراع في ليبيا ويجب أن تتوقف".',
    "ونفت وزارة الخارجية الروسية الاتهامات الأميركية ووصفتها بأنها لا أساس لها.",
    "واتهمت روسيا الولايات المتحدة بعرقلة جهود السلام في ليبيا.",
    "وقالت وزارة الدفاع التونسية إن الولايات المتحدة شريك رئيسي في دعم قدرات الجيش التونسي.",
    "ونفى الجيش التونسي وجود أي قاعدة عسكرية أجنبية على الأراضي التونسية.",
    "وحذرت فرنسا من أن الوضع في ليبيا ينذر بخطر تكرار السيناريو السوري.",
    "ورفضت تركيا الانتقادات الفرنسية واتهمت باريس بدعم قوات حفتر.",
    "وأعربت الأمم المتحدة عن قلقها البالغ إزاء تدفق الأسلحة والمرتزقة على ليبيا.",
    "وقال الجيش الأميركي إن عسكريين روسا سلموا طائرات مقاتلة إلى قاعدة الجفرة الجوية.",
    "ودعت مصر جميع الأطراف الليبية إلى احترام وقف إطلاق النار والعودة إلى الحوار.",
    "وأكدت السفارة الأميركية في تونس أن التعاون بين البلدين يهدف إلى مواجهة الإرهاب.",
    'وقال دبلوماسي غربي مختص بشؤون ليبيا "إن التصعيد يقابله تصعيد ولا حل في الأفق".',
    "ورحبت الأمم المتحدة بالاتفاق ودعت إلى سحب المقاتلين الأجانب من ليبيا.",
    "وقال البرلمان الروسي إن موسكو لا تشارك في القتال الدائر في ليبيا.",
    "وتدخلت قوى إقليمية وعالمية في الحرب الأهلية الليبية في انتهاك لحظر السلاح.",
    "وأضافت الوزارة أن المحادثات ستتواصل الأسبوع المقبل في جنيف.",
    "ويترقب الليبيون في خوف صراعا لا ينتهي تواصل فيه القوى الخارجية تأجيج الحرب.",
    "وقالت الحكومة التركية إنها ستواصل دعم حكومة الوفاق في طرابلس.",
]
OUTLETS = ["outlet_a", "outlet_b", "outlet_c", "outlet_d"]


def generate(folder: Path, n: int, *, seed: int = 5) -> Path:
    """Write ``n`` articles and an ``articles.csv`` into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "path", "date", "source", "title"])
        for i in range(n):
            title = rng.choice(TITLES)
            body = rng.sample(SENTENCES, rng.randint(4, 9))
            text = f"{title}\n\n{rng.choice(DATELINES)} " + "\n".join(body) + "\n"
            name = f"{i // 1000:03d}/{i:07d}.txt"
            path = folder / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            day = 1 + rng.randrange(365)
            date = time.strftime("%Y-%m-%d", time.gmtime(1577836800 + day * 86400))
            writer.writerow([f"g{i:07d}", name, date, rng.choice(OUTLETS), title])
    return folder


class PeakMemory:
    """Peak RSS (bytes) of this process and all its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        try:
            import psutil  # noqa: F401
        except ImportError:
            self._thread = None  # type: ignore[assignment]
            return self
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is None:
            import resource

            kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            kb += resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            self.peak = kb * 1024
            return
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def baseline(folder: Path, sample: int) -> float:
    """Single-article parse throughput (articles/s, one core) in this process."""
    from analysis.corpus import worker_lexicon
    from analysis.parse import parse

    lexicon = worker_lexicon(None)
    paths = sorted(folder.rglob("*.txt"))[:sample]
    parse(paths[0], lexicon=lexicon)
    start = time.perf_counter()
    for path in paths:
        parse(path, lexicon=lexicon)
    return len(paths) / (time.perf_counter() - start)


def run(folder: Path, out: Path, engine: str, workers: int) -> tuple[float, int, int]:
    """Seconds, peak bytes and ok articles of one corpus run."""
    from analysis.corpus import run_corpus

    shutil.rmtree(out, ignore_errors=True)
    with PeakMemory() as memory:
        start = time.perf_counter()
        status = run_corpus(folder, out, engine=engine, workers=workers, progress=False)
        seconds = time.perf_counter() - start
    return seconds, memory.peak, int((status["status"] == "ok").sum())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--dask-sizes", type=int, nargs="*", default=[10000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline-sample", type=int, default=300)
    parser.add_argument("--keep", help="generate into this folder and keep it")
    args = parser.parse_args(argv)

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="mawaqif-bench-"))
    try:
        folders = {}
        for size in sorted(set([*args.sizes, *args.dask_sizes])):
            folder = root / f"in-{size}"
            if not (folder / "articles.csv").exists():
                print(f"generating {size} articles ...", file=sys.stderr, flush=True)
                generate(folder, size)
            folders[size] = folder
        single = baseline(folders[min(folders)], args.baseline_sample)
        rows = []
        plan = [("local", s) for s in args.sizes] + [("dask", s) for s in args.dask_sizes]
        for engine, size in plan:
            print(f"running {engine} on {size} ...", file=sys.stderr, flush=True)
            seconds, peak, ok = run(
                folders[size], root / f"out-{engine}-{size}", engine, args.workers
            )
            rate = size / seconds
            per_core = rate / args.workers
            rows.append(
                (engine, size, args.workers, seconds, rate, per_core, single / per_core, peak, ok)
            )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    print(f"single-article parse: {single:.1f} articles/s on one core (in-process baseline)")
    header = (
        f"{'engine':<7}{'articles':>9}{'workers':>8}{'seconds':>9}{'art/s':>8}"
        f"{'art/s/core':>11}{'parse/core':>11}{'peak MB':>9}{'ok':>8}"
    )
    print(header)
    for engine, size, workers, seconds, rate, per_core, ratio, peak, ok in rows:
        print(
            f"{engine:<7}{size:>9}{workers:>8}{seconds:>9.1f}{rate:>8.1f}"
            f"{per_core:>11.1f}{ratio:>10.2f}x{peak / 2**20:>9.0f}{ok:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
