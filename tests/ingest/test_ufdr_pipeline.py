"""A big UFDR report read in a worker process (``clew.ingest.pipeline``) gives exactly the rows of a
read in one process; its errors and a worker that dies reject the file as they would in process."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.ingest.helpers import snapshot
from tests.ingest.test_parallel import _everything
from tests.ingest.test_ufdr import report

from clew.demo import ufdr as w
from clew.errors import FormatError, WorkerError
from clew.ingest import ingest_paths, parallel, pipeline, processes
from clew.store import Workspace

MESSAGES = 1200  # more than two of the worker's messages (pipeline.RECORDS)


def _big(tmp_path: Path) -> Path:
    """The test report plus a group chat of many messages (some from the owner, some from
    contacts' numbers, some from app users), written as a ``.ufdr`` zip."""
    r = report()
    people = [w.Party(f"user_{k}", f"User {k}", admin=k == 0) for k in range(12)]
    people.append(w.Party("+639171110000", "Me", owner=True))
    msgs = [
        w.message(f"gm{k}", f"2026-03-{1 + k % 28:02d}T10:00:00+00:00", people[k % 13])
        for k in range(MESSAGES)
    ]
    r.add("Chat", w.chat("big", "Telegram", "-100999", "big group", "Group", people, msgs))
    return r.write(tmp_path / "phone-big.ufdr")


def _ingest(tmp_path: Path, path: Path, name: str, monkeypatch, piped: bool) -> tuple[dict, dict]:
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 0 if piped else 1 << 60)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    workspace = Workspace.init(tmp_path / name, operation="test-op")
    with workspace.store() as store:
        result = ingest_paths(store, [path]).files[0]
        again = ingest_paths(store, [path]).files[0]
        assert again.status == "skipped"
        return _everything(store), {"records": result.records, "statements": result.statements,
                                    "found": result.found}  # fmt: skip


def test_a_report_read_in_a_worker_gives_the_rows_of_one_process(tmp_path, monkeypatch):
    path = _big(tmp_path)
    one, one_counts = _ingest(tmp_path, path, "one", monkeypatch, piped=False)
    two, two_counts = _ingest(tmp_path, path, "two", monkeypatch, piped=True)
    assert one_counts["found"]["messages"] == MESSAGES + 2
    assert two == one and two_counts == one_counts


def test_a_report_cut_short_is_rejected_from_the_worker(tmp_path, monkeypatch):
    xml = report().xml()
    path = tmp_path / "phone.ufdr"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("report.xml", xml[: len(xml) * 2 // 3])
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    workspace = Workspace.init(tmp_path / "ws", operation="test-op")
    with workspace.store() as store:
        before = snapshot(store)
        with pytest.raises(FormatError, match="not well-formed XML") as err:
            ingest_paths(store, [path])
        assert str(path) in str(err.value) and err.value.location.line
        assert snapshot(store) == before
        assert [r["error"] for r in store.select("quarantine")] == [err.value.message]  # no location twice


def _killed(conn, proc):
    proc.kill()
    return conn, proc


def test_a_reading_worker_that_dies_rejects_the_file(tmp_path, monkeypatch):
    path = _big(tmp_path)
    monkeypatch.setattr(pipeline, "PIPELINE_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    real_start = processes.start
    monkeypatch.setattr(processes, "start", lambda args: _killed(*real_start(args)))
    with Workspace.init(tmp_path / "ws", operation="test-op").store() as store:
        before = snapshot(store)
        with pytest.raises(WorkerError, match=f"{path}: a worker process"):
            ingest_paths(store, [path])
        assert snapshot(store) == before and store.count("fragments") == 0
