"""What is stored in an operation: the figures ``clew status`` and ``clew demo`` print."""

from __future__ import annotations

from typing import Any

from clew.store.base import Store


def summarise(store: Store) -> dict[str, Any]:
    """Sources, records per schema, identifiers per kind and country, quarantine."""
    phones = [
        {"country": r["country"] or "??", "numbers": r["n"]}
        for r in store.count_by("identifiers", ["country"], {"kind": "phone", "valid": True})
    ]
    by_schema = {r["schema"]: r["n"] for r in store.count_by("statements", ["schema"], distinct="entity_id")}
    return {
        "operation": store.operation,
        "sources": store.count("sources", {"status": "done"}),
        "sources_by_kind": {
            r["kind"] or "unstated": r["n"] for r in store.count_by("sources", ["kind"], {"status": "done"})
        },
        "records": sum(by_schema.values()),
        "records_by_schema": by_schema,
        "statements": store.count("statements"),
        "identifiers_by_kind": {r["kind"]: r["n"] for r in store.count_by("identifiers", ["kind"])},
        "identifiers_by_kind_country": [
            {"kind": r["kind"], "country": r["country"] or "??", "n": r["n"]}
            for r in store.count_by("identifiers", ["kind", "country"])
        ],
        "phone_numbers_by_country": phones,
        "countries": len({r["country"] for r in phones if r["country"] != "??"}),
        "unnormalised_values": store.count("statements", {"value": None}),
        "quarantined": store.count("quarantine"),
    }
