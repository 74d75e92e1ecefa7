"""The country map's data (issue 14 item 6): per-country figures, money flows and cross-border
ties between countries, and one country's subjects with the evidence that placed them there.

Figures per country: subjects (their chosen country, ``clew network``), valid phone numbers
attributed to it (the identifier's best attribution at ingest), money sent and received (the
money step's country matrix, in its reporting currency only: amounts in crypto units are
not added to them). Arcs: money between two different known countries, and subject ties
(``graph_edges``) whose two ends have different chosen countries. Countries carry their ISO
3166-1 numeric code too: world-atlas's TopoJSON is keyed by it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

import pycountry

from clew.money.pipeline import stored_currency
from clew.network.query import country_of
from clew.service.base import Result, words
from clew.service.lookup import labels
from clew.store.base import Store
from clew.vocabulary import AuditAction

SUBJECTS_SHOWN = 200  # subjects listed for one country before "+N more"


def numeric(alpha2: str) -> str | None:
    """ISO 3166-1 numeric code ("276" for DE), as world-atlas names its features."""
    found = pycountry.countries.get(alpha_2=alpha2.upper()) if alpha2 else None
    return found.numeric if found else None


@dataclass(frozen=True)
class CountryFigures(Result):
    country: str
    numeric: str | None
    subjects: int
    phones: int
    sent: float
    received: float


@dataclass(frozen=True)
class Arc(Result):
    kind: str  # money | ties
    source: str
    target: str
    value: float  # amount (money) or number of ties
    count: int  # payments or ties


@dataclass(frozen=True)
class CountryMap(Result):
    currency: str
    countries: tuple[CountryFigures, ...]
    arcs: tuple[Arc, ...]


def country_map(store: Store) -> CountryMap:
    """Every country with any figure, and every arc (money first, then ties; largest first)."""
    chosen = country_of(store)
    subjects = Counter(chosen.values())
    ids = store.select_columns("identifiers", ["country", "valid"], {"kind": "phone"})
    phones = Counter(c for c, ok in zip(ids["country"], ids["valid"], strict=True) if c and ok)
    currency = stored_currency(store)
    sent: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    arcs = []
    for row in store.select("money_flows", {"currency": currency}):
        a, b = row["payer_country"], row["beneficiary_country"]
        if a:
            sent[a] += row["amount"]
        if b:
            received[b] += row["amount"]
        if a and b and a != b:
            arcs.append(Arc("money", a, b, round(row["amount"], 2), row["payments"]))
    ends = store.select_columns("graph_edges", ["left_id", "right_id"])
    ties: Counter = Counter()
    for left, right in zip(ends["left_id"], ends["right_id"], strict=True):
        a, b = chosen.get(left), chosen.get(right)
        if a and b and a != b:
            ties[tuple(sorted((a, b)))] += 1
    arcs.sort(key=lambda r: (-r.value, r.source, r.target))
    arcs += [Arc("ties", a, b, n, n) for (a, b), n in sorted(ties.items(), key=lambda kv: (-kv[1], kv[0]))]
    codes = sorted(set(subjects) | set(phones) | set(sent) | set(received))
    figures = tuple(
        CountryFigures(c, numeric(c), subjects[c], phones[c], round(sent[c], 2), round(received[c], 2))
        for c in codes
    )
    store.audit(AuditAction.MAP_COUNTRIES, None, {"countries": len(figures), "arcs": len(arcs)})
    return CountryMap(currency, figures, tuple(arcs))


@dataclass(frozen=True)
class Placed(Result):
    subject_id: str
    name: str | None
    syndicate_id: str | None
    support: float  # combined evidence for this country, 0..1
    confidence: float  # weighed against the subject's other candidate countries
    evidence: tuple[str, ...]  # each piece in words: rule, what decided, confidence
    others: tuple[str, ...]  # the subject's other candidate countries, best first


@dataclass(frozen=True)
class CountrySubjects(Result):
    country: str
    subjects: tuple[Placed, ...]
    more: int


def country_subjects(store: Store, country: str, limit: int = SUBJECTS_SHOWN) -> CountrySubjects:
    """Subjects whose chosen country is ``country``, most confident first, with the evidence."""
    cc = country.upper()[:2]
    rows = sorted(
        store.select("subject_countries", {"country": cc, "chosen": 1}),
        key=lambda r: (-r["confidence"], r["subject_id"]),
    )
    shown = rows[:limit]
    ids = [r["subject_id"] for r in shown]
    others: dict[str, list[str]] = defaultdict(list)
    for r in store.select("subject_countries", {"subject_id": ids, "chosen": 0}, order_by=["-support"]):
        others[r["subject_id"]].append(r["country"])
    label = labels(store, ids)
    placed = tuple(
        Placed(
            r["subject_id"],
            label[r["subject_id"]].name,
            label[r["subject_id"]].syndicate_id,
            r["support"],
            r["confidence"],
            tuple(
                f"{p['rule']}: {words(p['evidence'])} (confidence {p['confidence']})"
                for p in json.loads(r["evidence"])
            ),
            tuple(others[r["subject_id"]]),
        )
        for r in shown
    )
    store.audit(AuditAction.MAP_COUNTRY, cc, {"subjects": ids, "more": len(rows) - len(shown)})
    return CountrySubjects(cc, placed, len(rows) - len(shown))
