"""`clew money` commands: trace, flows, patterns, run, evaluate, rates update/info."""

from __future__ import annotations

import json
from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale, print_json, print_table, step_progress, summary_rows, who, with_names
from clew.money import PATTERNS


@click.group()
def money() -> None:
    """Follow the money: traces, country flows, sellers and collectors."""


@money.command("run")
@click.option("--currency", default=None, help="Reporting currency (default EUR).")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def run_cmd(ctx: Context, currency: str | None, as_json: bool) -> None:
    """Build the payment graph, flag patterns, publish money roles."""
    from clew.service import money as service

    with ctx.store() as store, step_progress(not as_json) as on_progress:
        if on_progress:
            on_progress("money", 0, 1)
        summary = service.run(store, currency)
        if on_progress:
            on_progress("money", 1, 1)
    if as_json:
        print_json(summary)
        return
    print_table(f"Money run ({summary['currency']})", ["measure", "value"], summary_rows(summary))


@money.command("trace")
@click.argument("target")
@click.option("--forward/--backward", default=True, help="Where money went (default) or came from.")
@click.option("--hops", default=3, show_default=True, type=int)
@click.option("--from", "since", default=None, help="Only payments on or after this date.")
@click.option("--to", "until", default=None, help="Only payments on or before this date.")
@click.option("--min-flow", default=0.01, show_default=True, type=float, help="Drop smaller flows.")
@click.option("--currency", default=None, help="Reporting currency (default EUR).")
@click.option("--json", "as_json", is_flag=True, help="The trace as JSON (docs/formats.md).")
@click.option(
    "--ftm", "as_ftm", is_flag=True, help="The trace's Payment and account entities, FtM JSON lines."
)
@pass_context
def trace_cmd(
    ctx: Context,
    target: str,
    forward: bool,
    hops: int,
    since: str | None,
    until: str | None,
    min_flow: float,
    currency: str | None,
    as_json: bool,
    as_ftm: bool,
) -> None:
    """Follow funds from (or into) an ACCOUNT or SUBJECT, hop by hop, FIFO-allocated."""
    from clew.service import money as service

    with ctx.store() as store:
        note_stale(store, ["money"], enabled=not (as_json or as_ftm))
        doc = service.trace(
            store,
            target,
            direction="forward" if forward else "backward",
            hops=hops,
            since=since,
            until=until,
            min_flow=min_flow,
            currency=currency,
        )
        if as_ftm:
            for proxy in service.trace_ftm(store, doc):
                click.echo(json.dumps(proxy.to_dict(), sort_keys=True))
            return
        steps, reached = doc["steps"][:200], doc["accounts"][:50]
        ids = [x["payer_subject"] for x in steps] + [x["beneficiary_subject"] for x in steps]
        named = {} if as_json else with_names(store, ids + [x["subject"] for x in reached])
    if as_json:
        print_json(doc)
        return
    cur = doc["currency"]
    print_table(
        f"Trace {doc['direction']} from {target} ({len(doc['steps'])} steps, FIFO, {cur})",
        ["hop", "date", "payer", "country", "beneficiary", "country", "amount", f"flow {cur}", "parent"],
        [
            (
                s["hop"],
                s["date"],
                named.get(s["payer_subject"], s["payer_subject"]) or s["payer_account"],
                s["payer_country"],
                named.get(s["beneficiary_subject"], s["beneficiary_subject"]) or s["beneficiary_account"],
                s["beneficiary_country"],
                f"{s['amount']:,.2f} {s['currency']}",
                f"{s['flow']:,.2f}",
                s["parent"],
            )
            for s in doc["steps"][:200]
        ],
    )
    print_table(
        "Accounts reached",
        ["account", "kind", "subject", "country", "first hop", f"flow {cur}"],
        [
            (
                a["account"],
                a["kind"],
                named.get(a["subject"], a["subject"]),
                a["country"],
                a["first_hop"],
                f"{a['flow']:,.2f}",
            )
            for a in doc["accounts"][:50]
        ],
    )
    print_table(
        "Across countries",
        ["from", "to", f"flow {cur}"],
        [(c["from"] or "?", c["to"] or "?", f"{c['flow']:,.2f}") for c in doc["countries"]],
    )
    if doc["truncated"]:
        click.echo("trace truncated: raise --min-flow or lower --hops")


@money.command("flows")
@click.option("--currency", default=None, help="Reporting currency (default EUR).")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def flows_cmd(ctx: Context, currency: str | None, as_json: bool) -> None:
    """The country-to-country matrix of payments (amounts in the reporting currency)."""
    from clew.service import money as service

    with ctx.store() as store:
        note_stale(store, ["money"], enabled=not as_json)
        doc = service.flows(store, currency)
    if as_json:
        print_json(doc)
        return
    cur = doc["currency"]
    print_table(
        f"Money flows by country ({cur}; cross-border {doc['cross_border_amount']:,.2f} "
        f"of {doc['total_amount']:,.2f})",
        ["from", "to", "amount", "unit", "payments"],
        [
            (
                c["from"] or "?",
                c["to"] or "?",
                f"{c['amount']:,.2f}" if c["converted"] else f"{c['amount']:,.8g}",
                c["currency"] if c["converted"] else f"{c['currency']} (no rate: own unit)",
                c["payments"],
            )
            for c in doc["flows"]
        ],
    )
    for unit, v in doc["own_units"].items():
        click.echo(
            f"{unit}: {v['payments']} payments without a reference rate, {v['amount']:,.8g} {unit} "
            f"(cross-border {v['cross_border']:,.8g} {unit}), reported in their own unit"
        )


@money.command("patterns")
@click.option("--pattern", default=None, type=click.Choice(PATTERNS), help="Only this pattern.")
@click.option("--limit", default=50, show_default=True, help="At most this many rows (highest score first).")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def patterns_cmd(ctx: Context, pattern: str | None, limit: int, as_json: bool) -> None:
    """Flagged accounts, highest score first, with their evidence in words: sellers, collectors,
    buyers, shops, pass-through, structuring, cycles, foreign funds."""
    from clew.service import money as service
    from clew.service.base import words

    with ctx.store() as store:
        note_stale(store, ["money"], enabled=not as_json)
        rows = service.patterns(store, pattern, limit)
        total = service.pattern_count(store, pattern)
        names = {} if as_json else who(store, [r["subject_id"] for r in rows])
    if as_json:
        print_json(rows)
        return
    print_table(
        f"Money patterns ({len(rows)} of {total}, highest score first)",
        ["pattern", "score", "account", "subject", "who", "evidence"],
        [
            (r["pattern"], r["score"], r["account_id"], r["subject_id"] or "", names.get(r["subject_id"], ""),
             words(r["evidence"]))
            for r in rows
        ],
    )  # fmt: skip


@money.command("evaluate")
@click.argument("truth", type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True)
@pass_context
def evaluate_cmd(ctx: Context, truth: Path, as_json: bool) -> None:
    """Precision and recall of sellers and collectors against a demo's truth/ folder."""
    from clew.service.evaluation import money_scores

    with ctx.store() as store:
        scores = money_scores(store, truth)
    if as_json:
        print_json(scores)
        return
    print_table(
        "Money roles against the ground truth",
        ["role", "level", "precision", "recall", "f1", "predicted", "true"],
        [
            (r["role"], r["level"], r["precision"], r["recall"], r["f1"], r["predicted"], r["true"])
            for r in scores["table"]
        ],
    )


@money.group("rates")
def rates_group() -> None:
    """The ECB reference rates used to convert amounts (offline)."""


@rates_group.command("info")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def rates_info(ctx: Context, as_json: bool) -> None:
    """Which rates file is used and which dates and currencies it covers."""
    from clew.service import money as service

    with ctx.store() as store:
        info = service.rates_info(store)
    if as_json:
        print_json(info)
        return
    click.echo(
        f"rates: {info['source']} (ECB euro reference rates, sha256 {info['sha256'][:12]}…), "
        f"{info['first_date']} to {info['last_date']}, {len(info['currencies'])} currencies"
    )
    print_table("Coverage", ["currency", "first", "last"], [(c, *b) for c, b in info["currencies"].items()])


@rates_group.command("update")
@click.option("--file", "path", required=True, type=click.Path(path_type=Path), help="eurofxref-hist.zip")
@pass_context
def rates_update(ctx: Context, path: Path) -> None:
    """Install a newer ECB eurofxref-hist file into the operation (used before the bundled one)."""
    from clew.service import money as service

    with ctx.store() as store:
        info = service.install_rates(store, path)
    state = "installed" if info["new"] else "already installed"
    click.echo(
        f"{state}: {info['name']} ({info['first_date']} to {info['last_date']}, "
        f"{info['currencies']} currencies)"
    )


COMMANDS: list[click.Command] = [money]
