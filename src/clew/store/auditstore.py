"""The audit table's SQL side: appending a leaf, reading an operation's log, the append-only
guards, and migration 7 (from one global hash chain to a Merkle log per operation).

The database refuses to change the log: SQLite triggers abort any UPDATE or DELETE, and
PostgreSQL has the same triggers (TRUNCATE included) while :func:`postgres_grants` gives the
application's role INSERT and SELECT only. Guards can be dropped by whoever owns the
database; the signed checkpoints (:mod:`clew.store.checkpoint`) are what make that visible.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import Connection, inspect, select, text

from clew.model.statement import utcnow
from clew.store.auditlog import leaf_hash
from clew.store.base import Principal
from clew.store.tables.core import audit

MESSAGE = "the audit log is append-only"
SQLITE_GUARDS = (
    f"CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
)
POSTGRES_GUARDS = (
    "CREATE OR REPLACE FUNCTION clew_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "DROP TRIGGER IF EXISTS audit_append_only ON audit",
    "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
    "FOR EACH ROW EXECUTE FUNCTION clew_audit_append_only()",
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit",
    "CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit "
    "FOR EACH STATEMENT EXECUTE FUNCTION clew_audit_append_only()",
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC",
)
NEW_COLUMNS = {
    "position": "INTEGER",
    "roles": "TEXT",
    "purpose": "TEXT",
    "outcome": "VARCHAR(16)",
    "request_id": "VARCHAR(64)",
}


def guards(conn: Connection) -> None:
    """Install the append-only triggers for the connection's dialect."""
    for sql in SQLITE_GUARDS if conn.dialect.name == "sqlite" else POSTGRES_GUARDS:
        conn.execute(text(sql))


def postgres_grants(app_role: str) -> list[str]:
    """SQL giving a PostgreSQL application role what Clew needs and no way to rewrite the log:
    every table read/write, but INSERT and SELECT only on ``audit`` (run as the owner)."""
    role = '"' + app_role.replace('"', '""') + '"'
    return [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM {role}",
    ]


def append(
    conn: Connection,
    operation: str,
    principal: Principal,
    action: str,
    target: str | None,
    detail: Any,
    outcome: str,
) -> dict[str, Any]:
    """Append one leaf to ``operation``'s log inside ``conn``'s transaction; returns the row.

    Positions are dense per operation: SQLite serialises writers, PostgreSQL appenders of one
    operation take a transaction-level advisory lock (the unique constraint backs both)."""
    if conn.dialect.name == "postgresql":  # one appender per operation at a time, until commit
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:o))"), {"o": f"clew-audit:{operation}"})
    last = conn.execute(
        select(audit.c.position, audit.c.hash)
        .where(audit.c.operation == operation)
        .order_by(audit.c.position.desc())
        .limit(1)
    ).first()
    entry: dict[str, Any] = {
        "operation": operation,
        "position": 0 if last is None else last[0] + 1,
        "at": utcnow(),
        "actor": principal.name,
        "roles": ",".join(sorted(principal.roles)),
        "action": action,
        "target": target,
        "detail": json.dumps(detail, sort_keys=True, default=str) if detail is not None else None,
        "purpose": principal.purpose,
        "outcome": outcome,
        "request_id": principal.request_id,
    }
    entry["prev_hash"] = "" if last is None else last[1]
    entry["hash"] = leaf_hash(entry).hex()
    conn.execute(audit.insert().values(**entry))
    return entry


def entries(conn: Connection, operation: str, start: int = 0) -> list[dict[str, Any]]:
    """The operation's log from ``start``, in position order, as stored."""
    query = (
        select(audit)
        .where(audit.c.operation == operation, audit.c.position >= start)
        .order_by(audit.c.position, audit.c.seq)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def _legacy_hash(prev: str, *fields: Any) -> str:
    payload = json.dumps([prev, *fields], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def upgrade(conn: Connection) -> None:
    """Migration 7: number each operation's entries, re-hash them as Merkle leaves and chain
    them per operation; the old global chain is checked first and its verdict and head are
    recorded in each operation's log (``audit.migrated``), then the guards go in."""
    columns = {c["name"] for c in inspect(conn).get_columns("audit")}
    if "position" not in columns:
        for name, kind in NEW_COLUMNS.items():
            conn.execute(text(f"ALTER TABLE audit ADD COLUMN {name} {kind}"))
        conn.execute(text("CREATE UNIQUE INDEX uq_audit_position ON audit (operation, position)"))
    rows = [
        dict(r)
        for r in conn.execute(
            select(audit).where(audit.c.position.is_(None)).order_by(audit.c.seq)
        ).mappings()
    ]
    if not rows:  # a new workspace, or the migration was already applied
        guards(conn)
        return
    prev, broken, last = "0" * 64, None, {}
    for row in rows:
        fields = (row["operation"], row["at"], row["actor"], row["action"], row["target"], row["detail"])
        if broken is None and (row["prev_hash"] != prev or row["hash"] != _legacy_hash(prev, *fields)):
            broken = row["seq"]
        prev = row["hash"]
        operation = row["operation"]
        position, previous = last.get(operation, (-1, ""))
        entry = {**row, "position": position + 1, "roles": None, "purpose": None}
        entry.update(outcome="ok", request_id=None, prev_hash=previous)
        entry["hash"] = leaf_hash(entry).hex()
        conn.execute(
            audit.update()
            .where(audit.c.seq == row["seq"])
            .values(**{k: entry[k] for k in ("position", "outcome", "prev_hash", "hash")})
        )
        last[operation] = (entry["position"], entry["hash"])
    verdict = {"legacy_chain": "intact" if broken is None else f"broken at seq {broken}", "legacy_head": prev}
    migrator = Principal("clew:migration", roles=frozenset({"system"}))
    for operation in sorted(last):
        append(conn, operation, migrator, "audit.migrated", None, verdict, "ok")
    guards(conn)
