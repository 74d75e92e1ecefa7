"""The identities export: ``entity_id,subject_id``, one row per ingested actor record.

Rows are sorted by entity id; every actor record of the operation is listed (a record that
matched no other is its own one-member subject). If resolution has not run yet, it runs first.
"""

from __future__ import annotations

from pathlib import Path

from clew import csvout
from clew.resolve import subject_map
from clew.store.base import Store
from clew.vocabulary import AuditAction

HEADER = ("entity_id", "subject_id")


def write_identities(store: Store, out: Path) -> int:
    if store.count("subject_members") == 0:
        from clew.resolve.pipeline import run

        run(store)
    mapping = subject_map(store)
    csvout.write(out, HEADER, ((entity_id, mapping[entity_id]) for entity_id in sorted(mapping)))
    store.audit(AuditAction.EXPORT_IDENTITIES, str(out), {"rows": len(mapping)})
    return len(mapping)


def read_identities(path: Path) -> dict[str, str]:
    with Path(path).open(newline="", encoding="utf-8") as fh:
        return {row["entity_id"]: row["subject_id"] for row in csvout.reader(fh)}
