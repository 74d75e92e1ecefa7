"""``clew serve`` and ``clew users``: the multi-user server and its people (issue 13)."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table
from clew.errors import UserError


def _auth(ctx: Context):
    from clew.access.auth import Auth
    from clew.store.directory import Directory
    from clew.store.sql import make_engine
    from clew.vocabulary import SYSTEM_OPERATION, AuditAction

    workspace = ctx.workspace()
    engine = make_engine(workspace.url)

    def on_event(action: AuditAction, user: str, outcome: str, detail: dict) -> None:
        with workspace.store(SYSTEM_OPERATION, create=True) as store:  # closing signs a checkpoint
            store.audit(action=action, target=user, detail={**detail, "component": "cli"}, outcome=outcome)

    return Auth(Directory(engine), on_event=on_event)


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8731, show_default=True)
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--docs", is_flag=True, help="Serve the interactive API docs at /docs (off by default).")
@pass_context
def serve(
    ctx: Context, host: str, port: int, tls_cert: Path | None, tls_key: Path | None, docs: bool
) -> None:
    """Serve the REST API (/api/v1) on 127.0.0.1; another address only with --tls-cert/--tls-key."""
    import uvicorn

    from clew.api.app import create_app

    tls = bool(tls_cert and tls_key)
    if not loopback(host) and not tls:
        raise UserError(f"--host {host}: listening beyond loopback needs --tls-cert and --tls-key")
    app = create_app(ctx.workspace(), docs=docs, tls=tls, secure_cookies=True)
    scheme = "https" if tls else "http"
    click.echo(f"clew serve: {scheme}://{host}:{port}/api/v1 (workspace {ctx.workspace_path})", err=True)
    uvicorn.run(
        app, host=host, port=port, log_level="warning", access_log=False,
        ssl_certfile=str(tls_cert) if tls else None, ssl_keyfile=str(tls_key) if tls else None,
    )  # fmt: skip


@click.group()
def users() -> None:
    """People of the server: roles, memberships, passwords, MFA, tokens."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, help="analyst, supervisor, liaison, auditor or admin.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (else prompted).")
@click.option("--no-password", is_flag=True, help="Create without password (token-only machine user).")
@pass_context
def users_add(ctx: Context, name: str, role: str, password_stdin: bool, no_password: bool) -> None:
    """Add a user; sets the password and prints the TOTP secret for their authenticator app."""
    auth = _auth(ctx)
    password = None
    if not no_password:
        password = (
            sys.stdin.readline().rstrip("\n")
            if password_stdin
            else click.prompt("password", hide_input=True, confirmation_prompt=True)
        )
    auth.add_user(name, role)
    if password is not None:
        auth.set_password(name, password)
        secret = auth.enrol_totp(name)
        click.echo(f"user {name} ({role}); TOTP secret (enter it in an authenticator app): {secret}")
    else:
        click.echo(f"user {name} ({role}) without password: use `clew users token {name}`")


@users.command("grant")
@click.argument("name")
@click.argument("operation")
@pass_context
def users_grant(ctx: Context, name: str, operation: str) -> None:
    """Make NAME a member of OPERATION (effective on their next request)."""
    added = _auth(ctx).grant(name, operation)
    click.echo(f"{name}: member of {operation}" + ("" if added else " (already)"))


@users.command("permit")
@click.argument("name")
@click.argument("permission")
@pass_context
def users_permit(ctx: Context, name: str, permission: str) -> None:
    """Grant NAME an extra permission (sensitive.read: victim and hash-match details)."""
    _auth(ctx).permit(name, permission)
    click.echo(f"{name}: {permission} granted")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def users_list(ctx: Context, as_json: bool) -> None:
    """Users with role, memberships and state."""
    auth = _auth(ctx)
    rows = [
        {
            "name": u.name,
            "role": u.role,
            "extra": sorted(u.extra),
            "operations": sorted(auth.directory.memberships(u.name)),
            "mfa": bool(u.totp_secret),
            "state": "disabled" if u.disabled else "locked" if u.locked else "active",
        }
        for u in auth.directory.users()
    ]
    if as_json:
        print_json(rows)
        return
    print_table(
        f"Users ({len(rows)})",
        ["name", "role", "operations", "extra", "mfa", "state"],
        [
            (r["name"], r["role"], ", ".join(r["operations"]), ", ".join(r["extra"]), r["mfa"], r["state"])
            for r in rows
        ],
    )


@users.command("disable")
@click.argument("name")
@pass_context
def users_disable(ctx: Context, name: str) -> None:
    """Disable NAME: every session ends and every token is revoked at once."""
    _auth(ctx).disable(name)
    click.echo(f"{name}: disabled")


@users.command("unlock")
@click.argument("name")
@pass_context
def users_unlock(ctx: Context, name: str) -> None:
    """Lift a lock-out (or a disable) on NAME."""
    _auth(ctx).unlock(name)
    click.echo(f"{name}: unlocked")


@users.command("token")
@click.argument("name")
@click.option("--label", default=None, help="What the token is for.")
@click.option("--operation", "operations", multiple=True, help="Limit the token to these memberships.")
@pass_context
def users_token(ctx: Context, name: str, label: str | None, operations: tuple[str, ...]) -> None:
    """Print a new bearer token for NAME (shown once; only its hash is kept)."""
    token = _auth(ctx).issue_token(name, label, frozenset(operations) if operations else None)
    click.echo(token)


COMMANDS: list[click.Command] = [serve, users]
