"""Jurisdiction: for every subject, the countries that should receive it and why.

Read from the network's country candidates (``subject_countries``, one row per country with
its evidence: phone numbering plan, IBAN/KYC country, IP registry — with the time the address
was last used (from the events that mention it: tip reports' IP events, P2P sightings) and the
country's time zone with its UTC offset at that moment — and declared locations). A country receives a subject
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
from datetime import UTC, datetime

import pytz

from clew.leads.display import chunks
from clew.network.country import DECLARED_RULES
from clew.store.base import Store

MAX_BRIDGES = 20  # the strongest ties are enough for a receiving officer to see the links
MAX_ZONES = 3  # a country's zones named in full; a subscriber check needs the one of the time of use
TIME_PROPS = ("date", "startDate")  # when an event (a log-in, an upload, a P2P sighting) happened
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
    """The offset written in the timestamp when there is one; else the country's zones, each with
    its UTC offset at that moment (daylight saving included) when the time is known."""
    if raw_time and len(raw_time) > 19 and raw_time[19:] not in ("", "Z"):
        return raw_time[19:]
    zones = pytz.country_timezones.get(country, [])
    if not zones:
        return "unknown"
    at = _utc(raw_time)
    shown = [z if at is None else f"{z} (UTC{_offset(z, at)})" for z in zones[:MAX_ZONES]]
    return ", ".join(shown) + (" …" if len(zones) > MAX_ZONES else "")


def _utc(raw_time: str | None) -> datetime | None:
    """A UTC instant from an ISO timestamp with a time of day (a bare date has no offset)."""
    if not raw_time or len(raw_time) < 16:
        return None
    try:
        return datetime.fromisoformat(raw_time.replace("Z", "+00:00")[:25]).replace(tzinfo=UTC)
    except ValueError:
        return None


def _offset(zone: str, at: datetime) -> str:
    text = at.astimezone(pytz.timezone(zone)).strftime("%z")
    return f"{text[:3]}:{text[3:]}"


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
        "declared-location" if piece.get("rule") in DECLARED_RULES else piece.get("rule", ""),
        piece["key"],
        text,
        float(piece.get("confidence", 0.0)),
        None,
        at,
        _time_zone(at, country) if ip else None,
    )


def _ip_times(store: Store, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(entity, ip key) -> when the address was last in use by that entity: the latest event
    (a tip report's IP event, a P2P sighting) that mentions the address and involves the
    entity, or is the entity. An account's creation date is not a time of use: no time then."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for e, k in pairs:
        wanted[k].add(e)
    mentioning: dict[str, set[str]] = defaultdict(set)  # event or record id -> ip keys it mentions
    for batch in chunks(sorted(wanted)):
        got = store.select_columns("mentions", ["key", "entity_id"], {"key": batch})
        for k, e in zip(got["key"], got["entity_id"], strict=True):
            mentioning[e].add(k)
    out: dict[tuple[str, str], str] = {}
    for record in store.records(ids=sorted(mentioning)) if mentioning else ():
        when = next((record.first(p) for p in TIME_PROPS if record.first(p)), None)
        if not when:
            continue
        for k in mentioning[record.id]:
            for e in wanted[k] & {record.id, *record.get("involved")}:
                if when > out.get((e, k), ""):
                    out[(e, k)] = when
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
