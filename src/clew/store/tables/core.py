"""Foundation tables: operations, runs, sources, fragments (and the statements view),
identifiers, mentions, attributions, quarantine, audit."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata, operation_column

RETRACTED = "retracted"  # a source hidden from every read (``clew sources retract``); reversible

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("applied_at", String(20), nullable=False),
)

operations = Table(
    "operations",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("title", Text),
    Column("created_at", String(20), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", String(40), primary_key=True),
    operation_column(),
    Column("kind", String(32), nullable=False),  # ingest, resolve, network, money, media, ...
    Column("actor", String(128), nullable=False),
    Column("argv", Text),
    Column("started_at", String(20), nullable=False),
    Column("finished_at", String(20)),
    Column("status", String(16), nullable=False),  # running, done, failed, interrupted
    Column("pid", Integer),  # since migration 10: the process, so a killed run is found out
    Column("host", String(255)),  # since migration 10: where that pid lives
    # since migration 13: for analysis runs, JSON mark of the data read (clew.store.marks)
    Column("data_mark", Text),
    # since migration 14: the order runs of the operation finished in (1, 2, …; clew.store.marks)
    Column("finished_seq", Integer),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    operation_column(),
    Column("sha256", String(64), nullable=False),
    Column("path", Text, nullable=False),
    Column("label", Text),
    Column("format", String(32), nullable=False),
    Column("kind", String(32)),  # device-extraction, platform-return, tip-report, payments, ...
    Column("country", String(2)),
    Column("owner_entity", String(128)),
    Column("size", Integer, nullable=False),
    Column("records", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("statements", Integer, nullable=False, default=0, server_default="0"),  # since migration 6
    Column("kept_raw", Integer, nullable=False, default=0, server_default="0"),  # since migration 6
    Column("status", String(16), nullable=False),  # done, rejected, retracted (RETRACTED)
    Column("run_id", String(40), nullable=False),
    Column("ingested_at", String(20), nullable=False),
    UniqueConstraint("operation", "sha256", name="uq_source_sha256"),
)

# Fragments, mentions and attributions have no unique constraint: the ingest writes each file
# once (``sources.sha256``), in one transaction, and drops repeats within a file itself
# (``clew.ingest.rows.Rows``); a unique index would cost a random B-tree insert per row.
fragments = Table(
    "fragments",
    metadata,
    operation_column(index=False),
    Column("entity_id", String(128), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("locator", String(200), nullable=False),
    # the statements said at this locator, JSON in clew.model.fragment's encoding; their run
    # and time are the source's (sources.run_id, sources.ingested_at)
    Column("props", Text, nullable=False),
    # by entity only: what reads by schema (records of some schemata, the network's inputs,
    # summaries) reads a large share of an operation anyway, where a scan is as fast as an
    # index range plus a row lookup each, and an index by schema cost every insert ~8%
    Index("ix_fragments_entity", "operation", "entity_id"),
)

# A view over ``fragments`` (migration 6), one row per statement: each fragment's ``id``
# statement (so an entity without properties still shows) and each property value. Declared
# here for queries only; migration 1 created a table of this name, migration 6 replaced it.
statements = Table(
    "statements",
    metadata,
    operation_column(index=False),
    Column("entity_id", String(128), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("raw", Text, nullable=False),
    Column("value", Text),  # cleaned; NULL when cleaning failed (reason says why)
    Column("reason", Text),
    Column("source_id", Integer, nullable=False),
    Column("locator", String(200), nullable=False),
    info={"view": True},
)

identifiers = Table(
    "identifiers",
    metadata,
    Column("key", String(300), nullable=False),  # "<kind>:<normalised value>"
    operation_column(index=False),
    Column("kind", String(16), nullable=False),
    Column("value", Text, nullable=False),  # normalised (E.164, lower-case e-mail, ...)
    Column("valid", Boolean, nullable=False),
    Column("country", String(2)),  # best attribution; all evidence in attributions
    Column("detail", Text),  # JSON: line type, IP version/private, crypto chain, ...
    # no index by kind (there was one until migration 6): what reads by kind reads the whole
    # operation's identifiers anyway (summaries, exports), and each index costs every insert
    UniqueConstraint("operation", "key", name="uq_identifier"),
)

mentions = Table(
    "mentions",
    metadata,
    operation_column(index=False),
    Column("key", String(300), nullable=False),
    Column("entity_id", String(128), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("raw", Text, nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("locator", String(200), nullable=False),
    Index("ix_mentions_entity", "operation", "entity_id"),
    Index("ix_mentions_key", "operation", "key"),  # which records point to an identifier
)

attributions = Table(
    "attributions",
    metadata,
    operation_column(index=False),
    Column("key", String(300), nullable=False),
    Column("country", String(2), nullable=False),
    Column("rule", String(64), nullable=False),  # e.g. phone-prefix, iban-country, ip-registry
    Column("evidence", Text, nullable=False),  # the value and what about it decided
    Column("confidence", Float, nullable=False),
    Column("source_id", Integer),  # NULL when the rule needs no source (a prefix table)
    Index("ix_attributions_key", "operation", "key"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    operation_column(),
    Column("source_sha256", String(64)),
    Column("path", Text, nullable=False),
    Column("line", Integer),
    Column("field", String(200)),
    Column("error", Text, nullable=False),
    Column("raw", Text),  # the offending record, cut to 4 KiB
    Column("run_id", String(40), nullable=False),
    Column("at", String(20), nullable=False),
    UniqueConstraint("operation", "source_sha256", "line", "field", "error", name="uq_quarantine"),
)

audit = Table(
    "audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    operation_column(index=False),
    Column("at", String(20), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", Text),
    Column("detail", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # migration 7: the Merkle log (clew.store.auditlog); position is the leaf index in the
    # operation's log, the rest say who read what for which purpose, with what outcome
    Column("position", Integer),
    Column("roles", Text),
    Column("purpose", Text),
    Column("outcome", String(16)),
    Column("request_id", String(64)),
    UniqueConstraint("operation", "position", name="uq_audit_position"),
)
