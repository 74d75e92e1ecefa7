"""What readers yield and what they are told: the contract between formats and the loader.

A reader turns one file into :class:`RecordResult` items, each either an FtM-shaped entity
(``{"id", "schema", "properties"}`` with raw string values) or an error naming the line and
field. Readers never clean values and never touch the store: the loader keeps the raw value,
cleans it and stores both, so that what the source said is never lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from clew.ingest.region import NO_REGION, Region

RAW_LIMIT = 4096  # bytes of an offending record kept in the quarantine


@dataclass(slots=True)
class SourceContext:
    """What is known about a source file before reading it (manifest, CLI options, content hash)."""

    path: Path
    sha256: str = ""
    label: str | None = None
    kind: str | None = None
    owner: str | None = None  # FtM id of the device owner, from the manifest
    mapping: Path | None = None  # CSV/Excel mapping file
    extra: dict[str, Any] = field(default_factory=dict)
    region: Region = NO_REGION  # the region of national numbers, with why (``clew.ingest.plan``)


@dataclass(slots=True)
class RecordResult:
    """One entity read from a file, or one error. ``line`` is the 1-based line or row."""

    locator: str
    line: int | None
    entity: dict[str, Any] | None = None
    error: str | None = None
    field: str | None = None
    raw: str | None = None
    region: Region | None = None  # the record's own region of national numbers (a tip report's
    # country hint, a device's SIM): before the source's, unless a manifest states a country
    tally: str | None = None  # what the record counts as in the file's summary ("contacts", ...);
    # a result with a tally and neither entity nor error is only counted (a skip listed by name)
    note: bool = False  # an error that sets no record aside (a check on records kept): listed, not counted

    @classmethod
    def fail(
        cls, locator: str, line: int | None, error: str, field: str | None = None, raw: Any = None
    ) -> RecordResult:
        return cls(locator, line, error=error, field=field, raw=cut_raw(raw))


def cut_raw(raw: Any) -> str | None:
    """The offending record as text, cut to :data:`RAW_LIMIT` bytes (invalid UTF-8 shown escaped)."""
    if raw is None:
        return None
    if isinstance(raw, bytes | bytearray):
        data = bytes(raw[:RAW_LIMIT])
    else:
        data = str(raw).encode("utf-8", "surrogateescape")[:RAW_LIMIT]
    return data.decode("utf-8", "backslashreplace")


class Reader:
    """One input format. Contract: ``read(path, source_ctx) -> Iterator[RecordResult]``.

    ``matches_name`` recognises a file by its name, ``sniff`` by its first bytes. A whole-file
    problem (unreadable, wrong shape, bad mapping) raises FormatError/MappingError naming the
    file; a record problem is yielded as an error result. ``position`` is the number of bytes
    consumed so far (for the progress bar).
    """

    name: ClassVar[str] = ""
    splittable: ClassVar[bool] = False  # True: ``read_span`` reads any span of whole lines
    pipelined: ClassVar[bool] = False  # True: a big file is read in a worker process (``pipeline``)
    position: int = 0

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        return False

    def sniff(self, path: Path, head: bytes) -> bool:
        return False

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        raise NotImplementedError

    def read_span(
        self, path: Path, ctx: SourceContext, start: int, end: int | None, first_line: int
    ) -> Iterator[RecordResult]:
        """The records of the lines starting in ``[start, end)`` (``start`` begins a line,
        numbered ``first_line``); only for ``splittable`` formats, whose big files are built
        by several processes at once (``clew.ingest.parallel``)."""
        raise NotImplementedError


def lower_name(path: Path) -> str:
    return path.name.lower()
