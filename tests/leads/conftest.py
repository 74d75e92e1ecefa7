"""A small demo operation, analysed once per session; tests that change it get a copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clew.demo.run import run_demo
from clew.store import Workspace


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("leads") / "ws"
    run_demo(path, people=200, countries=8, syndicates=4, seed=3)
    return path


@pytest.fixture
def ws(demo_ws: Path, tmp_path: Path) -> Workspace:
    """A private copy of the demo workspace (state-changing tests)."""
    shutil.copytree(demo_ws, tmp_path / "ws")
    return Workspace.open(tmp_path / "ws")
