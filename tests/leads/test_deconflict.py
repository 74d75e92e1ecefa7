"""Deconfliction: two workspaces find exactly a planted overlap; the files reveal nothing else."""

from __future__ import annotations

import hashlib
import json

import pytest

from clew.errors import UserError
from clew.leads import deconflict
from clew.store import Workspace

SHARED = ["phone:+639171234567", "email:shared.one@mail.example", "username:shared_handle"]


def _workspace(path, own: list[str]) -> Workspace:
    ws = Workspace.init(path, operation="op")
    with ws.store() as store:
        keys = own + SHARED
        store.insert(
            "identifiers",
            [{"key": k, "kind": k.split(":")[0], "value": k.split(":", 1)[1], "valid": True} for k in keys],
        )
        store.insert(
            "mentions",
            [
                {"key": k, "entity_id": f"rec-{i}", "prop": "x", "raw": k, "source_id": 1, "locator": "1"}
                for i, k in enumerate(keys)
            ],
        )
        store.insert(
            "subject_members",
            [
                {"subject_id": f"subj-{i // 2}", "entity_id": f"rec-{i}", "schema": "Person", "run_id": "r"}
                for i in range(len(keys))
            ],
        )
    return ws


@pytest.fixture
def pair(tmp_path):
    a_only = [f"phone:+4915112345{i:03d}" for i in range(50)] + ["email:alice@mail.example"]
    b_only = [f"phone:+4915198765{i:03d}" for i in range(80)] + ["username:bob_only"]
    return _workspace(tmp_path / "a", a_only), _workspace(tmp_path / "b", b_only), a_only, b_only


def test_psi_finds_exactly_the_planted_overlap(pair, tmp_path):
    a, b, a_only, b_only = pair
    offer, answer = tmp_path / "offer.json", tmp_path / "answer.json"
    with a.store() as sa:
        deconflict.offer(sa, offer)
    with b.store() as sb:
        assert deconflict.respond(sb, offer, answer) == len(a_only) + len(SHARED)
    with a.store() as sa:
        found = deconflict.finish(sa, answer)
    assert sorted(found.matches) == sorted(SHARED)
    assert found.partner_items == len(b_only) + len(SHARED)
    assert all(subjects and subjects[0].startswith("subj-") for subjects in found.matches.values())
    exchanged = offer.read_text() + answer.read_text()
    for key in a_only + b_only + SHARED:
        value = key.split(":", 1)[1]
        assert value not in exchanged
        assert hashlib.sha256(key.encode()).hexdigest() not in exchanged
        assert hashlib.sha256(value.encode()).hexdigest() not in exchanged
    assert set(json.loads(offer.read_text())) == {"protocol", "mode", "session_id", "items", "request"}
    with a.store() as sa:
        actions = [r["action"] for r in sa.select("audit", columns=["action"])]
    assert "deconflict.offer" in actions and "deconflict.finish" in actions


def test_hmac_mode_needs_the_shared_secret_and_finds_the_overlap(pair, tmp_path):
    a, b, _, _ = pair
    offer, answer = tmp_path / "offer.json", tmp_path / "answer.json"
    with a.store() as sa:
        with pytest.raises(UserError, match="secret"):
            deconflict.offer(sa, offer, mode="hmac")
        deconflict.offer(sa, offer, mode="hmac", secret=b"shared out of band")
    with b.store() as sb:
        deconflict.respond(sb, offer, answer, secret=b"shared out of band")
    with a.store() as sa:
        assert sorted(deconflict.finish(sa, answer, secret=b"shared out of band").matches) == sorted(SHARED)


def test_a_foreign_or_broken_file_is_refused_naming_it(pair, tmp_path):
    a, _, _, _ = pair
    bad = tmp_path / "bad.json"
    bad.write_text('{"protocol": "other"}', encoding="utf-8")
    with a.store() as sa, pytest.raises(UserError, match=r"bad\.json, field 'protocol'"):
        deconflict.finish(sa, bad)
    bad.write_text('{"protocol": "clew-deconflict/1", "mode": "psi", "session_id": "nope"}', encoding="utf-8")
    with a.store() as sa, pytest.raises(UserError, match="no deconfliction offer nope"):
        deconflict.finish(sa, bad)
