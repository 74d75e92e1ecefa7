"""Every endpoint with a CLI equivalent gives the CLI's figures (one service layer)."""

from __future__ import annotations

import pytest

from api.conftest import cli_json


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
    assert get("") == cli_json(capsys, workspace, "status", "--json")
    assert get("/syndicates") == cli_json(capsys, workspace, "network", "--json")["syndicates"]
    assert get("/money/flows") == cli_json(capsys, workspace, "money", "flows", "--json")
    syndicate = get("/syndicates")[0]
    a, b = syndicate["admins"][0], syndicate["key_players"][-1]
    assert get(f"/paths/{a}/{b}") == cli_json(capsys, workspace, "network", "path", a, b, "--json")
    page = get(f"/subjects/{a}")
    assert page["network"] == cli_json(capsys, workspace, "network", "subject", a, "--json")


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


def _texts(server) -> list[str]:
    """A name, part of a phone number written with spaces, a whole e-mail, one letter."""
    from clew.store.base import Principal

    store = server.state.store("demo", Principal("t"))
    name = next(r["name"] for r in store.select("subjects", order_by=["subject_id"]) if r["name"])
    phone = next(iter(store.select("identifiers", {"kind": "phone"}, order_by=["key"], limit=1)))["value"]
    email = next(iter(store.select("identifiers", {"kind": "email"}, order_by=["key"], limit=1)))["value"]
    digits = phone[-7:]
    return [name, f"{digits[:3]} {digits[3:]}", email, "a"]


def test_search_gives_the_hits_of_clew_search(server, workspace, ana, capsys) -> None:
    client = server.client()
    for text in _texts(server):
        cli = cli_json(capsys, workspace, "search", text, "--limit", "200", "--json")
        api = client.post(
            "/api/v1/operations/demo/search", json={"query": text, "limit": 200}, headers=ana.headers()
        ).json()
        assert cli["hits"], text
        assert api["read_as"] == cli["read_as"]
        assert [{k: h[k] for k in cli["hits"][0]} for h in api["hits"]] == cli["hits"], text
        first = client.post(
            "/api/v1/operations/demo/search",
            json={"query": text, "limit": 3, "offset": 1},
            headers=ana.headers(),
        ).json()
        assert [h["subject_id"] for h in first["hits"]] == [h["subject_id"] for h in cli["hits"][1:4]]
        assert first["total"] == api["total"] == len(cli["hits"]) == sum(api["facets"]["country"].values())


def test_search_facet_filters_keep_only_their_hits(server, ana) -> None:
    client = server.client()
    url = "/api/v1/operations/demo/search"
    whole = client.post(url, json={"query": "a", "limit": 200}, headers=ana.headers()).json()
    for facet, key in (("country", "country"), ("role", "roles"), ("schema", "schemata")):
        value, count = next(iter(whole["facets"][facet].items()))
        body = {"query": "a", "limit": 200, "filters": {facet: value}}
        kept = client.post(url, json=body, headers=ana.headers()).json()
        assert kept["total"] == count == len(kept["hits"]) > 0
        for hit in kept["hits"]:
            assert value == hit[key] or value in hit[key]
        assert kept["facets"][facet][value] == count
    bad = client.post(url, json={"query": "a", "filters": {"colour": "red"}}, headers=ana.headers())
    assert bad.status_code == 422
