"""Storage: the ``Store`` contract, its SQL implementation, workspaces, migrations.

``Workspace`` is loaded on first use (PEP 562): importing the contract (``clew.store.base``)
must not import SQLAlchemy, so commands and modules that only name the contract start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clew.store.base import Principal, Store

if TYPE_CHECKING:
    from clew.store.workspace import Workspace

__all__ = ["Principal", "Store", "Workspace"]


def __getattr__(name: str) -> Any:
    if name == "Workspace":
        from clew.store.workspace import Workspace

        return Workspace
    raise AttributeError(f"module 'clew.store' has no attribute {name!r}")
