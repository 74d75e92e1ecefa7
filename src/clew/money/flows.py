"""The country-to-country matrix: how much money moved from which country to which.

Each payment counts under (payer account's country, beneficiary account's country), "" when
a side has no attributed country. Amounts are in the reporting currency; payments in a
currency without a reference rate (crypto assets: no well-kept package ships dated crypto
rates offline, and Clew never fetches rates at run time) are reported in their own unit.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from clew.money.graph import PaymentGraph


def matrix(graph: PaymentGraph, country: list[str | None]) -> list[dict[str, Any]]:
    """One cell per (payer country, beneficiary country, unit): payments converted into the
    reporting currency add up in that currency; payments in a currency without a reference
    rate (crypto assets) add up in their own unit, in cells of their own (``converted``
    False) — never dropped, never mixed with converted amounts."""
    cells: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    codes = np.array([c or "" for c in country], dtype=object)
    payer, beneficiary = codes[graph.src], codes[graph.dst]
    known = np.isfinite(graph.amount)
    original = graph.original if graph.original is not None else graph.amount
    units = graph.currencies or [graph.currency] * graph.size
    for p in range(graph.size):
        if known[p]:
            cell = cells[(payer[p], beneficiary[p], graph.currency)]
            cell[0] += float(graph.amount[p])
        else:
            cell = cells[(payer[p], beneficiary[p], units[p])]
            cell[0] += float(original[p]) if np.isfinite(original[p]) else 0.0
        cell[1] += 1
    rows = [
        {
            "from": a,
            "to": b,
            "amount": round(v[0], 2) if unit == graph.currency else round(v[0], 8),
            "payments": int(v[1]),
            "currency": unit,
            "converted": unit == graph.currency,
            "cross_border": bool(a and b and a != b),
        }
        for (a, b, unit), v in cells.items()
    ]
    rows.sort(key=lambda r: (not r["converted"], r["currency"], -r["amount"], r["from"], r["to"]))
    return rows


def totals(cells: list[dict[str, Any]], currency: str) -> dict[str, Any]:
    """Total and cross-border amounts in ``currency``, and per other unit the same in that unit."""
    out: dict[str, Any] = {"cross_border_amount": 0.0, "total_amount": 0.0, "own_units": {}}
    for c in cells:
        if c["currency"] == currency:
            out["total_amount"] += c["amount"]
            out["cross_border_amount"] += c["amount"] if c["cross_border"] else 0.0
        else:
            unit = out["own_units"].setdefault(
                c["currency"], {"amount": 0.0, "cross_border": 0.0, "payments": 0}
            )
            unit["amount"] = round(unit["amount"] + c["amount"], 8)
            unit["cross_border"] = round(
                unit["cross_border"] + (c["amount"] if c["cross_border"] else 0.0), 8
            )
            unit["payments"] += c["payments"]
    out["cross_border_amount"] = round(out["cross_border_amount"], 2)
    out["total_amount"] = round(out["total_amount"], 2)
    return out
