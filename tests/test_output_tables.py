"""Tables are never cropped (issue 9): two long id columns at 80 columns — a pipe, a file, a CI
log — stay whole on one line each; other columns fold."""

from __future__ import annotations

import click
from click.testing import CliRunner

from clew.cli.output import print_table


@click.command()
def _table() -> None:
    left, right = "subj-" + "a" * 60, "acct-" + "b" * 60
    print_table("Pairs", ["left", "right", "evidence"], [(left, right, "shared phone number " * 6)])


def test_two_long_id_columns_are_not_cropped_at_80_columns() -> None:
    result = CliRunner().invoke(_table, terminal_width=80)  # not a terminal: 80 columns by default
    assert "subj-" + "a" * 60 in result.output and "acct-" + "b" * 60 in result.output
    assert "…" not in result.output
    assert "shared phone" in result.output  # the evidence column folds, it is not dropped
