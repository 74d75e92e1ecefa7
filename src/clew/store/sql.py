"""The SQL implementation of :class:`~clew.store.base.Store` (SQLAlchemy Core).

One engine for SQLite and PostgreSQL (``clew.store.engine``): the only dialect-specific parts
are the connection set-up and ``insert_ignore``. Connections and transactions are
``clew.store.connections``; the operation and retraction clauses every query adds,
``clew.store.scope``; records read back from fragments, ``clew.store.records``.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, func, select, text

from clew.errors import AuditError, StoreBusy
from clew.model.entity import Record
from clew.model.statement import utcnow
from clew.store import auditstore, freshness, marks, migrations, opening, scope, textindex
from clew.store.auditlog import Frontier, Verified, leaf_hash, verify
from clew.store.base import Principal, Row, Store, Where
from clew.store.bulk import BATCH, STREAM, batches, bulk_insert_sql
from clew.store.checkpoint import Checkpoint, CheckpointLog
from clew.store.connections import SQLConnections
from clew.store.engine import PAGE_SIZE, database_name, make_engine
from clew.store.freshness import Freshness
from clew.store.records import read_records, schema_family
from clew.store.tables import metadata
from clew.store.tables.core import RETRACTED, fragments, operations, runs, sources
from clew.store.tables.search import text_index_state
from clew.vocabulary import INTERNAL_OPERATIONS, AuditAction, RunStatus

# imported from here by callers that open stores
__all__ = ["PAGE_SIZE", "SQLStore", "bulk_insert_sql", "database_name", "make_engine", "schema_family"]


class SQLStore(SQLConnections, Store):
    """A store on one SQL database, scoped to ``operation`` for ``principal``."""

    def __init__(
        self,
        engine: Engine,
        operation: str,
        principal: Principal,
        checkpoints: CheckpointLog | None = None,
        *,
        readonly: bool = False,
        create: bool = False,
        on_wait: Callable[[str], None] | None = None,
        opened: bool = False,
    ) -> None:
        """Open ``operation`` (an UnknownOperation error unless it exists, or ``create``);
        migrate a writable database if due, or refuse a read-only one that needs it.
        ``opened``: the database was migrated and the operation checked already (the server does
        both once, at start and per request), so nothing is read here."""
        principal.check(operation)
        self.engine = engine
        self.operation = operation
        self.principal = principal
        self.checkpoints = checkpoints
        self._appended = False
        self.readonly = readonly
        self.where = database_name(engine)
        self.on_wait = on_wait
        self._conn = None
        self._snapshot = None
        self._any_retracted: bool | None = None
        self._bulk: dict[tuple[str, tuple[str, ...], bool], str | None] = {}
        self.text_index: textindex.TextIndex = textindex.for_dialect(engine.dialect.name)
        self.created = False
        if opened:
            return
        if readonly:
            with self._read_conn() as conn:
                migrations.check(conn, self.where, readonly=True)
        else:
            migrations.migrate(self._write_conn, self._read_conn, self.where)
        if create:
            with self._write_conn() as conn:
                self.created = opening.create_operation(conn, operation)
        with self._read_conn() as conn:
            opening.check_operation(conn, operation)
            dead = [] if readonly else opening.dead_runs(conn, operation)
        if dead:
            self._mark_interrupted(dead)

    def _mark_interrupted(self, run_ids: list[str]) -> None:
        """Runs whose process is gone: ``interrupted`` (skipped if the lock is held right now)."""
        try:
            with self._write_conn(wait=False) as conn:
                conn.execute(
                    runs.update()
                    .where(runs.c.id.in_(run_ids), runs.c.status == str(RunStatus.RUNNING))
                    .values(status=str(RunStatus.INTERRUPTED), finished_at=utcnow())
                )
        except StoreBusy:
            pass

    # -- helpers ----------------------------------------------------------------------------
    def _table(self, name: str, write: bool = False) -> Table:
        table = metadata.tables[name]
        if write and table.info.get("view"):
            raise ValueError(f"{name} is a read-only view (statements are written as fragments)")
        return table

    def _scoped(self, table: Table, where: Where) -> list[ColumnElement[bool]]:
        return scope.scoped(table, self.operation, where)

    def _visible(self, table: Table) -> list[ColumnElement[bool]]:
        """For reads: what only retracted sources said hidden (``clew.store.scope``); looked up
        once per store, free while the operation has no retracted source."""
        if table.name == "sources":
            return []
        if self._any_retracted is None:
            self._any_retracted = self.count("sources", {"status": RETRACTED}) > 0
        return scope.unretracted(table, self.operation) if self._any_retracted else []

    # -- generic access ---------------------------------------------------------------------
    def insert(self, table: str, rows: Iterable[Row]) -> int:
        tbl = self._table(table, write=True)
        n = 0
        with self._write_conn() as conn:
            for batch in batches(rows, self.operation):
                conn.execute(tbl.insert(), batch)
                n += len(batch)
        return n

    def insert_ignore(self, table: str, rows: Iterable[Row]) -> int:
        tbl = self._table(table, write=True)
        dialect = self.engine.dialect.name
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:  # the PostgreSQL dialect is loaded only by stores that use it
            from sqlalchemy.dialects.postgresql import insert
        stmt = insert(tbl).on_conflict_do_nothing()
        n = 0
        with self._write_conn() as conn:
            for batch in batches(rows, self.operation):
                conn.execute(stmt, batch)
                n += len(batch)
        return n

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[tuple], ignore: bool = False
    ) -> int:
        key = (table, tuple(columns), ignore)
        if key not in self._bulk:
            self._bulk[key] = bulk_insert_sql(
                self.engine.dialect, self._table(table, write=True), key[1], self.operation, ignore
            )
        sql = self._bulk[key]
        if sql is None:  # a dialect without a positional paramstyle or ON CONFLICT: the generic path
            return super().insert_rows(table, columns, rows, ignore)
        n = 0
        it = iter(rows)
        with self._write_conn() as conn:
            # the driver's own cursor, inside the transaction SQLAlchemy began: its per-call
            # parameter checks cost ~17% of a bulk insert, and these rows are already tuples
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                while batch := list(islice(it, BATCH)):
                    cursor.executemany(sql, batch)
                    n += len(batch)
            finally:
                cursor.close()
        return n

    def select(
        self,
        table: str,
        where: Where = None,
        columns: Iterable[str] | None = None,
        order_by: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> Iterator[Row]:
        tbl = self._table(table)
        cols = [tbl.c[c] for c in columns] if columns else [c for c in tbl.c if c.name != "operation"]
        query = select(*cols).where(*self._scoped(tbl, where), *self._visible(tbl))
        for name in order_by or ():
            desc = name.startswith("-")
            col = tbl.c[name.lstrip("-")]
            query = query.order_by(col.desc() if desc else col)
        if limit is not None:
            query = query.limit(limit)
        with self._read_conn() as conn:
            result = conn.execute(query, execution_options=STREAM)
            for row in result.mappings():
                yield dict(row)

    def select_columns(self, table: str, columns: Iterable[str], where: Where = None) -> dict[str, list]:
        tbl = self._table(table)
        columns = list(columns)
        query = select(*[tbl.c[c] for c in columns]).where(*self._scoped(tbl, where), *self._visible(tbl))
        with self._read_conn() as conn:
            rows = conn.execute(query).fetchall()
        if not rows:
            return {c: [] for c in columns}
        return {c: list(values) for c, values in zip(columns, zip(*rows, strict=True), strict=True)}

    def update(self, table: str, where: Where, values: Row) -> int:
        tbl = self._table(table, write=True)
        if table == "sources":
            self._any_retracted = None  # a retraction or a restoration: look again
        with self._write_conn() as conn:
            return conn.execute(tbl.update().where(*self._scoped(tbl, where)).values(**values)).rowcount

    def delete(self, table: str, where: Where = None) -> int:
        tbl = self._table(table, write=True)
        with self._write_conn() as conn:
            return conn.execute(tbl.delete().where(*self._scoped(tbl, where))).rowcount

    def count(self, table: str, where: Where = None) -> int:
        tbl = self._table(table)
        with self._read_conn() as conn:
            query = (
                select(func.count()).select_from(tbl).where(*self._scoped(tbl, where), *self._visible(tbl))
            )
            return int(conn.execute(query).scalar_one())

    def count_by(
        self, table: str, columns: Iterable[str], where: Where = None, distinct: str | None = None
    ) -> list[Row]:
        tbl = self._table(table)
        cols = [tbl.c[c] for c in columns]
        n = (func.count(tbl.c[distinct].distinct()) if distinct else func.count()).label("n")
        query = select(*cols, n).where(*self._scoped(tbl, where), *self._visible(tbl)).group_by(*cols)
        query = query.order_by(n.desc(), *cols)
        with self._read_conn() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    # -- entities ---------------------------------------------------------------------------
    def records(
        self, schemata: Iterable[str] | None = None, ids: Iterable[str] | None = None
    ) -> Iterator[Record]:
        with self._read_conn() as conn:
            yield from read_records(conn, self.operation, self._visible(fragments), schemata, ids)

    # -- text index -------------------------------------------------------------------------
    def text_index_stamp(self) -> str | None:
        row = next(iter(self.select("text_index_state", columns=["stamp"])), None)
        return row["stamp"] if row else None

    def replace_text_index(self, names: Iterable[Row], idents: Iterable[Row], stamp: str) -> None:
        with self._write_conn() as conn:
            self.text_index.replace(conn, self.operation, names, idents)
            st = text_index_state
            conn.execute(st.delete().where(st.c.operation == self.operation))
            conn.execute(st.insert().values(operation=self.operation, stamp=stamp, built_at=utcnow()))

    def text_search(self, query: textindex.TextQuery, limit: int) -> list[Row]:
        with self._read_conn() as conn:
            return self.text_index.match(conn, self.operation, query, limit)

    # -- runs and audit ---------------------------------------------------------------------
    def start_run(self, kind: str, argv: str | None = None) -> str:
        run_id = uuid.uuid4().hex
        with self._write_conn() as conn:
            data_mark = marks.mark(conn, self.operation, kind)
            conn.execute(
                runs.insert().values(
                    id=run_id,
                    operation=self.operation,
                    kind=str(kind),
                    actor=self.principal.name,
                    argv=argv,
                    started_at=utcnow(),
                    status=str(RunStatus.RUNNING),
                    pid=os.getpid(),
                    host=opening.HOST,
                    data_mark=json.dumps(data_mark, sort_keys=True) if data_mark is not None else None,
                )
            )
        return run_id

    def freshness(self, kinds: Iterable[str] | None = None) -> list[Freshness]:
        with self._read_conn() as conn:
            wanted = None if kinds is None else [str(k) for k in kinds]
            return freshness.freshness(conn, self.operation, wanted)

    def mark_matches(self, kind: str) -> bool:
        with self._read_conn() as conn:
            return freshness.own_mark_matches(conn, self.operation, str(kind))

    def finish_run(self, run_id: str, status: str = RunStatus.DONE) -> None:
        with self._write_conn() as conn:
            marks.finish(conn, self.operation, run_id, str(status))

    def audit(
        self, action: AuditAction | str, target: str | None = None, detail: Any = None, outcome: str = "ok"
    ) -> None:
        if self.readonly:  # a read-only copy cannot record; its reads are not audited (docs)
            return
        with self._write_conn() as conn:
            auditstore.append(conn, self.operation, self.principal, str(action), target, detail, outcome)
        self._appended = True

    def verify_audit(self) -> Verified:
        with self._read_conn() as conn:
            rows = auditstore.entries(conn, self.operation)
        signed = [(c.size, c.root) for c in self.checkpoints.read(self.operation)] if self.checkpoints else []
        return verify(self.operation, rows, signed)

    def checkpoint(self) -> Checkpoint | None:
        if self.checkpoints is None:
            return None
        last = self.checkpoints.latest(self.operation)
        frontier = Frontier.from_json(last.frontier.to_json()) if last else Frontier()
        with self._read_conn() as conn:
            rows = auditstore.entries(conn, self.operation, start=frontier.size)
        if last is not None and not rows:
            return last
        for expected, row in enumerate(rows, frontier.size):
            digest = leaf_hash(row)
            if row["position"] != expected or row["hash"] != digest.hex():
                raise AuditError(
                    f"audit log of {self.operation!r}: entry {expected} does not match its hash; "
                    "not signing a checkpoint over it (run `clew audit verify`)"
                )
            frontier.append(digest)
        return self.checkpoints.append(self.operation, frontier)

    def audit_leaves(self) -> list[bytes]:
        with self._read_conn() as conn:
            return [leaf_hash(row) for row in auditstore.entries(conn, self.operation)]

    def operations(self) -> list[Row]:
        """The workspace's operations this principal may see, with their number of sources;
        Clew's own (``INTERNAL_OPERATIONS``) are no user's to see."""
        n = (
            select(func.count())
            .select_from(sources)
            .where(sources.c.operation == operations.c.name)
            .scalar_subquery()
            .label("sources")
        )
        query = select(operations.c.name, operations.c.title, operations.c.created_at, n)
        with self._read_conn() as conn:
            rows = [dict(r) for r in conn.execute(query.order_by(operations.c.name)).mappings()]
        allowed = self.principal.operations
        return [
            r
            for r in rows
            if (allowed is None or r["name"] in allowed) and r["name"] not in INTERNAL_OPERATIONS
        ]

    def set_title(self, title: str) -> None:
        """Name this operation in words (shown by ``clew operations list``)."""
        with self._write_conn() as conn:
            conn.execute(operations.update().where(operations.c.name == self.operation).values(title=title))

    def execute_sql(self, sql: str, **params: Any) -> list[Row]:
        """Raw read-only SQL for the store's own modules (never for analyses)."""
        with self._read_conn() as conn:
            return [dict(r) for r in conn.execute(text(sql), params).mappings()]

    def close(self) -> None:
        try:
            if self._appended:
                self._appended = False
                self.checkpoint()
        finally:
            self.engine.dispose()
