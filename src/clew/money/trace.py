"""Tracing funds hop by hop under the FIFO rule (see ``clew.money.index``).

Forward from an account: hop 1 is every payment that left it (full amounts); each later hop
follows, at the beneficiary, the outgoing payments that drew on the traced lot, carrying
only the part of the lot they took (FIFO; a lot that is partly traced passes the traced part
on in proportion). Backward mirrors it: hop 1 is every payment into the account, each later
hop the lots that paid for the traced payment at its payer. So every step carries the amount
that can really have flowed along its path. Steps below ``min_flow`` (reporting currency)
are dropped; ``--from/--to`` keep only payments in the window (allocation still uses the
whole history, so money that arrived before the window is not mistaken for unexplained).

The work per hop is a handful of vectorised ``searchsorted`` calls over the index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from clew.money.index import FlowIndex

FORWARD, BACKWARD = "forward", "backward"


@dataclass
class Trace:
    direction: str
    start: np.ndarray  # account indices
    hop: np.ndarray  # per step: 1..hops
    payment: np.ndarray  # per step: payment index
    parent: np.ndarray  # per step: parent step index, -1 at hop 1
    flow: np.ndarray  # per step: amount (reporting currency) that flowed along the path
    truncated: bool = False

    @property
    def size(self) -> int:
        return len(self.payment)

    def onward(self) -> np.ndarray:
        """Per step: the amount followed to the next hop (the rest stayed, or came from outside)."""
        out = np.zeros(self.size)
        has = self.parent >= 0
        np.add.at(out, self.parent[has], self.flow[has])
        return out


def trace(
    index: FlowIndex,
    accounts: list[int] | np.ndarray,
    direction: str = FORWARD,
    hops: int = 3,
    since: int | None = None,
    until: int | None = None,
    min_flow: float = 0.01,
    max_steps: int = 200_000,
) -> Trace:
    """Trace funds from (forward) or into (backward) ``accounts`` for up to ``hops`` hops."""
    if direction not in (FORWARD, BACKWARD):
        raise ValueError(f"direction must be {FORWARD} or {BACKWARD}")
    start = np.unique(np.asarray(accounts, dtype=np.int64))
    order, ptr = (index.out_order, index.out_ptr) if direction == FORWARD else (index.in_order, index.in_ptr)
    first = _ranges(order, ptr[start], ptr[start + 1])
    time = index.graph.time
    first = first[_in_window(time[first], since, until)]
    payments = [first]
    flows = [index.graph.amount[first]]
    parents = [np.full(len(first), -1, dtype=np.int64)]
    hop_of = [np.full(len(first), 1, dtype=np.int8)]
    offset, truncated = 0, False
    frontier, carried = first, flows[0]
    for hop in range(2, hops + 1):
        if not len(frontier):
            break
        if direction == FORWARD:
            rows, nxt, flow = index.forward(frontier, carried)
        else:
            rows, nxt, flow, _ = index.backward(frontier, carried)
        keep = (flow >= min_flow) & _in_window(time[nxt], since, until)
        rows, nxt, flow = rows[keep], nxt[keep], flow[keep]
        total = offset + len(frontier)
        if total + len(nxt) > max_steps:
            cut = max(max_steps - total, 0)
            rows, nxt, flow, truncated = rows[:cut], nxt[:cut], flow[:cut], True
        payments.append(nxt)
        flows.append(flow)
        parents.append(rows + offset)
        hop_of.append(np.full(len(nxt), hop, dtype=np.int8))
        offset = total
        frontier, carried = nxt, flow
        if truncated:
            break
    return Trace(
        direction,
        start,
        np.concatenate(hop_of),
        np.concatenate(payments),
        np.concatenate(parents),
        np.concatenate(flows),
        truncated,
    )


def _ranges(order: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    counts = hi - lo
    rows = np.repeat(np.arange(len(lo)), counts)
    offsets = np.cumsum(counts) - counts
    return order[lo[rows] + (np.arange(int(counts.sum())) - offsets[rows])]


def _in_window(times: np.ndarray, since: int | None, until: int | None) -> np.ndarray:
    keep = np.ones(len(times), dtype=bool)
    if since is not None:
        keep &= times >= since
    if until is not None:
        keep &= times <= until
    return keep
