"""The demo's wallets: who holds an e-wallet, a bank account, a crypto wallet, and why.

Money roles decide it: sellers, buyers and shops take payments by e-wallet, collectors bank
and often hold crypto, customers and some relatives hold an e-wallet to pay the shops with;
a profile can move the syndicates' payments to Bitcoin (``Settings.crypto_payments``).
"""

from __future__ import annotations

import random

from clew.demo.countries import currency_of, iban_banks
from clew.demo.model import Person, Wallet
from clew.demo.profiles import Settings
from clew.demo.world import Identifiers

EWALLETS = ["PayNest", "Kumo Pay", "SendSwift", "Walleto"]


def open_wallets(people: list[Person], rng: random.Random, ids: Identifiers, settings: Settings) -> None:
    """Give each person the wallets their money role calls for, drawn from ``rng`` in order."""
    for p in people:
        roles = p.roles
        money = next((r for r in ("collector", "seller", "buyer", "shop") if r in roles), "ordinary")
        cur = currency_of(p.country)
        wants_ewallet = (
            money in ("seller", "buyer", "shop")
            or (money == "collector" and rng.random() < 0.7)
            or (p.kind in ("customer", "outsider") and p.family_phone)
            or p.kind == "customer"
            or (money == "ordinary" and p.kind == "syndicate" and rng.random() < 0.1)
        )
        if wants_ewallet:
            provider = rng.choice(EWALLETS)
            number = provider[:2].upper() + "-W" + "".join(rng.choice("0123456789") for _ in range(11))
            p.wallets.append(Wallet("ewallet", provider, number, cur, money))
        banked = money == "collector" or (money == "seller" and rng.random() < 0.5)
        if banked and iban_banks(p.country):
            iban = ids.iban(p.country)
            if iban:
                p.wallets.append(Wallet("bank", "bank", iban, cur, money))
        if money == "collector" and (rng.random() < 0.4 or not p.wallets):
            chain = rng.choice(["BTC", "ETH"])
            address = ids.btc() if chain == "BTC" else ids.eth()
            p.wallets.append(Wallet("crypto", chain, address, chain, money))
        if money == "seller" and rng.random() < 0.2:
            p.wallets.append(Wallet("crypto", "BTC", ids.btc(), "BTC", money))
        crypto = settings.crypto_payments and money in ("seller", "buyer", "collector")
        if crypto and not any(w.kind == "crypto" and w.currency == "BTC" for w in p.wallets):
            p.wallets.append(Wallet("crypto", "BTC", ids.btc(), "BTC", money))
        for w in p.wallets:
            w.customer_id = f"{w.provider[:2].upper()}-C{rng.randint(10**7, 10**8 - 1)}"
