"""The values of a statement's cells: amounts as banks print them, dates, account ids.

Banks print ``-1.234,56``, ``1,234.56``, ``(12.50)`` or ``12,50-``; one function reads them
all with the statement's decimal mark. An account is one entity per compact number (or IBAN)
and bank across every statement that names it, so two statements meet on their accounts.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from followthemoney.util import make_entity_id

IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
NUMBER = re.compile(r"^\d+(\.\d+)?$")
SPACES = re.compile(r"[\s\u00a0\u202f']")


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


def date_of(text: str, fmt: str | None) -> str | None:
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
