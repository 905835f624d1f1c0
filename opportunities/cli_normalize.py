"""`opportunities normalize` and `opportunities renormalize` (issue 3: not built yet)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    """Add the normalisation commands to the `opportunities` parser."""
    del commands


def _unused(args: argparse.Namespace) -> int:
    return 0
