"""Tables of identity resolution (issue 3): subjects and the records that make them up.

``subject_members`` is the contract every later analysis reads: which actor record
(FtM entity id) belongs to which subject. An entity with no row is its own subject.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata, operation_column

subjects = Table(
    "subjects",
    metadata,
    Column("subject_id", String(64), nullable=False),
    operation_column(),
    Column("name", Text),  # best display name
    Column("members", Integer, nullable=False),
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "subject_id", name="uq_subject"),
)

subject_members = Table(
    "subject_members",
    metadata,
    operation_column(),
    Column("subject_id", String(64), nullable=False),
    Column("entity_id", String(128), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "entity_id", name="uq_subject_member"),
    Index("ix_subject_members_subject", "operation", "subject_id"),
)

links = Table(
    "links",
    metadata,
    operation_column(),
    Column("left_id", String(128), nullable=False),  # entity ids, left < right
    Column("right_id", String(128), nullable=False),
    Column("kind", String(16), nullable=False),  # identifier, probabilistic, decision
    Column("score", Float),
    Column("evidence", Text, nullable=False),  # JSON: which identifier/fields, match weight
    Column("accepted", Integer, nullable=False),  # 1 used for merging, 0 shown but not used
    Column("run_id", String(40), nullable=False),
    Index("ix_links_left", "operation", "left_id"),
    Index("ix_links_right", "operation", "right_id"),
)

decisions = Table(
    "decisions",
    metadata,
    operation_column(),
    Column("left_id", String(128), nullable=False),
    Column("right_id", String(128), nullable=False),
    Column("same", Integer, nullable=False),  # 1 same person, 0 different people
    Column("actor", String(128), nullable=False),
    Column("reason", Text),
    Column("at", String(20), nullable=False),
    UniqueConstraint("operation", "left_id", "right_id", name="uq_decision"),
)

subject_roles = Table(
    "subject_roles",
    metadata,
    operation_column(),
    Column("subject_id", String(64), nullable=False),
    Column("role", String(32), nullable=False),  # vocabulary in docs/formats.md
    Column("analysis", String(16), nullable=False),  # network, money, media: each replaces its own
    Column("score", Float),
    Column("evidence", Text),  # JSON
    UniqueConstraint("operation", "subject_id", "role", "analysis", name="uq_subject_role"),
    Index("ix_subject_roles_subject", "operation", "subject_id"),
)

shared_identifiers = Table(
    "shared_identifiers",
    metadata,
    operation_column(),
    Column("key", String(300), nullable=False),  # identifier key, e.g. phone:+639171234567
    Column("records", Integer, nullable=False),  # how many actor records hold it
    Column("reason", Text, nullable=False),  # why it is not one person's (different names/dates, too many)
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "key", name="uq_shared_identifier"),
)
