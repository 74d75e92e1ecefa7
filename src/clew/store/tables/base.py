"""The shared ``MetaData`` and column helpers for table declarations."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String

metadata = MetaData()


def operation_column() -> Column:
    """The need-to-know scope: every row belongs to exactly one operation."""
    return Column("operation", String(64), nullable=False, index=True)
