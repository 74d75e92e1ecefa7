"""Evidence uploaded through the server: plain files, or a folder sent as one ``.zip``.

Each upload lands in its own folder (``WORKSPACE/uploads/<operation>/<id>/``, 0700) under its
plain file name (a name with a folder part or a leading dot is refused). A ``.zip`` is a folder
the browser could not send as one: it is unpacked into a sub-folder and the zip itself is not
kept; every other file (a ``.ufdr`` is a zip too, but a report the UFDR reader opens itself) is
stored as sent. Unpacking checks every member *before* writing anything (checklist H3):

- a member whose name is absolute or climbs out with ``..`` (zip slip), or that is a link, is
  refused, and so is the whole zip: an archive built to escape is not evidence to half-read;
- at most :data:`MAX_MEMBERS` members and :data:`MAX_UNPACKED` bytes in all, and no member
  claiming more than :data:`MAX_RATIO` times its compressed size (a zip bomb).

Errors are ``UserError``/``FormatError`` naming the upload and the member, and nothing is left behind.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from clew.errors import FormatError, Location, UserError

MAX_MEMBERS = 20_000
"""More files than a seized phone's extraction folder holds in practice; a zip with more is
refused rather than half-unpacked."""
MAX_UNPACKED = 8 * 1024**3
"""8 GiB unpacked: room for a large extraction, far below a disk-filling bomb."""
MAX_RATIO = 200
"""Text exports compress up to ~30:1 and CSV of repeated values ~100:1; more than 200:1 is the
signature of a crafted bomb, not of evidence."""
CHUNK = 1024 * 1024


def plain_name(name: str, folder: Path) -> Path:
    """``folder/name`` for a plain file name; ``UserError`` for anything with a path in it."""
    if not name or any(c in name for c in "/\\\0") or name.startswith("."):
        raise UserError(f"upload: {name!r} is not a plain file name", Location(str(name)))
    return folder / name


def receive(folder: Path, uploads: Iterable[tuple[str, BinaryIO]]) -> list[Path]:
    """Store each ``(file name, stream)`` in ``folder`` (created 0700), unpacking zips; returns
    the paths to ingest. On any error the folder is removed whole."""
    folder.mkdir(parents=True, mode=0o700)
    paths: list[Path] = []
    try:
        for name, stream in uploads:
            target = plain_name(name, folder)
            with target.open("wb") as out:
                shutil.copyfileobj(stream, out, CHUNK)
            if target.suffix.lower() == ".zip":
                paths.append(unpack(target, folder / target.stem))
                target.unlink()
            else:
                paths.append(target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if not paths:
        shutil.rmtree(folder, ignore_errors=True)
        raise UserError("upload: no file was sent")
    return paths


def unpack(archive: Path, dest: Path) -> Path:
    """Unpack ``archive`` into ``dest`` after checking every member (see the module docstring)."""
    where = Location(archive.name)
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            _check(members, where)
            dest.mkdir(mode=0o700)
            for member in members:
                target = dest.joinpath(*PurePosixPath(member.filename).parts)
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                with zf.open(member) as src, target.open("wb") as out:
                    _copy_bounded(src, out, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise FormatError(f"upload {archive.name}: not a readable zip ({exc})", where) from exc
    return dest


def _check(members: list[zipfile.ZipInfo], where: Location) -> None:
    if len(members) > MAX_MEMBERS:
        raise FormatError(f"zip holds {len(members)} files; at most {MAX_MEMBERS} are unpacked", where)
    total = 0
    for m in members:
        name = m.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or (parts and ":" in parts[0]) or ".." in parts:
            raise FormatError(f"zip member {m.filename!r} points outside the folder (zip slip)", where)
        if stat.S_ISLNK(m.external_attr >> 16):
            raise FormatError(f"zip member {m.filename!r} is a link: links are not unpacked", where)
        if m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > CHUNK:
            bomb = f"zip member {m.filename!r} inflates more than {MAX_RATIO}:1 (zip bomb?)"
            raise FormatError(bomb, where)
        total += m.file_size
    if total > MAX_UNPACKED:
        raise FormatError(f"zip would unpack to {total} bytes; at most {MAX_UNPACKED}", where)


def _copy_bounded(src: BinaryIO, out: BinaryIO, member: zipfile.ZipInfo) -> None:
    """Copy, trusting no header: stop at the size the member declared (a lying header is a bomb)."""
    left = member.file_size
    while chunk := src.read(min(CHUNK, left + 1)):
        left -= len(chunk)
        if left < 0:
            raise ValueError(f"member {member.filename!r} is larger than its header says")
        out.write(chunk)
