"""Who a subject is: ``subject(store, "subj-…")`` gathers what every analysis stored about it.

Names and their variants, identifiers with their country and the evidence for it, the records
that make the subject up with the source file and locator of each, roles with their evidence in
words, priority with its reasons, syndicate and strongest neighbours, a money summary and the
hash-match counts per list and series (never content). Works after any step: what a step has not
produced yet is empty. One audit entry per view (``subject.view``, the subject id only).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from followthemoney import model

from clew.errors import NotFound
from clew.model.kinds import PARTIES, EntityKind, kind_of_record
from clew.resolve.frame import HOLDER_PROPS
from clew.service.base import Result, rounded, words
from clew.service.display import Display, displays, members_of, name_counts
from clew.store.base import Store
from clew.store.freshness import Freshness
from clew.vocabulary import AuditAction

NEIGHBOURS = 20  # strongest ties shown; the graph commands show all


@dataclass(frozen=True)
class NameVariant(Result):
    name: str
    records: int  # how many of the subject's records give it


@dataclass(frozen=True)
class IdentifierView(Result):
    kind: str
    value: str
    valid: bool
    country: str | None
    evidence: tuple[str, ...]  # each attribution in words: rule, what decided, confidence
    records: int
    through: tuple[str, ...] = ()
    """Which entity it came through, with source and line: the subject's own record, or an
    account it holds (and the Ownership saying so, or "its holder property" for a wallet or an
    identity document naming the subject) — never an organisation it is tied to."""


@dataclass(frozen=True)
class SourceRef(Result):
    source_id: int
    path: str
    label: str | None
    kind: str | None
    locator: str


@dataclass(frozen=True)
class RecordView(Result):
    entity_id: str
    schema: str
    name: str | None
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class RoleView(Result):
    role: str
    analysis: str
    score: float | None
    evidence: str  # in words


@dataclass(frozen=True)
class Reason(Result):
    role: str
    analysis: str
    weight: float


@dataclass(frozen=True)
class PriorityView(Result):
    priority: float
    rank: int
    reasons: tuple[Reason, ...]  # heaviest first


@dataclass(frozen=True)
class CountryView(Result):
    country: str
    chosen: bool
    support: float
    confidence: float
    evidence: str


@dataclass(frozen=True)
class Neighbour(Result):
    subject_id: str
    label: str
    syndicate_id: str | None
    weight: float
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class MoneySummary(Result):
    accounts: int
    payments_in: int
    payments_out: int
    amount_in: float
    amount_out: float
    currency: str | None
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class HashMatches(Result):
    list_name: str | None
    match: str  # md5 | sha1 | sha256 | pdq | possibly-new
    series: str | None
    items: int


@dataclass(frozen=True)
class SubjectView(Result):
    subject_id: str
    display: Display
    kind: str  # person, organisation or account (clew.model.kinds): what its records are
    names: tuple[NameVariant, ...]
    identifiers: tuple[IdentifierView, ...]
    records: tuple[RecordView, ...]
    roles: tuple[RoleView, ...]
    priority: PriorityView | None
    countries: tuple[CountryView, ...]
    syndicate_id: str | None
    degree: int | None
    neighbours: tuple[Neighbour, ...]
    money: MoneySummary
    hash_matches: tuple[HashMatches, ...]
    stale: tuple[Freshness, ...] = ()
    """Stored results this view shows that were computed from other data than is stored now
    (``clew.store.freshness``), each with its reasons and the command that refreshes it."""


def find(store: Store, name: str) -> str:
    """A subject id from a subject id or one of its records' entity ids; ``NotFound`` otherwise."""
    if store.count("subject_members", {"subject_id": name}) or store.count(
        "subject_priority", {"subject_id": name}
    ):
        return name
    row = next(iter(store.select("subject_members", {"entity_id": name}, ["subject_id"])), None)
    if row:
        return row["subject_id"]
    if store.count("fragments", {"entity_id": name}):
        return name  # an unresolved record is its own subject
    raise NotFound(f"no subject or record {name!r} in operation {store.operation!r} (try `clew search`)")


def subject(store: Store, name: str, neighbours: int = NEIGHBOURS) -> SubjectView:
    """Everything stored about the subject ``name`` (a subject or record id); audited."""
    sid = find(store, name)
    entity_ids = members_of(store, [sid])[sid]
    records = list(store.records(ids=entity_ids))
    counts: Counter = Counter()
    for record in records:
        counts.update(name_counts([record])[0].keys())
    member = next(iter(store.select("syndicate_members", {"subject_id": sid})), None)
    ties = _neighbours(store, sid, neighbours)
    shown = displays(store, [sid, *(t[0] for t in ties)])
    syndicate = {
        r["subject_id"]: r["syndicate_id"]
        for r in store.select(
            "syndicate_members", {"subject_id": [t[0] for t in ties]}, ["subject_id", "syndicate_id"]
        )
    }
    kinds = {kind_of_record(r) for r in records}
    order = (EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.ACCOUNT)
    kind = next((k for k in order if k in kinds), None)
    view = SubjectView(
        subject_id=sid,
        display=shown[sid],
        kind=str(kind or EntityKind.PERSON),
        names=tuple(NameVariant(n, c) for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        identifiers=_identifiers(store, entity_ids),
        records=_records(store, records),
        roles=tuple(
            RoleView(r["role"], r["analysis"], rounded(r["score"]), words(r["evidence"]))
            for r in store.select("subject_roles", {"subject_id": sid}, order_by=["analysis", "role"])
        ),
        priority=_priority(store, sid),
        countries=tuple(
            CountryView(
                r["country"],
                bool(r["chosen"]),
                rounded(r["support"]),
                rounded(r["confidence"]),
                "; ".join(f"{e.get('rule')}: {e.get('evidence')}" for e in json.loads(r["evidence"])),
            )
            for r in store.select("subject_countries", {"subject_id": sid}, order_by=["-chosen", "-support"])
        ),
        syndicate_id=member["syndicate_id"] if member else None,
        degree=member["degree"] if member else None,
        neighbours=tuple(Neighbour(o, shown[o].label(), syndicate.get(o), rounded(w), k) for o, w, k in ties),
        money=_money(store, sid),
        hash_matches=tuple(
            HashMatches(r["list_name"], r["match"], r["series"], r["n"])
            for r in store.count_by(
                "media_matches", ["list_name", "match", "series"], {"subject_id": sid}, "item"
            )
        ),
        stale=tuple(f for f in store.freshness() if f.stale),
    )
    store.audit(AuditAction.SUBJECT_VIEW, sid, {"records": len(view.records)})
    return view


def _neighbours(store: Store, sid: str, limit: int) -> list[tuple[str, float, tuple[str, ...]]]:
    ties = [*store.select("graph_edges", {"left_id": sid}), *store.select("graph_edges", {"right_id": sid})]
    ties.sort(key=lambda r: (-r["weight"], r["left_id"], r["right_id"]))
    return [
        (
            t["right_id"] if t["left_id"] == sid else t["left_id"],
            t["weight"],
            tuple(sorted(json.loads(t["kinds"]))),
        )
        for t in ties[:limit]
    ]


def _identifiers(store: Store, entity_ids: list[str]) -> tuple[IdentifierView, ...]:
    """The identifiers the subject's records state and those of the accounts they hold, each
    with the entity (and source and line) it came through."""
    held = _held_accounts(store, entity_ids)
    holders: dict[str, set[str]] = defaultdict(set)
    through: dict[str, dict[str, None]] = defaultdict(dict)
    mentioned = store.select(
        "mentions", {"entity_id": [*entity_ids, *held]}, ["key", "entity_id", "source_id", "locator"]
    )
    for row in mentioned:
        entity = row["entity_id"]
        holders[row["key"]].add(held[entity][0] if entity in held else entity)
        via = f" (held through {held[entity][1]})" if entity in held else ""
        through[row["key"]][f"{entity}{via}, source {row['source_id']} {row['locator']}"] = None
    evidence: dict[str, dict[str, None]] = defaultdict(dict)  # ordered, without repeats
    for row in store.select("attributions", {"key": list(holders)}, order_by=["-confidence"]):
        said = (
            f"{row['country']} by {row['rule']}: {row['evidence']} (confidence {rounded(row['confidence'])})"
        )
        evidence[row["key"]][said] = None
    rows = sorted(store.select("identifiers", {"key": list(holders)}), key=lambda r: (r["kind"], r["value"]))
    return tuple(
        IdentifierView(r["kind"], r["value"], bool(r["valid"]), r["country"], tuple(evidence[r["key"]]),
                       len(holders[r["key"]]), tuple(through[r["key"]]))
        for r in rows
    )  # fmt: skip


def _held_accounts(store: Store, entity_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Accounts the records hold (``Ownership`` owner → asset): asset -> (holder, Ownership id);
    and what names them as its ``holder`` (a wallet, a passport: ``clew.resolve.frame.HOLDER_PROPS``)
    -> (holder, "its holder property"), as resolution counts them. An asset that is a party (an
    organisation) passes nothing on: its identifiers are its own."""
    out: dict[str, tuple[str, str]] = {}
    named = store.select(
        "statements", {"prop": "holder", "value": entity_ids}, ["entity_id", "schema", "value"]
    )
    for r in named:
        found = model.get(r["schema"])
        if (
            found is not None
            and any(found.is_a(s) for s in HOLDER_PROPS)
            and r["entity_id"] not in entity_ids
        ):
            out.setdefault(r["entity_id"], (r["value"], "its holder property"))
    where = {"schema": "Ownership", "prop": "owner", "value": entity_ids}
    said = store.select("statements", where, ["entity_id"])
    owned = list(store.records(ids=sorted({r["entity_id"] for r in said})))
    assets = sorted({a for r in owned for a in r.get("asset")})
    parties = {r.id for r in store.records(ids=assets) if kind_of_record(r) in PARTIES}
    for r in owned:
        owner = next(o for o in r.get("owner") if o in entity_ids)
        for asset in r.get("asset"):
            if asset not in parties and asset not in entity_ids:
                out.setdefault(asset, (owner, r.id))
    return out


def _records(store: Store, records: list) -> tuple[RecordView, ...]:
    ids = [r.id for r in records]
    places = list(store.select("fragments", {"entity_id": ids}, ["entity_id", "source_id", "locator"]))
    sources = {
        s["id"]: s
        for s in store.select("sources", {"id": sorted({p["source_id"] for p in places})},
                              ["id", "path", "label", "kind"])
    }  # fmt: skip
    refs: dict[str, list[SourceRef]] = defaultdict(list)
    for p in places:
        s = sources.get(p["source_id"])
        if s:
            refs[p["entity_id"]].append(SourceRef(s["id"], s["path"], s["label"], s["kind"], p["locator"]))
    return tuple(
        RecordView(r.id, r.schema, next(iter(name_counts([r])[0]), None), tuple(refs[r.id])) for r in records
    )


def _priority(store: Store, sid: str) -> PriorityView | None:
    row = next(iter(store.select("subject_priority", {"subject_id": sid})), None)
    if row is None:
        return None
    reasons = sorted(json.loads(row["reasons"]), key=lambda r: -r["weight"])
    return PriorityView(
        rounded(row["priority"]),
        row["rank"],
        tuple(Reason(r["role"], r["analysis"], rounded(r["weight"])) for r in reasons),
    )


def _money(store: Store, sid: str) -> MoneySummary:
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
