"""``clew analyse``: run the analysis pipeline (resolve, network, money, media, priority)."""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table, step_progress, summary_rows
from clew.service.analysis import STEPS, run


@click.command()
@click.option(
    "--only",
    multiple=True,
    type=click.Choice([s.name for s in STEPS]),
    help="Run only these steps (repeatable): " + "; ".join(f"{s.name}: {s.summary}" for s in STEPS) + ".",
)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def analyse(ctx: Context, only: tuple[str, ...], as_json: bool) -> None:
    """Run every analysis step on the operation, in order."""
    with ctx.store() as store, step_progress(not as_json) as on_progress:
        results = run(store, list(only) or None, on_progress=on_progress)
    if as_json:
        print_json(results)
        return
    print_table(
        "Analysis",
        ["step", "measure", "value"],
        [
            (step if i == 0 else "", m, v)
            for step, s in results.items()
            for i, (m, v) in enumerate(summary_rows(s))
        ],
    )


COMMANDS: list[click.Command] = [analyse]
