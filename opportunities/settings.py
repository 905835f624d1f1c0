"""Scrapy settings for every crawl: `scrapy crawl`, `opportunities crawl` and the scheduler.

Tunables come from the environment with safe defaults; `-s NAME=VALUE` overrides any of them.
"""

from __future__ import annotations

import os

from store.db import database_url


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


BOT_NAME = "opportunities"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Politeness: an honest bot name with a contact URL, robots.txt, one request at a time per host,
# AutoThrottle backing off when a server slows down.
USER_AGENT = os.environ.get(
    "OPPORTUNITIES_USER_AGENT",
    "opportunities-bot/0.1 (+https://github.com/opportunities-aggregator/opportunities)",
)
ROBOTSTXT_OBEY = _env_bool("OPPORTUNITIES_ROBOTSTXT_OBEY", True)
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = _env_float("OPPORTUNITIES_DOWNLOAD_DELAY", 1.0)
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = DOWNLOAD_DELAY
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Per-host politeness, all in one place: concurrency and minimum delay between requests.
# Hosts not listed get CONCURRENT_REQUESTS_PER_DOMAIN / DOWNLOAD_DELAY above.
DOWNLOAD_SLOTS = {
    "boards-api.greenhouse.io": {"concurrency": 2, "delay": 0.5},
    "api.lever.co": {"concurrency": 1, "delay": 1.0},
    "api.eu.lever.co": {"concurrency": 1, "delay": 1.0},
    "api.ashbyhq.com": {"concurrency": 1, "delay": 1.0},
    "apply.workable.com": {"concurrency": 1, "delay": 2.0},
    "api.smartrecruiters.com": {"concurrency": 2, "delay": 0.5},
    # Remotive blocks more than 2 requests a minute.
    "remotive.com": {"concurrency": 1, "delay": 31.0},
    "remoteok.com": {"concurrency": 1, "delay": 5.0},
    "www.arbeitnow.com": {"concurrency": 1, "delay": 2.0},
    # Himalayas answers 429 after ~150 rapid requests.
    "himalayas.app": {"concurrency": 1, "delay": 2.0},
    "jobicy.com": {"concurrency": 1, "delay": 5.0},
    "www.themuse.com": {"concurrency": 1, "delay": 1.0},
    "weworkremotely.com": {"concurrency": 1, "delay": 5.0},
    "hn.algolia.com": {"concurrency": 2, "delay": 0.5},
    "www.workingnomads.com": {"concurrency": 1, "delay": 2.0},
    "career.teamtailor.com": {"concurrency": 1, "delay": 1.0},
}
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Safety: bounded waits and bodies, retries of what is worth retrying.
DOWNLOAD_TIMEOUT = _env_float("OPPORTUNITIES_DOWNLOAD_TIMEOUT", 30)
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Waits before retry n: the server's Retry-After, or 2^(n-1) x RETRY_BACKOFF_BASE s with jitter, at
# most RETRY_BACKOFF_MAX; a Retry-After beyond RETRY_AFTER_MAX fails the request instead of waiting.
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0
REDIRECT_MAX_TIMES = 5

# Only http(s) is ever fetched, whatever URL a source's payload names, and never a private address
# (loopback, private, link-local) unless the operator named it (api_base, the jsonld spider's
# pages) or it is listed here.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
PRIVATE_HOSTS_ALLOWED: list[str] = []
DOWNLOADER_MIDDLEWARES = {
    "opportunities.middlewares.HttpOnlyMiddleware": 10,
    "opportunities.middlewares.PublicHostsMiddleware": 11,
    # Replaces Scrapy's retries, which ignore Retry-After and do not wait.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "opportunities.middlewares.BackoffRetryMiddleware": 550,
    # Redirects that never vanish in the duplicate filter (a loop fails the page instead).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "opportunities.middlewares.LoopSafeMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "opportunities.middlewares.LoopSafeRedirectMiddleware": 600,
    # Closest to the network: answers from cassettes before anything is sent.
    "opportunities.replay.ReplayMiddleware": 950,
    # After HttpCompressionMiddleware (590) has decoded the body, so cassettes stay readable.
    "opportunities.replay.RecordMiddleware": 585,
}
EXTENSIONS = {
    # One crawl per source at a time, across processes and hosts (store/locks.py).
    "opportunities.locking.SourceLockExtension": 100,
}
SOURCE_LOCKS_ENABLED = True
# A callback's exception fails its page instead of passing it off as complete.
SPIDER_MIDDLEWARES = {"opportunities.middlewares.ParserErrorMiddleware": 100}
ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.normalize.NormalizePipeline": 300,
    "pipelines.validate.ValidatePipeline": 500,
    "pipelines.store.StorePipeline": 900,
}

# Where listings go (DESIGN §4). Passwords in it are masked wherever it is shown.
DATABASE_URL = database_url()
DATABASE_AUTO_UPGRADE = _env_bool("OPPORTUNITIES_AUTO_UPGRADE", True)
STORE_BATCH_SIZE = 100

# Expiry (store/expiry.py): a listing absent from its board's last EXPIRE_AFTER_RUNS good runs and
# last seen more than EXPIRE_MIN_AGE_HOURS ago is expired. 0 runs disables expiry at crawl end.
EXPIRE_AFTER_RUNS = int(os.environ.get("OPPORTUNITIES_EXPIRE_AFTER_RUNS", "2"))
EXPIRE_MIN_AGE_HOURS = _env_float("OPPORTUNITIES_EXPIRE_MIN_AGE_HOURS", 24.0)
# A board returning fewer than SUSPECT_DROP_RATIO × the median of its recent good runs (when that
# median is at least SUSPECT_MIN_BASELINE) makes the run `suspect`: it expires nothing.
SUSPECT_DROP_RATIO = 0.5
SUSPECT_MIN_BASELINE = 4
# Error budget: a crawl logging this many errors stops and is `failed`.
CLOSESPIDER_ERRORCOUNT = int(os.environ.get("OPPORTUNITIES_ERROR_BUDGET", "50"))

# Small state kept between runs outside the database (We Work Remotely's ETag / Last-Modified).
HTTP_STATE_DIR = os.environ.get("OPPORTUNITIES_STATE_DIR", ".state")

# Replay answers every request from the vcrpy cassettes in this directory (one folder per spider).
REPLAY_DIR = os.environ.get("OPPORTUNITIES_REPLAY") or None
# Record writes the crawl's responses to RECORD_DIR/<spider>/<RECORD_NAME>.yaml.
RECORD_DIR = None
RECORD_NAME = None

LOG_LEVEL = os.environ.get("OPPORTUNITIES_LOG_LEVEL", "INFO")
# One log file per run: LOG_DIR/<spider>/… (path stored in crawl_runs.log_path).
LOG_DIR = os.environ.get("OPPORTUNITIES_LOG_DIR", "logs")

# Scheduler (scheduler.py) and `opportunities crawl`: crawls run in child processes.
SCHEDULE_NIGHTLY = os.environ.get("OPPORTUNITIES_SCHEDULE", "0 2 * * *")  # crontab, UTC
SCHEDULE_JITTER = 900  # seconds
CRAWL_PARALLEL = int(os.environ.get("OPPORTUNITIES_CRAWL_PARALLEL", "2"))
# Seconds before a crawl is stopped, and seconds a stopped crawl gets to close before it is killed.
CRAWL_TIMEOUT = _env_float("OPPORTUNITIES_CRAWL_TIMEOUT", 3 * 3600)
CRAWL_STOP_GRACE = _env_float("OPPORTUNITIES_CRAWL_STOP_GRACE", 30)

# Monitoring (pipelines/checks.py, opportunities/monitoring.py).
DESCRIPTION_COVERAGE_FLOOR = 0.95
MAX_RETRY_RATIO = 0.2
# Receives a JSON summary of failed/suspect runs on stdin, e.g. "/usr/local/bin/page-oncall".
ALERT_COMMAND = os.environ.get("OPPORTUNITIES_ALERT_COMMAND") or None
# Receives the same summary as an HTTP POST (application/json).
ALERT_WEBHOOK = os.environ.get("OPPORTUNITIES_ALERT_WEBHOOK") or None
FEED_EXPORT_ENCODING = "utf-8"
