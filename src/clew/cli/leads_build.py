"""``clew leads build``: its options, and the packages built printed (``clew.service.leadfiles``).

The options are the sender's (unit, contact, case references, TLP label, restrictions), which
countries, at what priority, with which partner directory and source grades; the building is
the service's. The table lists the drafts; a package kept unchanged, a country without subject
and every envelope warning are said in a line each (warnings on stderr).
"""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale, print_json, print_table
from clew.leads.vocabulary import DEFAULT_TLP, TLP_MARKINGS


@click.command("build")
@click.option("--country", "countries", multiple=True, help="ISO country code (repeatable).")
@click.option("--all", "all_", is_flag=True, help="Every country with at least one subject.")
@click.option(
    "--min-priority", type=float, default=0.0, show_default=True, help="Leave out lower priorities."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write every format to OUT/<COUNTRY>/ (JSON, STIX, FtM, PDF, preservation).",
)
@click.option("--unit", default=None, help="Sending unit named in the envelope.")
@click.option("--contact", default=None, help="Sending unit's point of contact.")
@click.option("--case-ref", "case_refs", multiple=True, help="Sender case reference (repeatable).")
@click.option(
    "--tlp",
    type=click.Choice(list(TLP_MARKINGS)),
    default=DEFAULT_TLP,
    show_default=True,
    help="TLP 2.0 label (subject data: AMBER+STRICT unless the unit decides otherwise).",
)
@click.option("--restriction", "restrictions", multiple=True, help="Other restriction, as handling code H3.")
@click.option(
    "--directory",
    "directory_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Partner directory YAML (default: the operation's, else the shipped one).",
)
@click.option(
    "--evaluation",
    "evaluations",
    multiple=True,
    metavar="SOURCE=CODE",
    help="Grade a source (label or kind) A/B/C/X + 1-4, e.g. tip-report=B3 (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def build(
    ctx: Context,
    countries: tuple[str, ...],
    all_: bool,
    min_priority: float,
    out: Path | None,
    unit: str | None,
    contact: str | None,
    case_refs: tuple[str, ...],
    tlp: str,
    restrictions: tuple[str, ...],
    directory_file: Path | None,
    evaluations: tuple[str, ...],
    as_json: bool,
) -> None:
    """Build (or rebuild the drafts of) lead packages, one per receiving country."""
    from clew.errors import UserError
    from clew.model.countries import stated_country
    from clew.service.leadfiles import build_packages
    from clew.service.leadtools import grades as parse_grades

    if not countries and not all_:
        raise UserError("say which packages: --country XX (repeatable) or --all")
    countries = tuple(filter(None, (stated_country(c, "--country") for c in countries)))
    grades = parse_grades(evaluations)
    with ctx.store() as store:
        note_stale(store, enabled=not as_json)
        result = build_packages(
            store,
            ctx.workspace_path,
            countries=countries,
            min_priority=min_priority,
            out=out,
            unit=unit,
            contact=contact,
            case_refs=case_refs,
            tlp=tlp,
            restrictions=restrictions,
            directory_file=directory_file,
            grades=grades,
        )
    if as_json:
        print_json(result.as_dict())
        return
    print_table(
        "Lead packages (draft)",
        ["package", "v", "country", "agency", "subjects"],
        [(p.package_id, p.version, p.country, p.agency, p.subjects) for p in result.packages],
    )
    for e in result.unchanged:
        click.echo(f"{e.package_id} v{e.version} is {e.state} and unchanged: kept, no new version")
    for cc in result.no_subjects:
        click.echo(f"no subject for {cc} at this priority: no package")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if out:
        click.echo(f"wrote {len(result.files)} files under {out}")
