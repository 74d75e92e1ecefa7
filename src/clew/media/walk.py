"""Enumerate the files of folders and zip archives (device images, platform returns).

A file inside a zip is named ``archive.zip!inner/path``; its times are the zip entry's
(local time as stored, read as UTC). Zips inside zips are hashed as files, not opened.
Listing only stats files (``lstat``: links and special files are never opened); the
bytes are read by the hashing workers.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from clew.fswalk import Found, Oddity, readable, walk

ARCHIVES = (".zip", ".ufdr")  # a UFDR report is a zip: its extracted files are hashed in place
IMAGE_EXT = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".jfif", ".ppm", ".pgm"}
VIDEO_EXT = {".mp4", ".mov", ".avi", ".mkv", ".webm", ".3gp", ".m4v", ".wmv", ".flv", ".mpg", ".mpeg"}
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class Item:
    """One file to hash: its display path, where its bytes are, its size and times."""

    path: str  # display path; archive.zip!inner/path inside a zip
    fs_path: str  # the file on disk (the archive for zip members)
    member: str | None  # name inside the zip, None for plain files
    size: int
    mtime: str
    ctime: str | None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.path, self.size, self.mtime)


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def kind_of(name: str, head: bytes = b"") -> str:
    ext = os.path.splitext(name)[1].lower()
    if ext in IMAGE_EXT:
        return "image"
    if ext in VIDEO_EXT:
        return "video"
    if head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    return "other"


def iter_items(
    paths: Iterable[Path], errors: list[tuple[str, str]], *, follow_links: bool = False
) -> Iterator[Item]:
    """Every regular file under ``paths`` (sorted, recursive), zip members expanded.

    Folders are walked by :func:`clew.fswalk.walk`: links, device files, FIFOs,
    sockets, unreadable folders or archives and names that are not UTF-8 are appended to
    ``errors`` as (path, note), never raised and never opened.
    """
    for found in walk(paths, follow_links=follow_links):
        if isinstance(found, Oddity):
            errors.append((found.path, found.note))
        else:
            yield from _items_of(found, errors)


def _items_of(found: Found, errors: list[tuple[str, str]]) -> Iterator[Item]:
    st = found.st
    item = Item(found.path, found.fs_path, None, st.st_size, iso(st.st_mtime), iso(st.st_ctime))
    if not found.fs_path.lower().endswith(ARCHIVES):
        yield item
        return
    try:
        with zipfile.ZipFile(found.fs_path) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        errors.append((found.path, f"unreadable zip archive: {exc}"))
        yield item  # still hash the archive's bytes
        return
    for info in members:
        try:
            mtime = datetime(*info.date_time, tzinfo=UTC).isoformat().replace("+00:00", "Z")
        except ValueError:
            mtime = item.mtime
        shown = f"{found.path}!{readable(info.filename)}"
        yield Item(shown, found.fs_path, info.filename, info.file_size, mtime, None)
