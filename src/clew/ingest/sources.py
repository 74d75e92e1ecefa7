"""The sources of an operation, and their retraction: an audited, reversible restriction.

A retracted source (evidence found to be inadmissible, mis-attributed, or loaded into the
wrong operation) keeps its row, its original file untouched and its audit trail, but every
read of the store hides what only it said (``SQLStore._visible``): its records, statements,
mentions and attributions, and identifiers no other source mentions. Analyses run afterwards
do not see it; ``restore`` undoes it. Both are audited with the analyst's reason.
"""

from __future__ import annotations

from clew.errors import NotFound, UserError
from clew.store.base import Row, Store
from clew.store.tables.core import RETRACTED
from clew.vocabulary import AuditAction

COLUMNS = ["id", "path", "label", "format", "kind", "country", "records", "quarantined", "status", "sha256",
           "ingested_at"]  # fmt: skip


def listing(store: Store) -> list[Row]:
    """Every source of the operation (retracted and rejected ones too), oldest first; audited."""
    rows = list(store.select("sources", columns=COLUMNS, order_by=["id"]))
    store.audit(AuditAction.SOURCES_LIST, None, {"rows": len(rows)})
    return rows


def find(store: Store, ref: str) -> Row:
    """The source named by ``ref``: its number, its SHA-256 (or a prefix of 8+ hex digits) or its path."""
    rows = list(store.select("sources", columns=COLUMNS))
    found = [
        r
        for r in rows
        if ref == str(r["id"]) or ref == r["path"] or (len(ref) >= 8 and r["sha256"].startswith(ref.lower()))
    ]
    if not found:
        raise NotFound(f"no source {ref!r} in operation {store.operation} (see `clew sources list`)")
    if len(found) > 1:
        raise UserError(f"{ref!r} names {len(found)} sources; give its number (`clew sources list`)")
    return found[0]


def retract(store: Store, ref: str, reason: str) -> Row:
    """Hide source ``ref`` from every read and analysis (its bytes and audit trail stay)."""
    with store.transaction():
        source = _set(store, ref, RETRACTED)
        store.audit(AuditAction.SOURCES_RETRACT, source["sha256"], _detail(source, reason))
    return source


def restore(store: Store, ref: str, reason: str | None = None) -> Row:
    """Undo a retraction."""
    with store.transaction():
        source = _set(store, ref, "done")
        store.audit(AuditAction.SOURCES_RESTORE, source["sha256"], _detail(source, reason))
    return source


def _set(store: Store, ref: str, status: str) -> Row:
    source = find(store, ref)
    if source["status"] == "rejected":
        raise UserError(f"source {source['id']} ({source['path']}) was rejected at ingest: it holds nothing")
    if source["status"] != status:
        store.update("sources", {"id": source["id"]}, {"status": status})
    return {**source, "status": status}


def _detail(source: Row, reason: str | None) -> dict:
    return {"source": source["id"], "path": source["path"], "reason": reason}
