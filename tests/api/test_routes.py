"""Route inventory (checklist I5, A1, H8): every route outside ``PUBLIC`` needs authentication —
statically (it depends on ``deps.caller``) and dynamically (anonymous → 401) — and every route
that returns case data is in ``AUDITED``; a new route missing from either fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clew.api import deps
from clew.api.app import PUBLIC, RouteInfo, api_routes, create_app
from clew.store.base import Principal

AUDITED = {
    "GET /api/v1/operations/{operation}": "status.view",
    "POST /api/v1/operations/{operation}/search": "search.query",
    "GET /api/v1/operations/{operation}/subjects/{subject_id}": "subject.view",
    "GET /api/v1/operations/{operation}/subjects/{subject_id}/neighbourhood": "network.neighbourhood",
    "GET /api/v1/operations/{operation}/paths/{a}/{b}": "network.path",
    "GET /api/v1/operations/{operation}/syndicates": "network.syndicates",
    "POST /api/v1/operations/{operation}/money/trace": "money.trace",
    "GET /api/v1/operations/{operation}/money/flows": "money.flows",
    "GET /api/v1/operations/{operation}/media/matches": "media.matches",
    "POST /api/v1/operations/{operation}/decisions": "resolve.decide",
    "DELETE /api/v1/operations/{operation}/decisions/{a}/{b}": "resolve.undo",
    "POST /api/v1/operations/{operation}/ingest": "ingest.start",
    "POST /api/v1/operations/{operation}/jobs/{job_id}/cancel": "ingest.cancel",
    "POST /api/v1/operations/{operation}/jobs/{job_id}/resume": "ingest.resume",
    "GET /api/v1/audit": "audit.read",
    "GET /api/v1/operations/{operation}/chart/subjects/{subject_id}": "chart.expand",
    "GET /api/v1/operations/{operation}/chart/syndicates/{syndicate_id}": "chart.expand",
    "GET /api/v1/operations/{operation}/chart/gatherings/{gathering_id}": "chart.expand",
    "GET /api/v1/operations/{operation}/chart/paths/{a}/{b}": "network.path",
    "GET /api/v1/operations/{operation}/map": "map.countries",
    "GET /api/v1/operations/{operation}/map/countries/{country}": "map.country",
    "GET /api/v1/operations/{operation}/timeline/subjects/{subject_id}": "timeline.events",
    "GET /api/v1/operations/{operation}/timeline/syndicates/{syndicate_id}": "timeline.events",
    "GET /api/v1/operations/{operation}/leads": "leads.read",
    "POST /api/v1/operations/{operation}/leads/build": "leads.build",
    "GET /api/v1/operations/{operation}/leads/{package_id}": "leads.read",
    "GET /api/v1/operations/{operation}/leads/{package_id}/download/{fmt}": "leads.export",
    "POST /api/v1/operations/{operation}/leads/{package_id}/approve": "leads.approve",
    "POST /api/v1/operations/{operation}/leads/{package_id}/release": "leads.release",
    "GET /api/v1/operations/{operation}/preservation": "leads.preservation",
    "POST /api/v1/operations/{operation}/outcomes": "outcomes.record",
    "POST /api/v1/operations/{operation}/outcomes/import": "outcomes.import",
    "GET /api/v1/operations/{operation}/stats": "stats.read",
    "POST /api/v1/operations/{operation}/deconflict/offer": "deconflict.offer",
    "POST /api/v1/operations/{operation}/deconflict/respond": "deconflict.respond",
    "POST /api/v1/operations/{operation}/deconflict/finish": "deconflict.finish",
}
"""Routes that read or change case data (or the audit log), with the audit action each writes."""

NOT_CASE_DATA = {
    "GET /api/v1/session",
    "DELETE /api/v1/session",
    "POST /api/v1/session/password",
    "GET /api/v1/operations",  # the caller's own memberships
    "GET /api/v1/operations/{operation}/jobs",  # job ids, states and byte counts
    "GET /api/v1/operations/{operation}/jobs/{job_id}",
    "GET /api/v1/users",
    "POST /api/v1/users",
    "POST /api/v1/users/{name}/memberships",
    "DELETE /api/v1/users/{name}/memberships/{operation}",
    "POST /api/v1/users/{name}/unlock",
}


def _routes(app) -> list[tuple[str, RouteInfo]]:
    """The REST API's routes; the web app's pages have their own inventory (tests/web)."""
    return [(r.key, r) for r in api_routes(app) if r.path.startswith("/api/")]


def _public(key: str) -> bool:
    method, path = key.split(" ", 1)
    return path in PUBLIC or f"{path}:{method}" in PUBLIC


def _depends_on(dependant, target) -> bool:
    return any(d.call is target or _depends_on(d, target) for d in dependant.dependencies)


@pytest.fixture
def app(workspace):
    return create_app(workspace)


def test_every_private_route_depends_on_the_caller_i5(app) -> None:
    private = [(k, r) for k, r in _routes(app) if not _public(k)]
    assert len(private) > 20
    missing = [k for k, r in private if not _depends_on(r.dependant, deps.caller)]
    assert not missing, f"routes without authentication: {missing}"


def test_every_private_route_refuses_anonymous_i5(server) -> None:
    client = server.client()
    for key, _route in _routes(server.app):
        if _public(key):
            continue
        method, path = key.split(" ", 1)
        url = re.sub(r"\{[^}]+\}", "demo", path)
        response = client.request(method, url, headers={"X-Clew-Purpose": "test"})
        assert response.status_code == 401, f"{key}: {response.status_code}"
        assert "request_id" in response.json()


def test_every_route_is_in_an_inventory_a1(app) -> None:
    keys = {k for k, _ in _routes(app) if not _public(k)}
    unknown = keys - set(AUDITED) - NOT_CASE_DATA
    assert not unknown, f"new routes: add them to AUDITED (and audit them) or NOT_CASE_DATA: {unknown}"
    assert not (set(AUDITED) | NOT_CASE_DATA) - keys, "inventory names routes that no longer exist"


def test_the_checks_catch_an_unauthenticated_route_i5(workspace) -> None:
    app = create_app(workspace)

    @app.get("/api/v1/operations/{operation}/leak")
    def leak(operation: str) -> dict:
        return {"operation": operation}

    keys = dict(_routes(app))
    assert not _depends_on(keys["GET /api/v1/operations/{operation}/leak"].dependant, deps.caller)
    from fastapi.testclient import TestClient

    assert TestClient(app, base_url="https://t").get("/api/v1/operations/demo/leak").status_code == 200


def test_docs_off_unless_enabled_h8(workspace) -> None:
    from fastapi.testclient import TestClient

    assert TestClient(create_app(workspace), base_url="https://t").get("/docs").status_code == 404
    assert TestClient(create_app(workspace, docs=True), base_url="https://t").get("/docs").status_code == 200


@pytest.mark.parametrize("key", sorted(k for k in AUDITED if k.startswith("GET /api/v1/operations")))
def test_each_audited_read_writes_one_record_with_purpose_a1(server, key: str) -> None:
    ana = server.person("ana")
    client = server.client()
    hit = client.post("/api/v1/operations/demo/search", json={"query": "a"}, headers=ana.headers()).json()
    a, b = (h["subject_id"] for h in hit["hits"][:2])
    store = server.state.store("demo", Principal("test"))
    first = {  # the islands' routes name a syndicate, a gathering or a country of the demo too
        "syndicate_id": ("syndicates", None),
        "gathering_id": ("gathering_members", None),
        "country": ("subject_countries", {"chosen": 1}),
    }
    ids = {k: next(iter(store.select(t, where, [k], limit=1)))[k] for k, (t, where) in first.items()}
    ids["package_id"] = next(iter(store.select("lead_packages", limit=1)))["package_id"]
    path = key.split(" ", 1)[1].format(operation="demo", subject_id=a, a=a, b=b, fmt="json", **ids)
    before = store.count("audit")
    response = client.get(path, headers=ana.headers("case 17: briefing"))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    new = list(store.select("audit", order_by=["seq"]))[before:]
    assert [r["action"] for r in new] == [AUDITED[key]]
    assert new[0]["actor"] == "user:ana"
    assert new[0]["purpose"] == "case 17: briefing" and new[0]["outcome"] == "ok"
    assert new[0]["request_id"] == response.headers["x-request-id"]
    assert new[0]["roles"] == "analyst"


def test_api_reads_are_covered_by_a_signed_checkpoint_b2(server, workspace) -> None:
    ana = server.person("ana")
    client = server.client()
    for path in ("/syndicates", "/media/matches", ""):
        assert client.get(f"/api/v1/operations/demo{path}", headers=ana.headers()).status_code == 200
    server.state.signer.flush()  # the batch signer's next tick (tests/api/test_checkpoints.py)
    store = workspace.store("demo")
    count = store.count("audit")
    assert server.state.checkpoints.latest("demo").frontier.size == count
    store.verify_audit()  # raises AuditError if the log and the checkpoint disagree
    store.close()


def test_every_route_is_documented(app) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    missing = [k for k, _ in _routes(app) if f"`{k}`" not in docs and f"`{k}" not in docs]
    assert not missing, f"routes not in docs/formats.md: {missing}"


def test_country_parameters_refuse_a_code_that_is_no_country(server) -> None:
    ana, client = server.person("ana"), server.client()
    calls = (
        ("post", "/search", {"json": {"query": "a", "region": "QQ"}}, "region 'QQ'"),
        ("post", "/leads/build", {"json": {"countries": ["QQ"]}}, "countries 'QQ'"),
        ("get", "/map/countries/QQ", {}, "country 'QQ'"),
    )
    for method, path, kwargs, named in calls:
        response = getattr(client, method)(f"/api/v1/operations/demo{path}", headers=ana.headers(), **kwargs)
        assert response.status_code == 400, response.text
        assert response.json()["message"] == f"{named} is not an ISO-3166 alpha-2 code (e.g. PH)"
