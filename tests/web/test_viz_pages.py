"""The islands' pages as HTML (TestClient, fast): shells that load only vendored scripts from
/static/, name an opaque id, and say what to do when there is nothing to show."""

from __future__ import annotations

import re

import pytest


def test_chart_start_lists_syndicates(client) -> None:
    page = client.get("/chart")
    assert page.status_code == 200
    assert re.search(r'href="/chart\?syndicate=syn-\d+"', page.text)


def test_chart_and_map_pages_load_only_static_scripts(client) -> None:
    syn = re.search(r"/chart\?syndicate=(syn-\d+)", client.get("/chart").text).group(1)
    for path in (f"/chart?syndicate={syn}", "/map"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "default-src 'self'" in page.headers["content-security-policy"]
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', page.text)
        assert scripts and all(s.startswith("/static/") for s in scripts)
    chart = client.get(f"/chart?syndicate={syn}&cap=300").text
    assert 'data-cap="300"' in chart and 'data-syndicate="' + syn in chart


@pytest.mark.parametrize("path", ["/chart?subject=nobody-at-all", "/chart?syndicate=syn-9999"])
def test_unknown_start_is_a_404_page_without_traceback(client, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and "Traceback" not in page.text
