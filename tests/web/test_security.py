"""The web app's guarantees, in-process (issue 14; checklist E5, E6, H6, I5, A1, A2): every page
needs a session and is in the route inventory, carries a strict CSP, refuses state changes
without the CSRF token or from another origin, and audits reads with the session's purpose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clew.api import deps
from clew.api.app import api_routes, create_app
from clew.store.base import Principal
from clew.web.app import CSP
from web.conftest import PURPOSE

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "clew" / "web" / "templates"
WEB_PUBLIC = {"GET /login", "POST /login"}
"""The only web routes that answer without a session."""


def _web_routes(app) -> dict[str, object]:
    return {r.key: r for r in api_routes(app) if not r.path.startswith("/api/")}


def _depends_on(dependant, target) -> bool:
    return any(d.call is target or _depends_on(d, target) for d in dependant.dependencies)


def test_every_web_route_needs_a_session_i5(web) -> None:
    routes = _web_routes(web.app)
    assert set(routes) >= WEB_PUBLIC
    private = {k: r for k, r in routes.items() if k not in WEB_PUBLIC}
    missing = [k for k, r in private.items() if not _depends_on(r.dependant, deps.caller)]
    assert not missing, f"web routes without authentication: {missing}"
    client = web.client()
    for key in private:
        method, path = key.split(" ", 1)
        response = client.request(method, re.sub(r"\{[^}]+\}", "x", path), follow_redirects=False)
        assert (response.status_code, response.headers.get("location")) == (303, "/login"), key
        htmx = client.request(method, re.sub(r"\{[^}]+\}", "x", path), headers={"HX-Request": "true"})
        assert htmx.status_code == 401 and htmx.headers["hx-redirect"] == "/login", key


def test_the_inventory_catches_a_page_without_session_i5(workspace_app) -> None:
    @workspace_app.get("/leaky")
    def leaky() -> dict:
        return {}

    route = _web_routes(workspace_app)["GET /leaky"]
    assert not _depends_on(route.dependant, deps.caller)


@pytest.fixture
def workspace_app(web):
    return create_app(web.state.workspace)


@pytest.mark.parametrize("path", ["/login", "/", "/context", "/no-such-page", "/static/css/clew.css"])
def test_strict_csp_on_every_response_e5(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert response.headers["x-frame-options"] == "DENY"


def test_templates_load_only_static_files_and_hold_no_inline_code_e5() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="([^"]*)"', text):
            assert url.startswith(("/", "#", "{{")) and not url.startswith("//"), f"{template.name}: {url}"
            if url.startswith("/static"):
                assert (TEMPLATES.parent / url.removeprefix("/")).is_file(), f"{template.name}: {url}"
        assert "http:" not in text and "https:" not in text, template.name
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"{template.name}: inline script"
        assert "<style" not in text and " style=" not in text, f"{template.name}: inline style"
        assert not re.search(r"\son[a-z]+=", text), f"{template.name}: inline event handler"
        assert "hx-on" not in text, f"{template.name}: hx-on is inline script"


def test_state_changes_need_the_csrf_token_h6(web) -> None:
    c = web.client()
    web.login(c, web.person("ana"))
    token = c.headers.pop("X-CSRF-Token")
    refused = c.post("/context", data={"operation": "demo", "purpose": "x"}, headers={"HX-Request": "true"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    ok = c.post("/context", data={"operation": "demo", "purpose": "y"}, headers={"X-CSRF-Token": token},
                follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303


def test_cross_origin_posts_are_refused(client: TestClient) -> None:
    response = client.post("/context", data={"operation": "demo", "purpose": "x"},
                           headers={"Origin": "https://evil.example"})  # fmt: skip
    assert response.status_code == 403


def test_login_refused_says_nothing_more(web) -> None:
    c = web.client()
    ana = web.person("ana")
    response = c.post("/login", data={"user": "ana", "password": "wrong password!", "code": web.code(ana)})
    assert response.status_code == 401 and "Log-in refused" in response.text
    assert "__Host-clew" not in response.headers.get("set-cookie", "")


def test_pages_need_a_chosen_operation_and_purpose_a2(web) -> None:
    c = web.client()
    ana = web.person("ana")
    form = {"user": "ana", "password": "correct horse battery staple", "code": web.code(ana)}
    response = c.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/context"
    assert c.get("/", follow_redirects=False).headers["location"] == "/context"
    page = c.get("/context")
    assert 'value="demo"' in page.text and 'value="other"' not in page.text  # ana is not in other


def test_choosing_an_operation_of_others_is_refused_and_audited_c2(web) -> None:
    c = web.client()
    web.login(c, web.person("ana"))
    response = c.post("/context", data={"operation": "other", "purpose": "curious"})
    assert response.status_code == 404
    assert "other" not in response.text.split("<main", 1)[1]
    log = web.state.store("_access", Principal("t")).select("audit")
    denied = [r for r in log if r["action"] == "access.denied"]
    assert denied and denied[-1]["actor"] == "user:ana"


def test_a_page_read_is_audited_with_the_session_purpose_a1(client: TestClient, web) -> None:
    store = web.state.store("demo", Principal("test"))
    before = store.count("audit")
    response = client.get("/")
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    new = list(store.select("audit", order_by=["seq"]))[before:]
    assert [r["action"] for r in new] == ["status.view"]
    assert new[0]["actor"] == "user:ana" and new[0]["purpose"] == PURPOSE
    assert new[0]["request_id"] == response.headers["x-request-id"]


def test_header_shows_operation_purpose_and_user(client: TestClient) -> None:
    html = client.get("/").text
    assert '<strong data-testid="operation">demo</strong>' in html
    shown = f'<strong class="purpose" data-testid="purpose" title="{PURPOSE}">{PURPOSE}</strong>'
    assert shown in html  # cut with an ellipsis at 1280 px: whole in its tooltip
    assert 'name="csrf-token"' in html


def test_logout_ends_the_session(client: TestClient) -> None:
    out = client.post("/logout", headers={"HX-Request": "true"})
    assert out.status_code == 204 and out.headers["hx-redirect"] == "/login"
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_errors_are_pages_with_a_request_id_and_no_trace_h7(client: TestClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "<h1>Not found</h1>" in response.text
    assert response.headers["x-request-id"] in response.text and "Traceback" not in response.text
    fragment = client.post("/context", data={"operation": "demo"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 422 and fragment.headers["hx-retarget"] == "#messages"
    assert "purpose" in fragment.text and "<html" not in fragment.text
