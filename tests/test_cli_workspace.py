"""`clew init`, `clew status`, `clew audit`: exit codes, messages, JSON."""

from __future__ import annotations

import json

from clew.cli.main import main


def test_status_of_missing_workspace_is_one_line_error(tmp_path, capsys):
    code = main(["--workspace", str(tmp_path / "nope"), "status"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and "nope" in err and "Traceback" not in err


def test_init_then_status_json(tmp_path, capsys):
    ws = str(tmp_path / "ws")
    assert main(["--workspace", ws, "--operation", "op-x", "init"]) == 0
    capsys.readouterr()
    assert main(["--workspace", ws, "status", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["operation"] == "op-x"
    assert summary["records"] == 0 and summary["quarantined"] == 0


def test_audit_verify(tmp_path, capsys):
    ws = str(tmp_path / "ws")
    main(["--workspace", ws, "init"])
    assert main(["--workspace", ws, "audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out


def test_output_path_below_a_file_is_one_line_error(tmp_path, capsys):
    ws = str(tmp_path / "ws")
    main(["--workspace", ws, "init"])
    capsys.readouterr()
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    code = main(["--workspace", ws, "export", "identities", "--out", str(blocker / "ids.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "plain-file" in err and "Traceback" not in err


def test_internal_operations_are_not_shown(workspace, capsys):
    from clew.vocabulary import SYSTEM_OPERATION

    with workspace.store(SYSTEM_OPERATION, create=True):  # as `clew users add` and the server do
        pass
    ws = str(workspace.path)
    assert main(["--workspace", ws, "operations", "list", "--json"]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["test-op"]
    assert main(["--workspace", ws, "operations", "list"]) == 0
    assert SYSTEM_OPERATION not in capsys.readouterr().out
    assert main(["--workspace", ws, "--operation", "tset-op", "status"]) != 0
    assert "known: test-op (create one" in capsys.readouterr().err
