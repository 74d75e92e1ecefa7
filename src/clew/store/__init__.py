"""Storage: the ``Store`` contract, its SQL implementation, workspaces, migrations."""

from clew.store.base import Principal, Store
from clew.store.workspace import Workspace

__all__ = ["Principal", "Store", "Workspace"]
