"""The clauses every store read and write adds: its operation, the caller's filter, and (for
reads) the rows only retracted sources said (``clew sources retract``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, or_, select

from clew.store.base import Where
from clew.store.tables.core import RETRACTED, mentions, sources


def scoped(table: Table, operation: str, where: Where) -> list[ColumnElement[bool]]:
    """``table``'s rows of ``operation`` matching ``where``: a list or set of values is ``IN``,
    ``None`` is ``IS NULL``, anything else equality."""
    clauses = [table.c.operation == operation]
    for column, value in (where or {}).items():
        col = table.c[column]
        if isinstance(value, (list, tuple, set, frozenset)):
            clauses.append(col.in_(list(value)))
        elif value is None:
            clauses.append(col.is_(None))
        else:
            clauses.append(col == value)
    return clauses


def unretracted(table: Table, operation: str) -> list[ColumnElement[bool]]:
    """Hide what only retracted sources said: rows with a ``source_id`` of a retracted source;
    identifiers no visible record mentions. Callers skip it while the operation has no
    retracted source (the common case), so it costs nothing then."""
    if table.name == "sources":
        return []
    hidden = select(sources.c.id).where(sources.c.operation == operation, sources.c.status == RETRACTED)
    if "source_id" in table.c:
        column = table.c.source_id
        return [or_(column.is_(None), column.not_in(hidden))]
    if table.name == "identifiers":
        seen = select(mentions.c.key).where(
            mentions.c.operation == operation, mentions.c.source_id.not_in(hidden)
        )
        return [table.c.key.in_(seen)]
    return []
