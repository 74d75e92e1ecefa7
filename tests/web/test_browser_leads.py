"""Browser flow of the lead pages (issue 14 item 9) in Debian's chromium against a real
``clew serve``: an analyst builds a country's package with the keyboard alone (skip link,
visible focus: item 10), a supervisor approves it (her own build she may not approve: refused
on screen), a liaison officer releases it and downloads its signed JSON. The ``flow`` fixture
checks after each person's session that every request went to the server's own origin, that
every state-changing request carried the CSRF token and that browser storage holds nothing
personal."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from playwright.sync_api import expect

from clew.leads import directory, signing
from clew.store import Workspace
from web.conftest import BROWSER

pytestmark = BROWSER


def _countries(live) -> list[str]:
    """The demo's package countries, fewest subjects first (the quickest to rebuild), each
    partner's contact changed in the operation's directory: a rebuild is a real correction (a
    new draft), where an unchanged released package would be kept as it is."""
    with Workspace.open(live.workspace).store("demo") as store:
        rows = store.select("lead_packages", {"version": 1}, order_by=["subjects", "country"])
        countries = [r["country"] for r in rows]
    found = directory.for_operation(Path(live.workspace), "demo")
    changed = {
        **found.countries,
        **{c: {**found.countries[c], "contact": "new duty desk"} for c in countries},
    }
    directory.operation_path(Path(live.workspace), "demo").write_text(
        yaml.safe_dump({"countries": changed}), encoding="utf-8"
    )
    return countries


def _build(f, country: str) -> str:
    """Build the draft of ``country`` on the leads page and open it; its URL."""
    page = f.page
    page.goto(f"{f.live.url}/leads")
    page.get_by_label("Countries").fill(country)
    page.get_by_role("button", name="Build drafts").click()
    built = page.locator("#built li a").filter(has_text=f"-{country} v")
    built.click()
    expect(page.get_by_test_id("package-state")).to_have_text("draft")
    return page.url


def _build_with_the_keyboard(page, country: str) -> None:
    """Skip link, then the build form, then the built package, without the mouse (item 10):
    the first Tab shows the skip link with a solid focus outline; it moves focus into the
    content, where a few Tabs reach the countries field."""
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # on screen once focused
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the next stop is inside the content, past the header's links
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    for _ in range(5):
        if page.evaluate("() => document.activeElement.id") == "countries":
            break
        page.keyboard.press("Tab")
    expect(page.get_by_label("Countries")).to_be_focused()
    page.keyboard.type(country)
    page.keyboard.press("Enter")  # submits the form (htmx)
    built = page.locator("#built li a").filter(has_text=f"-{country} v")
    built.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("package-state")).to_have_text("draft")


def test_build_approve_release_and_download_a_lead_as_three_people(flow) -> None:
    ana = flow("ana")
    mine, hers = _countries(ana.live)[:2]
    page = ana.page
    page.goto(f"{ana.live.url}/leads")
    _build_with_the_keyboard(page, mine)
    url = page.url
    assert page.get_by_test_id("envelope").is_visible() and page.get_by_test_id("handling").is_visible()
    assert page.get_by_role("button", name="Approve").count() == 0  # analysts do not approve
    expect(page.get_by_test_id("next-step")).to_contain_text("a supervisor who did not build it")
    ana.shot("lead-draft")

    sam = flow("sam")
    own = _build(sam, hers)
    sam.page.get_by_role("button", name="Approve version").click()  # four-eyes: refused on screen
    expect(sam.page.get_by_test_id("error")).to_contain_text("someone else must approve it")
    assert sam.page.url == own and sam.page.get_by_test_id("package-state").inner_text() == "draft"
    sam.page.goto(url)
    sam.page.get_by_role("button", name="Approve version").click()
    expect(sam.page.get_by_test_id("package-state")).to_have_text("approved")
    assert "by sam at" in sam.page.get_by_test_id("history").inner_text()

    lia = flow("lia")
    page = lia.page
    page.goto(url)
    assert page.get_by_role("button", name="Approve version").count() == 0  # liaison officers do not approve
    page.get_by_label("Recipient").fill(f"NCB {mine} duty desk (synthetic)")
    page.get_by_role("button", name="Release version").click()
    expect(page.get_by_test_id("package-state")).to_have_text("released")
    history = page.get_by_test_id("history").locator("tbody tr").first.inner_text()
    assert f"to NCB {mine} duty desk (synthetic) by user:lia" in history and "by user:ana" in history
    lia.shot("lead-released")
    with page.expect_download() as download:
        page.get_by_role("link", name="JSON (signed)").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["envelope"]["receiving_country"] == mine
    assert signing.verify(document) == document["integrity"]["sha256"]
    posts = {r.url.rsplit("/", 1)[-1] for f in (ana, sam, lia) for r in f.requests if r.method == "POST"}
    assert {"build", "approve", "release"} <= posts
