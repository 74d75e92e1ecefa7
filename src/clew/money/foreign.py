"""Foreign funds: money in from accounts attributed to another country (both known).

Per receiving account, the amount and number of payments from each foreign country; the score
grows with the number of countries. ``foreign_min_amount`` can require a total.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from clew.money.index import FlowIndex
from clew.money.rules import Flag, Parties, Rules


def foreign(index: FlowIndex, parties: Parties, rules: Rules, flags: list[Flag]) -> None:
    g = index.graph
    country = np.array([c or "" for c in parties.country], dtype=object)
    payer_c, bene_c = country[g.src], country[g.dst]
    cross = index.valid & (payer_c != "") & (bene_c != "") & (payer_c != bene_c)
    by_account: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0]))
    for p in np.flatnonzero(cross):
        entry = by_account[int(g.dst[p])][payer_c[p]]
        entry[0] += float(g.amount[p])
        entry[1] += 1
    for a, countries in by_account.items():
        amount = sum(v[0] for v in countries.values())
        if amount < rules.foreign_min_amount:
            continue
        evidence = {
            "account_country": parties.country[a],
            "from_countries": {c: {"amount": round(v[0], 2), "payments": v[1]} for c, v in countries.items()},
            "amount": round(amount, 2),
            "currency": g.currency,
        }
        flags.append(Flag("foreign-funds", a, round(min(1.0, len(countries) / 3 + 0.34), 3), evidence))
