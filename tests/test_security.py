"""Security: nothing executable is stored, only http(s) is fetched or linked, SQL is never built
from strings, database passwords never show, and configuration is validated."""

from __future__ import annotations

import ast
import html
import json
import re
import subprocess
import sys
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import psycopg
import pytest
from psycopg import sql
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler
from sqlalchemy.engine import make_url

from normalize.text import SAFE_ATTRIBUTES, SAFE_TAGS, sanitize_html
from opportunities.middlewares import HttpOnlyMiddleware, PublicHostsMiddleware, private_host
from opportunities.redact import redact_arguments
from opportunities.sources import SourcesError, load_sources
from spiders._base import SpiderArgumentError
from store.migrate import upgrade
from tests.faults.crawling import GREENHOUSE_JOBS, crawl, greenhouse_body, greenhouse_jobs
from tests.faults.server import FaultServer
from tests.support import POSTGRES_ADMIN_URL, ROOT, run, table_rows, throwaway_postgres

# XSS vectors: OWASP's filter-evasion cheat sheet, PortSwigger's list and known mutation-XSS
# payloads, as a description could carry them.
XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=x oNeRrOr=alert(1)//",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="&#1;javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112'
    '&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="https://ok.example/" onclick="alert(1)" style="color:red">ok</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><use href="data:image/svg+xml,&lt;svg id=x onload=alert(1)&gt;#x"/></svg>',
    '<math href="javascript:alert(1)">x</math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>"
    "</mtext></math>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p STYLE="x:\\65 xpression(alert(1))">x</p>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<table background="javascript:alert(1)"><tr><td background="javascript:alert(1)">x</td>'
    "</tr></table>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<x onmouseover=alert(1)>hover</x>",
    "<template><script>alert(1)</script></template>",
    "<input autofocus onfocus=alert(1)>",
    "<textarea><script>alert(1)</script></textarea>",
    '<div id="x" class="y" data-x="javascript:alert(1)" tabindex=1 onfocus=alert(1)>x</div>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
SAFE_LINK_SCHEMES = {"", "http", "https", "mailto"}
# Allowed beyond SAFE_ATTRIBUTES: nh3 adds rel to every link.
ADDED_ATTRIBUTES = {"a": {"rel"}}
_URL_INVISIBLES = re.compile(r"[\t\n\r]")


def browser_scheme(url: str) -> str:
    """The scheme a browser would see in an attribute value (entities decoded, tabs and
    newlines removed, leading controls and spaces stripped)."""
    cleaned = _URL_INVISIBLES.sub("", html.unescape(url)).lstrip("".join(map(chr, range(33))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else ""


def executable_content(markup: str) -> list[str]:
    """Everything in `markup` a browser could run or that could load something: empty when
    it is inert."""
    if not markup.strip():
        return []
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    found = []
    for element in root.iter():
        if element is root:
            continue
        tag = element.tag if isinstance(element.tag, str) else "<comment or PI>"
        if tag not in SAFE_TAGS:
            found.append(f"tag {tag}")
        allowed = SAFE_ATTRIBUTES.get(tag, set()) | ADDED_ATTRIBUTES.get(tag, set())
        for name, value in element.attrib.items():
            if name not in allowed:
                found.append(f"attribute {tag}[{name}]")
            if name == "href" and browser_scheme(value) not in SAFE_LINK_SCHEMES:
                found.append(f"link {value!r}")
    return found


@pytest.mark.parametrize("vector", XSS)
def test_sanitize_html_leaves_nothing_executable(vector: str) -> None:
    cleaned = sanitize_html(vector)
    assert executable_content(cleaned) == []
    assert sanitize_html(cleaned) == cleaned  # stable: no mutation XSS on a second parse


def test_sanitize_html_keeps_the_formatting_and_safe_links() -> None:
    markup = (
        '<h2>Role</h2><p>Paid <b>internship</b>, <a href="https://jobs.example/apply">apply</a> '
        'or <a href="mailto:jobs@example.com">mail</a>.</p><ul><li>3 months</li></ul>'
    )
    cleaned = sanitize_html(markup)
    assert '<a href="https://jobs.example/apply" rel="noopener noreferrer nofollow">' in cleaned
    assert "<h2>Role</h2>" in cleaned and "<li>3 months</li>" in cleaned
    assert 'href="mailto:jobs@example.com"' in cleaned


def test_the_checker_sees_executable_content() -> None:
    """The corpus test is only as good as `executable_content`: it must flag the raw vectors."""
    flagged = [vector for vector in XSS if executable_content(vector)]
    assert len(flagged) >= len(XSS) - 5  # a few vectors are text to lxml, too


BAD_POSTING_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.domain)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://jobs.example/posting",
]


def test_stored_descriptions_and_links_are_inert_end_to_end(
    server: FaultServer, sqlite_url: str
) -> None:
    """A Greenhouse board whose postings carry the whole corpus (entity-escaped once, as
    Greenhouse sends `content`) and dangerous posting URLs."""
    template = greenhouse_jobs()[0]
    jobs = []
    for index, vector in enumerate(XSS):
        job = template | {"id": 1000 + index, "title": f"Vector {index}"}
        job["absolute_url"] = f"https://job-boards.greenhouse.io/amplitude/jobs/{1000 + index}"
        job["content"] = html.escape(f"<p>Paid internship</p>{vector}")
        jobs.append(job)
    for index, url in enumerate(BAD_POSTING_URLS):
        jobs.append(template | {"id": 2000 + index, "title": f"Link {index}", "absolute_url": url})
    server.serve(GREENHOUSE_JOBS, greenhouse_body(jobs))

    crawl("greenhouse", server, sqlite_url)

    listings = table_rows(sqlite_url, "listings")
    assert len(listings) == len(XSS)
    for listing in listings:
        assert executable_content(listing["description_html"] or "") == [], listing["title"]
        assert browser_scheme(listing["url"]) in {"http", "https"}
    rejects = table_rows(sqlite_url, "rejects")
    assert sorted(reject["payload"]["id"] for reject in rejects) == [
        2000 + index for index in range(len(BAD_POSTING_URLS))
    ]
    assert all("is not an http(s) URL" in reject["reason"] for reject in rejects)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as local:
        yield local


# Only http(s) is fetched -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/x", "data:,hello", "s3://bucket/key",
     "gopher://example.com/"],
)  # fmt: skip
def test_non_http_requests_are_refused(url: str) -> None:
    with pytest.raises(IgnoreRequest, match="http\\(s\\) only"):
        HttpOnlyMiddleware().process_request(Request(url))


def test_http_requests_pass() -> None:
    for url in ("http://example.com/", "https://example.com/jobs?page=2"):
        assert HttpOnlyMiddleware().process_request(Request(url)) is None


def test_non_http_download_handlers_are_disabled() -> None:
    handlers = get_project_settings().getdict("DOWNLOAD_HANDLERS")
    assert {scheme: handlers.get(scheme, "?") for scheme in ("file", "data", "ftp", "s3")} == {
        "file": None, "data": None, "ftp": None, "s3": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("next_url", "refusal"),
    [
        ("file:///etc/passwd", "refused to fetch a file: URL (http(s) only)"),
        (
            "http://169.254.169.254/latest/meta-data/",
            "refused to fetch a private address 169.254.169.254 (not named by the operator: "
            "api_base, PRIVATE_HOSTS_ALLOWED)",
        ),
    ],
)
def test_a_hostile_next_link_is_not_followed(
    next_url: str, refusal: str, tmp_path: Path, sqlite_url: str
) -> None:
    """Arbeitnow follows the absolute `links.next` its payload names; a payload naming a local
    file or the cloud metadata service must not get it read (and stored in a reject)."""
    page = {
        "data": json.loads((ROOT.parent / "shared" / "samples" / "arbeitnow" /
                            "job-board-api-100-jobs-bronze.json").read_text())["data"][:3],
        "links": {"next": next_url},
    }  # fmt: skip
    body = tmp_path / "page.json"
    body.write_text(json.dumps(page))
    cassettes = tmp_path / "cassettes"
    added = run(
        "opportunities", "fixtures", "add", "arbeitnow",
        "https://www.arbeitnow.com/api/job-board-api?page=1", str(body),
        "--name", "hostile", "--dir", str(cassettes), database_url=sqlite_url,
    )  # fmt: skip
    assert added.returncode == 0, added.stdout + added.stderr

    result = run("scrapy", "crawl", "arbeitnow", "-s", f"REPLAY_DIR={cassettes}",
                 database_url=sqlite_url)  # fmt: skip

    assert result.returncode == 0, result.stderr[-2000:]
    assert "root:" not in json.dumps(table_rows(sqlite_url, "rejects"), default=str)
    (run_row,) = table_rows(sqlite_url, "crawl_runs")
    board = run_row["boards"][""]
    assert (board["status"], board["listings"]) == ("incomplete", 3)
    assert board["problems"] == [f"IgnoreRequest: {refusal} ({next_url})"]


# Never a private address, unless the operator named it ------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "api.localhost", "10.1.2.3", "192.168.0.10", "172.16.5.4",
     "169.254.169.254", "[::1]", "fd00::1", "0.0.0.0", "2130706433", "0x7f.1", "0177.0.0.1"],
)  # fmt: skip
def test_private_addresses_are_recognised(host: str) -> None:
    assert private_host(host)


@pytest.mark.parametrize(
    "host", ["boards-api.greenhouse.io", "8.8.8.8", "[2606:4700::1111]", "1password.com", ""]
)
def test_public_hosts_are_not_private(host: str) -> None:
    assert not private_host(host)


def test_private_hosts_are_refused_unless_named_by_the_operator() -> None:
    from spiders.greenhouse import GreenhouseSpider

    crawler = get_crawler(GreenhouseSpider, {"PRIVATE_HOSTS_ALLOWED": ["10.0.0.7"]})
    crawler.spider = GreenhouseSpider.from_crawler(
        crawler, board="acme", api_base="http://127.0.0.1:8000"
    )
    guard = PublicHostsMiddleware.from_crawler(crawler)
    for allowed in ("http://127.0.0.1:8000/v1/boards/acme/jobs", "http://10.0.0.7/careers",
                    "https://boards-api.greenhouse.io/v1/boards/acme/jobs"):  # fmt: skip
        assert guard.process_request(Request(allowed)) is None
    for refused in ("http://169.254.169.254/latest/meta-data/", "http://localhost:6379/",
                    "http://[::1]/", "http://10.0.0.8/"):  # fmt: skip
        with pytest.raises(IgnoreRequest, match="private address"):
            guard.process_request(Request(refused))


def test_api_base_credentials_travel_as_a_header_never_in_logs(
    server: FaultServer, sqlite_url: str
) -> None:
    server.serve(GREENHOUSE_JOBS, greenhouse_body())
    host = server.base.removeprefix("http://")
    debug = {"OPPORTUNITIES_LOG_LEVEL": "DEBUG"}

    result = crawl("greenhouse", f"http://mirror:hunter%402@{host}", sqlite_url, env=debug)

    assert result.returncode == 0, result.stderr[-2000:]
    assert "hunter" not in result.stdout + result.stderr
    assert "hunter" not in json.dumps(table_rows(sqlite_url, "crawl_runs"), default=str)
    jobs = [hit for hit in server.hits if hit.path.startswith("/v1/boards/")]
    assert jobs and {hit.authorization for hit in jobs} == {"Basic bWlycm9yOmh1bnRlckAy"}
    assert len(table_rows(sqlite_url, "listings")) == len(greenhouse_jobs())


# SQL is never built from strings ---------------------------------------------------------------

PACKAGES = ("opportunities", "spiders", "pipelines", "normalize", "store")
SQL_CALLS = frozenset({"text", "execute", "exec_driver_sql", "executemany", "executescript"})


def _python_sources() -> list[Path]:
    files = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    return [*files, ROOT / "scheduler.py"]


def _constant(node: ast.expr) -> bool:
    """A string literal, an UPPER_CASE module constant, or an item of one (`_SOURCES[dialect]`)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int)
    if isinstance(node, ast.Name):
        return node.id.lstrip("_").isupper()
    return isinstance(node, ast.Subscript) and _constant(node.value)


def _built_string(node: ast.expr) -> bool:
    """True for SQL text assembled from anything but constants: f-strings, `%`, `+`, `.format()`."""
    if isinstance(node, ast.JoinedStr):
        return not all(
            _constant(part.value) for part in node.values if isinstance(part, ast.FormattedValue)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return not (_constant(node.left) and _constant(node.right))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    ):
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        return not (_constant(node.func.value) and all(map(_constant, arguments)))
    return False


def test_no_sql_is_built_from_strings() -> None:
    """Every SQL string passed to SQLAlchemy or a DB-API cursor is a literal (or made of
    UPPER_CASE constants); values travel as bound parameters."""
    offenders = []
    for path in _python_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SQL_CALLS and _built_string(node.args[0]):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_the_sql_scanner_finds_built_sql() -> None:
    source = (
        'c.execute(f"SELECT * FROM t WHERE id = {x}")\n'
        'text("SELECT * FROM t WHERE id = " + x)\n'
        'text("SELECT * FROM t WHERE id = %s" % x)\n'
        "op.execute(VIEW.format(where=x))\n"
        "op.execute(VIEW.format(fields=_FIELDS, sources=_SOURCES[dialect]))\n"
        'c.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")\n'
    )
    calls = [node for node in ast.parse(source).body if isinstance(node, ast.Expr)]
    built = [_built_string(call.value.args[0]) for call in calls]  # type: ignore[attr-defined]
    assert built == [True, True, True, True, False, False]


def test_ruff_checks_for_string_built_sql() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "S608" in config["tool"]["ruff"]["lint"]["select"]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "S608", "--output-format", "concise",
         *PACKAGES, "scheduler.py"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout


# Database passwords never show -------------------------------------------------------------


@pytest.fixture
def password_url() -> Iterator[tuple[str, str]]:
    """A throwaway PostgreSQL database owned by a role that logs in with a password."""
    password = f"S3cret-{uuid.uuid4().hex}"
    role = f"opportunities_secret_{uuid.uuid4().hex[:8]}"
    admin = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql")
    conninfo = admin.render_as_string(hide_password=False)
    with throwaway_postgres() as url:
        name = make_url(url).database
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(role), sql.Literal(password)
                )
            )
            connection.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(name), sql.Identifier(role)
                )
            )
        try:
            yield (
                make_url(url)
                .set(username=role, password=password)
                .render_as_string(hide_password=False),
                password,
            )
        finally:
            with psycopg.connect(conninfo, autocommit=True) as connection:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
                connection.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.mark.postgres
def test_database_passwords_are_masked_everywhere(
    password_url: tuple[str, str], server: FaultServer
) -> None:
    url, password = password_url
    server.serve(GREENHOUSE_JOBS, greenhouse_body())
    server.serve("/v1/boards/gone/jobs", {"error": "not found"}, status=404)
    outputs = []
    debug = {"OPPORTUNITIES_LOG_LEVEL": "DEBUG"}
    outputs.append(run("opportunities", "db", "upgrade", database_url=url))
    outputs.append(crawl("greenhouse", server, url, env=debug))
    outputs.append(crawl("greenhouse", server, url, arguments={"board": "gone"}, env=debug))
    outputs.append(run("opportunities", "crawl", "greenhouse", "-a", "board=amplitude",
                       "-a", f"api_base={server.base}", database_url=url))  # fmt: skip
    outputs.append(run("opportunities", "runs", database_url=url))
    outputs.append(run("opportunities", "db", "current", database_url=url))
    for result in outputs:
        assert result.returncode in (0, 1), result.stderr[-2000:]
        assert password not in result.stdout + result.stderr
    assert "***" in outputs[3].stdout  # the summary names the database, masked
    upgrade(url)
    stored = json.dumps(
        [table_rows(url, table) for table in ("crawl_runs", "rejects", "listings")], default=str
    )
    assert password not in stored


@pytest.mark.postgres
def test_database_errors_do_not_show_the_password(password_url: tuple[str, str]) -> None:
    url, password = password_url
    for broken in (
        make_url(url).set(database="no_such_database").render_as_string(hide_password=False),
        make_url(url).set(port=1).render_as_string(hide_password=False),
    ):
        for command in (("opportunities", "crawl", "greenhouse", "-a", "board=x"),
                        ("opportunities", "runs"), ("opportunities", "db", "upgrade"),
                        ("scrapy", "crawl", "greenhouse", "-a", "board=x")):  # fmt: skip
            result = run(*command, database_url=broken, timeout=60)
            assert result.returncode != 0
            assert password not in result.stdout + result.stderr, command


def test_url_passwords_in_spider_arguments_are_masked() -> None:
    stored = redact_arguments({"api_base": "https://user:hunter2@mirror.example/", "token": "t"})
    assert stored == {"api_base": "https://user:***@mirror.example/", "token": "***"}


# Configuration is validated --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[greenhouse]\nboards = ["a"]\nbaords = ["b"]\n', "unknown key(s) baords"),
        ('[greenhouse]\nboards = "amplitude"\n', "`boards` must be a list of non-empty strings"),
        ('[greenhouse]\nboards = [""]\n', "`boards` must be a list of non-empty strings"),
        ("[greenhouse]\nboards = [1]\n", "`boards` must be a list of non-empty strings"),
        ('[greenhouse]\nboards = ["a", "a"]\n', "lists a board twice"),
        ('[greenhouse]\nenabled = "yes"\n', "`enabled` must be true or false"),
        ("greenhouse = 1\n", "expected a table"),
        ("[greenhouse\n", "not valid TOML"),
    ],
)
def test_bad_sources_toml_entries_are_named(toml: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(toml)
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_a_bad_sources_toml_stops_a_crawl_with_a_clear_message(
    tmp_path: Path, sqlite_url: str
) -> None:
    path = tmp_path / "sources.toml"
    path.write_text('[greenhouse]\nboardz = ["amplitude"]\n')

    result = run("opportunities", "crawl", "greenhouse", database_url=sqlite_url,
                 env={"OPPORTUNITIES_SOURCES": str(path)})  # fmt: skip

    assert result.returncode != 0
    assert f"{path}: [greenhouse]: unknown key(s) boardz" in result.stdout + result.stderr
    assert table_rows(sqlite_url, "listings") == []


def _spider_classes() -> list[type]:
    loader = SpiderLoader.from_settings(get_project_settings())
    return [loader.load(name) for name in sorted(loader.list())]


def _valid_arguments(spider: type) -> dict[str, str]:
    if "url" in spider.arguments:
        return {"url": "https://jobs.example/careers"}
    if spider.name == "workday":
        return {"board": "https://acme.wd1.myworkdayjobs.com/en-US/External"}
    return {"board": "acme"}


@pytest.mark.parametrize(
    "api_base",
    ["file:///etc", "javascript:alert(1)", "ftp://mirror.example", "mirror.example", "http://"],
)
@pytest.mark.parametrize("spider", _spider_classes(), ids=lambda spider: spider.name)
def test_every_spider_refuses_a_non_http_api_base(spider: type, api_base: str) -> None:
    with pytest.raises(SpiderArgumentError, match="api_base"):
        spider(**_valid_arguments(spider), api_base=api_base)


@pytest.mark.parametrize("spider", _spider_classes(), ids=lambda spider: spider.name)
def test_every_spider_refuses_unknown_arguments(spider: type) -> None:
    with pytest.raises(SpiderArgumentError, match="unknown argument"):
        spider(**_valid_arguments(spider), passwrod="x")


@pytest.mark.parametrize(
    ("spider", "argument"),
    [("workday", "board=javascript:alert(1)"), ("workday", "board=file:///etc/passwd"),
     ("jsonld", "url=file:///etc/passwd"), ("jsonld", "url=javascript:alert(1)")],
)  # fmt: skip
def test_url_arguments_must_be_http(spider: str, argument: str) -> None:
    loader = SpiderLoader.from_settings(get_project_settings())
    if spider not in loader.list():
        pytest.skip(f"no {spider} spider yet")
    name, _, value = argument.partition("=")
    with pytest.raises(SpiderArgumentError):
        loader.load(spider)(**{name: value})


def test_a_bad_argument_stops_the_crawl_with_a_clear_message(sqlite_url: str) -> None:
    result = run("scrapy", "crawl", "greenhouse", "-a", "board=amplitude",
                 "-a", "api_base=file:///etc", database_url=sqlite_url)  # fmt: skip
    assert result.returncode != 0
    assert "-a api_base='file:///etc': expected an http(s) URL" in result.stderr
    assert table_rows(sqlite_url, "crawl_runs") == []


def test_cassette_yaml_cannot_construct_python_objects(tmp_path: Path, sqlite_url: str) -> None:
    """Cassettes are data: a YAML tag that would build a Python object is refused, not run."""
    folder = tmp_path / "greenhouse"
    folder.mkdir()
    marker = tmp_path / "pwned"
    (folder / "evil.yaml").write_text(
        "interactions:\n- request: !!python/object/apply:os.system "
        f"['touch {marker}']\n  response: {{}}\nversion: 1\n"
    )
    result = run("scrapy", "crawl", "greenhouse", "-a", "board=amplitude",
                 "-s", f"REPLAY_DIR={tmp_path}", database_url=sqlite_url)  # fmt: skip
    assert not marker.exists()
    assert "could not determine a constructor" in result.stderr
