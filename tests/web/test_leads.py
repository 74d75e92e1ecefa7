"""Lead pages in-process (issue 14 item 9): the register and its twins, build, a package page,
four-eyes approval, release, outcomes, downloads; each step refused to a role without its
permission, a package of another operation not found, every read and change audited once
with the session's purpose (checklist A1, A2, C2, I5)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from fastapi.testclient import TestClient

from clew.leads import directory, signing
from clew.store.base import Principal
from web.conftest import PURPOSE

HTMX = {"HX-Request": "true"}


def _store(web, operation: str = "demo"):
    return web.state.store(operation, Principal("test"))


def _audit(web, operation: str = "demo") -> list[dict]:
    return list(_store(web, operation).select("audit", order_by=["seq"]))


def _smallest(web, state: str = "released") -> dict:
    """The demo's package in ``state`` with the fewest subjects (a draft: the quickest to rebuild;
    an unchanged released one is kept as it is, not rebuilt)."""
    rows = _store(web).select("lead_packages", {"state": state}, order_by=["subjects", "country"])
    return next(iter(rows))


def _correctable(web) -> str:
    """The country of the smallest released package, its partner's contact changed in the
    operation's directory: rebuilding it is a real correction (a new draft version), where an
    unchanged release would be kept as it is."""
    country = _smallest(web)["country"]
    found = directory.for_operation(web.state.workspace.path, "demo")
    countries = {**found.countries, country: {**found.countries[country], "contact": "new NCB duty desk"}}
    own = directory.operation_path(web.state.workspace.path, "demo")
    own.write_text(yaml.safe_dump({"countries": countries}), encoding="utf-8")
    return country


def _team(web) -> dict[str, TestClient]:
    out = {}
    for name, role in (("ana", "analyst"), ("sue", "supervisor"), ("lia", "liaison")):
        out[name] = web.client()
        assert web.login(out[name], web.person(name, role=role)).status_code == 204
    return out


def _build(client: TestClient, country: str) -> tuple[str, int]:
    built = client.post("/leads/build", data={"countries": country, "min_priority": "0"}, headers=HTMX)
    assert built.status_code == 200, built.text
    row = next(r for r in csv.DictReader(io.StringIO(client.get("/leads.csv").text)) if r["state"] == "draft")
    assert f'href="/leads/{row["package_id"]}?version={row["version"]}"' in built.text
    return row["package_id"], int(row["version"])


def test_register_lists_packages_with_twins_and_is_audited_once(client: TestClient, web) -> None:
    before = len(_audit(web))
    html = client.get("/leads").text
    new = _audit(web)[before:]
    assert [r["action"] for r in new] == ["leads.read"] and new[0]["purpose"] == PURPOSE
    rows = client.get("/leads.json").json()
    listed = list(csv.DictReader(io.StringIO(client.get("/leads.csv").text)))
    assert rows and [r["package_id"] for r in rows] == [r["package_id"] for r in listed]
    for r in rows:
        assert f'href="/leads/{r["package_id"]}?version={r["version"]}"' in html
        assert {"country", "agency", "state", "subjects", "version"} <= set(r)
    assert 'hx-post="/leads/build"' in html  # ana builds


def test_build_approve_release_outcome_as_three_people(web) -> None:
    team = _team(web)
    ana, sue, lia = team["ana"], team["sue"], team["lia"]
    before = len(_audit(web))
    pid, version = _build(ana, _correctable(web))
    assert [r["action"] for r in _audit(web)[before:]] == ["leads.build", "leads.read"]  # build, twin
    page = ana.get(f"/leads/{pid}?version={version}").text
    assert 'data-testid="package-state">draft<' in page and "/approve" not in page  # analysts do not approve
    assert ana.post(f"/leads/{pid}/approve", data={"version": version}, headers=HTMX).status_code == 403
    assert lia.post(f"/leads/{pid}/approve", data={"version": version}, headers=HTMX).status_code == 403
    assert lia.post(f"/leads/{pid}/release", data={"version": version}, headers=HTMX).status_code == 400

    assert 'hx-post="/leads/' in sue.get(f"/leads/{pid}?version={version}").text
    approved = sue.post(f"/leads/{pid}/approve", data={"version": version}, headers=HTMX)
    assert approved.status_code == 204
    assert approved.headers["hx-redirect"] == f"/leads/{pid}?version={version}"
    assert _audit(web)[-1]["action"] == "leads.approve" and _audit(web)[-1]["actor"] == "user:sue"
    for who in (ana, sue):  # only liaison officers release
        assert who.post(f"/leads/{pid}/release", data={"version": version}, headers=HTMX).status_code == 403
    page = lia.get(f"/leads/{pid}?version={version}").text
    assert 'data-testid="release-form"' in page and "TLP:AMBER+STRICT, H0, H1, H2" in page
    form = {"version": version, "to": "NCB duty desk"}
    released = lia.post(f"/leads/{pid}/release", data=form, headers=HTMX)
    assert released.status_code == 204
    audit = _audit(web)[-1]
    assert audit["action"] == "leads.release" and audit["purpose"] == PURPOSE
    assert json.loads(audit["detail"])["to"] == "NCB duty desk"

    page = lia.get(f"/leads/{pid}?version={version}").text
    assert 'data-testid="package-state">released<' in page
    assert "to NCB duty desk by user:lia" in page and "by sue at" in page and "by user:ana at" in page
    subject = json.loads(lia.get(f"/leads/{pid}/download/json?version={version}").content)["subjects"][0]
    form = {"version": version, "kind": "arrest", "date": "2026-11-30", "agency": "NCB duty desk",
            "subject_id": subject["subject_id"], "count": "1", "reference": "REF-77"}  # fmt: skip
    recorded = lia.post(f"/leads/{pid}/outcomes", data=form, headers=HTMX)
    assert recorded.status_code == 204 and recorded.headers["hx-redirect"].endswith("#outcomes")
    assert _audit(web)[-1]["action"] == "outcomes.record"
    assert "REF-77" in lia.get(f"/leads/{pid}?version={version}").text
    on_subject = lia.get(f"/subjects/{subject['subject_id']}").text
    packages = on_subject.split('data-testid="subject-leads"', 1)[1]
    assert f'href="/leads/{pid}?version={version}"' in packages.split("</table>", 1)[0]
    assert "REF-77" in on_subject.split('data-testid="subject-outcomes"', 1)[1]


def test_the_builder_may_not_approve_four_eyes(web) -> None:
    sue = _team(web)["sue"]
    pid, version = _build(sue, _correctable(web))
    refused = sue.post(f"/leads/{pid}/approve", data={"version": version}, headers=HTMX)
    assert refused.status_code == 403 and "someone else must approve it" in refused.text
    assert refused.headers["hx-retarget"] == "#messages"
    denied = _audit(web)[-1]
    assert denied["action"] == "leads.approve" and denied["outcome"] == "denied"
    row = next(iter(_store(web).select("lead_packages", {"package_id": pid, "version": version})))
    assert row["state"] == "draft"


def test_rebuilding_an_unchanged_release_keeps_it(web) -> None:
    ana = _team(web)["ana"]
    row = _smallest(web)
    built = ana.post("/leads/build", data={"countries": row["country"], "min_priority": "0"}, headers=HTMX)
    assert built.status_code == 200 and 'data-testid="unchanged"' in built.text
    assert f'href="/leads/{row["package_id"]}?version={row["version"]}"' in built.text
    versions = _store(web).select("lead_packages", {"package_id": row["package_id"]}, ["version", "state"])
    assert [(r["version"], r["state"]) for r in versions] == [(row["version"], "released")]


def test_outcomes_only_for_a_released_package(web) -> None:
    team = _team(web)
    pid, version = _build(team["ana"], _correctable(web))
    assert 'data-testid="outcome-form"' not in team["lia"].get(f"/leads/{pid}?version={version}").text
    form = {"version": version, "kind": "arrest", "date": "2026-11-30", "agency": "NCB"}
    refused = team["lia"].post(f"/leads/{pid}/outcomes", data=form, headers=HTMX)
    assert refused.status_code == 400 and "no released lead package" in refused.text


@pytest.mark.parametrize(
    ("fmt", "media"),
    [("json", "application/json"), ("stix", "application/stix+json"), ("pdf", "application/pdf")],
)
def test_downloads_are_the_signed_package_and_audited(client: TestClient, web, fmt: str, media: str) -> None:
    pid = _smallest(web)["package_id"]
    assert f'href="/leads/{pid}/download/{fmt}?version=1"' in client.get(f"/leads/{pid}").text
    response = client.get(f"/leads/{pid}/download/{fmt}?version=1")
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert f'filename="{pid}-v1.' in response.headers["content-disposition"]
    audit = _audit(web)[-1]
    assert audit["action"] == "leads.export" and json.loads(audit["detail"])["format"] == fmt
    if fmt == "json":
        assert signing.verify(response.json()) == _smallest(web)["sha256"]


def test_package_page_shows_envelope_handling_subjects_and_is_audited_once(client, web) -> None:
    row = _smallest(web)
    before = len(_audit(web))
    html = client.get(f"/leads/{row['package_id']}").text
    new = _audit(web)[before:]
    assert [r["action"] for r in new] == ["leads.read"] and new[0]["target"] == f"{row['package_id']} v1"
    for piece in ('data-testid="envelope"', 'data-testid="handling"', 'data-testid="history"',
                  row["agency"], "TLP:AMBER+STRICT", "H1</strong> intelligence only"):  # fmt: skip
        assert piece in html
    held = _store(web).select("lead_package_subjects", {"package_id": row["package_id"], "version": 1})
    assert all(f'href="/subjects/{r["subject_id"]}"' in html for r in held)


def test_another_operations_package_is_not_found_c2(web) -> None:
    pid = _smallest(web)["package_id"]
    c = web.client()
    web.login(c, web.person("olga", role="supervisor", operations=("demo", "other")), operation="other")
    for path in (f"/leads/{pid}", f"/leads/{pid}/download/json"):
        response = c.get(path)
        assert response.status_code == 404 and "Not found" in response.text, path
        assert _audit(web, "other")[-1]["action"] == "access.not-found"
    assert c.post(f"/leads/{pid}/approve", data={"version": 1}, headers=HTMX).status_code == 404
    assert "No lead package yet" in c.get("/leads").text


def test_subject_page_lists_its_packages_and_outcomes_item_4(client: TestClient, web) -> None:
    store = _store(web)
    outcome = next(iter(store.select("lead_outcomes", {"kind": "arrest"}, order_by=["subject_id"])))
    sid, pid = outcome["subject_id"], outcome["package_id"]
    before = len(_audit(web))
    html = client.get(f"/subjects/{sid}").text
    assert [r["action"] for r in _audit(web)[before:]] == ["subject.view"]  # one record for the page
    packages = html.split('data-testid="subject-leads"', 1)[1].split("</table>", 1)[0]
    assert f'href="/leads/{pid}?version={outcome["version"]}"' in packages and "released" in packages
    outcomes = html.split('data-testid="subject-outcomes"', 1)[1].split("</table>", 1)[0]
    assert "arrest" in outcomes and outcome["date"] in outcomes and outcome["agency"] in outcomes
    store.delete("lead_package_subjects", {"subject_id": sid})  # every demo subject is in a package
    assert "In no lead package yet" in client.get(f"/subjects/{sid}").text


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_outcomes_list_with_twins_is_audited(client: TestClient, web, fmt: str) -> None:
    before = len(_audit(web))
    html = client.get("/outcomes").text
    assert [(r["action"], r["target"]) for r in _audit(web)[before:]] == [("leads.read", "outcomes")]
    stored = list(_store(web).select("lead_outcomes"))
    response = client.get(f"/outcomes.{fmt}")
    rows = response.json() if fmt == "json" else list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(stored) == html.count("<tr>") - 1 > 0
    assert {r["package_id"] for r in rows} == {r["package_id"] for r in stored}
    assert "children safeguarded" in html or "arrest" in html


def test_feedback_file_import_ties_outcomes_to_the_package(web) -> None:
    team = _team(web)
    lia = team["lia"]
    row = _smallest(web)
    pid = row["package_id"]
    document = lia.get(f"/leads/{pid}/download/json?version=1").json()
    feedback = dict(document["feedback"])
    feedback["outcomes"] = [{"kind": "search-warrant", "date": "2026-11-29", "reference": "FB-9"}]
    files = {"feedback": ("feedback.json", json.dumps(feedback).encode(), "application/json")}
    done = lia.post("/outcomes/import", files=files, headers=HTMX)
    assert done.status_code == 204 and done.headers["hx-redirect"] == f"/leads/{pid}?version=1#outcomes"
    assert _audit(web)[-1]["action"] == "outcomes.import"
    assert "FB-9" in lia.get(f"/leads/{pid}").text
    wrong = json.dumps(feedback | {"package_id": "LP-none"}).encode()
    bad = {"feedback": ("f.json", wrong, "application/json")}
    refused = lia.post("/outcomes/import", files=bad, headers=HTMX)
    assert refused.status_code == 400 and "no released lead package LP-none" in refused.text
    assert _store(web).count("quarantine", {"path": "web:f.json"}) == 1  # kept, nothing lost
