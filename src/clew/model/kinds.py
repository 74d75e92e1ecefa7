"""What kind of party an FtM entity is, decided once from its schema and its own data (data).

FtM has one ``Organization`` schema for companies, charities, public bodies — and nothing for a
chat group. Clew's readers and the demo mark chat groups and message boards with the topic
``clew.chatgroup``/``clew.board``; another tool's export writes a chat group as a plain
``Organization`` with a topic of its own choosing, or none. So a plain ``Organization`` is read
by what it *is*: one with a **legal identity** — any property a registered or reachable body has
and a set of people meeting in a chat does not (:data:`LEGAL_IDENTITY_PROPS`: registration, tax
or LEI numbers, incorporation, jurisdiction, an address, a phone, an e-mail) — is an
**organisation**: a party of its own, never a person and never a chat group (issue 9 item 14).
One without is a **gathering** (kind ``chat-group``): known only by a name and what it says of
itself, its one role in the evidence is to gather its members, so its memberships tie the
members to each other and it is no node of the network (issue 11: measured in
docs/benchmarks.md, "Chat groups written as plain organisations"). ``Company``, ``PublicBody``
and a bare ``LegalEntity`` are organisations by their schema alone. FtM's topic registry has no
value for a chat group or forum, so no other tool's topic is recognised here. Analyses ask
here, so the rule is written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from followthemoney import model


class EntityKind(StrEnum):
    PERSON = "person"
    ACCOUNT = "account"  # a user account on a platform: one actor with its owner
    ORGANISATION = "organisation"
    CHAT_GROUP = "chat-group"  # a chat group, message board or other gathering: ties its members, is no party


CHAT_GROUP_TOPICS = frozenset({"clew.chatgroup", "clew.board"})
LEGAL_IDENTITY_PROPS = (
    "registrationNumber", "idNumber", "taxNumber", "vatCode", "leiCode", "dunsCode", "swiftBic",
    "innCode", "ogrnCode", "okpoCode", "npiCode", "permId", "uniqueEntityId", "cageCode",
    "giiNumber", "imoNumber", "licenseNumber", "uscCode", "bvdId", "icijId", "sayariId",
    "brightQueryId", "brightQueryOrgId", "opencorporatesUrl", "wikidataId",
    "incorporationDate", "dissolutionDate", "jurisdiction", "address", "addressEntity", "email",
    "phone",
)  # fmt: skip
"""``Organization`` properties that give it a legal identity (a body one can look up in a register
or reach at an address, number or mailbox). Left out on purpose: a name, alias, description,
summary, notes, topics, keywords, sector, classification, legal form, status, country and
website — what a tool may write about a chat group too (a group's ``legalForm`` "Telegram
group", its ``country``, its invitation link as ``website``)."""
PARTIES = frozenset({EntityKind.PERSON, EntityKind.ACCOUNT, EntityKind.ORGANISATION})
"""Kinds that are parties (subjects of the network): people, their accounts, organisations."""


class HasProps(Protocol):
    schema: str

    def get(self, prop: str) -> list[str]: ...


def kind_of(schema: str, topics: Iterable[str] = (), *, identified: bool = True) -> EntityKind | None:
    """The kind of an entity of ``schema`` with ``topics``, ``identified`` when it states a legal
    identity (:func:`kind_of_record` says so from a record); None for everything else
    (interactions, accounts at banks, files)."""
    s = model.get(schema)
    if s is None:
        return None
    if s.is_a("Person"):
        return EntityKind.PERSON
    if s.is_a("UserAccount"):
        return EntityKind.ACCOUNT
    if s.name == "Organization" and (
        not identified or CHAT_GROUP_TOPICS.intersection(t.strip().lower() for t in topics)
    ):
        return EntityKind.CHAT_GROUP
    if s.is_a("LegalEntity"):
        return EntityKind.ORGANISATION
    return None


def identified(record: HasProps) -> bool:
    """Whether ``record`` states any property of :data:`LEGAL_IDENTITY_PROPS`."""
    return any(record.get(prop) for prop in LEGAL_IDENTITY_PROPS)


def kind_of_record(record: HasProps) -> EntityKind | None:
    """:func:`kind_of` for a record: its schema, its topics and whether it states an identity."""
    schema = record.schema
    return kind_of(schema, record.get("topics"), identified=schema != "Organization" or identified(record))
