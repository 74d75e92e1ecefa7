"""Facts with provenance: Clew's unit of evidence.

An FtM entity is a bag of property values. Inside Clew each value is a :class:`Statement`
that also says where it came from: the source file (by its SHA-256), the record locator
inside the file, the ingest run and time — stored once per fragment (``clew.model.fragment``:
every statement made at one locator of one source shares them) and per source. This mirrors
``followthemoney.statement`` but adds ``locator`` and keeps the raw value next to the cleaned
one: FtM's cleaning drops a phone number without a country or an invalid IBAN, and an
investigator must still see it.

Properties Clew adds that FtM does not have carry the ``clew:`` prefix (documented in
docs/formats.md), e.g. ``clew:md5``, ``clew:sha256``, ``clew:pdq``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

CLEW_PREFIX = "clew:"


def utcnow() -> str:
    """ISO-8601 UTC timestamp with seconds, the one time format Clew stores."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Statement:
    """One property value of one entity.

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
