"""`clew demo` end to end on a small operation: ingests cleanly, prints the summary, re-runs safely."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clew.cli.main import cli

ARGS = ["demo", "--people", "200", "--countries", "8", "--syndicates", "4", "--seed", "5"]


@pytest.mark.slow
def test_demo_ingests_without_quarantine_and_reruns_as_noop(tmp_path):
    runner = CliRunner()
    ws = tmp_path / "ws"
    first = runner.invoke(cli, ["--workspace", str(ws), *ARGS])
    assert first.exit_code == 0, first.output
    assert "Phone numbers per" in first.output
    assert "Records by schema" in first.output
    assert "Pipeline" in first.output
    again = runner.invoke(cli, ["--workspace", str(ws), *ARGS, "--json"])
    assert again.exit_code == 0, again.output
    data = json.loads(again.output)
    assert data["summary"]["quarantined"] == 0
    assert data["summary"]["records"] > 500
    statuses = {f["status"] for f in data["ingest"]["files"]}
    assert statuses == {"skipped"}, statuses
    assert (ws / "demo-truth" / "records.csv").exists()
    other = runner.invoke(cli, ["--workspace", str(ws), *ARGS[:-1], "6"])
    assert other.exit_code != 0
