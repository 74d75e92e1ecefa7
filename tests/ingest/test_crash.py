"""A `clew ingest` killed with SIGKILL midway leaves a consistent store; re-running completes it
with no duplicate and nothing lost (compared with a clean ingest of the same folder). Checklist I1
(technique T1); issue 10 keeps it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clew.ingest import ingest_paths
from clew.store import Workspace
from ingest.helpers import DATA_TABLES, person, write_lines

FILES, PER_FILE = 6, 1500


def _make_case(folder: Path) -> None:
    (folder).mkdir(parents=True)
    (folder / "source.yaml").write_text("kind: device-extraction\ncountry: PH\n")
    for f in range(FILES):
        write_lines(
            folder / f"part{f}.ftm.jsonl",
            [
                person(f * PER_FILE + i, phone=[f"0917 {f:03d} {i:04d}"], email=[f"p{f}x{i}@mail.example"])
                for i in range(PER_FILE)
            ],
        )


def _content(store) -> tuple:
    sha = {r["id"]: r["sha256"] for r in store.select("sources")}
    statements = sorted(
        (sha[r["source_id"]], r["entity_id"], r["prop"], r["raw"], str(r["value"]), r["locator"])
        for r in store.select("statements")
    )
    mentions = sorted(
        (sha[r["source_id"]], r["key"], r["entity_id"], r["locator"]) for r in store.select("mentions")
    )
    idents = sorted(r["key"] for r in store.select("identifiers"))
    return statements, mentions, idents


@pytest.mark.slow
@pytest.mark.sqlite_only  # the PostgreSQL crash test is tests/store/test_postgres.py
def test_sigkill_midway_then_rerun(tmp_path):
    case = tmp_path / "case"
    _make_case(case)
    ws = tmp_path / "ws"
    Workspace.init(ws)
    db = ws / "clew.db"
    cmd = [sys.executable, "-m", "clew.cli.main", "-w", str(ws), "ingest", str(case)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        conn = sqlite3.connect(db, timeout=30)
        try:
            done = conn.execute("SELECT count(*) FROM sources").fetchone()[0]
        finally:
            conn.close()
        if done >= 1:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 1 <= done < FILES, f"not killed midway ({done} files done)"

    conn = sqlite3.connect(db)
    with conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] < FILES  # really midway
        for source_id, records in conn.execute("SELECT id, records FROM sources").fetchall():
            n = conn.execute(
                "SELECT count(*) FROM statements WHERE source_id = ? AND prop = 'id'", (source_id,)
            ).fetchone()[0]
            assert n == records == PER_FILE  # no partial file
            total = conn.execute(
                "SELECT count(*) FROM statements WHERE source_id = ?", (source_id,)
            ).fetchone()[0]
            assert total == 4 * PER_FILE  # id, name, phone, email
        orphans = conn.execute(
            "SELECT count(*) FROM statements WHERE source_id NOT IN (SELECT id FROM sources)"
        )
        assert orphans.fetchone()[0] == 0
    conn.close()

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "skipped" in rerun.stdout

    clean_ws = Workspace.init(tmp_path / "clean")
    with Workspace.open(ws).store() as store, clean_ws.store() as clean:
        ingest_paths(clean, [case])
        assert {t: store.count(t) for t in DATA_TABLES} == {t: clean.count(t) for t in DATA_TABLES}
        assert _content(store) == _content(clean)
        assert store.count("sources") == FILES
