"""Normalizer throughput and peak memory on the dev set, single process.

    .venv/bin/python -m bench.normalize [--repeat N] [--baseline-size N]

Classifies every dev-set posting from its text (the `opportunities normalize` path), `--repeat`
times after one warm-up pass, and reports listings per second twice: from CPU time
(`time.process_time`, what one core spends; the target is judged on this) and from wall time
(which also counts whatever else runs on a shared machine). Each pass is timed on its own; the
best pass is the figure, the median is shown next to it. Peak memory of one pass is measured in
a separate pass (tracemalloc slows the code it watches). For scale it measures a naive baseline
in the same run: dateparser's `search_dates` over each description's text, the way a tool that
"finds dates in the text" would work, on the first `--baseline-size` postings. Target: at least
1,000 listings/s on one core (issue 3).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from normalize import ListingText, classify
from normalize.scoring import evaluate, load_examples, table
from normalize.text import html_to_text

TARGET = 1_000


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds per listing of each timed pass, in CPU time and in wall time."""

    cpu: tuple[float, ...]
    wall: tuple[float, ...]

    @property
    def cpu_rate(self) -> float:
        """Listings per second of the best pass, in CPU time."""
        return 1 / min(self.cpu)

    @property
    def wall_rate(self) -> float:
        return 1 / min(self.wall)


def timed(work: Callable[[], int], repeat: int) -> Timing:
    """Time `repeat` calls of `work` (which returns how many listings it handled)."""
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(repeat):
        gc.collect()
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        count = work()
        cpu.append((time.process_time() - cpu_started) / count)
        wall.append((time.perf_counter() - wall_started) / count)
    return Timing(tuple(cpu), tuple(wall))


def throughput(texts: Sequence[ListingText], repeat: int) -> Timing:
    """Per-listing time of `repeat` passes over every text (after one warm-up pass)."""

    def one_pass() -> int:
        for text in texts:
            classify(text)
        return len(texts)

    one_pass()
    return timed(one_pass, repeat)


def peak_memory(texts: Sequence[ListingText]) -> int:
    """Peak bytes allocated while classifying every text once."""
    tracemalloc.start()
    for text in texts:
        classify(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def baseline(texts: Sequence[ListingText]) -> Timing:
    """Per-listing time of dateparser's search_dates over each description (one pass)."""
    from dateparser.search import search_dates

    plain = [html_to_text(text.description or "") for text in texts]

    def one_pass() -> int:
        for description in plain:
            search_dates(description)
        return len(plain)

    return timed(one_pass, 1)


def _ms(seconds: Sequence[float]) -> str:
    return f"{min(seconds) * 1000:.2f} ms (median {statistics.median(seconds) * 1000:.2f} ms)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.normalize", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes (default 5)")
    parser.add_argument("--baseline-size", type=int, default=20, help="postings (default 20)")
    args = parser.parse_args(argv)

    examples = load_examples()
    if not examples:
        print("no dev set found under fixtures/normalize/devset")
        return 1
    texts = [example.text() for example in examples]
    characters = sum(len(text.description or "") for text in texts)
    timing = throughput(texts, max(1, args.repeat))
    peak = peak_memory(texts)
    naive = baseline(texts[: args.baseline_size])

    print(
        f"dev set: {len(texts)} postings, {characters / len(texts):,.0f} characters each on average"
    )
    print(f"normalizer, single process, best of {len(timing.cpu)} passes:")
    print(f"  CPU time:  {timing.cpu_rate:,.0f} listings/s, {_ms(timing.cpu)} per listing")
    print(f"  wall time: {timing.wall_rate:,.0f} listings/s, {_ms(timing.wall)} per listing")
    print(f"peak memory of one pass (tracemalloc): {peak / 1_048_576:.1f} MiB")
    print(
        f"naive baseline, dateparser search_dates on {min(args.baseline_size, len(texts))} "
        f"descriptions: {naive.cpu_rate:,.1f} listings/s (CPU) → the normalizer is "
        f"{timing.cpu_rate / naive.cpu_rate:,.0f}× faster"
    )
    met = timing.cpu_rate >= TARGET
    print(f"target ≥ {TARGET:,} listings/s on one core (CPU time): {'met' if met else 'NOT met'}")
    print()
    print(table(evaluate(examples)))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
