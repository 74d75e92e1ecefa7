"""``clew media export``: the hashed files as CSV, a stable format other tools read.

Columns ``path,size,md5,sha1,sha256,pdq,quality`` (hex lower-case; ``pdq`` 64 hex digits,
``pdq`` and ``quality`` empty for files that are not images or could not be decoded),
one row per hashed file, ordered by path. Only hashes and metadata: never content.
Written by :mod:`clew.csvout` (a path beginning with ``=``, ``+``, ``-``, ``@`` gets a
leading ``'``).
"""

from __future__ import annotations

from pathlib import Path

from clew import csvout
from clew.store.base import Store
from clew.vocabulary import AuditAction

COLUMNS = ("path", "size", "md5", "sha1", "sha256", "pdq", "quality")


def export_csv(store: Store, out: Path) -> int:
    """Write the CSV to ``out`` (its folder is created); returns the number of rows. Audited."""
    rows = store.select("media_files", columns=list(COLUMNS), order_by=["path", "mtime"])
    n = csvout.write(out, COLUMNS, rows)
    store.audit(AuditAction.MEDIA_EXPORT, str(out), {"rows": n})
    return n
