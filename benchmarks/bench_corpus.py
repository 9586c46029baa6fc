"""Corpus throughput and peak memory: ``python benchmarks/bench_corpus.py [--sizes 1000 10000]``.

Generates articles by recombining short news sentences written for this
benchmark (no real articles) and runs :func:`analysis.corpus.run_corpus` on the
local engine for each size and on Dask's LocalCluster for the Dask sizes.

The baseline is single-article :func:`analysis.pipeline.parse` (same articles,
same dates, same loaded lexicon) in this process on one core. Because the
machine may be shared, it is measured right before and right after every
corpus run (interleaved) and the median of those passes is used. The table
gives, per run: seconds, articles/s, articles/s per core (÷ the workers the
run actually used), the parse baseline, the ratio baseline ÷ per-core (the
issue-5 figure; 1.00 means no overhead), the same against a parallel
baseline (``workers`` processes running ``parse`` at once with no corpus
machinery: what the cores give when all are busy), CPU milliseconds per
article summed over this process and all its descendants next to the
baseline's (less sensitive to other load), the peak memory of this process
plus all its descendants as summed RSS (a page shared by n processes counted n
times) and as summed PSS (counted once), and the 1-minute load average after the run.

Targets (issue 5): time grows linearly, peak memory under 1 GB at 100k,
throughput per core within 1.5x of single-article parse throughput.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
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


class Sampler:
    """Peak memory and CPU time of this process and all its descendants, sampled in a thread.

    Every 50 ms: RSS and CPU time of the known processes; every 0.5 s the
    process tree is listed again and PSS (resident memory with shared pages
    divided among the processes sharing them) is read. CPU time is the sum over
    processes of (last seen - value at start), less the sampler thread's own,
    so a worker that exits loses at most one interval.
    """

    def __init__(self, interval: float = 0.05, refresh: int = 10) -> None:
        import psutil

        self.interval = interval
        self.refresh = refresh
        self.peak = 0
        self.peak_pss = 0
        self.cpu = 0.0
        self._psutil = psutil
        self._procs: list = []
        self._start: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._own = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, full: bool) -> None:
        if full:
            me = self._psutil.Process()
            self._procs = [me, *me.children(recursive=True)]
        rss = pss = 0
        for proc in self._procs:
            try:
                with proc.oneshot():
                    rss += proc.memory_info().rss
                    times = proc.cpu_times()
                if full:
                    pss += proc.memory_full_info().pss
            except self._psutil.Error:
                continue
            self._last[proc.pid] = times.user + times.system
        self.peak = max(self.peak, rss)
        self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        start = time.thread_time()
        n = 0
        while not self._stop.is_set():
            self._sample(full=n % self.refresh == 0)
            n += 1
            self._stop.wait(self.interval)
        self._own = time.thread_time() - start

    def __enter__(self) -> Sampler:
        self._sample(full=True)
        self._start = dict(self._last)
        self.peak = self.peak_pss = 0
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample(full=True)
        cpu = sum(t - self._start.get(pid, 0.0) for pid, t in self._last.items())
        self.cpu = cpu - self._own


def _parse_rate(folder: Path, sample: int) -> tuple[float, float]:
    from itertools import islice

    from analysis.corpus import iter_articles, worker_lexicon
    from analysis.pipeline import parse

    lexicon = worker_lexicon(None)
    tasks = list(islice(iter_articles(folder), sample))
    parse(Path(tasks[0].path), date=tasks[0].date or None, lexicon=lexicon)
    wall, cpu = time.perf_counter(), time.process_time()
    for task in tasks:
        parse(Path(task.path), date=task.date or None, lexicon=lexicon)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(tasks) / wall, cpu / len(tasks)


def baseline(folder: Path, sample: int) -> tuple[float, float]:
    """Single-article parse in this process: (articles/s, CPU seconds per article)."""
    return _parse_rate(folder, sample)


def parallel_baseline(folder: Path, sample: int, workers: int) -> tuple[float, float]:
    """(articles/s, CPU s per article) per process when ``workers`` processes parse at once.

    No corpus machinery: how far the cores scale for ``parse`` itself (shared
    caches, memory bandwidth, other load).
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not forkserver: the corpus run must start the fork server itself (with its preload)
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        list(pool.map(_parse_rate, [folder] * workers, [5] * workers))  # warm
        rates = list(pool.map(_parse_rate, [folder] * workers, [sample] * workers))
    return statistics.mean(r for r, _ in rates), statistics.mean(c for _, c in rates)


def run(folder: Path, out: Path, engine: str, workers: int) -> dict:
    """One corpus run: seconds, CPU seconds, peak bytes, ok articles and workers used."""
    from analysis.corpus import run_corpus

    shutil.rmtree(out, ignore_errors=True)
    with Sampler() as sampler:
        start = time.perf_counter()
        status = run_corpus(folder, out, engine=engine, workers=workers, progress=False)
        seconds = time.perf_counter() - start
    used = int(status.attrs.get("workers", workers))
    shutil.rmtree(out, ignore_errors=True)
    return {
        "seconds": seconds,
        "cpu": sampler.cpu,
        "peak": sampler.peak,
        "peak_pss": sampler.peak_pss,
        "ok": int((status["status"] == "ok").sum()),
        "workers": used,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--dask-sizes", type=int, nargs="*", default=[10000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--baseline-sample", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1, help="corpus runs per size")
    parser.add_argument("--keep", help="generate into this folder and keep it")
    args = parser.parse_args(argv)

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="mawaqif-bench-"))
    rows = []
    try:
        folders = {}
        for size in sorted({*args.sizes, *args.dask_sizes}):
            folder = root / f"in-{size}"
            if not (folder / "articles.csv").exists():
                print(f"generating {size} articles ...", file=sys.stderr, flush=True)
                generate(folder, size)
            folders[size] = folder
        sample = folders[min(folders)]
        plan = [("local", s) for s in args.sizes] + [("dask", s) for s in args.dask_sizes]
        for engine, size in plan:
            passes = [baseline(sample, args.baseline_sample)]
            parallel = [parallel_baseline(sample, args.baseline_sample, args.workers)]
            runs = []
            for i in range(args.repeat):
                print(f"running {engine} on {size} ({i + 1}) ...", file=sys.stderr, flush=True)
                runs.append(run(folders[size], root / f"out-{engine}-{size}", engine, args.workers))
                passes.append(baseline(sample, args.baseline_sample))
                parallel.append(parallel_baseline(sample, args.baseline_sample, args.workers))
            result = _median_run(runs)
            result.update(
                engine=engine,
                size=size,
                parse_rate=statistics.median(p[0] for p in passes),
                parse_cpu=statistics.median(p[1] for p in passes),
                parallel_rate=statistics.median(p[0] for p in parallel),
                parallel_cpu=statistics.median(p[1] for p in parallel),
                load=os.getloadavg()[0],
            )
            rows.append(result)
            _print_row(result, header=len(rows) == 1)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print()
    for i, row in enumerate(rows):
        _print_row(row, header=i == 0)
    return 0


def _median_run(runs: list[dict]) -> dict:
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return dict(ordered[len(ordered) // 2])


def _print_row(row: dict, *, header: bool) -> None:
    if header:
        print(
            f"{'engine':<7}{'articles':>9}{'workers':>8}{'seconds':>8}{'art/s':>7}"
            f"{'/core':>7}{'parse/s':>8}{'ratio':>7}{'par/s':>7}{'ratio':>7}"
            f"{'cpu ms':>7}{'parse':>7}{'ratio':>7}{'par':>6}{'ratio':>7}"
            f"{'RSS MB':>7}{'PSS MB':>7}{'ok':>7}{'load':>6}",
            flush=True,
        )
    rate = row["size"] / row["seconds"]
    per_core = rate / row["workers"]
    cpu_ms = 1000 * row["cpu"] / row["size"]
    parse_ms = 1000 * row["parse_cpu"]
    print(
        f"{row['engine']:<7}{row['size']:>9}{row['workers']:>8}{row['seconds']:>8.1f}{rate:>7.1f}"
        f"{per_core:>7.1f}{row['parse_rate']:>8.1f}{row['parse_rate'] / per_core:>6.2f}x"
        f"{row['parallel_rate']:>7.1f}{row['parallel_rate'] / per_core:>6.2f}x"
        f"{cpu_ms:>7.2f}{parse_ms:>7.2f}{cpu_ms / parse_ms:>6.2f}x"
        f"{1000 * row['parallel_cpu']:>6.2f}{cpu_ms / (1000 * row['parallel_cpu']):>6.2f}x"
        f"{row['peak'] / 2**20:>7.0f}{row['peak_pss'] / 2**20:>7.0f}"
        f"{row['ok']:>7}{row['load']:>6.2f}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
