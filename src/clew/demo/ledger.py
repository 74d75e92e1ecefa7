"""The ledger payments are booked in: amounts in the payer's currency, one file per provider.

Bank and e-wallet payments become CSV rows with a mapping (``payment_mapping``); crypto
transfers become FtM ``Payment`` entities. Transaction numbers count up in booking order.
"""

from __future__ import annotations

import random
from datetime import datetime

from clew.demo.model import Wallet
from clew.demo.sink import entity, slug

# Approximate units per US dollar, to give amounts a realistic size in each currency.
PER_USD = {
    "USD": 1, "EUR": 0.92, "GBP": 0.79, "PHP": 57, "JPY": 150, "AUD": 1.5, "CAD": 1.36, "BRL": 5.4,
    "INR": 83, "IDR": 16000, "MXN": 18, "THB": 36, "ZAR": 18.5, "SGD": 1.35, "KRW": 1350, "CHF": 0.88,
    "SEK": 10.5, "NOK": 10.7, "DKK": 6.9, "PLN": 4.0, "CZK": 23, "HUF": 360, "RON": 4.6, "TRY": 33,
    "NZD": 1.65, "MYR": 4.7, "ILS": 3.7, "CNY": 7.2, "HKD": 7.8, "ISK": 138, "BGN": 1.8,
    "BTC": 1 / 60000, "ETH": 1 / 3000,
}  # fmt: skip

PAYMENT_COLUMNS = ["txn_id", "booked_at", "payer_account", "beneficiary_account", "amount", "currency"]


def payment_mapping(account_schema: str, account_prop: str) -> dict:
    """The mapping of a payments CSV whose accounts are ``account_schema`` keyed by ``account_prop``."""

    def account(column: str) -> dict:
        return {
            "schema": account_schema,
            "id_column": column,
            "properties": {account_prop: {"column": column}},
        }

    return {
        "entities": {
            "payer_account": account("payer_account"),
            "beneficiary_account": account("beneficiary_account"),
            "payment": {
                "schema": "Payment",
                "keys": ["txn_id"],
                "properties": {
                    "payerAccount": {"entity": "payer_account"},
                    "beneficiaryAccount": {"entity": "beneficiary_account"},
                    "amount": {"column": "amount"},
                    "currency": {"column": "currency"},
                    "date": {"column": "booked_at"},
                    "transactionNumber": {"column": "txn_id"},
                },
            },
        }
    }


class Ledger:
    """Payments booked so far: CSV rows per file and crypto entities."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: dict[str, list[list[object]]] = {}  # file -> rows
        self.crypto: list[dict] = []
        self.n = 0

    def pay(self, payer: Wallet, beneficiary: Wallet, usd: float, at: datetime) -> None:
        """Book ``usd`` dollars' worth from payer to beneficiary at ``at``."""
        self.n += 1
        currency = payer.currency
        amount = usd * PER_USD.get(currency, 1)
        amount_text = f"{amount:.8f}" if currency in ("BTC", "ETH") else f"{amount:.2f}"
        txn = f"T{self.n:07d}"
        when = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        if payer.kind == "crypto":
            self.crypto.append(
                entity(f"crypto-{txn}", "Payment", payerAccount=payer.id, beneficiaryAccount=beneficiary.id,
                       amount=amount_text, currency=currency, date=when, transactionNumber=txn)
            )  # fmt: skip
            return
        file = "bank-transfers" if payer.kind == "bank" else slug(payer.provider)
        self.rows.setdefault(file, []).append([txn, when, payer.id, beneficiary.id, amount_text, currency])
