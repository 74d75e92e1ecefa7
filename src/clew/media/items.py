"""The files to match: media records of the sources and files hashed by ``clew media hash``.

Records are FtM ``Image``/``Video``/``Document`` with any of ``contentHash``, ``clew:md5``,
``clew:sha256``, ``clew:pdq`` (+ ``clew:pdqQuality``). ``contentHash`` is FtM's one checksum
property and other tools write every checksum they have there: a value is read as MD5, SHA-1 or
SHA-256 by its length in hex (32, 40, 64), the only three the hash lists hold. The holder is
``clew:holder``, else the ``entity`` of an FtM ``Documentation`` whose ``document`` is the
record (how another tool ties a file to a party), else the owner of the source the record came
from. Whether an item was
*shared* (tip report, P2P offer, platform return) rather than *held* (device) follows the
source's kind. Hashes that are not well-formed hex are ignored for matching. Hashed videos
carry their frame hashes (``media_frames``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clew.model.kinds import EntityKind, kind_of_record
from clew.store.base import Store

MEDIA_SCHEMATA = ("Image", "Video", "Document")
SHARING_KINDS = {"tip-report", "p2p-log", "platform-return", "chat-export"}  # a chat's files were sent
GROUP_PROPS = ("clew:group", "parent", "clew:holder", "recipients")
_HEX = {n: re.compile(rf"^[0-9a-f]{{{n}}}$") for n in (32, 40, 64)}
CHECKSUM_PROPS = {32: "clew:md5", 40: "contentHash", 64: "clew:sha256"}  # hex length -> Clew's own property


@dataclass
class MediaItem:
    item: str  # entity id or hashed file path
    kind: str  # record | file
    holder: str | None
    shared: bool
    md5: str | None = None
    sha1: str | None = None
    sha256: str | None = None
    pdq: str | None = None
    quality: int | None = None
    dihedral: tuple[str, ...] = ()
    frames: tuple[tuple[str, int], ...] = ()  # (pdq, quality) of video frames
    groups: set[str] = field(default_factory=set)
    source: str | None = None  # exhibit label of a hashed file (``--source``)


def _hex(value: str | None, n: int) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    return value if _HEX[n].match(value) else None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _checksum(rec, length: int) -> str | None:
    """The record's checksum of that hex length: Clew's own property first, then any
    ``contentHash`` value of that length."""
    own = _hex(rec.first(CHECKSUM_PROPS[length]), length)
    return own or next((h for h in (_hex(v, length) for v in rec.get("contentHash")) if h), None)


def documented_holders(store: Store) -> dict[str, str]:
    """document id -> the party an FtM ``Documentation`` ties it to (the smallest id when
    several do, so the choice does not depend on record order)."""
    out: dict[str, str] = {}
    for rec in store.records(["Documentation"]):
        for document in rec.get("document"):
            for entity in rec.get("entity"):
                out[document] = min(out.get(document, entity), entity)
    return out


def load_items(store: Store) -> list[MediaItem]:
    sources = {str(s["id"]): s for s in store.select("sources", columns=["id", "kind", "owner_entity"])}
    chat = EntityKind.CHAT_GROUP
    groups = {r.id for r in store.records(["Organization"]) if kind_of_record(r) == chat}
    documented = documented_holders(store)
    out: list[MediaItem] = []
    for rec in store.records(MEDIA_SCHEMATA):
        src = [sources[s] for s in sorted(rec.sources) if s in sources]
        owner = next((s["owner_entity"] for s in src if s["owner_entity"]), None)
        holder = rec.first("clew:holder") or documented.get(rec.id) or owner
        item = MediaItem(
            item=rec.id,
            kind="record",
            holder=holder,
            shared=any(s["kind"] in SHARING_KINDS for s in src),
            md5=_checksum(rec, 32),
            sha1=_checksum(rec, 40),
            sha256=_checksum(rec, 64),
            pdq=_hex(rec.first("clew:pdq"), 64),
            quality=_int(rec.first("clew:pdqQuality")),
        )
        item.groups = {v for p in GROUP_PROPS for v in rec.get(p) if v in groups}
        if item.md5 or item.sha1 or item.sha256 or item.pdq:
            out.append(item)
    frames: dict[int, list[tuple[str, int]]] = {}
    for f in store.select(
        "media_frames", columns=["file_id", "pdq", "quality"], order_by=["file_id", "frame"]
    ):
        frames.setdefault(f["file_id"], []).append((f["pdq"], f["quality"]))
    for row in store.select("media_files", order_by=["id"]):
        out.append(
            MediaItem(
                item=row["path"],
                kind="file",
                holder=row["holder"],
                shared=False,
                md5=row["md5"],
                sha1=row["sha1"],
                sha256=row["sha256"],
                pdq=row["pdq"],
                quality=row["quality"],
                dihedral=tuple((row["pdq_dihedral"] or "").split()),
                frames=tuple(frames.get(row["id"], ())),
                source=row["source"],
            )
        )
    return out
