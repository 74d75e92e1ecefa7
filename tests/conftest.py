"""Shared fixtures: fresh workspaces, the reference-data folder beside the project."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import click.testing
import pytest
from hypothesis import settings

from clew.errors import ClewError
from clew.store import Workspace

# No per-example deadline: performance is measured in bench/, never by a timed test, and on a
# shared 2-core machine hypothesis's 200 ms deadline fails at random.
settings.register_profile("clew", deadline=None)
settings.load_profile("clew")

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


def copy_database(url: str) -> str:
    """A new database on the test server holding a copy of the database at ``url`` (PostgreSQL's
    ``CREATE DATABASE … TEMPLATE``: a file copy, much faster than rebuilding it). Nobody may be
    connected to the original while it is copied."""
    from sqlalchemy import create_engine, make_url, text

    name = f"clew_{uuid.uuid4().hex[:12]}"
    source = make_url(url).database
    admin = create_engine(BACKEND_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


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


# -- no traceback ever reaches a user (issue 9 item 1, issue 10 item 5) ------------------------
# Every test is a CLI error case checked for tracebacks: with CLEW_DEBUG set, an internal error
# in `main()` raises (so the test fails) instead of printing its one line; a traceback in any
# captured output (a subprocess, a worker), in a CliRunner result or in a captured
# `subprocess.run` fails the test that produced it.
TRACEBACK = "Traceback (most recent call last)"
os.environ["CLEW_DEBUG"] = "1"


def traceback_in(*texts: object) -> bool:
    return any(
        isinstance(t, str | bytes)
        and TRACEBACK in (t.decode("utf-8", "replace") if isinstance(t, bytes) else t)
        for t in texts
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.passed and traceback_in(report.capstderr, report.capstdout):
        report.outcome = "failed"
        report.longrepr = f"a traceback reached the output (issue 9 item 1):\n{report.capstderr[-3000:]}"


_invoke = click.testing.CliRunner.invoke
_run = subprocess.run


def _checked_invoke(self, *args, **kwargs):
    result = _invoke(self, *args, **kwargs)
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit | ClewError):
        raise AssertionError(f"the CLI raised {type(exc).__name__}: {exc}") from exc
    assert not traceback_in(result.output), result.output
    return result


def _checked_run(*args, **kwargs):
    result = _run(*args, **kwargs)
    assert not traceback_in(result.stderr, result.stdout), f"traceback from {args[0]!r}:\n{result.stderr}"
    return result


click.testing.CliRunner.invoke = _checked_invoke
subprocess.run = _checked_run
