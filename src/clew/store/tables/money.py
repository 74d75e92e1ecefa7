"""Tables of the money analysis (issue 4).

``money_payments`` is the normalised payment graph of the last ``money`` run (amounts in the
reporting currency, so traces need not re-read and re-convert every Payment record);
``money_accounts`` says who holds each account, which subject that is and which country the
account is attributed to (and why); ``money_patterns`` holds every flagged pattern with its
evidence; ``money_flows`` the country-to-country matrix; ``money_rate_files`` the ECB
reference-rate files installed by ``clew money rates update`` (used before the bundled one).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, LargeBinary, String, Table, Text, UniqueConstraint

from clew.store.tables.base import metadata, operation_column

money_payments = Table(
    "money_payments",
    metadata,
    operation_column(),
    Column("payment_id", String(128), nullable=False),
    Column("payer_account", String(128), nullable=False),
    Column("beneficiary_account", String(128), nullable=False),
    Column("at", String(25), nullable=False),  # ISO-8601 UTC
    Column("amount", Float),  # in the payment's own currency
    Column("currency", String(8)),
    Column("amount_reporting", Float),  # NULL when the currency has no reference rate
    Column("reporting_currency", String(8), nullable=False),
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "payment_id", name="uq_money_payment"),
)

money_accounts = Table(
    "money_accounts",
    metadata,
    operation_column(),
    Column("account_id", String(128), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # bank, e-wallet, crypto, entity
    Column("label", Text),
    Column("holder_id", String(128)),
    Column("subject_id", String(128)),
    Column("country", String(2)),
    Column("country_rule", String(64)),
    Column("country_evidence", Text),
    Column("run_id", String(40), nullable=False),
    UniqueConstraint("operation", "account_id", name="uq_money_account"),
    Index("ix_money_accounts_subject", "operation", "subject_id"),
)

money_patterns = Table(
    "money_patterns",
    metadata,
    operation_column(),
    Column("pattern", String(32), nullable=False),  # seller, collector, pass-through, structuring, ...
    Column("account_id", String(128), nullable=False),
    Column("subject_id", String(128)),
    Column("score", Float, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON
    Column("run_id", String(40), nullable=False),
    Index("ix_money_patterns_pattern", "operation", "pattern"),
)

money_flows = Table(
    "money_flows",
    metadata,
    operation_column(),
    Column("payer_country", String(2), nullable=False),  # "" when unknown
    Column("beneficiary_country", String(2), nullable=False),
    Column("amount", Float, nullable=False),
    Column("payments", Integer, nullable=False),
    Column("currency", String(8), nullable=False),
    Column("run_id", String(40), nullable=False),
)

money_rate_files = Table(
    "money_rate_files",
    metadata,
    operation_column(),
    Column("sha256", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("first_date", String(10), nullable=False),
    Column("last_date", String(10), nullable=False),
    Column("currencies", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("installed_at", String(20), nullable=False),
    Column("actor", String(128), nullable=False),
    UniqueConstraint("operation", "sha256", name="uq_money_rate_file"),
)
