"""What is stored in an operation: the figures ``clew status`` and ``clew demo`` print."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from clew.store.base import Store
from clew.vocabulary import AuditAction


def summarise(store: Store) -> dict[str, Any]:
    """Sources, records per schema, identifiers per kind and country, quarantine."""
    phones = [
        {"country": r["country"] or "??", "numbers": r["n"]}
        for r in store.count_by("identifiers", ["country"], {"kind": "phone", "valid": True})
    ]
    by_schema = {r["schema"]: r["n"] for r in store.count_by("fragments", ["schema"], distinct="entity_id")}
    sources = list(store.select("sources", {"status": "done"}, columns=["statements", "kept_raw"]))
    return {
        "operation": store.operation,
        "sources": store.count("sources", {"status": "done"}),
        "sources_by_kind": {
            r["kind"] or "unstated": r["n"] for r in store.count_by("sources", ["kind"], {"status": "done"})
        },
        "records": sum(by_schema.values()),
        "records_by_schema": by_schema,
        "statements": sum(r["statements"] for r in sources),
        "identifiers_by_kind": {r["kind"]: r["n"] for r in store.count_by("identifiers", ["kind"])},
        "identifiers_by_kind_country": [
            {"kind": r["kind"], "country": r["country"] or "??", "n": r["n"]}
            for r in store.count_by("identifiers", ["kind", "country"])
        ],
        "phone_numbers_by_country": phones,
        "countries": len({r["country"] for r in phones if r["country"] != "??"}),
        "unnormalised_values": sum(r["kept_raw"] for r in sources),
        "quarantined": store.count("quarantine"),
        "results": results(store),
    }


def results(store: Store) -> list[dict[str, Any]]:
    """Each analysis result's freshness (``clew.store.freshness``) as JSON: current, stale with
    the reasons and the command that refreshes it, or missing."""
    return [
        {**asdict(f), "state": str(f.state), "reasons": list(f.reasons), "sentence": f.sentence()}
        for f in store.freshness()
    ]


def status(store: Store) -> dict[str, Any]:
    """:func:`summarise`, for ``clew status``: audited like every read."""
    summary = summarise(store)
    store.audit(AuditAction.STATUS_SHOW, None, {"records": summary["records"], "sources": summary["sources"]})
    return summary


def audit_entries(store: Store, limit: int) -> list[dict[str, Any]]:
    """The operation's latest ``limit`` audit entries, newest first; the reading is audited too
    (after the entries are read, so it is not among them)."""
    rows = list(store.select("audit", order_by=["-seq"], limit=limit))
    store.audit(AuditAction.AUDIT_LIST, None, {"limit": limit, "rows": len(rows)})
    return rows
