"""Ctrl-C and kills during an ingest: one quiet line, no traceback from any process, no worker
left, and the run marked (issue 9 item 5, issue 10 item 7; security checklist F2)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.ingest.test_parallel import HELD_LOADER, _case

from clew.errors import EXIT_INTERRUPTED
from clew.store import Workspace, opening

INTERRUPTED_LOADER = (
    HELD_LOADER
    + """
from clew.cli.main import main
parallel.PARALLEL_MIN_BYTES, parallel.CHUNK_BYTES, parallel.workers = 0, 8192, lambda: 2
sys.exit(main(["-w", sys.argv[1], "ingest", sys.argv[2]]))
"""
)


def _gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    status = Path(f"/proc/{pid}/status")
    while time.monotonic() < deadline:
        if not status.exists() or "zombie" in status.read_text():
            return True
        time.sleep(0.05)
    return False


def test_ctrl_c_during_a_parallel_ingest_is_one_quiet_line(tmp_path):
    folder = tmp_path / "case"
    _case(folder)
    workspace = Workspace.init(tmp_path / "ws", operation="test-op")
    proc = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED_LOADER, str(workspace.path), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    workers = []
    while (line := proc.stdout.readline()) != "in flight\n":  # a batch is built, none stored
        assert line.startswith("worker "), line
        workers.append(int(line.split()[1]))
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert proc.returncode == EXIT_INTERRUPTED
    assert [line for line in err.splitlines() if line.startswith("clew:")] == ["clew: interrupted"]
    assert workers and all(_gone(worker) for worker in workers)
    with workspace.store() as store:
        assert store.count("sources") == 0
        assert [r["status"] for r in store.select("runs", {"kind": "ingest"})] == ["failed"]


KILLED_RUN = """
import sys, time
from pathlib import Path
from clew.store import Workspace
with Workspace.open(Path(sys.argv[1])).store() as store:
    print(store.start_run("network"), flush=True)
    time.sleep(600)
"""


def test_a_killed_run_is_marked_interrupted_by_the_next_command(tmp_path):
    workspace = Workspace.init(tmp_path / "ws", operation="test-op")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(workspace.path)], stdout=subprocess.PIPE, text=True
    )
    run_id = proc.stdout.readline().strip()
    with workspace.store() as store:  # its process is alive: still running
        assert next(store.select("runs", {"id": run_id}))["status"] == "running"
    proc.kill()
    proc.wait()
    proc.stdout.close()
    with workspace.store() as store:
        run = next(store.select("runs", {"id": run_id}))
    assert run["status"] == "interrupted" and run["finished_at"] and run["pid"] == proc.pid


def test_a_run_whose_pid_was_reused_by_a_later_process_is_interrupted(tmp_path):
    """Pids are reused: a live process that started after the run did is not the run's."""
    workspace = Workspace.init(tmp_path / "ws", operation="test-op")
    later = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        with workspace.store() as store:
            run_id = store.start_run("network")
            started = next(store.select("runs", {"id": run_id}))["started_at"]
        with sqlite3.connect(workspace.path / "clew.db") as db:  # as if the dead run had this pid
            db.execute(
                "UPDATE runs SET pid = ?, started_at = ? WHERE id = ?",
                (later.pid, "2026-01-01T00:00:00Z", run_id),
            )
        with workspace.store() as store:
            run = next(store.select("runs", {"id": run_id}))
        assert run["status"] == "interrupted" and run["pid"] == later.pid
        assert opening.alive(later.pid) and opening.alive(
            later.pid, started
        )  # alive, and could be a run of now
        assert not opening.alive(later.pid, "2026-01-01T00:00:00Z")
    finally:
        later.kill()
        later.wait()
