"""`opportunities`: crawl, inspect runs, manage the database and the recorded fixtures."""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from store.db import database_url, get_engine, masked

if TYPE_CHECKING:
    from store.dedup import DedupResult
    from store.search import Filters

# A wide table even when piped: a summary cut to 80 columns says nothing.
# No markup: messages quote sources.toml tables ("[greenhouse]") and text from the web.
console = Console(highlight=False, markup=False, width=None if sys.stdout.isatty() else 200)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or EXIT_OK)
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opportunities", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    crawl = commands.add_parser("crawl", help="run spiders now (same as `scrapy crawl`)")
    crawl.add_argument("spiders", nargs="*", metavar="NAME", help="spiders to run")
    crawl.add_argument("--all", action="store_true", help="every spider in sources.toml")
    crawl.add_argument(
        "--parallel", type=int, metavar="N", help="crawls at a time (default CRAWL_PARALLEL)"
    )
    crawl.add_argument("--timeout", type=float, metavar="SECONDS",
                       help="stop a crawl still running after this long")  # fmt: skip
    crawl.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    _add_replay(crawl)
    _add_scrapy_options(crawl)
    crawl.set_defaults(handler=_crawl)

    runs = commands.add_parser("runs", help="recent crawl runs, newest first")
    runs.add_argument("--limit", type=int, default=20)
    runs.add_argument("--spider", help="only this spider's runs")
    runs.add_argument("--status", help="only runs with this status")
    runs.add_argument("--since", help="only runs started since a date (2026-11-01) or an age (7d)")
    runs.set_defaults(handler=_runs)

    search = commands.add_parser("search", help="find live opportunities (one per duplicate group)")
    _add_filters(search)
    search.add_argument("--limit", type=int, default=30)
    search.set_defaults(handler=_search)

    export = commands.add_parser("export", help="write opportunities as CSV or JSON Lines")
    _add_filters(export)
    export.add_argument("--format", choices=("csv", "jsonl"), default="jsonl")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    export.set_defaults(handler=_export)

    show = commands.add_parser("show", help="one opportunity: its sources, listings and history")
    show.add_argument("id", help="canonical id, or the id of any of its listings")
    show.set_defaults(handler=_show)

    dedup = commands.add_parser("dedup", help="group duplicate listings across sources")
    dedup.add_argument(
        "--full", action="store_true", help="recompute every group, not only changes"
    )
    dedup.set_defaults(handler=_dedup)

    expire = commands.add_parser(
        "expire", help="expire listings their sources stopped publishing (see docs/OPERATIONS.md)"
    )
    expire.add_argument("--dry-run", action="store_true", help="show what would expire and why")
    expire.add_argument("--source", help="only this spider's listings")
    expire.add_argument("--after-runs", type=int, help="good runs a listing must be absent from")
    expire.add_argument("--min-age-hours", type=float, help="hours since it was last seen")
    expire.set_defaults(handler=_expire)

    db = commands.add_parser("db", help="database schema (Alembic migrations)")
    db_commands = db.add_subparsers(required=True, metavar="ACTION")
    upgrade = db_commands.add_parser("upgrade", help="migrate to the latest (or given) revision")
    upgrade.add_argument("revision", nargs="?", default="head")
    upgrade.set_defaults(handler=_db_upgrade)
    downgrade = db_commands.add_parser("downgrade", help="migrate down to a revision (`base`)")
    downgrade.add_argument("revision")
    downgrade.set_defaults(handler=_db_downgrade)
    current = db_commands.add_parser("current", help="the revision the database is at")
    current.set_defaults(handler=_db_current)

    fixtures = commands.add_parser("fixtures", help="recorded responses (vcrpy cassettes)")
    fixture_commands = fixtures.add_subparsers(required=True, metavar="ACTION")
    record = fixture_commands.add_parser(
        "record", help="crawl a source live and save its responses as a cassette"
    )
    record.add_argument("spider", metavar="NAME")
    record.add_argument("--name", help="cassette name (default: the board, or `recorded`)")
    record.add_argument("--dir", type=Path, help="cassette directory (default: fixtures/cassettes)")
    _add_scrapy_options(record)
    record.set_defaults(handler=_fixtures_record)
    add = fixture_commands.add_parser(
        "add", help="add a saved response body to a cassette, as the answer to GET URL"
    )
    add.add_argument("spider", metavar="NAME")
    add.add_argument("url", metavar="URL", help="the real API URL the body answers")
    add.add_argument("file", type=Path, metavar="FILE", help="the saved response body")
    add.add_argument("--name", required=True, help="cassette name")
    add.add_argument("--content-type", default="application/json; charset=utf-8")
    add.add_argument("--status", type=int, default=200)
    add.add_argument("--dir", type=Path, help="cassette directory (default: fixtures/cassettes)")
    add.set_defaults(handler=_fixtures_add)

    from opportunities import cli_normalize

    cli_normalize.register(commands)
    return parser


def _add_replay(parser: argparse.ArgumentParser) -> None:
    from opportunities.replay import DEFAULT_CASSETTES

    parser.add_argument(
        "--replay",
        nargs="?",
        const=str(DEFAULT_CASSETTES),
        metavar="DIR",
        help=f"answer every request from cassettes, no network (default DIR: {DEFAULT_CASSETTES})",
    )


def _add_scrapy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-a", dest="spider_arguments", action="append", default=[], metavar="NAME=VALUE",
        help="spider argument, e.g. -a board=amplitude (repeatable)",
    )  # fmt: skip
    parser.add_argument(
        "-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
        help="Scrapy setting override (repeatable)",
    )  # fmt: skip


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, equals, setting = value.partition("=")
        if not equals or not name:
            raise SystemExit(f"opportunities: {option} {value!r}: expected NAME=VALUE")
        pairs[name] = setting
    return pairs


# crawl ---------------------------------------------------------------------------------------


def _crawl(args: argparse.Namespace) -> int:
    from opportunities.crawl import configured_spiders, crawl_here, project_settings, spider_names

    overrides: dict[str, object] = dict(_pairs(args.settings, "-s"))
    if args.replay:
        overrides["REPLAY_DIR"] = args.replay
    settings = project_settings(overrides)
    names = list(dict.fromkeys(args.spiders + (configured_spiders() if args.all else [])))
    if not names:
        console.print("opportunities crawl: name spiders to run, or --all")
        return EXIT_USAGE
    unknown = sorted(set(names) - set(spider_names(settings)))
    if unknown:
        console.print(
            f"opportunities crawl: unknown spider(s) {', '.join(unknown)}; "
            f"known: {', '.join(spider_names(settings))}"
        )
        return EXIT_USAGE
    spider_arguments = _pairs(args.spider_arguments, "-a")
    if args.in_process:
        if len(names) != 1:
            console.print("opportunities crawl --in-process: exactly one spider")
            return EXIT_USAGE
        return crawl_here(names[0], spider_arguments, settings)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return crawl_and_report(
        names, spider_arguments, overrides, settings,
        parallel=args.parallel or settings.getint("CRAWL_PARALLEL"),
        timeout=args.timeout or settings.getfloat("CRAWL_TIMEOUT"), stop=stop,
    )  # fmt: skip


def crawl_and_report(
    names: list[str],
    spider_arguments: dict[str, str],
    overrides: dict[str, object],
    settings: Any,
    *,
    parallel: int,
    timeout: float | None,
    stop: Any = None,
    skip_locked: bool = False,
) -> int:
    """Crawl each spider in a child process with live progress, then group duplicates, print
    the summary and send alerts. Used by `opportunities crawl` and the scheduler. The exit code
    is 0 when every crawl finished; with `skip_locked`, a source another process was crawling
    is skipped without failing the whole."""
    from rich.live import Live

    from opportunities.crawl import run_children
    from opportunities.monitoring import alert, problems
    from store.migrate import ensure_current

    url = settings.get("DATABASE_URL")
    # Once, here: children migrating a new database at the same moment would collide.
    ensure_current(url, auto_upgrade=settings.getbool("DATABASE_AUTO_UPGRADE", True))
    log_dir = Path(settings.get("LOG_DIR") or "logs")
    live = Live(console=console, refresh_per_second=2) if console.is_terminal else None
    reported: set[str] = set()

    def progress(children: list[Any]) -> None:
        if live is not None:
            live.update(_summary(children, url, title="Crawling"))
            return
        for child in children:
            if child.exit_code is not None and child.spider not in reported:
                reported.add(child.spider)
                details = _counts_line(child.run) if child.run else child.message
                console.print(f"{child.spider}: {child.state} {details}")

    if live is not None:
        live.start()
    try:
        children = run_children(
            names, database_url=url, spider_arguments=spider_arguments, overrides=overrides,
            log_dir=log_dir, parallel=parallel, timeout=timeout, stop=stop,
            grace=settings.getfloat("CRAWL_STOP_GRACE", 30), on_progress=progress,
        )  # fmt: skip
    finally:
        if live is not None:
            live.stop()
    if any(child.state == "finished" for child in children):
        console.print(_deduplicate(url))
    console.print(_summary(children, url, title="Crawl summary"))
    found = problems(children)
    for line in alert(found, command=settings.get("ALERT_COMMAND"),
                      webhook=settings.get("ALERT_WEBHOOK")):  # fmt: skip
        console.print(line)
    fine = {"finished", "locked"} if skip_locked else {"finished"}
    return EXIT_OK if all(child.state in fine for child in children) else EXIT_FAILED


def _deduplicate(url: str) -> str:
    from store.dedup import deduplicate

    with get_engine(url).begin() as connection:
        return f"dedup: {_dedup_summary(deduplicate(connection))}"


def _dedup_summary(result: DedupResult) -> str:
    """`examined 12, joined url 2 / text 1, new groups 9, …` — only what happened."""
    parts = []
    for name, value in dataclasses.asdict(result).items():
        if isinstance(value, dict):
            value = " / ".join(f"{reason} {count}" for reason, count in sorted(value.items()))
        if value:
            parts.append(f"{name.replace('_', ' ')} {value}")
    return ", ".join(parts) or "nothing to regroup"


def _counts_line(run: dict[str, Any]) -> str:
    if not run:
        return ""
    return (
        ", ".join(
            f"{name} {run.get('items_' + name, 0)}"
            for name in ("scraped", "new", "updated", "unchanged", "rejected", "expired")
        )
        + f", errors {run.get('errors', 0)}"
    )


def _summary(children: list[Any], url: str, *, title: str) -> Table:
    table = Table(title=f"{title} ({masked(url)})")
    columns = ("spider", "run", "status", "scraped", "new", "updated", "unchanged", "rejected",
               "expired", "errors", "duration", "failing checks", "finish reason")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column in (
            "spider", "status", "failing checks", "finish reason") else "right")  # fmt: skip
    for child in children:
        run = child.run
        if not run:
            table.add_row(child.spider, "-", child.state, *["-"] * 9, child.message)
            continue
        failing = [c["check"] for c in run.get("checks") or [] if not c.get("ok")]
        table.add_row(
            child.spider, str(run["id"]), child.state if child.exit_code is not None else
            run["status"],
            *(str(run[k]) for k in ("items_scraped", "items_new", "items_updated",
                                    "items_unchanged", "items_rejected", "items_expired",
                                    "errors")),
            _duration(run["started_at"], run["finished_at"]), ", ".join(failing),
            run["finish_reason"] or child.message,
        )  # fmt: skip
    return table


def _duration(started: datetime, finished: datetime | None) -> str:
    if finished is None:
        return "-"
    return f"{(finished - started).total_seconds():.1f}s"


# runs ----------------------------------------------------------------------------------------


def _runs(args: argparse.Namespace) -> int:
    from store.migrate import ensure_current
    from store.runs import recent_runs

    url = database_url()
    ensure_current(url, auto_upgrade=False)
    with get_engine(url).connect() as connection:
        runs = recent_runs(
            connection, limit=args.limit, spider=args.spider, status=args.status,
            since=_since(args.since),
        )  # fmt: skip
    table = Table(title=f"Crawl runs ({masked(url)})")
    for column in ("run", "spider", "started (UTC)", "duration", "status", "new", "updated",
                   "unchanged", "rejected", "expired", "errors", "arguments",
                   "finish reason"):  # fmt: skip
        table.add_column(column)
    for run in runs:
        counts = run.counts
        table.add_row(
            str(run.id), run.spider, run.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            _duration(run.started_at, run.finished_at), run.status,
            *(str(counts[k]) for k in ("items_new", "items_updated", "items_unchanged",
                                       "items_rejected", "items_expired", "errors")),
            " ".join(f"{k}={v}" for k, v in run.arguments.items() if k != "boards")
            or ",".join(run.arguments.get("boards", [])),
            run.finish_reason or "",
        )  # fmt: skip
    console.print(table)
    return EXIT_OK


# search, export, show, dedup -----------------------------------------------------------------


def _add_filters(parser: argparse.ArgumentParser) -> None:
    from normalize.vocab import EmploymentType, Remote

    parser.add_argument(
        "--remote", nargs="?", const="remote", choices=[r.value for r in Remote],
        help="remote (the default value), hybrid or onsite",
    )  # fmt: skip
    parser.add_argument("--short-term", action="store_true", help="micro/short engagements only")
    parser.add_argument("--max-days", type=int, help="engagement at most this many days")
    parser.add_argument("--max-hours-per-week", type=float, help="at most this many hours a week")
    parser.add_argument(
        "--min-pay", metavar="AMOUNT[/PERIOD]",
        help="at least this pay, e.g. 20/hour, 1500/month, 50000/year",
    )  # fmt: skip
    parser.add_argument("--currency", help="pay currency (ISO 4217), e.g. EUR")
    parser.add_argument(
        "--type", dest="types", action="append", default=[], metavar="TYPE",
        choices=[t.value for t in EmploymentType], help="employment type, e.g. INTERN (repeatable)",
    )  # fmt: skip
    parser.add_argument("--since", help="posted since: a date (2026-11-01) or an age (7d, 48h)")
    parser.add_argument("--source", dest="sources", action="append", default=[], metavar="NAME",
                        help="carried by this source (repeatable)")  # fmt: skip
    parser.add_argument("--q", dest="text", help="text in the title, company or description")


def _filters(args: argparse.Namespace) -> Filters:
    from normalize.vocab import PayPeriod
    from store.search import Filters

    amount, period = None, None
    if args.min_pay:
        figure, _, unit = args.min_pay.partition("/")
        try:
            amount = float(figure.replace(",", ""))
        except ValueError:
            raise SystemExit(
                f"opportunities: --min-pay {args.min_pay!r}: expected AMOUNT[/PERIOD]"
            ) from None
        if unit and unit not in {p.value for p in PayPeriod}:
            raise SystemExit(
                f"opportunities: --min-pay period {unit!r}: one of {[p.value for p in PayPeriod]}"
            )
        period = unit or None
    return Filters(
        remote=args.remote,
        short_term=args.short_term,
        max_days=args.max_days,
        max_hours_per_week=args.max_hours_per_week,
        min_pay=amount,
        pay_period=period,
        pay_currency=args.currency,
        employment_types=args.types,
        since=_since(args.since),
        sources=args.sources,
        text=args.text,
    )


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    units = {"d": "days", "h": "hours", "w": "weeks"}
    if value[:-1].isdigit() and value[-1] in units:
        return datetime.now(UTC) - timedelta(**{units[value[-1]]: int(value[:-1])})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(
            f"opportunities: --since {value!r}: expected a date or an age like 7d"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _search(args: argparse.Namespace) -> int:
    from store.search import search

    url = _readable_database()
    with get_engine(url).connect() as connection:
        found = search(connection, _filters(args), limit=args.limit)
    table = Table(title=f"{len(found)} opportunit{'y' if len(found) == 1 else 'ies'}")
    for column in ("id", "title", "company", "where", "remote", "pay", "duration", "hours/week",
                   "types", "posted", "sources"):  # fmt: skip
        table.add_column(column)
    for row in found:
        table.add_row(
            row["canonical_id"], row["title"], row["company"] or "", row["location_text"] or "",
            row["remote"] or "", _pay(row), _days(row), _range(row, "hours_per_week"),
            ",".join(row["employment_types"] or []),
            f"{row['posted_at']:%Y-%m-%d}" if row["posted_at"] else "", row["sources"] or "",
        )  # fmt: skip
    console.print(table)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    import csv
    import json

    from store.listings import jsonable
    from store.search import OPPORTUNITIES, search

    url = _readable_database()
    with get_engine(url).connect() as connection:
        found = search(connection, _filters(args), limit=None)
    output = args.output.open("w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        if args.format == "jsonl":
            for row in found:
                record = {key: jsonable(value) for key, value in row.items()}
                output.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            columns = [c.name for c in OPPORTUNITIES.columns if c.name != "description_html"]
            writer = csv.DictWriter(output, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in found:
                row["employment_types"] = ",".join(row["employment_types"] or [])
                writer.writerow({key: jsonable(value) for key, value in row.items()})
    finally:
        if args.output:
            output.close()
    if args.output:
        console.print(f"{len(found)} opportunities written to {args.output}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from store.search import group

    url = _readable_database()
    with get_engine(url).connect() as connection:
        found = group(connection, args.id)
    if found is None:
        console.print(f"opportunities show: no opportunity or listing {args.id!r}")
        return EXIT_FAILED
    members = found["members"]
    head = members[0]
    console.print(f"{head['title']} — {head['company'] or '?'}", style="bold")
    console.print(f"group {head['canonical_id'] or head['id']}: {len(members)} listing(s)")
    for label, value in (
        ("where", head["location_text"]), ("remote", head["remote"]), ("pay", _pay(head)),
        ("duration", _days(head)), ("hours/week", _range(head, "hours_per_week")),
        ("total hours", _range(head, "total_hours")),
        ("types", ", ".join(head["employment_types"] or [])),
        ("posted", head["posted_at"]), ("apply by", head["valid_through"]),
    ):  # fmt: skip
        if value:
            console.print(f"  {label:<12} {value}")
    table = Table(title="Listings")
    for column in ("listing", "source", "url", "joined because", "first seen", "last seen",
                   "expired"):  # fmt: skip
        table.add_column(column)
    for member in members:
        table.add_row(
            str(member["id"]) + (" *" if member["is_representative"] else ""), member["source"],
            member["url"], member["canonical_reason"] or "", f"{member['first_seen_at']:%Y-%m-%d}",
            f"{member['last_seen_at']:%Y-%m-%d}",
            f"{member['expired_at']:%Y-%m-%d}" if member["expired_at"] else "",
        )  # fmt: skip
    console.print(table)
    history = Table(title="History")
    for column in ("when", "listing", "kind", "changes"):
        history.add_column(column)
    for change in found["changes"]:
        history.add_row(
            f"{change['changed_at']:%Y-%m-%d %H:%M}", str(change["listing_id"]), change["kind"],
            ", ".join(sorted(change["changes"])),
        )  # fmt: skip
    console.print(history)
    return EXIT_OK


def _dedup(args: argparse.Namespace) -> int:
    from store.dedup import deduplicate
    from store.migrate import ensure_current

    url = database_url()
    ensure_current(url, auto_upgrade=False)
    with get_engine(url).begin() as connection:
        result = deduplicate(connection, full=args.full)
    console.print(f"{masked(url)}: {_dedup_summary(result)}")
    return EXIT_OK


def _readable_database() -> str:
    from store.migrate import ensure_current

    url = database_url()
    ensure_current(url, auto_upgrade=False)
    return url


def _pay(row: dict[str, Any]) -> str:
    low, high = row["pay_min"], row["pay_max"]
    if low is None and high is None:
        return row["pay_status"] or ""
    amounts = f"{low:,.0f}" if low == high or high is None else f"{low or 0:,.0f}–{high:,.0f}"
    if low is None:
        amounts = f"up to {high:,.0f}"
    elif high is None:
        amounts = f"from {low:,.0f}"
    period = f"/{row['pay_period']}" if row["pay_period"] else ""
    return f"{amounts} {row['pay_currency'] or ''}{period}".strip()


def _range(row: dict[str, Any], prefix: str) -> str:
    low, high = row[f"{prefix}_min"], row[f"{prefix}_max"]
    if low is None and high is None:
        return ""
    return f"{low:g}" if low == high else f"{low or 0:g}–{high:g}" if high else f"{low:g}+"


def _days(row: dict[str, Any]) -> str:
    span = _range(row, "duration_days")
    klass = row["duration_class"] or ""
    return f"{span} d ({klass})" if span else klass


# expire --------------------------------------------------------------------------------------


def _expire(args: argparse.Namespace) -> int:
    from opportunities.crawl import project_settings
    from store.expiry import expire, find_expired
    from store.migrate import ensure_current

    settings = project_settings()
    after_runs = args.after_runs or settings.getint("EXPIRE_AFTER_RUNS")
    min_age = (
        args.min_age_hours if args.min_age_hours is not None
        else settings.getfloat("EXPIRE_MIN_AGE_HOURS")
    )  # fmt: skip
    url = database_url()
    ensure_current(url, auto_upgrade=False)
    with get_engine(url).begin() as connection:
        expiries = find_expired(connection, after_runs=max(after_runs, 1), min_age_hours=min_age)
        if args.source:
            expiries = [e for e in expiries if e.source == args.source]
        if not args.dry_run:
            expire(connection, expiries)
    verb = "would expire" if args.dry_run else "expired"
    table = Table(title=f"{len(expiries)} listing(s) {verb} ({masked(url)})")
    for column in ("listing", "source", "board", "title", "why"):
        table.add_column(column)
    for expiry in expiries:
        table.add_row(str(expiry.listing_id), expiry.source, expiry.board, expiry.title,
                      expiry.reason)  # fmt: skip
    console.print(table)
    return EXIT_OK


# db ------------------------------------------------------------------------------------------


def _db_upgrade(args: argparse.Namespace) -> int:
    from store.migrate import current_revision, upgrade

    url = database_url()
    upgrade(url, args.revision)
    console.print(f"{masked(url)}: schema at revision {current_revision(url)}")
    return EXIT_OK


def _db_downgrade(args: argparse.Namespace) -> int:
    from store.migrate import current_revision, downgrade

    url = database_url()
    downgrade(url, args.revision)
    console.print(f"{masked(url)}: schema at revision {current_revision(url) or 'base (empty)'}")
    return EXIT_OK


def _db_current(args: argparse.Namespace) -> int:
    from store.migrate import current_revision, head_revision

    url = database_url()
    current = current_revision(url)
    note = "up to date" if current == head_revision() else f"latest is {head_revision()}"
    console.print(f"{masked(url)}: {current or 'base (empty)'} ({note})")
    return EXIT_OK


# fixtures ------------------------------------------------------------------------------------


def _fixtures_record(args: argparse.Namespace) -> int:
    from opportunities.crawl import project_settings
    from opportunities.replay import DEFAULT_CASSETTES

    spider_arguments = _pairs(args.spider_arguments, "-a")
    name = args.name or spider_arguments.get("board", "").replace(",", "-") or "recorded"
    directory = args.dir or DEFAULT_CASSETTES
    overrides: dict[str, object] = {"RECORD_DIR": str(directory), "RECORD_NAME": name}
    # Recording refreshes fixtures, not data: the crawl's rows go to a throwaway database.
    scratch = tempfile.mkdtemp(prefix="opportunities-record-")
    overrides["DATABASE_URL"] = f"sqlite:///{scratch}/record.db"
    overrides.update(_pairs(args.settings, "-s"))
    settings = project_settings(overrides)
    code = crawl_and_report(
        [args.spider], spider_arguments, overrides, settings, parallel=1, timeout=None
    )
    console.print(f"cassette: {directory / args.spider / (name + '.yaml')}")
    return code


def _fixtures_add(args: argparse.Namespace) -> int:
    from opportunities.replay import DEFAULT_CASSETTES, add_interaction

    path = (args.dir or DEFAULT_CASSETTES) / args.spider / f"{args.name}.yaml"
    count = add_interaction(
        path,
        url=args.url,
        body=args.file.read_bytes(),
        status=args.status,
        content_type=args.content_type,
    )
    console.print(f"{path}: {count} recorded response(s)")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
