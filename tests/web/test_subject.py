"""The subject page and its decisions, sources and their twins (issue 14 items 3-4), in-process."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html import unescape

import pytest
from fastapi.testclient import TestClient

from clew.store.base import Principal
from web.conftest import PURPOSE


def _linked_subject(web) -> tuple[str, str, str]:
    """A subject of several records and one accepted link between two of them."""
    store = web.state.store("demo", Principal("test"))
    for row in store.select("subject_members", columns=["subject_id", "entity_id"]):
        members = {r["entity_id"] for r in store.select("subject_members", {"subject_id": row["subject_id"]})}
        for link in store.select("links", {"left_id": sorted(members), "accepted": 1}):
            if link["right_id"] in members:
                return row["subject_id"], link["left_id"], link["right_id"]
    raise AssertionError("the demo has no linked subject")


def _audit(web, operation: str = "demo") -> list[dict]:
    return list(web.state.store(operation, Principal("test")).select("audit", order_by=["seq"]))


def test_subject_page_shows_who_with_provenance_and_is_audited_once(client: TestClient, web) -> None:
    sid, a, _ = _linked_subject(web)
    before = len(_audit(web))
    html = client.get(f"/subjects/{sid}").text
    new = _audit(web)[before:]
    assert [r["action"] for r in new] == ["subject.view"]
    assert new[0]["target"] == sid and new[0]["purpose"] == PURPOSE
    for section in (
        "Roles and priority",
        "Names and identifiers",
        "Records and their provenance",
        "Why these records are one person",
        "Money",
        "Known-material hash matches",
    ):
        assert section in html
    assert 'href="/sources/' in html and "line " in html  # provenance one click away
    assert f"<code>{a}</code>" in html and "Confirm</button>" in html
    assert 'href="/chart?subject=' in html
    store = web.state.store("demo", Principal("test"))
    members = [r["entity_id"] for r in store.select("subject_members", {"subject_id": sid})]
    named = {unescape(v) for r in store.records(ids=members) for v in r.get("name")}
    names = html.split('data-testid="names">', 1)[1].split("</p>", 1)[0]
    shown = {unescape(n) for n in re.findall(r"<strong>([^<]*)</strong>", names)}
    assert named and named <= shown  # every name its records give
    # every identifier names the records it is written in, each a jump to its row: file, locator
    # and the acquisition record's link (provenance one click away)
    ids = html.split('data-testid="identifiers"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td>\s*<td>(.*?)</td>", ids, re.S)
    assert rows and all(re.search(r'href="#rec-', r) for r in rows)
    for target in {t for r in rows for t in re.findall(r'href="#rec-([^"]+)"', r)}:
        row = html.split(f'<tr id="rec-{unescape(target)}">', 1)[1].split("</tr>", 1)[0]
        assert 'href="/sources/' in row and "acquisition record" in row, target


def test_confirm_and_undo_a_link_are_recorded_and_audited(client: TestClient, web) -> None:
    sid, a, b = _linked_subject(web)
    htmx = {"HX-Request": "true"}
    form = {"a": a, "b": b, "same": "true", "reason": "same face"}
    done = client.post(f"/subjects/{sid}/decisions", data=form, headers=htmx)
    assert done.status_code == 200 and "Confirmed: same person" in done.text and "by user:ana" in done.text
    store = web.state.store("demo", Principal("test"))
    row = next(iter(store.select("decisions", {"left_id": min(a, b), "right_id": max(a, b)})))
    assert row["same"] == 1 and row["actor"] == "user:ana" and row["reason"] == "same face"
    assert _audit(web)[-1]["action"] == "resolve.decide" and _audit(web)[-1]["purpose"] == PURPOSE
    assert "Confirmed: same person" in client.get(f"/subjects/{sid}").text
    undone = client.post(f"/subjects/{sid}/decisions/undo", data={"a": a, "b": b}, headers=htmx)
    assert undone.status_code == 200 and "Confirm</button>" in undone.text
    assert store.count("decisions", {"left_id": min(a, b), "right_id": max(a, b)}) == 0
    assert _audit(web)[-1]["action"] == "resolve.undo"


def test_a_reader_without_write_sees_no_buttons_and_cannot_decide(web) -> None:
    c = web.client()
    web.login(c, web.person("lia", role="liaison"))
    sid, a, b = _linked_subject(web)
    assert "Confirm</button>" not in c.get(f"/subjects/{sid}").text
    refused = c.post(f"/subjects/{sid}/decisions", data={"a": a, "b": b, "same": "true"})
    assert refused.status_code == 403


def test_a_subject_of_another_operation_is_not_found_and_the_denial_audited_c2(client, web) -> None:
    response = client.get("/subjects/subj-000000000000")
    assert response.status_code == 404 and "Not found" in response.text
    assert _audit(web)[-1]["action"] == "access.not-found"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_list_has_csv_and_json_twins_with_the_same_rows(client: TestClient, fmt: str) -> None:
    page = client.get("/sources").text
    response = client.get(f"/sources.{fmt}")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = response.json() if fmt == "json" else list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all(f'href="/sources/{r["id"]}"' in page for r in rows)
    assert set(rows[0]) >= {"id", "path", "sha256", "records", "quarantined"}
    source = client.get(f"/sources/{rows[0]['id']}")
    assert str(rows[0]["sha256"]) in source.text and "acquisition record" in source.text


def test_hash_matches_per_list_and_series_only_with_sensitive_read_c3(web) -> None:
    """Item 4: hash-match counts per list and series (never content); the series are details
    that need ``sensitive.read`` (C3): without it the page shows the total alone."""
    store = web.state.store("demo", Principal("test"))
    rows = [r for r in store.select("media_matches") if r["subject_id"] and r["series"]]
    sid = rows[0]["subject_id"]
    mine = Counter(
        (r["list_name"] or "possibly-new", r["series"] or "—")
        for r in store.select("media_matches", {"subject_id": sid})
    )
    vera = web.person("vera")
    web.auth.permit("vera", "sensitive.read")
    reader = web.client()
    web.login(reader, vera)
    html = reader.get(f"/subjects/{sid}").text
    table = html.split('data-testid="hash-series"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td class=\"num\">(\d+)</td>", table)
    assert {(unescape(a), unescape(b)): int(n) for a, b, n in cells} == dict(mine)
    plain = web.client()
    web.login(plain, web.person("paul"))
    html = plain.get(f"/subjects/{sid}").text
    assert f"{sum(mine.values())} match" in html and 'data-testid="hash-series"' not in html
    assert not [series for _, series in mine if series != "—" and series in html]
