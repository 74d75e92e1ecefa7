"""Walk evidence folders safely: regular files only, links recorded, names kept as bytes.

Seized folders are hostile input (issue 10, checklist H1/H3): a symbolic link to
``/dev/zero`` would be read for ever, a FIFO blocks the first ``open``, a link to
``/etc/passwd`` would be hashed as if it were evidence, and a name that is not UTF-8 cannot
be stored as text. So this walk:

- never follows a symbolic link found inside the folder (``lstat``), unless
  ``follow_links`` is asked; then a link is followed once (directories by device and inode,
  so cycles end) and what it leads to is checked like any other entry;
- yields only regular files; device files, FIFOs, sockets and broken links become
  :class:`Oddity` notes, never an ``open``;
- keeps each name as the operating system's bytes (``os.fsdecode``'s surrogate escapes, so
  the file can still be opened) and gives a readable, storable form of it
  (:func:`readable`: ``\\xNN`` for bytes that are not UTF-8 and for control characters).

Paths the user names directly (the command line) are followed when they are links, as
``find -H`` does: naming a link is asking for what it points to.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SPECIAL = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


@dataclass(frozen=True)
class Found:
    """A regular file: ``path`` readable for display and storage, ``fs_path`` to open it."""

    path: str
    fs_path: str
    st: os.stat_result


@dataclass(frozen=True)
class Oddity:
    """Something met in a folder that is not hashed as a plain file, and why (one line)."""

    path: str
    note: str
    read: bool = False  # True: only a note, the file itself is still read (an odd name)


def readable(path: str | bytes) -> str:
    """``path`` as valid, printable text: undecodable bytes and control characters as
    ``\\xNN`` (so ``b"bad\\xffname"`` reads ``bad\\xffname``); plain names are unchanged."""
    raw = os.fsencode(path)
    text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _odd_name(path: str) -> str:
    """Why a name needs escapes: bytes that are not UTF-8, or control characters (a tab)."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return "is not valid UTF-8 text"
    return "holds control characters (a tab, a line break…)"


def walk(
    paths: Iterable[str | os.PathLike[str]], *, follow_links: bool = False, hidden: bool = True
) -> Iterator[Found | Oddity]:
    """Every regular file under ``paths`` (sorted by name, recursive), and an :class:`Oddity`
    for each link, special file, unreadable folder or odd name met. Never raises ``OSError``.
    ``hidden=False`` leaves out names starting with a dot (not reported)."""
    for root in paths:
        root_s = os.fspath(root)
        try:
            st = os.stat(root_s)
        except OSError as exc:
            yield Oddity(readable(root_s), f"no such file or folder ({exc.strerror or exc})")
            continue
        bases = (os.path.realpath(root_s),)
        yield from _entry(root_s, st, bases, follow_links, hidden, set())


def _entry(
    path: str, st: os.stat_result, bases: tuple[str, ...], follow: bool, hidden: bool, seen: set
) -> Iterator[Found | Oddity]:
    shown = readable(path)
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if shown != path:
            yield Oddity(shown, f"file name {_odd_name(path)}; shown with \\xNN escapes", read=True)
        yield Found(shown, path, st)
    elif stat.S_ISDIR(mode):
        key = (st.st_dev, st.st_ino)
        if key in seen:
            yield Oddity(
                shown,
                "folder already walked (reached again through a link, or a link loop); not walked again",
            )
            return
        seen.add(key)
        try:
            with os.scandir(path) as entries:
                names = sorted(e.name for e in entries)
        except OSError as exc:
            yield Oddity(shown, f"unreadable folder: {exc.strerror or exc}")
            return
        for name in names:
            if not hidden and name.startswith("."):
                continue
            child = os.path.join(path, name)
            try:
                child_st = os.lstat(child)
            except OSError as exc:
                yield Oddity(readable(child), f"unreadable: {exc.strerror or exc}")
                continue
            if stat.S_ISLNK(child_st.st_mode):
                yield from _link(child, bases, follow, hidden, seen)
            else:
                yield from _entry(child, child_st, bases, follow, hidden, seen)
    else:
        kind = SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
        yield Oddity(shown, f"skipped: {kind}, not a regular file; never opened")


def _link(
    path: str, bases: tuple[str, ...], follow: bool, hidden: bool, seen: set
) -> Iterator[Found | Oddity]:
    shown = readable(path)
    try:
        target = os.readlink(path)
    except OSError as exc:
        yield Oddity(shown, f"unreadable symbolic link: {exc.strerror or exc}")
        return
    real = os.path.realpath(path)
    inside = any(real == b or real.startswith(b.rstrip(os.sep) + os.sep) for b in bases)
    where = "inside" if inside else "outside"
    try:
        st = os.stat(path)
    except OSError:
        yield Oddity(shown, f"symbolic link to {readable(target)}: broken (target missing); not hashed")
        return
    if not follow:
        hint = "hashed where it is" if inside else "not hashed (--follow-links hashes it)"
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            hint = f"{SPECIAL.get(stat.S_IFMT(st.st_mode), 'not a regular file')}, never opened: not hashed"
        yield Oddity(shown, f"symbolic link to {readable(target)} ({where} the evidence folder): {hint}")
        return
    yield Oddity(shown, f"symbolic link to {readable(target)} ({where} the evidence folder): followed")
    if stat.S_ISREG(st.st_mode):
        yield Found(shown, real, st)
    else:
        yield from _entry(path, st, bases, follow, hidden, seen)


class NotRegular(OSError):
    """The path no longer names a regular file (swapped for a FIFO, device or link)."""


def open_regular(path: str | os.PathLike[str]):
    """Open ``path`` for reading without following a final link and without blocking on a FIFO
    (``O_NOFOLLOW | O_NONBLOCK``), then check on the open descriptor that it is a regular file:
    a ``lstat`` before and this ``fstat`` leave no window to swap the file."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular("not a regular file when opened; never read")
    return os.fdopen(fd, "rb")


@dataclass(frozen=True)
class Digests:
    """MD5, SHA-1 and SHA-256 (hex) of one file's bytes, and its size."""

    size: int
    md5: str
    sha1: str
    sha256: str


def beside(root: str | os.PathLike[str], relative: str) -> str | None:
    """The file ``relative`` names inside folder ``root``, or None when the name would leave
    it: absolute, a ``..`` part, a NUL, or a link on the way that resolves outside ``root``.
    An export's references are attacker-chosen text (``../../etc/passwd``)."""
    if not relative or "\x00" in relative or relative.startswith(("/", "\\")):
        return None
    parts = relative.replace("\\", "/").split("/")
    if any(part == ".." for part in parts) or (parts and ":" in parts[0]):
        return None
    base = os.path.realpath(root)
    target = os.path.join(base, *[p for p in parts if p not in ("", ".")])
    real = os.path.realpath(target)
    if real != target or not real.startswith(base.rstrip(os.sep) + os.sep):
        return None  # a link somewhere on the way: never followed
    return target


def digests(path: str | os.PathLike[str]) -> Digests:
    """One read of a regular file feeding MD5, SHA-1 and SHA-256; the bytes are never kept.
    Raises OSError (``NotRegular`` for a FIFO, device or link)."""
    with open_regular(path) as fh:
        return digests_of(fh)


def digests_of(fh, chunk: int = 1 << 20) -> Digests:
    """:class:`Digests` of what a binary stream yields (a zip member, an opened file)."""
    import hashlib

    md5, sha1, sha256 = hashlib.md5(), hashlib.sha1(), hashlib.sha256()
    size = 0
    while data := fh.read(chunk):
        size += len(data)
        md5.update(data)
        sha1.update(data)
        sha256.update(data)
    return Digests(size, md5.hexdigest(), sha1.hexdigest(), sha256.hexdigest())
