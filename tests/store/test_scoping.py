"""Operations are created explicitly, sources can be retracted, the demo keeps to its own
operation, empty files are refused, workspaces are private, reads are audited
(issue 9 items 2-4, issue 10 items 8-9; security checklist: need-to-know scoping, audit of reads)."""

from __future__ import annotations

import json
import os
import stat

from tests.ingest.helpers import person, write_lines

from clew.cli.main import main
from clew.errors import UnknownOperation
from clew.ingest import ingest_paths
from clew.store import Workspace


def _ws(tmp_path) -> str:
    ws = str(tmp_path / "ws")
    assert main(["-w", ws, "init"]) == 0
    return ws


def _operations(ws: str) -> list[str]:
    return [r["name"] for r in Workspace.open(ws).operations()]


def test_unknown_operation_is_an_error_listing_the_known_ones_from_every_command(tmp_path, capsys):
    ws = _ws(tmp_path)
    evidence = write_lines(tmp_path / "a.ftm.jsonl", [person(1)])
    for argv in (["status"], ["ingest", str(evidence)], ["network"], ["audit", "list"], ["sources", "list"]):
        capsys.readouterr()
        assert main(["-w", ws, "-o", "defualt", *argv]) == UnknownOperation.exit_code
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "unknown operation 'defualt'" in err and "known: default" in err
    assert _operations(ws) == ["default"]  # no typo became an operation


def test_operations_create_and_list(tmp_path, capsys):
    ws = _ws(tmp_path)
    assert main(["-w", ws, "operations", "create", "op-2", "--title", "Second"]) == 0
    assert main(["-w", ws, "operations", "create", "op-2"]) == 0  # exists already: said, not an error
    assert main(["-w", ws, "operations", "create", "bad name!"]) == 1
    capsys.readouterr()
    assert main(["-w", ws, "operations", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["name"], r["title"], r["sources"]) for r in rows] == [
        ("default", None, 0),
        ("op-2", "Second", 0),
    ]
    assert main(["-w", ws, "-o", "op-2", "status"]) == 0
    with Workspace.open(ws).store("op-2") as store:
        assert [r["action"] for r in store.select("audit")] == ["operations.create", "status.show"]


def test_empty_files_are_rejected_not_reported_as_already_stored(tmp_path, capsys):
    ws = _ws(tmp_path)
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "a.ftm.jsonl").write_bytes(b"")
    (tmp_path / "case" / "b.ftm.jsonl").write_bytes(b"")
    capsys.readouterr()
    assert main(["-w", ws, "ingest", str(tmp_path / "case"), "--json"]) == 1
    captured = capsys.readouterr()
    files = json.loads(captured.out)["files"]
    assert [f["status"] for f in files] == ["rejected", "rejected"]
    assert all("empty file" in f["error"] for f in files)
    assert "empty file (0 bytes)" in captured.err and "already stored" not in captured.out


def test_retracted_source_is_hidden_from_every_read_and_analysis_and_restored(workspace, tmp_path, capsys):
    keep = write_lines(tmp_path / "keep.ftm.jsonl", [person(1, phone=["+639171234567"])])
    doubtful = write_lines(
        tmp_path / "doubtful.ftm.jsonl",
        [person(2, phone=["+639171234567"]), person(3, email=["only@here.example"])],
    )
    with workspace.store() as store:
        ingest_paths(store, [keep, doubtful])
        full = (store.count("statements"), store.count("identifiers"), len(list(store.records())))
    ws = str(workspace.path)
    assert main(["-w", ws, "sources", "retract", "2", "--reason", "seized unlawfully"]) == 0
    assert main(["-w", ws, "resolve"]) == 0  # an analysis after the retraction
    with workspace.store() as store:
        assert [r.id for r in store.records()] == ["person-1"]
        assert {r["entity_id"] for r in store.select("statements")} == {"person-1"}
        assert [r["key"] for r in store.select("identifiers")] == ["phone:+639171234567"]
        assert {r["entity_id"] for r in store.select("mentions")} == {"person-1"}
        assert {r["entity_id"] for r in store.select("subject_members")} == {"person-1"}
        assert store.count("fragments") == 1 and store.count("sources") == 2  # the source row stays
        actions = [r["action"] for r in store.select("audit", order_by=["seq"])]
    assert "sources.retract" in actions
    assert doubtful.read_bytes()  # the original file is untouched
    capsys.readouterr()
    assert main(["-w", ws, "sources", "list", "--json"]) == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)] == ["done", "retracted"]
    assert main(["-w", ws, "sources", "restore", "2"]) == 0
    with workspace.store() as store:
        assert (store.count("statements"), store.count("identifiers"), len(list(store.records()))) == full


DEMO = ["demo", "--people", "120", "--countries", "4", "--syndicates", "3", "--seed", "3"]


def test_demo_keeps_to_its_own_operation_and_refuses_one_holding_real_evidence(tmp_path, capsys):
    ws = _ws(tmp_path)
    evidence = write_lines(tmp_path / "real.ftm.jsonl", [person(1)])
    assert main(["-w", ws, "ingest", str(evidence)]) == 0
    assert main(["-w", ws, *DEMO]) == 0
    with Workspace.open(ws).store() as store:
        assert store.operation == "default" and store.count("sources") == 1  # nothing synthetic here
    with Workspace.open(ws).store("demo") as store:
        demo_sources = store.count("sources")
    assert demo_sources > 1
    assert main(["-w", ws, "-o", "demo", "ingest", str(evidence)]) == 0  # real evidence in `demo`
    capsys.readouterr()
    assert main(["-w", ws, *DEMO]) == 1
    assert "not this demo's" in capsys.readouterr().err
    with Workspace.open(ws).store("demo") as store:
        assert store.count("sources") == demo_sources + 1


def test_workspace_is_private_under_any_umask(tmp_path):
    """Issue 10 item 8: 0700 folder, 0600 database (and its WAL files) and settings."""
    old = os.umask(0)
    try:
        workspace = Workspace.init(tmp_path / "ws")
        with workspace.store() as store:
            store.audit("test", None)
            files = sorted(p.name for p in workspace.path.iterdir())
            modes = {
                str(p.relative_to(workspace.path)): stat.S_IMODE(p.stat().st_mode)
                for p in workspace.path.rglob("*")
            }
    finally:
        os.umask(old)
    assert stat.S_IMODE(workspace.path.stat().st_mode) == 0o700
    assert "clew.db-wal" in files
    assert {mode for name, mode in modes.items() if (workspace.path / name).is_dir()} <= {0o700}, modes
    assert {mode for name, mode in modes.items() if not (workspace.path / name).is_dir()} == {0o600}, modes


def test_reads_are_audited(tmp_path, capsys):
    """Issue 10 item 9: status, audit list, hashlist list, media errors, money rates info."""
    ws = _ws(tmp_path)
    for argv in (
        ["status"],
        ["audit", "list"],
        ["hashlist", "list"],
        ["media", "errors"],
        ["money", "rates", "info"],
    ):
        assert main(["-w", ws, *argv]) == 0
    with Workspace.open(ws).store() as store:
        actions = [r["action"] for r in store.select("audit", order_by=["seq"])]
    assert actions[-5:] == ["status.show", "audit.list", "hashlist.list", "media.errors", "money.rates.info"]
