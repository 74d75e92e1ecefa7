"""Lead packages, outcomes and stats over the API: the issue 12 flow with issue 13's roles.

Build (analyst) → approve (a supervisor who did not build it: four-eyes) → release (liaison)
→ download (JSON signature verifies, STIX validates, PDF reads back) → feedback → stats; each
step refused to a role without its permission, a package of another operation answers 404,
and the figures are those of ``clew leads list`` / ``clew stats`` (checklist A1, C1, C2, I5).
"""

from __future__ import annotations

import io
import json

import pytest

from api.conftest import cli_json
from clew.leads import signing
from clew.leads.formats import stix
from clew.store.base import Principal

BASE = "/api/v1/operations/demo"


@pytest.fixture
def team(server):
    return {
        "ana": server.person("ana"),
        "sue": server.person("sue", role="supervisor"),
        "lia": server.person("lia", role="liaison"),
        "aud": server.person("aud", role="auditor"),
    }


def _audit(server, action: str) -> list[dict]:
    store = server.state.store("demo", Principal("t"))
    return [r for r in store.select("audit", {"action": action}, order_by=["seq"])]


def _country(server) -> str:
    return next(
        iter(server.state.store("demo", Principal("t")).select("lead_packages", order_by=["country"]))
    )["country"]


def test_build_approve_release_download_feedback_stats(server, workspace, team, capsys) -> None:
    client = server.client()
    ana, sue, lia = team["ana"], team["sue"], team["lia"]
    country = _country(server)
    built = client.post(f"{BASE}/leads/build", json={"countries": [country]}, headers=ana.headers())
    assert built.status_code == 200, built.text
    (package,) = built.json()["packages"]
    pid = package["package_id"]
    assert package["country"] == country and package["subjects"] > 0
    assert client.post(f"{BASE}/leads/build", json={}, headers=lia.headers()).status_code == 403

    approve = f"{BASE}/leads/{pid}/approve"
    assert client.post(approve, json={}, headers=ana.headers()).status_code == 403  # analysts do not approve
    assert (
        client.post(f"{BASE}/leads/{pid}/release", json={}, headers=lia.headers()).status_code == 400
    )  # draft
    approved = client.post(approve, json={}, headers=sue.headers())
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved" and approved.json()["approved_by"] == "sue"
    assert client.post(f"{BASE}/leads/{pid}/release", json={}, headers=sue.headers()).status_code == 403
    released = client.post(f"{BASE}/leads/{pid}/release", json={"to": "NCB test"}, headers=lia.headers())
    assert released.status_code == 200, released.text
    assert released.json()["state"] == "released" and released.json()["released_to"] == "NCB test"
    release_audit = _audit(server, "leads.release")[-1]
    assert release_audit["actor"] == "user:lia" and release_audit["purpose"] == "test: need-to-know"
    assert json.loads(release_audit["detail"])["sha256"] == package["sha256"]

    document = client.get(f"{BASE}/leads/{pid}", headers=lia.headers()).json()
    assert signing.verify(document) == package["sha256"]
    raw = client.get(f"{BASE}/leads/{pid}/download/json", headers=lia.headers())
    assert raw.status_code == 200 and json.loads(raw.content) == document
    assert signing.verify(json.loads(raw.content)) == package["sha256"]
    bundle = client.get(f"{BASE}/leads/{pid}/download/stix", headers=lia.headers())
    assert bundle.headers["content-type"].startswith("application/stix+json")
    assert stix.validate(bundle.text) == []
    pdf = client.get(f"{BASE}/leads/{pid}/download/pdf", headers=lia.headers())
    assert pdf.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pid in text and document["subjects"][0]["subject_id"] in text.replace("\n", "")
    exports = _audit(server, "leads.export")
    assert [json.loads(e["detail"])["format"] for e in exports[-3:]] == ["json", "stix", "pdf"]
    assert client.get(f"{BASE}/leads/{pid}/download/exe", headers=lia.headers()).status_code == 422

    subject = document["subjects"][0]["subject_id"]
    outcome = {
        "package_id": pid,
        "kind": "arrest",
        "date": "2026-11-30",
        "agency": "NCB test",
        "subject_id": subject,
    }
    recorded = client.post(f"{BASE}/outcomes", json=outcome, headers=lia.headers())
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["added"] == 1
    feedback = {
        "package_id": pid,
        "reporting_agency": "NCB test",
        "outcomes": [
            {"kind": "investigation-opened", "date": "2026-11-20", "subject_id": subject, "reference": "X-1"}
        ],
    }
    imported = client.post(f"{BASE}/outcomes/import", json=feedback, headers=ana.headers())
    assert imported.status_code == 200, imported.text
    assert imported.json()["added"] == 1 and _audit(server, "outcomes.import")

    stats = client.get(f"{BASE}/stats", headers=ana.headers()).json()
    assert stats == cli_json(capsys, workspace, "stats", "--json")
    assert stats["arrests_by_country"].get(country, 0) >= 1 and stats["investigations_opened"] >= 1
    register = client.get(f"{BASE}/leads", headers=ana.headers()).json()
    assert register == cli_json(capsys, workspace, "leads", "list", "--json")
    assert any(e["package_id"] == pid and e["state"] == "released" for e in register)
    preservation = client.get(f"{BASE}/preservation", headers=ana.headers()).json()
    assert preservation == cli_json(capsys, workspace, "leads", "preservation", "--json")


def test_the_builder_may_not_approve_four_eyes(server, team) -> None:
    client = server.client()
    sue = team["sue"]
    other = server.person("sam", role="supervisor")
    country = _country(server)
    pid = client.post(f"{BASE}/leads/build", json={"countries": [country]}, headers=sue.headers()).json()[
        "packages"
    ][0]["package_id"]
    own = client.post(f"{BASE}/leads/{pid}/approve", json={}, headers=sue.headers())
    assert own.status_code == 403 and "someone else" in own.json()["message"]
    denied = _audit(server, "leads.approve")[-1]
    assert denied["outcome"] == "denied" and denied["actor"] == "user:sue"
    assert client.post(f"{BASE}/leads/{pid}/approve", json={}, headers=other.headers()).status_code == 200


def test_packages_stay_in_their_operation_c2(server, team) -> None:
    client = server.client()
    bob = server.person("bob", operations=("other",))
    pid = next(iter(server.state.store("demo", Principal("t")).select("lead_packages")))["package_id"]
    for path in (f"/leads/{pid}", f"/leads/{pid}/download/json", "/leads", "/stats"):
        assert client.get(f"{BASE}{path}", headers=bob.headers()).status_code == 404
        assert client.get(f"/api/v1/operations/other{path}", headers=bob.headers()).status_code in (200, 404)
    assert client.get(f"/api/v1/operations/other/leads/{pid}", headers=bob.headers()).status_code == 404
    other_register = client.get("/api/v1/operations/other/leads", headers=bob.headers()).json()
    assert all(e["package_id"] != pid for e in other_register)
    assert client.get(f"{BASE}/leads", headers=team["aud"].headers()).status_code == 403  # no case data


def test_feedback_for_no_released_package_is_refused_and_kept(server, team) -> None:
    client = server.client()
    store = server.state.store("demo", Principal("t"))
    draft = next(iter(store.select("lead_packages", {"state": "draft"})))["package_id"]
    released = next(iter(store.select("lead_packages", {"state": "released"})))["package_id"]
    before = store.count("quarantine"), store.count("lead_outcomes")
    for feedback in (
        {"package_id": "LP-nowhere-XX", "reporting_agency": "A", "outcomes": []},
        {"package_id": draft, "reporting_agency": "A", "outcomes": []},  # never released
        {
            "package_id": released,
            "reporting_agency": "A",
            "outcomes": [{"kind": "party", "date": "2026-01-01"}],
        },
    ):
        refused = client.post(f"{BASE}/outcomes/import", json=feedback, headers=team["lia"].headers())
        assert refused.status_code == 400 and refused.json()["message"], refused.text
    assert (store.count("quarantine"), store.count("lead_outcomes")) == (before[0] + 3, before[1])


def test_deconfliction_between_two_operations_finds_exactly_the_planted_overlap(
    server, team, tmp_path
) -> None:
    from clew.ingest import ingest_paths
    from clew.leads.deconflict import local_items

    client = server.client()
    lia = team["lia"]
    ola = server.person("ola", role="liaison", operations=("other",))
    demo = server.state.store("demo", Principal("t"))
    phone = next(iter(demo.select("identifiers", {"kind": "phone"}, order_by=["key"], limit=1)))["value"]
    planted = tmp_path / "planted.ftm.jsonl"
    entity = {
        "id": "planted-1",
        "schema": "Person",
        "properties": {"name": ["Planted Person"], "phone": [phone]},
    }
    planted.write_text(json.dumps(entity) + "\n", encoding="utf-8")
    ingest_paths(server.state.store("other", Principal("t")), [planted])
    other = server.state.store("other", Principal("t"))
    expected = sorted(set(local_items(demo)) & set(local_items(other)))
    assert f"phone:{phone}" in expected

    offer = client.post(f"{BASE}/deconflict/offer", json={}, headers=lia.headers())
    assert offer.status_code == 200, offer.text
    assert phone not in offer.text  # blinded
    response = client.post(
        "/api/v1/operations/other/deconflict/respond", json={"offer": offer.json()}, headers=ola.headers()
    )
    assert response.status_code == 200, response.text
    found = client.post(
        f"{BASE}/deconflict/finish", json={"response": response.json()}, headers=lia.headers()
    )
    assert found.status_code == 200, found.text
    assert sorted(found.json()["matches"]) == expected
    actions = [r["action"] for r in demo.select("audit", order_by=["seq"])]
    assert "deconflict.offer" in actions and "deconflict.finish" in actions

    assert client.post(f"{BASE}/deconflict/offer", json={}, headers=team["ana"].headers()).status_code == 403
    corrupt = {**response.json(), "setup": "bm90IGEgc2V0dXA="}
    bad = client.post(f"{BASE}/deconflict/finish", json={"response": corrupt}, headers=lia.headers())
    assert bad.status_code == 400
    junk = client.post(f"{BASE}/deconflict/respond", json={"offer": {"protocol": "x"}}, headers=lia.headers())
    assert junk.status_code == 400


def test_refused_feedback_names_the_line_and_field_as_sent(server, team) -> None:
    """The partner's document is read as sent: the error names its own line, not line 1 of a
    re-serialisation."""
    client = server.client()
    store = server.state.store("demo", Principal("t"))
    released = next(iter(store.select("lead_packages", {"state": "released"})))["package_id"]
    body = (
        "{\n"
        f'  "package_id": "{released}",\n'
        '  "reporting_agency": "A",\n'
        '  "outcomes": [\n'
        '    {"kind": "party", "date": "2026-01-01"}\n'
        "  ]\n"
        "}\n"
    )
    headers = {**team["lia"].headers(), "Content-Type": "application/json"}
    refused = client.post(f"{BASE}/outcomes/import", content=body.encode(), headers=headers)
    assert refused.status_code == 400, refused.text
    assert "line 5" in refused.json()["message"] and "kind" in refused.json()["message"], refused.text
