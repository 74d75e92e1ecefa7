"""Browser flow over a real ``clew serve`` (issue 14 items 2-3): the dashboard's figures link to
their lists; search a phone number of the demo operation and open the subject from the results.
Beyond the ``flow`` fixture's guarantees (same origin, CSRF, empty storage), the number must
never appear in any URL the browser asked for, nor in browser storage."""

from __future__ import annotations

from urllib.parse import unquote

from clew.store import Workspace
from web.conftest import BROWSER
from web.test_search import held_phone

pytestmark = BROWSER


def test_dashboard_figures_lead_to_their_lists(flow) -> None:
    f = flow("ana")
    page = f.page
    people = page.get_by_test_id("figure-people").get_by_role("link")
    count = int(people.inner_text())
    assert count > 0 and page.get_by_test_id("phone-bars").is_visible()
    f.shot("figures")  # docs/img/dashboard.png is the log-in flow's
    people.click()
    page.wait_for_url(f"{f.live.url}/subjects")
    assert page.get_by_role("table").locator("caption").inner_text().startswith(f"{count} subjects")
    page.go_back()
    page.get_by_test_id("phone-bars").locator("a").first.click()
    page.wait_for_url(f"{f.live.url}/subjects?country=*")
    assert page.get_by_test_id("filters").is_visible()


def test_search_a_phone_number_and_open_the_subject(flow) -> None:
    f = flow("ana")
    page = f.page
    with Workspace.open(f.live.workspace).store("demo") as store:
        phone = held_phone(store)
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Name, phone number, user name, e-mail, account or wallet").fill(phone)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(f"{f.live.url}/search/*")
    hits = page.get_by_test_id("hit")
    hits.first.wait_for()
    assert page.get_by_test_id("total").inner_text().startswith(f"{hits.count()} subject")
    assert phone in hits.first.inner_text()  # the matched number, on screen
    assert page.get_by_test_id("facet-country").is_visible()
    f.shot("search")
    hits.first.get_by_role("link").first.click()
    page.wait_for_url(f"{f.live.url}/subjects/*")
    assert page.get_by_test_id("subject-name").is_visible()
    assert phone in page.get_by_role("main").inner_text()  # the subject holds it
    digits = phone.lstrip("+")
    urls = [unquote(r.url) for r in f.requests]
    assert not [u for u in urls if digits in u or digits[-7:] in u], "the number reached a URL"
    posts = [r for r in f.requests if r.method == "POST" and r.url.endswith("/search")]
    assert len(posts) == 1 and digits in unquote(posts[0].post_data or "")  # in the body only
    stored = page.evaluate("() => JSON.stringify([localStorage, sessionStorage, document.cookie])")
    assert digits[-7:] not in stored
