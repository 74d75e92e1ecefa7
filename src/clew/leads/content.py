"""What a lead package says about each subject, gathered once per build from the store.

Only what a receiving officer can act on crosses into a package: names, identifiers (raw
and normalised, with source, collection date, validity and evaluation), roles, syndicate,
counts of hash-list matches per list and series, payments, and the accounts to preserve.
A subject's identifiers are those of its resolved records and of the money accounts the money
analysis gave it (IBANs, e-wallets, crypto wallets: what a bank or wallet provider is asked
to preserve, and what STIX carries as extension-defined observables).
Media enter as **counts only** — never a file name, path, description or category text.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from clew.leads import evaluation
from clew.store.base import Store

NAME_PROPS = ("name", "alias", "weakAlias", "firstName", "lastName")
PROVIDER_PROPS = ("service", "bankName")  # who holds an account: the platform, bank or e-wallet
PRESERVABLE = {
    "username": "platform account",
    "email": "e-mail account",
    "crypto": "crypto wallet",
    "ewallet": "e-wallet",
    "iban": "bank account",
    "account": "bank account",
}


@dataclass
class SubjectContent:
    """One subject's material, as plain JSON-ready values (see docs/formats.md)."""

    subject_id: str
    display_name: str | None = None
    names: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    identifiers: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    syndicate_id: str | None = None
    media: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[dict[str, Any]] = field(default_factory=list)  # what to preserve, with the provider
    holdings: list[dict[str, Any]] = field(default_factory=list)  # which sources hold material on it
    dates: list[str] = field(default_factory=list)

    @property
    def date_range(self) -> dict[str, str | None]:
        days = sorted(d[:10] for d in self.dates if d)
        return {"from": days[0] if days else None, "to": days[-1] if days else None}


def gather(
    store: Store,
    subjects: set[str],
    country_of: dict[str, str | None],
    grades: dict[str, evaluation.Grade] | None = None,
) -> dict[str, SubjectContent]:
    """subject -> :class:`SubjectContent` for ``subjects`` (``country_of``: attributed countries,
    to flag foreign funds; ``grades``: the analyst's evaluation of sources, by label or kind)."""
    out = {s: SubjectContent(s) for s in subjects}
    for row in store.select("subjects", columns=["subject_id", "name"]):
        if row["subject_id"] in out:
            out[row["subject_id"]].display_name = row["name"]
    members = store.select_columns("subject_members", ["subject_id", "entity_id"])
    entity_subject = {
        e: s for s, e in zip(members["subject_id"], members["entity_id"], strict=True) if s in out
    }
    held = store.select_columns("money_accounts", ["account_id", "subject_id"])
    accounts = {a: s for a, s in zip(held["account_id"], held["subject_id"], strict=True) if s in out}
    sources = {r["id"]: r for r in store.select("sources", columns=["id", "label", "kind", "ingested_at"])}
    services = _records(store, entity_subject, out, accounts)
    entity_subject = {**accounts, **entity_subject}
    _identifiers(store, entity_subject, out, sources, services, grades or {})
    for row in store.select("subject_roles", columns=["subject_id", "role", "analysis", "score"]):
        if row["subject_id"] in out:
            out[row["subject_id"]].roles.append(
                {"role": row["role"], "analysis": row["analysis"], "score": row["score"]}
            )
    for row in store.select("syndicate_members", columns=["subject_id", "syndicate_id"]):
        if row["subject_id"] in out:
            out[row["subject_id"]].syndicate_id = row["syndicate_id"]
    counts: Counter = Counter()
    digests: dict[tuple, set[str]] = defaultdict(set)
    for row in store.select(
        "media_matches", columns=["subject_id", "match", "list_name", "series", "sha256"]
    ):
        if row["subject_id"] in out:
            group = (row["subject_id"], row["list_name"] or "", row["series"] or "", row["match"])
            counts[group] += 1
            if row["sha256"]:
                digests[group].add(row["sha256"])
    for group, n in sorted(counts.items()):
        subject, list_name, series, match = group
        out[subject].media.append(
            {
                "hash_list": list_name or None,
                "series": series or None,
                "match": match,
                "count": n,
                "sha256": sorted(digests[group]),
            }
        )
    _money(store, out, country_of)
    return out


def _records(
    store: Store, entity_subject: dict[str, str], out: dict[str, SubjectContent], accounts: dict[str, str]
) -> dict[str, str]:
    """Names, birth dates and dates of use from the subjects' records; returns entity -> the
    service, bank or e-wallet holding it (``accounts``' records give only that)."""
    services: dict[str, str] = {}
    for record in store.records(ids=sorted(set(entity_subject) | set(accounts))):
        provider = next((v for p in PROVIDER_PROPS if (v := record.first(p))), None)
        if provider:
            services[record.id] = provider
        if record.id not in entity_subject:
            continue
        content = out[entity_subject[record.id]]
        for prop in NAME_PROPS:
            for value in record.get(prop):
                if value not in content.names:
                    content.names.append(value)
        for value in record.get("birthDate"):
            if value not in content.birth_dates:
                content.birth_dates.append(value)
        content.dates.extend(record.get("createdAt")[:1])
    return services


def _identifiers(
    store: Store,
    entity_subject: dict[str, str],
    out: dict[str, SubjectContent],
    sources: dict[int, dict],
    services: dict[str, str],
    grades: dict[str, evaluation.Grade],
) -> None:
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for m in store.select("mentions", columns=["key", "entity_id", "prop", "raw", "source_id"]):
        subject = entity_subject.get(m["entity_id"])
        if subject is not None and m["key"] not in found[subject]:
            found[subject][m["key"]] = m
    wanted = {k for ks in found.values() for k in ks}
    idents = {
        r["key"]: r
        for r in store.select("identifiers", columns=["key", "kind", "value", "valid", "country"])
        if r["key"] in wanted
    }
    for subject, keys in found.items():
        content = out[subject]
        for key, m in sorted(keys.items()):
            ident = idents.get(key)
            if ident is None:
                continue
            source = sources.get(m["source_id"], {})
            reliability, accuracy = evaluation.grade(source.get("label"), source.get("kind"), grades)
            content.identifiers.append(
                {
                    "kind": ident["kind"],
                    "value": ident["value"],
                    "raw": m["raw"],
                    "valid": bool(ident["valid"]),
                    "country": ident["country"],
                    "source": source.get("label") or f"source {m['source_id']}",
                    "source_kind": source.get("kind"),
                    "collected": (source.get("ingested_at") or "")[:10] or None,
                    "confidence": 1.0 if ident["valid"] else 0.5,
                    "evaluation": {"source_reliability": reliability, "information_accuracy": accuracy},
                }
            )
            if ident["kind"] in PRESERVABLE:
                provider = services.get(m["entity_id"]) or _provider(ident["kind"], ident["value"])
                content.accounts.append(
                    {"kind": PRESERVABLE[ident["kind"]], "provider": provider, "account": ident["value"]}
                )
            holding = {
                "source": source.get("label") or f"source {m['source_id']}",
                "kind": source.get("kind"),
            }
            if holding not in content.holdings:
                content.holdings.append(holding)


def _provider(kind: str, value: str) -> str:
    if kind == "email" and "@" in value:
        return value.rsplit("@", 1)[1]
    if kind == "iban":
        return f"bank of IBAN {value[:8]}…"
    return {"crypto": "wallet provider / exchange", "ewallet": "e-wallet provider"}.get(kind, "provider")


def _money(store: Store, out: dict[str, SubjectContent], country_of: dict[str, str | None]) -> None:
    accounts = {
        r["account_id"]: r
        for r in store.select("money_accounts", columns=["account_id", "subject_id", "country", "kind"])
    }
    for p in store.select("money_payments"):
        payer, ben = accounts.get(p["payer_account"], {}), accounts.get(p["beneficiary_account"], {})
        for me, other, direction in ((payer, ben, "out"), (ben, payer, "in")):
            subject = me.get("subject_id")
            if subject not in out:
                continue
            home = me.get("country") or country_of.get(subject)
            out[subject].payments.append(
                {
                    "direction": direction,
                    "date": p["at"],
                    "amount": p["amount"],
                    "currency": p["currency"],
                    "account": me.get("account_id"),
                    "counterpart_account": other.get("account_id"),
                    "counterpart_subject": other.get("subject_id"),
                    "counterpart_country": other.get("country"),
                    "foreign": bool(other.get("country") and home and other.get("country") != home),
                }
            )
            out[subject].dates.append(p["at"])
    for content in out.values():
        content.payments.sort(key=lambda x: (x["date"], x["direction"]))


def evidence_json(value: Any) -> Any:
    """JSON-safe copy (dataclasses of jurisdiction go through ``dataclasses.asdict`` first)."""
    return json.loads(json.dumps(value, default=str))
