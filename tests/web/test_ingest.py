"""Ingest from the browser, in-process (issue 14 item 8): upload, job progress and counts,
quarantine with file, line and field, zip safety, cancel; writes need ``case.write``."""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile

from fastapi.testclient import TestClient

from clew.store.base import Principal

PEOPLE = "".join(
    json.dumps({"id": f"up-{i}", "schema": "Person", "properties": {"name": [f"Upload Person {i}"]}}) + "\n"
    for i in range(3)
)
BROKEN = (
    PEOPLE
    + json.dumps({"id": "up-8", "schema": "Persn", "properties": {"name": ["Typo Schema"]}})
    + "\n"
    + '{"id": "up-9", "schema": "Person", "properties": \n'
)


def _wait(client: TestClient, done: str = "done", seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        html = client.get("/ingest/jobs").text
        if f'data-testid="job-status">{done}' in html:
            return html
        time.sleep(0.2)
    raise AssertionError(f"no job reached {done!r}: {html}")


def test_upload_runs_a_job_to_100_percent_with_counts(client: TestClient, web) -> None:
    files = {"files": ("people.ftm.jsonl", PEOPLE.encode(), "application/octet-stream")}
    started = client.post("/ingest", files=files, headers={"HX-Request": "true"})
    assert started.status_code == 200 and 'id="jobs"' in started.text
    html = _wait(client)
    assert 'data-testid="job-progress">100 %' in html and 'data-testid="job-records">3<' in html
    assert 'hx-trigger="every 1s"' not in html  # polling stops when no job runs
    audit = list(web.state.store("demo", Principal("t")).select("audit", {"action": "ingest.start"}))
    assert audit and audit[-1]["actor"] == "user:ana"


def test_broken_records_are_quarantined_with_file_line_and_field_and_twins(client: TestClient) -> None:
    """Each job's quarantined records, with file, line and field, one click from its row; the
    operation's quarantine lists every job's, and each list has its twins."""
    other = '{"id": "up-7", "schema": "Person", "properties": ["x"]}\n'
    client.post("/ingest", files={"files": ("other.ftm.jsonl", other.encode(), "application/octet-stream")})
    _wait(client)
    files = {"files": ("broken.ftm.jsonl", BROKEN.encode(), "application/octet-stream")}
    client.post("/ingest", files=files)
    html = _wait(client)
    link = re.search(r'href="(/quarantine\?job=[0-9a-f]+)">2<', html)
    assert link, html
    page = client.get(link[1]).text
    cells = r"<tr><td>([^<]+)<small[^>]*>[^<]*</small></td><td class=\S+>(\d+)</td><td>([^<]*)</td>"
    rows = re.findall(cells, page)
    assert rows == [("broken.ftm.jsonl", "4", "schema"), ("broken.ftm.jsonl", "5", "(record)")]  # that job's
    assert (
        f'href="{link[1].replace("?", ".csv?")}"' in page
        and f'href="{link[1].replace("?", ".json?")}"' in page
    )
    everything = re.findall(cells, client.get("/quarantine").text)
    assert ("other.ftm.jsonl", "1", "properties") in everything and len(everything) == 3
    listed = client.get(link[1].replace("?", ".json?")).json()
    assert [(r["path"].rsplit("/", 1)[-1], r["line"], r["field"]) for r in listed] == [
        ("broken.ftm.jsonl", 4, "schema"), ("broken.ftm.jsonl", 5, "(record)")
    ]  # fmt: skip
    assert "unknown FtM schema 'Persn'" in listed[0]["error"]
    table = list(csv.DictReader(io.StringIO(client.get("/quarantine.csv").text)))
    assert len(table) == 3 and {r["field"] for r in table} == {"schema", "(record)", "properties"}
    assert client.get("/quarantine?job=0123456789ab").status_code == 404


def test_a_zipped_folder_is_unpacked_and_a_zip_slip_refused(client: TestClient) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("case/people.ftm.jsonl", PEOPLE)
    client.post("/ingest", files={"files": ("case.zip", buf.getvalue(), "application/zip")})
    assert 'data-testid="job-records">3<' in _wait(client)
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../evil.ftm.jsonl", PEOPLE)
    refused = client.post("/ingest", files={"files": ("evil.zip", evil.getvalue(), "application/zip")},
                          headers={"HX-Request": "true"})  # fmt: skip
    assert refused.status_code == 400 and "zip slip" in refused.text


def test_readers_cannot_upload(web) -> None:
    c = web.client()
    web.login(c, web.person("lia", role="liaison"))
    assert "Upload and ingest" not in c.get("/ingest").text
    files = {"files": ("people.ftm.jsonl", PEOPLE.encode(), "application/octet-stream")}
    assert c.post("/ingest", files=files).status_code == 403


def test_cancel_is_audited(client: TestClient, web) -> None:
    big = "".join(
        json.dumps({"id": f"big-{i}", "schema": "Person", "properties": {"name": [f"Big {i}"]}}) + "\n"
        for i in range(20000)
    )
    client.post("/ingest", files={"files": ("big.ftm.jsonl", big.encode(), "application/octet-stream")})
    job = web.state.jobs.list("demo")[-1]
    response = client.post(f"/ingest/jobs/{job.id}/cancel", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = _wait(client, done="cancelled") if job.status != "done" else ""
    assert job.status in ("cancelled", "done") and (html or job.status == "done")
    audit = list(web.state.store("demo", Principal("t")).select("audit", {"action": "ingest.cancel"}))
    assert audit and audit[-1]["target"] == job.id


def test_an_interrupted_job_shows_resume_and_runs_again(web) -> None:
    """A job the server stopped under (its record says running) is interrupted at the next
    start; *Resume* runs it again through ``Jobs.resume``, as the API's ``…/resume``."""
    from api.conftest import Clock
    from web.conftest import Web

    ws = web.state.workspace
    folder = ws.path / "uploads" / "demo" / "crashed"
    folder.mkdir(parents=True)
    (folder / "people.ftm.jsonl").write_text(PEOPLE)
    record = {"id": "crashed0000001", "operation": "demo", "user": "ana", "status": "running",
              "file": None, "done_bytes": 0, "total_bytes": 0, "summary": None, "error": None,
              "paths": [str(folder / "people.ftm.jsonl")], "started_at": "2026-12-01T09:00:00Z",
              "runs": 1}  # fmt: skip
    (ws.path / "jobs" / "crashed0000001.json").write_text(json.dumps(record))
    restarted = Web(ws, Clock())
    reader = restarted.client()
    restarted.login(reader, restarted.person("lia", role="liaison"))
    seen = reader.get("/ingest").text
    assert "interrupted" in seen and "Resume</button>" not in seen
    refused = reader.post("/ingest/jobs/crashed0000001/resume", headers={"HX-Request": "true"})
    assert refused.status_code == 403
    c = restarted.client()
    restarted.login(c, restarted.person("ana"))
    page = c.get("/ingest").text
    assert 'data-testid="job-status">interrupted' in page
    assert 'hx-post="/ingest/jobs/crashed0000001/resume"' in page and ">Resume</button>" in page
    resumed = c.post("/ingest/jobs/crashed0000001/resume", headers={"HX-Request": "true"})
    assert resumed.status_code == 200 and 'id="jobs"' in resumed.text
    html = _wait(c)
    assert 'data-testid="job-records">3<' in html and ">Resume</button>" not in html
    audit = list(restarted.state.store("demo", Principal("t")).select("audit", {"action": "ingest.resume"}))
    assert audit and audit[-1]["target"] == "crashed0000001" and audit[-1]["actor"] == "user:ana"
