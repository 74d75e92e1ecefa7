"""One file into the store, atomically: all of it in one transaction, or nothing but its quarantine.

Order inside the transaction: check the SHA-256 is new (the write lock is held, so two
processes cannot both load the same file), insert the ``sources`` row, stream fragments,
identifiers, mentions, attributions and quarantine rows in batches, update the counts,
write the audit entry, commit. Under ``--strict`` a file with any bad record is rolled back
and only its quarantine rows are kept (in a second transaction).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from clew.errors import ClewError, EmptyFile, Location, StrictModeError, UserError
from clew.fswalk import readable
from clew.ingest.build import Batch
from clew.ingest.parallel import batches
from clew.ingest.records import SourceContext
from clew.ingest.rows import (
    ATTRIBUTION_COLUMNS,
    FRAGMENT_COLUMNS,
    IDENTIFIER_COLUMNS,
    MENTION_COLUMNS,
)
from clew.ingest.summary import FileResult
from clew.model.statement import utcnow
from clew.runtime import gc_paused
from clew.store.base import Store
from clew.vocabulary import AuditAction

QUARANTINE_FLUSH = 1000  # quarantine rows per batch (each holds up to 4 KiB of raw record)
STRICT_KEEP = 10000  # quarantine rows kept of a file refused under --strict (the rest are counted)
Progress = Callable[[int], None]


class _Refused(Exception):
    """Roll back a file refused under --strict."""


def sha256_of(path: Path) -> str:
    """The file's SHA-256 (hex): a source's identity, so a file is loaded once."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def load_file(
    store: Store,
    ctx: SourceContext,
    fmt: str,
    run_id: str,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> FileResult:
    """Load one file; returns its result (record errors are in it, never raised).

    Whole-file problems and --strict refusals are returned as ``status="rejected"`` with
    ``error`` set and ``exception`` attached for the caller to raise.
    """
    path = ctx.path
    result = FileResult(path=readable(path), sha256=ctx.sha256, format=fmt)
    quarantine: list[dict[str, Any]] = []
    at = utcnow()
    try:
        if ctx.path.stat().st_size == 0:  # not "already stored" because another empty file was
            raise EmptyFile(str(path))
        with store.transaction():
            if any(True for _ in store.select("sources", {"sha256": ctx.sha256}, columns=["id"], limit=1)):
                result.status = "skipped"
                detail = {"status": "skipped", "sha256": ctx.sha256}
                store.audit(AuditAction.INGEST_FILE, readable(path), detail)
                return result
            source_id = _insert_source(store, ctx, fmt, run_id, at)
            with gc_paused():
                _stream(store, ctx, fmt, source_id, result, quarantine, strict, progress, at, run_id)
            if strict and quarantine:
                raise _Refused
            store.update(
                "sources",
                {"id": source_id},
                {
                    "records": result.records,
                    "quarantined": result.quarantined,
                    "statements": result.statements,
                    "kept_raw": result.kept_raw,
                },
            )
            store.audit(AuditAction.INGEST_FILE, readable(path), _audit_detail(result))
    except _Refused:
        first = quarantine[0]
        exc = StrictModeError(
            f"file refused under --strict: {first['error']} ({result.quarantined} bad records"
            f"{', ' + str(result.kept_raw) + ' values not normalisable' if result.kept_raw else ''})",
            Location(file=str(path), line=first["line"], field=first["field"]),
        )
        _reject(store, ctx, result, exc, quarantine, run_id, at)
    except ClewError as exc:
        loc = exc.location if isinstance(exc, UserError) else None
        error = str(exc)
        if isinstance(exc, UserError) and loc is not None and loc.file in (None, readable(path)):
            error = exc.message  # the row has this file, line and field in columns of their own
        quarantine = [
            _qrow(ctx, loc.line if loc else None, loc.field if loc else None, error, None, run_id, at)
        ]
        _reject(store, ctx, result, exc, quarantine, run_id, at)
    return result


def _stream(
    store: Store,
    ctx: SourceContext,
    fmt: str,
    source_id: int,
    result: FileResult,
    quarantine: list[dict[str, Any]],
    strict: bool,
    progress: Progress | None,
    at: str,
    run_id: str,
) -> None:
    """Write the file's row batches as they are built; bad records go to ``quarantine`` (flushed
    as it fills, or, under ``strict``, kept for the refusal and nothing else is written)."""
    refusing = False
    for batch in batches(ctx, fmt, source_id, strict):
        refusing = refusing or batch.refusing
        for line, field, error, raw in batch.bad:
            if not strict:
                quarantine.append(_qrow(ctx, line, field, error, raw, run_id, at))
                if len(quarantine) >= QUARANTINE_FLUSH:
                    store.insert_ignore("quarantine", quarantine)
                    quarantine.clear()
            elif len(quarantine) < STRICT_KEEP:
                quarantine.append(_qrow(ctx, line, field, error, raw, run_id, at))
        for note in batch.notes:
            result.note(note)
        result.records += batch.records
        result.quarantined += batch.quarantined
        result.kept_raw += batch.kept_raw
        for kind, n in batch.found.items():
            result.found[kind] = result.found.get(kind, 0) + n
        if not refusing:
            result.statements += batch.statements
            _write(store, batch)
        if progress is not None:
            progress(batch.position)
    if not refusing and quarantine:
        store.insert_ignore("quarantine", quarantine)


def _write(store: Store, batch: Batch) -> None:
    if batch.fragments:
        store.insert_rows("fragments", FRAGMENT_COLUMNS, batch.fragments)
    if batch.identifiers:  # an identifier seen in an earlier file is already there: skip it
        store.insert_rows("identifiers", IDENTIFIER_COLUMNS, batch.identifiers, ignore=True)
    if batch.mentions:
        store.insert_rows("mentions", MENTION_COLUMNS, batch.mentions)
    if batch.attributions:
        store.insert_rows("attributions", ATTRIBUTION_COLUMNS, batch.attributions)


def _insert_source(store: Store, ctx: SourceContext, fmt: str, run_id: str, at: str) -> int:
    store.insert(
        "sources",
        [
            {
                "sha256": ctx.sha256,
                "path": readable(ctx.path.resolve()),
                "label": ctx.label,
                "format": fmt,
                "kind": ctx.kind,
                "country": ctx.region.country,
                "owner_entity": ctx.owner,
                "size": ctx.path.stat().st_size,
                "records": 0,
                "quarantined": 0,
                "status": "done",
                "run_id": run_id,
                "ingested_at": at,
            }
        ],
    )
    row = next(store.select("sources", {"sha256": ctx.sha256}, columns=["id"]))
    return int(row["id"])


def _reject(
    store: Store,
    ctx: SourceContext,
    result: FileResult,
    exc: ClewError,
    quarantine: list[dict[str, Any]],
    run_id: str,
    at: str,
) -> None:
    """Keep the quarantine rows (not already there) and the audit entry of a refused file."""
    result.status = "rejected"
    result.error = str(exc)
    result.exception = exc  # type: ignore[attr-defined]
    result.records = result.statements = 0
    result.found = {}
    with store.transaction():
        if ctx.sha256:
            known = {
                (r["line"], r["field"], r["error"])
                for r in store.select(
                    "quarantine", {"source_sha256": ctx.sha256}, columns=["line", "field", "error"]
                )
            }
            quarantine = [q for q in quarantine if (q["line"], q["field"], q["error"]) not in known]
        store.insert_ignore("quarantine", quarantine)
        store.audit(AuditAction.INGEST_FILE, readable(ctx.path), _audit_detail(result))


def _qrow(
    ctx: SourceContext, line: int | None, field: str | None, error: str, raw: str | None, run_id: str, at: str
) -> dict[str, Any]:
    return {
        "source_sha256": ctx.sha256 or None,
        "path": readable(ctx.path.resolve()),
        "line": line,
        "field": field,
        "error": error,
        "raw": raw,
        "run_id": run_id,
        "at": at,
    }


def _audit_detail(result: FileResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "sha256": result.sha256,
        "format": result.format,
        "records": result.records,
        "statements": result.statements,
        "quarantined": result.quarantined,
        "kept_raw": result.kept_raw,
        "error": result.error,
        **({"found": result.found} if result.found else {}),
    }
