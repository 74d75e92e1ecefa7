"""Pass-through: money that comes in and leaves again soon, under FIFO.

An account with at least ``pass_min_payments`` payments in and out, of whose inflow at least
``pass_min_share`` left again (``FlowIndex.allocation``), and whose amount-weighted median time a
lot stayed is at most ``pass_max_hours``. Weighted by amount, so a few small lots parked for long
do not hide a large flow passed straight on.
"""

from __future__ import annotations

import numpy as np

from clew.money.index import FlowIndex
from clew.money.rules import Flag, Rules


def pass_through(index: FlowIndex, rules: Rules, flags: list[Flag]) -> None:
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
