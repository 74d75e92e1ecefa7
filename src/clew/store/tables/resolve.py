"""Tables of identity resolution and the network (issue 3). Declared by the resolve package's authors."""

from __future__ import annotations

from clew.store.tables.base import metadata, operation_column  # noqa: F401

# Tables are added here; list them in clew.store.migrations (version 2).
