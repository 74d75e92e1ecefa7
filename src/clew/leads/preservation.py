"""Preservation requests to platforms and wallet providers for the accounts in a package.

Created with the package (one per account: provider, account, date range, legal basis and how
long it holds, from the partner directory), sent when the package is released, and tracked
until they expire: ``clew leads preservation [--expiring-within 30d]`` lists them, soonest
first, and ``--renew REQUEST`` extends a renewable one by its term (one the partner directory
makes not renewable is refused: it must be asked for again).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from clew.errors import UserError
from clew.model.statement import utcnow
from clew.store.base import Store
from clew.vocabulary import AuditAction

COLUMNS = (
    "request_id",
    "package_id",
    "version",
    "provider",
    "account_kind",
    "account",
    "subject_id",
    "date_from",
    "date_to",
    "legal_basis",
    "days",
    "sent_at",
    "expires_at",
    "renewals",
)


@dataclass(frozen=True)
class Request:
    request_id: str
    package_id: str
    version: int
    provider: str
    account_kind: str
    account: str
    subject_id: str
    date_from: str | None
    date_to: str | None
    legal_basis: str
    days: int
    sent_at: str | None
    expires_at: str | None
    renewals: int

    def as_dict(self) -> dict[str, Any]:
        return {c: getattr(self, c) for c in COLUMNS}


def save(store: Store, package_id: str, version: int, requests: list[dict[str, Any]]) -> None:
    """Replace the (unsent) requests of a package version with ``requests``."""
    rows = [
        {
            c: r.get(c)
            for c in COLUMNS
            if c not in ("package_id", "version", "sent_at", "expires_at", "renewals")
        }
        | {"package_id": package_id, "version": version, "renewals": 0}
        for r in requests
    ]
    store.replace("lead_preservations", rows, {"package_id": package_id, "version": version})


def mark_sent(store: Store, package_id: str, version: int, when: str) -> int:
    """Set sent and expiry dates on a released package's requests; returns how many."""
    n = 0
    for row in store.select("lead_preservations", {"package_id": package_id, "version": version}):
        expires = _parse(when) + timedelta(days=row["days"])
        store.update(
            "lead_preservations",
            {"request_id": row["request_id"]},
            {"sent_at": when, "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ")},
        )
        n += 1
    return n


def parse_within(text: str) -> timedelta:
    """``30d``, ``2w``, ``12h`` or a bare number of days."""
    m = re.fullmatch(r"\s*(\d+)\s*([dwh]?)\s*", text or "")
    if not m:
        raise UserError(f"--expiring-within {text!r}: expected a duration such as 30d, 2w or 12h")
    n, unit = int(m.group(1)), m.group(2) or "d"
    return {"d": timedelta(days=n), "w": timedelta(weeks=n), "h": timedelta(hours=n)}[unit]


def listing(store: Store, within: timedelta | None = None, now: datetime | None = None) -> list[Request]:
    """Sent requests (or those expiring within ``within``), soonest expiry first, then unsent
    ones. Audited ``leads.preservation``."""
    now = now or datetime.now(UTC)
    out = []
    for row in store.select("lead_preservations", columns=COLUMNS):
        if within is not None and (not row["expires_at"] or _parse(row["expires_at"]) > now + within):
            continue
        out.append(Request(**row))
    out.sort(key=lambda r: (r.expires_at is None, r.expires_at or "", r.request_id))
    store.audit(
        AuditAction.LEADS_PRESERVATION,
        "list",
        {"requests": len(out), "within": str(within) if within else None},
    )
    return out


def renew(store: Store, request_id: str) -> Request:
    """Extend a sent request by its term from its current expiry. Audited."""
    row = next(iter(store.select("lead_preservations", {"request_id": request_id}, columns=COLUMNS)), None)
    if row is None:
        raise UserError(f"no preservation request {request_id} (see `clew leads preservation`)")
    if not row["expires_at"]:
        raise UserError(f"preservation request {request_id} has not been sent (release its package first)")
    if not _renewable(store, row):
        raise UserError(
            f"preservation request {request_id} is not renewable under {row['legal_basis']!r}: "
            "ask the provider again through the formal route"
        )
    expires = _parse(row["expires_at"]) + timedelta(days=row["days"])
    values = {"expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ"), "renewals": row["renewals"] + 1}
    with store.transaction():
        store.update("lead_preservations", {"request_id": request_id}, values)
        store.audit(
            AuditAction.LEADS_PRESERVATION,
            request_id,
            {"renewed_until": values["expires_at"], "at": utcnow()},
        )
    return Request(**(row | values))


def _renewable(store: Store, row: dict[str, Any]) -> bool:
    """Whether the request's terms (in its package, from the partner directory) allow renewing it."""
    where = {"package_id": row["package_id"], "version": row["version"]}
    stored = next(iter(store.select("lead_packages", where, columns=["document"])), None)
    requests = json.loads(stored["document"])["evidence"]["preservation_requests"] if stored else []
    return next((r.get("renewable", True) for r in requests if r["request_id"] == row["request_id"]), True)


def _parse(text: str) -> datetime:
    return datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
