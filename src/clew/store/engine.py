"""SQLAlchemy engines with Clew's durability settings, for SQLite and PostgreSQL.

SQLite runs in WAL mode with ``synchronous=FULL`` (NORMAL may lose acknowledged commits on
power loss) and writers take the lock at ``BEGIN IMMEDIATE`` (``clew.store.opening``) so
several processes can share a workspace safely; PostgreSQL needs no connection set-up.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event

from clew.store import failures, opening

# SQLite pages of 32 KiB rather than 4 KiB: a third less CPU for bulk inserts into random-key
# indexes and a commit twice as fast (measured, docs/benchmarks.md "Ingest"); set when a
# workspace is created (SQLite cannot change it in WAL mode afterwards)
PAGE_SIZE = 32768


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
