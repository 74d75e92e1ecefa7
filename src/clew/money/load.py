"""The thin adapter from the store to the money core: payments, accounts, holders, groups.

Reads FtM records only through the ``Store`` contract:
- ``Payment`` (``clew.money.payments``): the sides, amount, currency and date in every form FtM
  allows. A payment with no amount or no date to the day cannot be ordered or allocated and is
  counted as skipped.
- ``BankAccount`` / ``CryptoWallet``: kind bank, e-wallet (``accountType`` mentions a wallet)
  or crypto; holder from ``Ownership`` (owner -> asset, when the asset is no organisation),
  ``CryptoWallet.holder``, or the payer/beneficiary named on the account's payments.
- subjects via ``clew.resolve.subject_map`` (without it: ``UserAccount.owner`` stands in).
- groups: ``Membership`` member -> organization, per subject.
- account country, first rule that applies: ``iban-country`` (the IBAN's attribution),
  ``kyc-country`` (the account record's ``country``), ``bic-country``, ``holder-country``
  (the holder's declared country or nationality: ``HOLDER_COUNTRY_PROPS``), ``holder-phone``
  (most frequent country of the holder's phone numbers), ``subject-country`` (the network
  step's chosen subject country).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from clew.model.countries import DECLARED_COUNTRY_PROPS, is_country
from clew.money.graph import PaymentGraph, build
from clew.money.payments import CHUNK, owned_accounts, payments_from
from clew.money.rates import Rates
from clew.resolve import subject_map as resolved_subjects
from clew.store.base import Store


@dataclass
class Account:
    account_id: str
    schema: str = "LegalEntity"
    kind: str = "entity"  # bank, e-wallet, crypto, entity (a party paying without an account)
    label: str | None = None
    holder_id: str | None = None
    subject_id: str | None = None
    country: str | None = None
    country_rule: str | None = None
    country_evidence: str | None = None
    properties: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class MoneyData:
    graph: PaymentGraph
    accounts: dict[str, Account]
    groups: dict[str, set[str]]  # subject -> group entity ids
    skipped: Counter
    unconverted: Counter  # currency -> payments without a reference rate
    neighbours: dict[str, set[str]] = field(default_factory=dict)  # subject -> tied by non-money evidence


def subject_map(store: Store) -> dict[str, str]:
    """Resolution's entity -> subject map; before resolution has run, UserAccount.owner stands in."""
    mapping = resolved_subjects(store)
    if mapping:
        return mapping
    return {r.id: owner for r in store.records(["UserAccount"]) if (owner := r.first("owner"))}


def load(store: Store, rates: Rates) -> MoneyData:
    skipped: Counter = Counter()
    holders: dict[str, str] = {}
    payments = list(payments_from(store, skipped, holders))
    accounts: dict[str, Account] = {}
    for record in store.records(["BankAccount", "CryptoWallet"]):
        kind = "crypto" if record.is_a("CryptoWallet") else "bank"
        if kind == "bank" and any("wallet" in t.lower() for t in record.get("accountType")):
            kind = "e-wallet"
        label = record.first("iban") or record.first("accountNumber") or record.first("publicKey")
        label = label or record.first("cryptoAddress") or record.first("accountId") or record.first("name")
        accounts[record.id] = Account(record.id, record.schema, kind, label, properties=record.properties)
        if record.first("holder"):
            holders[record.id] = record.first("holder")
    holders.update(owned_accounts(store))  # an explicit ownership wins over a payment's party
    for p in payments:
        for node in (p.payer_account, p.beneficiary_account):
            if node not in accounts:
                accounts[node] = Account(node, holder_id=node)
    smap = subject_map(store)
    for account in accounts.values():
        account.holder_id = holders.get(account.account_id, account.holder_id)
        if account.holder_id:
            account.subject_id = smap.get(account.holder_id, account.holder_id)
        else:
            account.subject_id = smap.get(account.account_id)
    _countries(store, accounts)
    groups: dict[str, set[str]] = defaultdict(set)
    for record in store.records(["Membership"]):
        member, org = record.first("member"), record.first("organization")
        if member and org:
            groups[smap.get(member, member)].add(org)
    graph = build(payments, rates, accounts)
    missing = np.flatnonzero(~np.isfinite(graph.amount))
    unconverted = Counter((graph.currencies or [])[i] for i in missing)
    return MoneyData(graph, accounts, dict(groups), skipped, unconverted, neighbours(store))


def neighbours(store: Store) -> dict[str, set[str]]:
    """Subject -> subjects tied to it by evidence other than money (the network step's stored
    edges, less those made of payments alone); empty when the network has not run."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in store.select("graph_edges", columns=["left_id", "right_id", "kinds"]):
        if set(json.loads(row["kinds"] or "{}")) - {"payment"}:
            out[row["left_id"]].add(row["right_id"])
            out[row["right_id"]].add(row["left_id"])
    return dict(out)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    values = sorted(set(values))
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _countries(store: Store, accounts: dict[str, Account]) -> None:
    """Attribute a country to every account, first rule that applies (module docstring)."""
    holder_ids = {a.holder_id for a in accounts.values() if a.holder_id}
    entity_ids = set(accounts) | holder_ids
    keys_of: dict[str, list[tuple[str, str]]] = defaultdict(list)  # entity -> [(key, prop)]
    for chunk in _chunks(entity_ids):
        for row in store.select("mentions", {"entity_id": chunk}, columns=["entity_id", "key", "prop"]):
            keys_of[row["entity_id"]].append((row["key"], row["prop"]))
    idents: dict[str, dict] = {}
    for chunk in _chunks(k for pairs in keys_of.values() for k, _ in pairs):
        for row in store.select("identifiers", {"key": chunk}, columns=["key", "kind", "country", "value"]):
            idents[row["key"]] = row
    holder_records = {r.id: r for chunk in _chunks(holder_ids) for r in store.records(ids=chunk)}
    subject_country: dict[str, str] = {}
    subjects = {a.subject_id for a in accounts.values() if a.subject_id}
    for chunk in _chunks(subjects):
        for row in store.select("subject_countries", {"subject_id": chunk, "chosen": 1}):
            subject_country[row["subject_id"]] = row["country"]

    def ident(entity: str | None, kinds: tuple[str, ...]) -> list[dict]:
        rows = [idents.get(k) for k, _ in keys_of.get(entity or "", [])]
        return [r for r in rows if r and r["kind"] in kinds and r["country"]]

    for account in accounts.values():
        holder = holder_records.get(account.holder_id or "")
        candidates: list[tuple[str, str | None, str]] = []
        for row in ident(account.account_id, ("iban",)):
            candidates.append(("iban-country", row["country"], f"IBAN {row['value']}"))
        kyc = (account.properties.get("country") or [None])[0]
        candidates.append(("kyc-country", kyc, f"account record country {kyc}"))
        for row in ident(account.account_id, ("bic",)):
            candidates.append(("bic-country", row["country"], f"BIC {row['value']}"))
        if holder is not None:
            value = next((v for prop in HOLDER_COUNTRY_PROPS for v in holder.get(prop)), None)
            candidates.append(("holder-country", value, f"holder {holder.id} country {value}"))
        phones = Counter(r["country"] for r in ident(account.holder_id, ("phone",)))
        if phones:
            country, n = phones.most_common(1)[0]
            candidates.append(("holder-phone", country, f"{n} of holder's phone numbers are {country}"))
        chosen = subject_country.get(account.subject_id or "")
        candidates.append(("subject-country", chosen, f"subject {account.subject_id} attributed {chosen}"))
        for rule, country, evidence in candidates:
            if country and len(country) == 2 and is_country(country):  # not a raw "xx" kept by ingest
                account.country = country.upper()
                account.country_rule, account.country_evidence = rule, evidence
                break


HOLDER_COUNTRY_PROPS = (*DECLARED_COUNTRY_PROPS, "nationality", "citizenship")
"""A holder's country, first found: declared, else a nationality (``clew.model.countries``)."""
ACCOUNT_COLUMNS = (
    "account_id",
    "schema",
    "kind",
    "label",
    "holder_id",
    "subject_id",
    "country",
    "country_rule",
    "country_evidence",
)


def account_rows(data: MoneyData, run_id: str) -> Iterator[dict]:
    """Rows of ``money_accounts``: the stored fields of every account (not its properties)."""
    for a in data.accounts.values():
        yield {**{c: getattr(a, c) for c in ACCOUNT_COLUMNS}, "run_id": run_id}


def evidence_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)
