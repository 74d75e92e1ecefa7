"""Every command says what it does in its group's `--help` listing."""

from __future__ import annotations

import click

from clew.cli.main import cli


def _commands(group: click.Group, ctx: click.Context, path: str = "clew"):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield f"{path} {name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, f"{path} {name}")


def test_every_command_has_words_in_its_groups_listing() -> None:
    """`clew export --help` listed `subjects  ...`: click shortens a first sentence of one long
    word (a CSV header) to nothing."""
    ctx = click.Context(cli)
    empty = [
        path for path, command in _commands(cli, ctx) if command.get_short_help_str(limit=45) in ("", "...")
    ]
    assert empty == []
