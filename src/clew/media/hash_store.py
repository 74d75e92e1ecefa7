"""What ``clew media hash`` writes: batches of file rows and errors, and the files' holder.

Each batch is one transaction with its own audit entry (``media.hash.batch``), so a killed run
keeps what it stored and the audit of it. ``--holder`` must name an actor record or a subject
(``check_holder``); re-hashing with it corrects the holder of files stored before.
"""

from __future__ import annotations

from typing import Any

from clew.errors import NotFound
from clew.model.statement import utcnow
from clew.store.base import Store
from clew.vocabulary import AuditAction


def check_holder(store: Store, holder: str) -> None:
    """Raise ``NotFound`` unless ``holder`` is an actor record or a subject of the operation: a
    mistyped ``--holder`` would attribute every file to nobody, silently."""
    record = store.record(holder)
    if record is not None or store.count("subject_members", {"subject_id": holder}):
        return
    raise NotFound(
        f"--holder {holder!r}: no record or subject with this id in operation {store.operation!r} "
        "(ingest the holder's records first, or hash without --holder)"
    )


def correct_holder(store: Store, wrong: dict[tuple, str | None], holder: str) -> int:
    """Already hashed files (key -> their holder) get ``holder`` (re-hashing with ``--holder``
    corrects a missing or wrong one); audited with the previous holders. Returns how many."""
    if not wrong:
        return 0
    with store.transaction():
        for path, size, mtime in wrong:
            store.update("media_files", {"path": path, "size": size, "mtime": mtime}, {"holder": holder})
        before = sorted({str(h) for h in wrong.values()})
        store.audit(AuditAction.MEDIA_HOLDER, holder, {"files": len(wrong), "previous": before[:20]})
    return len(wrong)


def store_batch(
    store: Store,
    rows: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    *,
    source: str,
    holder: str | None,
    run_id: str,
) -> None:
    """Store ``rows`` (with their video frames) and ``errors`` of one run in one transaction."""
    if not rows and not errors:
        return
    now = utcnow()
    with store.transaction():
        plain = []
        for row in rows:
            frames = row.pop("frames", None)
            full = {**row, "source": source, "holder": holder, "run_id": run_id, "hashed_at": now}
            if not frames:
                plain.append(full)
                continue
            store.insert_ignore("media_files", [full])
            key = {"path": row["path"], "size": row["size"], "mtime": row["mtime"]}
            file_id = next(iter(store.select("media_files", key, columns=["id"])))["id"]
            store.insert_ignore("media_frames", [{**f, "file_id": file_id} for f in frames])
        store.insert_ignore("media_files", plain)
        store.insert(
            "media_errors",
            [
                {
                    "source": source,
                    "path": e["path"],
                    "error": str(e["error"])[:2000],
                    "run_id": run_id,
                    "at": now,
                }
                for e in errors
            ],
        )
        store.audit(
            AuditAction.MEDIA_HASH_BATCH, source, {"run_id": run_id, "files": len(rows), "notes": len(errors)}
        )
