"""Where a UFDR report's bytes come from: a ``.ufdr`` zip or a folder holding ``report.xml``.

Nothing is ever extracted: ``report.xml`` is streamed out of the zip, and files the report
lists are read only to hash them (MD5, SHA-1, SHA-256, 1 MiB at a time; the bytes are then
gone). Hostile archives are handled here (issue 15, docs/formats.md "UFDR"):

- a zip that cannot be opened (truncated, damaged) or a ``report.xml`` that breaks off while
  read is a :class:`~clew.errors.FormatError` naming the file: the loader rolls the whole
  report back and keeps only its quarantine row;
- a member name that is absolute or climbs out with ``..`` (zip slip), or that is a link, is
  never opened: the file that names it is listed as skipped with the reason;
- a member that claims more than :data:`MAX_RATIO` times its compressed size (a zip bomb; media
  hardly compress at all) is not hashed, and is listed; ``report.xml`` itself is only ever
  streamed, so an inflated report costs time, never memory or disk;
- in a folder, a listed file is opened without following links and only if it lies inside the
  folder.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from clew.errors import FormatError, Location

REPORT = "report.xml"
CHUNK = 1 << 20
MAX_RATIO = 100  # media compress ~1:1 and XML ~10-30:1; a member claiming more is not hashed
RATIO_FLOOR = 1 << 20  # ...unless it is small (a tiny file of zeros is harmless)
DOCTYPE_HEAD = 1 << 16  # bytes before the root element checked for a DOCTYPE


class Counting:
    """A read-only stream that counts the bytes read from it (the progress position)."""

    def __init__(self, raw: IO[bytes], scale: float = 1.0, base: int = 0) -> None:
        self.raw, self.done, self.scale, self.base = raw, 0, scale, base

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.done += len(data)
        return data

    @property
    def position(self) -> int:
        return self.base + int(self.done * self.scale)


def unsafe_name(name: str) -> str | None:
    """Why a member or listed path must not be opened (absolute, ``..``, drive letter), or None."""
    text = name.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return f"absolute path {name!r} (zip slip): never opened"
    if ".." in PurePosixPath(text).parts:
        return f"path {name!r} climbs out of the report with '..' (zip slip): never opened"
    return None


def member_key(name: str) -> str:
    """A zip member or ``Local Path`` as looked up: forward slashes, no leading ``./`` or ``/``."""
    text = name.replace("\\", "/")
    while text.startswith(("./", "/")):
        text = text[1:] if text[0] == "/" else text[2:]
    return text


class UfdrSource:
    """One report: ``open_report()`` streams ``report.xml``; ``hash_file(local_path)`` hashes a
    file the report lists, or says why it was not hashed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.where = Location(file=str(path))
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.folder = path.parent if not path.is_dir() else path
        if path.suffix.lower() == ".ufdr" or zipfile.is_zipfile(path):
            self._open_zip()

    def _open_zip(self) -> None:
        try:
            self.zip = zipfile.ZipFile(self.path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise FormatError(f"not a readable UFDR zip (truncated or damaged?): {exc}", self.where) from exc
        for info in infos:
            self.members.setdefault(member_key(info.filename), info)
        if self._report_info() is None:
            raise FormatError(
                f"a UFDR zip must hold {REPORT} at its top level; this one does not", self.where
            )

    def _report_info(self) -> zipfile.ZipInfo | None:
        for name, info in self.members.items():
            if name.lower() == REPORT:
                return info
        return None

    @contextmanager
    def open_report(self) -> Iterator[Counting]:
        """``report.xml`` as a counting stream; a DOCTYPE is refused before anything is parsed."""
        try:
            if self.zip is not None:
                info = self._report_info()
                assert info is not None
                scale = info.compress_size / info.file_size if info.file_size else 1.0
                with self.zip.open(info) as raw:
                    refuse_doctype(self.zip.open(info), self.where)
                    yield Counting(raw, scale, info.header_offset)
            else:
                report = self.path if self.path.name.lower() == REPORT else self.path / REPORT
                with report.open("rb") as raw:
                    refuse_doctype(report.open("rb"), self.where)
                    yield Counting(raw)
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
            raise FormatError(f"{REPORT} breaks off or is damaged inside the zip: {exc}", self.where) from exc
        except OSError as exc:
            raise FormatError(f"cannot read {REPORT}: {exc.strerror or exc}", self.where) from exc

    def hash_file(self, local: str) -> tuple[dict[str, str] | None, str | None]:
        """``({"md5", "sha1", "sha256"}, None)`` for a file the report lists and the report holds;
        ``(None, why)`` when it is unsafe or absent (``why`` None: simply not in the report)."""
        why = unsafe_name(local)
        if why:
            return None, why
        if self.zip is not None:
            info = self.members.get(member_key(local))
            if info is None:
                return None, None
            if stat.S_ISLNK(info.external_attr >> 16):
                return None, f"member {local!r} is a link: never opened"
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                return None, f"member {local!r} inflates {ratio}:1 (zip bomb?): not hashed"
            try:
                with self.zip.open(info) as fh:
                    return _digests(fh), None
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
                return None, f"member {local!r} is damaged: {exc}"
        target = self.folder / local.replace("\\", "/")
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        try:
            if not target.resolve().is_relative_to(self.folder.resolve()):
                return None, f"{local!r} lies outside the report's folder: never opened"
            fd = os.open(target, flags)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return None, f"{local!r} not opened: {exc.strerror or exc}"
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None, f"{local!r} is not a regular file: never read"
            return _digests(fh), None


def _digests(fh: IO[bytes]) -> dict[str, str]:
    md5, sha1, sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
    while chunk := fh.read(CHUNK):
        md5.update(chunk)
        sha1.update(chunk)
        sha256.update(chunk)
    return {"md5": md5.hexdigest(), "sha1": sha1.hexdigest(), "sha256": sha256.hexdigest()}


def refuse_doctype(fh: IO[bytes], where: Location) -> None:
    """A report with a DOCTYPE is refused: Cellebrite writes none, and a DTD is where external
    entities and entity-expansion bombs (billion laughs) live. Reads only up to the root element."""
    with fh:
        head = fh.read(DOCTYPE_HEAD)
    at = 0
    while (at := head.find(b"<", at)) >= 0:
        if head.startswith(b"<?", at):
            at = head.find(b"?>", at) + 2 if head.find(b"?>", at) >= 0 else len(head)
        elif head.startswith(b"<!--", at):
            at = head.find(b"-->", at) + 3 if head.find(b"-->", at) >= 0 else len(head)
        elif head[at + 1 : at + 9].upper() == b"!DOCTYPE":
            raise FormatError(
                f"{REPORT} declares a DOCTYPE (a DTD, entities): refused, a Cellebrite report has none "
                "and entities can read other files or expand without bound",
                Location(file=where.file, line=head[:at].count(b"\n") + 1, field="DOCTYPE"),
            )
        else:
            return
