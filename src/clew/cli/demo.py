"""`clew demo`: a synthetic operation, ingested and analysed, with its summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import byte_progress, print_json, print_table
from clew.cli.workspace import print_summary

PROFILE_NAMES = (
    "no-groups", "wallet-only-buyers", "vpn", "national-numbers", "homonyms", "sparse", "crypto", "meetings",
)  # clew.demo.profiles.PROFILES (named here so `clew --help` stays light)  # fmt: skip


@click.command()
@click.option("--people", default=5000, show_default=True, help="About how many people.")
@click.option("--countries", default=100, show_default=True, help="How many countries.")
@click.option("--syndicates", default=50, show_default=True, help="How many syndicates.")
@click.option("--seed", default=7, show_default=True, help="Same seed, same demo.")
@click.option("--profile", "profiles", multiple=True, metavar="NAME",
              help="Scenario profile (repeatable): " + ", ".join(PROFILE_NAMES) + ".")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where demo-sources/ and demo-truth/ go (default: the workspace).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def demo(
    ctx: Context,
    people: int,
    countries: int,
    syndicates: int,
    seed: int,
    profiles: tuple[str, ...],
    out: Path | None,
    as_json: bool,
) -> None:
    """Generate a synthetic operation (sources + ground truth), ingest and analyse it."""
    from clew.demo.run import run_demo

    with byte_progress(not as_json) as on_progress:
        result = run_demo(
            ctx.workspace_path, people=people, countries=countries, syndicates=syndicates, seed=seed,
            profiles=profiles, out=out, on_progress=on_progress,
        )  # fmt: skip
    if as_json:
        print_json(result.as_dict())
        return
    gen = result.generated
    counts = gen.manifest["counts"]
    click.echo(
        f"Demo: {counts['people']} people, {counts['syndicates']} syndicates, "
        f"{len(gen.manifest['countries'])} countries, {counts['arrested']} seized devices, "
        f"{counts['source_files']} source files in {gen.sources}; ground truth in {gen.truth}"
    )
    print_summary(result.summary)
    click.echo(f"hash list: {_brief(result.hashlist)}")
    print_table("Pipeline", ["step", "result"], [(k, _brief(v)) for k, v in result.steps.items()])
    click.echo("timings: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()))


def _brief(d: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in d.items() if not isinstance(v, dict | list))[:200]


COMMANDS: list[click.Command] = [demo]
