"""``clew sources list|retract|restore``: what evidence an operation holds, and hiding a source."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table


@click.group()
def sources() -> None:
    """The operation's sources: `clew sources list`, `clew sources retract SOURCE --reason R`,
    `clew sources restore SOURCE`."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def sources_list(ctx: Context, as_json: bool) -> None:
    """Every source: number, file, format, kind, records, status (done, rejected, retracted)."""
    from clew.service import evidence as service

    with ctx.store() as store:
        rows = service.source_listing(store)
    if as_json:
        print_json(rows)
        return
    print_table(
        f"Sources ({len(rows)})",
        ["source", "file", "format", "kind", "records", "quarantined", "status", "sha256"],
        [(r["id"], r["path"], r["format"], r["kind"], r["records"], r["quarantined"], r["status"],
          r["sha256"][:16]) for r in rows],
    )  # fmt: skip


@sources.command("retract")
@click.argument("source")
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@pass_context
def sources_retract(ctx: Context, source: str, reason: str) -> None:
    """Hide SOURCE (number, SHA-256 or path) from every analysis; the file and audit trail stay.

    Re-run the analyses (`clew analyse`) for their results to drop its records."""
    from clew.service import evidence as service

    with ctx.store() as store:
        row = service.retract(store, source, reason)
    click.echo(f"source {row['id']} ({row['path']}) retracted; re-run `clew analyse` to update results")


@sources.command("restore")
@click.argument("source")
@click.option("--reason", default=None, help="Why (kept in the audit log).")
@pass_context
def sources_restore(ctx: Context, source: str, reason: str | None) -> None:
    """Undo `clew sources retract SOURCE`."""
    from clew.service import evidence as service

    with ctx.store() as store:
        row = service.restore(store, source, reason)
    click.echo(f"source {row['id']} ({row['path']}) restored; re-run `clew analyse` to update results")


COMMANDS: list[click.Command] = [sources]
