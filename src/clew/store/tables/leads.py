"""Tables of leads to partner countries (issue 12): packages and their register, the subjects
in each, preservation requests, partner feedback (outcomes) and deconfliction sessions.

Unlike an analysis's tables these are never replaced wholesale: they are the dissemination
register. A released package row is immutable (``clew.leads.register`` refuses to change it);
a correction is a new version that names the one it supersedes.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata, operation_column

lead_packages = Table(
    "lead_packages",
    metadata,
    operation_column(),
    Column("package_id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("country", String(2), nullable=False),
    Column("agency", Text, nullable=False),
    Column("channel", String(64), nullable=False),
    Column("state", String(16), nullable=False),  # clew.leads.vocabulary.PACKAGE_STATES
    Column("subjects", Integer, nullable=False),
    Column("tlp", String(32), nullable=False),
    Column("built_by", String(128), nullable=False),
    Column("built_at", String(20), nullable=False),
    Column("approved_by", String(128)),
    Column("approved_at", String(20)),
    Column("released_by", String(128)),
    Column("released_at", String(20)),
    Column("released_to", Text),
    Column("supersedes", Integer),  # the version this one corrects
    Column("sha256", String(64), nullable=False),
    Column("document", Text, nullable=False),  # the signed JSON package
    # since migration 13: JSON {result kind: run id} of the analysis results it was built from
    Column("results", Text),
    UniqueConstraint("operation", "package_id", "version", name="uq_lead_package"),
)

lead_package_subjects = Table(
    "lead_package_subjects",
    metadata,
    operation_column(),
    Column("package_id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("subject_id", String(128), nullable=False),
    Index("ix_lead_package_subjects", "operation", "package_id", "version"),
)

lead_preservations = Table(
    "lead_preservations",
    metadata,
    operation_column(),
    Column("request_id", String(128), nullable=False),
    Column("package_id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("provider", Text, nullable=False),  # platform or wallet/payment provider
    Column("account_kind", String(32), nullable=False),
    Column("account", Text, nullable=False),
    Column("subject_id", String(128), nullable=False),
    Column("date_from", String(10)),
    Column("date_to", String(10)),
    Column("legal_basis", Text, nullable=False),
    Column("days", Integer, nullable=False),
    Column("sent_at", String(20)),  # set when the package is released
    Column("expires_at", String(20)),
    Column("renewals", Integer, nullable=False, default=0),
    UniqueConstraint("operation", "request_id", name="uq_lead_preservation"),
)

lead_outcomes = Table(
    "lead_outcomes",
    metadata,
    operation_column(),
    Column("package_id", String(128), nullable=False),
    Column("version", Integer, nullable=False),
    Column("subject_id", String(128)),  # NULL: the outcome is about the package as a whole
    Column("kind", String(32), nullable=False),  # clew.leads.vocabulary.OUTCOME_KINDS
    Column("count", Integer, nullable=False, default=1),
    Column("date", String(10), nullable=False),
    Column("agency", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("reference", Text),  # the partner's case reference
    Column("source", Text, nullable=False),  # feedback file (with line) or "manual"
    Column("recorded_by", String(128), nullable=False),
    Column("recorded_at", String(20), nullable=False),
    UniqueConstraint(
        "operation", "package_id", "subject_id", "kind", "date", "agency", name="uq_lead_outcome"
    ),
    Index("ix_lead_outcomes_package", "operation", "package_id"),
)

deconfliction_sessions = Table(
    "deconfliction_sessions",
    metadata,
    operation_column(),
    Column("session_id", String(64), nullable=False),
    Column("mode", String(8), nullable=False),  # psi | hmac
    Column("key", Text, nullable=False),  # the client's PSI private key (hex); never leaves the store
    Column("items", Text, nullable=False),  # JSON: the offered identifier keys, in the offer's order
    Column("identifiers", Integer, nullable=False),
    Column("created_at", String(20), nullable=False),
    Column("finished_at", String(20)),
    UniqueConstraint("operation", "session_id", name="uq_deconfliction_session"),
)
