"""How fast is detection? A timing script, not a test (timings do not belong in assertions).

    .venv/bin/python scripts/detect_timing.py [--seeds ../shared/seeds] [--repeat 20]

Reports, on one core, words per second and milliseconds per article for each
seed, for all seeds together, and for 600-word articles built from the seeds'
sentences; plus how much of the time is the lexicon scan and how much tagging.
The model is loaded and warmed up before the clock starts.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unspin.detect.detector import Detector
from unspin.detect.scan import words_of


def _clock(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(3):  # best of three runs of `repeat` calls: less noise from the machine
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        best = min(best, (time.perf_counter() - start) / repeat)
    return best


def articles_of(texts: list[str], words: int) -> list[str]:
    """Articles of about `words` words, made of whole lines of the given texts, in order."""
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    out, current, count = [], [], 0
    for line in lines:
        current.append(line)
        count += len(words_of(line))
        if count >= words:
            out.append("\n".join(current))
            current, count = [], 0
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "seeds")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))}
    if not texts:
        parser.error(f"no *.txt files in {args.seeds}")
    detector = Detector()
    for text in texts.values():  # load the model, warm caches
        detector.detect(text)

    def report(name: str, text: str) -> tuple[int, float]:
        n = len(words_of(text))
        total = _clock(lambda: detector.detect(text), args.repeat)
        scan = _clock(lambda: detector.candidates(text), args.repeat)
        print(f"{name:32} {n:5d} words  {total * 1000:6.2f} ms  {n / total:8.0f} words/s  (scan {scan * 1000:.2f} ms)")
        return n, total

    print("per seed:")
    sizes = [report(name, text) for name, text in texts.items()]
    words_all, seconds_all = sum(n for n, _ in sizes), sum(t for _, t in sizes)
    print(f"{'all seeds':32} {words_all:5d} words  {seconds_all * 1000:6.2f} ms  {words_all / seconds_all:8.0f} words/s")
    print("600-word articles built from the seeds' lines:")
    built = [report(f"article {i + 1}", text) for i, text in enumerate(articles_of(list(texts.values()), 600))]
    if built:
        mean = sum(t for _, t in built) / len(built)
        words = sum(n for n, _ in built) / len(built)
        print(f"mean: {words:.0f} words, {mean * 1000:.2f} ms/article, {1 / mean:.0f} articles/s for detection alone")


if __name__ == "__main__":
    main()
