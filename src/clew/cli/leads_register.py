"""``clew leads list/export/verify/approve/release``: the dissemination register's commands.

Each parses its arguments, makes one call (``clew.service``,
``clew.leads.signing``) and prints what comes back; who built, approved and released what is
recorded and audited there.
"""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def list_(ctx: Context, as_json: bool) -> None:
    """Every package version with its country, state and subject count."""
    from dataclasses import asdict

    from clew.service import leads

    with ctx.store() as store:
        entries = leads.entries(store)
    if as_json:
        print_json([asdict(e) for e in entries])
        return
    print_table(
        "Dissemination register",
        ["package", "v", "country", "state", "subjects", "built by", "approved by", "released to", "since"],
        [
            (
                e.package_id,
                e.version,
                e.country,
                e.state,
                e.subjects,
                e.built_by,
                e.approved_by,
                e.released_to,
                "; ".join(e.changed) or "results unchanged",
            )
            for e in entries
        ],
    )


@click.command("export")
@click.argument("package_id")
@click.option("--version", type=int, default=None, help="Default: the latest.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@pass_context
def export(ctx: Context, package_id: str, version: int | None, out: Path) -> None:
    """Write a stored package in every format to OUT/<COUNTRY>/."""
    from clew.service.leadfiles import write_package

    with ctx.store() as store:
        files = write_package(store, package_id, version, out)
    click.echo("\n".join(str(f) for f in files))


@click.command("verify")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--public-key", default=None, help="The sender's Ed25519 public key (hex) to check against.")
def verify(file: Path, public_key: str | None) -> None:
    """Check a JSON package's SHA-256 and Ed25519 signature."""
    from clew.service.leadtools import verify_file

    click.echo(f"{file}: signature valid, sha256 {verify_file(file, public_key)}")


@click.command("approve")
@click.argument("package_id")
@click.option("--version", type=int, default=None)
@pass_context
def approve(ctx: Context, package_id: str, version: int | None) -> None:
    """Approve a draft package as yourself (the operating-system user running clew), who must
    not be its builder: four-eyes, the approver is who calls, never a name typed in."""
    from clew.service import leads

    with ctx.store() as store:
        e = leads.approve(store, package_id, version)
    click.echo(f"{e.package_id} v{e.version}: approved by {e.approved_by}")


@click.command("release")
@click.argument("package_id")
@click.option("--to", "to", default=None, help="Recipient (default: the directory's agency).")
@click.option("--version", type=int, default=None)
@pass_context
def release(ctx: Context, package_id: str, to: str | None, version: int | None) -> None:
    """Release an approved package; it becomes immutable and its preservation requests are sent."""
    from clew.service import leads

    with ctx.store() as store:
        e = leads.release(store, package_id, to, version)
    click.echo(f"{e.package_id} v{e.version}: released to {e.released_to} via {e.channel} ({e.tlp})")
