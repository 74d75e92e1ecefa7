"""``clew operations create NAME`` and ``clew operations list``: the only way operations appear.

An operation is the need-to-know scope of everything stored. Naming one that does not exist
(``--operation`` with a typo) is an error listing the known ones, never a new operation.
"""

from __future__ import annotations

import click

from clew.cli.context import Context, pass_context
from clew.cli.output import print_json, print_table


@click.group()
def operations() -> None:
    """The operations of the workspace: `clew operations create NAME`, `clew operations list`."""


@operations.command("create")
@click.argument("name")
@click.option("--title", default=None, help="The operation's name in words.")
@pass_context
def operations_create(ctx: Context, name: str, title: str | None) -> None:
    """Create operation NAME (audited); `--operation NAME` then works in it."""
    created = ctx.workspace().create_operation(name, title=title)
    click.echo(f"operation {name} {'created' if created else 'exists already'}")


@operations.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_context
def operations_list(ctx: Context, as_json: bool) -> None:
    """The workspace's operations, with the number of sources each holds."""
    workspace = ctx.workspace()
    rows = workspace.operations()
    if as_json:
        print_json(rows)
        return
    default = workspace.default_operation
    print_table(
        "Operations",
        ["operation", "title", "created", "sources", "default"],
        [
            (r["name"], r["title"], r["created_at"], r["sources"], "yes" if r["name"] == default else "")
            for r in rows
        ],
    )


COMMANDS: list[click.Command] = [operations]
