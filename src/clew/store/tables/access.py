"""Tables of the multi-user server (issue 13): users, memberships, sessions, API tokens.

Unlike case data these are workspace-wide — a user spans operations — so they have no
``operation`` column; ``memberships`` is what scopes a user to operations, and the store
scopes every case query by the operations it holds. Secrets are never stored: passwords as
argon2id hashes, session and API tokens as their SHA-256. Times are epoch seconds (UTC) so
idle and lifetime checks are a subtraction.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("role", String(16), nullable=False),  # clew.access.roles.ROLE_NAMES
    Column("extra", Text, nullable=False, default="[]"),  # JSON list of granted permissions
    Column("password_hash", Text),  # argon2id; NULL until a password is set
    Column("totp_secret", String(64)),  # base32; NULL until MFA is enrolled
    Column("totp_last_step", Integer),  # the last TOTP step accepted (a code works once)
    Column("disabled", Integer, nullable=False, default=0),
    Column("locked", Integer, nullable=False, default=0),  # set by lock-out, cleared by an admin
    Column("created_at", Float, nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    Column("user", String(64), nullable=False),
    Column("operation", String(64), nullable=False),
    Column("granted_at", Float, nullable=False),
    UniqueConstraint("user", "operation", name="uq_membership"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String(64), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
    Column("ended_at", Float),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String(64), nullable=False, index=True),
    Column("label", Text),
    Column("operations", Text),  # JSON list limiting the token to some memberships; NULL = all
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user", String(64), nullable=False),
    Column("at", Float, nullable=False),
    Index("ix_login_failures_user", "user", "at"),
)
