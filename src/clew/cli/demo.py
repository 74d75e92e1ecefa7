"""`clew demo`: a synthetic operation, ingested and analysed, with its summary."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import byte_progress, print_json, print_table
from clew.cli.workspace import print_summary

PROFILE_NAMES = (
    "no-groups", "wallet-only-buyers", "vpn", "national-numbers", "homonyms", "sparse", "crypto", "meetings",
)  # clew.demo.profiles.PROFILES (named here so `clew --help` stays light)  # fmt: skip


@click.command()
@click.option("--people", default=5000, show_default=True, help="About how many people.")
@click.option("--countries", default=100, show_default=True, help="How many countries.")
@click.option("--syndicates", default=50, show_default=True, help="How many syndicates.")
@click.option("--seed", default=7, show_default=True, help="Same seed, same demo.")
@click.option("--profile", "profiles", multiple=True, metavar="NAME",
              help="Scenario profile (repeatable): " + ", ".join(PROFILE_NAMES) + ".")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where demo-sources/ and demo-truth/ go (default: the workspace).")  # fmt: skip
@click.option("--no-login", is_flag=True, help="Do not create the demo analyst of the web app.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def demo(
    ctx: Context,
    people: int,
    countries: int,
    syndicates: int,
    seed: int,
    profiles: tuple[str, ...],
    out: Path | None,
    no_login: bool,
    as_json: bool,
) -> None:
    """Generate a synthetic operation (sources + ground truth), ingest and analyse it; end with
    the command that serves it and a log-in of the web app (a demo analyst, unless --no-login)."""
    from clew.demo.run import run_demo

    with byte_progress(not as_json) as on_progress:
        result = run_demo(
            ctx.workspace_path, people=people, countries=countries, syndicates=syndicates, seed=seed,
            profiles=profiles, out=out, on_progress=on_progress,
        )  # fmt: skip
    login = None if no_login else _login(ctx)
    if as_json:
        print_json(result.as_dict() | {"login": asdict(login) if login else None})
        return
    gen = result.generated
    counts = gen.manifest["counts"]
    click.echo(
        f"Demo: {counts['people']} people, {counts['syndicates']} syndicates, "
        f"{len(gen.manifest['countries'])} countries, {counts['arrested']} seized devices, "
        f"{counts['source_files']} source files in {gen.sources}; ground truth in {gen.truth}"
    )
    print_summary(result.summary)
    click.echo(f"hash list: {_brief(result.hashlist)}")
    print_table("Pipeline", ["step", "result"], [(k, _brief(v)) for k, v in result.steps.items()])
    click.echo("timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()))
    _print_login(ctx, login)


def _login(ctx: Context):
    """The demo analyst (``clew.service.demologin``); None without the ``server`` extra."""
    if not _server_extra():
        return None
    from clew.cli.server import _auth
    from clew.service.demologin import demo_login

    auth = _auth(ctx)
    try:
        return demo_login(auth, ctx.workspace_path)
    finally:  # no pooled connection left open on the workspace once the demo returns
        auth.directory.engine.dispose()


def _server_extra() -> bool:
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("argon2", "pyotp", "fastapi"))


def _print_login(ctx: Context, login) -> None:
    """The summary's last lines: the command that serves the demo, and how to log in."""
    from clew.service.demologin import OPERATION, USER, serve_command

    click.echo(f"\nServe it (the web app and the API):\n  {serve_command(ctx.workspace_path)}")
    if login is None:
        extra = "" if _server_extra() else " (first install the server extra: pip install -e '.[server]')"
        click.echo(
            f"then create an analyst{extra}:\n"
            f"  clew users add {USER} --role analyst && clew users grant {USER} {OPERATION}"
        )
        return
    click.echo(
        f"then open {login.url} and log in as {login.user}, password {login.password}, with the code\n"
        f"of an authenticator app given the TOTP secret {login.totp_secret}, or printed by\n"
        f"  {login.code_command()}"
    )


def _brief(d: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in d.items() if not isinstance(v, dict | list))[:200]


COMMANDS: list[click.Command] = [demo]
