"""A subject's money in one line: its accounts, payments in and out, totals, flagged patterns.

From what the money step stored (``money_accounts``, ``money_payments``, ``money_patterns``),
in the reporting currency; a currency is named only when every payment shares one, since a sum
across currencies would mislead (None then). Totals are rounded to cents. The payments
themselves, each with its record, are ``clew.service.payments``.
"""

from __future__ import annotations

from dataclasses import dataclass

from clew.service.base import Result
from clew.store.base import Store


@dataclass(frozen=True)
class MoneySummary(Result):
    accounts: int
    payments_in: int
    payments_out: int
    amount_in: float
    amount_out: float
    currency: str | None
    patterns: tuple[str, ...]


def money(store: Store, sid: str) -> MoneySummary:
    """The subject's money summary; zeros before the money step has run."""
    accounts = [r["account_id"] for r in store.select("money_accounts", {"subject_id": sid}, ["account_id"])]
    out = store.select_columns(
        "money_payments", ["amount_reporting", "reporting_currency"], {"payer_account": accounts}
    )
    inn = store.select_columns("money_payments", ["amount_reporting", "reporting_currency"],
                               {"beneficiary_account": accounts})  # fmt: skip
    currencies = set(out["reporting_currency"]) | set(inn["reporting_currency"])
    patterns = sorted(
        {r["pattern"] for r in store.select("money_patterns", {"subject_id": sid}, ["pattern"])}
    )
    return MoneySummary(
        accounts=len(accounts),
        payments_in=len(inn["amount_reporting"]),
        payments_out=len(out["amount_reporting"]),
        amount_in=round(sum(a for a in inn["amount_reporting"] if a is not None), 2),
        amount_out=round(sum(a for a in out["amount_reporting"] if a is not None), 2),
        currency=next(iter(currencies)) if len(currencies) == 1 else None,
        patterns=tuple(patterns),
    )
