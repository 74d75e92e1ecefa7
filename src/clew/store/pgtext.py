"""PostgreSQL's own full-text search behind ``clew search`` (migration 15).

:class:`PgIndex` keeps the portable tables of :class:`~clew.store.textindex.LikeIndex` and
matches them with PostgreSQL's indexes instead of a scan:

- **names**: each row's terms (the space-separated tokens the service made: words, canonical
  forms, phonetic codes) become a ``tsvector`` *without a parser* —
  ``array_to_tsvector(array_remove(string_to_array(terms, ' '), ''))`` —, so a token is a
  lexeme exactly as written: no stemming, no stop words, no splitting of identifiers (what the
  ``simple`` configuration would still do to ``maria.s`` or ``o-brien``), which is what FTS5's
  ``unicode61`` gives for these tokens. A query is a ``tsquery`` of quoted lexemes
  (``'tok':*`` for a prefix), groups ANDed, alternatives ORed; a GIN index on the same
  expression answers it.
- **identifiers**: ``LIKE '%fragment%'`` on the compacted value, answered by a ``pg_trgm`` GIN
  index (trigrams, as FTS5's ``trigram`` tokenizer; fragments shorter than three characters are
  not searched on either). Without the extension (a role that may not create it) the same
  query is a scan: slower, same rows.

Rows come in ``seq`` order — the order :meth:`replace` was given them, which is FTS5's rowid
order — so both backends return the same rows in the same order, also when ``limit`` cuts.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from clew.store.base import Row
from clew.store.textindex import MIN_FRAGMENT, LikeIndex, TextQuery

VECTOR = "array_to_tsvector(array_remove(string_to_array(terms, ' '), ''))"
NAMES_GIN = f"CREATE INDEX IF NOT EXISTS ix_text_names_lexemes ON text_names USING gin (({VECTOR}))"
IDENTS_TRGM = "CREATE INDEX IF NOT EXISTS ix_text_idents_trgm ON text_idents USING gin (terms gin_trgm_ops)"
SEQ = {"text_names": "INTEGER", "text_idents": "INTEGER"}


def lexeme(token: str, prefix: bool) -> str:
    """A ``tsquery`` operand naming ``token`` verbatim (quoted, ``'`` and ``\\`` escaped)."""
    quoted = "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"
    return quoted + (":*" if prefix else "")


class PgIndex(LikeIndex):
    """PostgreSQL: names through a GIN-indexed ``tsvector``, identifiers through ``pg_trgm``."""

    def match(self, conn: Connection, operation: str, query: TextQuery, limit: int) -> list[Row]:
        out: list[Row] = []
        if query.names:
            tsquery = " & ".join(
                "(" + " | ".join(lexeme(t.token, t.prefix) for t in group) + ")" for group in query.names
            )
            rows = conn.execute(
                text(
                    f"SELECT entity_id, value FROM text_names WHERE {VECTOR} @@ CAST(:q AS tsquery) "  # noqa: S608 (VECTOR is a constant)
                    "AND operation = :op ORDER BY seq LIMIT :n"
                ),
                {"q": tsquery, "op": operation, "n": limit},
            )
            out += [{"entity_id": e, "kind": "name", "key": None, "value": v} for e, v in rows]
        if any(len(f) >= MIN_FRAGMENT for f in query.fragments):
            out += self.match_identifiers(conn, operation, query, limit)
        return out


def upgrade(conn: Connection) -> None:
    """Migration 15: ``seq`` on the portable tables (their insertion order); on PostgreSQL the
    GIN index of name lexemes, ``pg_trgm`` and its index of identifiers if the role may create
    the extension, and the text index marked stale so the next search rebuilds it with ``seq``."""
    from clew.store.migrations import add_columns

    for table, sql_type in SEQ.items():
        add_columns(conn, table, {"seq": sql_type})
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text(NAMES_GIN))
    try:
        with conn.begin_nested():  # a savepoint: without the privilege, carry on without it
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            conn.execute(text(IDENTS_TRGM))
    except DBAPIError:
        pass
    conn.execute(text("DELETE FROM text_index_state"))
