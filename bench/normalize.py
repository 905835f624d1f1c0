"""Normalizer throughput and peak memory on the dev set, single process.

    .venv/bin/python -m bench.normalize [--repeat N] [--baseline-size N]

Classifies every dev-set posting from its text (the `opportunities normalize` path), `--repeat`
times, and reports listings per second and the peak memory of one pass (tracemalloc, measured
in a separate pass so it does not slow the timing). For scale it measures a naive baseline in
the same run: dateparser's `search_dates` over each description's text, the way a tool that
"finds dates in the text" would work, on the first `--baseline-size` postings. Target: at least
1,000 listings/s on one core (issue 3).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Sequence

from normalize import ListingText, classify
from normalize.scoring import evaluate, load_examples, table
from normalize.text import html_to_text

TARGET = 1_000


def throughput(texts: Sequence[ListingText], repeat: int) -> float:
    """Listings per second over `repeat` passes (after one warm-up pass)."""
    for text in texts:
        classify(text)
    gc.collect()
    started = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            classify(text)
    return len(texts) * repeat / (time.perf_counter() - started)


def peak_memory(texts: Sequence[ListingText]) -> int:
    """Peak bytes allocated while classifying every text once."""
    tracemalloc.start()
    for text in texts:
        classify(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def baseline(texts: Sequence[ListingText]) -> float:
    """Listings per second of dateparser's search_dates over each description."""
    from dateparser.search import search_dates

    plain = [html_to_text(text.description or "") for text in texts]
    started = time.perf_counter()
    for description in plain:
        search_dates(description)
    return len(plain) / (time.perf_counter() - started)


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
    rate = throughput(texts, args.repeat)
    peak = peak_memory(texts)
    naive = baseline(texts[: args.baseline_size])

    print(
        f"dev set: {len(texts)} postings, {characters / len(texts):,.0f} characters each on average"
    )
    print(f"normalizer: {rate:,.0f} listings/s ({1000 / rate:.2f} ms each), single process")
    print(f"peak memory of one pass (tracemalloc): {peak / 1_048_576:.1f} MiB")
    print(
        f"naive baseline, dateparser search_dates on {min(args.baseline_size, len(texts))} "
        f"descriptions: {naive:,.1f} listings/s → the normalizer is {rate / naive:,.0f}× faster"
    )
    print(f"target ≥ {TARGET:,} listings/s: {'met' if rate >= TARGET else 'NOT met'}")
    print()
    print(table(evaluate(examples)))
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
