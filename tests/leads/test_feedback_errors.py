"""Bad partner feedback (issue 12): `clew outcomes import` refuses the file with one line naming
the file, the line and the field of the bad entry; every bad entry is quarantined with its own
line and field, and nothing of the file is imported."""

from __future__ import annotations

import json

import pytest

from clew.cases import outcomes
from clew.cases.jsonpos import line_of
from clew.cli.main import main
from clew.errors import UserError
from clew.leads import register

GOOD = {"kind": "arrest", "date": "2026-05-01"}


def _released(store):
    return next(e for e in register.entries(store) if e.state == "released")


def _body(pkg, second: dict) -> dict:
    """Feedback on ``pkg``: a good outcome, then ``second``."""
    return {"package_id": pkg.package_id, "reporting_agency": "NCB", "outcomes": [GOOD, second]}


def _write(path, body) -> str:
    text = json.dumps(body, indent=2)  # as a partner's tool would write it: one field a line
    path.write_text(text, encoding="utf-8")
    return text


def _kept(store, path) -> list[dict]:
    return sorted(
        (r for r in store.select("quarantine") if r["path"] == str(path)), key=lambda r: r["line"] or 0
    )


def test_line_of_finds_every_value_of_a_document() -> None:
    text = '{\n "a": [1,\n  {"b": "x,]}"},\n  [2]],\n "c": {"d": null}\n}'
    assert [line_of(text, p) for p in (["a", 0], ["a", 1, "b"], ["a", 2, 0], ["c", "d"], ["e"])] == [
        2, 3, 4, 5, None
    ]  # fmt: skip


def test_a_bad_entry_is_named_by_file_line_and_field_and_nothing_is_imported(ws, tmp_path, capsys):
    with ws.store() as store:
        pkg = _released(store)
        before = store.count("lead_outcomes")
    entries = [GOOD, {"kind": "abducted", "date": "2026-05-01"}, GOOD, {"kind": "arrest"}]
    body = {"package_id": pkg.package_id, "reporting_agency": "NCB", "outcomes": entries}
    path = tmp_path / "FEEDBACK.json"
    text = _write(path, body)
    kind_line = line_of(text, ["outcomes", 1, "kind"])
    assert text.splitlines()[kind_line - 1].strip() == '"kind": "abducted",'
    assert main(["--workspace", str(ws.path), "outcomes", "import", str(path)]) == UserError.exit_code
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"clew: error: {path}, line {kind_line}, field 'outcomes.1.kind': 'abducted'")
    assert err.endswith("(and 1 more problem, quarantined)")
    with ws.store() as store:
        assert store.count("lead_outcomes") == before
        kept = _kept(store, path)
    assert [(r["line"], r["field"]) for r in kept] == [
        (kind_line, "outcomes.1.kind"),
        (line_of(text, ["outcomes", 3]), "outcomes.3"),
    ]
    assert "'date' is a required property" in kept[1]["error"] and json.loads(kept[0]["raw"]) == body
    path.write_text(json.dumps({**body, "outcomes": [GOOD]}), encoding="utf-8")  # corrected: imports
    assert main(["--workspace", str(ws.path), "outcomes", "import", str(path)]) == 0


def test_a_subject_of_another_package_is_named_by_its_line(ws, tmp_path):
    with ws.store() as store:
        pkg = _released(store)
        body = _body(pkg, {**GOOD, "subject_id": "subj-elsewhere"})
        path = tmp_path / "fb.json"
        text = _write(path, body)
        line = line_of(text, ["outcomes", 1, "subject_id"])
        with pytest.raises(UserError, match=rf"fb.json, line {line}, field 'outcomes.1.subject_id'"):
            outcomes.import_feedback(store, path)
        assert [(r["line"], r["field"]) for r in _kept(store, path)] == [(line, "outcomes.1.subject_id")]


def test_broken_json_names_the_line_the_parser_stopped_at(ws, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "package_id": "LP-x",\n  "outcomes": [\n    {"kind": "arrest",,}\n  ]\n}\n')
    with ws.store() as store:
        with pytest.raises(UserError, match=r"broken.json, line 4: not JSON"):
            outcomes.import_feedback(store, path)
        assert [r["line"] for r in _kept(store, path)] == [4]


def test_a_date_that_is_no_calendar_day_is_refused_by_line_and_field(ws, tmp_path, capsys):
    """The schema's pattern lets `2026-02-30` by; it was stored as an outcome (and `clew outcomes
    record --date 2026-11-31` said "recorded")."""
    with ws.store() as store:
        pkg = _released(store)
        before = store.count("lead_outcomes")
    body = _body(pkg, {**GOOD, "date": "2026-02-30"})
    path = tmp_path / "fb.json"
    text = _write(path, body)
    w = ["--workspace", str(ws.path)]
    assert main([*w, "outcomes", "import", str(path)]) == UserError.exit_code
    line = line_of(text, ["outcomes", 1, "date"])
    err = capsys.readouterr().err.strip()
    assert (
        err
        == f"clew: error: {path}, line {line}, field 'outcomes.1.date': '2026-02-30' is not a calendar date"
    )
    args = [
        "outcomes",
        "record",
        pkg.package_id,
        "--kind",
        "arrest",
        "--date",
        "2026-11-31",
        "--agency",
        "NCB",
    ]
    assert main([*w, *args]) == UserError.exit_code
    err = capsys.readouterr().err
    assert err.endswith("field 'date': '2026-11-31' is not a calendar date (YYYY-MM-DD)\n"), err
    with ws.store() as store:
        assert store.count("lead_outcomes") == before
