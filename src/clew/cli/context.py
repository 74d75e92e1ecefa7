"""What every command gets: the workspace and operation chosen on the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the store (SQLAlchemy) loads when a command opens it, not for --help
    from clew.store.sql import SQLStore
    from clew.store.workspace import Workspace


@dataclass
class Context:
    workspace_path: Path
    operation: str | None

    def workspace(self) -> Workspace:
        """The workspace; a wait for another process's write lock is announced on stderr, with
        what holds it."""
        from clew.store.workspace import Workspace

        workspace = Workspace.open(self.workspace_path)
        workspace.on_wait = _say
        return workspace

    def store(self) -> SQLStore:
        """The store of the chosen operation, as the local principal (an unknown operation is an
        error listing the known ones)."""
        return self.workspace().store(self.operation)


def _say(message: str) -> None:
    click.echo(f"clew: {message}", err=True)


pass_context = click.make_pass_decorator(Context)
