"""Store-level failures end in one line with an exit code by class (issue 10 item 5, issue 9
item 6; security checklist F2: no internals in errors): corrupt files, a lock held too long, a
full disk, a PostgreSQL URL without its driver or server."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest

from clew.cli.main import main
from clew.errors import DriverMissing, StoreBusy, StoreCorrupt, StoreFull
from clew.store import Workspace, opening


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("clew:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[-1]


def _corrupt_page(db, page: int) -> None:
    with open(db, "r+b") as fh:
        fh.seek(page * 32768)
        fh.write(os.urandom(32768))


@pytest.mark.parametrize("damage", ["header", "page", "version"])
def test_corrupt_store_says_so_and_points_to_integrity_check(tmp_path, capsys, damage):
    ws = tmp_path / "ws"
    Workspace.init(ws)
    db = ws / "clew.db"
    if damage == "header":  # "file is not a database"
        with open(db, "r+b") as fh:
            fh.write(b"not a database at all, garbage bytes..")
    elif damage == "page":  # "database disk image is malformed": every page but the schema's
        for page in range(1, db.stat().st_size // 32768):
            _corrupt_page(db, page)
    else:  # a damaged version row once read as "schema version 66 is newer than this Clew"
        con = sqlite3.connect(db)
        con.execute("UPDATE schema_version SET version = 66 WHERE version = 6")
        con.commit()
        con.close()
    capsys.readouterr()
    assert main(["-w", str(ws), "status"]) == StoreCorrupt.exit_code
    line = _one_line(capsys)
    assert "corrupt" in line and "PRAGMA integrity_check" in line and "backup" in line
    assert "newer than this Clew" not in line


def test_a_write_waits_saying_for_whom_then_gives_up_in_one_line(tmp_path, capsys, monkeypatch):
    ws = tmp_path / "ws"
    Workspace.init(ws)
    monkeypatch.setattr(opening, "LOCK_WAIT_MS", 1500)
    holder = sqlite3.connect(ws / "clew.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        capsys.readouterr()
        assert main(["-w", str(ws), "operations", "create", "other"]) == StoreBusy.exit_code
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "waiting for the workspace's write lock" in err and "Traceback" not in err
    assert "locked" in err.splitlines()[-1]


SLOW_INGEST = """
import sys, time
from clew.cli.main import main
from clew.ingest import build, parallel
parallel.PARALLEL_MIN_BYTES, parallel.CHUNK_BYTES, parallel.workers = 0, 8192, lambda: 1
from pathlib import Path
real_fresh = parallel._fresh
def held_fresh(*args):  # the first batch holds the file's transaction until the test releases it
    if not held:
        held.append(True)
        print("loading", flush=True)
        release = Path(sys.argv[3])
        for _ in range(2400):
            if release.exists():
                break
            time.sleep(0.05)
    return real_fresh(*args)
held = []
parallel._fresh, build.BATCH_RECORDS = held_fresh, 16
sys.exit(main(["-w", sys.argv[1], "ingest", sys.argv[2]]))
"""


def test_reads_proceed_during_an_ingest_and_its_audit_says_what_it_waits_for(tmp_path, capsys):
    """Issue 9 item 5: a store opens and reads at once while a real ingest (another process)
    holds the write lock; a read's audit entry waits, naming the ingest run."""
    import time

    from tests.ingest.test_parallel import _case

    folder = tmp_path / "case"
    _case(folder)
    workspace = Workspace.init(tmp_path / "ws", operation="test-op")
    release = tmp_path / "release"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, str(workspace.path), str(folder), str(release)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "loading"  # the file's transaction is open
        started = time.monotonic()
        with workspace.store() as store:
            assert store.count("sources") == 0 and store.count("runs", {"status": "running"}) == 1
        assert time.monotonic() - started < 5  # no wait for the ingest's lock (60 s before)
        assert proc.poll() is None, "the ingest finished before the read: the test proves nothing"
        capsys.readouterr()
        threading.Timer(1.0, release.touch).start()  # the ingest finishes while status waits
        assert main(["-w", str(workspace.path), "status", "--json"]) == 0
        captured = capsys.readouterr()
        assert "waiting for the workspace's write lock, held by ingest run" in captured.err
        assert f"pid {proc.pid}" in captured.err
    finally:
        release.touch()
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert json.loads(captured.out)["sources"] in (0, 1)


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None, reason="needs root to mount a tmpfs"
)
def test_disk_full_during_ingest_is_one_line_and_loses_nothing(tmp_path):
    """A real full disk: the workspace on a 16 MiB tmpfs in a private mount namespace."""
    evidence = tmp_path / "big.ftm.jsonl"
    with evidence.open("w") as fh:
        for i in range(60000):
            props = {"name": [f"Person {i}"], "email": [f"p{i}@mail.example"], "phone": [f"+63917{i:07d}"]}
            fh.write(json.dumps({"id": f"p{i}", "schema": "Person", "properties": props}) + "\n")
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    script = textwrap.dedent(
        f"""
        import sys
        from clew.cli.main import main
        from clew.store import Workspace
        Workspace.init({str(mnt / "ws")!r})
        code = main(["-w", {str(mnt / "ws")!r}, "ingest", {str(evidence)!r}])
        with Workspace.open({str(mnt / "ws")!r}).store() as store:
            print(code, store.count("sources"), store.count("fragments"))
        """
    )
    shell = f"mount -t tmpfs -o size=16m tmpfs {mnt} && exec {sys.executable} -c {shlex.quote(script)}"
    done = subprocess.run(["unshare", "-m", "sh", "-c", shell], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    code, sources, fragments = map(int, done.stdout.splitlines()[-1].split())
    assert code == StoreFull.exit_code, done.stderr
    assert (sources, fragments) == (0, 0)  # rolled back: nothing half-stored
    lines = [line for line in done.stderr.splitlines() if line.startswith("clew:")]
    assert len(lines) == 1 and "disk full" in lines[0], done.stderr


BLOCKED_DRIVER = """
import sys
sys.modules["psycopg"] = None  # as on an install without the `postgres` extra
from clew.cli.main import main
sys.exit(main(["-w", sys.argv[1], "init", "--database-url", "postgresql://clew@localhost/clew"]))
"""


def test_postgres_url_without_driver_fails_in_one_line_and_leaves_nothing(tmp_path):
    ws = tmp_path / "ws"
    done = subprocess.run([sys.executable, "-c", BLOCKED_DRIVER, str(ws)], capture_output=True, text=True)
    assert done.returncode == DriverMissing.exit_code, done.stderr
    assert done.stderr.count("\n") == 1 and "clew[postgres]" in done.stderr
    assert not ws.exists()


def test_postgres_server_unreachable_fails_in_one_line_and_leaves_nothing(tmp_path, capsys):
    pytest.importorskip("psycopg")
    ws = tmp_path / "ws"
    code = main(["-w", str(ws), "init", "--database-url", "postgresql://clew@127.0.0.1:1/clew"])
    assert code != 0
    line = _one_line(capsys)
    assert "127.0.0.1" in line and "internal error" not in line
    assert not ws.exists()


FULL_DISK = """
import contextlib, io, json, os, sqlite3, sys
from pathlib import Path
from clew.cli.main import main

mnt, ws = Path(sys.argv[1]), sys.argv[1] + "/ws"
evidence = Path(sys.argv[2])

def clew(*argv):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["-w", ws, *argv])
    lines = [t for t in err.getvalue().splitlines() if t.startswith("clew:")]
    return {"argv": " ".join(argv), "code": code, "lines": lines, "traceback": "Traceback" in err.getvalue()}

for ready in (clew("init"), clew("ingest", str(evidence / "a.ftm.jsonl"))):
    assert ready["code"] == 0, ready
with open(mnt / "filler", "wb", buffering=0) as fh:  # every byte of the disk taken
    for size in (1 << 16, 512):
        with contextlib.suppress(OSError):
            while True:
                fh.write(b"\\0" * size)
full = [
    clew("ingest", str(evidence / "b.ftm.jsonl")),
    clew("ingest", str(evidence / "folder")),
    clew("network"),
    clew("media", "hash", str(evidence / "media"), "--source", "s"),
    clew("export", "identities", "--out", str(mnt / "ids.csv")),
    clew("status"),
]
os.unlink(mnt / "filler")
again = [
    clew("ingest", str(evidence / "b.ftm.jsonl")),
    clew("ingest", str(evidence / "folder")),
    clew("network"),
    clew("media", "hash", str(evidence / "media"), "--source", "s"),
    clew("audit", "verify"),
]
check = sqlite3.connect(ws + "/clew.db").execute("PRAGMA integrity_check").fetchone()[0]
print(json.dumps({"full": full, "again": again, "integrity": check}))
"""


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None, reason="needs root to mount a tmpfs"
)
def test_every_command_on_a_full_disk_is_one_line_and_the_rerun_completes(tmp_path):
    """Issue 10 item 5 (checklist I3): ingest of a file and of a folder, ``network``, ``media
    hash``, ``export identities`` and a read, on a disk with no byte free. SQLite cannot even
    create its write-ahead log there and says "disk I/O error"; each must still say "disk full"
    in one line with the disk-full exit code, and each succeeds once space is freed."""
    from PIL import Image
    from tests.ingest.helpers import person, write_lines

    evidence = tmp_path / "evidence"
    for name, people in (("a", range(0, 50)), ("b", range(50, 100)), ("folder/c", range(100, 150))):
        write_lines(evidence / f"{name}.ftm.jsonl", [person(i, phone=[f"+63917{i:07d}"]) for i in people])
    (evidence / "media").mkdir()
    for i in range(3):
        Image.new("RGB", (32, 32), (60 * i, 90, 30)).save(evidence / "media" / f"{i}.png")
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    script = shlex.quote(FULL_DISK)
    shell = f"mount -t tmpfs -o size=24m tmpfs {mnt} && exec {sys.executable} -c {script} {mnt} {evidence}"
    done = subprocess.run(["unshare", "-m", "sh", "-c", shell], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.splitlines()[-1])
    for run in out["full"]:
        assert run["code"] == StoreFull.exit_code and not run["traceback"], run
        assert len(run["lines"]) == 1 and "disk full" in run["lines"][0], run
    for run in out["again"]:
        assert run["code"] == 0 and not run["traceback"], run
    assert out["integrity"] == "ok"


def test_an_io_error_is_a_full_disk_only_when_the_disk_has_no_room(tmp_path, monkeypatch):
    """The rule the full-disk test above meets for real, on any machine: SQLite's "disk I/O
    error" means a full disk when the database's file system has less free space than
    ``FULL_BELOW_BYTES``, and stays an I/O error otherwise (or when no file is named)."""
    from clew.store import failures

    db = tmp_path / "clew.db"
    db.write_bytes(b"")
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = failures.SQLITE_IOERR
    assert type(failures.translate(error, str(db))) is not StoreFull
    monkeypatch.setattr(failures, "FULL_BELOW_BYTES", 2**62)  # more than any disk has free
    assert type(failures.translate(error, str(db))) is StoreFull
    assert type(failures.translate(error, "the store")) is not StoreFull
