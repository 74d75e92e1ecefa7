"""`clew export`: stable exports other tools and evaluations rely on (see docs/formats.md).

Each capability adds its own subcommand to the ``export`` group: ``identities`` (resolution),
``subjects`` and ``ftm`` (network).
"""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale


@click.group()
def export() -> None:
    """Write stable exports (identities, subjects, FtM)."""


@export.command("identities")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@pass_context
def identities(ctx: Context, out: Path) -> None:
    """Identities CSV (entity_id, subject_id): one row per ingested actor record."""
    from clew.service.exports import identities as write_identities

    with ctx.store() as store:
        n = write_identities(store, out)
    click.echo(f"wrote {n} identities to {out}")


@export.command("subjects")
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@pass_context
def subjects(ctx: Context, out: Path) -> None:
    """Subjects CSV, highest priority first: subject_id, country, syndicate_id, syndicate_role,
    syndicate_confidence, priority, roles, name, identifiers (docs/formats.md)."""
    from clew.service.exports import subjects as write_subjects

    with ctx.store() as store:
        note_stale(store)
        n = write_subjects(store, out)
    click.echo(f"wrote {n} subjects to {out}")


@export.command("ftm")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write (default: standard output).",
)
@pass_context
def ftm(ctx: Context, out: Path | None) -> None:
    """Resolved subjects, groups, syndicates and links as FtM entities (JSON lines, for Aleph)."""
    from clew.cli.output import note_stale, step_progress
    from clew.service.exports import ftm as write_ftm

    with ctx.store() as store, step_progress(out is not None) as on_progress:
        note_stale(store, enabled=out is not None)
        n = write_ftm(store, out, on_progress)
    if out:
        click.echo(f"wrote {n} FtM entities to {out}")


COMMANDS: list[click.Command] = [export]
