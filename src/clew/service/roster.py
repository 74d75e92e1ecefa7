"""The lists behind the dashboard's figures (issue 14 item 2): the operation's people and the
money that crossed a border.

:func:`people` lists the subjects ``clew stats`` counts as people (every resolved subject), so
the list's total without filters equals the dashboard's figure; filters narrow it by chosen
country, syndicate or role (opaque codes and ids, safe in a URL). The most urgent come first
(``clew analyse``'s priority rank), then by id, and a page of :data:`PAGE` is returned. Audited
``subjects.list`` with the filters, the total and the ids shown — never names.

:func:`crossings` lists the country-to-country money flows whose two ends are different known
countries: those in the reporting currency are exactly the rows ``clew stats`` adds into
``cross_border_money`` (their sum is that figure); those in a unit without a reference rate
(crypto assets) add up to ``cross_border_other_units``. Audited ``money.flows``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clew.service.base import Result
from clew.service.lookup import Label, labels
from clew.store.base import Store
from clew.vocabulary import AuditAction

PAGE = 100  # subjects per page: enough to scan, small enough to render at once
FILTERS = ("country", "syndicate", "role")


@dataclass(frozen=True)
class Person(Result):
    subject_id: str
    name: str | None
    country: str | None
    syndicate_id: str | None
    roles: tuple[str, ...]
    priority: float | None
    records: int


@dataclass(frozen=True)
class People(Result):
    total: int  # subjects matching the filters
    offset: int
    people: tuple[Person, ...]  # the page asked for
    filters: dict[str, str] = field(default_factory=dict)


def people(
    store: Store, filters: dict[str, str] | None = None, *, limit: int = PAGE, offset: int = 0
) -> People:
    """The subjects matching every ``filters`` value (facet -> value), most urgent first."""
    chosen = {k: v for k, v in (filters or {}).items() if v}
    unknown = set(chosen) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown filters {sorted(unknown)}: use {', '.join(FILTERS)}")
    rows = store.select("subjects", columns=["subject_id", "members"])
    records = {r["subject_id"]: r["members"] for r in rows}
    kept = set(records)
    wheres = {
        "country": ("subject_countries", {"country": chosen.get("country", "").upper(), "chosen": 1}),
        "syndicate": ("syndicate_members", {"syndicate_id": chosen.get("syndicate")}),
        "role": ("subject_roles", {"role": chosen.get("role")}),
    }
    for name in chosen:
        table, where = wheres[name]
        kept &= set(store.select_columns(table, ["subject_id"], where)["subject_id"])
    rank = {r["subject_id"]: (r["rank"], r["priority"]) for r in store.select("subject_priority")}
    ordered = sorted(kept, key=lambda s: (rank[s][0] if s in rank else float("inf"), s))
    ids = ordered[offset : offset + limit]
    label = labels(store, ids)
    roles: dict[str, set[str]] = {}
    for r in store.select("subject_roles", {"subject_id": ids}, ["subject_id", "role"]) if ids else ():
        roles.setdefault(r["subject_id"], set()).add(r["role"])
    listed = tuple(_person(s, label[s], sorted(roles.get(s, ())), rank.get(s), records[s]) for s in ids)
    store.audit(AuditAction.SUBJECTS_LIST, None, {"filters": chosen, "total": len(kept), "subjects": ids})
    return People(len(kept), offset, listed, chosen)


def _person(sid: str, label: Label, roles: list[str], rank: tuple | None, records: int) -> Person:
    priority = rank[1] if rank else None
    return Person(sid, label.name, label.country, label.syndicate_id, tuple(roles), priority, records)


@dataclass(frozen=True)
class Crossing(Result):
    payer_country: str
    beneficiary_country: str
    amount: float
    currency: str
    payments: int


def crossings(store: Store) -> tuple[Crossing, ...]:
    """Money between two different known countries, largest first."""
    rows = [
        Crossing(a, b, round(f["amount"], 2), f["currency"], f["payments"])
        for f in store.select("money_flows")
        if (a := f["payer_country"]) and (b := f["beneficiary_country"]) and a != b
    ]
    rows.sort(key=lambda c: (-c.amount, c.payer_country, c.beneficiary_country))
    store.audit(AuditAction.MONEY_FLOWS, None, {"cross_border": len(rows)})
    return tuple(rows)
