"""Bank and e-wallet statements: each row of a statement CSV becomes a ``Payment`` between the
statement holder's account and the counterpart's, as its ``statement:`` block says
(``clew.ingest.statement_spec``; cell values: ``clew.ingest.statement_values``).

The holder's account (and, with an owner, its Ownership) comes with the first good row; a
counterpart is an account when the row gives its number, else a ``LegalEntity`` by name.
Amounts are stored normalised (``1234.56``, always positive; the direction is who pays whom)
because money analyses read a decimal point; the row's text stays in the file at its locator.
A payment's id is the file's holder, the transaction id (or the row's date, amount, currency,
counterpart and reference) and how often that key came before, so identical rows stay two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from followthemoney.util import make_entity_id

from clew.identifiers import REGISTRY
from clew.ingest.records import RecordResult
from clew.ingest.statement_spec import Statement
from clew.ingest.statement_values import CURRENCY, IBAN_SHAPE, SPACES, account_id, amount_of, date_of


def payment_rows(
    spec: Statement, row: Mapping[str, str | None], line: int, locator: str, owner: str | None, raw: str
) -> Iterator[RecordResult]:
    """The holder's account (first row), the counterpart's, and the payment of one row; or
    an error naming the column at fault."""
    cols = spec.columns

    def cell(key: str) -> str:
        return (row.get(cols[key]) or "").strip() if key in cols else ""

    def fail(key: str, why: str) -> RecordResult:
        return RecordResult.fail(locator, line, why, cols.get(key, key), raw)

    when = date_of(cell("date"), spec.date_format)
    if when is None:
        yield fail(
            "date",
            f"{cell('date')!r} is not a date" + (f" in {spec.date_format}" if spec.date_format else ""),
        )
        return
    if "amount" in cols:
        amount = amount_of(cell("amount"), spec.decimal)
        if amount is None:
            yield fail("amount", f"{cell('amount')!r} is not an amount (decimal mark {spec.decimal!r})")
            return
    else:
        debit, credit = cell("debit"), cell("credit")
        if bool(debit) == bool(credit):
            yield fail("debit", "exactly one of debit and credit must hold the amount")
            return
        found = amount_of(debit or credit, spec.decimal)
        if found is None:
            yield fail("debit" if debit else "credit", f"{debit or credit!r} is not an amount")
            return
        amount = -abs(found) if debit else abs(found)
    currency = (cell("currency") or spec.account.get("currency") or "").upper()
    if not CURRENCY.match(currency):
        yield fail(
            "currency", f"{currency or 'no currency'!r} is not an ISO-4217 code (give account.currency)"
        )
        return
    number, bank = cell("counterpart_account"), cell("counterpart_bank")
    compact = SPACES.sub("", number).upper()
    if IBAN_SHAPE.match(compact) and not REGISTRY["iban"].normalise(compact).valid:
        yield fail("counterpart_account", f"{number!r} is shaped like an IBAN but is not a valid one")
        return
    if not spec.seen:
        yield RecordResult(locator, line, entity=_holder(spec, owner))
        if owner:
            yield RecordResult(
                locator,
                line,
                entity=_entity(
                    make_entity_id("clew:statement-ownership", spec.holder_id, owner),
                    "Ownership",  # type: ignore[arg-type]
                    owner=owner,
                    asset=spec.holder_id,
                ),
            )
    name = cell("counterpart_name")
    other, party = None, None
    if number:
        other = account_id(
            number, None if IBAN_SHAPE.match(compact) else bank or spec.account.get("provider")
        )
        yield RecordResult(locator, line, entity=_counterpart(spec, other, number, compact, bank, name))
    elif name:
        party = make_entity_id("clew:statement-party", spec.holder_id, name.casefold())
        yield RecordResult(locator, line, entity=_entity(party, "LegalEntity", name=name))  # type: ignore[arg-type]
    out = amount < 0
    key = cell("transaction_id") or "|".join(
        [when, str(abs(amount)), currency, compact or name.casefold(), cell("reference")]
    )
    n = spec.seen[key] = spec.seen.get(key, 0) + 1
    pid = make_entity_id("clew:statement-payment", spec.holder_id, key, str(n))
    holder_side = {"Account": spec.holder_id, "": owner}
    other_side = {"Account": other, "": party}
    payer, beneficiary = (holder_side, other_side) if out else (other_side, holder_side)
    yield RecordResult(
        locator,
        line,
        entity=_entity(
            pid,
            "Payment",
            payerAccount=payer["Account"],
            payer=payer[""],  # type: ignore[arg-type]
            beneficiaryAccount=beneficiary["Account"],
            beneficiary=beneficiary[""],
            amount=str(abs(amount)),
            currency=currency,
            date=when,
            description=cell("reference"),
            transactionNumber=cell("transaction_id"),
        ),
    )


def _holder(spec: Statement, owner: str | None) -> dict[str, Any]:
    a = spec.account
    wallet = "wallet" in a
    return _entity(
        spec.holder_id,
        "BankAccount",
        iban=a.get("iban"),
        accountNumber=a.get("number") or a.get("wallet"),
        bankName=a.get("provider") if wallet else a.get("bank"),
        accountType="e-wallet" if wallet else None,
        name=a.get("name"),
        currency=a.get("currency"),
        clew_holder=owner,
    )


def _counterpart(spec: Statement, entity_id: str, number: str, compact: str, bank: str, name: str) -> dict:
    if IBAN_SHAPE.match(compact):
        return _entity(entity_id, "BankAccount", iban=number, bic=bank or None, name=name)
    wallet = "wallet" in spec.account and not bank
    bic = bank if re.match(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$", bank.replace(" ", "").upper()) else None
    return _entity(
        entity_id,
        "BankAccount",
        accountNumber=number,
        bic=bic,
        name=name,
        bankName=spec.account.get("provider") if wallet else (None if bic else bank or None),
        accountType="e-wallet" if wallet else None,
    )


def _entity(entity_id: str, schema: str, **props: Any) -> dict[str, Any]:
    out = {k.replace("clew_", "clew:"): [str(v)] for k, v in props.items() if v not in (None, "")}
    return {"id": entity_id, "schema": schema, "properties": out}
