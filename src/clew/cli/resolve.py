"""`clew resolve`: link actor records into subjects; `decide` and `explain` for analysts."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table, step_progress


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
    from clew.service.resolution import run

    with click_ctx.find_object(Context).store() as store, step_progress(not as_json) as on_progress:
        if on_progress:
            on_progress("resolve", 0, 1)
        summary = run(store)
        if on_progress:
            on_progress("resolve", 1, 1)
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
    from clew.service.decisions import decide as store_decision
    from clew.service.decisions import decision_id
    from clew.service.resolution import run

    with ctx.store() as store:
        store_decision(store, a, b, same=same, reason=reason)
        verdict = "the same person" if same else "different people"
        click.echo(f"decided ({decision_id(a, b)}): {a} and {b} are {verdict}")
        if not no_rerun:
            _print_summary(run(store))


@resolve.command("explain")
@click.argument("a")
@click.argument("b", required=False)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def explain(ctx: Context, a: str, b: str | None, as_json: bool) -> None:
    """Why record A belongs to its subject (A a subject id: every merge inside it), or why A and B
    are (not) one subject. Scores rounded, evidence in words (--json keeps the structure)."""
    from clew.service.resolution import explain as explain_records

    with ctx.store() as store:
        out = explain_records(store, a, b)
    if as_json:
        print_json(out)
        return
    click.echo(f"{a}: subject {out['subject']} ({len(out['members'])} records)")
    if b is None:
        links = out["links"]
        for d in out["decisions"]:
            verdict = "the same person" if d["same"] else "different people"
            click.echo(
                f"analyst decision inside: {d['left_id']} and {d['right_id']} {verdict}, by {d['actor']}"
            )
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
        ["left", "right", "kind", "score", "used", "evidence"],
        [
            (lk["left"], lk["right"], lk["kind"], lk["score"], "yes" if lk["accepted"] else "no", lk["words"])
            for lk in links
        ],
    )


@resolve.command("decisions")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def decisions_cmd(ctx: Context, as_json: bool) -> None:
    """Analysts' decisions (same / different person), oldest first, with the id `undo` takes."""
    from clew.service.decisions import decisions

    with ctx.store() as store:
        rows = decisions(store)
    if as_json:
        print_json([d.as_dict() for d in rows])
        return
    print_table(
        f"Analyst decisions ({len(rows)})",
        ["id", "left", "right", "decision", "by", "at", "reason"],
        [
            (d.decision_id, d.left_id, d.right_id, "same" if d.same else "different", d.actor, d.at, d.reason)
            for d in rows
        ],
    )


@resolve.command("undo")
@click.argument("decision_id")
@click.option("--no-rerun", is_flag=True, help="Remove the decision without re-running resolution.")
@pass_context
def undo_cmd(ctx: Context, decision_id: str, no_rerun: bool) -> None:
    """Reverse analyst decision DECISION_ID (audited); resolution no longer applies it."""
    from clew.service.decisions import undo_id
    from clew.service.resolution import run

    with ctx.store() as store:
        d = undo_id(store, decision_id)
        verdict = "the same person" if d.same else "different people"
        click.echo(f"undone: {d.decision_id} ({d.left_id} and {d.right_id} {verdict})")
        if not no_rerun:
            _print_summary(run(store))


COMMANDS: list[click.Command] = [resolve]
