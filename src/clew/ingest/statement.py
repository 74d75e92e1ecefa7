"""Bank and e-wallet statements: a ``statement:`` block in a CSV mapping file turns each row
into a ``Payment`` between the statement holder's account and the counterpart's.

Statement exports differ per bank only in column names, date format, decimal mark and how
money out is shown (a signed amount, or debit and credit columns); the block names those, so
one mapping per bank layout serves every statement of it (docs/formats.md has examples)::

    statement:
      account: {iban: "DE89 3704 0044 0532 0130 00", currency: EUR}   # the holder's
      columns: {date: Buchungstag, amount: Betrag, counterpart_name: Name,
                counterpart_account: IBAN, reference: Verwendungszweck}
      date_format: "%d.%m.%Y"
      decimal: ","
      delimiter: ";"
      skip_rows: 4

Amounts are stored normalised (``1234.56``, always positive; the direction is who pays whom)
because money analyses read a decimal point; the row's text stays in the file at its locator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from followthemoney.util import make_entity_id

from clew.errors import Location, MappingError
from clew.identifiers import REGISTRY
from clew.ingest.records import RecordResult

COLUMN_KEYS = (
    "date",
    "amount",
    "debit",
    "credit",
    "currency",
    "counterpart_name",
    "counterpart_account",
    "counterpart_bank",
    "reference",
    "transaction_id",
)
ACCOUNT_KEYS = ("iban", "number", "bank", "wallet", "provider", "name", "currency")
KEYS = ("account", "columns", "date_format", "decimal", "delimiter", "skip_rows")
IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
NUMBER = re.compile(r"^\d+(\.\d+)?$")
SPACES = re.compile(r"[\s\u00a0\u202f']")


@dataclass
class Statement:
    """A checked ``statement:`` block."""

    account: dict[str, str]
    columns: dict[str, str]
    date_format: str | None = None
    decimal: str = "."
    delimiter: str | None = None
    skip_rows: int = 0
    holder_id: str = ""
    seen: dict[str, int] = field(default_factory=dict)  # payment keys of this file -> occurrences

    @property
    def wanted(self) -> list[str]:
        return list(self.columns.values())


def load_statement(path: Path) -> Statement | None:
    """The ``statement:`` block of mapping file ``path`` (None when it has none); every problem
    is a MappingError naming the file and the key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"unreadable mapping: {exc}", Location(file=str(path))) from exc
    if not isinstance(data, dict) or "statement" not in data:
        return None
    block = data["statement"]

    def bad(why: str, key: str) -> MappingError:
        return MappingError(why, Location(file=str(path), field=f"statement.{key}"))

    if not isinstance(block, dict) or set(block) - set(KEYS):
        raise bad(f"must be a mapping of {', '.join(KEYS)}", "")
    account, columns = block.get("account"), block.get("columns")
    if not isinstance(account, dict) or set(account) - set(ACCOUNT_KEYS):
        raise bad(f"must be a mapping of {', '.join(ACCOUNT_KEYS)}", "account")
    if not isinstance(columns, dict) or set(columns) - set(COLUMN_KEYS):
        raise bad(f"must map some of {', '.join(COLUMN_KEYS)} to column names", "columns")
    account = {str(k): str(v).strip() for k, v in account.items() if v is not None and str(v).strip()}
    columns = {str(k): str(v) for k, v in columns.items() if v is not None}
    if "date" not in columns or not ("amount" in columns or {"debit", "credit"} <= set(columns)):
        raise bad("needs date and amount (or debit and credit) columns", "columns")
    if "iban" in account:
        iban = REGISTRY["iban"].normalise(account["iban"])
        if not iban.valid:
            raise bad(f"the holder's IBAN {account['iban']!r} is not valid: {iban.reason}", "account.iban")
        account["iban"] = str(iban.value)
    elif "number" not in account and "wallet" not in account:
        raise bad("needs the holder's iban, number (with bank) or wallet (with provider)", "account")
    if "currency" in account and not CURRENCY.match(account["currency"].upper()):
        raise bad(f"{account['currency']!r} is not an ISO-4217 code", "account.currency")
    decimal = str(block.get("decimal", "."))
    if decimal not in (".", ","):
        raise bad('must be "." or ","', "decimal")
    skip = block.get("skip_rows", 0)
    if not isinstance(skip, int) or isinstance(skip, bool) or not 0 <= skip <= 1000:
        raise bad("must be a whole number of lines (0-1000)", "skip_rows")
    fmt = block.get("date_format")
    if fmt is not None and (not isinstance(fmt, str) or "%" not in fmt):
        raise bad('must be a strptime format such as "%d.%m.%Y"', "date_format")
    spec = Statement(account, columns, fmt, decimal, block.get("delimiter"), skip)
    spec.holder_id = account_id(
        account.get("iban") or account.get("number") or account["wallet"],
        account.get("bank") or account.get("provider"),
    )
    return spec


def account_id(number: str, bank: str | None) -> str:
    """A statement account: one entity per (compact number or IBAN, bank) across statements."""
    compact = SPACES.sub("", number).upper()
    return make_entity_id("clew:statement-account", compact, (bank or "").strip().lower())  # type: ignore[return-value]


def amount_of(text: str, decimal: str) -> Decimal | None:
    """``-1.234,56`` / ``1,234.56`` / ``(12.50)`` / ``12,50-`` / ``€ 12.50`` as a Decimal; None if not one."""
    value = SPACES.sub("", text).strip("€$£¥")
    negative = value.startswith("-") or value.endswith("-") or (value.startswith("(") and value.endswith(")"))
    value = value.strip("+-()").strip("€$£¥")
    thousands = "." if decimal == "," else ","
    value = value.replace(thousands, "").replace(decimal, ".")
    if not NUMBER.match(value):
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return -amount if negative else amount


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

    when = _date(cell("date"), spec.date_format)
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


def _date(text: str, fmt: str | None) -> str | None:
    """ISO-8601 of ``text`` read with ``fmt`` (a date, or a date and time), else ISO as written."""
    if not text:
        return None
    try:
        found = datetime.strptime(text, fmt) if fmt else datetime.fromisoformat(text)
    except ValueError:
        return None
    if found.hour or found.minute or found.second or (fmt and "%H" in fmt):
        return found.strftime("%Y-%m-%dT%H:%M:%S")
    return found.strftime("%Y-%m-%d")
