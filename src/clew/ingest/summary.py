"""What an ingest did, per file and in total (``clew ingest`` prints it, ``--json`` emits it)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

MAX_MESSAGES = 20


@dataclass
class FileResult:
    """One file: ``status`` is new, skipped (already stored), rejected, or ignored (no format)."""

    path: str
    sha256: str | None = None
    status: str = "new"
    format: str | None = None
    records: int = 0
    statements: int = 0
    quarantined: int = 0
    kept_raw: int = 0  # values stored raw with a reason (not normalisable)
    error: str | None = None  # whole-file problem or --strict refusal
    messages: list[str] = field(default_factory=list)  # first record errors / kept-raw notes
    found: dict[str, int] = field(
        default_factory=dict
    )  # what the reader found, by kind (UFDR: contacts, chats…)

    def note(self, message: str) -> None:
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(message)


@dataclass
class IngestSummary:
    """One ``ingest_paths`` run: a :class:`FileResult` per file, in the order they were loaded."""

    run_id: str
    files: list[FileResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "new": self.count("new"),
            "skipped": self.count("skipped"),
            "rejected": self.count("rejected"),
            "ignored": self.count("ignored"),
            "records": sum(f.records for f in self.files),
            "statements": sum(f.statements for f in self.files),
            "quarantined": sum(f.quarantined for f in self.files),
            "kept_raw": sum(f.kept_raw for f in self.files),
        }

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "rejected"]

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "totals": self.totals, "files": [asdict(f) for f in self.files]}


SKIPPED = "not read: "  # tally prefix of a model type a reader recognised but does not map


def found_line(found: dict[str, int]) -> str:
    """``found 12 contacts, 3 chats; not read: 4 Location`` — what a reader tallied, in words."""
    kept = [f"{n} {kind}" for kind, n in found.items() if not kind.startswith(SKIPPED)]
    skipped = [
        f"{n} {kind.removeprefix(SKIPPED)}" for kind, n in sorted(found.items()) if kind.startswith(SKIPPED)
    ]
    line = "found " + (", ".join(kept) or "nothing")
    return line + (f"; not read: {', '.join(skipped)}" if skipped else "")
