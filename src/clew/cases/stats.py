"""The operation's tallies, reported the way operations report them: syndicates, people and
countries; identified phone numbers per country; leads sent per country; investigations
opened; arrests (per country), indictments, convictions, children safeguarded; cases and the
people in them; money moved across borders (in the reporting currency, and apart from it, per
unit, what has no reference rate — crypto assets — never added into it).

Every figure is a count over stored rows, so it can be recomputed independently (the tests
do, from the demo's ground truth and the feedback files). A lead is a subject in a released
package (a subject sent to two countries is two leads; sent again in the package's next
version, still one); a case is a partner's reference (or,
without one, a package) under which an investigation was opened or someone charged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from clew.leads.display import chunks
from clew.money.pipeline import stored_currency
from clew.store.base import Store
from clew.vocabulary import AuditAction

CASE_KINDS = ("investigation-opened", "search-warrant", "arrest", "charged", "convicted", "sentenced")


@dataclass(frozen=True)
class Tallies:
    syndicates: int
    people: int
    countries: int
    phone_numbers_by_country: dict[str, int]
    leads_by_country: dict[str, int]
    packages_released: int
    investigations_opened: int
    arrests_by_country: dict[str, int]
    indictments: int
    convictions: int
    sentences: int
    children_safeguarded: int
    cases: int
    people_in_cases: int
    cross_border_money: float
    currency: str | None
    outcomes_by_kind: dict[str, int] = field(default_factory=dict)
    cross_border_other_units: dict[str, float] = field(default_factory=dict)

    @property
    def arrests(self) -> int:
        return sum(self.arrests_by_country.values())

    @property
    def leads(self) -> int:
        return sum(self.leads_by_country.values())

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"arrests": self.arrests, "leads": self.leads}


def _sorted(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def compute(store: Store) -> Tallies:
    """The tallies of this operation. Audited ``stats.read``."""
    placed = store.select_columns("subject_countries", ["subject_id", "country"], {"chosen": 1})
    chosen = dict(zip(placed["subject_id"], placed["country"], strict=True))
    people = set(store.select_columns("subjects", ["subject_id"])["subject_id"])
    phones = _phones(store)
    released = [
        r
        for r in store.select("lead_packages", columns=["package_id", "version", "country", "released_at"])
        if r["released_at"]
    ]
    sent: set[tuple[str, str, str]] = set()  # a subject re-sent in a package's next version is one lead
    for r in released:
        rows = store.select(
            "lead_package_subjects",
            {"package_id": r["package_id"], "version": r["version"]},
            columns=["subject_id"],
        )
        sent.update((r["country"], r["package_id"], s["subject_id"]) for s in rows)
    leads = Counter(country for country, _, _ in sent)
    kinds: Counter = Counter()
    arrests: Counter = Counter()
    cases: set[tuple[str, str]] = set()
    case_people: set[str] = set()
    for o in store.select("lead_outcomes"):
        n = o["count"] if o["kind"] == "children-safeguarded" else 1
        kinds[o["kind"]] += n
        if o["kind"] == "arrest":
            arrests[o["country"]] += 1
        if o["kind"] in CASE_KINDS:
            cases.add((o["agency"], o["reference"] or o["package_id"]))
            if o["subject_id"]:
                case_people.add(o["subject_id"])
    currency = stored_currency(store) if store.count("money_flows") else None
    money, other = 0.0, Counter()
    for f in store.select("money_flows"):
        if f["payer_country"] and f["beneficiary_country"] and f["payer_country"] != f["beneficiary_country"]:
            if f["currency"] == currency:
                money += f["amount"]
            else:
                other[f["currency"]] += f["amount"]  # units without a rate (crypto) are never added in
    tallies = Tallies(
        syndicates=store.count("syndicates"),
        people=len(people),
        countries=len(set(chosen.values())),
        phone_numbers_by_country=_sorted(phones),
        leads_by_country=_sorted(leads),
        packages_released=len(released),
        investigations_opened=kinds["investigation-opened"],
        arrests_by_country=_sorted(arrests),
        indictments=kinds["charged"],
        convictions=kinds["convicted"],
        sentences=kinds["sentenced"],
        children_safeguarded=kinds["children-safeguarded"],
        cases=len(cases),
        people_in_cases=len(case_people),
        cross_border_money=round(money, 2),
        currency=currency,
        outcomes_by_kind=_sorted(kinds),
        cross_border_other_units={unit: round(v, 8) for unit, v in sorted(other.items())},
    )
    store.audit(AuditAction.STATS_READ, store.operation, {"people": tallies.people, "leads": tallies.leads})
    return tallies


def _phones(store: Store) -> Counter:
    """Valid phone numbers held by a resolved subject, per attributed country. The mentions are
    read by key (indexed) for the valid numbers only, not the whole table: a tenth of the time on
    the default demo."""
    ids = store.select_columns("identifiers", ["key", "valid", "country"], {"kind": "phone"})
    valid = {k: c or "??" for k, ok, c in zip(ids["key"], ids["valid"], ids["country"], strict=True) if ok}
    members = set(store.select_columns("subject_members", ["entity_id"])["entity_id"])
    held: set[str] = set()
    for batch in chunks(sorted(valid)):
        got = store.select_columns("mentions", ["key", "entity_id"], {"key": batch})
        held.update(k for k, e in zip(got["key"], got["entity_id"], strict=True) if e in members)
    return Counter(valid[k] for k in held)
