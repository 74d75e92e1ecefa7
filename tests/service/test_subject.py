"""``clew subject``: who a subject is; display names next to ids, ids never cut."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clew.cli.main import cli
from clew.errors import NotFound
from clew.service.display import displays
from clew.service.subject import subject
from service.conftest import PEOPLE, write


def _maria(store) -> str:
    return next(iter(store.select("subject_members", {"entity_id": "p-maria"})))["subject_id"]


def test_display_name_variants_country_identifiers(people) -> None:
    sid = _maria(people)
    d = displays(people, [sid, "p-jose"])
    assert d[sid].name in ("María Sántos", "MARIA SANTOS")  # a person's full name, not the user name
    assert d[sid].variants == 3  # maria santos, m santos, mariasun77 (accents and case folded)
    assert d[sid].identifiers[0] == "+639171234567"  # phone first
    assert d[sid].label().startswith(d[sid].name + " (+2 variants)")
    assert people.count("audit", {"action": "subject.display"}) == 1


def test_subject_view(people) -> None:
    sid = _maria(people)
    view = subject(people, "p-maria-2")  # a record id finds its subject
    assert view.subject_id == sid
    assert {r.entity_id for r in view.records} == {"p-maria", "p-maria-2", "acct-maria"}
    assert all(r.sources[0].locator.startswith("line ") for r in view.records)
    phone = next(i for i in view.identifiers if i.kind == "phone")
    assert phone.country == "PH" and phone.records == 3 and "phone-prefix" in phone.evidence[0]
    assert view.priority is None and view.neighbours == ()  # no network yet: empty, not an error
    assert people.count("audit", {"action": "subject.view", "target": sid}) == 1
    with pytest.raises(NotFound):
        subject(people, "nobody")


def test_subject_shows_priority_reasons_heaviest_first(people) -> None:
    sid = _maria(people)
    reasons = [{"role": "member", "analysis": "network", "weight": 0.5},
               {"role": "seller", "analysis": "money", "weight": 3.25}]  # fmt: skip
    people.insert(
        "subject_priority",
        [{"subject_id": sid, "priority": 3.75, "rank": 1, "reasons": json.dumps(reasons), "run_id": "t"}],
    )
    view = subject(people, sid)
    assert view.priority.priority == 3.75 and view.priority.rank == 1
    assert [r.role for r in view.priority.reasons] == ["seller", "member"]


def test_cli_subject_and_ids_never_cut(workspace, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    runner = CliRunner()
    ws = ["-w", str(workspace.path)]
    path = write(tmp_path / "people.ftm.jsonl", PEOPLE)
    assert runner.invoke(cli, [*ws, "ingest", str(path)]).exit_code == 0
    assert runner.invoke(cli, [*ws, "resolve"]).exit_code == 0
    with workspace.store() as store:
        sid = _maria(store)
    out = runner.invoke(cli, [*ws, "subject", "p-maria"])
    assert out.exit_code == 0, out.output
    assert f"Subject {sid}:" in out.output and "+639171234567" in out.output
    assert "…" not in out.output
    doc = json.loads(runner.invoke(cli, [*ws, "subject", sid, "--json"]).output)
    assert doc["display"]["subject_id"] == sid and len(doc["records"]) == 3
    search = runner.invoke(cli, [*ws, "search", "santos"])
    assert sid in search.output and "…" not in search.output  # whole id on one line at 80 columns
