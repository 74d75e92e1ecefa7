"""`clew export`: stable exports other tools and evaluations rely on (see docs/formats.md).

Each capability adds its own subcommand to the ``export`` group: ``identities`` (resolution),
``subjects`` and ``ftm`` (network).
"""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context


@click.group()
def export() -> None:
    """Write stable exports (identities, subjects, FtM)."""


@export.command("identities")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@pass_context
def identities(ctx: Context, out: Path) -> None:
    """entity_id,subject_id CSV: one row per ingested actor record."""
    from clew.resolve.export import write_identities

    with ctx.store() as store:
        n = write_identities(store, out)
    click.echo(f"wrote {n} identities to {out}")


COMMANDS: list[click.Command] = [export]
