"""The format registry: name → reader class, and recognising a file (by name, then content).

Contract of every reader: ``read(path, source_ctx) -> Iterator[RecordResult]`` (see
``clew.ingest.records.Reader``). A new format is one module with one Reader subclass and a
line here; the registry order decides which reader claims a file first.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from clew.errors import FormatError, Location
from clew.ingest.ftm import FtMReader
from clew.ingest.p2p import P2PReader
from clew.ingest.records import Reader, SourceContext
from clew.ingest.tabular import MappedReader
from clew.ingest.telegram import TelegramReader
from clew.ingest.tip import TipReader
from clew.ingest.ufdr import UfdrReader
from clew.ingest.whatsapp import WhatsAppReader

FORMATS: dict[str, type[Reader]] = {
    "ufdr": UfdrReader,
    "tip": TipReader,
    "p2p": P2PReader,
    "mapped": MappedReader,
    "telegram": TelegramReader,
    "whatsapp": WhatsAppReader,
    "ftm": FtMReader,
}
SNIFF_BYTES = 4096
NOT_DATA = (".mapping.yml", ".mapping.yaml", "source.yaml", "source.yml")


def is_data_file(path: Path) -> bool:
    """Files a folder walk offers to the readers (manifests, mappings and hidden files are not)."""
    name = path.name.lower()
    return not name.startswith((".", "~$")) and not name.endswith(NOT_DATA)


def detect(path: Path, ctx: SourceContext) -> str | None:
    """The format name of ``path``: by name first, then by its first bytes; None if none fits."""
    readers = {name: cls() for name, cls in FORMATS.items()}
    for name, reader in readers.items():
        if reader.matches_name(path, ctx):
            return name
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise FormatError(f"cannot read: {exc.strerror or exc}", Location(file=str(path))) from exc
    head = head.removeprefix(codecs.BOM_UTF8)  # a byte-order mark says UTF-8, nothing else
    for name, reader in readers.items():
        if reader.sniff(path, head):
            return name
    return None


def names() -> list[str]:
    """The registered format names (each documented in docs/formats.md)."""
    return list(FORMATS)


def reader_for(name: str) -> Reader:
    return FORMATS[name]()
