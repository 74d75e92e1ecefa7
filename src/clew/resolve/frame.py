"""The resolver's input: actor records with their names, birth dates and strong identifiers.

Actor records are the things that can be a person: ``Person`` (incl. address-book contacts and
KYC holders) and ``UserAccount`` (platform accounts, tip-report accounts, P2P client ids).
Organisations (``Company``, ``Organization``, ``PublicBody``, a bare ``LegalEntity``) and chat
groups are not (``clew.model.kinds``): an organisation is a party of its own, never merged into
a person, and what it holds or says is not a person's own evidence — an asset passes its
identifiers to its holder only when it is an account, not when it is an organisation.

Identifiers come from the ``mentions`` table the ingest fills (``<kind>:<value>`` keys); an
account's identifiers (IBAN, wallet, crypto address) count for the actor that holds it
(``Ownership.owner``/``asset``, ``CryptoWallet.holder``), an identity document's number for its
``Identification.holder``. ``UserAccount.owner`` is kept as a
hard link: an account and its owner are one subject.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from clew.model.countries import DECLARED_COUNTRY_PROPS
from clew.model.kinds import PARTIES, kind_of_record
from clew.model.names import WEAK_NAME_PROPS, full_names
from clew.store.base import Store

ACTOR_SCHEMATA = ("Person", "UserAccount")
STRONG_KINDS = frozenset(
    {"phone", "email", "username", "iban", "account", "ewallet", "crypto", "device", "document"}
)
HOLDER_PROPS = {"CryptoWallet": ("holder",), "Identification": ("holder",)}
"""Records whose identifiers count for the actor they name (a wallet's, a passport's number)."""
MATCHED_COUNTRY_PROPS = (*DECLARED_COUNTRY_PROPS, "nationality", "citizenship")
_DIGITS = re.compile(r"\D+")


@dataclass(slots=True)
class Actor:
    """One actor record as resolution sees it. ``strong``: its names are real-person names."""

    id: str
    schema: str
    names: list[str] = field(default_factory=list)
    dob: str | None = None
    country: str | None = None
    keys: dict[str, str] = field(default_factory=dict)  # identifier key -> property it came from
    owner: str | None = None
    idpart: str | None = None  # partial identifier: last 8 digits of a phone number
    nicknames: list[str] = field(default_factory=list)  # weakAlias: a name to show, never to match

    @property
    def strong(self) -> bool:
        return self.schema == "Person"


def _dob(values: list[str]) -> str | None:
    for value in values:
        digits = _DIGITS.sub("", value)
        if len(digits) >= 8:
            return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
    return None


def _country(record) -> str | None:
    """The record's first country: a declared one, else a nationality or citizenship; never a
    country of birth, which two records of one emigrant contradict (``clew.model.countries``)."""
    found = next((c for prop in MATCHED_COUNTRY_PROPS for c in record.get(prop) if c), "")
    return found.upper()[:2] or None


def _idpart(values: Iterable[str]) -> str | None:
    for value in values:
        digits = _DIGITS.sub("", value)
        if len(digits) >= 7:
            return digits[-8:]
    return None


def load_actors(store: Store) -> list[Actor]:
    """Every actor record of the operation, with its strong identifiers, ordered by id."""
    actors: dict[str, Actor] = {}
    for record in store.records(ACTOR_SCHEMATA):
        if record.schema not in ACTOR_SCHEMATA:
            continue
        actors[record.id] = Actor(
            id=record.id,
            schema=record.schema,
            names=full_names(record),
            nicknames=[n for prop in WEAK_NAME_PROPS for n in record.get(prop)],
            dob=_dob(record.get("birthDate")),
            country=_country(record),
            owner=record.first("owner") if record.schema == "UserAccount" else None,
            idpart=_idpart(record.get("phone")),
        )
    holders = _asset_holders(store, actors)
    for row in store.select("mentions", columns=["key", "entity_id", "prop"]):
        kind = row["key"].split(":", 1)[0]
        if kind not in STRONG_KINDS:
            continue
        if row["entity_id"] in actors:
            actors[row["entity_id"]].keys.setdefault(row["key"], row["prop"])
        for holder in holders.get(row["entity_id"], ()):
            actors[holder].keys.setdefault(row["key"], f"asset:{row['entity_id']}")
    for actor in actors.values():
        if actor.owner not in actors:
            actor.owner = None
    return [actors[k] for k in sorted(actors)]


def _asset_holders(store: Store, actors: dict[str, Actor]) -> dict[str, set[str]]:
    """asset entity id -> actor ids holding it (Ownership, ``HOLDER_PROPS``)."""
    holders: dict[str, set[str]] = defaultdict(set)
    parties = {r.id for r in store.records(["LegalEntity"]) if kind_of_record(r) in PARTIES}
    for record in store.records(["Ownership", *HOLDER_PROPS]):
        if record.schema == "Ownership":
            for owner in record.get("owner"):
                for asset in record.get("asset"):
                    if owner in actors and asset not in parties:  # a company's numbers are not its owner's
                        holders[asset].add(owner)
        for schema, props in HOLDER_PROPS.items():
            for holder in (h for prop in props for h in record.get(prop)) if record.is_a(schema) else ():
                if holder in actors:
                    holders[record.id].add(holder)
    return holders
