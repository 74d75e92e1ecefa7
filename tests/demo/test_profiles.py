"""Scenario profiles: each is a real departure in the sources, the truth stays exact, and
`clew demo --profile … --profile …` runs end to end with `clew evaluate` showing the figures."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest
from click.testing import CliRunner

from clew.cli.demo import PROFILE_NAMES
from clew.cli.main import cli
from clew.demo.generate import generate
from clew.demo.profiles import BY_NAME, PROFILES, Settings, settings_for
from clew.errors import UserError

SMALL = {"people": 300, "countries": 10, "syndicates": 4, "seed": 5}


def test_registry_is_what_the_cli_offers_and_each_profile_changes_something():
    assert tuple(p.name for p in PROFILES) == PROFILE_NAMES
    for p in PROFILES:
        assert p.departure and p.truth and p.apply(Settings()) != Settings(), p.name
    combined = settings_for(["no-groups", "vpn"])
    assert not combined.memberships and combined.vpn_share == 0.25
    with pytest.raises(UserError, match="unknown profile"):
        settings_for(["nope"])


def _gen(tmp_path, *profiles):
    return generate(tmp_path / "src", tmp_path / "truth", **SMALL, profiles=profiles)


def _texts(sources):
    """Every text source, and the ``report.xml`` of each UFDR report (a zip)."""
    for path in sorted(sources.rglob("*")):
        if path.suffix == ".ufdr":
            with zipfile.ZipFile(path) as archive:
                yield archive.read("report.xml").decode()
        elif path.is_file() and path.suffix != ".csv":
            yield path.read_text()


def test_no_groups_writes_no_membership(tmp_path):
    gen = _gen(tmp_path, "no-groups")
    text = "".join(_texts(gen.sources))
    assert '"Membership"' not in text and 'type="Chat"' not in text
    assert 'type="Contact"' in text  # the devices' reports were read
    for path in gen.sources.glob("platform-returns/*/members.csv"):
        rows = list(csv.DictReader(path.open()))
        assert rows and all(not r["group_id"] for r in rows)
    assert gen.manifest["parameters"]["profiles"] == ["no-groups"]


def test_wallet_only_buyers_have_only_kyc_records(tmp_path):
    gen = _gen(tmp_path, "wallet-only-buyers")
    buyers = {p.id for p in gen.world.people if p.roles == {"buyer"} and not p.arrested}
    assert buyers
    kyc = {w.customer_id for p in gen.world.people for w in p.wallets}
    records = [e for e, person in gen.sink.records.items() if person in buyers]
    assert records and set(records) <= kyc


def test_vpn_exits_are_shared_by_many_people(tmp_path):
    gen = _gen(tmp_path, "vpn")
    users: dict[str, set[str]] = {}
    for p in gen.world.people:
        for a in p.accounts.values():
            users.setdefault(a.ip, set()).add(p.id)
    assert max(len(v) for v in users.values()) >= 5


def test_default_is_unchanged_and_truth_has_evidence_groups(tmp_path):
    a = generate(tmp_path / "a", tmp_path / "ta", **SMALL)
    b = _gen(tmp_path / "b")
    files = sorted(p.relative_to(a.sources) for p in a.sources.rglob("*") if p.is_file())
    assert all((a.sources / f).read_bytes() == (b.sources / f).read_bytes() for f in files)
    rows = list(csv.DictReader((tmp_path / "ta" / "records.csv").open()))
    assert rows and all(r["evidence_group"] for r in rows)


@pytest.mark.slow
def test_demo_with_two_profiles_runs_and_evaluates(tmp_path):
    runner = CliRunner()
    ws = str(tmp_path / "ws")
    args = ["demo", "--people", "300", "--countries", "10", "--syndicates", "4", "--seed", "5"]
    done = runner.invoke(cli, ["--workspace", ws, *args, "--profile", "no-groups", "--profile", "vpn"])
    assert done.exit_code == 0, done.output
    scores = runner.invoke(cli, ["--workspace", ws, "evaluate", "--json"])
    assert scores.exit_code == 0, scores.output
    data = json.loads(scores.output)
    assert data["resolve"]["resolution"]["recall_of_ceiling"] > 0.9
    assert data["network"]["syndicates"]["coverage"] > 0
    assert set(BY_NAME) >= {"no-groups", "vpn"}
