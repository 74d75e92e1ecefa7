"""Shortest paths with evidence, and the CLI printing the syndicates table."""

from __future__ import annotations

import json

import pytest

from clew.cli.main import cli
from clew.errors import NotFound
from clew.network import pipeline, query
from network.fixtures import add_entities, add_source, group, person


def _chain(store) -> None:
    add_entities(store, [person(p) for p in ["a", "b", "c", "d", "e", "f", "a2", "f2"]])
    add_entities(store, group("g1", ["a", "a2", "b", "c"], admins=["a"]) + group("g2", ["d", "e", "f", "f2"]))
    add_entities(store, group("g3", ["a", "a2", "b"]) + group("g4", ["e", "f", "f2"]))
    src = add_source(store, owner="c")
    add_entities(store, [person("c"), person("d")], src)


def test_path_has_evidence_per_hop(store) -> None:
    _chain(store)
    pipeline.run(store)
    hops = query.path(store, "a", "f")
    assert hops[0]["from"] == "a" and hops[-1]["to"] == "f"
    assert any(h["from"] == "c" and h["to"] == "d" for h in hops)
    contact = next(h for h in hops if h["from"] == "c")
    assert contact["evidence"][0]["kind"] == "contact"
    with pytest.raises(NotFound):
        query.path(store, "a", "nobody")


def test_cli_network_prints_syndicates(workspace, tmp_path) -> None:
    with workspace.store() as store:
        _chain(store)
    from click.testing import CliRunner

    runner = CliRunner()
    result = runner.invoke(cli, ["-w", str(workspace.path), "network", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["syndicates"] >= 1
    assert {"syndicate_id", "size", "countries", "groups", "admins", "brokers", "key_players"} <= set(
        data["syndicates"][0]
    )
    table = runner.invoke(cli, ["-w", str(workspace.path), "network"])
    assert table.exit_code == 0 and "syn-0001" in table.output
    assert " edges, " not in table.output  # up to date: printed from the store, not rebuilt
    again = runner.invoke(cli, ["-w", str(workspace.path), "network", "--rebuild"])
    assert again.exit_code == 0 and " edges, " in again.output
    sub = runner.invoke(cli, ["-w", str(workspace.path), "network", "subject", "c", "--json"])
    assert sub.exit_code == 0 and json.loads(sub.output)["subject_id"] == "c"
    path = runner.invoke(cli, ["-w", str(workspace.path), "network", "path", "a", "f"])
    assert path.exit_code == 0 and "contact" in path.output
    with workspace.store() as store:
        reads = [
            (r["action"], r["target"])
            for r in store.select("audit", {"action": ["network.subject", "network.path"]}, order_by=["seq"])
        ]
    assert reads == [("network.subject", "c"), ("network.path", "a f")]
