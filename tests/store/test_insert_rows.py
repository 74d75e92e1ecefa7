"""``Store.insert_rows``: the bulk tuple path loaders use (SQLite here; PostgreSQL SQL rendered)."""

from __future__ import annotations

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from clew.store.sql import bulk_insert_sql
from clew.store.tables import metadata

COLUMNS = ("key", "kind", "value", "valid", "country", "detail")


def test_tuples_are_inserted_in_this_operation_only(workspace):
    workspace.create_operation("op-a")
    workspace.create_operation("op-b")
    with workspace.store("op-a") as a, workspace.store("op-b") as b:
        rows = [
            (f"phone:+6391712345{i:02d}", "phone", f"+6391712345{i:02d}", True, "PH", None) for i in range(7)
        ]
        assert a.insert_rows("identifiers", COLUMNS, iter(rows)) == 7
        assert a.count("identifiers") == 7 and b.count("identifiers") == 0
        got = next(a.select("identifiers", {"key": "phone:+639171234503"}))
        assert got == dict(zip(COLUMNS, rows[3], strict=True))
        assert b.insert_rows("identifiers", COLUMNS, rows[:2]) == 2  # the same keys in another operation


def test_ignore_skips_unique_clashes_and_plain_insert_refuses_them(store):
    row = ("email:a@example.org", "email", "a@example.org", True, None, None)
    store.insert_rows("identifiers", COLUMNS, [row])
    store.insert_rows("identifiers", COLUMNS, [row, ("email:b@example.org", *row[1:])], ignore=True)
    assert sorted(r["key"] for r in store.select("identifiers")) == [
        "email:a@example.org",
        "email:b@example.org",
    ]
    with pytest.raises(Exception, match=r"(?i)unique"):
        store.insert_rows("identifiers", COLUMNS, [row])


def test_writes_join_the_outer_transaction(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.insert_rows("identifiers", COLUMNS, [("ip:10.0.0.1", "ip", "10.0.0.1", True, None, None)])
        raise RuntimeError("crash midway")
    assert store.count("identifiers") == 0


def test_sql_follows_the_dialect_and_quotes_the_operation():
    table = metadata.tables["identifiers"]
    lite = bulk_insert_sql(sqlite.dialect(), table, ["key", "kind"], "o'p", True)
    assert lite == "INSERT OR IGNORE INTO identifiers (operation, \"key\", kind) VALUES ('o''p', ?, ?)"
    pg = bulk_insert_sql(postgresql.psycopg2.dialect(), table, ["key", "kind"], "50%", True)
    assert (
        pg == "INSERT INTO identifiers (operation, key, kind) VALUES ('50%%', %s, %s) ON CONFLICT DO NOTHING"
    )
    with pytest.raises(ValueError, match="operation"):
        bulk_insert_sql(sqlite.dialect(), table, ["operation", "key"], "op", False)
    with pytest.raises(ValueError, match="no column"):
        bulk_insert_sql(sqlite.dialect(), table, ["wings"], "op", False)
