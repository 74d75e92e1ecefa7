"""A workspace with two operations built once per test process, and clients for its users.

``demo`` is the demo operation (seed 3); ``other`` a second demo (seed 5) ingested into
another operation, so the two hold different people with different ids. Each test gets a
copy of the workspace folder, so writes (decisions, users, sessions) stay in the test.

On the PostgreSQL pass (``CLEW_TEST_POSTGRES_URL``) the workspace is built in a database on
the test server, and each test gets a copy of that database too (``CREATE DATABASE …
TEMPLATE``), its ``workspace.json`` pointing at the copy.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from fastapi.testclient import TestClient

from clew import pipeline
from clew.api.app import create_app
from clew.cli.main import main
from clew.demo.generate import generate
from clew.demo.run import run_demo
from clew.ingest import ingest_paths
from clew.store import Workspace
from clew.store.workspace import SETTINGS
from conftest import copy_database, fresh_database_url

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("api-ws")
    ws_path = root / "ws"
    url = fresh_database_url()
    if url:
        Workspace.init(ws_path, operation="demo", url=url)
    run_demo(ws_path, people=150, countries=6, syndicates=3, seed=3)
    gen = generate(root / "other-src", root / "other-truth", people=120, countries=5, syndicates=2, seed=5)
    with Workspace.open(ws_path).store("other", create=True) as store:
        ingest_paths(store, gen.ingest_paths)
        pipeline.run_all(store)
    return ws_path


@pytest.fixture
def workspace(built: Path, tmp_path: Path) -> Workspace:
    dest = tmp_path / "ws"
    shutil.copytree(built, dest, ignore=shutil.ignore_patterns("demo-sources", "demo-truth"))
    settings_file = dest / SETTINGS
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    if settings.get("database_url"):
        settings["database_url"] = copy_database(settings["database_url"])
        settings_file.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return Workspace.open(dest)


def cli_json(capsys, workspace: Workspace, *args: str):
    """What ``clew -o demo ARGS`` prints as JSON, in this process (the parity tests' reference)."""
    capsys.readouterr()
    assert main(["-w", str(workspace.path), "-o", "demo", *args]) == 0
    return json.loads(capsys.readouterr().out)


class Clock:
    """A settable clock (epoch seconds) the app reads instead of the system's."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Person:
    name: str
    secret: str | None
    token: str

    def headers(self, purpose: str | None = "test: need-to-know") -> dict[str, str]:
        out = {"Authorization": f"Bearer {self.token}"}
        if purpose:
            out["X-Clew-Purpose"] = purpose
        return out


class Server:
    def __init__(self, workspace: Workspace, clock: Clock) -> None:
        self.clock = clock
        self.app = create_app(workspace, clock=clock)
        self.state = self.app.state.clew
        self.auth = self.state.auth

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="https://testserver", raise_server_exceptions=False)

    def person(self, name: str, role: str = "analyst", operations: tuple[str, ...] = ("demo",)) -> Person:
        self.auth.add_user(name, role)
        self.auth.set_password(name, PASSWORD)
        secret = self.auth.enrol_totp(name)
        for op in operations:
            self.auth.grant(name, op)
        return Person(name, secret, self.auth.issue_token(name))

    def code(self, person: Person, offset_steps: int = 0) -> str:
        return pyotp.TOTP(person.secret).at(self.clock.now + 30 * offset_steps)

    def login(self, client: TestClient, person: Person, offset_steps: int = 0):
        body = {"user": person.name, "password": PASSWORD, "code": self.code(person, offset_steps)}
        return client.post("/api/v1/session", json=body)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def server(workspace: Workspace, clock: Clock) -> Server:
    return Server(workspace, clock)
