"""``clew network``: build the subject graph and show syndicates, paths and subjects."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import note_stale, print_json, print_table, who, with_names


def _short(values: list, n: int = 3) -> str:
    values = [str(v) for v in values]
    return ", ".join(values[:n]) + (f" +{len(values) - n}" if len(values) > n else "")


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Rebuild (network, then priority) even if the stored result is current.",
)
@click.option("--limit", default=60, show_default=True, help="Syndicates to print (the JSON has all).")
@click.pass_context
def network(click_ctx: click.Context, as_json: bool, rebuild: bool, limit: int) -> None:
    """Build the subject graph, find syndicates and print them (largest first).

    The stored result is reused while the sources and resolution it was computed from are
    the ones stored now (its data mark: an ingest that overlapped it, a retraction or a new
    resolution makes it stale); a rebuild also re-runs priority, which ranks the network's roles."""
    if click_ctx.invoked_subcommand is not None:
        return
    from clew.service import network as service

    ctx: Context = click_ctx.obj
    with ctx.store() as store:
        summary = service.refresh(store, force=rebuild)
        note_stale(store, ["network"], enabled=not as_json)
        rows = service.syndicates(store)
        named = {} if as_json else with_names(store, [r["admins"][0] for r in rows[:limit] if r["admins"]])
    if as_json:
        print_json({"summary": summary, "syndicates": rows})
        return
    if summary:
        click.echo(
            f"{summary['subjects']} subjects, {summary['edges']} edges, {summary['syndicates']} syndicates "
            f"({summary['in_syndicates']} subjects), {summary['admins']} admins, "
            f"{summary['brokers']} brokers, {summary['key_players']} key players, in {summary['seconds']} s"
        )
        click.echo("syndicate ids: " + _short([f"{k} {v}" for k, v in summary["ids"].items()], 7))
    print_table(
        f"Syndicates ({len(rows)}; largest {min(limit, len(rows))})",
        ["id", "size", "countries", "chat groups", "admins", "brokers", "key players"],
        [
            (
                r["syndicate_id"],
                r["size"],
                _short([f"{c} {n}" for c, n in r["countries"].items()], 3),
                _short([g["name"] for g in r["groups"]], 1),
                _short([named.get(a, a) for a in r["admins"]], 1),
                _short(r["brokers"], 1),
                _short(r["key_players"], 1),
            )
            for r in rows[:limit]
        ],
    )


@network.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def network_path(ctx: Context, a: str, b: str, as_json: bool) -> None:
    """Shortest (strongest) path between two subjects, with the evidence on each edge."""
    from clew.service import network as service

    with ctx.store() as store:
        note_stale(store, ["network"], enabled=not as_json)
        hops = service.path(store, a, b)
        named = {} if as_json else with_names(store, [h["from"] for h in hops] + [h["to"] for h in hops])
    if as_json:
        print_json(hops)
        return
    if not hops:
        click.echo(f"no path between {a} and {b}")
        return
    print_table(
        f"Path {a} → {b} ({len(hops)} hops)",
        ["from", "to", "weight", "kinds", "evidence"],
        [
            (
                named.get(h["from"], h["from"]),
                named.get(h["to"], h["to"]),
                f"{h['weight']:.3f}",
                _short(list(h["kinds"]), 5),
                _short([f"{e['kind']}:{e['via']}" for e in h["evidence"]], 3),
            )
            for h in hops
        ],
    )


@network.command("changes")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def network_changes(ctx: Context, as_json: bool) -> None:
    """What the last network run did to syndicate ids: kept, merged, split, new, absorbed, dissolved."""
    from clew.service import network as service

    with ctx.store() as store:
        note_stale(store, ["network"], enabled=not as_json)
        rows = service.changes(store)
    if as_json:
        print_json(rows)
        return
    print_table(
        "Syndicate ids in the last network run (shared members with the previous run's syndicates)",
        ["id", "event", "size", "shares members with"],
        [
            (
                r["syndicate_id"],
                r["event"],
                r["size"] or "",
                _short([f"{k} {v}" for k, v in r["previous"].items()], 4),
            )
            for r in rows
        ],
    )


@network.command("subject")
@click.argument("subject")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def network_subject(ctx: Context, subject: str, as_json: bool) -> None:
    """A subject's syndicate, roles, countries (with conflicting evidence) and neighbours."""
    from clew.service import network as service

    with ctx.store() as store:
        note_stale(store, enabled=not as_json)
        view = service.subject(store, subject)
        ids = [view["subject_id"]] + [n["subject_id"] for n in view["neighbours"]]
        labels = {} if as_json else who(store, ids)
    if as_json:
        print_json(view)
        return
    click.echo(
        f"Subject {view['subject_id']} ({labels.get(view['subject_id'], '')}):\n"
        f"syndicate {view['syndicate_id'] or '-'}, degree {view['degree']}, "
        f"strength {view['strength']}, betweenness {view['betweenness']}, "
        f"participation {view['participation']}, priority {view['priority']}"
    )
    print_table(
        "Roles",
        ["role", "analysis", "score"],
        [(r["role"], r["analysis"], r["score"]) for r in view["roles"]],
    )
    print_table(
        "Countries (all candidates; the chosen one first)",
        ["country", "chosen", "support", "confidence", "evidence"],
        [
            (
                c["country"],
                "yes" if c["chosen"] else "",
                c["support"],
                c["confidence"],
                _short([f"{e['rule']}: {e['evidence']}" for e in c["evidence"]], 2),
            )
            for c in view["countries"]
        ],
    )
    print_table(
        "Groups, events and shared files (smallest first)",
        ["id", "kind", "name", "subjects"],
        [(g["id"], g["kind"], g["name"] or "", g["size"]) for g in view["gatherings"][:10]],
    )
    print_table(
        "Neighbours (strongest first)",
        ["subject", "who", "syndicate", "weight", "kinds"],
        [
            (
                n["subject_id"],
                labels.get(n["subject_id"], ""),
                n["syndicate_id"] or "",
                f"{n['weight']:.3f}",
                _short(list(n["kinds"]), 5),
            )
            for n in view["neighbours"]
        ],
    )


COMMANDS: list[click.Command] = [network]
