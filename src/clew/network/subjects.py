"""Which subject (resolved person) an entity belongs to, as the network sees it.

Reads resolution's output (``clew.resolve.subject_map`` when that package provides it,
else the ``subject_members`` table). Entities without a row are their own subject, except
an unresolved ``UserAccount`` with an ``owner``: it belongs to its owner's subject, because
an account and the person an extraction says owns it are one actor for the network.
"""

from __future__ import annotations

from collections.abc import Mapping

from followthemoney import model

from clew.store.base import Store


def resolved_map(store: Store) -> dict[str, str]:
    """entity_id -> subject_id for every entity resolution placed in a subject."""
    try:
        from clew.resolve import subject_map  # type: ignore[attr-defined]
    except ImportError:
        subject_map = None
    if subject_map is not None:
        return dict(subject_map(store))
    rows = store.select("subject_members", columns=["entity_id", "subject_id"])
    return {r["entity_id"]: r["subject_id"] for r in rows}


def is_actor(schema: str) -> bool:
    """Actors are people and their accounts; organisations are groups, not subjects."""
    s = model.get(schema)
    if s is None:
        return False
    return s.is_a("Person") or s.is_a("UserAccount") or s.name == "LegalEntity"


class SubjectIndex:
    """entity -> subject, with the owner fold for unresolved accounts."""

    def __init__(self, resolved: Mapping[str, str], owners: Mapping[str, str]) -> None:
        self.resolved = dict(resolved)
        self.owners = dict(owners)

    def of(self, entity_id: str) -> str:
        found = self.resolved.get(entity_id)
        if found is not None:
            return found
        owner = self.owners.get(entity_id)
        if owner is not None and owner != entity_id:
            return self.resolved.get(owner, owner)
        return entity_id

    def members(self, actors: set[str]) -> dict[str, set[str]]:
        """subject -> its actor entities (every actor once)."""
        out: dict[str, set[str]] = {}
        for entity in actors:
            out.setdefault(self.of(entity), set()).add(entity)
        return out
