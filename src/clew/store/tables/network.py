"""Tables of the network analysis (issue 3). Declared by the network package's authors."""

from __future__ import annotations

from clew.store.tables.base import metadata, operation_column  # noqa: F401

# Tables are added here; list them in clew.store.migrations (version 3).
