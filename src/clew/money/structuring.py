"""Structuring: payments kept just below a reporting threshold.

At least ``structuring_min`` payments (in or out) within ``structuring_band`` below a reporting
threshold of their own currency (``THRESHOLDS``; other currencies against the EUR thresholds
after conversion), making up at least ``structuring_share`` of that direction's payments.
"""

from __future__ import annotations

import numpy as np

from clew.money.index import FlowIndex
from clew.money.rules import Flag, Rules

THRESHOLDS: dict[str, tuple[float, ...]] = {
    "EUR": (10_000.0, 15_000.0),
    "USD": (10_000.0, 3_000.0),
    "GBP": (10_000.0,),
    "PHP": (500_000.0,),
    "AUD": (10_000.0,),
    "CAD": (10_000.0,),
}


def structuring(index: FlowIndex, rules: Rules, flags: list[Flag]) -> None:
    g = index.graph
    original = g.original if g.original is not None else g.amount
    currencies = g.currencies or [g.currency] * g.size
    near = np.zeros(g.size, dtype=bool)
    which = np.zeros(g.size)
    for i, cur in enumerate(currencies):
        value = original[i] if cur in THRESHOLDS else g.amount[i]
        for limit in THRESHOLDS.get(cur, THRESHOLDS["EUR"]):
            if limit * (1 - rules.structuring_band) <= value < limit:
                near[i], which[i] = True, limit
                break
    for direction, column in (("out", g.src), ("in", g.dst)):
        counts = np.bincount(column[near], minlength=len(g.accounts))
        totals = np.bincount(column, minlength=len(g.accounts))
        for a in np.flatnonzero(counts >= rules.structuring_min):
            share = counts[a] / totals[a]
            if share < rules.structuring_share:
                continue
            hits = np.flatnonzero(near & (column == a))
            evidence = {
                "direction": direction,
                "payments_just_below": int(counts[a]),
                "payments": int(totals[a]),
                "thresholds": sorted({f"{which[p]:g} {currencies[p]}" for p in hits}),
                "examples": [g.payment_id(int(p)) for p in hits[:10]],
            }
            flags.append(Flag("structuring", int(a), round(float(share), 3), evidence))
