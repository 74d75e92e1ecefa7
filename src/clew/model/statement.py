"""Facts with provenance: Clew's unit of storage.

An FtM entity is a bag of property values. Inside Clew each value is a :class:`Statement`
that also says where it came from (the source file's SHA-256, the record locator inside the
file, the ingest run) and when it was stored. This mirrors ``followthemoney.statement`` but
adds ``locator`` and keeps the raw value next to the cleaned one: FtM's cleaning drops a
phone number without a country or an invalid IBAN, and an investigator must still see it.

Properties Clew adds that FtM does not have carry the ``clew:`` prefix (documented in
docs/formats.md), e.g. ``clew:md5``, ``clew:sha256``, ``clew:pdq``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

CLEW_PREFIX = "clew:"


def utcnow() -> str:
    """ISO-8601 UTC timestamp with seconds, the one time format Clew stores."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact came from: which file (by content), where in it, which run, when.

    In the store the run and time are the source's (``sources.run_id``, ``ingested_at``):
    a file is ingested once, in one transaction, so every statement of it shares them.
    """

    source_sha256: str
    locator: str  # "line 12", "row 7", "sheet Payments row 3", "$.reported_accounts[0]"
    run_id: str
    seen_at: str = field(default_factory=utcnow)


@dataclass(frozen=True, slots=True)
class Statement:
    """One property value of one entity, with provenance.

    ``value`` is the cleaned value (FtM's cleaning or Clew's identifier normaliser) or ``None``
    when cleaning failed; ``raw`` is exactly what the source said; ``reason`` says why a value
    could not be cleaned. Nothing the source said is ever dropped.
    """

    entity_id: str
    schema: str
    prop: str
    raw: str
    value: str | None
    reason: str | None = None

    @property
    def id(self) -> str:
        """Stable id: the same fact from the same place is the same statement."""
        key = f"{self.entity_id}\x1f{self.prop}\x1f{self.raw}"
        return hashlib.sha1(key.encode("utf-8")).hexdigest()

    @property
    def is_clew(self) -> bool:
        return self.prop.startswith(CLEW_PREFIX)
