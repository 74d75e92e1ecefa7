"""Listings of what did not load cleanly: the quarantine and the values kept raw."""

from __future__ import annotations

from typing import Any

from clew.store.base import Store
from clew.vocabulary import AuditAction


def errors_listing(
    store: Store, limit: int | None = None, under: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Quarantined records, oldest first: path, line, field, error, raw (cut), run, time. With
    ``under``, only those of files at or below these paths (one ingest job's files or folder)."""
    store.audit(AuditAction.INGEST_ERRORS, None, {"limit": limit, "paths": len(under) if under else None})
    if under is None:
        return list(store.select("quarantine", order_by=["id"], limit=limit))
    roots = tuple(p.rstrip("/") for p in under)
    rows = [
        r
        for r in store.select("quarantine", order_by=["id"])
        if any(r["path"] == p or r["path"].startswith(p + "/") for p in roots)
    ]
    return rows[:limit] if limit is not None else rows


def kept_raw_listing(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Statements whose value could not be cleaned, with the file they came from."""
    store.audit(AuditAction.INGEST_KEPT_RAW, None, {"limit": limit})
    paths = {  # only sources that kept values raw: the view then expands only their fragments
        r["id"]: r["path"]
        for r in store.select("sources", columns=["id", "path", "kept_raw"])
        if r["kept_raw"]
    }
    if not paths:
        return []
    out = []
    for row in store.select(
        "statements",
        {"value": None, "source_id": list(paths)},
        columns=["entity_id", "schema", "prop", "raw", "reason", "source_id", "locator"],
        order_by=["source_id", "locator"],
        limit=limit,
    ):
        row["path"] = paths.get(row["source_id"])
        out.append(row)
    return out
