"""The SQL implementation of :class:`~clew.store.base.Store` (SQLAlchemy Core).

One engine for SQLite and PostgreSQL: the only dialect-specific parts are the connection
set-up (SQLite pragmas) and ``insert_ignore``. SQLite runs in WAL mode with
``synchronous=FULL`` (NORMAL may lose acknowledged commits on power loss) and writers take
the lock at ``BEGIN IMMEDIATE`` so several processes can share a workspace safely.
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    String,
    Table,
    create_engine,
    event,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from clew.errors import AuditError, ReadOnlyWorkspace, StoreBusy
from clew.model.entity import Record
from clew.model.fragment import values as fragment_values
from clew.model.statement import utcnow
from clew.store import auditstore, failures, freshness, marks, migrations, opening, textindex
from clew.store.auditlog import Frontier, Verified, leaf_hash, verify
from clew.store.base import Principal, Row, Store, Where
from clew.store.checkpoint import Checkpoint, CheckpointLog
from clew.store.freshness import Freshness
from clew.store.tables import metadata
from clew.store.tables.core import RETRACTED, fragments, mentions, operations, runs, sources
from clew.store.tables.search import text_index_state
from clew.vocabulary import AuditAction, RunStatus

BATCH = 5000
# SQLite pages of 32 KiB rather than 4 KiB: a third less CPU for bulk inserts into random-key
# indexes and a commit twice as fast (measured, docs/benchmarks.md "Ingest"); set when a
# workspace is created (SQLite cannot change it in WAL mode afterwards)
PAGE_SIZE = 32768
# streamed reads, set per statement: on a Connection, execution_options() sets them in place, and a
# later INSERT in the same transaction would then run through a PostgreSQL server-side cursor
STREAM = {"yield_per": BATCH}
# PostgreSQL errors that mean "a concurrent writer got there first; run the transaction again":
# serialization failure, deadlock, unique violation (both inserted the same new row)
RETRY_SQLSTATES = frozenset({"40001", "40P01", "23505"})
T = TypeVar("T")


def make_engine(url: str, readonly: bool = False) -> Engine:
    """An engine for ``url`` with Clew's durability settings; database failures surface as
    :mod:`clew.errors` store errors (``clew.store.failures``). ``readonly``: a ``mode=ro`` SQLite
    URL (``clew.store.opening.readonly_uri``) whose connections change nothing, not even the
    journal mode."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": opening.READ_BUSY_MS / 1000})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
            cur = dbapi_conn.cursor()
            if readonly:
                cur.execute("PRAGMA query_only=ON")
            else:
                cur.execute(f"PRAGMA page_size={PAGE_SIZE}")  # a new database only (docs/benchmarks.md)
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=FULL")
                cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={opening.READ_BUSY_MS}")
            cur.execute("PRAGMA cache_size=-200000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            if conn.info.get("write"):
                opening.begin_write(conn, conn.info.get("on_wait"))
            else:
                conn.exec_driver_sql("BEGIN")

    else:
        engine = create_engine(url, pool_pre_ping=True)
    where = database_name(engine)

    @event.listens_for(engine, "handle_error")
    def _failure(context: Any) -> None:
        error = failures.translate(context.original_exception, where)
        if error is not None:
            raise error from context.original_exception

    return engine


def database_name(engine: Engine) -> str:
    """The database as messages name it: the SQLite file, or the URL without its password."""
    if engine.dialect.name == "sqlite":
        return str(engine.url.database or "").removeprefix("file:").split("?")[0]
    return engine.url.render_as_string(hide_password=True)


def schema_family(names: Iterable[str]) -> list[str]:
    """Schema names plus all their descendants in the FtM model."""
    from followthemoney import model  # lazily: commands that never read records start faster

    out: set[str] = set()
    for name in names:
        schema = model.get(name)
        if schema is None:
            out.add(name)
            continue
        out.add(schema.name)
        out.update(s.name for s in schema.descendants)
    return sorted(out)


class SQLStore(Store):
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
        self.on_wait = on_wait  # told what a wait for the write lock is for
        self._conn: Connection | None = None
        self._snapshot: Connection | None = None  # reads of a ``reading()`` block share it
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

    # -- connections ----------------------------------------------------------------------
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
    def reading(self) -> Iterator[SQLStore]:
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
    def transaction(self) -> Iterator[SQLStore]:
        if self._conn is not None:
            yield self
            return
        with self._write_conn() as conn:
            self._conn = conn
            try:
                yield self
            finally:
                self._conn = None

    def atomically(self, work: Callable[[Store], T], attempts: int = 8) -> T:
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

    # -- helpers ----------------------------------------------------------------------------
    def _table(self, name: str, write: bool = False) -> Table:
        table = metadata.tables[name]
        if write and table.info.get("view"):
            raise ValueError(f"{name} is a read-only view (statements are written as fragments)")
        return table

    def _scoped(self, table: Table, where: Where) -> list[ColumnElement[bool]]:
        clauses = [table.c.operation == self.operation]
        for column, value in (where or {}).items():
            col = table.c[column]
            if isinstance(value, (list, tuple, set, frozenset)):
                clauses.append(col.in_(list(value)))
            elif value is None:
                clauses.append(col.is_(None))
            else:
                clauses.append(col == value)
        return clauses

    def _visible(self, table: Table) -> list[ColumnElement[bool]]:
        """For reads: hide what only retracted sources said (``clew sources retract``). Rows
        with a ``source_id`` from a retracted source; identifiers no visible record mentions.
        Free while the operation has no retracted source (the common case)."""
        if table.name == "sources":
            return []
        if self._any_retracted is None:
            self._any_retracted = self.count("sources", {"status": RETRACTED}) > 0
        if not self._any_retracted:
            return []
        hidden = select(sources.c.id).where(
            sources.c.operation == self.operation, sources.c.status == RETRACTED
        )
        if "source_id" in table.c:
            column = table.c.source_id
            return [or_(column.is_(None), column.not_in(hidden))]
        if table.name == "identifiers":
            seen = select(mentions.c.key).where(
                mentions.c.operation == self.operation, mentions.c.source_id.not_in(hidden)
            )
            return [table.c.key.in_(seen)]
        return []

    def _rows(self, rows: Iterable[Row]) -> Iterator[list[Row]]:
        batch: list[Row] = []
        for row in rows:
            batch.append({**row, "operation": self.operation})
            if len(batch) >= BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    # -- generic access ---------------------------------------------------------------------
    def insert(self, table: str, rows: Iterable[Row]) -> int:
        tbl = self._table(table, write=True)
        n = 0
        with self._write_conn() as conn:
            for batch in self._rows(rows):
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
            for batch in self._rows(rows):
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
        f = fragments
        query = select(f.c.entity_id, f.c.schema, f.c.props, f.c.source_id).where(
            f.c.operation == self.operation, *self._visible(f)
        )
        if schemata is not None:
            wanted = schema_family(schemata)
            ent = select(f.c.entity_id).where(f.c.operation == self.operation, f.c.schema.in_(wanted))
            query = query.where(f.c.entity_id.in_(ent))
        if ids is not None:
            query = query.where(f.c.entity_id.in_(list(ids)))
        query = query.order_by(f.c.entity_id)
        current: Record | None = None
        with self._read_conn() as conn:
            for entity_id, schema, props, source_id in conn.execute(query, execution_options=STREAM):
                if current is None or current.id != entity_id:
                    if current is not None:
                        yield current
                    current = Record(id=entity_id, schema=schema)
                elif schema != current.schema:
                    current.schema = _common_schema(current.schema, schema)
                for prop, values in fragment_values(props).items():
                    for value in values:
                        current.add(prop, value)
                current.sources.add(str(source_id))
        if current is not None:
            yield current

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
        """The workspace's operations this principal may see, with their number of sources."""
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
        return [r for r in rows if allowed is None or r["name"] in allowed]

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


def bulk_insert_sql(
    dialect: Any, table: Any, columns: Sequence[str], operation: str, ignore: bool
) -> str | None:
    """``INSERT`` of positional rows in the dialect's own paramstyle, ``operation`` as a literal.

    SQLite skips clashes with ``INSERT OR IGNORE``, PostgreSQL with ``ON CONFLICT DO NOTHING``;
    ``None`` when the dialect offers neither a positional paramstyle nor (for ``ignore``) a
    known way to skip, and the caller falls back to the generic insert.
    """
    if "operation" in columns:
        raise ValueError("insert_rows fills in operation itself")
    missing = [c for c in columns if c not in table.c]
    if missing:
        raise ValueError(f"{table.name} has no column(s) {', '.join(missing)}")
    n = len(columns)
    style = dialect.paramstyle
    if style == "qmark":
        marks = ["?"] * n
    elif style in ("format", "pyformat"):
        marks = ["%s"] * n
    elif style in ("numeric", "numeric_dollar"):
        sign = ":" if style == "numeric" else "$"
        marks = [f"{sign}{i}" for i in range(1, n + 1)]
    else:
        return None
    if ignore and dialect.name not in ("sqlite", "postgresql"):
        return None
    # the dialect's own literal rendering escapes quotes (and doubles % for the format styles)
    op = str(literal(operation, String()).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in ("operation", *columns))
    verb = "INSERT OR IGNORE INTO" if ignore and dialect.name == "sqlite" else "INSERT INTO"
    tail = " ON CONFLICT DO NOTHING" if ignore and dialect.name == "postgresql" else ""
    return f"{verb} {quote(table.name)} ({names}) VALUES ({', '.join([op, *marks])}){tail}"


def _common_schema(left: str, right: str) -> str:
    from followthemoney import model

    try:
        return model.common_schema(left, right).name
    except Exception:  # incompatible schemata from different sources: keep the first
        return left
