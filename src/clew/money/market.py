"""The market's roles: sellers and shops, then collectors, then buyers.

A **collector** takes payments from at least ``collector_min_sellers`` seller subjects (any of
their accounts: sellers often forward from a bank or crypto account), making up at least
``collector_min_share`` of its payments in; or, from a single seller, at least
``collector_single_min_payments`` payments that are ``collector_single_share`` of all its
payments in (a dedicated account). A collector is neither a seller nor a shop: its payers are
sellers, a seller's are buyers. A **buyer** paid a seller account of another subject.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from clew.money.index import FlowIndex
from clew.money.rules import Flag, Parties, Rules
from clew.money.seller_flags import seller_flags


def money_roles(index: FlowIndex, parties: Parties, rules: Rules, flags: list[Flag]) -> None:
    """Sellers, then collectors (fan-in from seller subjects; no longer sellers), then buyers.

    A collector's payers are themselves sellers; a seller's payers are not. Counting payments
    (not amounts) keeps crypto payments without a reference rate in the evidence.
    """
    g = index.graph
    candidates = seller_flags(index, parties, rules)
    party = np.array([parties.party(i, g.accounts) for i in range(len(g.accounts))], dtype=object)
    seller_parties = {party[f.account] for f in candidates.values() if f.pattern == "seller"}
    from_seller = np.array([p in seller_parties for p in party], dtype=bool)[g.src] & (
        party[g.src] != party[g.dst]
    )
    n_in = np.bincount(g.dst, minlength=len(g.accounts))
    n_from = np.bincount(g.dst[from_seller], minlength=len(g.accounts))
    collectors: set[int] = set()
    for a in np.flatnonzero(n_from > 0):
        hits = np.flatnonzero(from_seller & (g.dst == a))
        distinct = sorted(set(party[g.src[hits]]))
        share = n_from[a] / n_in[a]
        many = len(distinct) >= rules.collector_min_sellers and share >= rules.collector_min_share
        single = n_from[a] >= rules.collector_single_min_payments and share >= rules.collector_single_share
        if not (many or single):
            continue
        known = hits[np.isfinite(g.amount[hits])]
        evidence = {
            "seller_subjects": len(distinct),
            "sellers": distinct[:20],
            "payments_from_sellers": int(n_from[a]),
            "share_of_payments_in": round(float(share), 3),
            "amount_from_sellers": round(float(g.amount[known].sum()), 2),
            "seller_accounts": sorted({g.accounts[int(s)] for s in g.src[hits]})[:20],
        }
        collectors.add(int(a))
        flags.append(Flag("collector", int(a), round(share * min(1.0, len(distinct) / 3), 3), evidence))
    sellers: set[int] = set()
    for key, flag in candidates.items():
        if flag.account in collectors:  # gathers from sellers: neither a seller nor a shop
            continue
        flags.append(flag)
        if key >= 0:
            sellers.add(flag.account)
    to_seller: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for p in np.flatnonzero(np.isin(g.dst, list(sellers)) & (party[g.src] != party[g.dst])):
        amount = float(g.amount[p])
        to_seller[int(g.src[p])][int(g.dst[p])] += amount if amount == amount else 0.0
    for a, paid in to_seller.items():
        evidence = {
            "seller_accounts": sorted(g.accounts[s] for s in paid)[:20],
            "amount_to_sellers": round(sum(paid.values()), 2),
        }
        flags.append(Flag("buyer", a, round(min(1.0, len(paid) / 3), 3), evidence))
