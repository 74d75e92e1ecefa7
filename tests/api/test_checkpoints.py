"""The server signs audit checkpoints in batches (checklist B2): every INTERVAL seconds or BATCH
entries, at shutdown and before the log is read — not once per request — and a tail that can no
longer be signed makes the server return no data (fail closed, A9)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from clew.errors import AuditError

SYNDICATES = "/api/v1/operations/demo/syndicates"


def _covered(server) -> int:
    latest = server.state.checkpoints.latest("demo")
    return latest.size if latest else 0


def _entries(workspace) -> int:
    with workspace.store("demo") as store:
        return store.count("audit")


def _wait_until(predicate, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_requests_wait_for_the_batch_and_verify_counts_them_b2(server, workspace) -> None:
    server.state.signer.interval = 3600.0
    ana, client = server.person("ana"), server.client()
    for _ in range(3):
        assert client.get(SYNDICATES, headers=ana.headers()).status_code == 200
    assert server.state.signer.pending("demo") == 3
    store = workspace.store("demo")
    check = store.verify_audit()
    assert check.unsigned == 3 and check.entries == store.count("audit")
    server.state.signer.flush()
    assert store.verify_audit().unsigned == 0 and _covered(server) == check.entries
    store.close()


def test_a_full_batch_is_signed_without_waiting_b2(server, workspace) -> None:
    server.state.signer.interval, server.state.signer.batch = 3600.0, 2
    ana, client = server.person("ana"), server.client()
    before = _covered(server)
    for _ in range(2):
        assert client.get(SYNDICATES, headers=ana.headers()).status_code == 200
    assert _wait_until(lambda: _covered(server) >= before + 2)


def test_the_interval_signs_a_quiet_log_b2(server, workspace) -> None:
    server.state.signer.interval = 0.05
    ana, client = server.person("ana"), server.client()
    assert client.get(SYNDICATES, headers=ana.headers()).status_code == 200
    assert _wait_until(lambda: _covered(server) == _entries(workspace))


def test_shutdown_signs_what_is_left_b2(server, workspace) -> None:
    server.state.signer.interval = 3600.0
    ana = server.person("ana")
    with TestClient(server.app, base_url="https://testserver") as client:  # runs the lifespan
        assert client.get(SYNDICATES, headers=ana.headers()).status_code == 200
        assert server.state.signer.pending("demo") == 1
    assert _covered(server) == _entries(workspace)


def test_the_auditor_reads_a_signed_log_b2(server, workspace) -> None:
    server.state.signer.interval = 3600.0
    ana, audrey, client = server.person("ana"), server.person("audrey", "auditor"), server.client()
    assert client.get(SYNDICATES, headers=ana.headers()).status_code == 200
    read = client.get("/api/v1/audit", params={"operation": "demo"}, headers=audrey.headers())
    assert read.status_code == 200
    assert _covered(server) == read.json()[0]["position"] + 1


def test_an_edited_unsigned_tail_is_refused_and_the_server_fails_closed_a9(server, workspace) -> None:
    server.state.signer.interval = 3600.0
    ana, client = server.person("ana"), server.client()
    assert client.get(SYNDICATES, headers=ana.headers()).status_code == 200
    engine = create_engine(workspace.url)  # someone with write access to the database
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS audit_no_update"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_append_only ON audit"))
        last = conn.execute(text("SELECT max(position) FROM audit WHERE operation = 'demo'")).scalar()
        conn.execute(
            text("UPDATE audit SET target = 'someone-else' WHERE operation = 'demo' AND position = :p"),
            {"p": last},
        )
    engine.dispose()
    server.state.signer.flush()
    assert server.state.signer.failed("demo")
    refused = client.get(SYNDICATES, headers=ana.headers())
    assert refused.status_code == 503 and "syndicates" not in refused.text
    with workspace.store("demo") as store, pytest.raises(AuditError, match="edited"):
        store.verify_audit()
