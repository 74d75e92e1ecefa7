"""Big FtM files built by worker processes give exactly the rows of a build in one process."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.ingest.helpers import person, snapshot, write_lines

from clew.errors import WorkerError
from clew.ingest import build as build_module
from clew.ingest import ingest_paths, parallel, processes
from clew.ingest.lines import read_lines
from clew.store import Workspace

N = 1500


def _case(folder: Path) -> Path:
    """Repeated and national-format numbers, a bad line, an invalid number, blank lines."""
    entities = []
    for i in range(N):
        entities.append(
            person(i, phone=[f"0917 {i % 200:03d} {i % 7:04d}"], email=[f"u{i % 300}@mail.example"])
        )
        if i % 3 == 0:
            entities.append(
                {"schema": "UserAccount", "properties": {"service": ["Telegram"], "owner": [f"person-{i}"]}}
            )
    path = write_lines(folder / "big.ftm.jsonl", entities)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[700] = '{"schema": "Person", "properties": {'  # malformed JSON, mid-file
    lines[1200] = ""  # blank lines keep their numbers
    lines.insert(1500, '{"id": "p-x", "schema": "Person", "properties": {"phone": ["12"]}}')
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    (folder / "source.yaml").write_text("country: PH\n", encoding="utf-8")
    return path


def _everything(store) -> dict:
    return {
        "snapshot": snapshot(store),
        "fragments": sorted(tuple(r.values()) for r in store.select("fragments")),
        "mentions": sorted(tuple(r.values()) for r in store.select("mentions")),
        "identifiers": sorted(tuple(r.values()) for r in store.select("identifiers")),
        "attributions": sorted(tuple(map(str, r.values())) for r in store.select("attributions")),
        "quarantine": sorted((r["line"], r["field"], r["error"]) for r in store.select("quarantine")),
    }


def _ingest(tmp_path: Path, folder: Path, name: str) -> tuple[dict, dict]:
    workspace = Workspace.init(tmp_path / name, operation="test-op")
    with workspace.store() as store:
        summary = ingest_paths(store, [folder])
        result = summary.files[0]
        return _everything(store), {
            "records": result.records,
            "statements": result.statements,
            "quarantined": result.quarantined,
            "kept_raw": result.kept_raw,
        }


def _slow(build):
    """The loader's own building, slowed: the workers finish first (the other ordering)."""

    def slow_build(*args, **kwargs):
        for batch in build(*args, **kwargs):
            time.sleep(0.05)
            yield batch

    return slow_build


@pytest.mark.parametrize(("workers", "slow_loader"), [(1, False), (2, False), (1, True)])
def test_workers_build_the_same_rows_as_one_process(tmp_path, monkeypatch, workers, slow_loader):
    folder = tmp_path / "case"
    _case(folder)
    alone, alone_counts = _ingest(tmp_path, folder, "alone")
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 8192)
    monkeypatch.setattr(parallel, "workers", lambda: workers)
    if slow_loader:  # several small batches a chunk, each late
        monkeypatch.setattr(build_module, "BATCH_RECORDS", 16)
        monkeypatch.setattr(parallel, "build", _slow(parallel.build))
    given = []  # chunks handed to workers
    real_give = processes.give
    monkeypatch.setattr(
        processes, "give", lambda proc, chunk, ctx: given.append(chunk) or real_give(proc, chunk, ctx)
    )
    together, together_counts = _ingest(tmp_path, folder, "together")
    chunks = parallel.spans(folder / "big.ftm.jsonl", -(-(folder / "big.ftm.jsonl").stat().st_size // 8192))
    by_workers = [c for c in given if c is not None]
    assert given.count(None) == workers  # each worker was started and told to finish
    assert 1 <= len(by_workers) < len(chunks)  # the workers built some chunks, the loader the rest
    assert set(by_workers) <= set(chunks)
    assert together == alone
    assert together_counts == alone_counts
    assert alone_counts["quarantined"] == 1 and alone_counts["kept_raw"] == 1
    assert alone["quarantine"] == [(701, "(record)", alone["quarantine"][0][2])]


def test_spans_cover_whole_lines_and_number_them(tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"a\n\nbb\r\n" + b"x" * 5000 + b"\nc\nlast-without-end")
    expected = [(line.number, line.data) for line in read_lines(path.open("rb"))]
    for parts in (1, 2, 3, 7, 50):
        spans = parallel.spans(path, parts)
        assert spans[0][0] == 0 and spans[-1][1] == path.stat().st_size
        assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
        got = []
        with path.open("rb") as fh:
            for start, end, first in spans:
                fh.seek(start)
                for line in read_lines(fh, first=first):
                    got.append((line.number, line.data))
                    if fh.tell() >= end:
                        break
        assert got == expected, parts


def test_a_worker_that_dies_rejects_the_file_and_stores_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "case"
    path = _case(folder)
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "CHUNK_BYTES", 8192)
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    real_start = processes.start

    def start_then_kill(args):
        conn, proc = real_start(args)
        proc.kill()
        return conn, proc

    monkeypatch.setattr(processes, "start", start_then_kill)
    workspace = Workspace.init(tmp_path / "ws", operation="test-op")
    with workspace.store() as store:
        before = snapshot(store)
        with pytest.raises(WorkerError, match="worker process") as info:
            ingest_paths(store, [folder])
        assert str(path) in str(info.value)
        assert snapshot(store) == before
        assert store.count("fragments") == 0


HELD_LOADER = """
import sys, time
from clew.ingest import build, parallel, processes
real_start, real_fresh = processes.start, parallel._fresh
def start(args):
    conn, proc = real_start(args)
    print("worker", proc.pid, flush=True)
    return conn, proc
def held_fresh(*args):  # every batch reaches the loader here: the first one holds the ingest
    if not held:
        held.append(True)
        print("in flight", flush=True)
        time.sleep(120)
    return real_fresh(*args)
held = []
processes.start, parallel._fresh, build.BATCH_RECORDS = start, held_fresh, 16
"""
"""A loader whose workers say their pids ("worker PID") and which, once a first batch is built
and none stored, says "in flight" and waits: a test signals it then, never after a guessed delay."""

KILLED_LOADER = (
    HELD_LOADER
    + """
from pathlib import Path
from clew.ingest import ingest_paths
from clew.store import Workspace
parallel.PARALLEL_MIN_BYTES, parallel.CHUNK_BYTES, parallel.workers = 0, 8192, lambda: 1
with Workspace.open(Path(sys.argv[1])).store() as store:
    ingest_paths(store, [Path(sys.argv[2])])
"""
)


def test_loader_killed_midway_leaves_nothing_and_no_worker(tmp_path):
    folder = tmp_path / "case"
    _case(folder)
    workspace = Workspace.init(tmp_path / "ws", operation="test-op")
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_LOADER, str(workspace.path), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,  # the worker's too: it inherits it
        text=True,
    )
    workers = []
    while (line := proc.stdout.readline()) != "in flight\n":  # a batch is built, none stored
        assert line.startswith("worker "), line
        workers.append(int(line.split()[1]))
    (worker,) = workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    status = Path(f"/proc/{worker}/status")
    assert not status.exists() or "zombie" in status.read_text()  # the worker went with it
    err = proc.stderr.read()  # ends when the worker, the pipe's last writer, is gone
    proc.stderr.close()
    assert "Traceback" not in err and "BrokenPipe" not in err, err  # issue 10 item 7: quiet
    with workspace.store() as store:
        assert store.count("sources") == 0 and store.count("fragments") == 0
    again, _ = _ingest(tmp_path, folder, "again")
    with workspace.store() as store:
        ingest_paths(store, [folder])
        assert _everything(store) == again
