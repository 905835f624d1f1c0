"""`opportunities normalize [FILE]` (DESIGN §3) and `opportunities renormalize`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from normalize import ListingText, classify

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(commands: Any) -> None:
    """Add the normalisation commands to the `opportunities` parser."""
    normalize = commands.add_parser(
        "normalize",
        help="classify JSON Lines postings (stdin or FILE) into DESIGN §3 values",
        description=(
            "Reads one JSON object per line (id, title, company, location, description, salary, "
            "employment_type, posted) and writes one per line: the id and every classification "
            "key, null when unknown. A line that is not a JSON object is reported on stderr; "
            "the exit status is 1 if any line failed."
        ),
    )
    normalize.add_argument("file", nargs="?", type=Path, metavar="FILE", help="default: stdin")
    normalize.set_defaults(handler=_normalize)

    renormalize = commands.add_parser(
        "renormalize",
        help="re-apply the current normalizer to stored listings (no re-crawl)",
    )
    renormalize.add_argument("--source", metavar="NAME", help="only this source's listings")
    renormalize.add_argument(
        "--dry-run", action="store_true", help="report what would change, write nothing"
    )
    renormalize.set_defaults(handler=_renormalize)


def _normalize(args: argparse.Namespace) -> int:
    if args.file is None:
        return normalize_lines(sys.stdin, sys.stdout, sys.stderr)
    try:
        with args.file.open(encoding="utf-8") as lines:
            return normalize_lines(lines, sys.stdout, sys.stderr)
    except OSError as error:
        print(f"opportunities normalize: {args.file}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE


def normalize_lines(lines: Iterable[str], out: TextIO, err: TextIO) -> int:
    """Classify each JSON object line; blank lines are skipped, bad lines reported on `err`."""
    failed = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            record, reason = None, f"invalid JSON ({error.msg})"
        else:
            reason = f"expected a JSON object, got {type(record).__name__}"
        if not isinstance(record, dict):
            print(f"opportunities normalize: line {number}: {reason}", file=err)
            failed = True
            continue
        output = {"id": record.get("id")} | classify(ListingText.from_json(record)).as_dict()
        out.write(json.dumps(output, ensure_ascii=False) + "\n")
    out.flush()
    return EXIT_FAILED if failed else EXIT_OK


def _renormalize(args: argparse.Namespace) -> int:
    from store.db import database_url, get_engine, masked
    from store.migrate import ensure_current
    from store.renormalize import renormalize_listings

    url = database_url()
    ensure_current(url, auto_upgrade=False)
    with get_engine(url).begin() as connection:
        result = renormalize_listings(connection, source=args.source, dry_run=args.dry_run)
    verb = "would change" if args.dry_run else "changed"
    scope = f" of source {args.source}" if args.source else ""
    print(f"{masked(url)}: examined {result.examined} listing(s){scope}, {verb} {result.changed}")
    for column, count in sorted(result.fields.items()):
        print(f"  {column}: {count}")
    return EXIT_OK
