"""E-wallet, bank and exchange KYC records and payments (CSV + mapping; crypto as FtM JSONL).

Buyers pay sellers of their own syndicate many small amounts; sellers forward part of what came
in to their syndicate's collectors (often abroad) after it arrived; shops receive many payments
from customers who share no group with them (the negative case for seller detection).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from clew.demo.devices import START
from clew.demo.model import EXCHANGE, Person, Wallet, World
from clew.demo.sink import Sink, email_key, entity, phone_key
from clew.demo.world import format_phone

# Approximate units per US dollar, to give amounts a realistic size in each currency.
PER_USD = {
    "USD": 1, "EUR": 0.92, "GBP": 0.79, "PHP": 57, "JPY": 150, "AUD": 1.5, "CAD": 1.36, "BRL": 5.4,
    "INR": 83, "IDR": 16000, "MXN": 18, "THB": 36, "ZAR": 18.5, "SGD": 1.35, "KRW": 1350, "CHF": 0.88,
    "SEK": 10.5, "NOK": 10.7, "DKK": 6.9, "PLN": 4.0, "CZK": 23, "HUF": 360, "RON": 4.6, "TRY": 33,
    "NZD": 1.65, "MYR": 4.7, "ILS": 3.7, "CNY": 7.2, "HKD": 7.8, "ISK": 138, "BGN": 1.8,
    "BTC": 1 / 60000, "ETH": 1 / 3000,
}  # fmt: skip

KYC_COLUMNS = ["customer_id", "holder_name", "date_of_birth", "phone", "email", "country", "account",
               "currency", "opened_at", "ownership_id"]  # fmt: skip
PAYMENT_COLUMNS = ["txn_id", "booked_at", "payer_account", "beneficiary_account", "amount", "currency"]


def _kyc_mapping(kind: str, provider: str) -> dict:
    account_props = {
        "ewallet": {"accountNumber": {"column": "account"}, "accountType": {"literal": "e-wallet"},
                    "bankName": {"literal": provider}, "currency": {"column": "currency"}},
        "bank": {"iban": {"column": "account"}, "accountType": {"literal": "bank"},
                 "currency": {"column": "currency"}},
        "crypto": {"publicKey": {"column": "account"}, "currency": {"column": "currency"},
                   "holder": {"entity": "holder"}},
    }[kind]  # fmt: skip
    mapping = {
        "entities": {
            "holder": {
                "schema": "Person",
                "id_column": "customer_id",
                "properties": {
                    "name": {"column": "holder_name"},
                    "birthDate": {"column": "date_of_birth"},
                    "phone": {"column": "phone"},
                    "email": {"column": "email"},
                    "country": {"column": "country"},
                },
            },
            "account": {
                "schema": "CryptoWallet" if kind == "crypto" else "BankAccount",
                "id_column": "account",
                "properties": account_props,
            },
            "ownership": {
                "schema": "Ownership",
                "id_column": "ownership_id",
                "properties": {
                    "owner": {"entity": "holder"},
                    "asset": {"entity": "account"},
                    "startDate": {"column": "opened_at"},
                },
            },
        }
    }
    if kind == "crypto":  # FtM: a CryptoWallet is no Asset; its ``holder`` says who holds it
        del mapping["entities"]["ownership"]
    return mapping


def _payment_mapping(account_schema: str, account_prop: str) -> dict:
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


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def write_kyc(world: World, sink: Sink, rng: random.Random) -> None:
    files: dict[tuple[str, str], list[list[object]]] = {}
    for p in world.people:
        for w in p.wallets:
            provider = "banks" if w.kind == "bank" else EXCHANGE if w.kind == "crypto" else w.provider
            name = p.name if rng.random() < 0.85 else f"{p.last}, {p.first}".upper()
            phone = p.phones[0]
            sparse = world.settings.sparse
            dob = None if sparse and rng.random() < sparse else p.dob
            email = None if sparse and rng.random() < sparse else p.email
            files.setdefault((w.kind, provider), []).append([
                w.customer_id, name, dob, format_phone(phone, "international"), email,
                p.country, w.number, w.currency, f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"own-{w.customer_id}",
            ])  # fmt: skip
            sink.actor(w.customer_id, p, phone_key(phone), email_key(email))
    for (kind, provider), rows in sorted(files.items()):
        name = f"money/kyc/{slug(provider)}"
        sink.csv(f"{name}.csv", KYC_COLUMNS, rows)
        sink.yaml(f"{name}.mapping.yml", _kyc_mapping(kind, provider))
    sink.manifest("money/kyc", label="KYC records of wallet, bank and exchange customers", kind="kyc")


class Ledger:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: dict[str, list[list[object]]] = {}  # file -> rows
        self.crypto: list[dict] = []
        self.n = 0

    def pay(self, payer: Wallet, beneficiary: Wallet, usd: float, at: datetime) -> None:
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


def _wallet(p: Person, kind: str) -> Wallet | None:
    return next((w for w in p.wallets if w.kind == kind), None)


def write_payments(world: World, sink: Sink, rng: random.Random) -> None:
    people = world.people
    ledger = Ledger(rng)
    span = 450 * 86400
    inflow: dict[int, list[tuple[datetime, float]]] = {}
    paid: set[int] = set()
    kind = "crypto" if world.settings.crypto_payments else "ewallet"
    for syn in world.syndicates:
        members = [people[i - 1] for i in syn["members"]]
        sellers = [p for p in members if "seller" in p.roles and _wallet(p, kind)]
        for buyer in (p for p in members if "buyer" in p.roles and _wallet(p, kind)):
            if not sellers:
                break
            for seller in rng.sample(sellers, min(len(sellers), rng.randint(1, 2))):
                for _ in range(rng.randint(2, 12)):
                    at = START + timedelta(seconds=rng.randrange(span))
                    usd = round(rng.uniform(5, 60), 2)
                    ledger.pay(_wallet(buyer, kind), _wallet(seller, kind), usd, at)
                    inflow.setdefault(seller.idx, []).append((at, usd))
        collectors = [p for p in members if "collector" in p.roles]
        for seller in sellers:
            if collectors:
                paid |= _forward(
                    ledger, seller, collectors, sorted(inflow.get(seller.idx, [])), rng, kind == "crypto"
                )
    _demote_idle_collectors(people, paid)
    _shops(world, ledger, rng, span)
    for file, rows in sorted(ledger.rows.items()):
        bank = file == "bank-transfers"
        sink.csv(f"money/payments/{file}.csv", PAYMENT_COLUMNS, sorted(rows))
        sink.yaml(
            f"money/payments/{file}.mapping.yml",
            _payment_mapping("BankAccount", "iban" if bank else "accountNumber"),
        )
    if ledger.crypto:
        sink.jsonl("money/payments/crypto-transfers.ftm.jsonl", ledger.crypto)
    sink.manifest(
        "money/payments", label="Payment records from wallet providers, banks, chain", kind="payments"
    )


def _forward(
    ledger: Ledger,
    seller: Person,
    collectors: list[Person],
    inflow,
    rng: random.Random,
    crypto: bool = False,
) -> set[int]:
    """Every few payments in, send 60-90% of what arrived to a collector, after it arrived.

    Collectors take turns (starting at a random one) so that each one a seller can reach
    is paid; returns the collectors paid.
    """
    paid: set[int] = set()
    pending, count = 0.0, 0
    batch = rng.randint(3, 8)
    turn = rng.randrange(len(collectors))
    for at, usd in inflow:
        pending += usd
        count += 1
        if count < batch:
            continue
        for step in range(len(collectors)):
            collector = collectors[(turn + step) % len(collectors)]
            channel = _btc(seller, collector) if crypto else None
            channel = channel or _channel(seller, collector, rng)
            if channel is not None:
                payer, beneficiary = channel
                sent_at = at + timedelta(hours=rng.randint(1, 72))
                ledger.pay(payer, beneficiary, round(pending * rng.uniform(0.6, 0.9), 2), sent_at)
                paid.add(collector.idx)
                turn += step + 1
                break
        pending, count, batch = 0.0, 0, rng.randint(3, 8)
    return paid


def _demote_idle_collectors(people: list[Person], paid: set[int]) -> None:
    """A collector no seller paid collected nothing in this operation: the truth says so."""
    for person in people:
        if "collector" in person.roles and person.idx not in paid:
            person.roles.discard("collector")
            for wallet in person.wallets:
                if wallet.money_role == "collector":
                    wallet.money_role = "ordinary"


def _btc(seller: Person, collector: Person) -> tuple[Wallet, Wallet] | None:
    """Profile crypto: BTC wallet to BTC wallet when both hold one."""
    mine = next((w for w in seller.wallets if w.currency == "BTC"), None)
    theirs = next((w for w in collector.wallets if w.currency == "BTC"), None)
    return (mine, theirs) if mine and theirs else None


def _channel(seller: Person, collector: Person, rng: random.Random) -> tuple[Wallet, Wallet] | None:
    s_bank, c_bank = _wallet(seller, "bank"), _wallet(collector, "bank")
    s_crypto, c_crypto = _wallet(seller, "crypto"), _wallet(collector, "crypto")
    s_ew, c_ew = _wallet(seller, "ewallet"), _wallet(collector, "ewallet")
    r = rng.random()
    if s_bank and c_bank and r < 0.5:
        return s_bank, c_bank
    if s_crypto and c_crypto and s_crypto.currency == c_crypto.currency and r < 0.7:
        return s_crypto, c_crypto
    if s_ew and c_ew:
        return s_ew, c_ew
    if s_bank and c_bank:
        return s_bank, c_bank
    if s_ew and c_bank:
        return None
    return None


def _shops(world: World, ledger: Ledger, rng: random.Random, span: int) -> None:
    people = world.people
    shops = [p for p in people if p.kind == "shop"]
    customers = [p for p in people if p.kind in ("customer", "outsider") and _wallet(p, "ewallet")]
    ordinary = [
        p
        for p in people
        if p.kind == "syndicate"
        and any(w.money_role == "ordinary" and w.kind == "ewallet" for w in p.wallets)
    ]
    for shop in shops:
        mine = [c for c in customers if c.country == shop.country] or customers
        payers = rng.sample(mine, min(len(mine), 15)) + rng.sample(ordinary, min(len(ordinary), 5))
        for _ in range(rng.randint(30, 80)):
            payer = rng.choice(payers)
            at = START + timedelta(seconds=rng.randrange(span))
            ledger.pay(
                _wallet(payer, "ewallet"), _wallet(shop, "ewallet"), round(rng.uniform(10, 200), 2), at
            )
