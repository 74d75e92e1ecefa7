"""Cycles: funds that come back to the account they left, through another subject's account.

Followed under FIFO for up to ``cycle_hops`` hops (``FlowIndex.forward``), at least
``cycle_min_amount`` of it; the largest return per account is kept with its path (payments
and accounts) while the paths followed stay few enough to remember (50,000), else its last
payment only. ``cap`` bounds the frontier of a hop to its largest flows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from clew.money.index import FlowIndex
from clew.money.rules import Flag, Parties, Rules


def cycles(index: FlowIndex, parties: Parties, rules: Rules, flags: list[Flag], cap: int = 2_000_000) -> None:
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
