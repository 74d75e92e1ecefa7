"""The ``statement:`` block of a CSV mapping file: which columns of a bank or e-wallet statement
hold what, checked before a row is read (the payments themselves: ``clew.ingest.statement``).

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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clew.errors import Location, MappingError
from clew.identifiers import REGISTRY
from clew.ingest.statement_values import CURRENCY, account_id

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
        """The file's columns the block names."""
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
