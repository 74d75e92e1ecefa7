"""What chat exports (Telegram, WhatsApp) share: entities of accounts, groups, memberships,
messages and attached files, built from what an export states, never from message text.

A chat export holds what its analyses need — who was in which group with which role, who
wrote when and to whom — and much that Clew deliberately does not keep: message text,
captions, reactions, stickers. Attached files are referenced by path; when the file lies
beside the export it is hashed (``clew.fswalk.digests``: MD5, SHA-1, SHA-256 from one read,
the bytes never kept), so media matching works on it like on any other hash.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clew.fswalk import beside, digests
from clew.ingest.ids import chat_item_id
from clew.ingest.records import RecordResult

IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff")
VIDEO_EXT = (".mp4", ".avi", ".mov", ".mkv", ".webm", ".3gp", ".m4v", ".mpg", ".mpeg")
MAX_NAME = 1024  # a display name longer than this is cut (an attack or a broken export)


def entity(entity_id: str, schema: str, **props: Any) -> dict[str, Any]:
    """An FtM-shaped entity; ``None``/empty values dropped, scalars listed, ``clew_x`` → ``clew:x``."""
    out: dict[str, list[str]] = {}
    for key, value in props.items():
        values = value if isinstance(value, list | tuple) else [value]
        values = [str(v) for v in values if v is not None and str(v).strip()]
        if values:
            out[key.replace("clew_", "clew:")] = values
    return {"id": entity_id, "schema": schema, "properties": out}


def name_of(value: Any) -> str | None:
    """A display name as text (cut to :data:`MAX_NAME`), None when there is none."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:MAX_NAME]
    return text or None


def file_schema(name: str, media_type: str | None = None, mime: str | None = None) -> str:
    lower = name.lower()
    if media_type in ("video_file", "video_message", "animation") or (mime or "").startswith("video/"):
        return "Video"
    if lower.endswith(VIDEO_EXT):
        return "Video"
    if media_type == "photo" or (mime or "").startswith("image/") or lower.endswith(IMAGE_EXT):
        return "Image"
    return "Document"


@dataclass
class Attachment:
    """A file a message references: its path as the export wrote it, and what else it says."""

    reference: str | None  # None: the export names no file (not included)
    name: str | None = None
    size: Any = None
    mime: str | None = None
    media_type: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def attachment(
    root: Path,
    service: str,
    chat: str,
    message: str,
    item: Attachment,
    props: dict[str, Any],
    locator: str,
    where: str,
    line: int | None = None,
) -> list[RecordResult]:
    """The file entity of ``item`` (hashed when the file lies inside ``root``), and an error
    result when the export names a file that is missing or not safely readable there. A
    reference that leaves ``root`` (absolute, ``..``, a link outside) is never opened."""
    reference = item.reference or ""
    name = item.name or os.path.basename(reference.replace("\\", "/")) or reference or "(not included)"
    schema = file_schema(name, item.media_type, item.mime)
    hashes: dict[str, Any] = {}
    out: list[RecordResult] = []
    target = beside(root, reference) if reference else None
    if reference and target is None:
        why = "file reference leaves the export's folder; never opened"
        out.append(RecordResult.fail(locator, line, why, where, reference))
    elif target is not None:
        try:
            found = digests(target)
        except FileNotFoundError:
            why = "referenced file is not beside the export"
            out.append(RecordResult.fail(locator, line, why, where, reference))
        except OSError as exc:
            why = f"referenced file not hashed: {getattr(exc, 'strerror', None) or exc}"
            out.append(RecordResult.fail(locator, line, why, where, reference))
        else:
            hashes = {"contentHash": found.sha1, "clew_md5": found.md5, "clew_sha256": found.sha256}
            item.size = found.size
    fid = chat_item_id(service, chat, message, f"file:{reference or name}")
    out.insert(0, RecordResult(locator, line, entity=entity(
        fid, schema, fileName=name, fileSize=item.size, mimeType=item.mime, **hashes, **props,
    )))  # fmt: skip
    return out
