"""The text index behind ``clew search``: names and identifiers of an operation's records.

Two implementations of one small interface, chosen by dialect:

- :class:`Fts5Index` (SQLite): FTS5 virtual tables — ``unicode61`` tokens for names (prefix
  queries), ``trigram`` for identifiers (any substring of three characters or more, so partial
  phone digits match);
- :class:`LikeIndex` (any SQL database): the same rows in plain tables, found with ``LIKE``;
- :class:`~clew.store.pgtext.PgIndex` (PostgreSQL): those tables through PostgreSQL's own
  indexes (a GIN-indexed ``tsvector`` for names, ``pg_trgm`` for identifiers).

All answer the same query with the same rows in the same order: the order the rows were
given to ``replace`` (FTS5's rowid, the plain tables' ``seq``); tests run them side by side.
What the documents contain —
which tokens a name gives, how an identifier is compacted — is decided above the store
(``clew.service.search``); the store only keeps rows and matches terms.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, or_, select, text

from clew.store.base import Row
from clew.store.tables.search import text_idents, text_names

FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts_names USING fts5("
    "terms, operation UNINDEXED, entity_id UNINDEXED, value UNINDEXED, tokenize='unicode61')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts_idents USING fts5("
    "terms, operation UNINDEXED, entity_id UNINDEXED, kind UNINDEXED, key UNINDEXED, value UNINDEXED, "
    "tokenize='trigram')",
)
MIN_FRAGMENT = 3  # the trigram tokenizer matches nothing shorter; LIKE is held to the same rule


@dataclass(frozen=True)
class Term:
    """One alternative for a query token: ``token`` exactly, or as a prefix when ``prefix``."""

    token: str
    prefix: bool = False


@dataclass(frozen=True)
class TextQuery:
    """What to find: names whose terms match every group (any alternative within a group), and
    identifiers whose compact form contains any fragment."""

    names: tuple[tuple[Term, ...], ...] = ()
    fragments: tuple[str, ...] = ()


class TextIndex(ABC):
    """Keep and match the index rows of one operation."""

    @abstractmethod
    def replace(self, conn: Connection, operation: str, names: Iterable[Row], idents: Iterable[Row]) -> None:
        """Drop the operation's rows and write these (``names``: entity_id, value, terms;
        ``idents``: entity_id, kind, key, value, terms)."""

    @abstractmethod
    def match(self, conn: Connection, operation: str, query: TextQuery, limit: int) -> list[Row]:
        """Rows matching ``query``: ``{entity_id, kind, key, value}`` (kind ``name``, key None
        for names), at most ``limit`` of each of names and identifiers."""


class LikeIndex(TextIndex):
    """Plain tables and ``LIKE``: portable, a scan per query (fine to ~10⁶ rows)."""

    def replace(self, conn: Connection, operation: str, names: Iterable[Row], idents: Iterable[Row]) -> None:
        for table, rows in ((text_names, names), (text_idents, idents)):
            conn.execute(table.delete().where(table.c.operation == operation))
            batch = [{**r, "operation": operation, "seq": seq} for seq, r in enumerate(rows)]
            if batch:
                conn.execute(table.insert(), batch)

    def match(self, conn: Connection, operation: str, query: TextQuery, limit: int) -> list[Row]:
        out: list[Row] = []
        if query.names:
            n = text_names.c
            groups = [
                or_(*(n.terms.like(f"% {t.token}{'%' if t.prefix else ' %'}") for t in group))
                for group in query.names
            ]
            rows = conn.execute(
                select(n.entity_id, n.value)
                .where(n.operation == operation, and_(*groups))
                .order_by(n.seq)
                .limit(limit)
            )
            out += [{"entity_id": e, "kind": "name", "key": None, "value": v} for e, v in rows]
        return out + self.match_identifiers(conn, operation, query, limit)

    def match_identifiers(self, conn: Connection, operation: str, query: TextQuery, limit: int) -> list[Row]:
        """Identifier rows containing any fragment of three characters or more, in ``seq`` order."""
        fragments = [f for f in query.fragments if len(f) >= MIN_FRAGMENT]
        if not fragments:
            return []
        i = text_idents.c
        clause = or_(*(i.terms.like(f"%{f}%") for f in fragments))
        rows = conn.execute(
            select(i.entity_id, i.kind, i.key, i.value)
            .where(i.operation == operation, clause)
            .order_by(i.seq)
            .limit(limit)
        )
        return [dict(r) for r in rows.mappings()]


class Fts5Index(LikeIndex):
    """SQLite FTS5: names by token (prefix queries), identifiers by trigram (substrings)."""

    def replace(self, conn: Connection, operation: str, names: Iterable[Row], idents: Iterable[Row]) -> None:
        raw = conn.exec_driver_sql
        raw("DELETE FROM fts_names WHERE operation = ?", (operation,))
        raw("DELETE FROM fts_idents WHERE operation = ?", (operation,))
        name_rows = [(r["terms"], operation, r["entity_id"], r["value"]) for r in names]
        ident_rows = [
            (r["terms"], operation, r["entity_id"], r["kind"], r["key"], r["value"]) for r in idents
        ]
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany("INSERT INTO fts_names VALUES (?, ?, ?, ?)", name_rows)
            cursor.executemany("INSERT INTO fts_idents VALUES (?, ?, ?, ?, ?, ?)", ident_rows)
        finally:
            cursor.close()

    def match(self, conn: Connection, operation: str, query: TextQuery, limit: int) -> list[Row]:
        out: list[Row] = []
        if query.names:
            expr = " AND ".join(
                "(" + " OR ".join(_quote(t.token) + ("*" if t.prefix else "") for t in group) + ")"
                for group in query.names
            )
            rows = conn.execute(
                text(
                    "SELECT entity_id, value FROM fts_names "
                    "WHERE fts_names MATCH :q AND operation = :op LIMIT :n"
                ),
                {"q": expr, "op": operation, "n": limit},
            )
            out += [{"entity_id": e, "kind": "name", "key": None, "value": v} for e, v in rows]
        fragments = [f for f in query.fragments if len(f) >= MIN_FRAGMENT]
        if fragments:
            expr = " OR ".join(_quote(f) for f in fragments)
            rows = conn.execute(
                text(
                    "SELECT entity_id, kind, key, value FROM fts_idents "
                    "WHERE fts_idents MATCH :q AND operation = :op LIMIT :n"
                ),
                {"q": expr, "op": operation, "n": limit},
            )
            out += [dict(r) for r in rows.mappings()]
        return out


def _quote(token: str) -> str:
    """An FTS5 string literal: the token as one phrase, never read as an operator."""
    return '"' + token.replace('"', '""') + '"'


def for_dialect(dialect: str) -> TextIndex:
    if dialect == "sqlite":
        return Fts5Index()
    if dialect == "postgresql":
        from clew.store.pgtext import PgIndex  # it builds on LikeIndex, defined here

        return PgIndex()
    return LikeIndex()


def upgrade(conn: Connection) -> None:
    """Migration 7: the FTS5 tables on SQLite (the plain tables are created from their declaration)."""
    if conn.dialect.name == "sqlite":
        for ddl in FTS_DDL:
            conn.exec_driver_sql(ddl)


__all__: Sequence[str] = (
    "Fts5Index",
    "LikeIndex",
    "Term",
    "TextIndex",
    "TextQuery",
    "for_dialect",
    "upgrade",
)
