"""Tried as a new user would (issue 14): ``clew demo`` ends with the command that serves it and a
log-in that works in the web app as printed."""

from __future__ import annotations

import re

import pyotp
from click.testing import CliRunner
from fastapi.testclient import TestClient

from clew.access.auth import Auth
from clew.api.app import create_app
from clew.cli.main import cli
from clew.store import Workspace
from clew.store.directory import Directory
from clew.store.sql import make_engine

SMALL = ["demo", "--people", "80", "--countries", "5", "--syndicates", "3", "--seed", "3"]


def test_the_demo_ends_with_the_serve_command_and_a_working_log_in(tmp_path) -> None:
    ws = tmp_path / "ws"
    run = CliRunner().invoke(cli, ["--workspace", str(ws), *SMALL])
    assert run.exit_code == 0, run.output
    tail = run.output.rstrip().splitlines()[-5:]
    assert tail[0] == "Serve it (the web app and the API):" and tail[1] == f"  clew --workspace {ws} serve"
    found = re.search(r"log in as (\S+), password (\S+), with the code", tail[2])
    secret = re.search(r"TOTP secret ([A-Z2-7]+)", tail[3])
    assert found and secret and found[1] == "demo-analyst"
    assert secret[1] in tail[4] and "pyotp" in tail[4]
    c = TestClient(create_app(Workspace.open(ws)), base_url="https://testserver")
    form = {"user": found[1], "password": found[2], "code": pyotp.TOTP(secret[1]).now()}
    assert c.post("/login", data=form, follow_redirects=False).headers["location"] == "/context"
    assert 'value="demo"' in c.get("/context").text  # a member of the demo operation
    kept = CliRunner().invoke(cli, ["--workspace", str(ws), *SMALL, "--no-login"])
    assert kept.exit_code == 0 and kept.output.rstrip().splitlines()[-1] == (
        "  clew users add demo-analyst --role analyst && clew users grant demo-analyst demo"
    )
    auth = Auth(Directory(make_engine(Workspace.open(ws).url)))
    assert auth.password_ok(found[1], found[2])  # --no-login leaves the log-in as it was
    again = CliRunner().invoke(cli, ["--workspace", str(ws), *SMALL, "--json"])
    assert again.exit_code == 0 and '"login"' in again.output
    auth = Auth(Directory(make_engine(Workspace.open(ws).url)))
    assert not auth.password_ok(found[1], found[2])  # renewed: the old one stops working
    assert auth.directory.user(found[1]).totp_secret != secret[1]
