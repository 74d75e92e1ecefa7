"""``clew money patterns`` sorted by score with --limit and a validated --pattern; ``money run``
and ``analyse`` print tables, never Python dicts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from clew.cli.main import cli, main
from clew.money import PATTERNS, pipeline
from money.test_money_store import ingest_fixture


def test_patterns_sorted_by_score_limited_and_in_words(workspace, tmp_path) -> None:
    with workspace.store() as store:
        ingest_fixture(store, tmp_path)
        pipeline.run(store)
        total = store.count("money_patterns")
    runner = CliRunner()
    ws = ["-w", str(workspace.path)]
    rows = json.loads(runner.invoke(cli, [*ws, "money", "patterns", "--json", "--limit", "1000"]).output)
    assert len(rows) == total > 2
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)  # by score, not by pattern name
    assert (
        len(json.loads(runner.invoke(cli, [*ws, "money", "patterns", "--json", "--limit", "2"]).output)) == 2
    )
    table = runner.invoke(cli, [*ws, "money", "patterns", "--limit", "2"]).output
    assert f"2 of {total}" in table and "{" not in table  # evidence in words, not JSON
    assert "Sam Seller" in table or "Buyer" in table  # display names next to subject ids


def test_unknown_pattern_is_refused_naming_the_known_ones(workspace, capsys) -> None:
    assert main(["-w", str(workspace.path), "money", "patterns", "--pattern", "sellers"]) == 2
    err = capsys.readouterr().err
    assert "sellers" in err and "seller" in err and "Traceback" not in err
    assert set(PATTERNS) >= {"seller", "collector", "shop", "cycle"}


def test_money_run_and_analyse_print_tables_not_dicts(workspace, tmp_path) -> None:
    with workspace.store() as store:
        ingest_fixture(store, tmp_path)
    runner = CliRunner()
    ws = ["-w", str(workspace.path)]
    out = runner.invoke(cli, [*ws, "money", "run"])
    assert out.exit_code == 0 and "patterns.seller" in out.output and "{" not in out.output
    out = runner.invoke(cli, [*ws, "analyse"])
    assert out.exit_code == 0, out.output
    assert "{" not in out.output and "'" not in out.output
    assert "resolve" in out.output and "network" in out.output
