"""Tables of the network analysis (issue 3): the subject graph, syndicates, countries, priority.

Each table is the published result of one step and is replaced wholesale when the step
re-runs (``clew.network.pipeline`` and ``clew.leads.priority``).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata, operation_column

graph_edges = Table(
    "graph_edges",
    metadata,
    operation_column(),
    Column("left_id", String(128), nullable=False),  # subject ids, left < right
    Column("right_id", String(128), nullable=False),
    Column("weight", Float, nullable=False),
    Column("kinds", Text, nullable=False),  # JSON {kind: weight}
    Column("evidence", Text, nullable=False),  # JSON list (capped) of what said so
    Column("run_id", String(40), nullable=False),
    Index("ix_graph_edges_left", "operation", "left_id"),
    Index("ix_graph_edges_right", "operation", "right_id"),
)

syndicates = Table(
    "syndicates",
    metadata,
    operation_column(),
    Column("syndicate_id", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("countries", Text, nullable=False),  # JSON {country: subjects}
    Column("groups", Text, nullable=False),  # JSON [{id, name, members}]
    Column("admins", Text, nullable=False),  # JSON [subject_id]
    Column("brokers", Text, nullable=False),
    Column("key_players", Text, nullable=False),
    Column("bridges", Text, nullable=False),  # JSON cross-border edges {countries: count}
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "syndicate_id", name="uq_syndicate"),
)

syndicate_members = Table(
    "syndicate_members",
    metadata,
    operation_column(),
    Column("subject_id", String(128), nullable=False),
    Column("syndicate_id", String(32)),  # NULL: in no syndicate (isolated or too small a community)
    Column("community", Integer, nullable=False),  # raw community number (graph.communities)
    Column("degree", Integer, nullable=False),
    Column("strength", Float, nullable=False),
    Column("betweenness", Float, nullable=False),
    Column("participation", Float, nullable=False),  # spread of edge weight over syndicates, 0..1
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "subject_id", name="uq_syndicate_member"),
    Index("ix_syndicate_members_syndicate", "operation", "syndicate_id"),
)

subject_countries = Table(
    "subject_countries",
    metadata,
    operation_column(),
    Column("subject_id", String(128), nullable=False),
    Column("country", String(2), nullable=False),
    Column("support", Float, nullable=False),  # combined evidence for this country, 0..1
    Column("confidence", Float, nullable=False),  # support weighed against the other candidates
    Column("chosen", Integer, nullable=False),  # 1 for the best candidate
    Column("evidence", Text, nullable=False),  # JSON list of {rule, evidence, confidence, entity}
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "subject_id", "country", name="uq_subject_country"),
    Index("ix_subject_countries_subject", "operation", "subject_id"),
)

subject_priority = Table(
    "subject_priority",
    metadata,
    operation_column(),
    Column("subject_id", String(128), nullable=False),
    Column("priority", Float, nullable=False),  # higher = act sooner
    Column("rank", Integer, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON [{role, analysis, weight}]
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "subject_id", name="uq_subject_priority"),
)


gathering_members = Table(
    "gathering_members",
    metadata,
    operation_column(),
    Column("gathering_id", String(200), nullable=False),  # group id, event id or file:<sha256>
    Column("kind", String(16), nullable=False),  # group | event | file (``clew.network.weights``)
    Column("name", Text),
    Column("subject_id", String(128), nullable=False),
    Column("size", Integer, nullable=False),  # subjects present
    Column("weight", Float, nullable=False),  # what one pair of them gets: base / (size - 1)
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "gathering_id", "subject_id", name="uq_gathering_member"),
    Index("ix_gathering_members_subject", "operation", "subject_id"),
)

syndicate_lineage = Table(
    "syndicate_lineage",
    metadata,
    operation_column(),
    Column("run_id", String(40), nullable=False),
    Column("syndicate_id", String(32), nullable=False),  # this run's id (or the retired one)
    Column("event", String(16), nullable=False),  # first | kept | new | split | merged | dissolved
    Column("size", Integer, nullable=False),
    Column("previous", Text, nullable=False),  # JSON {previous syndicate id: members shared}
    Column("at", String(32), nullable=False),
    Index("ix_syndicate_lineage_run", "operation", "run_id"),
)
