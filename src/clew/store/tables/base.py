"""The shared ``MetaData`` and column helpers for table declarations."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String

metadata = MetaData()


def operation_column(index: bool = True) -> Column:
    """The need-to-know scope: every row belongs to exactly one operation.

    ``index=False`` only for a table whose every composite index or unique constraint starts
    with ``operation`` already (a separate index would be redundant, and each costs inserts).
    """
    return Column("operation", String(64), nullable=False, index=index)
