"""One file's hashes, computed in a worker's memory: MD5, SHA-1, SHA-256, PDQ or video frames.

One read feeds the three digests; an image's bytes (up to ``MAX_DECODE``) are then decoded for
PDQ + quality (``clew.media.pdq``), a video's for vPDQ frame hashes when PyAV is installed.
The bytes are never written anywhere. A file that cannot be read or decoded yields a row
that says so: hashing a folder never stops on one file.
"""

from __future__ import annotations

import hashlib
import signal
import zipfile
from typing import Any

from clew.fswalk import NotRegular, open_regular
from clew.media import video
from clew.media.pdq import hash_image_bytes
from clew.media.walk import Item, kind_of
from clew.runtime import die_with_parent

CHUNK = 1 << 20
MAX_DECODE = 256 << 20  # larger images/videos are hashed cryptographically only

_zips: dict[str, zipfile.ZipFile] = {}


def _open(item: Item):
    """A plain file through ``clew.fswalk.open_regular`` (no link followed, no FIFO blocked on,
    checked regular on the open descriptor); a zip member through its archive."""
    if item.member is None:
        return open_regular(item.fs_path)
    archive = _zips.get(item.fs_path)
    if archive is None:
        archive = _zips[item.fs_path] = zipfile.ZipFile(item.fs_path)
    return archive.open(item.member)


def hash_item(item: Item, mode: str = "reference") -> dict[str, Any]:
    """Hashes of one file as a row dict, or ``{"path", "error"}``; never raises."""
    md5, sha1, sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
    keep: list[bytes] | None = [] if item.size <= MAX_DECODE else None
    head = b""
    kept = 0
    try:
        with _open(item) as fh:
            while chunk := fh.read(CHUNK):
                if not head:
                    head = chunk[:16]
                md5.update(chunk)
                sha1.update(chunk)
                sha256.update(chunk)
                kept += len(chunk)
                if keep is not None and kept > MAX_DECODE:  # grew while read: stop keeping
                    keep = None
                if keep is not None:
                    keep.append(chunk)
    except NotRegular as exc:
        return {"path": item.path, "error": f"skipped: {exc}"}
    except (OSError, zipfile.BadZipFile, RuntimeError, EOFError, ValueError) as exc:
        return {"path": item.path, "error": f"unreadable: {getattr(exc, 'strerror', None) or exc}"}
    row: dict[str, Any] = {
        "path": item.path,
        "size": item.size,
        "mtime": item.mtime,
        "ctime": item.ctime,
        "kind": kind_of(item.path, head),
        "md5": md5.hexdigest(),
        "sha1": sha1.hexdigest(),
        "sha256": sha256.hexdigest(),
        "pdq": None,
        "quality": None,
        "pdq_dihedral": None,
        "note": None,
    }
    data = b"".join(keep) if keep is not None else None
    keep = None  # the chunks are in ``data`` now: hold the bytes once
    if row["kind"] == "image":
        if data is None:
            row["note"] = "too large to decode; cryptographic hashes only"
        else:
            try:
                result = hash_image_bytes(data, mode)
            except MemoryError:
                row["note"] = row["error"] = "out of memory decoding the image; no PDQ"
            except Exception as exc:  # a decoder bug must not stop the run: record it
                row["note"] = f"corrupt image, no PDQ: {exc}"
                row["error"] = str(exc)
            else:
                row.update(pdq=result.pdq, quality=result.quality, note=result.note or None)
                row["pdq_dihedral"] = " ".join(result.dihedral)
    elif row["kind"] == "video":
        if not video.AVAILABLE:
            row["note"] = video.UNAVAILABLE_NOTE
        elif data is not None:
            try:
                row["frames"] = video.frame_hashes(data)
            except ValueError as exc:
                row["note"] = f"corrupt video, no frame hashes: {exc}"
                row["error"] = str(exc)
    return row


def worker_init(parent: int) -> None:
    """A hashing worker dies with ``clew`` (``die_with_parent``) and leaves Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def task(items: list[Item], mode: str) -> list[dict[str, Any]]:
    """A worker's task: the rows of ``items``, in order."""
    return [hash_item(item, mode) for item in items]
