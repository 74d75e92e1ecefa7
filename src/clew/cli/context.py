"""What every command gets: the workspace and operation chosen on the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from clew.store import Workspace
from clew.store.sql import SQLStore


@dataclass
class Context:
    workspace_path: Path
    operation: str | None

    def workspace(self) -> Workspace:
        return Workspace.open(self.workspace_path)

    def store(self) -> SQLStore:
        """The store of the chosen operation, as the local principal."""
        return self.workspace().store(self.operation)


pass_context = click.make_pass_decorator(Context)
