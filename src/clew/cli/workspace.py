"""``clew init``, ``clew status``, ``clew audit``: the workspace itself."""

from __future__ import annotations

import json

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table
from clew.errors import AuditError
from clew.store.summary import audit_entries
from clew.store.summary import status as summary_status
from clew.vocabulary import AuditAction


@click.command()
@click.option("--database-url", default=None, help="PostgreSQL URL for a server workspace.")
@pass_context
def init(ctx: Context, database_url: str | None) -> None:
    """Create a workspace (an existing one is left as it is)."""
    from clew.store.workspace import DEFAULT_OPERATION, Workspace

    ws = Workspace.init(ctx.workspace_path, ctx.operation or DEFAULT_OPERATION, url=database_url)
    click.echo(f"workspace {ws.path} (operation {ctx.operation or ws.default_operation})")


def print_summary(summary: dict) -> None:
    """The tables an analyst wants first."""
    click.echo(
        f"Operation {summary['operation']}: {summary['sources']} sources, "
        f"{summary['records']} records, {summary['statements']} statements, "
        f"{summary['quarantined']} quarantined, "
        f"{summary['unnormalised_values']} values kept raw (not normalisable)"
    )
    print_table("Sources by kind", ["kind", "files"], summary["sources_by_kind"].items())
    print_table("Records by schema", ["schema", "records"], summary["records_by_schema"].items())
    print_table("Identifiers by kind", ["kind", "identifiers"], summary["identifiers_by_kind"].items())
    phones = summary["phone_numbers_by_country"]
    print_table(
        f"Phone numbers per country ({summary['countries']} countries; top 25)",
        ["country", "numbers"],
        [(r["country"], r["numbers"]) for r in phones[:25]],
    )
    if "results" in summary:
        print_table(
            "Analysis results (stale: computed from other data than is stored now)",
            ["result", "state", "computed at", "why", "refresh with"],
            [(r["result"], r["state"], r["computed_at"] or "", "; ".join(r["reasons"]), r["refresh"])
             for r in summary["results"]],
        )  # fmt: skip
        for r in summary["results"]:
            if r["state"] == "stale":
                click.echo(f"note: {r['sentence']}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def status(ctx: Context, as_json: bool) -> None:
    """What is stored: sources, records per schema, identifiers per kind and country."""
    with ctx.store() as store:
        summary = summary_status(store)
    print_json(summary) if as_json else print_summary(summary)


@click.group()
def audit() -> None:
    """The tamper-evident audit log."""


@audit.command("verify")
@click.option("--all", "every", is_flag=True, help="Every operation of the workspace, each on its own.")
@pass_context
def audit_verify(ctx: Context, every: bool) -> None:
    """Recompute the audit log and check it against the signed checkpoints; non-zero exit if it
    was altered (edited, deleted, inserted or reordered entries, a truncated tail, a wiped table)."""
    from clew.store.proofs import operation_names

    workspace = ctx.workspace()
    names = operation_names(workspace) if every else [ctx.operation or workspace.default_operation]
    failed: list[str] = []
    for name in names:
        try:
            with workspace.store(name) as store:
                check = store.verify_audit()
                store.audit(AuditAction.AUDIT_VERIFY, None, {"entries": check.entries, "root": check.root})
        except AuditError as exc:
            if not every:
                raise
            click.echo(f"clew: error: {exc}", err=True)  # and on to the next operation
            failed.append(name)
            continue
        tail = f", {check.unsigned} after it (signed at the next checkpoint)" if check.unsigned else ""
        signed = "no signed checkpoint yet"
        if check.checkpoints:
            signed = f"{check.checkpointed} covered by signed checkpoint {check.checkpoints}"
        click.echo(f"audit log of {name} intact: {check.entries} entries, {signed}{tail}; root {check.root}")
    if failed:
        raise AuditError(
            f"{len(failed)} of {len(names)} operations' audit logs do not verify: {', '.join(failed)}"
        )


@audit.command("prove")
@click.argument("position", type=int)
@pass_context
def audit_prove(ctx: Context, position: int) -> None:
    """RFC 9162 inclusion proof of entry POSITION (from 0) under the latest signed checkpoint."""
    from clew.store.proofs import prove_inclusion

    with ctx.store() as store:
        click.echo(json.dumps(prove_inclusion(store, ctx.workspace().checkpoints(), position), indent=2))


@audit.command("list")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def audit_list(ctx: Context, limit: int, as_json: bool) -> None:
    """The latest audit entries of the operation."""
    with ctx.store() as store:
        rows = audit_entries(store, limit)
    if as_json:
        print_json(rows)
    else:
        print_table(
            "Audit log",
            ["seq", "at", "actor", "action", "target"],
            [(r["seq"], r["at"], r["actor"], r["action"], r["target"]) for r in rows],
        )


COMMANDS: list[click.Command] = [init, status, audit]
