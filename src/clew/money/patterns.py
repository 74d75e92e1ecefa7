"""Money patterns, each flagged per account with its evidence. Rules and thresholds:

- **seller**: many small payments from at least ``seller_min_payers`` distinct payers, and
  either the holder passes most of it on, soon after it arrives, to few accounts (the payment
  graph's own structure) or enough payers are tied to the holder by non-money evidence (groups,
  contacts, calls, meetings, shared identifiers, common contacts, co-payment to a seller found):
  ``clew.money.sellers`` has the rule and why. Neither: a **shop** (ordinary customers), flagged
  ``shop`` as evidence of why the account is not a seller, never a role. With only
  ``chain_min_payers`` payers the money must pass on and the account sit in the chain of the
  sellers found (``clew.money.chain``).
- **collector**: payments in from at least ``collector_min_sellers`` seller subjects (any of
  their accounts: sellers often forward from a bank or crypto account), making up at least
  ``collector_min_share`` of the payments in; or, from a single seller, at least
  ``collector_single_min_payments`` payments that are ``collector_single_share`` of all
  payments in (a dedicated account). A collector is neither a seller nor a shop: its payers
  are sellers, a seller's are buyers.
- **buyer**: paid a seller account of another subject (evidence: which, how much).
- **pass-through**: at least ``pass_min_payments`` in and out, at least ``pass_min_share`` of
  the inflow left again under FIFO, and the amount-weighted median time a lot stayed is
  at most ``pass_max_hours``.
- **structuring**: at least ``structuring_min`` payments (in or out) within
  ``structuring_band`` below a reporting threshold of their own currency
  (``THRESHOLDS``; other currencies against the EUR thresholds after conversion), making up
  at least ``structuring_share`` of that direction's payments.
- **cycle**: funds that, following FIFO for up to ``cycle_hops`` hops, come back to the
  account they left through an account of another subject, at least ``cycle_min_amount``.
- **foreign-funds**: money in from accounts attributed to another country (both known).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from clew.money import chain, sellers
from clew.money.index import FlowIndex

THRESHOLDS: dict[str, tuple[float, ...]] = {
    "EUR": (10_000.0, 15_000.0),
    "USD": (10_000.0, 3_000.0),
    "GBP": (10_000.0,),
    "PHP": (500_000.0,),
    "AUD": (10_000.0,),
    "CAD": (10_000.0,),
}


@dataclass(frozen=True)
class Rules:
    small_amount: float = 100.0
    seller_min_payers: int = 3
    chain_min_payers: int = 2
    seller_group_share: float = 0.1
    seller_min_group_payers: int = 2
    onward_min_share: float = 0.5
    onward_max_hours: float = 96.0
    onward_concentration: float = 0.8
    collector_min_sellers: int = 2
    collector_min_share: float = 0.3
    collector_single_min_payments: int = 2
    collector_single_share: float = 0.8
    pass_min_payments: int = 3
    pass_min_share: float = 0.8
    pass_max_hours: float = 72.0
    structuring_band: float = 0.1
    structuring_min: int = 3
    structuring_share: float = 0.3
    cycle_hops: int = 4
    cycle_min_amount: float = 50.0
    foreign_min_amount: float = 0.0


@dataclass
class Flag:
    pattern: str
    account: int
    score: float
    evidence: dict[str, Any]


@dataclass
class Parties:
    """Per account index: holder subject (None unknown) and country; per subject: groups and
    neighbours by non-money evidence (``ties``, built from ``groups`` when not given)."""

    subject: list[str | None]
    country: list[str | None]
    groups: dict[str, set[str]]
    neighbours: dict[str, set[str]] = field(default_factory=dict)

    @property
    def ties(self) -> sellers.Ties:
        return sellers.Ties(self.groups, self.neighbours)

    def party(self, account: int, accounts: list[str]) -> str:
        return self.subject[account] or accounts[account]


def find(index: FlowIndex, parties: Parties, rules: Rules = Rules()) -> list[Flag]:
    flags: list[Flag] = []
    _money_roles(index, parties, rules, flags)
    _pass_through(index, rules, flags)
    _structuring(index, rules, flags)
    _cycles(index, parties, rules, flags)
    _foreign(index, parties, rules, flags)
    return flags


def _sellers(index: FlowIndex, parties: Parties, rules: Rules) -> dict[int, Flag]:
    """Seller candidates (and shops, under key ``-1 - account``): ``clew.money.sellers``.

    Decided again while new sellers appear: a payer who also paid a seller found so far is tied
    by co-payment (``chain.co_payment``), which can turn a shop-like candidate into a seller."""
    g = index.graph
    accounts = g.accounts
    n = len(accounts)
    party = np.array([parties.party(i, accounts) for i in range(n)], dtype=object)
    in_order, in_ptr = sellers.by_account(g.dst, n)
    out_order, out_ptr = sellers.by_account(g.src, n)
    held: dict[object, list[int]] = defaultdict(list)
    for i, who in enumerate(party.tolist()):
        held[who].append(i)
    candidates: list[chain.Candidate] = []
    for a in np.flatnonzero(np.diff(in_ptr) >= rules.chain_min_payers).tolist():
        incoming = in_order[in_ptr[a] : in_ptr[a + 1]]
        own = party[a]
        payers = set(party[g.src[incoming]]) - {own}
        if len(payers) < rules.chain_min_payers:
            continue
        known = g.amount[incoming][np.isfinite(g.amount[incoming])]
        median = float(np.median(known)) if len(known) else None
        if median is not None and median > rules.small_amount:
            continue
        out = np.concatenate([out_order[out_ptr[b] : out_ptr[b + 1]] for b in held[own]])
        out = out[party[g.dst[out]] != own]  # what the holder, from any account, paid others
        evidence = {
            "payments_in": len(incoming),
            "distinct_payers": len(payers),
            "median_amount": None if median is None else round(median, 2),
            "amount_variation": sellers.regularity(g.amount[incoming]),
            **sellers.onward(g, a, incoming, out, party, parties.country),
        }
        tied = {p: why for p in sorted(payers) if (why := parties.ties.why(p, own))}
        networked = bool(parties.groups.get(own) or parties.neighbours.get(own))
        candidates.append(chain.Candidate(a, own, payers, tied, evidence, networked))
    found: dict[int, Flag] = {}
    while True:
        new = {c.account: _verdict(c, rules) for c in candidates if c.account not in found}
        new = {a: f for a, f in new.items() if f.pattern == "seller"}
        if not new:
            break
        found |= new
        chain.co_payment(candidates, {a: f.evidence["passes_on"] for a, f in found.items()}, accounts)
    for c in candidates:  # a shop is many payers; fewer are no market of either kind
        if c.account not in found and len(c.payers) >= rules.seller_min_payers:
            found[-1 - c.account] = _verdict(c, rules)
    return found


def _verdict(c: chain.Candidate, rules: Rules) -> Flag:
    """Seller or shop, with the evidence: with ``seller_min_payers`` payers or more, a seller
    passes the money on or has enough tied payers; with fewer, it passes the money on and sits in
    the chain of sellers already found (``chain.co_payment``)."""
    share = len(c.tied) / len(c.payers)
    by_money = sellers.passes_on(c.evidence, rules)
    by_ties = share >= rules.seller_group_share and len(c.tied) >= rules.seller_min_group_payers
    if len(c.payers) < rules.seller_min_payers:  # too small a market to judge by itself
        by_ties, by_money = False, by_money and bool(c.chain)
    evidence = {
        **c.evidence,
        "chain": c.chain[:5],
        "passes_on": by_money,
        "payers_tied": len(c.tied),
        "tied_share": round(share, 3),
        "ties": dict(list(c.tied.items())[:10]),
        "example_payers": sorted(c.tied)[:10] or sorted(c.payers)[:10],
    }
    if not (by_money or by_ties):
        evidence["rule"] = (
            "many small payments, kept or paid on slowly or widely, from payers with no other tie"
            if c.evidence["share_passed_on"] is not None
            else "many small payments from payers with no other tie; how much passed on is unknown "
            "(no payment out has a value in the account's unit)"
        )
        return Flag("shop", c.account, round(1 - share, 3), evidence)
    few = len(c.payers) < rules.seller_min_payers
    passes = "passes most of it on, soon, to few" + (", in the chain of sellers found" if few else "")
    because = ((passes, by_money), ("payers tied", by_ties))
    evidence["rule"] = " and ".join(w for w, ok in because if ok)
    score = max(c.evidence["share_passed_on"] if by_money else 0.0, share if by_ties else 0.0)
    return Flag("seller", c.account, round(min(1.0, len(c.payers) / 10) * max(score, 0.5), 3), evidence)


def _money_roles(index: FlowIndex, parties: Parties, rules: Rules, flags: list[Flag]) -> None:
    """Sellers, then collectors (fan-in from seller subjects; no longer sellers), then buyers.

    A collector's payers are themselves sellers; a seller's payers are not. Counting payments
    (not amounts) keeps crypto payments without a reference rate in the evidence.
    """
    g = index.graph
    candidates = _sellers(index, parties, rules)
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


def _pass_through(index: FlowIndex, rules: Rules, flags: list[Flag]) -> None:
    g = index.graph
    lots, outs, flow = index.allocation()
    n_in, n_out = np.diff(index.in_ptr), np.diff(index.out_ptr)
    valid = index.valid
    total_in = np.bincount(g.dst[valid], weights=g.amount[valid], minlength=len(g.accounts))
    passed = np.bincount(g.dst[lots], weights=flow, minlength=len(g.accounts))
    hours = (g.time[outs] - g.time[lots]) / 3600.0
    candidates = (n_in >= rules.pass_min_payments) & (n_out >= rules.pass_min_payments)
    candidates &= passed >= rules.pass_min_share * np.maximum(total_in, 1e-9)
    wanted = np.flatnonzero(candidates)
    if not len(wanted):
        return
    acc = g.dst[lots]
    order = np.lexsort((hours, acc))
    acc_s, hours_s, flow_s = acc[order], hours[order], flow[order]
    ptr = np.searchsorted(acc_s, np.arange(len(g.accounts) + 1))
    for a in wanted:
        h, f = hours_s[ptr[a] : ptr[a + 1]], flow_s[ptr[a] : ptr[a + 1]]
        median = float(h[np.searchsorted(np.cumsum(f), f.sum() / 2)]) if len(h) else np.inf
        if median <= rules.pass_max_hours:
            share = float(passed[a] / total_in[a])
            evidence = {
                "amount_in": round(float(total_in[a]), 2),
                "amount_passed_on": round(float(passed[a]), 2),
                "share_passed_on": round(share, 3),
                "median_hours_held": round(median, 1),
                "payments_in": int(n_in[a]),
                "payments_out": int(n_out[a]),
            }
            flags.append(Flag("pass-through", int(a), round(min(1.0, share), 3), evidence))


def _structuring(index: FlowIndex, rules: Rules, flags: list[Flag]) -> None:
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


def _cycles(
    index: FlowIndex, parties: Parties, rules: Rules, flags: list[Flag], cap: int = 2_000_000
) -> None:
    g = index.graph
    subject = np.array([parties.party(i, g.accounts) for i in range(len(g.accounts))], dtype=object)
    frontier = index.out_order
    carried = g.amount[frontier]
    origin = g.src[frontier].astype(np.int64)
    foreign = np.zeros(len(frontier), dtype=bool)
    paths = [[int(p)] for p in frontier] if len(frontier) <= 50_000 else None
    found: dict[int, dict[str, Any]] = {}
    for _hop in range(2, rules.cycle_hops + 1):
        foreign |= subject[g.dst[frontier]] != subject[origin]
        rows, nxt, flow = index.forward(frontier, carried)
        keep = flow >= rules.cycle_min_amount
        rows, nxt, flow = rows[keep], nxt[keep], flow[keep]
        if len(nxt) > cap:
            top = np.argsort(-flow)[:cap]
            rows, nxt, flow = rows[top], nxt[top], flow[top]
        back = (g.dst[nxt] == origin[rows]) & foreign[rows]
        for i in np.flatnonzero(back):
            a = int(origin[rows[i]])
            best = found.get(a)
            if best is None or flow[i] > best["amount_returned"]:
                path = ([*paths[rows[i]], int(nxt[i])]) if paths is not None else [int(nxt[i])]
                found[a] = {
                    "amount_returned": round(float(flow[i]), 2),
                    "hops": _hop,
                    "payments": [g.payment_id(p) for p in path],
                    "accounts": [g.accounts[int(g.src[p])] for p in path],
                }
        go = ~back
        if paths is not None:
            paths = [[*paths[r], int(n)] for r, n in zip(rows[go], nxt[go], strict=True)]
            if len(paths) > 50_000:
                paths = None
        frontier, carried, origin, foreign = nxt[go], flow[go], origin[rows[go]], foreign[rows[go]]
        if not len(frontier):
            break
    for a, evidence in found.items():
        flags.append(Flag("cycle", a, 1.0, evidence))


def _foreign(index: FlowIndex, parties: Parties, rules: Rules, flags: list[Flag]) -> None:
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
