"""Versioned schema migrations, declared as data.

Each :class:`Migration` names the tables it introduces (declared in ``clew.store.tables``)
and, optionally, a function for anything else (new columns, data fixes). Opening a store
applies, in order and each in its own transaction, every migration newer than the
workspace's ``schema_version``; a workspace newer than this Clew is refused.
Once a version has shipped it is never edited: a change is a new migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, inspect, select, text

from clew.errors import ReadOnlyWorkspace, WorkspaceError
from clew.model.statement import utcnow
from clew.store import auditstore, fragments, pgtext, textindex
from clew.store.failures import corrupt
from clew.store.tables import metadata
from clew.store.tables.core import schema_version


@dataclass(frozen=True)
class Migration:
    """One schema version: the tables it creates and, optionally, a function for the rest."""

    version: int
    name: str
    tables: tuple[str, ...]
    extra: Callable[[Connection], None] | None = field(default=None)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "foundation",
        (
            "operations",
            "runs",
            "sources",
            "statements",
            "identifiers",
            "mentions",
            "attributions",
            "quarantine",
            "audit",
        ),
    ),
    Migration(
        2,
        "resolve",
        ("subjects", "subject_members", "links", "decisions", "subject_roles", "shared_identifiers"),
    ),
    Migration(
        3,
        "network",
        ("graph_edges", "syndicates", "syndicate_members", "subject_countries", "subject_priority"),
    ),
    Migration(
        4,
        "money",
        ("money_payments", "money_accounts", "money_patterns", "money_flows", "money_rate_files"),
    ),
    Migration(
        5,
        "media",
        ("media_files", "media_frames", "media_errors", "hashlists", "hashlist_entries", "media_matches"),
    ),
    Migration(6, "fragments", ("fragments",), fragments.upgrade),
    Migration(7, "audit-merkle-log", (), auditstore.upgrade),
    Migration(8, "network-ties", ("gathering_members", "syndicate_lineage")),
    Migration(9, "access", ("users", "memberships", "sessions", "api_tokens", "login_failures")),
    Migration(10, "search", ("text_names", "text_idents", "text_index_state"), textindex.upgrade),
    Migration(
        11,
        "leads",
        (
            "lead_packages",
            "lead_package_subjects",
            "lead_preservations",
            "lead_outcomes",
            "deconfliction_sessions",
        ),
    ),
    Migration(12, "run-process", (), lambda conn: add_columns(conn, "runs", RUN_PROCESS)),
    Migration(13, "result-marks", (), lambda conn: _result_marks(conn)),
    Migration(14, "run-order", (), lambda conn: _run_order(conn)),
    Migration(15, "search-postgres", (), pgtext.upgrade),
)

LATEST = MIGRATIONS[-1].version
RUN_PROCESS = {"pid": "INTEGER", "host": "VARCHAR(255)"}


def _result_marks(conn: Connection) -> None:
    """Migration 13: what each analysis run read (``runs.data_mark``) and which results each
    lead package was built from (``lead_packages.results``), ``clew.store.marks``."""
    add_columns(conn, "runs", {"data_mark": "TEXT"})
    add_columns(conn, "lead_packages", {"results": "TEXT"})


def _run_order(conn: Connection) -> None:
    """Migration 14: ``runs.finished_seq``, the order runs finished in per operation. Times
    have whole seconds, so two runs ending in one second were ordered by their random ids and
    the latest result could be taken for an older one. Runs already finished are numbered in
    the order their times and ids gave."""
    add_columns(conn, "runs", {"finished_seq": "INTEGER"})
    rows = conn.execute(
        text(
            "SELECT id, operation FROM runs WHERE finished_at IS NOT NULL "
            "ORDER BY operation, finished_at, started_at, id"
        )
    ).all()
    seq: dict[str, int] = {}
    number = text("UPDATE runs SET finished_seq = :s WHERE id = :i")
    for run_id, operation in rows:
        seq[operation] = seq.get(operation, 0) + 1
        conn.execute(number, {"s": seq[operation], "i": run_id})


def add_columns(conn: Connection, table: str, columns: dict[str, str]) -> None:
    """``ALTER TABLE … ADD COLUMN`` for each of ``columns`` the table does not have yet (a table
    created after the column was declared has it already)."""
    have = {c["name"] for c in inspect(conn).get_columns(table)}
    for name, sql_type in columns.items():
        if name not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))


def current_version(conn: Connection, where: str = "the workspace") -> int:
    """The workspace's schema version (0 for a new database), read without writing.

    Migrations are applied one at a time, so the versions recorded are 1..N without a gap;
    anything else (say a version 66 among 1..5) is a damaged file, not a newer Clew."""
    if not inspect(conn).has_table(schema_version.name):
        return 0
    versions = [
        r[0] for r in conn.execute(select(schema_version.c.version).order_by(schema_version.c.version))
    ]
    if versions != list(range(1, len(versions) + 1)):
        raise corrupt(where, f"schema versions {versions} are not the sequence its migrations write")
    return versions[-1] if versions else 0


def check(conn: Connection, where: str, readonly: bool) -> int:
    """The version, refusing one newer than this Clew (unless the file is damaged: then that is
    said) and, for a read-only workspace, one that needs migrating."""
    version = current_version(conn, where)
    if version > LATEST:
        problems = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check")] if _sqlite(conn) else ["ok"]
        if problems != ["ok"]:
            raise corrupt(where, problems[0])
        raise WorkspaceError(
            f"{where}: workspace schema version {version} is newer than this Clew ({LATEST}); upgrade Clew"
        )
    if readonly and version < LATEST:
        raise ReadOnlyWorkspace(
            f"the workspace (schema version {version}) needs migrating to version {LATEST}, and it is "
            "read-only: run any command once on a writable copy to migrate it",
            where,
        )
    return version


def _sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def migrate(conn_factory: Callable[[], object], read_factory: Callable[[], object], where: str) -> int:
    """Bring the database to :data:`LATEST`; returns the version it was at before. Only reads
    (no write lock) when nothing is due."""
    with read_factory() as conn:  # type: ignore[attr-defined]
        before = check(conn, where, readonly=False)
    if before == LATEST:
        return before
    with conn_factory() as conn:  # type: ignore[attr-defined]
        schema_version.create(conn, checkfirst=True)
        before = check(conn, where, readonly=False)  # another process may have migrated meanwhile
    for migration in MIGRATIONS:
        if migration.version <= before:
            continue
        with conn_factory() as conn:  # type: ignore[attr-defined]
            for name in migration.tables:
                metadata.tables[name].create(conn, checkfirst=True)
            if migration.extra:
                migration.extra(conn)
            conn.execute(
                schema_version.insert().values(
                    version=migration.version, name=migration.name, applied_at=utcnow()
                )
            )
    return before
