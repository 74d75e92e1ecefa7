"""Migration 6: a version-5 workspace (one row per statement) upgrades to fragments + the view."""

from __future__ import annotations

import sqlite3

import pytest
from tests.ingest.helpers import person, snapshot, write_lines

from clew.ingest import ingest_paths
from clew.model.fragment import encode, encode_statement, statements, values

LEGACY = """
CREATE TABLE statements (
    id VARCHAR(40) NOT NULL, operation VARCHAR(64) NOT NULL, entity_id VARCHAR(128) NOT NULL,
    schema VARCHAR(64) NOT NULL, prop VARCHAR(64) NOT NULL, raw TEXT NOT NULL, value TEXT,
    reason TEXT, source_id INTEGER NOT NULL, locator VARCHAR(200) NOT NULL)
"""


def _downgrade(path) -> None:
    """Turn a version-6 database back into the version-5 layout, statements copied row by row."""
    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT operation, entity_id, schema, prop, raw, value, reason, source_id, locator FROM statements"
    ).fetchall()
    db.execute("DROP VIEW statements")
    db.execute(LEGACY)
    db.executemany(
        "INSERT INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(f"id{i}", *row) for i, row in enumerate(rows)],
    )
    db.execute("DELETE FROM fragments")
    db.execute("UPDATE sources SET statements = 0, kept_raw = 0")
    db.execute("CREATE INDEX ix_identifiers_kind ON identifiers (operation, kind)")
    db.execute("DELETE FROM schema_version WHERE version >= 6")
    db.commit()
    db.close()


@pytest.mark.sqlite_only  # versions 1-5 only ever existed as SQLite workspaces
def test_version_5_workspace_upgrades_with_every_statement_kept(workspace, tmp_path):
    path = write_lines(
        tmp_path / "case" / "device.ftm.jsonl",
        [
            person(1, phone=["+63 917 123 4567", "0917 123 4567"], birthDate=["1990-05-02"]),
            person(2, phone=["12"], alias=["Dee", "Dee"]),  # kept raw; a repeated raw value
            {"id": "org-1", "schema": "Organization", "properties": {}},  # no properties at all
        ],
    )
    with workspace.store() as store:
        ingest_paths(store, [path])
        before = snapshot(store)
        records = [(r.id, r.schema, r.properties) for r in store.records()]
        status = store.count_by("fragments", ["schema"])
        counts = next(store.select("sources", columns=["statements", "kept_raw"]))
    assert counts == {
        "statements": before["counts"]["statements"],
        "kept_raw": 2,
    }  # "12", "0917 …" (no country)
    _downgrade(workspace.path / "clew.db")
    with workspace.store() as store:
        assert snapshot(store) == before
        assert [(r.id, r.schema, r.properties) for r in store.records()] == records
        assert store.count_by("fragments", ["schema"]) == status
        assert next(store.select("sources", columns=["statements", "kept_raw"])) == counts
        assert not store.execute_sql("SELECT name FROM sqlite_master WHERE name = 'ix_identifiers_kind'")
        assert store.execute_sql("SELECT type FROM sqlite_master WHERE name = 'statements'") == [
            {"type": "view"}
        ]


def test_encoding_round_trips_and_view_is_read_only(store):
    props = {"phone": [encode_statement("0917", "+63917"), encode_statement("x", None, "not a phone")]}
    text = encode({"name": [encode_statement("Ann", "Ann")], **props})
    assert [(s.prop, s.raw, s.value, s.reason) for s in statements("p1", "Person", text)] == [
        ("name", "Ann", "Ann", None),
        ("phone", "0917", "+63917", None),
        ("phone", "x", None, "not a phone"),
    ]
    assert values(text) == {"name": ["Ann"], "phone": ["+63917", "x"]}
    try:
        store.insert("statements", [{"entity_id": "a"}])
    except ValueError as exc:
        assert "read-only view" in str(exc)
    else:
        raise AssertionError("a write to the statements view went through")
