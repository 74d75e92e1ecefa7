"""`clew resolve`: link actor records into subjects; `decide` and `explain` for analysts."""

from __future__ import annotations

import json

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table


def _print_summary(summary: dict) -> None:
    click.echo(
        f"{summary['records']} actor records -> {summary['subjects']} subjects "
        f"({summary['multi_record_subjects']} with several records); "
        f"{summary['shared_identifiers']} identifiers marked shared; "
        f"{summary['links_refused']} links refused by the over-merge guards"
    )
    print_table("Accepted links", ["kind", "links"], summary["links_accepted"].items())
    print_table("Seconds per stage", ["stage", "seconds"], summary["seconds"].items())


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def resolve(click_ctx: click.Context, as_json: bool) -> None:
    """Resolve people, accounts and KYC holders into subjects (re-runnable)."""
    if click_ctx.invoked_subcommand is not None:
        return
    from clew.resolve.pipeline import run

    with click_ctx.find_object(Context).store() as store:
        summary = run(store)
    print_json(summary) if as_json else _print_summary(summary)


@resolve.command("decide")
@click.argument("a")
@click.argument("b")
@click.option("--same/--different", "same", required=True, help="Same person, or not the same.")
@click.option("--reason", default=None, help="Why (kept in the audit log).")
@click.option("--no-rerun", is_flag=True, help="Store the decision without re-running resolution.")
@pass_context
def decide(ctx: Context, a: str, b: str, same: bool, reason: str | None, no_rerun: bool) -> None:
    """Record that records A and B are the same person (--same) or not (--different)."""
    from clew.resolve.decisions import decide as store_decision
    from clew.resolve.pipeline import run

    with ctx.store() as store:
        store_decision(store, a, b, same=same, reason=reason)
        click.echo(f"decided: {a} and {b} are {'the same person' if same else 'different people'}")
        if not no_rerun:
            _print_summary(run(store))


@resolve.command("explain")
@click.argument("a")
@click.argument("b", required=False)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def explain(ctx: Context, a: str, b: str | None, as_json: bool) -> None:
    """Why record A belongs to its subject, or why A and B are (not) one subject."""
    from clew.resolve.explain import explain as explain_records

    with ctx.store() as store:
        out = explain_records(store, a, b)
    if as_json:
        print_json(out)
        return
    click.echo(f"{a}: subject {out['subject']} ({len(out['members'])} records)")
    if b is None:
        links = out["links"]
    else:
        verdict = (
            "the same subject" if out["same_subject"] else f"different subjects ({out['other_subject']})"
        )
        click.echo(f"{b}: {verdict}")
        if out["decision"]:
            d = out["decision"]
            click.echo(
                f"analyst decision: {'same' if d['same'] else 'different'} by {d['actor']}: {d['reason']}"
            )
        for s in out["shared_identifiers"]:
            click.echo(f"shared identifier {s['key']} not used: {s['reason']}")
        links = out["path"] or out["direct_links"]
    print_table(
        "Links",
        ["left", "right", "kind", "score", "accepted", "evidence"],
        [
            (lk["left"], lk["right"], lk["kind"], lk["score"], lk["accepted"], json.dumps(lk["evidence"]))
            for lk in links
        ],
    )


COMMANDS: list[click.Command] = [resolve]
