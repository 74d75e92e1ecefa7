"""Migration 6: statements stored as fragments, one row per entity, source and locator.

Until version 5 every property value was a row of the ``statements`` table; from version 6
the rows live in ``fragments`` (``clew.model.fragment``) and ``statements`` is a view that
expands them, with the same columns less the derivable statement ``id``. The migration moves
existing statements into fragments (same values, same order, same provenance), records each
source's statement and kept-raw counts, drops the table and creates the view. It also drops
the identifiers' index by kind (an insert cost no query needed).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, inspect, text

from clew.model.fragment import from_statements

SQLITE_VIEW = """
CREATE VIEW statements AS
SELECT f.operation, f.entity_id, f.schema, 'id' AS prop, f.entity_id AS raw,
       f.entity_id AS value, NULL AS reason, f.source_id, f.locator
FROM fragments f
UNION ALL
SELECT f.operation, f.entity_id, f.schema, p.key AS prop, json_extract(v.value, '$[0]') AS raw,
       CASE json_array_length(v.value)
           WHEN 1 THEN json_extract(v.value, '$[0]') WHEN 2 THEN json_extract(v.value, '$[1]')
       END AS value,
       json_extract(v.value, '$[2]') AS reason, f.source_id, f.locator
FROM fragments f, json_each(f.props) p, json_each(p.value) v
"""

POSTGRESQL_VIEW = """
CREATE VIEW statements AS
SELECT f.operation, f.entity_id, f.schema, 'id' AS prop, f.entity_id AS raw,
       f.entity_id AS value, NULL AS reason, f.source_id, f.locator
FROM fragments f
UNION ALL
SELECT f.operation, f.entity_id, f.schema, p.key AS prop, v.value ->> 0 AS raw,
       CASE jsonb_array_length(v.value) WHEN 1 THEN v.value ->> 0 WHEN 2 THEN v.value ->> 1 END AS value,
       v.value ->> 2 AS reason, f.source_id, f.locator
FROM fragments f, jsonb_each(f.props::jsonb) p, jsonb_array_elements(p.value) v
"""

BATCH = 5000


def upgrade(conn: Connection) -> None:
    """Add the source counts, move statements into fragments, replace the table by the view."""
    dialect = conn.dialect.name
    inspector = inspect(conn)
    have = {c["name"] for c in inspector.get_columns("sources")}
    for column in ("statements", "kept_raw"):
        if column not in have:
            conn.execute(text(f"ALTER TABLE sources ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0"))
    conn.execute(text("DROP INDEX IF EXISTS ix_identifiers_kind"))  # reads by kind scan anyway
    if "statements" in inspector.get_table_names():
        _move(conn, dialect)
        conn.execute(text("DROP TABLE statements"))
    conn.execute(text(SQLITE_VIEW if dialect == "sqlite" else POSTGRESQL_VIEW))


def _move(conn: Connection, dialect: str) -> None:
    order = "operation, source_id, locator, entity_id, schema" + (", rowid" if dialect == "sqlite" else "")
    rows = conn.execute(
        text(
            "SELECT operation, entity_id, schema, prop, raw, value, reason, source_id, locator "  # noqa: S608 (order: column names above)
            f"FROM statements ORDER BY {order}"
        )
    ).mappings()
    counts: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    batch: list[dict[str, Any]] = []
    key = lambda r: (r["operation"], r["source_id"], r["locator"], r["entity_id"], r["schema"])  # noqa: E731
    for (operation, source_id, locator, entity_id, schema), group in groupby(rows, key):
        items = list(group)
        batch.append(
            {
                "operation": operation,
                "entity_id": entity_id,
                "schema": schema,
                "source_id": source_id,
                "locator": locator,
                "props": from_statements(items),
            }
        )
        tally = counts[source_id]
        tally[0] += len(items) + (0 if any(r["prop"] == "id" for r in items) else 1)
        tally[1] += sum(1 for r in items if r["value"] is None)
        if len(batch) >= BATCH:
            _insert(conn, batch)
    _insert(conn, batch)
    for source_id, (n, kept) in counts.items():
        conn.execute(
            text("UPDATE sources SET statements = :n, kept_raw = :kept WHERE id = :id"),
            {"n": n, "kept": kept, "id": source_id},
        )


def _insert(conn: Connection, batch: list[dict[str, Any]]) -> None:
    if batch:
        conn.execute(
            text(
                "INSERT INTO fragments (operation, entity_id, schema, source_id, locator, props) "
                "VALUES (:operation, :entity_id, :schema, :source_id, :locator, :props)"
            ),
            batch,
        )
        batch.clear()
