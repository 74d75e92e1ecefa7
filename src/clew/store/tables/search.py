"""Tables of the text index behind ``clew search`` (migration 8), see ``clew.store.textindex``.

``text_names`` and ``text_idents`` are the portable form of the index (any SQL database: the
``LIKE`` implementation; on PostgreSQL its own full text over them, ``clew.store.pgtext``);
SQLite keeps the same rows in FTS5 virtual tables (``fts_names``, ``fts_idents``) that
migration 8 creates beside them. ``seq`` (migration 15) keeps the order the rows were written
in, which is the order every implementation returns them in.
``text_index_state`` says which sources the index was built from, so a search knows whether
it is current.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata, operation_column

text_names = Table(
    "text_names",
    metadata,
    operation_column(),
    Column("entity_id", String(128), nullable=False),
    Column("value", Text, nullable=False),  # the name as a source gave it
    Column("terms", Text, nullable=False),  # " token canonical pPHONETIC … " (see textindex)
    Column("seq", Integer),
)

text_idents = Table(
    "text_idents",
    metadata,
    operation_column(),
    Column("entity_id", String(128), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("key", String(300), nullable=False),
    Column("value", Text, nullable=False),  # normalised (E.164, lower-case e-mail, …)
    Column("terms", Text, nullable=False),  # the value compacted: letters and digits only, lower-case
    Column("seq", Integer),
    Index("ix_text_idents_key", "operation", "key"),
)

text_index_state = Table(
    "text_index_state",
    metadata,
    operation_column(index=False),
    Column("stamp", String(64), nullable=False),  # digest of the sources it was built from
    Column("built_at", String(20), nullable=False),
    UniqueConstraint("operation", name="uq_text_index_state"),
)
