"""Seller and shop flags: which accounts take many small payments, and why they sell or not.

Each account paid by at least ``chain_min_payers`` distinct parties in small amounts is a
candidate; ``clew.money.sellers`` gathers its evidence (does the money pass on, soon, to few;
are the payers tied to the holder). The verdict is taken again while new sellers appear, since
a payer who also paid a seller found so far is tied by co-payment (``clew.money.chain``). A
candidate judged no seller, with at least ``seller_min_payers`` payers, is a **shop**: flagged
as evidence of why the account is not a seller, never a role.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from clew.money import chain, sellers
from clew.money.index import FlowIndex
from clew.money.rules import Flag, Parties, Rules


def seller_flags(index: FlowIndex, parties: Parties, rules: Rules) -> dict[int, Flag]:
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
