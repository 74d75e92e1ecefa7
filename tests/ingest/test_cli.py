"""`clew ingest PATH…` and `clew ingest errors` through the CLI entry point."""

from __future__ import annotations

import json

from clew.cli.main import main
from ingest.helpers import person, write_lines


def _ws(tmp_path) -> str:
    ws = str(tmp_path / "ws")
    assert main(["--workspace", ws, "init"]) == 0
    return ws


def test_ingest_folder_json_summary_then_skipped(tmp_path, capsys):
    ws = _ws(tmp_path)
    write_lines(tmp_path / "case" / "a.ftm.jsonl", [person(1, phone=["0917 123 4567"])])
    capsys.readouterr()
    assert main(["-w", ws, "ingest", str(tmp_path / "case"), "--country", "PH", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["totals"]["new"] == 1 and out["totals"]["records"] == 1 and out["totals"]["kept_raw"] == 0
    assert main(["-w", ws, "ingest", str(tmp_path / "case")]) == 0
    captured = capsys.readouterr()
    assert "1 skipped" in captured.out
    assert main(["-w", ws, "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["phone_numbers_by_country"] == [
        {"country": "PH", "numbers": 1}
    ]


def test_ingest_errors_lists_quarantine(tmp_path, capsys):
    ws = _ws(tmp_path)
    path = tmp_path / "bad.ftm.jsonl"
    path.write_text(json.dumps(person(1)) + '\n{"id": "z", "schema": "Starship"}\n', encoding="utf-8")
    assert main(["-w", ws, "ingest", str(path)]) == 0
    err = capsys.readouterr().err
    assert "line 2" in err and "'schema'" in err
    assert main(["-w", ws, "ingest", "errors", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["line"], r["field"]) for r in rows] == [(2, "schema")] and "Starship" in rows[0]["error"]
    assert main(["-w", ws, "ingest", "errors"]) == 0
    assert "Starship" in capsys.readouterr().out


def test_strict_is_one_line_error_and_nonzero(tmp_path, capsys):
    ws = _ws(tmp_path)
    path = tmp_path / "bad.ftm.jsonl"
    path.write_text(json.dumps(person(1)) + "\nnot json\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["-w", ws, "ingest", "--strict", str(path), "--json"])
    captured = capsys.readouterr()
    assert code != 0
    last = [line for line in captured.err.splitlines() if line.startswith("clew: error:")]
    assert (
        len(last) == 1
        and "bad.ftm.jsonl" in last[0]
        and "line 2" in last[0]
        and "Traceback" not in captured.err
    )
    assert json.loads(captured.out)["totals"]["rejected"] == 1


def test_missing_path_and_unknown_format(tmp_path, capsys):
    ws = _ws(tmp_path)
    assert main(["-w", ws, "ingest", str(tmp_path / "nope.jsonl")]) != 0
    assert "nope.jsonl" in capsys.readouterr().err
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    assert main(["-w", ws, "ingest", str(notes)]) != 0
    err = capsys.readouterr().err
    assert "notes.txt" in err and err.count("\n") == 1


def test_kept_raw_listing(tmp_path, capsys):
    ws = _ws(tmp_path)
    path = write_lines(tmp_path / "a.ftm.jsonl", [person(1, phone=["0917 123 4567"])])
    assert main(["-w", ws, "ingest", str(path)]) == 0
    capsys.readouterr()
    assert main(["-w", ws, "ingest", "errors", "--kept-raw", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["quarantine"] == [] and out["kept_raw"][0]["raw"] == "0917 123 4567"
    assert out["kept_raw"][0]["path"].endswith("a.ftm.jsonl")


def test_bad_country_option(tmp_path, capsys):
    ws = _ws(tmp_path)
    path = write_lines(tmp_path / "a.ftm.jsonl", [person(1)])
    assert main(["-w", ws, "ingest", str(path), "--country", "Philippines"]) != 0
    assert "--country" in capsys.readouterr().err
    assert main(["-w", ws, "ingest", str(path), "--country", "XY"]) == 1  # a typo of two letters, once stored
    assert (
        capsys.readouterr().err == "clew: error: --country 'XY' is not an ISO-3166 alpha-2 code (e.g. PH)\n"
    )
    assert (
        main(["-w", ws, "ingest", str(path), "--country", "xk", "--json"]) == 0
    )  # Kosovo: ITU's and FtM's XK


def test_every_country_option_refuses_a_code_that_is_no_country(tmp_path, capsys):
    ws = _ws(tmp_path)
    for args in (["search", "0917 123 4567", "--country", "QQ"], ["leads", "build", "--country", "QQ"]):
        assert main(["-w", ws, *args]) == 1
        refused = "clew: error: --country 'QQ' is not an ISO-3166 alpha-2 code (e.g. PH)\n"
        assert capsys.readouterr().err == refused
