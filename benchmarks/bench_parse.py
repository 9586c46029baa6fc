"""Throughput of ``analysis.parse`` next to spaCy's blank Arabic tokenizer.

Run: ``make bench`` (installs spaCy) or ``python benchmarks/bench_parse.py``.

Both run in this process on the same text: a few MB of Arabic news prose made
by shuffling the paragraphs of the seed article and of short texts written for
this benchmark. The figures are medians over repeated runs; on shared machines
read the ratio, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_4e5fc412234f2c9f.txt"
EXTRA = [
    "وقال وزير الخارجية الإيراني إن طهران لن تتفاوض تحت الضغط، محذرا من أي هجوم على منشآتها.",
    "واتهمت موسكو واشنطن بتأجيج التوتر في شرق سوريا، فيما نفت وزارة الدفاع الأمريكية ذلك.",
    "وأعربت الأمم المتحدة عن قلقها البالغ إزاء تصاعد العنف في السودان، داعية إلى وقف إطلاق النار.",
    "وأعلن الجيش الإسرائيلي أنه استهدف مواقع لحزب الله في جنوب لبنان، بحسب بيان عسكري.",
    "ورحبت جامعة الدول العربية بالاتفاق، وقال مصدر دبلوماسي عربي إن المفاوضات ستستأنف.",
]


def corpus_text(megabytes: float, seed: int = 7) -> str:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()] + EXTRA
    rng = random.Random(seed)
    parts, size = ["عنوان المجموعة", ""], 0
    while size < megabytes * 1_000_000:
        paragraph = rng.choice(paragraphs)
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(parts)


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=3.0, help="size of the text in MB")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import analysis

    text = corpus_text(args.mb)
    megabytes = len(text.encode("utf-8")) / 1e6
    lexicon = analysis.load_lexicon()  # loaded once, outside the timing, as in a session
    analysis.parse(text[:5000], lexicon=lexicon)  # warm up caches

    rows = []
    parse_s = median_seconds(lambda: analysis.parse(text, lexicon=lexicon), args.repeat)
    rows.append(("mawaqif parse (whole pipeline)", parse_s))
    seed = SEED.read_text(encoding="utf-8")
    count = max(1, int(megabytes * 1e6 / len(seed.encode("utf-8"))))
    per_article_s = median_seconds(
        lambda: [analysis.parse(seed, lexicon=lexicon, date="2020-05-30") for _ in range(count)],
        args.repeat,
    )
    rows.append((f"mawaqif parse, {count} x seed article", per_article_s))
    try:
        import spacy
    except ImportError:
        print("spaCy is not installed (make bench installs it): no baseline row")
    else:
        nlp = spacy.blank("ar")
        nlp.max_length = len(text) + 1
        rows.append(("spaCy blank('ar') tokenizer", median_seconds(lambda: nlp(text), args.repeat)))
    print(f"text: {megabytes:.2f} MB UTF-8, median of {args.repeat} runs")
    print(f"{'run':<40} {'seconds':>8} {'MB/s':>7} {'vs spaCy':>9}")
    baseline = rows[-1][1] if len(rows) == 3 else None
    for name, seconds in rows:
        ratio = f"{baseline / seconds:.2f}x" if baseline else "-"
        print(f"{name:<40} {seconds:8.3f} {megabytes / seconds:7.2f} {ratio:>9}")


if __name__ == "__main__":
    main()
