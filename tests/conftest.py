"""Shared fixtures: fresh workspaces, the reference-data folder beside the project."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from clew.store import Workspace

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


BACKEND_URL = os.environ.get("CLEW_TEST_POSTGRES_URL")
"""Set by scripts/test.sh for its second pass: the admin URL of the throw-away PostgreSQL server
(scripts/postgres.sh). Every ``workspace`` then gets a fresh database on it."""


def fresh_database_url() -> str | None:
    """A new, empty PostgreSQL database on the test server (None on the SQLite pass)."""
    if not BACKEND_URL:
        return None
    from sqlalchemy import create_engine, make_url, text

    name = f"clew_{uuid.uuid4().hex[:12]}"
    admin = create_engine(BACKEND_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(BACKEND_URL).set(database=name).render_as_string(hide_password=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass, tests about SQLite itself (its files, pragmas) do not apply."""
    if BACKEND_URL:
        skip = pytest.mark.skip(reason="about SQLite's own files or settings")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


def pytest_report_header() -> str:
    return f"clew store backend: {'postgresql' if BACKEND_URL else 'sqlite'}"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.init(tmp_path / "ws", operation="test-op", url=fresh_database_url())


@pytest.fixture
def store(workspace: Workspace):
    with workspace.store() as s:
        yield s


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "reference").is_dir():
        pytest.fail(f"reference data not found at {SHARED}: it must sit beside the project root")
    return SHARED
