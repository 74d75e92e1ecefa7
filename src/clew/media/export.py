"""``clew media export``: the hashed files as CSV, a stable format other tools read.

Columns ``path,size,md5,sha1,sha256,pdq,quality`` (hex lower-case; ``pdq`` 64 hex digits,
``pdq`` and ``quality`` empty for files that are not images or could not be decoded),
one row per hashed file, ordered by path. Only hashes and metadata: never content.
"""

from __future__ import annotations

import csv
from pathlib import Path

from clew.store.base import Store
from clew.vocabulary import AuditAction

COLUMNS = ("path", "size", "md5", "sha1", "sha256", "pdq", "quality")


def export_csv(store: Store, out: Path) -> int:
    """Write the CSV to ``out`` (its folder is created); returns the number of rows. Audited."""
    rows = store.select("media_files", columns=list(COLUMNS), order_by=["path", "mtime"])
    n = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
            n += 1
    store.audit(AuditAction.MEDIA_EXPORT, str(out), {"rows": n})
    return n
