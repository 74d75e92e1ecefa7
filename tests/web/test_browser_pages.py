"""Every page in Debian's chromium (issue 14, checklist E5): the same inventory as
tests/web/test_pages.py (every parameterless page from the route inventory, plus a subject, both
charts, a lead package and a source), opened by a logged-in analyst until its islands are drawn.
Rendered HTML can be free of inline code while a script adds a ``<style>`` element or a ``style``
attribute at run time (vis-timeline's standalone bundle added 28 per timeline); only a browser
applying the CSP sees that, so the ``flow`` fixture fails the test on any refusal at all."""

from __future__ import annotations

from web.conftest import BROWSER
from web.test_pages import _pages, _with_ids

pytestmark = BROWSER

DRAWN = "() => !document.querySelector('[data-state=loading]')"
"""The islands (chart, timeline, map) mark their container ``data-state=loading`` until drawn."""


def test_every_page_in_chromium_has_nothing_refused_by_the_csp_e5(flow, web) -> None:
    f = flow()
    paths = [*_pages(web.client()), *_with_ids(web)]  # the live server holds the same demo
    for path in paths:
        response = f.page.goto(f"{f.live.url}{path}", wait_until="networkidle")
        assert response.status == 200, path
        f.page.wait_for_function(DRAWN, timeout=20_000)
        assert f.refused == [], f"{path}: the CSP refused {f.refused}"
    assert len(paths) >= 15
