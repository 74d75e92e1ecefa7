"""``clew subject S``: who a subject is (``clew.service.subject``), printed as tables."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale, print_json, print_table


@click.command("subject")
@click.argument("subject_id")
@click.option("--neighbours", default=20, show_default=True, help="Strongest ties to show.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/formats.md).")
@pass_context
def subject_cmd(ctx: Context, subject_id: str, neighbours: int, as_json: bool) -> None:
    """Who SUBJECT_ID (a subject or record id) is: names, identifiers, records and their sources,
    roles, priority with its reasons, syndicate, neighbours, money, hash-match counts."""
    from clew.service.subject import subject

    with ctx.store() as store:
        note_stale(store, enabled=not as_json)
        view = subject(store, subject_id, neighbours)
    if as_json:
        print_json(view.as_dict())
        return
    d = view.display
    click.echo(f"Subject {view.subject_id}: {d.label()}")
    p = view.priority
    click.echo(
        f"{view.kind}; syndicate {view.syndicate_id or '-'}, "
        f"degree {view.degree if view.degree is not None else '-'}, "
        + (f"priority {p.priority} (rank {p.rank})" if p else "no priority computed yet")
    )
    if p:
        reasons = "; ".join(f"{r.role} ({r.analysis}) {r.weight}" for r in p.reasons)
        click.echo(f"priority reasons: {reasons}")
    print_table("Names", ["name", "records"], [(n.name, n.records) for n in view.names])
    print_table(
        "Identifiers",
        ["kind", "value", "country", "records", "evidence", "through"],
        [
            (
                i.kind,
                i.value + ("" if i.valid else " (invalid)"),
                i.country or "",
                i.records,
                "\n".join(i.evidence),
                "\n".join(i.through),
            )
            for i in view.identifiers
        ],
    )
    print_table(
        "Records and their sources",
        ["record", "schema", "name", "source", "locator"],
        [
            (r.entity_id, r.schema, r.name or "", s.label or s.path, s.locator)
            for r in view.records
            for s in (r.sources or (None,))
            if s is not None
        ],
    )
    print_table(
        "Roles",
        ["role", "analysis", "score", "evidence"],
        [(r.role, r.analysis, r.score, r.evidence) for r in view.roles],
    )
    print_table(
        "Countries (the chosen one first)",
        ["country", "chosen", "support", "confidence", "evidence"],
        [(c.country, "yes" if c.chosen else "", c.support, c.confidence, c.evidence) for c in view.countries],
    )
    print_table(
        "Neighbours (strongest first)",
        ["subject", "who", "syndicate", "weight", "ties"],
        [
            (n.subject_id, n.label, n.syndicate_id or "", n.weight, ", ".join(n.kinds))
            for n in view.neighbours
        ],
    )
    m, cur = view.money, view.money.currency or ""
    click.echo(
        f"money: {m.accounts} accounts, {m.payments_in} payments in ({m.amount_in:,.2f} {cur}), "
        f"{m.payments_out} out ({m.amount_out:,.2f} {cur}); patterns: {', '.join(m.patterns) or '-'}"
    )
    print_table(
        "Hash matches (counts only)",
        ["list", "match", "series", "items"],
        [(h.list_name or "", h.match, h.series or "", h.items) for h in view.hash_matches],
    )


COMMANDS: list[click.Command] = [subject_cmd]
