"""Records to row batches: the CPU half of loading a file, with no store in sight.

:func:`build` turns what a reader yields into :class:`Batch` es — fragment, identifier,
mention and attribution rows plus the bad records and notes — that the loader writes. It
runs in the loader's process, or in worker processes each building one span of a big file
(``clew.ingest.parallel``), which is why a batch is plain picklable data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from clew.errors import Location
from clew.ingest.records import RecordResult, cut_raw
from clew.ingest.region import Region
from clew.ingest.rows import Rows
from clew.ingest.values import add_entity

BATCH_RECORDS = 1000  # records per batch (also how often the progress bar moves)
MAX_NOTES = 20  # messages a batch carries (a file's summary keeps the first 20 anyway)


@dataclass(slots=True)
class Batch:
    """Rows in ``clew.ingest.rows.*_COLUMNS`` order, plus what went wrong, for one stretch of a file.

    ``bad`` holds ``(line, field, error, raw)`` of each record to quarantine; under --strict
    a value kept raw is one too, and ``refusing`` says no rows follow (the file is refused).
    ``position`` is how far into the file (bytes) its reader got.
    """

    fragments: list[tuple] = field(default_factory=list)
    identifiers: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    attributions: list[tuple] = field(default_factory=list)
    bad: list[tuple[int | None, str | None, str, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0
    quarantined: int = 0
    kept_raw: int = 0
    statements: int = 0
    position: int = 0
    refusing: bool = False
    found: dict[str, int] = field(default_factory=dict)  # tallies the reader gave (``RecordResult.tally``)


def build(
    items: Iterable[RecordResult],
    rows: Rows,
    path: str,
    region: Region,
    strict: bool,
    position: Callable[[], int],
) -> Iterator[Batch]:
    """Batches of the records ``items`` yields; ``position()`` reads the reader's byte offset.

    ``region`` is the source's (``SourceContext.region``): the country national-format numbers
    are read against is the manifest's if it states one (``own_first`` False), else the
    record's own (a tip report's hint, a device's SIM), else the entity's own ``country``
    property (one country only), else the source's (``--country``, a device owner's); an
    inferred region's basis is the attributions' evidence (``clew.ingest.region``).
    """
    batch = Batch()
    refusing = False
    for item in items:
        if item.tally is not None:
            batch.found[item.tally] = batch.found.get(item.tally, 0) + 1
            if item.entity is None and item.error is None:
                continue
        if item.entity is None:
            error = item.error or "invalid"
            batch.bad.append((item.line, item.field, error, item.raw))
            _note(batch, Location(file=path, line=item.line, field=item.field), error)
            if not item.note:
                batch.quarantined += 1
                refusing = refusing or strict
        else:
            own = item.region if item.region is not None and region.own_first else region
            kept = add_entity(rows, item.entity, item.locator, own)
            batch.records += 1
            if kept:
                batch.kept_raw += len(kept)
                for prop, reason in kept:
                    _note(batch, Location(file=path, line=item.line, field=prop), f"kept raw: {reason}")
                    if strict:
                        raw = cut_raw(json.dumps(item.entity, ensure_ascii=False))
                        batch.bad.append((item.line, prop, f"value not normalisable: {reason}", raw))
                        refusing = True
        if refusing:
            rows.clear()
        if batch.records + batch.quarantined >= BATCH_RECORDS:
            yield _close(batch, rows, position(), refusing)
            batch = Batch()
    if not refusing:
        rows.close_locator()
    yield _close(batch, rows, position(), refusing)


def _close(batch: Batch, rows: Rows, position: int, refusing: bool) -> Batch:
    """Move the finished rows of ``rows`` into ``batch`` (none once refusing)."""
    if not refusing:
        batch.fragments, rows.fragments = rows.fragments, []
        batch.identifiers, rows.identifiers = rows.identifiers, []
        batch.mentions, rows.mentions = rows.mentions, []
        batch.attributions, rows.attributions = rows.attributions, []
        batch.statements, rows.statements = rows.statements, 0
    batch.position = position
    batch.refusing = refusing
    return batch


def _note(batch: Batch, where: Location, error: str) -> None:
    if len(batch.notes) < MAX_NOTES:
        batch.notes.append(f"{where}: {error}")
