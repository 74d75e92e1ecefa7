"""KYC records of wallet, bank and exchange customers: one CSV and mapping per provider.

Each wallet's holder is written as the provider knows them - the name sometimes as
"LAST, First", birth date and e-mail missing under the sparse profile - and registered with
the sink as an actor record of its true person. Crypto wallets are an exchange's customers.
"""

from __future__ import annotations

import random

from clew.demo.model import EXCHANGE, World
from clew.demo.sink import Sink, email_key, phone_key, slug
from clew.demo.world import format_phone

KYC_COLUMNS = ["customer_id", "holder_name", "date_of_birth", "phone", "email", "country", "account",
               "currency", "opened_at", "ownership_id"]  # fmt: skip


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


def write_kyc(world: World, sink: Sink, rng: random.Random) -> None:
    """Every wallet's KYC record, grouped by kind and provider, files in sorted order."""
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
