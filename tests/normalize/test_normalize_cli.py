"""`opportunities normalize [FILE]` as a user runs it (DESIGN §3)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from normalize.vocab import CLASSIFICATION_FIELDS

POSTINGS = [
    {"id": "hn:16735116", "title": "Senior backend developer",
     "description": "TransferWise | Senior backend developer | Full-time | London, UK | Onsite | "
                    "£50k - £70k + stock"},
    {"id": 7, "title": "Working Student (f/m/d)* IT Security", "location": "Hamburg",
     "description": "<p>(20 hours/ week)</p>", "employment_type": "Working student",
     "posted": "1771162285"},
]  # fmt: skip


def run(arguments: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opportunities.cli", "normalize", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def lines(postings: list[object]) -> str:
    return "".join(json.dumps(posting) + "\n" for posting in postings)


def test_stdin_in_json_lines_out() -> None:
    done = run([], lines(POSTINGS))
    assert done.returncode == 0, done.stderr
    outputs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in outputs] == ["hn:16735116", 7]
    assert all(list(o) == ["id", *CLASSIFICATION_FIELDS] for o in outputs)
    assert (outputs[0]["pay_min"], outputs[0]["pay_currency"], outputs[0]["remote"]) == (
        50_000, "GBP", "onsite",
    )  # fmt: skip
    assert outputs[1]["employment_types"] == ["PART_TIME"]
    assert outputs[1]["hours_per_week_min"] == 20
    assert outputs[1]["posted_at"] == "2026-02-15"
    assert outputs[1]["duration_class"] is None


def test_file_argument_and_per_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl"
    path.write_text(
        lines(POSTINGS[:1]) + "[1, 2]\n" + "{not json\n" + lines(POSTINGS[1:]), encoding="utf-8"
    )
    done = run([str(path)])
    assert done.returncode == 1
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["hn:16735116", 7]
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "line 2" in errors[0] and "line 3" in errors[1]


def test_missing_file(tmp_path: Path) -> None:
    done = run([str(tmp_path / "missing.jsonl")])
    assert done.returncode == 2
    assert "missing.jsonl" in done.stderr
