"""Hash lists: import known / known-good lists and list them.

A list keeps its name, kind (``known`` = known abuse material, ``known-good`` = operating
system and application files to exclude, e.g. NSRL), version, source and caveat, and its
entries (hashes + category + series, each with its line in the file). Re-importing a name
replaces that list. Malformed entries name file, line and field and are skipped (counted
as rejected); a file with no valid entry is refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from clew.errors import EmptyFile, FormatError, Location, UserError
from clew.media import HASHLIST_KINDS
from clew.media.listformats import REGISTRY, detect
from clew.model.statement import utcnow
from clew.store.base import Store
from clew.vocabulary import AuditAction, RunKind

KINDS = HASHLIST_KINDS
BATCH = 5000


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_file(
    store: Store,
    path: Path | str,
    *,
    name: str,
    kind: str = "known",
    caveat: str | None = None,
    version: str | None = None,
    source: str | None = None,
    fmt: str | None = None,
) -> dict[str, Any]:
    """Import one list file into the operation; returns ``{name, kind, format, entries, rejected, ...}``."""
    path = Path(path)
    if kind not in KINDS:
        raise UserError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not path.is_file():
        raise UserError("no such file", Location(str(path)))
    if path.stat().st_size == 0:
        raise EmptyFile(str(path), "import")
    list_format = REGISTRY[fmt] if fmt else detect(path)
    notes: list[str] = []
    if list_format.default_kind and kind != list_format.default_kind:
        notes.append(
            f"{list_format.name} lists are always {list_format.default_kind}; kind {kind!r} overridden"
        )
        kind = list_format.default_kind
    rejected: list[str] = []
    entries = 0
    with store.run(RunKind.HASHLIST_IMPORT, f"{path} name={name}") as run, store.transaction():
        run_id = run.id
        store.delete("hashlist_entries", {"list_name": name})
        store.delete("hashlists", {"name": name})
        batch: list[dict[str, Any]] = []
        for entry in list_format.read(path):
            if "error" in entry:
                rejected.append(entry["error"])
                continue
            batch.append({**entry, "list_name": name})
            if len(batch) >= BATCH:
                entries += store.insert("hashlist_entries", batch)
                batch = []
        entries += store.insert("hashlist_entries", batch)
        if entries == 0:
            raise FormatError(f"no valid hash entry ({len(rejected)} rejected)", Location(str(path)))
        store.insert(
            "hashlists",
            [
                {
                    "name": name,
                    "kind": kind,
                    "version": version,
                    "source": source,
                    "caveat": caveat,
                    "format": list_format.name,
                    "file_sha256": _sha256(path),
                    "entries": entries,
                    "run_id": run_id,
                    "imported_at": utcnow(),
                }
            ],
        )
    summary = {
        "name": name,
        "kind": kind,
        "format": list_format.name,
        "entries": entries,
        "rejected": len(rejected),
        "rejections": rejected[:20],
        "notes": notes,
    }
    store.audit(AuditAction.HASHLIST_IMPORT, name, {k: v for k, v in summary.items() if k != "rejections"})
    return summary


def lists(store: Store) -> list[dict[str, Any]]:
    """The operation's hash lists, by name; audited."""
    rows = list(store.select("hashlists", order_by=["name"]))
    store.audit(AuditAction.HASHLIST_LIST, None, {"rows": len(rows)})
    return rows
