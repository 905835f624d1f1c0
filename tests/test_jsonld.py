"""JSON-LD career pages: JobPosting extraction from the real Indeed page, the SEEK page without
JobPosting (negative case), tolerant JSON-LD, microdata, links, sitemaps and whole crawls.

Listing pages, sitemaps and robots.txt files are navigation built for these tests (no sample of
them exists); every posting page served is one of the two real samples. Broken JSON-LD is built
from the real Indeed block with a real description (We Work Remotely's Mathmo posting, which has
quoted attributes and newlines) written into it unescaped, the way broken templates do.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from opportunities.items import Listing, Reject
from pipelines.clean import clean_listing
from pipelines.validate import listing_problems
from spiders._base import SpiderArgumentError
from spiders._payload import PayloadError
from spiders.jsonld import (
    JsonLdSpider,
    canonical_url,
    job_links,
    job_postings,
    listing_from_posting,
    load_jsonld,
    parse_page,
    read_page,
    read_sitemap,
    repair_json,
)
from spiders.weworkremotely import parse_feed, read_feed
from tests.support import SAMPLES, LocalServer, crawl, run, table_rows

INDEED = SAMPLES / "jsonld-html" / "indeed-papercut-au-salary.html"
SEEK = SAMPLES / "jsonld-html" / "seek-au-job-page-non-jobposting-jsonld.html"
WWR = SAMPLES / "weworkremotely" / "remote-jobs-rss-with-type-contract.rss"
INDEED_URL = "https://au.indeed.com/viewjob?jk=54f1f8af68d722d2"
JSONLD_BLOCK = re.compile(r'(<script type="application/ld\+json">)(.*?)(</script>)', re.DOTALL)


@pytest.fixture(scope="module")
def indeed() -> str:
    return INDEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def indeed_posting(indeed: str) -> dict[str, Any]:
    match = JSONLD_BLOCK.search(indeed)
    assert match is not None
    return json.loads(match.group(2))


@pytest.fixture(scope="module")
def raw_description() -> str:
    channel, _ = read_feed(WWR.read_bytes())
    first = next(parse_feed(channel, board="remote-jobs"))
    assert isinstance(first, Listing) and first.description_html
    return first.description_html


def listings(page: Any, board: str = "b") -> list[Listing | Reject]:
    return [
        clean_listing(i) if isinstance(i, Listing) else i for i in parse_page(page, board=board)
    ]


def test_the_indeed_posting_is_mapped_field_by_field(indeed: str) -> None:
    page = read_page(indeed, url=INDEED_URL + "&from=serp&utm_source=newsletter")
    (listing,) = listings(page)

    assert isinstance(listing, Listing) and listing_problems(listing) == []
    assert page.canonical == INDEED_URL
    assert listing.source_id == listing.url == INDEED_URL
    assert listing.apply_url == INDEED_URL  # directApply: true
    assert (listing.title, listing.company) == ("Senior DevOps Engineer", "PaperCut Software")
    assert listing.location_text == "Camberwell, VIC, AU"
    assert listing.posted_raw == "2026-08-06T07:39:35.941Z"
    assert listing.posted_at == datetime(2026, 8, 6, 7, 39, 35, 941000, tzinfo=UTC)
    assert listing.employment_type_raw == "FULL_TIME"
    assert listing.pay_raw == "AUD 130,000–160,000 per YEAR"
    assert listing.hints == {
        "pay_status": "paid", "pay_min": 130000.0, "pay_max": 160000.0, "pay_currency": "AUD",
        "pay_period": "year", "employment_types": ["FULL_TIME"], "valid_through": "2026-12-12",
    }  # fmt: skip
    assert listing.description_text.startswith("Company Description\n\nAt PaperCut, we believe")
    assert "you will need to be Melbourne based" in listing.description_text
    assert (
        listing.raw["hiringOrganization"]["sameAs"] == "https://au.indeed.com/cmp/Papercut-Software"
    )


def test_a_page_without_jobposting_yields_nothing(indeed: str) -> None:
    page = read_page(SEEK.read_bytes(), url="https://au.seek.com/job/93856863")

    assert page.postings == [] and page.broken == []
    assert listings(page) == []
    # Read as a listing page it offers only job-like links of its own site.
    assert job_links(page) == ["https://au.seek.com/jobs", "https://au.seek.com/careers"]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://Jobs.Example.com/o/engineer?utm_source=x&utm_medium=y&id=7#apply",
         "https://jobs.example.com/o/engineer?id=7"),
        ("https://example.com/careers/1?gclid=a&fbclid=b&ref=hn&source=linkedin&gh_src=c",
         "https://example.com/careers/1"),
        (INDEED_URL + "&from=serp", INDEED_URL + "&from=serp"),
        ("https://example.com", "https://example.com/"),
    ],
)  # fmt: skip
def test_canonical_urls_drop_tracking_parameters(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


# Tolerant JSON-LD ------------------------------------------------------------------------------


def test_unescaped_quotes_and_newlines_in_the_description_are_repaired(
    indeed: str, indeed_posting: dict, raw_description: str
) -> None:
    assert raw_description.count('"') > 20 and "\n" in raw_description
    text = json.dumps(indeed_posting | {"description": "@"}).replace('"@"', f'"{raw_description}"')
    with pytest.raises(json.JSONDecodeError):
        json.loads(text, strict=False)

    data, repaired = load_jsonld(text)

    assert repaired and data["description"] == raw_description
    page = read_page(indeed.replace(JSONLD_BLOCK.search(indeed).group(2), text), url=INDEED_URL)
    (listing,) = listings(page)
    assert page.repaired == 1
    assert "Pay is £75 per hour" in listing.description_text
    assert listing.hints["pay_max"] == 160000.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<!--\n{"@type": "JobPosting", "title": "A"}\n-->', {"@type": "JobPosting", "title": "A"}),
        ('//<![CDATA[\n{"title": "A"};\n//]]>', {"title": "A"}),
        ('{"title": "A", // the role\n "x": [1, 2,],}', {"title": "A", "x": [1, 2]}),
        ('{&quot;title&quot;: &quot;A&quot;}', {"title": "A"}),
        ('{"title": "Rock \\\'n\\\' roll engineer"}', {"title": "Rock 'n' roll engineer"}),
        ('{"title": "A\tB"}', {"title": "A\tB"}),
    ],
)  # fmt: skip
def test_load_jsonld_tolerates_what_sites_publish(text: str, expected: dict) -> None:
    assert load_jsonld(text)[0] == expected


def test_an_unreadable_block_naming_jobposting_is_a_reject(indeed: str) -> None:
    broken = '{"@type": "JobPosting", "title": "Senior DevOps Engineer", "description": '
    page = read_page(indeed.replace(JSONLD_BLOCK.search(indeed).group(2), broken), url=INDEED_URL)

    (reject,) = listings(page)
    assert isinstance(reject, Reject)
    assert reject.reason == "unreadable JSON-LD block naming JobPosting"
    assert reject.payload == broken


def test_repair_json_leaves_valid_json_alone(indeed_posting: dict) -> None:
    text = json.dumps(indeed_posting)
    assert json.loads(repair_json(text)) == indeed_posting


# Where postings hide ---------------------------------------------------------------------------


def test_postings_in_graphs_lists_and_item_lists_with_references(indeed_posting: dict) -> None:
    organization = indeed_posting["hiringOrganization"] | {"@id": "#org"}
    posting = indeed_posting | {"hiringOrganization": {"@id": "#org"}}
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "url": "https://au.indeed.com"}, organization,
        {"@type": "ItemList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": posting},
            {"@type": "ListItem", "position": 2, "item": posting | {"@type": ["JobPosting"],
                                                                   "title": "Platform Engineer"}},
        ]},
    ]}  # fmt: skip

    found = job_postings([graph, {"@type": "schema:JobPosting", "title": "Tutor"}])

    assert [p["title"] for p in found] == [
        "Senior DevOps Engineer", "Platform Engineer", "Tutor",
    ]  # fmt: skip
    assert found[0]["hiringOrganization"]["name"] == "PaperCut Software"


def test_several_postings_on_one_page_get_distinct_ids(indeed_posting: dict) -> None:
    postings = [
        indeed_posting | {"identifier": {"@type": "PropertyValue", "value": 7}},
        indeed_posting | {"title": "Platform Engineer"},
    ]
    script = f"<script type='application/ld+json'>{json.dumps(postings)}</script>"
    page = read_page(f"<html><head>{script}</head></html>", url="https://careers.example.com/jobs")

    ids = [item.source_id for item in listings(page)]
    assert ids == ["https://careers.example.com/jobs#7", "https://careers.example.com/jobs#2"]


def test_microdata_is_the_fallback() -> None:
    """The Mathmo posting's real fields, marked up as microdata (no microdata sample exists)."""
    html = """<html><body><div itemscope itemtype="https://schema.org/JobPosting">
      <h1 itemprop="title">Maths Coach</h1>
      <div itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
        <span itemprop="name">Mathmo</span></div>
      <meta itemprop="employmentType" content="CONTRACTOR">
      <meta itemprop="jobLocationType" content="TELECOMMUTE">
      <meta itemprop="datePosted" content="2026-07-10">
      <div itemprop="description"><p>Pay is £75 per hour for sessions.</p></div>
    </div></body></html>"""
    (listing,) = listings(read_page(html, url="https://weworkremotely.com/remote-jobs/mathmo"))

    assert (listing.title, listing.company) == ("Maths Coach", "Mathmo")
    assert listing.location_text == "Remote"
    assert listing.hints == {"employment_types": ["CONTRACTOR"], "remote": "remote"}
    assert listing.description_text == "Pay is £75 per hour for sessions."


def test_remote_postings_and_their_allowed_countries(indeed_posting: dict) -> None:
    posting = {k: v for k, v in indeed_posting.items() if k != "jobLocation"} | {
        "jobLocationType": ["TELECOMMUTE"],
        "applicantLocationRequirements": [{"@type": "Country", "name": "Australia"},
                                          {"@type": "Country", "name": "New Zealand"}],
        "workHours": "20-25 hours per week",
        "baseSalary": [{"@type": "MonetaryAmount", "currency": "AUD",
                        "value": {"@type": "QuantitativeValue", "value": 85, "unitText": "HOUR"}}],
    }  # fmt: skip
    listing = listing_from_posting(posting, source="jsonld", board="b", url=INDEED_URL,
                                   source_id=INDEED_URL)  # fmt: skip

    assert listing.location_raw == "Remote (Australia, New Zealand)"
    assert listing.pay_raw == "AUD 85 per HOUR"
    assert listing.hints["remote"] == "remote"
    assert (listing.hints["hours_per_week_min"], listing.hints["hours_per_week_max"]) == (20, 25)
    assert (listing.hints["pay_min"], listing.hints["pay_period"]) == (85, "hour")


# Sitemaps --------------------------------------------------------------------------------------

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}/careers/senior-devops-engineer?utm_source=sitemap</loc></url>
  <url><loc>{base}/careers/platform-engineer</loc></url>
  <url><loc>{base}/about</loc></url>
  <url><loc>https://elsewhere.example.org/jobs/1</loc></url>
</urlset>"""


def test_a_sitemap_gives_the_job_urls_of_its_site() -> None:
    base = "https://careers.example.com"
    body = SITEMAP.format(base=base).encode()

    assert read_sitemap(body, url=f"{base}/sitemap.xml") == ([], [
        f"{base}/careers/senior-devops-engineer", f"{base}/careers/platform-engineer",
    ])  # fmt: skip
    # A jobs sitemap is all postings; gzip is read too.
    assert read_sitemap(gzip.compress(body), url=f"{base}/sitemap-jobs.xml")[1][-1] == (
        f"{base}/about"
    )
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap>"
        f"<sitemap><loc>{base}/sitemap-jobs.xml</loc></sitemap></sitemapindex>"
    ).encode()
    assert read_sitemap(index, url=f"{base}/sitemap.xml") == ([f"{base}/sitemap-jobs.xml"], [])
    with pytest.raises(PayloadError, match="unreadable sitemap"):
        read_sitemap(b"\x1f\x8b not gzip", url=f"{base}/sitemap.xml.gz")


# The spider ------------------------------------------------------------------------------------


def test_arguments_are_checked() -> None:
    with pytest.raises(SpiderArgumentError, match="url"):
        JsonLdSpider(url="careers.example.com")
    with pytest.raises(SpiderArgumentError, match="-a url="):
        JsonLdSpider(board="https://careers.example.com")


def listing_page(*links: str) -> str:
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return f"<!doctype html><html><head><title>Careers</title></head><body><ul>{anchors}</ul>"


def test_crawl_follows_a_listing_page_to_its_postings(
    server: LocalServer, database_url: str
) -> None:
    server.add("/careers", listing_page(
        "/careers/senior-devops-engineer?utm_source=hn", "/careers?page=2", "/about",
        "https://elsewhere.example.org/jobs/1",
    ), content_type="text/html; charset=utf-8")  # fmt: skip
    server.add("/careers?page=2", listing_page("/careers/platform-engineer", "/careers"),
               content_type="text/html; charset=utf-8")  # fmt: skip
    server.add("/careers/senior-devops-engineer", INDEED.read_bytes(), content_type="text/html")
    server.add("/careers/platform-engineer", SEEK.read_bytes(), content_type="text/html")

    result = crawl("jsonld", f"url={server.base}/careers", database_url=database_url)

    assert result.returncode == 0, result.stderr[-3000:]
    (listing,) = table_rows(database_url, "listings")
    assert (listing["source_id"], listing["url"]) == (INDEED_URL, INDEED_URL)  # its canonical
    assert (listing["title"], listing["company"]) == ("Senior DevOps Engineer", "PaperCut Software")
    assert listing["location_text"] == "Camberwell, VIC, AU"
    assert listing["hints"]["pay_currency"] == "AUD"
    assert listing["board"] == f"{server.base}/careers"
    (crawl_run,) = table_rows(database_url, "crawl_runs")
    assert crawl_run["status"] == "finished"
    assert crawl_run["boards"] == {f"{server.base}/careers": {"status": "complete", "listings": 1}}
    assert crawl_run["arguments"]["url"] == f"{server.base}/careers"
    paths = sorted(path for _, path, _ in server.requests if path != "/robots.txt")
    # Tracking parameters dropped; /about and the other site skipped; the SEEK page (depth 2,
    # no JobPosting) neither failed nor was followed further.
    assert paths == ["/careers", "/careers/platform-engineer", "/careers/senior-devops-engineer",
                     "/careers?page=2"]  # fmt: skip
    assert "'jsonld/pages_without_jobposting': 3" in result.stderr


def test_crawl_discovers_postings_through_robots_txt_and_a_sitemap(
    server: LocalServer, sqlite_url: str
) -> None:
    server.add("/robots.txt", f"User-agent: *\nAllow: /\nSitemap: {server.base}/sitemap.xml\n",
               content_type="text/plain")  # fmt: skip
    server.add("/sitemap.xml", SITEMAP.format(base=server.base), content_type="application/xml")
    server.add("/careers/senior-devops-engineer", INDEED.read_bytes(), content_type="text/html")
    server.add("/careers/platform-engineer", SEEK.read_bytes(), content_type="text/html")

    result = crawl("jsonld", f"url={server.base}/robots.txt", database_url=sqlite_url)

    assert result.returncode == 0, result.stderr[-3000:]
    assert [row["source_id"] for row in table_rows(sqlite_url, "listings")] == [INDEED_URL]
    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert (crawl_run["status"], crawl_run["errors"]) == ("finished", 0)
    assert "/about" not in [path for _, path, _ in server.requests]


def test_api_base_replaces_the_host_of_a_real_url(server: LocalServer, sqlite_url: str) -> None:
    server.add("/viewjob?jk=54f1f8af68d722d2", INDEED.read_bytes(), content_type="text/html")

    result = crawl("jsonld", f"url={INDEED_URL}", f"api_base={server.base}",
                   database_url=sqlite_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    (listing,) = table_rows(sqlite_url, "listings")
    assert listing["url"] == INDEED_URL and listing["board"] == INDEED_URL


def test_a_start_page_that_fails_fails_the_board(server: LocalServer, sqlite_url: str) -> None:
    crawl("jsonld", f"url={server.base}/careers", database_url=sqlite_url)

    (crawl_run,) = table_rows(sqlite_url, "crawl_runs")
    assert crawl_run["status"] == "failed"
    assert crawl_run["boards"][f"{server.base}/careers"]["failure"].startswith("HTTP 404")


def test_replay_from_the_cassette(sqlite_url: str) -> None:
    result = run("opportunities", "crawl", "jsonld", "--replay", database_url=sqlite_url)

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert [row["source_id"] for row in table_rows(sqlite_url, "listings")] == [INDEED_URL]
