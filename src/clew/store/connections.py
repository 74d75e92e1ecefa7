"""How a :class:`~clew.store.sql.SQLStore` holds connections: one per read or write unless a
``reading()`` snapshot or a ``transaction()`` is open, which every call inside then shares.

Writes mark their connection ``write`` so the SQLite engine begins them ``IMMEDIATE``
(``clew.store.engine``); ``atomically`` runs PostgreSQL work ``SERIALIZABLE`` and retries it
when a concurrent writer got there first.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from clew.errors import ReadOnlyWorkspace

# PostgreSQL errors that mean "a concurrent writer got there first; run the transaction again":
# serialization failure, deadlock, unique violation (both inserted the same new row)
RETRY_SQLSTATES = frozenset({"40001", "40P01", "23505"})
T = TypeVar("T")


class SQLConnections:
    """The connection lifecycle of a store on ``engine``; the store sets these attributes."""

    engine: Engine
    readonly: bool
    where: str
    on_wait: Callable[[str], None] | None  # told what a wait for the write lock is for
    _conn: Connection | None = None  # the open transaction's, if any
    _snapshot: Connection | None = None  # reads of a ``reading()`` block share it

    @contextmanager
    def _write_conn(self, wait: bool = True) -> Iterator[Connection]:
        if self._conn is not None:
            yield self._conn
            return
        if self.readonly:
            raise ReadOnlyWorkspace("the workspace is read-only and this command writes to it", self.where)
        with self.engine.connect() as conn:
            conn.info.update(write=True, on_wait=self._waiting, no_wait=not wait)
            try:
                with conn.begin():
                    yield conn
            finally:
                conn.info.update(write=False, on_wait=None, no_wait=False)

    def _waiting(self, holder: str) -> None:
        if self.on_wait is not None:
            self.on_wait(f"waiting for the workspace's write lock, held by {holder}")

    @contextmanager
    def _read_conn(self) -> Iterator[Connection]:
        if self._conn is not None:
            yield self._conn
            return
        if self._snapshot is not None:
            yield self._snapshot
            return
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Self]:
        if self._conn is not None or self._snapshot is not None:
            yield self
            return
        with self.engine.connect() as conn, conn.begin():
            self._snapshot = conn
            try:
                yield self
            finally:
                self._snapshot = None

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        if self._conn is not None:
            yield self
            return
        with self._write_conn() as conn:
            self._conn = conn
            try:
                yield self
            finally:
                self._conn = None

    def atomically(self, work: Callable[[Any], T], attempts: int = 8) -> T:
        if self._conn is not None:
            return work(self)
        for attempt in range(attempts):
            try:
                with self.engine.connect() as conn:
                    if conn.dialect.name == "postgresql":
                        conn.execution_options(isolation_level="SERIALIZABLE")
                    conn.info["write"] = True
                    with conn.begin():
                        self._conn = conn
                        try:
                            return work(self)
                        finally:
                            self._conn = None
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) not in RETRY_SQLSTATES or attempt == attempts - 1:
                    raise
                time.sleep(random.uniform(0, 0.01 * 2**attempt))
        raise AssertionError("unreachable")
