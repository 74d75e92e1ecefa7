"""Payments between the demo's wallets, booked in a ``Ledger`` (KYC records: ``clew.demo.kyc``).

Buyers pay sellers of their own syndicate many small amounts; sellers forward part of what came
in to their syndicate's collectors (often abroad) after it arrived; shops receive many payments
from customers who share no group with them (the negative case for seller detection).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from clew.demo.devices import START
from clew.demo.ledger import PAYMENT_COLUMNS, Ledger, payment_mapping
from clew.demo.model import Person, Wallet, World
from clew.demo.sink import Sink


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
            payment_mapping("BankAccount", "iban" if bank else "accountNumber"),
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
