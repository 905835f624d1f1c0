"""Telling someone when a crawl went wrong: a JSON summary of the runs that did not finish
cleanly, handed to an alert command and/or posted to a webhook (settings ALERT_COMMAND,
ALERT_WEBHOOK).

A small module of our own rather than Spidermon: our checks need each source's history (the
median of its recent good runs), which lives in our database, and are computed where the run row
is written (pipelines/checks.py); what is left is delivering one message, which needs no
framework.
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
import urllib.request
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from opportunities.crawl import Child
from opportunities.redact import redact_url
from store.listings import jsonable

logger = logging.getLogger(__name__)
ALERT_TIMEOUT_S = 20


def problems(children: Sequence[Child]) -> list[dict[str, Any]]:
    """One entry per crawl that failed, was interrupted, is suspect, never started, or finished
    with failing checks. A crawl skipped because another one holds its source is not a problem."""
    found = []
    for child in children:
        run = child.run
        failing = [check for check in run.get("checks") or [] if not check.get("ok")]
        if child.state in ("finished", "locked") and not failing:
            continue
        found.append(
            {
                "spider": child.spider,
                "status": child.state,
                "run_id": child.run_id,
                "finish_reason": run.get("finish_reason") or child.message,
                "failing_checks": failing,
                "counts": {k: run[k] for k in run if k.startswith("items_") or k == "errors"},
                "log_path": run.get("log_path") or str(child.log_path),
            }
        )
    return found


def alert(found: list[dict[str, Any]], *, command: str | None, webhook: str | None) -> list[str]:
    """Deliver the summary; returns what was done, for the operator. Delivery failures are
    logged, never raised: an alert must not turn a bad night into a crash."""
    if not found:
        return []
    summary = json.dumps(
        {"at": datetime.now(UTC).isoformat(), "problems": jsonable_deep(found)}, indent=2
    )
    done = []
    if command:
        try:
            subprocess.run(
                shlex.split(command), input=summary.encode(), timeout=ALERT_TIMEOUT_S, check=True
            )
            done.append(f"alert command run: {shlex.split(command)[0]}")
        except (OSError, subprocess.SubprocessError) as error:
            logger.error("alert command failed: %s", error)
            done.append(f"alert command failed: {error}")
    if webhook and urlsplit(webhook).scheme not in ("http", "https"):
        logger.error("ALERT_WEBHOOK is not an http(s) URL; not posting")
        done.append("alert webhook refused: not an http(s) URL")
    elif webhook:
        request = urllib.request.Request(
            webhook, data=summary.encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=ALERT_TIMEOUT_S) as response:
                done.append(f"alert posted to {redact_url(webhook)} ({response.status})")
        except OSError as error:
            logger.error("alert webhook %s failed: %s", redact_url(webhook), error)
            done.append(f"alert webhook failed: {error}")
    return done


def jsonable_deep(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: jsonable_deep(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable_deep(item) for item in value]
    return jsonable(value)
