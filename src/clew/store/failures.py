"""Database failures as Clew's own one-line errors, by class (``clew.errors`` exit codes).

SQLAlchemy wraps the driver's exception; what it means for the analyst depends only on the
driver's error code: a lock held too long, a damaged file, a full disk, a read-only file.
:func:`translate` maps one to a :class:`~clew.errors.StoreError` naming the database and saying
what to do; anything else is left alone (``None``), to be reported as an internal error.
The engine calls it on every failed statement (``make_engine``); the CLI once more for the
few writes that go to the driver directly.
"""

from __future__ import annotations

import os
import sqlite3

from clew.errors import ReadOnlyWorkspace, StoreBusy, StoreCorrupt, StoreError, StoreFull

# SQLite's primary result codes (https://www.sqlite.org/rescode.html): the low byte of an
# extended code, so SQLITE_READONLY_DBMOVED and the like fall into their class.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

# PostgreSQL SQLSTATE classes and codes with the same meanings.
PG_FULL = {"53100", "53200", "54000"}  # disk full, out of memory, program limit
PG_CORRUPT = {"XX001", "XX002"}  # data corrupted, index corrupted
PG_BUSY = {"55P03"}  # lock not available (deadlocks and serialization failures: Store.atomically retries)
PG_READONLY = {"25006"}  # read-only transaction

# On a disk with no room at all SQLite cannot even create the write-ahead log or its 32 KiB
# shared-memory index, and says "disk I/O error" (SQLITE_IOERR), not "database or disk is full".
# Below this many free bytes an I/O error is taken for a full disk: the smallest write SQLite
# makes is one page (32 KiB here) plus the index, and a working disk is not this close to full.
FULL_BELOW_BYTES = 1 << 20


def corrupt(where: str, detail: str) -> StoreCorrupt:
    """The one message for a damaged store: what was seen, how to check it, where to go next."""
    return StoreCorrupt(
        f"the store is corrupt ({detail}); check it with `sqlite3 {where} 'PRAGMA integrity_check'` "
        "and restore the workspace from its backup",
        where,
    )


def translate(exc: BaseException, where: str) -> StoreError | None:
    """The Clew error for a database failure ``exc`` on the database ``where``, or None."""
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else _code_from_text(message)
    elif sqlstate:
        primary = _code_from_sqlstate(str(sqlstate))
    elif type(orig).__name__ in ("OperationalError", "InterfaceError"):  # a server down, refusing us
        return StoreError(f"the database server cannot be used: {message}", where)
    else:
        return None
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return corrupt(where, message)
    if primary == SQLITE_IOERR and _no_room(where):
        primary = SQLITE_FULL
    if primary == SQLITE_FULL:
        return StoreFull(
            f"disk full while writing the store ({message}); the interrupted step was rolled back "
            "and nothing committed is lost: free space and run it again",
            where,
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy(
            f"the store stayed locked by another process ({message}); try again when it has finished",
            where,
        )
    if primary == SQLITE_READONLY:
        return ReadOnlyWorkspace("the workspace is read-only and this command writes to it", where)
    if primary == SQLITE_IOERR:
        return StoreError(f"the store could not be read or written ({message}): check the disk", where)
    if primary == SQLITE_CANTOPEN:
        return StoreError(
            f"the store cannot be opened ({message}): check the folder exists and is readable", where
        )
    return None


def _no_room(where: str) -> bool:
    """True when the file system holding the SQLite database ``where`` has (almost) no free space."""
    if not os.path.isfile(where):  # a server URL, or "the store" (no file named)
        return False
    try:
        found = os.statvfs(os.path.dirname(os.path.abspath(where)))
    except OSError:
        return False
    return found.f_bavail * found.f_frsize < FULL_BELOW_BYTES


def _code_from_text(message: str) -> int | None:
    """Older Pythons (< 3.11) give no code: read the class from SQLite's fixed message text."""
    text = message.lower()
    for needle, code in (
        ("malformed", SQLITE_CORRUPT),
        ("not a database", SQLITE_NOTADB),
        ("is full", SQLITE_FULL),
        ("is locked", SQLITE_BUSY),
        ("readonly", SQLITE_READONLY),
        ("disk i/o error", SQLITE_IOERR),
        ("unable to open", SQLITE_CANTOPEN),
    ):
        if needle in text:
            return code
    return None


def _code_from_sqlstate(state: str) -> int | None:
    if state in PG_FULL:
        return SQLITE_FULL
    if state in PG_CORRUPT:
        return SQLITE_CORRUPT
    if state in PG_BUSY:
        return SQLITE_BUSY
    if state in PG_READONLY:
        return SQLITE_READONLY
    return None
