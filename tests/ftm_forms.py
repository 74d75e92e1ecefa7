"""FtM written by another tool (issue 11): ``data/ftm_forms/other_tool.ftm.jsonl`` states the facts
Clew analyses — ties, identifiers, payments, countries, names — in schemata and properties the demo
never writes, each valid in the followthemoney model. Synthetic people only.

Each mirrored test package asserts that its analysis reads them (tests/network, tests/money,
tests/resolve); :func:`other_tool` ingests the file once per test module and runs resolve, network
and money over it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from clew.ingest import ingest_paths
from clew.pipeline import run_all
from clew.resolve import subject_map
from clew.store import Workspace
from clew.store.base import Store
from conftest import fresh_database_url

FIXTURE = Path(__file__).parent / "data" / "ftm_forms" / "other_tool.ftm.jsonl"


@pytest.fixture(scope="module")
def other_tool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding the other tool's export, resolved, with network and money run."""
    ws = Workspace.init(
        tmp_path_factory.mktemp("ftm-forms") / "ws", operation="test-op", url=fresh_database_url()
    )
    with ws.store() as store:
        result = ingest_paths(store, [FIXTURE])
        assert [(f.status, f.quarantined) for f in result.files] == [("new", 0)]
        run_all(store, only=["resolve", "network", "money"])
        yield store


def subject_of(store: Store, entity: str) -> str:
    """The subject an entity was resolved into (itself when resolution left it alone)."""
    return subject_map(store).get(entity, entity)
