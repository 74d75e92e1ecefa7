"""What kind of party an FtM entity is, decided once from its schema and topics (data).

FtM has one ``Organization`` schema for companies, charities, public bodies — and nothing for a
chat group. Clew's readers and the demo mark chat groups and message boards with the topic
``clew.chatgroup``/``clew.board`` on a plain ``Organization``. Everything else that is a legal
entity and not a person — ``Company``, ``PublicBody``, an unmarked ``Organization`` (what Aleph
and other FtM tools export), a bare ``LegalEntity`` — is an **organisation**: a party of its
own, never a person and never a chat group (issue 9 item 14). Analyses ask here, so the rule
is written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from followthemoney import model


class EntityKind(StrEnum):
    PERSON = "person"
    ACCOUNT = "account"  # a user account on a platform: one actor with its owner
    ORGANISATION = "organisation"
    CHAT_GROUP = "chat-group"  # a chat group or message board: ties its members, is no party


CHAT_GROUP_TOPICS = frozenset({"clew.chatgroup", "clew.board"})
PARTIES = frozenset({EntityKind.PERSON, EntityKind.ACCOUNT, EntityKind.ORGANISATION})
"""Kinds that are parties (subjects of the network): people, their accounts, organisations."""


def kind_of(schema: str, topics: Iterable[str] = ()) -> EntityKind | None:
    """The kind of an entity of ``schema`` with ``topics``; None for everything else
    (interactions, accounts at banks, files)."""
    s = model.get(schema)
    if s is None:
        return None
    if s.is_a("Person"):
        return EntityKind.PERSON
    if s.is_a("UserAccount"):
        return EntityKind.ACCOUNT
    if s.name == "Organization" and CHAT_GROUP_TOPICS.intersection(t.strip().lower() for t in topics):
        return EntityKind.CHAT_GROUP
    if s.is_a("LegalEntity"):
        return EntityKind.ORGANISATION
    return None
