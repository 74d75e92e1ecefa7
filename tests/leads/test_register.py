"""The dissemination register: approval by someone else, releases immutable, versions, audit."""

from __future__ import annotations

import json

import pytest
import yaml

from clew.errors import UserError
from clew.leads import build, directory, preservation, register
from clew.leads.package import Sender


def _build_one(store, ws, country=None, sender=None):
    """(Re)build one country's package: by default one the demo left as a draft."""
    if country is None:
        country = next(e.country for e in register.entries(store) if e.state == "draft")
    return build.build(store, ws.path, directory.load(), countries={country}, sender=sender).packages[0]


def test_builder_cannot_approve_own_package(ws):
    with ws.store() as store:
        pkg = _build_one(store, ws)
        with pytest.raises(UserError, match="someone else must approve"):
            register.approve(store, pkg.package_id, store.principal.name)
        with pytest.raises(UserError, match="someone else must approve"):  # "local:root" built it: not "ROOT"
            register.approve(store, pkg.package_id, store.principal.name.split(":")[-1].upper())
        with pytest.raises(UserError, match="cannot become released"):
            register.release(store, pkg.package_id)
        entry = register.approve(store, pkg.package_id, "Second Officer")
        assert entry.state == "approved" and entry.approved_by == "Second Officer"


def test_released_package_is_immutable_and_a_changed_rebuild_supersedes_it(ws):
    with ws.store() as store:
        pkg = _build_one(store, ws)
        register.approve(store, pkg.package_id, "Second Officer")
        released = register.release(store, pkg.package_id, to="NCB duty desk")
        assert released.state == "released" and released.released_to == "NCB duty desk"
        with pytest.raises(UserError, match="released"):
            register.approve(store, pkg.package_id, "Third Officer", version=1)
        with pytest.raises(register.ReleasedImmutable):
            register.save(store, pkg, "someone")  # writing over the released version is refused
        same = build.build(store, ws.path, directory.load(), countries={pkg.country}, out=ws.path / "out")
        assert same.packages == [] and [(e.version, e.state) for e in same.unchanged] == [(1, "released")]
        written = ws.path / "out" / pkg.country / f"{pkg.package_id}.json"
        assert json.loads(written.read_text(encoding="utf-8")) == pkg.document  # the released text
        again = _build_one(store, ws, pkg.country, Sender(case_refs=("OP-2026-17",)))
        assert (again.version, again.supersedes) == (2, 1)
        assert again.document["envelope"]["sender_case_references"] == ["OP-2026-17"]
        again = _build_one(store, ws, pkg.country, Sender(case_refs=("OP-2026-18",)))  # the draft, in place
        assert (again.version, again.supersedes) == (2, 1)
        states = {(e.version, e.state) for e in register.entries(store) if e.package_id == pkg.package_id}
        assert states == {(1, "superseded"), (2, "draft")}
        assert register.document(store, pkg.package_id, 1) == pkg.document  # the released text is kept
        assert register.document(store, pkg.package_id, 2)["envelope"]["supersedes"] == 1
        actions = [r["action"] for r in store.select("audit", columns=["action"])]
        assert {"leads.build", "leads.approve", "leads.release", "leads.read"} <= set(actions)
        release_event = list(store.select("audit", {"action": "leads.release"}))[-1]
        assert "NCB duty desk" in release_event["detail"] and "TLP:AMBER+STRICT" in release_event["detail"]


def test_release_sends_preservation_requests_with_expiry(ws):
    from datetime import UTC, datetime, timedelta

    with ws.store() as store:
        pkg = _build_one(store, ws)
        requests = pkg.document["evidence"]["preservation_requests"]
        assert requests, "the demo's subjects hold accounts"
        assert all(r.sent_at is None for r in preservation.listing(store) if r.package_id == pkg.package_id)
        register.approve(store, pkg.package_id, "Second Officer")
        register.release(store, pkg.package_id)
        sent = [r for r in preservation.listing(store) if r.package_id == pkg.package_id and r.sent_at]
        assert {r.request_id for r in sent} == {r["request_id"] for r in requests}
        assert all(r.expires_at for r in sent)
        mine = lambda found: [r for r in found if r.package_id == pkg.package_id]  # noqa: E731
        assert mine(preservation.listing(store, timedelta(days=30))) == []
        assert len(mine(preservation.listing(store, timedelta(days=91)))) == len(sent)
        later = datetime.now(UTC) + timedelta(days=85)
        assert len(mine(preservation.listing(store, timedelta(days=30), now=later))) == len(sent)
        renewed = preservation.renew(store, sent[0].request_id)
        assert renewed.renewals == 1 and renewed.expires_at > sent[0].expires_at


def test_a_request_the_directory_makes_not_renewable_is_not_renewed(ws, tmp_path):
    with ws.store() as store:
        country = next(e.country for e in register.entries(store) if e.state == "draft")
        own = tmp_path / "partners.yaml"
        terms = {"days": 30, "renewable": False, "legal_basis": "local law"}
        own.write_text(yaml.safe_dump({"countries": {country: {"preservation": terms}}}), encoding="utf-8")
        pkg = build.build(store, ws.path, directory.load(own), countries={country}).packages[0]
        register.approve(store, pkg.package_id, "Second Officer")
        register.release(store, pkg.package_id)
        sent = [r for r in preservation.listing(store) if r.package_id == pkg.package_id]
        assert sent and all(r.days == 30 and r.legal_basis == "local law" for r in sent)
        with pytest.raises(UserError, match="not renewable under 'local law'"):
            preservation.renew(store, sent[0].request_id)


def test_expiring_within_parses_durations():
    from datetime import timedelta

    assert preservation.parse_within("30d") == timedelta(days=30)
    assert preservation.parse_within("2w") == timedelta(days=14)
    with pytest.raises(UserError, match="expiring-within"):
        preservation.parse_within("soon")


def test_register_says_which_results_changed_since_a_package_was_built(ws):
    from clew.pipeline import run_all

    with ws.store() as store:
        pkg = _build_one(store, ws)
        mine = next(e for e in register.entries(store) if e.package_id == pkg.package_id)
        assert mine.changed == ()  # built from the results stored now
        run_all(store, only=["priority"])
        mine = next(e for e in register.entries(store) if e.package_id == pkg.package_id)
        assert mine.changed == ("priority recomputed since",)
