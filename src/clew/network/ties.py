"""Ties the network can only place once every record is read (a second pass over ``Inputs``).

- **By identifier.** A ``Call`` may name a side only by number (``callerNumber``), an ``Email``
  only by address in its header fields (``from``, ``to``, ...). The identifier key (the record's
  ``mentions``) names the party records that carry the same number or address; a side joins
  when they all belong to one subject (an identifier shared by several subjects says nothing).
- **Organisations.** A membership of an organisation (a party, not a chat group) is a direct tie
  between member and organisation, not a co-membership among all its members; an ``Ownership``
  of an organisation is a tie between owner and organisation, not a holding: the organisation's
  payments and identifiers stay its own (``clew.model.kinds``). A chat group is no party: a
  message posted to it, or any other tie to it, makes its sender a member (co-membership).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clew.model.kinds import EntityKind, kind_of

if TYPE_CHECKING:  # inputs calls this module once it has read every record
    from clew.network.inputs import Inputs

SIDES: dict[str, dict[str, int]] = {
    "call": {"callerNumber": 0, "receiverNumber": 1},
    "message": {"from": 0, "sender": 0, "to": 1, "cc": 1, "bcc": 1},
}
"""Per interaction kind: the identifier properties naming its first or second side (data)."""


@dataclass(frozen=True)
class ByIdentifier:
    """An interaction with at least one side known only by identifier: the sides it names by
    entity (empty when none) — those win over identifiers."""

    kind: str
    via: str
    left: list[str]
    right: list[str]


def pairs(out: Inputs, kind: str, left: list[str], right: list[str], via: str) -> None:
    """Every left–right pair as an interaction ``kind`` through record ``via``."""
    for a in left:
        for b in right:
            if a != b:
                out.interactions.append((kind, a, b, via))


def by_identifier(out: Inputs, found: list[ByIdentifier]) -> None:
    """Place the sides of ``found`` named only by identifier (module doc)."""
    wanted = {item.via: SIDES[item.kind] for item in found}
    keys: dict[str, tuple[set[str], set[str]]] = {via: (set(), set()) for via in wanted}
    holders: dict[str, set[str]] = defaultdict(set)
    m = out.mentions
    for key, entity, prop in zip(m["key"], m["entity_id"], m["prop"], strict=True):
        if entity in wanted and prop in wanted[entity]:
            keys[entity][wanted[entity][prop]].add(key)
        elif entity in out.actors:
            holders[key].add(entity)
    index = out.index()

    def side(named: set[str]) -> list[str]:
        people: list[str] = []
        for key in sorted(named):
            entities = holders.get(key, set())
            if len({index.of(e) for e in entities}) == 1:
                people.append(min(entities))
        return people

    for item in found:
        left, right = keys[item.via]
        pairs(out, item.kind, item.left or side(left), item.right or side(right), item.via)


def organisations(out: Inputs, owned: list[tuple[str, str, str]]) -> None:
    """Memberships of organisations and ``owned`` (owner, asset, ownership id) of organisations
    become direct ``link`` ties; other ownerships make the owner the asset's holder. A gathering
    (a chat group: ``clew.model.kinds``) is no party: a party's interaction with one (a message
    posted to it, a link to it) is a membership of it, its ownership an ``owner`` membership."""
    if out.groups:
        _into_groups(out)
    kept = []
    for member, group, role, via in out.memberships:
        if group in out.actors and group not in out.groups:
            pairs(out, "link", [member], [group], via)
        else:
            kept.append((member, group, role, via))
    out.memberships = kept
    for owner, asset, via in owned:
        if asset in out.actors and kind_of(out.actors[asset]) == EntityKind.ORGANISATION:
            pairs(out, "link", [owner], [asset], via)
        elif asset in out.groups:
            out.memberships.append((owner, asset, "owner", via))
        else:
            out.holders[asset].add(owner)


def _into_groups(out: Inputs) -> None:
    """Interactions with a gathering on one side become memberships of its other side."""
    groups, kept = out.groups, []
    for kind, a, b, via in out.interactions:
        if a in groups or b in groups:
            out.memberships += [
                (m, g, "member", via) for m, g in ((a, b), (b, a)) if g in groups and m not in groups
            ]
        else:
            kept.append((kind, a, b, via))
    out.interactions = kept
