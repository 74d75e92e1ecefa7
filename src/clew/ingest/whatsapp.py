"""WhatsApp chat exports: ``_chat.txt`` (with or without its media beside it) or the zip
WhatsApp's "Export chat" produces (``WhatsApp Chat - <name>.zip`` holding ``_chat.txt``).

Two passes over the text, each holding one line at a time. The first (``whatsapp_scan``) finds
the file's date order (``whatsapp_lines.date_order``; when no day exceeds 12 the analyst states it with
``date_order:`` in the folder's ``source.yaml`` — never guessed), whether the chat is a
group, and its participants' names. The second (``whatsapp_chat``) builds the records. The exporter appears as
"You"/"Du" in notices and under their own profile name in messages: ``exporter:`` in
``source.yaml`` names it, and the manifest's ``owner:`` (the device's owner) owns that
account. A chat has no id in the export: its entities are keyed by the file's SHA-256.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from clew.errors import FormatError, Location
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name
from clew.ingest.whatsapp_chat import ZIP_ERRORS, Chat
from clew.ingest.whatsapp_lines import clean, stamped
from clew.ingest.whatsapp_scan import date_order_of, first_pass

CHAT_NAMES = ("_chat.txt",)
MAX_MEMBER_BYTES = 2 * 2**30  # a zip member larger than this is not a chat's text (a zip bomb)


class WhatsAppReader(Reader):
    """``_chat.txt``, ``WhatsApp Chat with X.txt`` or ``WhatsApp Chat - X.zip``."""

    name = "whatsapp"

    def matches_name(self, path: Path, ctx: SourceContext) -> bool:
        name = lower_name(path)
        return name in CHAT_NAMES or (name.startswith("whatsapp chat") and name.endswith((".txt", ".zip")))

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
        return lower_name(path).endswith(".txt") and stamped(clean(first)) is not None

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        archive = None
        try:
            if lower_name(path).endswith(".zip"):
                archive = zipfile.ZipFile(path)
                member = _chat_member(archive, path)
                opener: Callable[[], IO[bytes]] = lambda: archive.open(member)  # noqa: E731
                size = member.file_size
            else:
                opener, size = (lambda: path.open("rb")), path.stat().st_size
            scan = first_pass(opener)
            order = date_order_of(scan, path, ctx)
            with opener() as fh:
                yield from Chat(self, path, ctx, scan, order, archive).records(fh, size)
        except ZIP_ERRORS as exc:
            why = getattr(exc, "strerror", None) or exc
            raise FormatError(f"not a readable WhatsApp export: {why}", Location(file=str(path))) from exc
        finally:
            if archive is not None:
                archive.close()


def _chat_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    found = [
        i
        for i in archive.infolist()
        if os.path.basename(i.filename) in CHAT_NAMES
        or (i.filename.lower().startswith("whatsapp chat") and i.filename.lower().endswith(".txt"))
    ]
    if not found:
        raise FormatError("the zip holds no _chat.txt", Location(file=str(path)))
    if found[0].file_size > MAX_MEMBER_BYTES:
        why = f"_chat.txt in the zip would be {found[0].file_size} bytes: not a chat's text"
        raise FormatError(why, Location(file=str(path)))
    return found[0]
