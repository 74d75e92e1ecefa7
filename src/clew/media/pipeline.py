"""The media analysis step: ``run(store)`` matches with the defaults (distance 31, quality 50)."""

from __future__ import annotations

from typing import Any

from clew.media.match import match
from clew.store.base import Store


def run(store: Store) -> dict[str, Any]:
    summary = match(store)
    return {k: v for k, v in summary.items() if not isinstance(v, list)}
