"""`clew ingest PATH…` (load files and case folders) and `clew ingest errors` (the quarantine)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import byte_progress, err_console, print_json, print_table

if TYPE_CHECKING:  # ingest (identifiers, FtM) loads when a command runs, not at start-up
    from clew.service.evidence import IngestSummary


class _DefaultGroup(click.Group):
    """A group whose first argument, when it is not a subcommand, is a path to ingest."""

    default = "files"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [self.default, *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultGroup, invoke_without_command=True)
@click.pass_context
def ingest(ctx: click.Context) -> None:
    """Load evidence: `clew ingest PATH… [--country XX] [--source-label L] [--strict] [--mapping F] [--json]`.

    PATH is a file or a case folder (walked recursively). `clew ingest errors` lists the quarantine.
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@ingest.command("files")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--country", default=None, help="ISO country for national-format phone numbers (if no manifest says)."
)
@click.option("--source-label", default=None, help="Label for these sources (a manifest's label wins).")
@click.option("--strict", is_flag=True, help="Refuse a whole file if any record or value is invalid.")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="Mapping file for the CSV/Excel files given.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable summary on stdout.")
@pass_context
def ingest_files(
    ctx: Context,
    paths: tuple[Path, ...],
    country: str | None,
    source_label: str | None,
    strict: bool,
    mapping: Path | None,
    as_json: bool,
) -> None:
    """Ingest files and case folders (default subcommand: `clew ingest PATH…`)."""
    from clew.service import evidence

    with ctx.store() as store:
        try:
            with byte_progress() as on_progress:
                summary = evidence.ingest(
                    store, list(paths), country=country, source_label=source_label, strict=strict,
                    mapping=mapping, on_progress=on_progress,
                )  # fmt: skip
        except Exception as exc:
            partial = getattr(exc, "summary", None)
            if partial is not None:
                _show(partial, as_json)
            raise
    _show(summary, as_json)


def _show(summary: IngestSummary, as_json: bool) -> None:
    if as_json:
        print_json(summary.as_dict())
        return
    for result in summary.files:
        for message in result.messages:
            err_console.print(f"[yellow]{message}[/yellow]", highlight=False, markup=True, soft_wrap=True)
    print_table(
        "Ingested files",
        ["file", "format", "status", "records", "statements", "quarantined", "kept raw"],
        [
            (f.path, f.format or "", f.status, f.records, f.statements, f.quarantined, f.kept_raw)
            for f in summary.files
        ],
    )
    from clew.service.evidence import found_line

    for f in summary.files:
        if f.found and f.status == "new":
            click.echo(f"{f.path}: {found_line(f.found)}")
    t = summary.totals
    click.echo(
        f"{t['files']} files: {t['new']} new, {t['skipped']} skipped (already stored), "
        f"{t['rejected']} rejected, {t['ignored']} ignored; {t['records']} records, "
        f"{t['statements']} statements, {t['quarantined']} quarantined, {t['kept_raw']} values kept raw"
    )


@ingest.command("errors")
@click.option(
    "--kept-raw", is_flag=True, help="Also list values stored raw because they could not be normalised."
)
@click.option("--limit", default=None, type=int, help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def ingest_errors(ctx: Context, kept_raw: bool, limit: int | None, as_json: bool) -> None:
    """List quarantined records (file, line, field, error)."""
    from clew.service import evidence

    with ctx.store() as store:
        rows = evidence.errors(store, limit)
        raw_rows = evidence.kept_raw(store, limit) if kept_raw else []
    if as_json:
        print_json({"quarantine": rows, "kept_raw": raw_rows} if kept_raw else rows)
        return
    print_table(
        f"Quarantine ({len(rows)} records)",
        ["file", "line", "field", "error"],
        [(r["path"], r["line"], r["field"], r["error"]) for r in rows],
    )
    if kept_raw:
        print_table(
            f"Values kept raw ({len(raw_rows)})",
            ["file", "locator", "entity", "field", "raw", "reason"],
            [(r["path"], r["locator"], r["entity_id"], r["prop"], r["raw"], r["reason"]) for r in raw_rows],
        )


COMMANDS: list[click.Command] = [ingest]
