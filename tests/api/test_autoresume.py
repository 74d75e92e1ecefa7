"""At start-up the server resumes the ingest jobs a crash left running, as their user stands
now; a job whose user lost the right stays interrupted, audited and printed with its route.
(A real ``clew serve`` killed mid-job: tests/api/test_jobs_resume.py.)"""

from __future__ import annotations

import json
import time
from pathlib import Path

from fastapi.testclient import TestClient

from clew.access.auth import Auth
from clew.api.app import create_app
from clew.store.directory import Directory
from clew.store.sql import make_engine


def _crashed_job(workspace, tmp_path: Path, user: str, status: str = "running") -> str:
    """The record a killed server leaves, with one FtM file that was not loaded yet."""
    source = tmp_path / "late.ftm.jsonl"
    rows = [
        {"id": f"late-{i}", "schema": "Person", "properties": {"name": [f"Late Person {i}"]}}
        for i in range(3)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    record = {
        "id": "job1", "operation": "demo", "user": user, "status": status, "file": None,
        "done_bytes": 0, "total_bytes": 0, "summary": None, "error": None,
        "paths": [str(source)], "started_at": "2026-12-02T10:00:00Z", "runs": 1, "purpose": "case 17: intake",
    }  # fmt: skip
    folder = workspace.path / "jobs"
    folder.mkdir(exist_ok=True)
    (folder / "job1.json").write_text(json.dumps(record), encoding="utf-8")
    return "job1"


def _user(workspace, name: str) -> tuple[Auth, str]:
    auth = Auth(Directory(make_engine(workspace.url)))
    auth.add_user(name, "analyst")
    auth.grant(name, "demo")
    return auth, auth.issue_token(name)


def _job(client: TestClient, token: str, until, seconds: float = 120.0) -> dict:
    headers = {"Authorization": f"Bearer {token}", "X-Clew-Purpose": "test: resume"}
    end = time.monotonic() + seconds
    while True:
        job = client.get("/api/v1/operations/demo/jobs/job1", headers=headers).json()
        if until(job) or time.monotonic() > end:
            return job
        time.sleep(0.05)


def _resumes(workspace) -> list[dict]:
    with workspace.store("demo") as store:
        rows = store.select("audit", {"action": "ingest.resume"}, order_by=["seq"])
    return [{**r, "detail": json.loads(r["detail"])} for r in rows]


def test_a_crashed_job_resumes_when_the_server_starts(workspace, tmp_path, capsys) -> None:
    _, token = _user(workspace, "ana")
    _crashed_job(workspace, tmp_path, "ana")
    with TestClient(create_app(workspace), base_url="https://testserver") as client:  # lifespan
        done = _job(client, token, lambda j: j["status"] not in ("queued", "running"))
    assert done["status"] == "done" and done["runs"] == 2, done
    with workspace.store("demo") as store:
        assert "Late Person 1" in {r["raw"] for r in store.select("statements", {"prop": "name"})}
    [entry] = _resumes(workspace)
    assert entry["actor"] == "clew:server" and entry["outcome"] == "ok" and entry["detail"]["automatic"]
    assert "resumed ingest job job1 of demo" in capsys.readouterr().err


def test_a_job_whose_user_was_disabled_stays_interrupted_and_says_how_to_resume(
    workspace, tmp_path, capsys
) -> None:
    auth, _ = _user(workspace, "ana")
    _, token = _user(workspace, "bob")
    _crashed_job(workspace, tmp_path, "ana")
    auth.disable("ana")
    with TestClient(create_app(workspace), base_url="https://testserver") as client:
        job = _job(client, token, lambda j: True)
        assert job["status"] == "interrupted" and job["resumable"], job
        err = capsys.readouterr().err
        assert "NOT resumed" in err and "POST /api/v1/operations/demo/jobs/job1/resume" in err
        headers = {"Authorization": f"Bearer {token}", "X-Clew-Purpose": "test: resume"}
        assert client.post("/api/v1/operations/demo/jobs/job1/resume", headers=headers).status_code == 202
        assert _job(client, token, lambda j: j["status"] == "done")["status"] == "done"
    refused, by_hand = _resumes(workspace)
    assert refused["outcome"] == "denied" and "disabled" in refused["detail"]["refused"]
    assert by_hand["actor"] == "user:bob" and by_hand["outcome"] == "ok"


def test_a_cancelled_job_is_not_resumed_by_a_restart(workspace, tmp_path) -> None:
    _, token = _user(workspace, "ana")
    _crashed_job(workspace, tmp_path, "ana", status="cancelled")
    with TestClient(create_app(workspace), base_url="https://testserver") as client:
        assert _job(client, token, lambda j: True)["status"] == "cancelled"
    assert _resumes(workspace) == []
