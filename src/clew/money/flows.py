"""The country-to-country matrix: how much money moved from which country to which.

Each payment counts under (payer account's country, beneficiary account's country), "" when
a side has no attributed country. Amounts are in the reporting currency; payments in a
currency without a reference rate are counted (``unconverted``) but add no amount.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from clew.money.graph import PaymentGraph


def matrix(graph: PaymentGraph, country: list[str | None]) -> list[dict[str, Any]]:
    cells: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0, 0])
    codes = np.array([c or "" for c in country], dtype=object)
    payer, beneficiary = codes[graph.src], codes[graph.dst]
    known = np.isfinite(graph.amount)
    for p in range(graph.size):
        cell = cells[(payer[p], beneficiary[p])]
        if known[p]:
            cell[0] += float(graph.amount[p])
            cell[1] += 1
        else:
            cell[2] += 1
    rows = [
        {
            "from": a,
            "to": b,
            "amount": round(v[0], 2),
            "payments": int(v[1]),
            "unconverted": int(v[2]),
            "currency": graph.currency,
            "cross_border": bool(a and b and a != b),
        }
        for (a, b), v in cells.items()
    ]
    rows.sort(key=lambda r: (-r["amount"], r["from"], r["to"]))
    return rows
