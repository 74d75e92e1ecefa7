"""Every page, found from the route inventory rather than listed by hand (issue 14): each carries
the strict CSP and ``no-store`` (E4) and, as rendered (not only as a template), holds no inline
script, style or event handler (E5); each page that lists rows in a table has its CSV and JSON
twins (item 3), or says here why it is not a list."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from clew.api.app import api_routes
from clew.store.base import Principal
from clew.web.app import CSP

NOT_LISTS = {
    "/context": "the choice of operation and purpose",
    "/ingest": "the job list is live state; the API's GET …/jobs is its JSON",
    "/map": "its table is drawn by the island from the API's GET …/map (the JSON)",
    "/chart": "links to the charts of the syndicates, whose list is /syndicates with its twins",
}
"""Parameterless pages with a table that are not lists of their own, and why."""


def _pages(client: TestClient) -> list[str]:
    paths = sorted(
        r.path
        for r in api_routes(client.app)
        if r.method == "GET" and not r.path.startswith(("/api/", "/static")) and "{" not in r.path
    )
    assert {"/", "/subjects", "/quarantine", "/leads", "/map"} <= set(paths)
    return paths


def _with_ids(web) -> list[str]:
    store = web.state.store("demo", Principal("test"))
    subject = next(iter(store.select("subject_members", order_by=["subject_id"])))["subject_id"]
    syndicate = min(r["syndicate_id"] for r in store.select("syndicate_members") if r["syndicate_id"])
    package = next(iter(store.select("lead_packages", order_by=["package_id"])))
    source = next(iter(store.select("sources", order_by=["id"])))["id"]
    return [f"/subjects/{subject}", f"/chart?subject={subject}", f"/chart?syndicate={syndicate}",
            f"/leads/{package['package_id']}?version={package['version']}", f"/sources/{source}"]  # fmt: skip


def test_every_page_has_the_strict_csp_and_no_inline_code_e5(client: TestClient, web) -> None:
    seen = 0
    for path in [*_pages(client), *_with_ids(web)]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"] == CSP, path
        assert response.headers["cache-control"] == "no-store", path  # E4
        html = response.text
        assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", html), f"{path}: inline or foreign script"
        assert not re.search(r"<[a-z]+[^>]*\s(?:style|on[a-z]+)=", html), f"{path}: inline style or handler"
        assert not re.search(r"(?:src|href|action)=\"(?:[a-z]+:|//)", html, re.I), f"{path}: another origin"
        seen += 1
    assert seen >= 15


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script src="https://cdn.example/x.js"></script>',
        '<p style="color:red">',
        '<button onclick="go()">',
    ],
)
def test_the_inline_code_check_catches_what_it_is_for(html: str) -> None:
    caught = re.search(r"<script(?![^>]*\bsrc=\"/static/)", html) or re.search(
        r"<[a-z]+[^>]*\s(?:style|on[a-z]+)=", html
    )
    assert caught


def test_every_list_page_has_csv_and_json_twins(client: TestClient) -> None:
    routes = {r.path for r in api_routes(client.app) if r.method == "GET"}
    lists = []
    for path in _pages(client):
        html = client.get(path).text
        if "<tbody" not in html or path in NOT_LISTS or path.endswith(("/login",)):
            continue
        lists.append(path)
        assert f"{path}.{{fmt}}" in routes, f"{path} lists rows but has no twins"
        for fmt in ("csv", "json"):
            assert f'href="{path}.{fmt}"' in html, f"{path}: no link to its {fmt} twin"
            twin = client.get(f"{path}.{fmt}")
            assert twin.status_code == 200 and "attachment" in twin.headers["content-disposition"], path
    assert {"/subjects", "/syndicates", "/money", "/media", "/sources", "/leads", "/outcomes"} <= set(lists)
