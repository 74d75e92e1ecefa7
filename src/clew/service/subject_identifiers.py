"""A subject's identifiers, each with its country, the evidence for it and where it came from.

The identifiers are those the subject's own records state and those of the accounts they hold:
an account joined to the subject by an ``Ownership`` (owner → asset), or an entity naming it as
its ``holder`` (a wallet, an identity document: ``clew.resolve.frame.HOLDER_PROPS``) — the same
links resolution counts, so the subject page shows what made the subject. An asset that is a
party (an organisation) passes nothing on: its identifiers are its own, never the subject's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from followthemoney import model

from clew.model.kinds import PARTIES, kind_of_record
from clew.resolve.frame import HOLDER_PROPS
from clew.service.base import Result, rounded
from clew.store.base import Store


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


def identifiers(store: Store, entity_ids: list[str]) -> tuple[IdentifierView, ...]:
    """The identifiers the subject's records state and those of the accounts they hold, each
    with the entity (and source and line) it came through."""
    held = held_accounts(store, entity_ids)
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


def held_accounts(store: Store, entity_ids: list[str]) -> dict[str, tuple[str, str]]:
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
