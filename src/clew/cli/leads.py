"""`clew leads`: build lead packages per receiving country, list, show, verify, approve, release,
and track preservation requests. Logic lives in ``clew.service`` and ``clew.leads``; the commands
are in ``leads_build`` and ``leads_register``, the partner-side ones (preservation requests,
schema, directory) here; this module and those only parse and print."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.leads_build import build
from clew.cli.leads_register import approve, export, list_, release, verify
from clew.cli.output import print_json, print_table


@click.group()
def leads() -> None:
    """Lead packages to partner countries: build, approve, release, preservation."""


for _command in (build, list_, export, verify, approve, release):
    leads.add_command(_command)


@leads.command("preservation")
@click.option("--expiring-within", "within", default=None, help="Only those expiring within e.g. 30d, 2w.")
@click.option("--renew", "renew_id", default=None, help="Renew this request by its term.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def preservation_(ctx: Context, within: str | None, renew_id: str | None, as_json: bool) -> None:
    """Preservation requests with their expiry, soonest first."""
    from clew.service import leadtools

    with ctx.store() as store:
        if renew_id:
            r = leadtools.renew(store, renew_id)
            click.echo(f"{r.request_id}: renewed until {r.expires_at}")
            return
        found = leadtools.preservation_requests(store, within)
    if as_json:
        print_json([r.as_dict() for r in found])
        return
    print_table(
        "Preservation requests",
        ["request", "provider", "account", "sent", "expires", "renewals"],
        [
            (r.request_id, r.provider, r.account, r.sent_at or "not sent", r.expires_at or "", r.renewals)
            for r in found
        ],
    )


@leads.command("schema")
@click.option("--feedback", is_flag=True, help="The feedback file's schema instead.")
def schema(feedback: bool) -> None:
    """Print the published JSON Schema of lead packages (or of partner feedback)."""
    import json

    from clew.service.leadtools import schema as published

    click.echo(json.dumps(published(feedback=feedback), indent=2))


@leads.command("directory")
@click.option("--init", "init", is_flag=True, help="Copy the shipped directory for this operation to edit.")
@pass_context
def directory_(ctx: Context, init: bool) -> None:
    """Show the operation's partner directory (with --init, create it from the shipped one)."""
    from clew.service.leadtools import directory

    with ctx.store() as store:
        found = directory(store, ctx.workspace_path, init=init)
    click.echo(f"{found.path}: {len(found.countries)} countries")


COMMANDS: list[click.Command] = [leads]
