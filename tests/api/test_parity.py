"""Every endpoint with a CLI equivalent gives the CLI's figures (one service layer)."""

from __future__ import annotations

import json

import pytest

from clew.cli.main import main


def _cli(capsys, workspace, *args: str):
    capsys.readouterr()
    assert main(["-w", str(workspace.path), "-o", "demo", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def ana(server):
    """An analyst who may see hash-match details, as the CLI's local user does: the figures
    compared must not depend on whether the subject picked has a media role."""
    person = server.person("ana")
    server.auth.permit("ana", "sensitive.read")
    return person


def test_status_syndicates_flows_and_paths_match_the_cli(server, workspace, ana, capsys) -> None:
    client = server.client()
    get = lambda path: client.get(f"/api/v1/operations/demo{path}", headers=ana.headers()).json()  # noqa: E731
    assert get("") == _cli(capsys, workspace, "status", "--json")
    assert get("/syndicates") == _cli(capsys, workspace, "network", "--json")["syndicates"]
    assert get("/money/flows") == _cli(capsys, workspace, "money", "flows", "--json")
    syndicate = get("/syndicates")[0]
    a, b = syndicate["admins"][0], syndicate["key_players"][-1]
    assert get(f"/paths/{a}/{b}") == _cli(capsys, workspace, "network", "path", a, b, "--json")
    page = get(f"/subjects/{a}")
    assert page["network"] == _cli(capsys, workspace, "network", "subject", a, "--json")


def test_decision_and_undo_round_trip(server, ana) -> None:
    client = server.client()
    from clew.store.base import Principal

    store = server.state.store("demo", Principal("t"))
    a, b = sorted(r["entity_id"] for r in store.select("subject_members", {"schema": "Person"}, limit=2))
    body = {"a": a, "b": b, "same": False, "reason": "different dates of birth"}
    made = client.post("/api/v1/operations/demo/decisions", json=body, headers=ana.headers())
    assert made.status_code == 200, made.text
    assert made.json()["actor"] == "user:ana" and store.count("decisions") == 1
    undone = client.delete(f"/api/v1/operations/demo/decisions/{a}/{b}", headers=ana.headers())
    assert undone.status_code == 200 and store.count("decisions") == 0
    again = client.delete(f"/api/v1/operations/demo/decisions/{a}/{b}", headers=ana.headers())
    assert again.status_code == 404
    liaison = server.person("lia", role="liaison")
    assert (
        client.post("/api/v1/operations/demo/decisions", json=body, headers=liaison.headers()).status_code
        == 403
    )


def test_neighbourhood_cap_and_more(server, ana) -> None:
    client = server.client()
    from clew.store.base import Principal

    members = server.state.store("demo", Principal("t")).select(
        "syndicate_members", order_by=["-degree"], limit=1
    )
    hub = next(iter(members))["subject_id"]
    full = client.get(
        f"/api/v1/operations/demo/subjects/{hub}/neighbourhood?cap=500", headers=ana.headers()
    ).json()
    capped = client.get(
        f"/api/v1/operations/demo/subjects/{hub}/neighbourhood?cap=2", headers=ana.headers()
    ).json()
    assert len(full["edges"]) > 2 and full["more"] == 0
    assert len(capped["edges"]) == 2 and capped["more"] == len(full["edges"]) - 2
    assert [e["weight"] for e in capped["edges"]] == [e["weight"] for e in full["edges"][:2]]


def test_ingest_job_runs_with_progress(server, ana, tmp_path) -> None:
    client = server.client()
    csv = "name,phone\nTest Person,+31 6 12345678\nOther Person,+31 6 87654321\n"
    response = client.post(
        "/api/v1/operations/demo/ingest",
        files=[("files", ("people.csv", csv.encode(), "text/csv"))],
        headers=ana.headers(),
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["id"]
    import time

    for _ in range(200):
        job = client.get(f"/api/v1/operations/demo/jobs/{job_id}", headers=ana.headers()).json()
        if job["status"] not in ("queued", "running"):
            break
        time.sleep(0.05)
    assert job["status"] in ("done", "failed"), job
    assert job["summary"] is not None or job["error"]
    bob = server.person("bob", operations=("other",))
    assert client.get(f"/api/v1/operations/other/jobs/{job_id}", headers=bob.headers()).status_code == 404
