"""Deduplication across sources (store/dedup.py) on SQLite and PostgreSQL: the labelled pairs of
fixtures/dedup/, the layers, stable group ids, incremental runs, the representative rule."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from store.db import get_engine
from store.dedup import (
    DedupResult,
    canonical_url,
    company_key,
    deduplicate,
    place_words,
    places_agree,
    posting_key,
    text_signatures,
    title_words,
)
from store.listings import upsert_listings
from store.models import Listing
from tests.support import fetch, table_rows

PAIRS = Path(__file__).resolve().parent.parent / "fixtures" / "dedup" / "pairs.jsonl"
T0 = datetime(2026, 8, 1, 3, 0, tzinfo=UTC)
LISTINGS = Listing.__table__


@cache
def labelled_pairs() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines())


def as_row(fields: dict[str, Any]) -> dict[str, Any]:
    posted = fields.get("posted_at")
    return fields | {"posted_at": datetime.fromisoformat(posted) if posted else None}


def fixture_rows() -> list[dict[str, Any]]:
    """Every listing of the labelled pairs, once."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for pair in labelled_pairs():
        for side in (pair["a"], pair["b"]):
            rows[(side["source"], side["source_id"])] = as_row(side)
    return list(rows.values())


def listing(source: str, source_id: str) -> dict[str, Any]:
    """One listing of the labelled pairs."""
    for row in fixture_rows():
        if (row["source"], row["source_id"]) == (source, source_id):
            return dict(row)
    raise LookupError((source, source_id))


def upsert(url: str, rows: list[dict[str, Any]], at: datetime = T0) -> None:
    with get_engine(url).begin() as connection:
        upsert_listings(connection, rows, seen_at=at)


def dedup(url: str, *, full: bool = False, at: datetime = T0) -> DedupResult:
    with get_engine(url).begin() as connection:
        return deduplicate(connection, full=full, now=at + timedelta(hours=1))


def groups(url: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(row["source"], row["source_id"]): row for row in table_rows(url, "listings")}


def score(url: str) -> tuple[float, float, Counter[str]]:
    """Pairwise precision and recall of the stored groups against the labels, and the kinds of
    the pairs they get wrong."""
    stored = groups(url)
    true_positive = false_positive = false_negative = 0
    wrong: Counter[str] = Counter()
    for pair in labelled_pairs():
        a = stored[(pair["a"]["source"], pair["a"]["source_id"])]
        b = stored[(pair["b"]["source"], pair["b"]["source_id"])]
        together = a["canonical_id"] == b["canonical_id"]
        true_positive += together and pair["duplicate"]
        false_positive += together and not pair["duplicate"]
        false_negative += not together and pair["duplicate"]
        if together != pair["duplicate"]:
            wrong[pair["kind"]] += 1
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    return precision, recall, wrong


# --- The labelled pairs ---------------------------------------------------------------------------


def test_the_labelled_pairs_are_a_mix() -> None:
    pairs = labelled_pairs()
    kinds = Counter(pair["kind"] for pair in pairs)
    assert len(pairs) >= 150
    assert 0.3 <= sum(pair["duplicate"] for pair in pairs) / len(pairs) <= 0.7
    for kind in (
        "ats_board_apply_link", "ats_board_tracking_url", "ats_board_retitled",
        "ats_board_truncated", "same_title_two_companies", "same_company_two_cities",
        "agency_copy_rewritten", "agency_copy_verbatim",
    ):  # fmt: skip
        assert kinds[kind] >= 4, kind


def test_labelled_pairs_precision_and_recall(database_url: str) -> None:
    upsert(database_url, fixture_rows())

    dedup(database_url)

    precision, recall, wrong = score(database_url)
    print(f"\ndedup pairs: precision {precision:.3f}, recall {recall:.3f}, wrong {dict(wrong)}")
    assert precision >= 0.98
    assert recall >= 0.90


def test_a_full_run_agrees_with_incremental_runs(database_url: str) -> None:
    rows = fixture_rows()
    upsert(database_url, rows[::2])
    dedup(database_url)
    upsert(database_url, rows[1::2], at=T0 + timedelta(days=1))
    dedup(database_url, at=T0 + timedelta(days=1))
    incremental = score(database_url)[:2]

    result = dedup(database_url, full=True, at=T0 + timedelta(days=2))

    assert result.examined == len(rows)
    assert score(database_url)[:2] == pytest.approx(incremental, abs=0.01)


def test_index_lookups_find_what_grouped_passes_find(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upsert(database_url, fixture_rows())
    monkeypatch.setattr("store.dedup.GROUPED_SHARE", 0)  # index lookups, however much is pending
    dedup(database_url)
    looked_up = {key: row["canonical_id"] for key, row in groups(database_url).items()}

    monkeypatch.setattr("store.dedup.GROUPED_SHARE", 10**9)  # grouped passes
    result = dedup(database_url, full=True, at=T0 + timedelta(days=1))

    assert result.joined == {} and result.new_groups == 0
    assert {key: row["canonical_id"] for key, row in groups(database_url).items()} == looked_up


# --- One opportunity through three sources --------------------------------------------------------


def copy_of(source_id: str, kind: str) -> dict[str, Any]:
    """The re-listing of the ATS posting `source_id` that the labelled pairs call `kind`."""
    for pair in labelled_pairs():
        if pair["a"]["source_id"] == source_id and pair["kind"] == kind:
            return as_row(pair["b"])
    raise LookupError((source_id, kind))


SCIENTIST = "8636903002"  # Amplitude's "Customer Data Scientist - Experimentation" (Greenhouse)
EXECUTIVE = "8651132002"  # Amplitude's "Emerging Account Executive (India)" (Greenhouse)


def test_an_ats_posting_and_two_boards_are_one_opportunity(database_url: str) -> None:
    ats = listing("greenhouse", SCIENTIST)
    himalayas = copy_of(SCIENTIST, "ats_board_apply_link")  # links the posting, tracking params
    remotive = copy_of(SCIENTIST, "ats_board_retitled")  # "Senior …", no link: the text tells
    upsert(database_url, [himalayas, remotive])
    upsert(database_url, [ats], at=T0 + timedelta(hours=1))

    result = dedup(database_url, at=T0 + timedelta(hours=1))

    stored = groups(database_url)
    group = {stored[key]["canonical_id"] for key in stored}
    assert len(group) == 1 and result.examined == 3
    representative = stored[("greenhouse", SCIENTIST)]
    assert representative["is_representative"] and representative["canonical_reason"] == "source_id"
    assert stored[(himalayas["source"], himalayas["source_id"])]["canonical_reason"] == "self"
    assert stored[("remotive", remotive["source_id"])]["canonical_reason"] == "text"
    (opportunity,) = fetch(database_url, "SELECT * FROM opportunities")
    assert opportunity["listing_id"] == representative["id"]
    assert opportunity["canonical_id"] == representative["canonical_id"]
    assert sorted(opportunity["sources"].split(",")) == ["greenhouse", "himalayas", "remotive"]
    assert opportunity["member_count"] == 3 and opportunity["title"] == ats["title"]


# --- Stable ids, merges, incremental runs --------------------------------------------------------


def test_group_ids_survive_reruns(database_url: str) -> None:
    upsert(database_url, fixture_rows())
    dedup(database_url)
    before = {key: row["canonical_id"] for key, row in groups(database_url).items()}

    again = dedup(database_url, at=T0 + timedelta(days=1))
    full = dedup(database_url, full=True, at=T0 + timedelta(days=2))

    assert again == DedupResult()
    assert full.examined == len(before) and full.new_groups == full.merged_groups == 0
    assert full.joined == {} and full.representatives_changed == 0
    assert {key: row["canonical_id"] for key, row in groups(database_url).items()} == before


def test_a_new_listing_joins_its_group_under_the_group_id(database_url: str) -> None:
    upsert(database_url, [listing("greenhouse", SCIENTIST)])
    upsert(database_url, [copy_of(SCIENTIST, "ats_board_apply_link")])
    first = dedup(database_url)
    group_id = str(groups(database_url)[("greenhouse", SCIENTIST)]["id"])
    later = T0 + timedelta(days=1)
    upsert(database_url, [copy_of(SCIENTIST, "ats_board_truncated")], at=later)

    result = dedup(database_url, at=later)

    assert (first.examined, first.new_groups, first.joined) == (2, 1, {"source_id": 1})
    assert (result.examined, result.regrouped, result.new_groups) == (1, 0, 0)
    assert result.joined == {"identity": 1}
    stored = groups(database_url)
    assert {row["canonical_id"] for row in stored.values()} == {group_id}
    assert stored[("greenhouse", SCIENTIST)]["canonical_reason"] == "self"


def test_when_groups_merge_the_older_id_survives(database_url: str) -> None:
    retitled = copy_of(EXECUTIVE, "ats_board_retitled")  # "Senior …" on Remotive
    truncated = copy_of(EXECUTIVE, "ats_board_truncated")  # an excerpt on Jobicy
    upsert(database_url, [retitled])
    upsert(database_url, [truncated])
    assert dedup(database_url).new_groups == 2  # nothing ties the two copies to each other
    ids = {key[0]: row["id"] for key, row in groups(database_url).items()}
    later = T0 + timedelta(days=1)
    upsert(database_url, [listing("greenhouse", EXECUTIVE)], at=later)

    result = dedup(database_url, at=later)

    assert result.merged_groups == 1 and result.new_groups == 0
    stored = groups(database_url)
    assert {row["canonical_id"] for row in stored.values()} == {str(ids["remotive"])}
    assert stored[("greenhouse", EXECUTIVE)]["is_representative"]
    assert stored[("remotive", retitled["source_id"])]["canonical_reason"] == "self"
    assert stored[("jobicy", truncated["source_id"])]["canonical_reason"] == "identity"


def test_an_incremental_run_examines_only_what_changed(database_url: str) -> None:
    upsert(database_url, fixture_rows())
    assert dedup(database_url).examined == len(fixture_rows())
    changed = listing("greenhouse", SCIENTIST) | {"pay_min": 90000.0}
    later = T0 + timedelta(days=1)
    upsert(database_url, fixture_rows(), at=later)  # a re-crawl: nothing changed…
    upsert(database_url, [changed], at=later)  # …but one listing
    mates = [row for row in groups(database_url).values() if row["canonical_id"] == (
        groups(database_url)[("greenhouse", SCIENTIST)]["canonical_id"])]  # fmt: skip

    result = dedup(database_url, at=later)

    assert (result.examined, result.regrouped) == (1, len(mates) - 1)
    assert result.joined == {} and result.new_groups == result.left_groups == 0


def test_a_changed_listing_leaves_its_group(database_url: str) -> None:
    board = copy_of(SCIENTIST, "ats_board_apply_link")
    upsert(database_url, [board])
    upsert(database_url, [listing("greenhouse", SCIENTIST)])
    dedup(database_url)
    board_id = groups(database_url)[("himalayas", board["source_id"])]["id"]
    unrelated = next(r for r in fixture_rows() if r["source"] == "arbeitnow")
    moved = (
        board
        | {  # the board reused its page for another posting
            key: unrelated[key] for key in ("title", "company", "description_text", "location_text")
        }
        | {"apply_url": unrelated["url"]}
    )
    later = T0 + timedelta(days=1)
    upsert(database_url, [moved], at=later)

    result = dedup(database_url, at=later)

    assert (result.examined, result.regrouped, result.left_groups) == (1, 1, 1)
    stored = groups(database_url)
    ats, board_row = stored[("greenhouse", SCIENTIST)], stored[("himalayas", board["source_id"])]
    # The group keeps its id (it was born from the board's listing) with its representative;
    # the listing that left gets a new one.
    assert ats["canonical_id"] == str(board_id) and ats["is_representative"]
    assert ats["canonical_reason"] == "self"
    assert board_row["canonical_id"] == f"{board_id}.1" and board_row["is_representative"]


def test_an_expired_representative_hands_over_to_a_live_member(database_url: str) -> None:
    upsert(database_url, [listing("greenhouse", SCIENTIST)])
    upsert(database_url, [copy_of(SCIENTIST, "ats_board_tracking_url")])
    dedup(database_url)
    group_id = groups(database_url)[("greenhouse", SCIENTIST)]["canonical_id"]
    with get_engine(database_url).begin() as connection:  # what expiry does
        connection.execute(
            update(LISTINGS)
            .where(LISTINGS.c.source == "greenhouse")
            .values(expired_at=T0 + timedelta(days=1))
        )

    result = dedup(database_url, at=T0 + timedelta(days=1))

    stored = groups(database_url)
    ats, board = stored[("greenhouse", SCIENTIST)], stored[("remoteok", "3100001")]
    assert result.examined == 1 and result.representatives_changed == 1
    assert ats["canonical_id"] == board["canonical_id"] == group_id
    assert board["is_representative"] and not ats["is_representative"]
    (opportunity,) = fetch(database_url, "SELECT listing_id, sources FROM opportunities")
    assert opportunity == {"listing_id": board["id"], "sources": "remoteok"}

    upsert(database_url, [listing("greenhouse", SCIENTIST)], at=T0 + timedelta(days=2))
    reopened = dedup(database_url, at=T0 + timedelta(days=2))

    assert reopened.representatives_changed == 1
    assert groups(database_url)[("greenhouse", SCIENTIST)]["is_representative"]


# --- Layers ---------------------------------------------------------------------------------------


def posting(source: str, source_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "source": source,
        "source_id": source_id,
        "url": f"https://{source}.example/jobs/{source_id}",
        "title": "Data Engineer",
        "company": "Acme GmbH",
        "location_text": "Berlin",
        "posted_at": T0,
    } | fields


def test_identity_needs_a_compatible_place_and_the_time_window(database_url: str) -> None:
    upsert(database_url, [
        posting("remotive", "1"),
        posting("jobicy", "2", title="Data Engineer (m/w/d) - Remote", company="ACME"),
        posting("remoteok", "3", location_text="Berlin, Germany"),
        posting("himalayas", "4", location_text="Munich, Germany"),
        posting("workingnomads", "5", location_text="Germany"),  # fits either city
    ])  # fmt: skip
    much_later = T0 + timedelta(days=90)
    upsert(database_url, [posting("arbeitnow", "6", posted_at=much_later)], at=much_later)

    dedup(database_url, at=much_later)

    group = {key[0]: row["canonical_id"] for key, row in groups(database_url).items()}
    assert group["remotive"] == group["jobicy"] == group["remoteok"]
    assert group["himalayas"] != group["remotive"]  # another city…
    assert group["workingnomads"] in (group["himalayas"], group["remotive"])  # …not chained
    assert group["arbeitnow"] != group["remotive"]  # three months later


def test_one_boards_postings_are_never_merged_by_likeness(database_url: str) -> None:
    text = " ".join(f"word{i}" for i in range(200))
    upsert(database_url, [
        posting("arbeitnow", "1", description_text=text),
        posting("arbeitnow", "2", description_text=text),
    ])  # fmt: skip

    dedup(database_url)

    assert len({row["canonical_id"] for row in groups(database_url).values()}) == 2


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://job-boards.greenhouse.io/amplitude/jobs/8636903002", "greenhouse:8636903002"),
        ("https://boards.greenhouse.io/acme/jobs/8636903002?gh_src=x", "greenhouse:8636903002"),
        ("https://www.amplitude.com/careers/job?gh_jid=8636903002", "greenhouse:8636903002"),
        ("https://jobs.lever.co/acme/a24ec4e5-5caa-473d-abd4-b71f09a8167b/apply?lever-source=x",
         "lever:a24ec4e5-5caa-473d-abd4-b71f09a8167b"),
        ("https://jobs.ashbyhq.com/HighlightTA/90fb3621-899e-4b59-925d-25080ec91e18/application",
         "ashby:90fb3621-899e-4b59-925d-25080ec91e18"),
        ("https://apply.workable.com/zaelab/j/DD136DD7E7/apply", "workable:dd136dd7e7"),
        ("https://jobs.smartrecruiters.com/Vitol/744000133666057-platform-engineer?oga=true",
         "smartrecruiters:744000133666057"),
        ("https://demo.jobs.personio.de/job/2140231?display=en", "personio:demo/2140231"),
        ("https://salesforce.wd12.myworkdayjobs.com/en-US/External_Career_Site/job/Chicago/"
         "Customer-Success-Manager_JR332446", "workday:salesforce/jr332446"),
        ("https://career.teamtailor.com/jobs/7167985-sales", "teamtailor:career/7167985"),
        ("https://remoteok.com/remote-jobs/x-1130786", None),
    ],
)  # fmt: skip
def test_posting_keys(url: str, key: str | None) -> None:
    assert posting_key(url) == key


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Example.com/jobs/123/?utm_source=remotive&b=2&a=1#apply",
         "//example.com/jobs/123?a=1&b=2"),
        ("http://example.com/jobs/123?ref=remoteok&source=himalayas&fbclid=x&gclid=y",
         "//example.com/jobs/123"),
        ("https://jobs.channable.com/o/head-of-people-culture/c/new",
         "//jobs.channable.com/o/head-of-people-culture"),
        ("https://example.com:8443/jobs/%7E1", "//example.com:8443/jobs/~1"),
        ("https://example.com/", None),
        ("https://example.com/?utm_campaign=jobs", None),
        ("mailto:jobs@example.com", None),
        ("not a url", None),
    ],
)  # fmt: skip
def test_canonical_urls(url: str, key: str | None) -> None:
    assert canonical_url(url) == key


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Recruiting Partner (m/w/d) -  Projektbasis (Remote)", "partner projektbasis recruiting"),
        ("Global Privacy & Compliance Manager:in (d/w/m)", "compliance global manager privacy"),
        ("Hiring: Senior Data Scientist (Remote)", "data scientist senior"),
        ("(1099 Contract) Salesforce Consultant", "consultant salesforce"),
        ("Werkstudent:in Recruiting (m/w/d)", "recruiting werkstudent"),
    ],
)
def test_title_words(title: str, words: str) -> None:
    assert " ".join(title_words(title)) == words


def test_company_keys() -> None:
    assert company_key("Idealist Consulting") == company_key("idealistconsulting")
    assert company_key("Amplitude, Inc.") == company_key("Amplitude ") == "amplitude"
    assert company_key("InkuPlay UG (haftungsbeschränkt)") == "inkuplay"
    assert company_key("  ") is None


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("Munich, Bavaria, Germany", "München", True),
        ("London, UK", "United Kingdom", True),
        ("Berlin", "Remote - EU", True),
        ("Toronto, Ontario", "Canada", True),
        ("New York City, NY", "New York", True),
        ("Munich", "Essen", False),
        ("Berlin, Germany", "Cologne, Germany", False),
        ("Chicago, IL", "Saint Louis, MO, USA", False),
        (None, "Essen", True),
    ],
)
def test_places(a: str | None, b: str | None, agree: bool) -> None:
    assert places_agree(place_words(a), place_words(b)) is agree


def test_signatures_estimate_jaccard_similarity() -> None:
    words = [f"w{i % 97}x{i}" for i in range(400)]
    half = words[:200] + [f"other{i}" for i in range(200)]
    signatures, counts = text_signatures([" ".join(words), " ".join(words), " ".join(half), ""])
    assert list(counts) == [398, 398, 398, 0]
    assert (signatures[0] == signatures[1]).all()
    # 198 shared shingles of 598: J ≈ 0.33, estimated with a standard error of ≈ 0.06.
    assert 0.15 <= float((signatures[0] == signatures[2]).mean()) <= 0.5
