"""Opening a store without disturbing it: read-only copies, the write lock, operations, dead runs.

* A workspace the process cannot write (a read-only copy of evidence for review) is opened
  with SQLite's ``mode=ro`` (``immutable=1`` when the folder cannot hold WAL's shared-memory
  file and no WAL is pending): nothing is migrated, the journal mode is not switched, and a
  write fails in one line (:class:`~clew.errors.ReadOnlyWorkspace`).
* Readers never take the write lock: opening only reads unless a migration is due, and WAL
  lets them read while an ingest writes. A writer that finds the lock held says what it waits
  for (the running run holding it: kind, pid, start) instead of waiting silently.
* Operations are created explicitly (``clew operations create``); opening an unknown one is an
  error listing the known ones.
* A run left ``running`` by a process that is gone (killed, machine rebooted) is marked
  ``interrupted`` by the next store opened on the same host — also when its pid now belongs to
  another process, one that started after the run did (pids are reused).
"""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, select

from clew.errors import StoreBusy, UnknownOperation
from clew.model.statement import utcnow
from clew.store.tables.core import operations, runs
from clew.vocabulary import INTERNAL_OPERATIONS

LOCK_TRY_MS = 1000  # first attempt at the write lock: a short wait goes unannounced
LOCK_WAIT_MS = 600_000  # then wait up to 10 minutes (one big file's ingest), saying for whom
READ_BUSY_MS = 60_000  # readers wait on SQLite's own short locks (WAL recovery, checkpoints)
HOST = socket.gethostname()


def readonly_uri(db: Path) -> str:
    """A ``sqlite:///file:…?mode=ro`` URL for ``db`` that reads what is committed.

    ``mode=ro`` needs WAL's ``-shm`` file, which SQLite cannot create in a read-only folder;
    then, if no WAL content is pending (a workspace closed cleanly has none), the file is
    opened ``immutable``. A copy taken with pending WAL content and no ``-shm`` cannot be read
    faithfully, and says so."""
    path = quote(str(db.resolve()))
    plain = f"file:{path}?mode=ro"
    try:
        with sqlite3.connect(plain, uri=True) as probe:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        probe.close()
        return f"sqlite:///{plain}&uri=true"
    except sqlite3.Error:
        wal = db.with_name(db.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise
        return f"sqlite:///{plain}&immutable=1&uri=true"


def writable(db: Path) -> bool:
    """Whether this process may write the database file and create files beside it."""
    folder = db.parent
    return os.access(folder, os.W_OK | os.X_OK) and (not db.exists() or os.access(db, os.W_OK))


def begin_write(conn: Connection, on_wait: Callable[[str], None] | None) -> None:
    """``BEGIN IMMEDIATE``, announcing a wait longer than :data:`LOCK_TRY_MS` through ``on_wait``
    with what holds the lock; raises StoreBusy after :data:`LOCK_WAIT_MS` (or at once with
    ``conn.info["no_wait"]``)."""
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql("BEGIN")
        return
    conn.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_TRY_MS}")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    except StoreBusy:
        if conn.info.get("no_wait"):
            raise
        if on_wait is not None:
            on_wait(holder(conn))
        conn.exec_driver_sql(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={READ_BUSY_MS}")


def holder(conn: Connection) -> str:
    """Who holds the write lock, as far as the runs table tells: the running runs."""
    rows = conn.execute(
        select(runs.c.id, runs.c.kind, runs.c.operation, runs.c.pid, runs.c.host, runs.c.started_at)
        .where(runs.c.status == "running")
        .order_by(runs.c.started_at.desc())
        .limit(3)
    ).all()
    if not rows:
        return "another process writing to the workspace"
    return "; ".join(
        f"{r.kind} run {r.id[:12]} (operation {r.operation}, pid {r.pid} on {r.host}, since {r.started_at})"
        for r in rows
    )


def check_operation(conn: Connection, name: str) -> None:
    """Raise UnknownOperation (listing the known ones) unless the workspace holds ``name``."""
    known = [r[0] for r in conn.execute(select(operations.c.name).order_by(operations.c.name))]
    if name not in known:
        raise UnknownOperation(name, [k for k in known if k not in INTERNAL_OPERATIONS])


def create_operation(conn: Connection, name: str, title: str | None = None) -> bool:
    """Create operation ``name`` (inside the caller's write transaction); False if it exists."""
    found = conn.execute(select(operations.c.name).where(operations.c.name == name)).first()
    if found is not None:
        return False
    conn.execute(operations.insert().values(name=name, title=title, created_at=utcnow()))
    return True


PID_REUSE_SLACK_S = 2  # started_at is cut to the second, /proc/stat's btime is whole seconds


def dead_runs(conn: Connection, operation: str) -> list[str]:
    """Ids of the operation's ``running`` runs started on this host by a process that is gone."""
    rows = conn.execute(
        select(runs.c.id, runs.c.pid, runs.c.started_at).where(
            runs.c.operation == operation, runs.c.status == "running", runs.c.host == HOST
        )
    ).all()
    return [r.id for r in rows if r.pid is not None and not alive(r.pid, r.started_at)]


def alive(pid: int, since: str | None = None) -> bool:
    """Whether process ``pid`` exists on this host (a zombie counts as gone) and, given ``since``
    (the run's ``started_at``), can be the process that started the run: one that started more
    than ``PID_REUSE_SLACK_S`` after it holds a reused pid, and the run's own process is gone."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        pass
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return True  # no /proc (not Linux): existence is all that can be known
    if fields[0] == "Z":
        return False
    started = process_start(int(fields[19]))
    if since is None or started is None:
        return True
    run_start = datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    return started <= run_start + PID_REUSE_SLACK_S


def process_start(ticks: int) -> float | None:
    """A process's start as a Unix time, from its ``starttime`` (clock ticks after boot)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            boot = next(int(line.split()[1]) for line in fh if line.startswith("btime "))
    except (OSError, StopIteration, ValueError):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")
