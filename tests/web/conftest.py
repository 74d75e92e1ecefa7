"""Fixtures of the web app's tests (issue 14): in-process clients for HTML fragments, and one
real ``clew serve`` on loopback driven by Debian's chromium through Playwright.

Fragment tests (fast): ``web`` is an in-process app over a copy of a small demo workspace,
with ``web.person(name, role)`` and ``web.login(client, person)`` (log-in form, then the choice
of operation and purpose); ``client`` is a logged-in analyst's TestClient.

Browser tests (few): mark a module ``pytestmark = BROWSER`` (one xdist group, so one server and
one chromium per test run). ``live`` is the running server (``live.url``, ``live.users``,
``live.code(name)``); ``browser`` the chromium; ``flow(name)`` a new browser context and page —
logged in as analyst ``ana`` with the demo operation chosen unless ``login=False`` — that
records every request and, when the test ends, asserts that every request went to the server's
own origin and that the CSP refused nothing at all (E5: no inline script, handler or style, ours
or a vendored library's), that state-changing htmx requests carried the CSRF token (H6) and that
localStorage/sessionStorage hold nothing (E4).
``flow.shot(name)`` saves a screenshot to ``build/screenshots/`` (a CI artefact, git-ignored);
with ``CLEW_DOCS_SCREENSHOTS=1`` the shots named in ``DOCS_SHOTS`` are also written to
``docs/img/`` for the README.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyotp
import pytest
from fastapi.testclient import TestClient

from api.conftest import PASSWORD, Clock, Person, Server
from clew.access.auth import Auth
from clew.demo.run import run_demo
from clew.store import Workspace
from clew.store.directory import Directory
from clew.store.sql import make_engine

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
DOCS_IMG = ROOT / "docs" / "img"
DOCS_SHOTS = frozenset({"dashboard", "search", "subject", "chart", "map", "timeline"})
CHROMIUM = Path(os.environ.get("CLEW_CHROMIUM", "/usr/bin/chromium"))
PURPOSE = "case 2026-17: tasking from the national hotline"
BROWSER = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
TOTP_STEP = 30
HTMX_STORAGE = frozenset({"htmx-current-path-for-history"})


# -- the demo workspace, built once per test process ------------------------------------------
@pytest.fixture(scope="session")
def web_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo operation ``demo`` and an empty operation ``other``."""
    path = tmp_path_factory.mktemp("web-ws") / "ws"
    run_demo(path, people=80, countries=5, syndicates=3, seed=3)
    Workspace.open(path).store("other", create=True).close()
    return path


def copy_workspace(src: Path, dest: Path) -> Workspace:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("demo-sources", "demo-truth", "demo-feedback"))
    return Workspace.open(dest)


# -- in-process app for fragment tests --------------------------------------------------------
class Web(Server):
    """The API tests' ``Server`` with the web app's log-in: form, then operation and purpose."""

    def login(self, client: TestClient, person: Person, offset_steps: int = 0, operation: str = "demo"):
        form = {"user": person.name, "password": PASSWORD, "code": self.code(person, offset_steps)}
        response = client.post("/login", data=form, follow_redirects=False)
        if response.status_code != 303:
            return response
        client.headers["X-CSRF-Token"] = csrf_of(client.get("/context").text)
        client.headers["HX-Request"] = "true"
        chosen = client.post("/context", data={"operation": operation, "purpose": PURPOSE})
        del client.headers["HX-Request"]
        return chosen


def csrf_of(html: str) -> str:
    marker = '<meta name="csrf-token" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


@pytest.fixture
def web(web_demo: Path, tmp_path: Path) -> Web:
    return Web(copy_workspace(web_demo, tmp_path / "ws"), Clock())


@pytest.fixture
def client(web: Web) -> TestClient:
    """A TestClient logged in as analyst ``ana`` (demo, ``PURPOSE``); sends the CSRF header."""
    c = web.client()
    assert web.login(c, web.person("ana")).status_code == 204
    return c


# -- a real server and a real browser ---------------------------------------------------------
@dataclass
class Live:
    url: str
    workspace: Path
    secrets: dict[str, str]
    roles: dict[str, str]
    last_step: dict[str, int] = field(default_factory=dict)

    def code(self, user: str) -> str:
        """A TOTP code the server accepts now: each step once per user, so take the next unused
        one of the current and the next step (the server allows ±1), waiting when both are used.
        Never the previous step: it expires at the next step boundary, which can fall between
        typing the code and the server checking it."""
        while True:
            current = int(time.time()) // TOTP_STEP
            step = max(current, self.last_step.get(user, -1) + 1)
            if step <= current + 1:
                self.last_step[user] = step
                return pyotp.TOTP(self.secrets[user]).generate_otp(step)
            time.sleep(1)


USERS = {"ana": "analyst", "lena": "analyst", "sam": "supervisor", "lia": "liaison"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live(web_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """``clew serve`` (a subprocess, as a user would start it) on the demo operation."""
    ws = copy_workspace(web_demo, tmp_path_factory.mktemp("live") / "ws")
    auth = Auth(Directory(make_engine(ws.url)))
    secrets = {}
    for name, role in USERS.items():
        auth.add_user(name, role)
        auth.set_password(name, PASSWORD)
        secrets[name] = auth.enrol_totp(name)
        auth.grant(name, "demo")
    auth.directory.engine.dispose()
    port = _free_port()
    log = (ws.path / "serve.log").open("w")
    cmd = [sys.executable, "-m", "clew", "--workspace", str(ws.path), "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "CLEW_DEBUG": ""})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"clew serve exited: {(ws.path / 'serve.log').read_text()}")
            time.sleep(0.1)
        yield Live(url, ws.path, secrets, dict(USERS))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: scripts/test.sh installs Debian's chromium (apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield b
        b.close()


@dataclass
class Flow:
    """One browser context and page with every request recorded (see the module's docstring)."""

    live: Live
    context: object
    page: object
    name: str
    requests: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # what the CSP refused: (message, script, page)

    def login(self, user: str, operation: str = "demo", purpose: str = PURPOSE) -> None:
        page = self.page
        page.goto(f"{self.live.url}/login")
        page.get_by_label("User name").fill(user)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Code from your authenticator app").fill(self.live.code(user))
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{self.live.url}/context")
        page.get_by_label("Operation").select_option(operation)
        page.get_by_label("Purpose").fill(purpose)
        page.get_by_role("button", name="Start").click()
        page.wait_for_url(f"{self.live.url}/")

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        if name in DOCS_SHOTS and os.environ.get("CLEW_DOCS_SCREENSHOTS") == "1":
            DOCS_IMG.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, DOCS_IMG / f"{name}.png")
        return path

    def check(self) -> None:
        """The guarantees every flow keeps (E4, E5, H6)."""
        origin = urlsplit(self.live.url)
        foreign = [r.url for r in self.requests if urlsplit(r.url)[:2] != origin[:2]]
        assert not foreign, f"requests left the origin: {foreign}"
        assert not self.refused, f"the CSP refused {len(self.refused)}: {self.refused}"
        for r in self.requests:
            headers = r.headers
            if r.method != "GET" and urlsplit(r.url).path != "/login":
                assert headers.get("x-csrf-token"), f"{r.method} {r.url} without CSRF token"
        if not self.page.is_closed() and self.page.url.startswith(self.live.url):
            local, session = self.page.evaluate(
                "() => [Object.entries(localStorage), Object.entries(sessionStorage)]"
            )
            assert local == [], f"localStorage holds {local}"
            # htmx 2 keeps the current path (opaque ids only, E6) in sessionStorage; nothing else
            assert all(k in HTMX_STORAGE for k, _ in session), f"sessionStorage holds {session}"
            here = urlsplit(self.page.url)  # htmx keeps path and query (opaque ids only)
            current = here.path + (f"?{here.query}" if here.query else "")
            assert all(v == current for _, v in session), session


def _csp(f: Flow, message, page) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        f.refused.append((message.text[:120], message.location.get("url", ""), page.url))


@pytest.fixture
def flow(live: Live, browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., Flow]]:
    """``flow(user="ana", login=True)``: a fresh browser context (1280x800) as that user."""
    made: list[Flow] = []

    def make(user: str = "ana", login: bool = True) -> Flow:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        f = Flow(live, context, page, f"{request.node.name}-{user}")
        page.on("request", lambda r: f.requests.append(r))
        page.on("console", lambda m: _csp(f, m, page))
        made.append(f)
        if login:
            f.login(user)
        return f

    yield make
    for f in made:
        try:
            f.check()
        finally:
            f.context.close()
