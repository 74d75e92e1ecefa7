"""Shared fixtures: fresh workspaces, the reference-data folder beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from clew.store import Workspace

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace.init(tmp_path / "ws", operation="test-op")


@pytest.fixture
def store(workspace: Workspace):
    with workspace.store() as s:
        yield s


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "reference").is_dir():
        pytest.fail(f"reference data not found at {SHARED}: it must sit beside the project root")
    return SHARED
