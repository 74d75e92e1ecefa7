"""Browser flow: log in with password and TOTP, choose operation and purpose (issue 14 item 1)."""

from __future__ import annotations

from web.conftest import BROWSER, PURPOSE

pytestmark = BROWSER


def test_log_in_with_totp_and_choose_the_purpose(flow) -> None:
    f = flow("lena", login=False)
    page = f.page
    page.goto(f"{f.live.url}/")
    assert page.url == f"{f.live.url}/login"  # no session: sent to log in
    f.login("lena")
    assert page.get_by_test_id("operation").inner_text() == "demo"
    assert page.get_by_test_id("purpose").inner_text() == PURPOSE
    assert page.get_by_test_id("user").inner_text() == "lena"
    assert page.get_by_test_id("figures").is_visible()
    # usable at 1280x800 (item 10): the header is one line, nothing scrolls sideways
    assert page.locator("header.top").bounding_box()["height"] < 48
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    f.shot("dashboard")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{f.live.url}/login")
    page.goto(f"{f.live.url}/")
    assert page.url == f"{f.live.url}/login"  # the session ended on the server
