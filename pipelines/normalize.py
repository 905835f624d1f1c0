"""Normalize: fills the classification fields (issue 3: not built yet; passes items through)."""

from __future__ import annotations

from typing import Any


class NormalizePipeline:
    def process_item(self, item: Any) -> Any:
        return item
