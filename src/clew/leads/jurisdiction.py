"""Jurisdiction: for every subject, the countries that should receive it and why.

Read from the network's country candidates (``subject_countries``, one row per country with
its evidence: phone numbering plan, IBAN/KYC country, IP registry — with the time and time
zone of use when the record says it — and declared locations). A country receives a subject
when evidence of its own points there: each such country can act on what points to it (a
subscriber check, a bank request, a warrant), so no share threshold decides. The exception
is a country only VPN/hosting exits point to (an IP the network saw for many unrelated
subjects): that is where a server stands, not where the subject is. ``share`` (the country's
support over the candidates' summed support) orders them and tells the officer how much
rests on each. ``attributed`` is the network's best country. Bridges are the subject's ties
to subjects attributed to other countries, strongest first.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

import pytz

from clew.store.base import Store

MAX_BRIDGES = 20  # the strongest ties are enough for a receiving officer to see the links
TIME_PROPS = ("date", "startDate", "createdAt", "modifiedAt", "authoredAt")
IP_RULES = frozenset({"ip-registry"})


@dataclass(frozen=True)
class Evidence:
    """One reason a country applies to a subject."""

    rule: str
    key: str
    explanation: str
    confidence: float
    source_id: int | None = None
    seen_at: str | None = None
    time_zone: str | None = None


@dataclass(frozen=True)
class CountryClaim:
    country: str
    share: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Bridge:
    subject_id: str
    country: str | None
    kinds: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Jurisdiction:
    subject_id: str
    attributed: str | None
    countries: tuple[CountryClaim, ...]
    bridges: tuple[Bridge, ...]

    @property
    def receiving(self) -> tuple[str, ...]:
        return tuple(c.country for c in self.countries)


def _time_zone(raw_time: str | None, country: str) -> str:
    """The offset written in the timestamp when there is one, else the country's zones."""
    if raw_time and len(raw_time) > 19 and raw_time[19:] not in ("", "Z"):
        return raw_time[19:]
    zones = pytz.country_timezones.get(country, [])
    return ", ".join(zones[:3]) + (" …" if len(zones) > 3 else "") if zones else "unknown"


def compute(store: Store, subjects: set[str] | None = None) -> dict[str, Jurisdiction]:
    """subject -> :class:`Jurisdiction` for every subject with a country candidate (or ``subjects``)."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for row in store.select("subject_countries"):
        if subjects is None or row["subject_id"] in subjects:
            rows[row["subject_id"]].append(row)
    pieces = {s: [(r, json.loads(r["evidence"] or "[]")) for r in found] for s, found in rows.items()}
    seen = _ip_times(
        store,
        {
            (p.get("entity"), p["key"])
            for found in pieces.values()
            for _, evs in found
            for p in evs
            if p.get("rule") in IP_RULES and p.get("entity")
        },
    )
    chosen = {s: r["country"] for s, found in rows.items() for r in found if r["chosen"]}
    bridges = _bridges(store, chosen, subjects)
    out = {}
    for subject, found in pieces.items():
        total = sum(r["support"] for r, _ in found) or 1.0
        claims = []
        for row, evs in found:
            evidence = tuple(_evidence(p, row["country"], seen) for p in evs)
            if not row["chosen"] and all(p.get("shared_exit") for p in evs):
                continue  # only VPN/hosting exits point here: not where the subject is
            claims.append(CountryClaim(row["country"], round(row["support"] / total, 4), evidence))
        claims.sort(key=lambda c: (-c.share, c.country))
        out[subject] = Jurisdiction(subject, chosen.get(subject), tuple(claims), bridges.get(subject, ()))
    return out


def _evidence(piece: dict, country: str, seen: dict[tuple[str, str], str]) -> Evidence:
    ip = piece.get("rule") in IP_RULES
    at = seen.get((piece.get("entity"), piece["key"])) if ip else None
    text = piece.get("evidence", "") + (f" ({piece['shared_exit']})" if piece.get("shared_exit") else "")
    return Evidence(
        "declared-location" if piece.get("rule") == "country-property" else piece.get("rule", ""),
        piece["key"],
        text,
        float(piece.get("confidence", 0.0)),
        None,
        at,
        _time_zone(at, country) if ip else None,
    )


def _ip_times(store: Store, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(entity, ip key) -> the record's timestamp: when the address was in use."""
    entities = sorted({e for e, _ in pairs})
    keys_of: dict[str, list[str]] = defaultdict(list)
    for e, k in pairs:
        keys_of[e].append(k)
    out: dict[tuple[str, str], str] = {}
    for record in store.records(ids=entities) if entities else ():
        when = next((record.first(p) for p in TIME_PROPS if record.first(p)), None)
        if when:
            for k in keys_of[record.id]:
                out[(record.id, k)] = when
    return out


def _bridges(
    store: Store, chosen: dict[str, str], subjects: set[str] | None
) -> dict[str, tuple[Bridge, ...]]:
    found: dict[str, list[Bridge]] = defaultdict(list)
    for edge in store.select("graph_edges", columns=["left_id", "right_id", "weight", "kinds"]):
        a, b = edge["left_id"], edge["right_id"]
        if chosen.get(a) == chosen.get(b):
            continue
        kinds = tuple(sorted(json.loads(edge["kinds"])))
        for me, other in ((a, b), (b, a)):
            if subjects is None or me in subjects:
                found[me].append(Bridge(other, chosen.get(other), kinds, round(float(edge["weight"]), 4)))
    return {
        s: tuple(sorted(bs, key=lambda x: (-x.weight, x.subject_id))[:MAX_BRIDGES]) for s, bs in found.items()
    }
