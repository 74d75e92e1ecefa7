"""``clew search TEXT``: subjects holding a name, number, e-mail, user name, account or wallet."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale, print_json, print_table


@click.command("search")
@click.argument("text")
@click.option("--country", default=None, help="ISO country for national-format phone numbers (0917…).")
@click.option("--limit", default=20, show_default=True, help="At most this many subjects.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/formats.md).")
@pass_context
def search_cmd(ctx: Context, text: str, country: str | None, limit: int, as_json: bool) -> None:
    """Find subjects by name (fuzzy, any script), phone number in any format or part of one,
    e-mail, user name, IBAN or account, wallet: with the records and sources that hold it."""
    from clew.model.countries import stated_country
    from clew.service.search import search

    country = stated_country(country, "--country")
    with ctx.store() as store:
        note_stale(store, ["resolve", "network", "priority"], enabled=not as_json)
        result = search(store, text, country=country, limit=limit)
    if as_json:
        print_json(result.as_dict())
        return
    print_table(
        f"Search: {len(result.hits)} subjects (read as {', '.join(result.read_as) or 'nothing searchable'})",
        ["subject", "who", "score", "matched", "record", "source", "locator"],
        [
            (
                hit.subject_id if i == 0 else "",
                hit.display.label() if i == 0 else "",
                hit.score if i == 0 else "",
                f"{m.kind}: {m.value}",
                m.entity_id,
                "\n".join(p.label or p.path for p in m.sources),
                "\n".join(p.locator for p in m.sources),
            )
            for hit in result.hits
            for i, m in enumerate(hit.matches)
        ],
    )
    if not result.hits:
        click.echo("no subject holds it in this operation")


COMMANDS: list[click.Command] = [search_cmd]
