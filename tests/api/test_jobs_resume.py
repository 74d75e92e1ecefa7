"""A real ``clew serve`` killed (SIGKILL) in the middle of an ingest job: the restarted server
resumes it by itself, and it leaves the store a clean run leaves.

Runs on both backends (the workspace's database is on the test PostgreSQL server on that pass).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from clew.access.auth import Auth
from clew.ingest import ingest_paths
from clew.store import Workspace
from clew.store.base import Principal
from clew.store.directory import Directory
from clew.store.sql import make_engine
from conftest import fresh_database_url

FILES, PER_FILE = 8, 4000


def _case(folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for f in range(FILES):
        rows = (
            {
                "id": f"p{f}-{i}",
                "schema": "Person",
                "properties": {"name": [f"Test Person {f} {i}"], "phone": [f"+63917{f:02d}{i:05d}"]},
            }
            for i in range(PER_FILE)
        )
        path = folder / f"part{f}.ftm.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        out.append(path)
    return out


def _content(store) -> tuple:
    return (
        sorted((r["entity_id"], r["prop"], r["raw"]) for r in store.select("statements")),
        sorted(r["key"] for r in store.select("identifiers")),
        sorted(r["sha256"] for r in store.select("sources", {"status": "done"})),
    )


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serving:
    """``clew serve`` as a child process on a free loopback port."""

    def __init__(self, ws: Path) -> None:
        self.port = _port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "clew.cli.main", "-w", str(ws), "serve", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.proc.kill()
        raise AssertionError("clew serve did not start")

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)


def _wait(client: httpx.Client, url: str, until, timeout: float = 300.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(url).json()
        if until(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job never reached the state: {job}")


@pytest.mark.slow
def test_server_killed_mid_job_resumes_to_a_clean_runs_store(tmp_path) -> None:
    files = _case(tmp_path / "case")
    ws = Workspace.init(tmp_path / "ws", "op", url=fresh_database_url())
    auth = Auth(Directory(make_engine(ws.url)))
    auth.add_user("ana", "analyst")
    auth.grant("ana", "op")
    headers = {"Authorization": f"Bearer {auth.issue_token('ana')}", "X-Clew-Purpose": "test: resume"}

    server = Serving(ws.path)
    try:
        with httpx.Client(base_url=server.base, headers=headers, timeout=60) as client:
            upload = [("files", (p.name, p.read_bytes(), "application/json")) for p in files]
            started = client.post("/operations/op/ingest", files=upload)
            assert started.status_code == 202, started.text
            url = f"/operations/op/jobs/{started.json()['id']}"
            first = files[0].name
            cut = _wait(client, url, lambda j: j["status"] == "running" and j["file"] not in (None, first))
            server.kill()  # mid-job: at least one file loaded, others not
    finally:
        if server.proc.poll() is None:
            server.kill()
    assert cut["progress"] < 1.0
    record = json.loads((ws.path / "jobs" / f"{cut['id']}.json").read_text())
    assert record["status"] == "running"  # what the killed process left
    with ws.store("op") as store:
        loaded = store.count("sources", {"status": "done"})
        assert 1 <= loaded < FILES
        assert store.count("fragments") == loaded * PER_FILE  # whole files only

    server = Serving(ws.path)
    try:
        with httpx.Client(base_url=server.base, headers=headers, timeout=60) as client:
            assert [j["id"] for j in client.get("/operations/op/jobs").json()] == [cut["id"]]
            done = _wait(client, url, lambda j: j["status"] not in ("queued", "running"))
            assert done["status"] == "done" and done["runs"] == 2, done
            assert client.post(f"{url}/resume").status_code == 400  # a finished job does not resume
    finally:
        server.kill()
    with ws.store("op") as store:
        resumed_content = _content(store)
        [resume] = store.select("audit", {"action": "ingest.resume"})
    assert resume["actor"] == "clew:server" and json.loads(resume["detail"])["automatic"]
    clean = Workspace.init(tmp_path / "clean", "op", url=fresh_database_url())
    with clean.store("op", Principal("t")) as store:
        ingest_paths(store, files)
        assert _content(store) == resumed_content
        assert len(resumed_content[2]) == FILES
