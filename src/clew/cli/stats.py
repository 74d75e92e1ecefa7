"""`clew stats`: the operation's tallies (``clew.cases.stats``)."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale, print_json, print_table


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def stats(ctx: Context, as_json: bool) -> None:
    """Syndicates, people, countries, leads, investigations, arrests, convictions, children safeguarded."""
    from clew.service.outcomes import stats as compute

    with ctx.store() as store:
        note_stale(store, enabled=not as_json)
        t = compute(store)
    if as_json:
        print_json(t.as_dict())
        return
    money = f"{t.cross_border_money:,.2f} {t.currency or ''}".strip()
    if t.cross_border_other_units:
        units = ", ".join(f"{v:,.8g} {unit}" for unit, v in t.cross_border_other_units.items())
        money += f" + {units} (no reference rate)"
    print_table(
        "Operation",
        ["figure", "value"],
        [
            ("syndicates", t.syndicates),
            ("people", t.people),
            ("countries", t.countries),
            (
                "leads sent",
                f"{t.leads} to {len(t.leads_by_country)} countries ({t.packages_released} packages)",
            ),
            ("investigations opened", t.investigations_opened),
            ("arrests", t.arrests),
            ("indictments", t.indictments),
            ("convictions", t.convictions),
            ("sentences", t.sentences),
            ("children safeguarded", t.children_safeguarded),
            ("cases", f"{t.cases} against {t.people_in_cases} people"),
            ("money moved across borders", money),
        ],
    )
    for title, counts in (
        ("Leads sent per country", t.leads_by_country),
        ("Arrests per country", t.arrests_by_country),
        ("Identified phone numbers per country", t.phone_numbers_by_country),
    ):
        if counts:
            print_table(title, ["country", "n"], list(counts.items())[:20])


COMMANDS: list[click.Command] = [stats]
