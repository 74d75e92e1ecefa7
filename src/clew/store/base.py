"""The ``Store`` contract: all that analyses and interfaces may ask of storage.

Analyses never see a database connection, only this. Every call is scoped to the store's
operation (need-to-know) and checked against its principal; every write is attributed
to the principal in the tamper-evident audit log. Two implementations share one SQL
engine (``clew.store.sql``): embedded SQLite (default) and PostgreSQL (multi-user server).

``where`` arguments map a column to a value, or to a list/tuple/set of values (SQL ``IN``).
"""

from __future__ import annotations

import os
import pwd
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from clew.errors import AccessDenied
from clew.model.entity import Record
from clew.vocabulary import AuditAction, RunKind, RunStatus

if TYPE_CHECKING:
    from clew.store.auditlog import Verified
    from clew.store.checkpoint import Checkpoint
    from clew.store.freshness import Freshness
    from clew.store.textindex import TextQuery

T = TypeVar("T")
Row = dict[str, Any]
Where = Mapping[str, Any] | None


@dataclass(frozen=True)
class Principal:
    """Who is asking, and why. ``operations=None`` means every operation of the workspace.

    The local CLI acts as the OS user with access to every operation of a workspace the
    user can open (the file system is the access control there); the multi-user server
    gives each analyst only the operations they are assigned to.
    """

    name: str
    operations: frozenset[str] | None = None
    roles: frozenset[str] = field(default_factory=lambda: frozenset({"analyst"}))
    purpose: str | None = None
    """Why subject data is read (the server requires one per request); recorded in the audit."""
    request_id: str | None = None
    """The request this store serves (server), recorded in the audit to join log lines."""

    @classmethod
    def local(cls) -> Principal:
        """The operating-system user running the CLI, named from its real user id: ``USER`` and
        ``LOGNAME`` are not used, since anyone can set them."""
        uid = os.getuid()
        try:
            user = pwd.getpwuid(uid).pw_name
        except KeyError:  # no user database entry (containers)
            user = f"uid{uid}"
        return cls(name=f"local:{user}", operations=None, roles=frozenset({"analyst", "admin"}))

    def check(self, operation: str) -> None:
        if self.operations is not None and operation not in self.operations:
            raise AccessDenied(f"{self.name} may not access operation {operation!r}")


@dataclass
class Run:
    """A run in progress, as :meth:`Store.run` yields it: its id (stored results cite it) and the
    status it ends with when its block exits normally (``fail()`` to end a run that finished but
    should not count as done, e.g. an ingest with refused files)."""

    id: str
    kind: str
    status: RunStatus = RunStatus.DONE

    def fail(self) -> None:
        self.status = RunStatus.FAILED


class Store(ABC):
    """Scoped, audited storage of one operation for one principal."""

    operation: str
    principal: Principal

    # -- transactions -------------------------------------------------------------------
    @abstractmethod
    def transaction(self) -> AbstractContextManager[Store]:
        """All writes inside commit together or not at all (nested calls join the outer)."""

    def atomically(self, work: Callable[[Store], T], attempts: int = 8) -> T:
        """Run ``work(store)`` in one transaction and return its result; if a concurrent writer
        made it conflict, run it again from the start (up to ``attempts`` times).

        For read-modify-write steps two people may do at once (two analysts deciding on the same
        pair). SQLite serialises writers (``BEGIN IMMEDIATE``), so conflicts cannot arise there;
        PostgreSQL runs these transactions SERIALIZABLE and retries serialization failures,
        deadlocks and unique clashes: no lost update, no duplicate. ``work`` must only touch the
        store (it may run more than once)."""
        with self.transaction():
            return work(self)

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """Reads inside share one connection and one snapshot of the data (no write lock is
        taken; writes inside go through their own connection and are not seen by these reads):
        for a query made of many small reads, such as a search, one transaction instead of
        one per read."""
        yield self

    # -- generic, operation-scoped table access -----------------------------------------
    @abstractmethod
    def insert(self, table: str, rows: Iterable[Row]) -> int:
        """Insert rows (``operation`` is filled in); returns how many."""

    @abstractmethod
    def insert_ignore(self, table: str, rows: Iterable[Row]) -> int:
        """Insert rows, skipping those that clash with a unique constraint."""

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[tuple], ignore: bool = False
    ) -> int:
        """Bulk insert of tuples in ``columns`` order (``operation`` is filled in); returns how many.

        The fast path for loaders writing millions of rows: no dict per row. ``ignore`` skips
        rows that clash with a unique constraint, as :meth:`insert_ignore` does. This default
        goes through dicts; implementations send the tuples to the database as they are.
        """
        columns = list(columns)
        dicts = (dict(zip(columns, row, strict=True)) for row in rows)
        return self.insert_ignore(table, dicts) if ignore else self.insert(table, dicts)

    @abstractmethod
    def select(
        self,
        table: str,
        where: Where = None,
        columns: Iterable[str] | None = None,
        order_by: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> Iterator[Row]:
        """Rows of this operation, as dicts, streamed."""

    def select_columns(self, table: str, columns: Iterable[str], where: Where = None) -> dict[str, list]:
        """This operation's rows matching ``where`` column-wise: ``{column: [values…]}`` (same
        order in every list). For analyses that load a table whole into numpy/pandas, where a
        dict per row would cost more than the query; implementations may fetch faster."""
        columns = list(columns)
        out: dict[str, list] = {c: [] for c in columns}
        for row in self.select(table, where, columns=columns):
            for c in columns:
                out[c].append(row[c])
        return out

    @abstractmethod
    def update(self, table: str, where: Where, values: Row) -> int:
        """Set ``values`` on this operation's rows matching ``where``."""

    @abstractmethod
    def delete(self, table: str, where: Where = None) -> int:
        """Delete this operation's rows matching ``where`` (all of them when None)."""

    def replace(self, table: str, rows: Iterable[Row], where: Where = None) -> int:
        """Delete the rows matching ``where`` and insert ``rows``, atomically.

        How an analysis publishes a fresh result: re-running it replaces its last one.
        """
        with self.transaction():
            self.delete(table, where)
            return self.insert(table, rows)

    @abstractmethod
    def count(self, table: str, where: Where = None) -> int:
        """How many of this operation's rows match ``where``."""

    @abstractmethod
    def count_by(
        self, table: str, columns: Iterable[str], where: Where = None, distinct: str | None = None
    ) -> list[Row]:
        """``SELECT columns, count(*) AS n ... GROUP BY columns``, largest first.

        With ``distinct``, ``n`` counts distinct values of that column instead of rows.
        """

    # -- entities -----------------------------------------------------------------------
    @abstractmethod
    def records(
        self, schemata: Iterable[str] | None = None, ids: Iterable[str] | None = None
    ) -> Iterator[Record]:
        """Entities assembled from their statements, ordered by id.

        ``schemata`` match descendants too (``LegalEntity`` gives Person and Organization).
        """

    def record(self, entity_id: str) -> Record | None:
        """One entity assembled from its statements; None if there are none."""
        return next(iter(self.records(ids=[entity_id])), None)

    # -- text index (clew search) --------------------------------------------------------
    def text_index_stamp(self) -> str | None:
        """The stamp the operation's text index was built with (None: never built)."""
        raise NotImplementedError

    def replace_text_index(self, names: Iterable[Row], idents: Iterable[Row], stamp: str) -> None:
        """Replace the operation's text index with these rows, atomically, and record ``stamp``
        (``clew.store.textindex`` says what the rows hold; the caller decides their terms)."""
        raise NotImplementedError

    def text_search(self, query: TextQuery, limit: int) -> list[Row]:
        """Index rows matching ``query`` (``clew.store.textindex.TextIndex.match``). Not audited
        here: the service that turns rows into subjects audits the search."""
        raise NotImplementedError

    # -- runs and audit -----------------------------------------------------------------
    @contextmanager
    def run(self, kind: RunKind, argv: str | None = None) -> Iterator[Run]:
        """A run's whole life: ``with store.run(RunKind.NETWORK) as run: ...`` registers the run,
        marks it ``done`` (or ``run.status``) when the block ends, and ``failed`` when anything
        escapes it — an error or Ctrl-C — which is then re-raised unchanged. If even marking it
        failed fails (the database went away), the run stays ``running`` and the original error
        is the one raised: it is the one that says what went wrong.

        Every run of Clew goes through here, so no run is left ``running`` by a failing step.
        """
        run = Run(self.start_run(kind, argv), str(kind))
        try:
            yield run
        except BaseException:
            with suppress(Exception):
                self.finish_run(run.id, RunStatus.FAILED)
            raise
        self.finish_run(run.id, run.status)

    @abstractmethod
    def start_run(self, kind: str, argv: str | None = None) -> str:
        """Register a run (an ingest, an analysis) and return its id; use :meth:`run`. An
        analysis run records the mark of the data it is about to read (``clew.store.marks``),
        taken before it reads anything."""

    def freshness(self, kinds: Iterable[str] | None = None) -> list[Freshness]:
        """Whether each stored analysis result (or those of ``kinds``) was computed from the
        data stored now: current, stale (with reasons and the refreshing command) or missing
        (``clew.store.freshness``). Not audited: it reads no subject data."""
        raise NotImplementedError

    def mark_matches(self, kind: str) -> bool:
        """True when ``kind``'s stored result read exactly the inputs stored now (its own mark;
        the results it read may still be stale): recomputing it would read nothing new."""
        raise NotImplementedError

    @abstractmethod
    def finish_run(self, run_id: str, status: str = RunStatus.DONE) -> None:
        """Mark a run ``done`` (or ``failed``) with its finishing time; use :meth:`run`."""

    @abstractmethod
    def audit(
        self, action: AuditAction | str, target: str | None = None, detail: Any = None, outcome: str = "ok"
    ) -> None:
        """Append to this operation's audit log (an RFC 9162 Merkle log, ``clew.store.auditlog``):
        this principal, its roles, purpose and request id, the action, the object ids (never
        names or identifier values), and the outcome (``ok``, ``denied``, ``failed``).

        Called before data is returned: if the write fails the caller gets an error, not data
        (fail closed)."""

    @abstractmethod
    def verify_audit(self) -> Verified:
        """Recompute this operation's log from its entries and check it against every signed
        checkpoint; returns what was found intact or raises AuditError."""

    def checkpoint(self) -> Checkpoint | None:
        """Sign the log's current root into the checkpoint file kept outside the database
        (done on :meth:`close` after appends); None when the store has no checkpoint log."""
        return None

    @abstractmethod
    def close(self) -> None:
        """Release the connections; the store is not used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
