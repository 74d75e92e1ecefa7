"""A subject's payments in and out, each with the record it was read from (issue 14 item 4).

Only what the money step stored (``money_payments``, ``money_accounts``): when, how much in the
payment's own currency and in the reporting one, which of the subject's accounts, the other
account with the subject holding it and that account's country, and whether the payment crossed
a border (the two accounts' countries differ; unknown when either is). Never a payment's other
fields. Each row names the Payment record's source file and locator (``provenance.records``).
A payment between two of the subject's own accounts is listed twice, once each way, as the
page's summary counts it in both. Audited ``money.payments`` (subject id, how many).
"""

from __future__ import annotations

from dataclasses import dataclass

from clew.service.base import Result
from clew.service.lookup import labels
from clew.service.provenance import records, source_names
from clew.service.subject import find
from clew.store.base import Store
from clew.vocabulary import AuditAction

SHOWN = 20
"""Payments the subject page lists, newest first: about one screen at 1280×800 below the money
summary, enough to see the latest activity; every payment is in the subject's payment list
(``/money?subject=``) and its CSV/JSON twins."""
PAGE = 100
"""Payments per page of that list, as ``roster.PAGE`` subjects: a hub's thousands stay readable;
the twins hold every one."""


@dataclass(frozen=True)
class Payment(Result):
    payment_id: str  # the Payment record's entity id
    at: str  # ISO-8601 UTC
    direction: str  # in | out (for the subject)
    amount: float | None  # in the payment's own currency
    currency: str | None
    amount_reporting: float | None  # None when the currency has no reference rate
    reporting_currency: str
    account: str  # the subject's account
    counterpart: str  # the other account
    counterpart_subject: str | None
    counterpart_name: str | None
    counterpart_country: str | None  # the other account's country, as the money step found it
    foreign: bool | None  # the two accounts' countries differ; None when either is unknown
    source: str | None  # file name of the Payment record's first source
    source_id: int | None
    locator: str | None  # line, row or pointer in that file


@dataclass(frozen=True)
class Payments(Result):
    subject_id: str
    total: int  # every payment in and out (the page shows ``payments`` only)
    payments: tuple[Payment, ...]  # newest first


def of_subject(store: Store, subject_id: str, limit: int | None = None, offset: int = 0) -> Payments:
    """The payments of ``subject_id``'s accounts, newest first, at most ``limit`` from ``offset``
    on; audited."""
    accounts = {
        r["account_id"]: r["country"]
        for r in store.select("money_accounts", {"subject_id": subject_id}, ["account_id", "country"])
    }
    sides = [("out", "payer_account", "beneficiary_account"), ("in", "beneficiary_account", "payer_account")]
    found = [
        (direction, row, own, other)
        for direction, own, other in sides
        for row in store.select("money_payments", {own: sorted(accounts)})
    ]
    found.sort(key=lambda f: (f[1]["at"], f[1]["payment_id"], f[0]), reverse=True)
    shown = found[offset : offset + limit] if limit is not None else found[offset:]
    others = {
        r["account_id"]: r
        for r in store.select(
            "money_accounts", {"account_id": sorted({row[other] for _, row, _, other in shown})},
            ["account_id", "subject_id", "country"],
        )
    }  # fmt: skip
    names = labels(store, sorted({a["subject_id"] for a in others.values() if a["subject_id"]}))
    facts = records(store, [row["payment_id"] for _, row, _, _ in shown])
    files = source_names(store)
    out = []
    for direction, row, own, other in shown:
        held = others.get(row[other], {})
        theirs, mine = held.get("country"), accounts.get(row[own])
        fact = facts.get(row["payment_id"])
        label = names.get(held.get("subject_id"))
        out.append(
            Payment(
                row["payment_id"], row["at"], direction, row["amount"], row["currency"],
                row["amount_reporting"], row["reporting_currency"], row[own], row[other],
                held.get("subject_id"), label.name if label else None, theirs,
                theirs != mine if theirs and mine else None,
                files.get(fact.source_id) if fact else None, fact.source_id if fact else None,
                fact.locator if fact else None,
            )
        )  # fmt: skip
    store.audit(AuditAction.MONEY_PAYMENTS, subject_id, {"payments": len(found), "shown": len(out)})
    return Payments(subject_id, len(found), tuple(out))


def listing(store: Store, name: str, limit: int | None = None, offset: int = 0) -> Payments:
    """The payments of the subject ``name`` (a subject or record id), every one unless ``limit``;
    ``NotFound`` for one this operation does not hold. Audited ``money.payments``."""
    return of_subject(store, find(store, name), limit, offset)
