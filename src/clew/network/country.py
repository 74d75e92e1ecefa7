"""Where a subject is: every candidate country with its evidence, and the best one.

Weights (``RULE_WEIGHTS``), strongest first: a declared residence (FtM ``country`` on the
subject's records; on KYC records verified by the provider) 1.0 — it decides against any number
of foreign SIMs, because a SIM's numbering plan says where it was issued, not where its user
lives; a phone's numbering plan 0.8; an IBAN 0.7; a national number read in the source's
country 0.6; an IP's registry 0.3 (VPNs, roaming, hosting). An IP attributed for more than
``SHARED_EXIT_SUBJECTS`` distinct subjects is a VPN or hosting exit (no offline data-centre list
is used: no maintained PyPI package ships one): its confidence is divided by that number, and
the piece says so. Evidence comes from the subject's identifiers (``mentions`` →
``attributions``, with the confidence ingest stored) — of its own records and of the accounts it
holds — from its FtM country properties (``COUNTRY_PROPS``) and from records about it
(``LINKED``). Each piece counts ``confidence × RULE_WEIGHTS``
(phone prefix > IBAN > IP: a VPN exit or a foreign IP says less than a SIM's country).
Per country the pieces combine as a noisy-or, ``support = 1 − Π(1 − c_i)``; the best
country is the one with most support, and its ``confidence = support × support / Σ support``
(so strong evidence for a second country lowers it). Every candidate is stored: conflicting
evidence (a foreign SIM, a VPN) is shown, not hidden.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from clew.model import countries
from clew.store.base import Store

COUNTRY_PROPS = countries.COUNTRY_PROPS
"""A party's own FtM country properties (``clew.model.countries``); each is evidence of rule
``<prop>-property``."""
LINKED = ("address", "identification")
"""Countries stated on another record about the party (rule ``<kind>-country``): the ``Address``
its ``addressEntity`` names, an ``Identification``/``Passport`` whose ``holder`` it is."""
RULE_WEIGHTS: dict[str, float] = {
    "country-property": 1.0,  # a declared residence (KYC: verified by the provider) decides
    # FtM's "primary country of this entity" and "where it operates", both to be preferred over
    # `country` by the exporting tool: the same declaration, in the words of another tool
    "mainCountry-property": 1.0,
    "jurisdiction-property": 1.0,
    "address-country": 1.0,  # the country of a stated address: a declared residence, in detail
    "phone-prefix": 0.8,  # where a SIM was issued: people travel and keep foreign SIMs
    "iban-country": 0.7,  # where an account was opened
    "phone-national-context": 0.6,  # the source's country read into a national number: an assumption
    # the entity's own country read into its national number: the same assumption (its country
    # statement already counts once as "country-property"; more here would count it twice)
    "phone-entity-country": 0.6,
    "nationality-property": 0.5,  # a nationality is not a residence
    "citizenship-property": 0.5,  # FtM's other word for a nationality
    # a state issued the holder a passport or ID card: a citizenship (as a nationality) or a
    # past residence, not where the holder is now
    "identification-country": 0.5,
    "bic-country": 0.5,
    "ip-registry": 0.3,  # where an address is registered: VPNs, roaming, hosting
    # where someone was born says less than a nationality still held (people emigrate)
    "birthCountry-property": 0.3,
    "email-cctld": 0.2,
}
DECLARED_RULES = frozenset(
    {"country-property", "mainCountry-property", "jurisdiction-property", "address-country"}
)
"""The declarations of where a party is (weight 1.0): a lead package calls them ``declared-location``."""
DEFAULT_RULE_WEIGHT = 0.2
SHARED_EXIT_SUBJECTS = 3  # an IP seen for more unrelated subjects than this is a VPN/hosting exit
IP_RULES = frozenset({"ip-registry"})


def rule_weight(rule: str) -> float:
    return RULE_WEIGHTS.get(rule, DEFAULT_RULE_WEIGHT)


def candidates(
    store: Store,
    members: Mapping[str, set[str]],
    held: Mapping[str, set[str]],
    properties: Mapping[str, list[tuple[str, str]]],
    mentions: Mapping[str, Sequence[str]],
) -> dict[str, list[dict]]:
    """subject -> candidate countries, best first: ``{country, support, confidence, chosen, evidence}``.

    ``members``: subject -> its actor entities; ``held``: subject -> accounts it holds;
    ``properties``: entity -> [(prop, country, record)] from FtM properties of the entity
    itself (``record`` is the entity) or of a record about it (``LINKED``); ``mentions``: the
    ``mentions`` table column-wise (``key`` and ``entity_id``), as the network read it.
    """
    owner: dict[str, str] = {}
    for subject, entities in members.items():
        for e in entities:
            owner[e] = subject
    for subject, accounts in held.items():
        for a in accounts:
            owner.setdefault(a, subject)
    keys: dict[str, set[tuple[str, str]]] = defaultdict(set)  # key -> {(subject, entity)}
    for key, entity in zip(mentions["key"], mentions["entity_id"], strict=True):
        subject = owner.get(entity)
        if subject is not None:
            keys[key].add((subject, entity))
    pieces: dict[str, dict[str, dict[tuple, dict]]] = defaultdict(lambda: defaultdict(dict))
    crowd = {key: len({s for s, _ in held_by}) for key, held_by in keys.items()}
    if keys:
        found = store.select_columns("attributions", ["key", "country", "rule", "evidence", "confidence"])
        for key, cc, rule, evidence, confidence in zip(*found.values(), strict=True):
            for subject, entity in sorted(keys.get(key, ())):  # the same evidence on every run
                piece = {
                    "rule": rule,
                    "key": key,
                    "evidence": evidence,
                    "confidence": float(confidence),
                    "entity": entity,
                }
                if rule in IP_RULES and crowd[key] > SHARED_EXIT_SUBJECTS:
                    piece["confidence"] = round(float(confidence) / crowd[key], 4)
                    piece["shared_exit"] = f"seen for {crowd[key]} unrelated subjects: a VPN or hosting exit"
                pieces[subject][cc.upper()].setdefault((key, rule), piece)
    for entity, values in properties.items():
        subject = owner.get(entity)
        if subject is None:
            continue
        for prop, country, record in values:
            cc = country.strip().upper()[:2]
            if not countries.is_country(cc):  # kept raw by ingest ("xx"), FtM's "zz" (global)
                continue
            own = record == entity
            rule = f"{prop}-property" if own else f"{prop}-country"
            evidence = f"on record {entity}" if own else f"on {prop} record {record} of {entity}"
            piece = {
                "rule": rule,
                "key": f"{record}:{prop}",
                "evidence": f"{prop if own else 'country'} {country!r} {evidence}",
                "confidence": 1.0,
                "entity": entity,
            }
            pieces[subject][cc].setdefault((record, rule), piece)
    return {subject: _rank(by_country) for subject, by_country in pieces.items()}


def _rank(by_country: Mapping[str, Mapping[tuple, dict]]) -> list[dict]:
    scored = []
    for country, found in by_country.items():
        miss = 1.0
        for piece in found.values():
            miss *= 1.0 - min(1.0, piece["confidence"] * rule_weight(piece["rule"]))
        evidence = sorted(found.values(), key=lambda p: -p["confidence"] * rule_weight(p["rule"]))
        scored.append({"country": country, "support": round(1.0 - miss, 4), "evidence": evidence})
    scored.sort(key=lambda c: (-c["support"], -len(c["evidence"]), c["country"]))
    total = sum(c["support"] for c in scored) or 1.0
    for i, c in enumerate(scored):
        c["confidence"] = round(c["support"] * c["support"] / total, 4)
        c["chosen"] = int(i == 0)
    return scored
