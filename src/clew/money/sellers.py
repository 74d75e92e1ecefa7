"""Sellers from the money itself: the payment graph's structure and timing, ties as support.

A seller's account gathers many small payments from many distinct payers and passes the value on,
soon, to few accounts (a collector, often abroad). A shop also gathers many small payments, but
keeps them (or pays suppliers and salaries over weeks, to many). So, per account with at least
``seller_min_payers`` distinct payers and a small median payment (``small_amount``; unknown for
crypto without a reference rate, which then does not decide):

- **passes on** (structure): of what came in, at least ``onward_min_share`` went out again
  (amounts in the account's own currency when all its payments share one, so crypto counts;
  what the holder paid others from *any* of its accounts: sellers forward from a bank or a
  wallet; measured where both sides have a value and the batch was due, ``valued_share``);
  the median delay between an outgoing payment and the last payment in before it is at
  most ``onward_max_hours`` (a batch is forwarded once it is complete); and the top two
  beneficiaries received at least ``onward_concentration`` of what went out. The FIFO holding
  time is reported too, but does not decide: with a slow trickle of buyers it is weeks even for
  a seller that forwards each batch at once;
- **tied payers** (support): at least ``seller_min_group_payers`` payers, and
  ``seller_group_share`` of them, are tied to the holder by evidence other than money: a shared
  chat group, a direct tie (contact, call, message, meeting, shared identifier) or a common
  neighbour; or co-payment: the payer also paid a seller of another holder (``clew.money.chain``).

Either makes a seller (a seller whose buyers share no group is found from the money; a seller
whose forwarding is not in the data is found from the ties). Neither: a **shop**, flagged only as
evidence of why the account is not a seller. An account with only ``chain_min_payers`` (two)
payers is too small a market to judge alone: it must pass the money on *and* sit in the chain of
sellers found (``clew.money.chain``), and is never called a shop. Fan-in, amount regularity
(coefficient of variation) and cross-border share of the onward flow are reported with every
verdict.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from clew.money.graph import PaymentGraph


@dataclass
class Ties:
    """Per subject: chat groups, and neighbours by non-money evidence (from the network step)."""

    groups: dict[str, set[str]] = field(default_factory=dict)
    neighbours: dict[str, set[str]] = field(default_factory=dict)

    def why(self, payer: str, holder: str) -> str | None:
        """How ``payer`` is tied to ``holder`` apart from money, or None."""
        shared = self.groups.get(payer, set()) & self.groups.get(holder, set())
        if shared:
            return "group " + min(shared)
        near = self.neighbours.get(holder, set())
        if payer in near:
            return "direct tie"
        common = self.neighbours.get(payer, set()) & near
        if common:
            return "common contact " + min(common)
        return None


def _values(g, payments: np.ndarray) -> tuple[np.ndarray, str]:
    """Amounts of ``payments`` in their own currency when they share one, else converted."""
    currencies = {g.currencies[int(p)] for p in payments} if g.currencies is not None else set()
    if g.original is not None and len(currencies) == 1:
        return g.original[payments], currencies.pop()
    return g.amount[payments], g.currency


def by_account(column: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Payment indices grouped by account (every payment, also those without a converted amount):
    ``order[ptr[a]:ptr[a + 1]]`` are account ``a``'s."""
    order = np.argsort(column, kind="stable")
    return order, np.searchsorted(column[order], np.arange(n + 1))


def onward(
    g: PaymentGraph,
    account: int,
    incoming: np.ndarray,
    outgoing: np.ndarray,
    party: np.ndarray,
    country: list[str | None],
) -> dict:
    """The structure of what left ``account`` after arriving (see the module doc)."""  # fmt: skip
    both = np.concatenate([incoming, outgoing])
    values, unit = _values(g, both)
    v_in, v_out = values[: len(incoming)], values[len(incoming) :]
    total_in, total_out = float(np.nansum(v_in)), float(np.nansum(v_out))
    if not len(outgoing) or total_in <= 0:
        return {"share_passed_on": 0.0, "payments_out": 0, "unit": unit}
    share, unvalued = valued_share(g.time[incoming], v_in, g.time[outgoing], v_out)
    held = fifo_hours(g.time[incoming], v_in, g.time[outgoing], v_out)
    times_in = np.sort(g.time[incoming])
    pos = np.searchsorted(times_in, g.time[outgoing], side="right")
    after = [(int(t) - int(times_in[p - 1])) / 3600 for t, p in zip(g.time[outgoing], pos, strict=True) if p]
    by_party: Counter = Counter()
    cross = 0.0
    for p, v in zip(outgoing.tolist(), v_out.tolist(), strict=True):
        if v != v:
            continue
        by_party[party[g.dst[p]]] += v
        a, b = country[account], country[int(g.dst[p])]
        cross += v if a and b and a != b else 0.0
    top = sum(v for _, v in by_party.most_common(2))
    return {
        "share_passed_on": share,
        "median_hours_after_arrival": round(float(np.median(after)), 1) if after else None,
        "median_hours_held": held,
        "onward_concentration": round(top / total_out, 3) if total_out else 0.0,
        "onward_parties": len(by_party),
        "onward_to": [str(who) for who, _ in by_party.most_common(2)],
        "cross_border_share": round(cross / total_out, 3) if total_out else 0.0,
        "payments_out": len(outgoing),
        "payments_out_unvalued": unvalued,
        "unit": unit,
    }


def valued_share(
    t_in: np.ndarray, v_in: np.ndarray, t_out: np.ndarray, v_out: np.ndarray
) -> tuple[float | None, int]:
    """(Share of the inflow passed on, outgoing payments without a value), measured where both
    sides have a value; None when nothing is (every batch left the measure: e.g. each was
    forwarded in a crypto asset without a rate) — unknown, which must not read as "kept".

    Each payment in belongs to the batch of the first payment out at or after it (what came in
    since the last one). Two kinds of batch leave the measure, on both sides, rather than
    counting as kept: a batch whose payment out has no value in the account's unit (a crypto
    asset without a reference rate, forwarded from the holder's wallet while the buyers paid
    into an e-wallet), which says nothing of how much of it left; and the unfinished batch at
    the end of the records, which the data stop before it could be forwarded (right-censored: a
    seller forwarding every few payments always holds one). That batch is at most as many
    payments as the largest one forwarded: more in after the last payment out was kept.
    """
    order = np.argsort(t_out, kind="stable")
    t_out, v_out = t_out[order], v_out[order]
    batch = np.searchsorted(t_out, t_in, side="left")
    unvalued = ~np.isfinite(v_out)
    counted = np.ones(len(t_in), dtype=bool)
    inside = batch < len(t_out)
    counted[inside] = ~unvalued[batch[inside]]
    sizes = np.bincount(batch[inside], minlength=len(t_out))
    trailing = np.flatnonzero(~inside)
    unfinished = trailing[np.argsort(t_in[trailing], kind="stable")][::-1][: int(sizes.max(initial=0))]
    counted[unfinished] = False
    measured_in = float(np.nansum(v_in[counted]))
    measured_out = float(np.nansum(v_out[~unvalued]))
    if measured_in <= 0:
        return None, int(unvalued.sum())
    return round(min(1.0, measured_out / measured_in), 3), int(unvalued.sum())


def fifo_hours(t_in: np.ndarray, v_in: np.ndarray, t_out: np.ndarray, v_out: np.ndarray) -> float | None:
    """Amount-weighted median hours a unit of value stayed, first in first out (None: nothing left).

    Measured per lot, not "since the last payment in": with a steady inflow every outgoing payment
    follows some payment closely, however long the money itself stayed."""
    lots = sorted((int(t), float(v)) for t, v in zip(t_in, v_in, strict=True) if v == v and v > 0)
    pays = sorted((int(t), float(v)) for t, v in zip(t_out, v_out, strict=True) if v == v and v > 0)
    spans: list[tuple[float, float]] = []
    i, left = 0, lots[0][1] if lots else 0.0
    for when, amount in pays:
        while amount > 1e-9 and i < len(lots) and lots[i][0] <= when:
            take = min(amount, left)
            spans.append(((when - lots[i][0]) / 3600, take))
            amount -= take
            left -= take
            if left <= 1e-9:
                i += 1
                left = lots[i][1] if i < len(lots) else 0.0
    if not spans:
        return None
    spans.sort()
    half, acc = sum(w for _, w in spans) / 2, 0.0
    for hours, w in spans:
        acc += w
        if acc >= half:
            return round(hours, 1)
    return round(spans[-1][0], 1)


def regularity(amounts: np.ndarray) -> float | None:
    """Coefficient of variation of incoming amounts (None when unknown)."""
    known = amounts[np.isfinite(amounts)]
    if len(known) < 2 or not known.mean():
        return None
    return round(float(known.std() / known.mean()), 3)


def passes_on(structure: dict, rules) -> bool:
    hours, share = structure.get("median_hours_after_arrival"), structure["share_passed_on"]
    return (
        share is not None
        and share >= rules.onward_min_share
        and hours is not None
        and hours <= rules.onward_max_hours
        and structure.get("onward_concentration", 0.0) >= rules.onward_concentration
    )
