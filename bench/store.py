"""Store benchmarks: upsert throughput, a re-crawl that writes nothing, deduplication at scale.

    .venv/bin/python -m bench.store [--sizes 10000,100000,1000000] [--dialect both]
                                    [--upsert-rows 20000] [--recrawl-rows 100000]

(a) `store.listings.upsert_listings` against the dialect's raw `INSERT … ON CONFLICT DO UPDATE`
    executemany on the same rows, batches of 500, for new rows and for changed rows. Target:
    at least 50 % of raw.
(b) A re-crawl of `--recrawl-rows` unchanged listings: it must write no content: no
    `listing_changes` row, no `updated_at` moved.
(c) `store.dedup.deduplicate` over synthetic listings (each size in a fresh database, every
    listing pending, as after a first crawl), then an incremental run after 1 % more listings
    arrive. Time and peak memory (RSS of a child process that only runs the deduplication),
    and pairwise precision/recall against the synthetic truth. Target: 1 M in ≤ 10 minutes on
    one core, close-to-linear growth.

Synthetic listings are real sample text recombined (fixtures/dedup/pairs.jsonl): descriptions are
paragraphs of real descriptions drawn to the real length distribution, after a per-company intro;
titles, companies and cities are real ones. 20 % of the listings are copies of another listing
on another board — linking it with tracking parameters, retitled, truncated or re-rendered
with another location, as fixtures/dedup/build_pairs.py does with real postings.

PostgreSQL: a throwaway database on DATABASE_TEST_URL's server (default
postgresql://postgres@127.0.0.1:5432/test), dropped afterwards. SQLite: a temporary file.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from store.db import get_engine
from store.dedup import deduplicate, title_words
from store.listings import CONTENT_COLUMNS, KEY_COLUMNS, content_hash, upsert_listings
from store.migrate import upgrade
from store.models import Listing, ListingChange

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "fixtures" / "dedup" / "pairs.jsonl"
ADMIN_URL = os.environ.get("DATABASE_TEST_URL", "postgresql://postgres@127.0.0.1:5432/test")
LISTINGS: Table = Listing.__table__  # type: ignore[assignment]
CHANGES: Table = ListingChange.__table__  # type: ignore[assignment]
T0 = datetime(2026, 9, 1, 3, 0, tzinfo=UTC)
BATCH = 500
CHUNK = 1000  # synthetic listings are made in chunks: copies point at originals of their chunk
DUPLICATE_SHARE = 0.2
ATS = ("greenhouse", "lever", "ashby", "workable", "personio")
BOARDS = ("arbeitnow", "remoteok", "remotive", "himalayas", "jobicy")


# --- Databases ------------------------------------------------------------------------------------


@contextmanager
def database(dialect: str) -> Iterator[str]:
    """A new, migrated database of `dialect`, removed afterwards."""
    if dialect == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-store-") as directory:
            url = f"sqlite:///{Path(directory) / 'bench.db'}"
            upgrade(url)
            try:
                yield url
            finally:
                get_engine(url).dispose()
        return
    admin = make_url(ADMIN_URL)
    name = f"bench_store_{uuid.uuid4().hex[:12]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # our own name: hex only
    url = admin.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        get_engine(url).dispose()
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Synthetic listings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """Real material to recombine."""

    paragraphs: tuple[str, ...]
    lengths: tuple[int, ...]
    titles: tuple[str, ...]
    companies: tuple[str, ...]
    cities: tuple[str, ...]


@cache
def pool() -> Pool:
    paragraphs: set[str] = set()
    lengths, titles, companies, cities = [], set(), set(), set()
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for row in (pair["a"], pair["b"]):
            text = row["description_text"] or ""
            if len(text) > 200:
                lengths.append(len(text))
            paragraphs.update(p.strip() for p in text.split("\n") if len(p.strip()) > 40)
            titles.add(row["title"])
            if row["company"]:
                companies.add(row["company"])
            if row["location_text"] and "|" not in row["location_text"]:
                cities.add(row["location_text"])
    return Pool(
        tuple(sorted(paragraphs)), tuple(sorted(lengths)), tuple(sorted(titles)),
        tuple(sorted(companies)), tuple(sorted(cities)),
    )  # fmt: skip


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:50]


def page(source: str, company: str, title: str, source_id: str) -> str:
    """The posting's page, in the source's own URL form (ATS forms carry the posting id)."""
    board, number = slug(company) or "x", int(source_id.replace(".", "0"))
    if source == "greenhouse":
        return f"https://job-boards.greenhouse.io/{board}/jobs/{number}"
    if source == "lever":
        return f"https://jobs.lever.co/{board}/{uuid.UUID(int=number)}"
    if source == "ashby":
        return f"https://jobs.ashbyhq.com/{board}/{uuid.UUID(int=number)}"
    if source == "workable":
        return f"https://apply.workable.com/{board}/j/{source_id}"
    if source == "personio":
        return f"https://{board}.jobs.personio.de/job/{number}"
    return f"https://{source}.example/jobs/{slug(title)}-{source_id}"


def original(
    number: int, rng: random.Random, material: Pool, titles: set[tuple[str, ...]]
) -> dict[str, Any]:
    """Listing `number`: a company (eight listings each) with its own intro paragraph."""
    company_number = number // 8
    company = f"{material.companies[company_number % len(material.companies)]} {company_number}"
    intro_rng = random.Random(company_number)
    intro = f"At {company}, " + intro_rng.choice(material.paragraphs)
    title = rng.choice(material.titles)
    while title_words(title) in titles:  # a company does not post one job twice
        title = rng.choice(material.titles)
    titles.add(title_words(title))
    target = rng.choice(material.lengths)
    parts = [intro]
    while sum(map(len, parts)) < target:
        parts.append(rng.choice(material.paragraphs))
    source = rng.choice(ATS) if rng.random() < 0.4 else rng.choice(BOARDS)
    source_id = str(number)
    return {
        "source": source,
        "source_id": source_id,
        "board": slug(company) if source in ATS else "",
        "url": page(source, company, title, source_id),
        "title": title,
        "company": company,
        "location_text": rng.choice(material.cities),
        "description_text": "\n\n".join(parts),
        "posted_at": T0 - timedelta(days=rng.uniform(0, 60)),
    }


def copy(
    of: dict[str, Any], name: str, rng: random.Random, taken: set[str], source: str | None = None
) -> dict[str, Any]:
    """A re-listing of `of` on another board (not one of `taken`: a board lists it once)."""
    source = source or rng.choice([b for b in BOARDS if b != of["source"] and b not in taken])
    row = of | {
        "source": source,
        "source_id": name,
        "board": "",
        "url": page(source, of["company"], of["title"], name),
        "posted_at": of["posted_at"] + timedelta(days=rng.uniform(0, 3)),
    }
    how = rng.choice(("link", "retitle", "truncate", "rerender"))
    if how == "link" and of["source"] in ATS:
        row["apply_url"] = f"{of['url']}?utm_source={source}&utm_medium=feed"
    elif how == "retitle":
        row["title"] = rng.choice((f"Senior {of['title']}", f"{of['title']} (Remote)"))
    elif how == "truncate":
        text = of["description_text"]
        row["description_text"] = text[: int(len(text) * rng.uniform(0.4, 0.7))] + " …"
    else:
        row["location_text"] = "Remote"
        row["description_text"] = of["description_text"] + f"\n\nFound on {source}. Apply today."
    return row


def synthetic(first_chunk: int, chunks: int) -> Iterator[dict[str, Any]]:
    """Listings of chunks `first_chunk`…: 80 % originals, 20 % copies of originals of the same
    chunk. Copies are named `ORIGINAL.N`: the truth of which listings are one opportunity."""
    material = pool()
    originals_per_chunk = round(CHUNK * (1 - DUPLICATE_SHARE))
    for chunk in range(first_chunk, first_chunk + chunks):
        rng = random.Random(chunk)
        titles: dict[int, set[tuple[str, ...]]] = {}
        made = []
        for offset in range(originals_per_chunk):
            number = chunk * originals_per_chunk + offset
            made.append(original(number, rng, material, titles.setdefault(number // 8, set())))
        yield from made
        boards: dict[str, set[str]] = {}
        for index in range(CHUNK - originals_per_chunk):
            source = rng.choice(made)
            taken = boards.setdefault(source["source_id"], set())
            if len(taken) < len(BOARDS) - 1:
                made_copy = copy(source, f"{source['source_id']}.{index}", rng, taken)
                taken.add(made_copy["source"])
                yield made_copy


def load(url: str, rows: Iterator[dict[str, Any]], at: datetime = T0) -> int:
    count = 0
    engine = get_engine(url)
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 5000:
            with engine.begin() as connection:
                upsert_listings(connection, batch, seen_at=at)
            count += len(batch)
            batch = []
    if batch:
        with engine.begin() as connection:
            upsert_listings(connection, batch, seen_at=at)
        count += len(batch)
    return count


# --- (a) upsert against raw INSERT … ON CONFLICT -----------------------------------------------


def raw_rows(rows: Sequence[dict[str, Any]], at: datetime) -> list[dict[str, Any]]:
    """The rows as complete table rows, prepared before timing: raw SQL gets them for free."""
    prepared = []
    for row in rows:
        full = {column: row.get(column) for column in (*KEY_COLUMNS, *CONTENT_COLUMNS)}
        full |= {"board": full["board"] or "", "hints": {}, "raw": {}, "employment_types": []}
        full["content_hash"] = content_hash(full)
        full |= {"first_seen_at": at, "last_seen_at": at, "updated_at": at}
        prepared.append(full)
    return prepared


def raw_upsert(url: str, rows: Sequence[dict[str, Any]]) -> float:
    dialect = make_url(url).get_backend_name()
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(LISTINGS)
    refreshed = (*CONTENT_COLUMNS, "content_hash", "last_seen_at", "updated_at")
    statement = insert.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS), set_={c: insert.excluded[c] for c in refreshed}
    )
    started = time.perf_counter()
    for start in range(0, len(rows), BATCH):
        with get_engine(url).begin() as connection:
            connection.execute(statement, list(rows[start : start + BATCH]))
    return len(rows) / (time.perf_counter() - started)


def store_upsert(url: str, rows: Sequence[dict[str, Any]], at: datetime) -> float:
    started = time.perf_counter()
    for start in range(0, len(rows), BATCH):
        with get_engine(url).begin() as connection:
            upsert_listings(connection, rows[start : start + BATCH], seen_at=at)
    return len(rows) / (time.perf_counter() - started)


def changed(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row | {"title": row["title"] + " (updated)"} for row in rows]


def bench_upsert(dialect: str, count: int) -> list[tuple[str, float, float]]:
    rows = list(synthetic(10_000, -(-count // CHUNK)))[:count]
    later = T0 + timedelta(days=1)
    results = []
    with database(dialect) as raw_url, database(dialect) as store_url:
        new_raw = raw_upsert(raw_url, raw_rows(rows, T0))
        new_store = store_upsert(store_url, rows, T0)
        results.append(("new rows", new_raw, new_store))
        changed_raw = raw_upsert(raw_url, raw_rows(changed(rows), later))
        changed_store = store_upsert(store_url, changed(rows), later)
        results.append(("changed rows", changed_raw, changed_store))
        unchanged_store = store_upsert(store_url, changed(rows), later + timedelta(days=1))
        unchanged_raw = raw_upsert(raw_url, raw_rows(changed(rows), later + timedelta(days=1)))
        results.append(("unchanged rows", unchanged_raw, unchanged_store))
    return results


# --- (b) a re-crawl of unchanged listings -------------------------------------------------------


def bench_recrawl(dialect: str, count: int) -> dict[str, Any]:
    with database(dialect) as url:
        load(url, synthetic(20_000, -(-count // CHUNK)))
        later = T0 + timedelta(days=1)
        started = time.perf_counter()
        loaded = load(url, synthetic(20_000, -(-count // CHUNK)), at=later)
        seconds = time.perf_counter() - started
        with get_engine(url).connect() as connection:
            changes = connection.scalar(select(func.count()).select_from(CHANGES))
            moved = connection.scalar(
                select(func.count()).select_from(LISTINGS).where(LISTINGS.c.updated_at != T0)
            )
            seen = connection.scalar(
                select(func.count()).select_from(LISTINGS).where(LISTINGS.c.last_seen_at == later)
            )
    return {"rows": loaded, "seconds": seconds, "changes": changes, "moved": moved, "seen": seen}


# --- (c) deduplication --------------------------------------------------------------------------


def run_dedup(url: str) -> dict[str, Any]:
    """Deduplicate in a child process: its peak RSS is the deduplication's."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.store", "--dedup-child", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(completed.stderr)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def peak_rss_mib() -> float:
    """This process's peak resident memory. Linux's VmHWM is this program's own; ru_maxrss may
    include the parent's at fork time."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dedup_child(url: str) -> None:
    baseline = peak_rss_mib()
    started = time.perf_counter()
    with get_engine(url).begin() as connection:
        result = deduplicate(connection)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds, "peak_mib": peak_rss_mib(), "baseline_mib": baseline,
        "examined": result.examined, "regrouped": result.regrouped, "joined": result.joined,
        "new_groups": result.new_groups, "merged_groups": result.merged_groups,
    }))  # fmt: skip


def quality(url: str) -> tuple[float, float, int]:
    """Pairwise precision and recall against the synthetic truth, and the number of groups."""
    with get_engine(url).connect() as connection:
        rows = connection.execute(select(LISTINGS.c.source_id, LISTINGS.c.canonical_id)).all()
    truth = Counter(source_id.split(".")[0] for source_id, _ in rows)
    found = Counter(canonical_id for _, canonical_id in rows)
    both = Counter((source_id.split(".")[0], canonical_id) for source_id, canonical_id in rows)

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    right = pairs(both)
    return right / max(pairs(found), 1), right / max(pairs(truth), 1), len(found)


def bench_dedup(dialect: str, size: int) -> dict[str, Any]:
    chunks = size // CHUNK
    with database(dialect) as url:
        started = time.perf_counter()
        load(url, synthetic(0, chunks))
        loaded = time.perf_counter() - started
        first = run_dedup(url)
        precision, recall, groups = quality(url)
        # A night later: 1 % more listings, a fifth of them re-listings of old ones on a new board.
        extra = size // 100
        later = T0 + timedelta(days=1)
        load(url, islice(synthetic(chunks, -(-extra // CHUNK)), extra - extra // 5), at=later)
        old = (row for row in synthetic(0, chunks) if row["source_id"].endswith("7"))
        load(url, (copy(row, f"{row['source_id']}.999", random.Random(row["source_id"]), set(),
                        source="workingnomads") for row in islice(old, extra // 5)),
             at=later)  # fmt: skip
        incremental = run_dedup(url)
        after = quality(url)
    return {
        "size": size, "load_seconds": loaded, "first": first, "precision": precision,
        "recall": recall, "groups": groups, "incremental": incremental,
        "incremental_precision": after[0], "incremental_recall": after[1],
    }  # fmt: skip


# --- Report ---------------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True))
             for row in cells]  # fmt: skip
    return "\n".join([lines[0], "  ".join("-" * width for width in widths), *lines[1:]])


def progress(label: str) -> None:
    print(f"… {label}", file=sys.stderr, flush=True)


def report_upsert(dialects: Sequence[str], count: int) -> None:
    rows: list[tuple[str, ...]] = []
    for dialect in dialects:
        progress(f"upsert {dialect}")
        for case, raw, store in bench_upsert(dialect, count):
            rows.append((dialect, case, f"{raw:,.0f}", f"{store:,.0f}", f"{store / raw:.0%}"))
    print(f"\n(a) upsert_listings against raw INSERT … ON CONFLICT executemany, {count:,} rows "
          f"in batches of {BATCH} (target ≥ 50 %)")  # fmt: skip
    print(table(("dialect", "case", "raw rows/s", "upsert_listings rows/s", "ratio"), rows))


def report_recrawl(dialects: Sequence[str], count: int) -> None:
    rows: list[tuple[str, ...]] = []
    for dialect in dialects:
        progress(f"re-crawl {dialect}")
        r = bench_recrawl(dialect, count)
        rows.append((
            dialect, f"{r['rows']:,}", f"{r['seconds']:.1f}", f"{r['rows'] / r['seconds']:,.0f}",
            str(r["changes"]), str(r["moved"]), f"{r['seen']:,}",
        ))  # fmt: skip
    print(f"\n(b) re-crawl of {count:,} unchanged listings (target: 0 content rows)")
    header = ("dialect", "listings", "seconds", "rows/s", "listing_changes", "updated_at moved",
              "last_seen_at moved")  # fmt: skip
    print(table(header, rows))


def report_dedup(dialects: Sequence[str], sizes: Sequence[int]) -> None:
    rows: list[tuple[str, ...]] = []
    for dialect in dialects:
        for size in sizes:
            progress(f"dedup {dialect} {size:,}")
            r = bench_dedup(dialect, size)
            print(json.dumps(r), file=sys.stderr, flush=True)
            first, late = r["first"], r["incremental"]
            rows.append((
                dialect, f"{size:,}", f"{r['load_seconds']:.0f}", f"{first['seconds']:.1f}",
                f"{size / first['seconds']:,.0f}", f"{first['peak_mib']:.0f}",
                f"{r['groups']:,}", f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                f"{late['examined']:,}", f"{late['seconds']:.1f}", f"{late['peak_mib']:.0f}",
                f"{r['incremental_precision']:.3f}/{r['incremental_recall']:.3f}",
            ))  # fmt: skip
    print("\n(c) deduplication, one process on one core: the first run (every listing pending), "
          "then a run after 1 % more listings arrive (incremental)")  # fmt: skip
    header = ("dialect", "listings", "load s", "dedup s", "listings/s", "peak MiB", "groups",
              "precision", "recall", "+1% examined", "+1% s", "+1% MiB", "+1% P/R")  # fmt: skip
    print(table(header, rows))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.store", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="dedup sizes, comma-separated multiples of 1000",
    )
    parser.add_argument("--dialect", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--upsert-rows", type=int, default=20_000)
    parser.add_argument("--recrawl-rows", type=int, default=100_000)
    parser.add_argument("--skip", default="", help="parts to skip: upsert,recrawl,dedup")
    parser.add_argument("--dedup-child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)  # fmt: skip
    if args.dedup_child:
        dedup_child(args.dedup_child)
        return 0
    dialects = ("sqlite", "postgresql") if args.dialect == "both" else (args.dialect,)
    skip = set(args.skip.split(","))
    if "upsert" not in skip:
        report_upsert(dialects, args.upsert_rows)
    if "recrawl" not in skip:
        report_recrawl(dialects, args.recrawl_rows)
    if "dedup" not in skip:
        report_dedup(dialects, [int(size) for size in args.sizes.split(",") if size])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
