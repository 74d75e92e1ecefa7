"""`clew serve` refuses to listen beyond loopback without TLS (D8); `clew users` manages people."""

from __future__ import annotations

import io
import json
import sys

from clew.cli.main import main
from clew.cli.server import loopback
from clew.store.base import Principal


def test_serve_refuses_non_loopback_without_tls_d8(workspace, capsys) -> None:
    assert main(["-w", str(workspace.path), "serve", "--host", "0.0.0.0"]) != 0
    err = capsys.readouterr().err
    assert "needs --tls-cert and --tls-key" in err and "Traceback" not in err
    assert loopback("127.0.0.1") and loopback("::1") and loopback("localhost")
    assert not loopback("0.0.0.0") and not loopback("10.1.2.3")


def test_users_commands(workspace, capsys, monkeypatch) -> None:
    ws = ["-w", str(workspace.path)]
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert main([*ws, "users", "add", "ana", "--role", "analyst", "--password-stdin"]) == 0
    assert "TOTP secret" in capsys.readouterr().out
    assert main([*ws, "users", "add", "ana", "--role", "analyst", "--no-password"]) == 1  # exists
    assert main([*ws, "users", "add", "x", "--role", "wizard", "--no-password"]) == 1
    assert main([*ws, "users", "grant", "ana", "demo"]) == 0
    assert main([*ws, "users", "grant", "ana", "nowhere"]) == 1
    capsys.readouterr()
    assert main([*ws, "users", "token", "ana"]) == 0
    assert capsys.readouterr().out.startswith("clew_")
    assert main([*ws, "users", "disable", "ana"]) == 0
    capsys.readouterr()
    assert main([*ws, "users", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["operations"] == ["demo"] and row["state"] == "disabled" and row["mfa"]
    assert main([*ws, "users", "unlock", "ana"]) == 0
    events = [
        r["action"] for r in workspace.store("_access", Principal("t")).select("audit", order_by=["seq"])
    ]
    for action in (
        "admin.user-add",
        "auth.password-change",
        "admin.grant",
        "admin.token-issue",
        "admin.disable",
    ):
        assert action in events
