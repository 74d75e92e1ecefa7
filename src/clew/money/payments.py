"""Payments and account holders as FtM states them, however the exporting tool chose to.

FtM gives several equally valid ways to state one payment, and Clew reads them all:
- the two sides: ``payerAccount``/``beneficiaryAccount`` (a ``BankAccount``, or a
  ``CryptoWallet`` id), else ``payer``/``beneficiary`` (the party itself is then the node);
- the amount: ``amount`` with ``currency``, else ``amountEur`` (EUR), else ``amountUsd`` (USD);
  read by FtM's own number parser (``1,250.50``; a unit after it, ``75 USD``, is the currency
  when none is stated). A decimal comma (``99,90``, ``1.234,56``) is counted as skipped, never
  read as 9990 (FtM's parser takes a last group of two digits for Indian digit grouping, which
  always ends in three: ``1,00,000``);
- the date: ``date``, else ``startDate``; a date-time or a date. A date without a day
  (``2026-02``, ``2026``: FtM allows it) cannot be ordered against other payments of the same
  month, so FIFO tracing cannot use it: the payment is counted as skipped, with the reason.
  So is a date that is no calendar day (``2025-02-30``): ingest keeps it raw, and money
  cannot place it in time.

Holders of accounts: ``CryptoWallet.holder``, ``Ownership`` owner -> asset (wins over the
payment's own party) — but only for an asset that is an account: an ``Ownership`` of a
company or any other organisation (``clew.model.kinds``) is a tie between two parties, and the
company's payments stay the company's own (docs/formats.md, "Organisations").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from followthemoney import registry

from clew.model.kinds import PARTIES, kind_of_record
from clew.money.graph import Payment, parse_time
from clew.store.base import Store

AMOUNTS = (("amount", None), ("amountEur", "EUR"), ("amountUsd", "USD"))
"""Amount properties in order of preference, with the currency each implies (None: ``currency``)."""
CHUNK = 500  # ids per store query: well under SQLite's and PostgreSQL's parameter limits
CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")  # an ISO 4217 code written after the amount
DECIMAL_COMMA = re.compile(r"^[^.]*,\d{1,2}(?!\d)[^\d]*$")  # "99,90", "12,5 EUR"; not "1,250"
DAY_DIGITS = 8  # YYYY-MM-DD: a date precise to the day, or finer


def amount_of(record) -> tuple[str | None, str | None]:
    """The payment's amount text and currency: the first amount property present (``AMOUNTS``)."""
    for prop, currency in AMOUNTS:
        value = record.first(prop)
        if value is not None:
            return value, currency or record.first("currency")
    return None, record.first("currency")


def to_the_day(date: str) -> bool:
    """Whether an FtM date states a day (``2026-02-03``, ``2026-02-03T10:00``), not only a month or year."""
    return sum(c.isdigit() for c in date[:10]) >= DAY_DIGITS


def is_time(date: str) -> bool:
    """Whether ``date`` is a real date or date-time: a value ingest kept raw (``2025-02-30``) is not."""
    try:
        parse_time(date)
    except ValueError:
        return False
    return True


def payments_from(store: Store, skipped: Counter, holders: dict[str, str]) -> Iterator[Payment]:
    """Every usable ``Payment`` of the store; the unusable ones counted in ``skipped`` by reason.
    A payment naming both an account and its party makes the party the account's holder (unless
    ``holders`` already has one)."""
    for record in store.records(["Payment"]):
        payer = record.first("payerAccount") or record.first("payer")
        beneficiary = record.first("beneficiaryAccount") or record.first("beneficiary")
        amount_text, currency = amount_of(record)
        date = record.first("date") or record.first("startDate")
        if not payer or not beneficiary:
            skipped["no payer or beneficiary"] += 1
            continue
        if amount_text is None or date is None:
            skipped["no amount" if amount_text is None else "no date"] += 1
            continue
        if not to_the_day(date):
            skipped["date without a day"] += 1
            continue
        if not is_time(date):
            skipped["date not a calendar date"] += 1
            continue
        number, unit = registry.number.parse(str(amount_text))
        if number is None or DECIMAL_COMMA.search(str(amount_text)):
            skipped["amount not a number" if number is None else "amount with a decimal comma"] += 1
            continue
        if currency is None and unit is not None and CURRENCY_CODE.fullmatch(unit):
            currency = unit.upper()
        for account_prop, party_prop in (("payerAccount", "payer"), ("beneficiaryAccount", "beneficiary")):
            account, party = record.first(account_prop), record.first(party_prop)
            if account and party:
                holders.setdefault(account, party)
        yield Payment(record.id, payer, beneficiary, date, float(number), currency)


def owned_accounts(store: Store) -> dict[str, str]:
    """asset -> owner of every ``Ownership`` whose asset is not a party (an organisation owned
    by a person is a tie between them, not an account of the person)."""
    owned: dict[str, str] = {}
    for record in store.records(["Ownership"]):
        owner, asset = record.first("owner"), record.first("asset")
        if owner and asset:
            owned[asset] = owner
    parties: set[str] = set()
    assets = sorted(owned)
    for i in range(0, len(assets), CHUNK):
        for record in store.records(ids=assets[i : i + CHUNK]):
            if kind_of_record(record) in PARTIES:
                parties.add(record.id)
    return {asset: owner for asset, owner in owned.items() if asset not in parties}
