"""Which subject (resolved person) an entity belongs to, as the network sees it.

Resolution's output (``clew.resolve.subject_map``) places entities in subjects. Entities
without a row are their own subject, except an unresolved ``UserAccount`` with an ``owner``:
it belongs to its owner's subject, because an account and the person an extraction says
owns it are one actor for the network.
"""

from __future__ import annotations

from collections.abc import Mapping

from clew.model.kinds import PARTIES, kind_of


def is_actor(schema: str) -> bool:
    """Parties are people, their accounts and organisations (``clew.model.kinds``); a chat group
    (an ``Organization`` with a chat-group topic) ties its members and is no party."""
    return kind_of(schema) in PARTIES


class SubjectIndex:
    """entity -> subject, with the owner fold for unresolved accounts."""

    def __init__(self, resolved: Mapping[str, str], owners: Mapping[str, str]) -> None:
        self.resolved = dict(resolved)
        self.owners = dict(owners)

    def of(self, entity_id: str) -> str:
        """The subject of ``entity_id``: its resolved subject, its owner's for an unresolved
        account, else itself."""
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
