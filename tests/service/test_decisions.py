"""``clew resolve decisions`` / ``undo`` and ``explain`` on a subject: every merge in words."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clew.cli.main import cli
from clew.errors import NotFound
from clew.resolve.decisions import decide
from clew.resolve.explain import explain
from clew.resolve.pipeline import run as resolve
from clew.service.decisions import decision_id, decisions, undo_id


def _subject(store, entity: str) -> str:
    return next(iter(store.select("subject_members", {"entity_id": entity})))["subject_id"]


def test_undo_reverses_a_decision_and_the_next_resolve_honours_it(people) -> None:
    assert _subject(people, "p-jose") != _subject(people, "p-muhammad")
    decide(people, "p-jose", "p-muhammad", same=True, reason="same device")
    resolve(people)
    assert _subject(people, "p-jose") == _subject(people, "p-muhammad")
    (d,) = decisions(people)
    assert d.decision_id == decision_id("p-muhammad", "p-jose") and d.same and d.reason == "same device"
    undo_id(people, d.decision_id)
    assert decisions(people) == ()
    resolve(people)
    assert _subject(people, "p-jose") != _subject(people, "p-muhammad")
    row = next(iter(people.select("audit", {"action": "resolve.undo"})))
    assert row["target"] == "p-jose p-muhammad" and json.loads(row["detail"])["same"] is True
    with pytest.raises(NotFound):
        undo_id(people, d.decision_id)  # already undone


def test_explain_a_subject_lists_every_merge_in_words(people) -> None:
    sid = _subject(people, "p-maria")
    out = explain(people, sid)
    assert out["subject"] == sid and set(out["members"]) == {
        "p-maria",
        "p-maria-2",
        "acct-maria",
    }
    assert out["links"] and all(lk["accepted"] for lk in out["links"])
    inside = {frozenset((lk["left"], lk["right"])) for lk in out["links"]}
    assert any("p-maria-2" in pair for pair in inside)
    words = [lk["words"] for lk in out["links"]]
    assert any(w.startswith("both hold the phone +639171234567") for w in words), words
    assert all(lk["score"] is None or lk["score"] == round(lk["score"], 3) for lk in out["links"])


def test_cli_decisions_undo_and_explain(workspace, tmp_path) -> None:
    from service.conftest import PEOPLE, write

    runner = CliRunner()
    ws = ["-w", str(workspace.path)]
    assert runner.invoke(cli, [*ws, "ingest", str(write(tmp_path / "p.ftm.jsonl", PEOPLE))]).exit_code == 0
    out = runner.invoke(cli, [*ws, "resolve", "decide", "p-jose", "p-muhammad", "--different"])
    assert out.exit_code == 0, out.output
    did = decision_id("p-jose", "p-muhammad")
    assert did in out.output
    listing = runner.invoke(cli, [*ws, "resolve", "decisions"])
    assert did in listing.output  # the id whole, on one line, at 80 columns
    (listed,) = json.loads(runner.invoke(cli, [*ws, "resolve", "decisions", "--json"]).output)
    assert listed["decision_id"] == did and listed["same"] is False
    assert runner.invoke(cli, [*ws, "resolve", "undo", did]).exit_code == 0
    assert json.loads(runner.invoke(cli, [*ws, "resolve", "decisions", "--json"]).output) == []
    with workspace.store() as store:
        sid = _subject(store, "p-maria")
    out = runner.invoke(cli, [*ws, "resolve", "explain", sid])
    assert out.exit_code == 0 and "both hold the phone" in out.output and '{"' not in out.output
    bad = runner.invoke(cli, [*ws, "resolve", "undo", "dec-000000000000"])
    assert bad.exit_code != 0
