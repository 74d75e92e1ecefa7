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

from sqlalchemy import Connection, select

from clew.errors import WorkspaceError
from clew.model.statement import utcnow
from clew.store import auditstore, fragments, textindex
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
)

LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The workspace's schema version (0 for a new database)."""
    schema_version.create(conn, checkfirst=True)
    found = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc()))
    row = found.first()
    return row[0] if row else 0


def migrate(conn_factory: Callable[[], object], path: str) -> int:
    """Bring the database to :data:`LATEST`; returns the version it was at before."""
    with conn_factory() as conn:  # type: ignore[attr-defined]
        before = current_version(conn)
    if before > LATEST:
        raise WorkspaceError(
            f"workspace schema version {before} is newer than this Clew ({LATEST}); upgrade Clew",
        )
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
