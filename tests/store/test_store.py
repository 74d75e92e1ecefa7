"""The Store contract on SQLite: scoping, transactions, records, audit, migrations, durability."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from clew.errors import AccessDenied, WorkspaceError
from clew.model.fragment import from_statements
from clew.store import Principal, Workspace
from clew.store.migrations import LATEST


def _source(store, sha="a" * 64):
    run = store.start_run("test")
    store.insert(
        "sources",
        [
            dict(
                sha256=sha,
                path="f.jsonl",
                format="ftm",
                size=1,
                records=1,
                quarantined=0,
                status="done",
                run_id=run,
                ingested_at="t",
            )
        ],
    )
    return run


def _fragment(entity, schema, prop, raw, value, locator="line 1"):
    """One fragment with one statement; ``value=None`` keeps ``raw`` with a reason."""
    return dict(
        entity_id=entity,
        schema=schema,
        source_id=1,
        locator=locator,
        props=from_statements(
            [dict(prop=prop, raw=raw, value=value, reason=None if value else "cannot clean")]
        ),
    )


def test_every_query_is_scoped_to_the_operation(workspace):
    workspace.create_operation("op-a")
    workspace.create_operation("op-b")
    with workspace.store("op-a") as a, workspace.store("op-b") as b:
        _source(a)
        a.insert("fragments", [_fragment("e1", "Person", "name", "Ann", "Ann")])
        assert a.count("statements") == 2  # the id statement and the name
        assert b.count("statements") == 0
        assert list(b.records()) == []
        assert b.delete("fragments") == 0
        assert a.count("fragments") == 1


def test_principal_without_the_operation_is_refused(workspace):
    with pytest.raises(AccessDenied):
        workspace.store("secret", Principal("analyst:x", operations=frozenset({"other"})))


def test_transaction_rolls_back_everything(store):
    with pytest.raises(RuntimeError), store.transaction():
        _source(store)
        raise RuntimeError("crash midway")
    assert store.count("sources") == 0
    assert store.count("runs") == 0


def test_records_assemble_statements_and_keep_raw_values(store):
    _source(store)
    store.insert(
        "fragments",
        [
            _fragment("p1", "Person", "name", "Ann Lee", "Ann Lee"),
            _fragment("p1", "LegalEntity", "phone", "0612345678", None, "line 2"),
            _fragment("o1", "Organization", "name", "Club", "Club"),
            _fragment("a1", "UserAccount", "username", "ann", "ann"),
        ],
    )
    people = list(store.records(["LegalEntity"]))
    assert [r.id for r in people] == ["o1", "p1"]
    person = store.record("p1")
    assert person.schema == "Person"  # most specific of Person and LegalEntity
    assert person.get("phone") == ["0612345678"]  # raw kept when cleaning failed
    assert person.to_proxy().get("name") == ["Ann Lee"]


def test_replace_and_count_by(store):
    store.replace(
        "subject_roles",
        [
            dict(subject_id="s1", role="admin", analysis="network"),
            dict(subject_id="s2", role="member", analysis="network"),
        ],
        {"analysis": "network"},
    )
    store.replace(
        "subject_roles", [dict(subject_id="s1", role="seller", analysis="money")], {"analysis": "money"}
    )
    store.replace(
        "subject_roles", [dict(subject_id="s3", role="admin", analysis="network")], {"analysis": "network"}
    )
    rows = store.count_by("subject_roles", ["role"])
    assert rows == [{"role": "admin", "n": 1}, {"role": "seller", "n": 1}]


@pytest.mark.sqlite_only
def test_sqlite_durability_settings(store):
    """Checklist I2: WAL with ``synchronous=FULL`` (NORMAL may lose acknowledged commits on
    power loss). The settings only: no power-loss VFS test (technique T2) runs here."""
    rows = store.execute_sql("PRAGMA journal_mode")
    assert rows[0]["journal_mode"] == "wal"
    assert store.execute_sql("PRAGMA synchronous")[0]["synchronous"] == 2  # FULL


def test_migrations_recorded_and_newer_schema_refused(workspace):
    with workspace.store() as store:
        versions = [r["version"] for r in store.execute_sql("SELECT version FROM schema_version")]
    assert versions == list(range(1, LATEST + 1))
    engine = create_engine(workspace.url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_version VALUES (:v, 'future', 't')"), {"v": LATEST + 1})
    engine.dispose()
    with pytest.raises(WorkspaceError):
        workspace.store()


def test_not_a_workspace(tmp_path):
    with pytest.raises(WorkspaceError, match="not a Clew workspace"):
        Workspace.open(tmp_path / "nothing")


SQL_TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=40) | st.sampled_from(
    ["'; DROP TABLE media_errors;--", "x' OR '1'='1", '"; --', "\\'", "%", "_", "?", ":op"]
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=SQL_TEXT)
def test_quotes_and_sql_in_values_are_data(store, value):
    """Checklist H4: values reach the database only as parameters, so quotes, ``;--``, LIKE
    wildcards and placeholder-looking text are stored and found exactly, and nothing else
    matches (PostgreSQL refuses NUL in text, so it is left out here)."""
    tag = uuid.uuid4()  # the store outlives the examples: each example's rows apart
    row = {"source": str(tag), "path": value, "error": value, "run_id": "r", "at": "2026-01-01T00:00:00Z"}
    store.insert("media_errors", [row])
    found = list(store.select("media_errors", {"path": value, "source": str(tag)}, ["path", "error"]))
    assert found == [{"path": value, "error": value}]
    assert store.count("media_errors", {"source": str(tag)}) == 1
