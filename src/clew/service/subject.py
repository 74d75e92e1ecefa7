"""Who a subject is: ``subject(store, "subj-…")`` gathers what every analysis stored about it.

Names and their variants, identifiers with their country and the evidence for it, the records
that make the subject up with the source file and locator of each, roles with their evidence in
words, priority with its reasons, syndicate and strongest neighbours, a money summary and the
hash-match counts per list and series (never content). Works after any step: what a step has not
produced yet is empty. One audit entry per view (``subject.view``, the subject id only).

This module finds the subject and assembles the view; each part is read by its own module
(``subject_records``, ``subject_identifiers``, ``subject_findings``, ``subject_money``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from clew.errors import NotFound
from clew.model.kinds import EntityKind, kind_of_record
from clew.service.base import Result, rounded
from clew.service.display import Display, displays, members_of
from clew.service.subject_findings import (
    CountryView,
    HashMatches,
    PriorityView,
    RoleView,
    countries,
    hash_matches,
    priority,
    roles,
)
from clew.service.subject_identifiers import IdentifierView, identifiers
from clew.service.subject_money import MoneySummary, money
from clew.service.subject_records import NameVariant, RecordView, names, records
from clew.store.base import Store
from clew.store.freshness import Freshness
from clew.vocabulary import AuditAction

NEIGHBOURS = 20  # strongest ties shown; the graph commands show all


@dataclass(frozen=True)
class Neighbour(Result):
    subject_id: str
    label: str
    syndicate_id: str | None
    weight: float
    kinds: tuple[str, ...]


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
    found = list(store.records(ids=entity_ids))
    member = next(iter(store.select("syndicate_members", {"subject_id": sid})), None)
    ties = _neighbours(store, sid, neighbours)
    shown = displays(store, [sid, *(t[0] for t in ties)])
    syndicate = {
        r["subject_id"]: r["syndicate_id"]
        for r in store.select(
            "syndicate_members", {"subject_id": [t[0] for t in ties]}, ["subject_id", "syndicate_id"]
        )
    }
    kinds = {kind_of_record(r) for r in found}
    order = (EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.ACCOUNT)
    kind = next((k for k in order if k in kinds), None)
    view = SubjectView(
        subject_id=sid,
        display=shown[sid],
        kind=str(kind or EntityKind.PERSON),
        names=names(found),
        identifiers=identifiers(store, entity_ids),
        records=records(store, found),
        roles=roles(store, sid),
        priority=priority(store, sid),
        countries=countries(store, sid),
        syndicate_id=member["syndicate_id"] if member else None,
        degree=member["degree"] if member else None,
        neighbours=tuple(Neighbour(o, shown[o].label(), syndicate.get(o), rounded(w), k) for o, w, k in ties),
        money=money(store, sid),
        hash_matches=hash_matches(store, sid),
        stale=tuple(f for f in store.freshness() if f.stale),
    )
    store.audit(AuditAction.SUBJECT_VIEW, sid, {"records": len(view.records)})
    return view


def _neighbours(store: Store, sid: str, limit: int) -> list[tuple[str, float, tuple[str, ...]]]:
    """The ``limit`` strongest ties: (other subject, weight, kinds), heaviest first, ties by ids."""
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
