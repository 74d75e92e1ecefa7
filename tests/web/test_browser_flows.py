"""Browser flows over a real ``clew serve`` (issue 14): open a subject and confirm a resolution
link; upload a small file and watch its job reach 100 %. Each flow's guarantees (same origin,
CSRF on every state change, nothing in browser storage) are checked by the ``flow`` fixture."""

from __future__ import annotations

import json

from clew.store import Workspace
from web.conftest import BROWSER

pytestmark = BROWSER


def _linked_subject(live) -> str:
    with Workspace.open(live.workspace).store("demo") as store:
        for row in store.execute_sql(
            "SELECT m.subject_id, count(*) AS n FROM subject_members m WHERE m.operation = :op "
            "GROUP BY m.subject_id HAVING count(*) > 2 ORDER BY m.subject_id",
            op="demo",
        ):
            return row["subject_id"]
    raise AssertionError("no subject of several records in the demo")


def test_open_a_subject_and_confirm_a_resolution_link(flow) -> None:
    f = flow("ana")
    page = f.page
    sid = _linked_subject(f.live)
    page.goto(f"{f.live.url}/subjects/{sid}")
    assert page.get_by_test_id("subject-name").is_visible()
    assert page.get_by_role("heading", name="Records and their provenance").is_visible()
    records = page.locator("section[aria-labelledby=h-records]")
    records.locator("details summary").first.click()  # provenance: one click
    assert records.get_by_role("link", name="acquisition record").first.is_visible()
    f.shot("subject")
    row = page.get_by_test_id("resolution").locator("tbody tr").first
    row.get_by_role("textbox").fill("same face in both handset photos")
    row.get_by_role("button", name="Confirm").click()
    decision = row.get_by_test_id("decision")
    decision.wait_for()
    assert decision.inner_text() == "Confirmed: same person"
    assert "by user:ana" in row.inner_text()
    posts = [r for r in f.requests if r.method == "POST" and r.url.endswith("/decisions")]
    assert len(posts) == 1 and posts[0].headers.get("hx-request") == "true"


def test_a_payment_and_a_role_jump_to_their_records_provenance(flow) -> None:
    """Item 4: from a payment's row, and from what a role rests on, one click reaches the
    record's row (source file, line) and a second its acquisition record."""
    f = flow("ana")
    page = f.page
    with Workspace.open(f.live.workspace).store("demo") as store:
        sid = next(r["subject_id"] for r in store.select("subject_roles", {"role": "collector"}))
    page.goto(f"{f.live.url}/subjects/{sid}")
    payments = page.get_by_test_id("payments")
    payments.scroll_into_view_if_needed()
    f.shot("subject-money")
    payments.locator("tbody tr").first.locator("a[href^='#rec-']").click()
    target = page.locator("tr:target")
    assert target.is_visible() and "Payment" in target.inner_text()
    target.locator("summary").first.click()
    assert target.get_by_role("link", name="acquisition record").first.is_visible()
    role = page.locator("tr").filter(has=page.get_by_role("cell", name="collector", exact=True))
    role.get_by_text("What it rests on").click()
    f.shot("subject-role-grounds")
    role.locator("details.grounds a[href^='#rec-']").first.click()
    assert page.locator("tr:target").is_visible()
    f.shot("subject-role-evidence")


def test_upload_a_small_file_and_watch_its_job_reach_100_percent(flow, tmp_path) -> None:
    f = flow("ana")
    page = f.page
    evidence = tmp_path / "handset-notes.ftm.jsonl"
    evidence.write_text(
        "".join(
            json.dumps({"id": f"web-up-{i}", "schema": "Person", "properties": {"name": [f"Web Upload {i}"]}})
            + "\n"
            for i in range(4)
        )
    )
    page.goto(f"{f.live.url}/ingest")
    page.get_by_label("Evidence files").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload and ingest").click()
    row = page.get_by_test_id("jobs").locator("tbody tr").first
    row.get_by_test_id("job-status").filter(has_text="done").wait_for(timeout=60_000)
    assert row.get_by_test_id("job-progress").inner_text() == "100 %"
    assert row.get_by_test_id("job-records").inner_text() == "4"
    f.shot("ingest")
