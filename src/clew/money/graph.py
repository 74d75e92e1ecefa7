"""The payment graph as numpy arrays: what every money analysis reads.

Accounts are nodes (index into ``accounts``); each payment is an edge ``src -> dst`` at
``time`` (epoch seconds, UTC) carrying ``amount`` in the reporting currency (NaN when its
currency has no reference rate). Plain arrays, not Python objects, so ten million payments
fit in a few hundred megabytes and every analysis can be vectorised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from clew.money.rates import Rates


@dataclass(frozen=True)
class Payment:
    """One payment as read from a source (the store adapter and tests build these)."""

    id: str
    payer_account: str
    beneficiary_account: str
    date: str  # ISO-8601 date or date-time
    amount: float
    currency: str | None = None


@dataclass
class PaymentGraph:
    accounts: list[str]
    src: np.ndarray  # int32 account index of the payer account
    dst: np.ndarray  # int32 account index of the beneficiary account
    time: np.ndarray  # int64 epoch seconds
    amount: np.ndarray  # float64, reporting currency, NaN if not convertible
    ids: list[str] | None = None  # payment ids (None for synthetic graphs)
    original: np.ndarray | None = None  # float64 amount in the payment's own currency
    currencies: list[str] | None = None  # the payment's own currency
    currency: str = "EUR"
    account_index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.account_index:
            self.account_index = {a: i for i, a in enumerate(self.accounts)}

    @property
    def size(self) -> int:
        return len(self.src)

    def payment_id(self, i: int) -> str:
        return self.ids[i] if self.ids is not None else f"payment-{i}"

    def iso(self, i: int) -> str:
        return to_iso(int(self.time[i]))


def parse_time(value: str) -> int:
    """Epoch seconds of an ISO date or date-time (a date is midnight UTC; naive times are UTC)."""
    text = value.strip()
    if len(text) <= 10:
        day = dt.date.fromisoformat(text)
        return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp())


def to_iso(seconds: int) -> str:
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build(payments: Iterable[Payment], rates: Rates, accounts: Iterable[str] = ()) -> PaymentGraph:
    """A graph of ``payments`` converted with ``rates`` (``accounts`` adds nodes without payments)."""
    index: dict[str, int] = {}
    for account in accounts:
        index.setdefault(account, len(index))
    src, dst, times, amounts, originals, ids, currencies = [], [], [], [], [], [], []
    for p in payments:
        seconds = parse_time(p.date)
        day = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
        converted = rates.convert(p.amount, p.currency, day)
        src.append(index.setdefault(p.payer_account, len(index)))
        dst.append(index.setdefault(p.beneficiary_account, len(index)))
        times.append(seconds)
        amounts.append(np.nan if converted is None else converted)
        originals.append(p.amount)
        ids.append(p.id)
        currencies.append((p.currency or rates.currency).upper())
    return PaymentGraph(
        accounts=list(index),
        src=np.asarray(src, dtype=np.int32),
        dst=np.asarray(dst, dtype=np.int32),
        time=np.asarray(times, dtype=np.int64),
        amount=np.asarray(amounts, dtype=np.float64),
        ids=ids,
        original=np.asarray(originals, dtype=np.float64),
        currencies=currencies,
        currency=rates.currency,
        account_index=index,
    )
