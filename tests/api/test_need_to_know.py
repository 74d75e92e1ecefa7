"""Two users in two operations (checklist C1–C4, A2, A9): nothing of the other leaks — not
in lists, searches, counts, facets or "+N more" — its ids answer 404, denials are logged;
no purpose, no data; a failing audit write returns no data."""

from __future__ import annotations

import json

import pytest

from clew.store.base import Principal

SEARCHES = ("a", "e", "+", "@", "an")


@pytest.fixture
def pair(server):
    return server.person("ana", operations=("demo",)), server.person("bob", operations=("other",))


def _ids(server, operation: str) -> set[str]:
    store = server.state.store(operation, Principal("test"))
    ids = {r["subject_id"] for r in store.select("syndicate_members", columns=["subject_id"])}
    return ids | {r["entity_id"] for r in store.select("fragments", columns=["entity_id"])}


def _only(server, operation: str) -> set[str]:
    """Subject ids in ``operation`` and in no other (the two demos' generators reuse some ids)."""
    other = "other" if operation == "demo" else "demo"
    return {i for i in _ids(server, operation) - _ids(server, other) if i.startswith("subj-")}


def test_nothing_of_the_other_operation_leaks_c1(server, pair) -> None:
    ana, _ = pair
    client = server.client()
    theirs = _only(server, "other")
    mine = _ids(server, "demo")
    assert theirs and mine and not theirs & mine
    assert client.get("/api/v1/operations", headers=ana.headers()).json() == ["demo"]
    for text in SEARCHES:
        found = client.post(
            "/api/v1/operations/demo/search", json={"query": text, "limit": 200}, headers=ana.headers()
        )
        body = found.json()
        ids = {h["subject_id"] for h in body["hits"]}
        assert ids <= mine and not ids & theirs
        facet_total = sum(body["facets"]["country"].values())
        assert facet_total == body["total"]  # facets count exactly the caller's hits
        alone = server.state.store("demo", Principal("t"))
        assert body["total"] <= alone.count("subjects") + alone.count("subject_members")
    text = json.dumps(client.get("/api/v1/operations/demo/syndicates", headers=ana.headers()).json())
    assert not any(t in text for t in theirs)
    summary = client.get("/api/v1/operations/demo", headers=ana.headers()).json()
    expected = server.state.store("demo", Principal("t")).count("sources", {"status": "done"})
    assert summary["sources"] == expected


def test_ids_of_the_other_operation_answer_404_and_are_logged_c2(server, pair) -> None:
    ana, bob = pair
    client = server.client()
    other_id = sorted(_only(server, "other"))[0]
    mine = sorted(_only(server, "demo"))[0]
    for path in (
        f"/api/v1/operations/demo/subjects/{other_id}",
        f"/api/v1/operations/demo/subjects/{other_id}/neighbourhood",
        f"/api/v1/operations/demo/paths/{mine}/{other_id}",
        f"/api/v1/operations/other/subjects/{other_id}",
        "/api/v1/operations/other/syndicates",
        "/api/v1/operations/nonexistent/syndicates",
    ):
        response = client.get(path, headers=ana.headers())
        assert response.status_code == 404, path
        assert other_id not in response.text
    # the same subject is there for its own member
    assert (
        client.get(f"/api/v1/operations/other/subjects/{other_id}", headers=bob.headers()).status_code == 200
    )
    denied = list(server.state.store("_access", Principal("t")).select("audit", {"action": "access.denied"}))
    assert len(denied) == 3 and all(r["target"] == "ana" for r in denied)  # other, other, nonexistent
    in_demo = list(server.state.store("demo", Principal("t")).select("audit", {"action": "access.not-found"}))
    assert len(in_demo) == 3 and all(r["actor"] == "user:ana" for r in in_demo)


def test_revoked_membership_bites_on_the_next_request_c4(server, pair) -> None:
    ana, _ = pair
    client = server.client()
    assert client.get("/api/v1/operations/demo/syndicates", headers=ana.headers()).status_code == 200
    server.state.directory.revoke("ana", "demo")
    assert client.get("/api/v1/operations/demo/syndicates", headers=ana.headers()).status_code == 404


def test_read_without_purpose_refused_and_logged_a2(server, pair) -> None:
    ana, _ = pair
    client = server.client()
    store = server.state.store("demo", Principal("t"))
    before = store.count("audit", {"action": "access.refused"})
    response = client.get("/api/v1/operations/demo/syndicates", headers=ana.headers(purpose=None))
    assert response.status_code == 400 and "syn-" not in response.text
    assert store.count("audit", {"action": "access.refused"}) == before + 1


def test_auditor_and_admin_see_no_case_data(server) -> None:
    audrey = server.person("audrey", role="auditor", operations=("demo",))
    adam = server.person("adam", role="admin", operations=("demo",))
    client = server.client()
    for who in (audrey, adam):
        assert client.get("/api/v1/operations/demo/syndicates", headers=who.headers()).status_code == 403
    log = client.get("/api/v1/audit?operation=demo", headers=audrey.headers())
    assert log.status_code == 200 and log.json()
    assert client.get("/api/v1/audit?operation=demo", headers=adam.headers()).status_code == 403
    reads = server.state.store("demo", Principal("t")).count("audit", {"action": "audit.read"})
    assert reads == 1  # reading the audit log is itself audited (A7)


def test_hash_match_details_need_the_extra_permission_c3(server) -> None:
    ana = server.person("ana")
    vera = server.person("vera")
    server.auth.permit("vera", "sensitive.read")
    client = server.client()
    plain = client.get("/api/v1/operations/demo/media/matches", headers=ana.headers()).json()
    full = client.get("/api/v1/operations/demo/media/matches", headers=vera.headers()).json()
    assert plain["total"] == full["total"] > 0
    assert plain["details"] is None and plain["redacted"] == ["details"]
    assert len(full["details"]) == full["total"]
    store = server.state.store("demo", Principal("t"))
    matched = next(r["subject_id"] for r in store.select("media_matches") if r["subject_id"])
    page = client.get(f"/api/v1/operations/demo/subjects/{matched}", headers=ana.headers()).json()
    assert page["hash_matches"]["count"] > 0 and "matches" not in page["hash_matches"]
    assert "hash_matches.details" in page["redacted"]
    for row in store.select("media_matches", {"subject_id": matched}):
        for value in (row["sha256"], row["pdq"], row["series"], row["category"]):
            assert not value or value not in json.dumps(page)


AUDIT_DOWN = {
    "sqlite": (
        "CREATE TRIGGER audit_down BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit down'); END",
    ),
    "postgresql": (
        "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit down'; END $$",
        "CREATE TRIGGER audit_down BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_down()",
    ),
}
"""An audit table that refuses every write, in each backend's trigger language."""


def test_audit_write_failure_returns_no_data_a9(server, pair) -> None:
    ana, _ = pair
    client = server.client()
    with server.state.engine.begin() as conn:
        for sql in AUDIT_DOWN[conn.dialect.name]:
            conn.exec_driver_sql(sql)
    for method, path, body in (
        ("GET", "/api/v1/operations/demo/syndicates", None),
        ("POST", "/api/v1/operations/demo/search", {"query": "a"}),
        ("GET", "/api/v1/operations/demo/media/matches", None),
    ):
        response = client.request(method, path, json=body, headers=ana.headers())
        assert response.status_code == 503, path
        assert set(response.json()) == {"error", "request_id"}
        assert "syn-" not in response.text and "subj-" not in response.text


def test_errors_carry_a_request_id_never_a_trace(server, pair) -> None:
    ana, _ = pair
    client = server.client()
    bad = client.post(
        "/api/v1/operations/demo/search", json={"query": "a", "sql": "DROP"}, headers=ana.headers()
    )
    assert bad.status_code == 422 and bad.json()["fields"] == ["body.sql"]
    assert "DROP" not in bad.text
    missing = client.get("/api/v1/operations/demo/subjects/nobody", headers=ana.headers())
    assert missing.status_code == 404 and set(missing.json()) == {"error", "request_id"}
    assert "Traceback" not in missing.text
