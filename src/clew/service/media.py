"""Hash-only media matches of an operation, with C3 redaction (issue 13 item 1).

Everyone with case access sees how many items matched which kind of hash; the lists,
categories, series, hashes and holders need ``sensitive.read``. Nothing here ever touches
media bytes: the rows are hashes and their matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clew.store.base import Store
from clew.vocabulary import AuditAction


@dataclass(frozen=True)
class Matches:
    total: int
    by_match: dict[str, int]
    subjects: int
    details: list[dict[str, Any]] | None = None
    redacted: list[str] = field(default_factory=list)


def matches(store: Store, *, sensitive: bool = False, limit: int = 500) -> Matches:
    by_match = {r["match"]: r["n"] for r in store.count_by("media_matches", ["match"])}
    subjects = sum(1 for r in store.count_by("media_matches", ["subject_id"]) if r["subject_id"])
    details = None
    if sensitive:
        rows = store.select("media_matches", order_by=["match", "item"], limit=limit)
        details = [{k: v for k, v in r.items() if k != "run_id"} for r in rows]
    out = Matches(sum(by_match.values()), by_match, subjects, details, [] if sensitive else ["details"])
    store.audit(AuditAction.MEDIA_MATCHES, None, {"total": out.total, "sensitive": sensitive})
    return out
