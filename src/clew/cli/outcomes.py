"""`clew outcomes`: partner feedback on released packages (import a file, or record by hand)."""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context


@click.group()
def outcomes() -> None:
    """What partners did with the leads: acknowledged, investigations, arrests, convictions…"""


@outcomes.command("import")
@click.argument("feedback", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@pass_context
def import_(ctx: Context, feedback: Path) -> None:
    """Import a partner's FEEDBACK.json (the package's feedback block, filled in)."""
    from clew.service.outcomes import import_feedback

    with ctx.store() as store:
        r = import_feedback(store, feedback.read_bytes(), str(feedback))
    click.echo(f"{feedback}: {r.outcomes} outcomes for {r.package_id} v{r.version} ({r.added} new)")


@outcomes.command("record")
@click.argument("package_id")
@click.option(
    "--kind",
    required=True,
    help="acknowledged, investigation-opened, search-warrant, arrest, charged, "
    "convicted, sentenced, children-safeguarded",
)
@click.option("--date", "date", required=True, help="YYYY-MM-DD")
@click.option("--agency", required=True, help="The reporting agency.")
@click.option("--subject", "subject_id", default=None, help="The subject (default: the package as a whole).")
@click.option("--count", default=1, show_default=True, help="For children-safeguarded: how many.")
@click.option("--reference", default=None, help="The partner's case reference.")
@pass_context
def record_(
    ctx: Context,
    package_id: str,
    kind: str,
    date: str,
    agency: str,
    subject_id: str | None,
    count: int,
    reference: str | None,
) -> None:
    """Record one outcome by hand."""
    from clew.service.outcomes import record

    with ctx.store() as store:
        r = record(
            store, package_id, kind, date, agency, subject_id=subject_id, count=count, reference=reference
        )
    click.echo(
        f"{kind} recorded for {r.package_id} v{r.version}" + ("" if r.added else " (already recorded)")
    )


COMMANDS: list[click.Command] = [outcomes]
