"""`clew evaluate`: score a demo workspace against the demo's ground truth."""

from __future__ import annotations

from pathlib import Path

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table


@click.command()
@click.option(
    "--truth",
    "truth",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Ground-truth folder (default: <workspace>/demo-truth).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def evaluate(ctx: Context, truth: Path | None, as_json: bool) -> None:
    """Resolution P/R/F1, syndicate ARI/NMI, country accuracy, money and media scores."""
    from clew.service import evaluation

    folder = truth or ctx.workspace_path / "demo-truth"
    with ctx.store() as store:
        results = evaluation.scores(store, folder)
    if as_json:
        print_json(results)
        return
    rows = []
    for evaluator, scores in results.items():
        for name, value in _flatten(scores):
            rows.append((evaluator, name, value))
    print_table(f"Evaluation against {folder}", ["evaluator", "metric", "value"], rows)


def _flatten(scores: object, prefix: str = "") -> list[tuple[str, object]]:
    """Nested scores as ``(metric path, value)`` rows; rows of a list are named by their text fields,
    and lists of ids are shown as counts (``--json`` has them in full)."""
    if isinstance(scores, dict):
        out: list[tuple[str, object]] = []
        for key, value in scores.items():
            out += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(scores, list) and all(isinstance(item, dict) for item in scores):
        out = []
        for item in scores:
            label = ".".join(str(v) for v in item.values() if isinstance(v, str))
            rest = {k: v for k, v in item.items() if not isinstance(v, str)}
            out += _flatten(rest, f"{prefix}.{label}" if label else prefix)
        return out
    if isinstance(scores, list):
        return [(f"{prefix} (count)", len(scores))]
    return [(prefix, scores)]


COMMANDS: list[click.Command] = [evaluate]
