"""Everything the network reads from the store, gathered in one pass over the records.

Kept as plain data (entity ids, not subjects) so that the edge builders stay pure
functions and can be tested without a store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from followthemoney import model

from clew.model.fragment import values as fragment_values
from clew.model.kinds import PARTIES, EntityKind, kind_of
from clew.network.subjects import SubjectIndex, is_actor
from clew.resolve import subject_map
from clew.store.base import Store

SCHEMATA = (
    "Person",
    "UserAccount",
    "LegalEntity",
    "Organization",
    "Membership",
    "Call",
    "Message",
    "Email",
    "Payment",
    "Event",
    "Ownership",
    "Directorship",
    "Employment",
    "Representation",
    "BankAccount",
    "CryptoWallet",
    "Associate",
    "Family",
    "UnknownLink",
    "Image",
    "Video",
    "Document",
)
ADMIN_ROLES = frozenset({"admin", "administrator", "owner", "creator"})
HASH_PROPS = ("clew:sha256", "contentHash", "clew:md5")
DIRECT_LINKS = {
    "Associate": ("person", "associate"),
    "Family": ("person", "relative"),
    # ties of a person to an organisation (an organisation is a party: clew.model.kinds)
    "Directorship": ("director", "organization"),
    "Employment": ("employee", "employer"),
    "Representation": ("agent", "client"),
}


@dataclass
class Inputs:
    """The raw material of the subject graph (entity ids throughout)."""

    actors: dict[str, str] = field(default_factory=dict)  # entity -> schema
    names: dict[str, list[str]] = field(default_factory=dict)
    countries: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # entity -> [(prop, cc)]
    owners: dict[str, str] = field(default_factory=dict)  # account entity -> owner entity
    groups: dict[str, str] = field(default_factory=dict)  # organisation id -> name
    memberships: list[tuple[str, str, str, str]] = field(default_factory=list)  # member, group, role, id
    interactions: list[tuple[str, str, str, str]] = field(default_factory=list)  # kind, a, b, via
    gatherings: list[tuple[str, str, list[str]]] = field(default_factory=list)  # kind, id, entities
    holders: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # account -> holders
    payments: list[tuple[list[str], list[str], str]] = field(default_factory=list)  # payer ids, ben ids, id
    files: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    record_sources: dict[str, set[str]] = field(default_factory=dict)  # actor -> source ids
    source_owners: dict[str, str] = field(default_factory=dict)  # source id -> owner entity
    resolved: dict[str, str] = field(default_factory=dict)
    mentions: dict[str, list[str]] = field(default_factory=dict)  # columns key, entity_id, prop

    def index(self) -> SubjectIndex:
        return SubjectIndex(self.resolved, self.owners)


PROPS: dict[str, tuple[str, ...]] = {
    "actor": ("id", "name", "username", "alias", "country", "nationality", "owner"),
    "Organization": ("id", "name", "topics"),
    "Interest": ("director", "organization", "employee", "employer", "agent", "client"),
    "Membership": ("member", "organization", "role"),
    "Call": ("caller", "receiver", "callerNumber", "receiverNumber"),
    "Message": ("sender", "senderAccount", "recipients", "recipientAccount"),
    "Email": ("emitters", "recipients"),
    "Payment": ("payer", "payerAccount", "beneficiary", "beneficiaryAccount"),
    "Event": ("involved", "organizer"),
    "Ownership": ("owner", "asset"),
    "Account": ("holder", "clew:holder", "owner"),
    "Link": ("person", "associate", "relative", "subject", "object"),
    "File": (*HASH_PROPS, "clew:holder"),
}


class _Rec:
    """The few properties of one entity the network reads (a light ``Record``)."""

    __slots__ = ("id", "properties", "schema", "sources")

    def __init__(self, entity_id: str, schema: str) -> None:
        self.id, self.schema, self.properties, self.sources = entity_id, schema, {}, set()

    def get(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    def is_a(self, schema: str) -> bool:
        own = model.get(self.schema)
        return own is not None and own.is_a(schema)


def _family() -> list[str]:
    out: set[str] = set()
    for name in SCHEMATA:
        schema = model.get(name)
        if schema is not None:
            out.add(schema.name)
            out.update(s.name for s in schema.descendants)
    return sorted(out)


def _records(store: Store) -> list[_Rec]:
    """The needed properties only, from the fragments of the needed schemata, fetched column-wise."""
    wanted = {p for group in PROPS.values() for p in group}
    found: dict[str, _Rec] = {}
    cols = store.select_columns(
        "fragments", ["entity_id", "schema", "props", "source_id"], {"schema": _family()}
    )
    actor = {s: is_actor(s) for s in set(cols["schema"])}
    for entity_id, schema, props, source_id in zip(
        cols["entity_id"], cols["schema"], cols["props"], cols["source_id"], strict=True
    ):
        rec = found.get(entity_id)
        if rec is None:
            rec = found[entity_id] = _Rec(entity_id, schema)
        elif rec.schema != schema and actor[schema] and not actor.get(rec.schema, False):
            rec.schema = schema
        rec.sources.add(str(source_id))
        for prop, values in fragment_values(props).items():
            if prop not in wanted:
                continue
            have = rec.properties.get(prop)
            if have is None:
                rec.properties[prop] = list(dict.fromkeys(values))
            else:
                have.extend(v for v in values if v not in have)
    return sorted(found.values(), key=lambda r: r.id)


def read(store: Store) -> Inputs:
    """One streamed pass over the statements the network uses, plus sources, resolution and
    the identifier mentions (read once here for every later use: calls by number, countries)."""
    out = Inputs(resolved=subject_map(store))
    out.mentions = store.select_columns("mentions", ["key", "entity_id", "prop"])
    for row in store.select("sources", columns=["id", "owner_entity"]):
        if row["owner_entity"]:
            out.source_owners[str(row["id"])] = row["owner_entity"]
    by_number: list[tuple[str, list[str], list[str]]] = []  # calls naming a side by number only
    for rec in _records(store):
        schema = rec.schema
        kind = kind_of(schema, rec.get("topics"))
        if kind in PARTIES:
            out.actors[rec.id] = schema
            out.names[rec.id] = rec.get("name") or rec.get("username") or rec.get("alias")
            cc = [("country", c) for c in rec.get("country")] + [
                ("nationality", c) for c in rec.get("nationality")
            ]
            if cc:
                out.countries[rec.id] = cc
            if schema == "UserAccount" and rec.first("owner"):
                out.owners[rec.id] = rec.first("owner")
            out.record_sources[rec.id] = set(rec.sources)
        elif kind == EntityKind.CHAT_GROUP:
            out.groups[rec.id] = rec.first("name") or rec.id
        elif schema == "Membership":
            role = (rec.first("role") or "member").strip().lower()
            for member in rec.get("member"):
                for group in rec.get("organization"):
                    out.memberships.append((member, group, role, rec.id))
        elif schema == "Call":
            caller, receiver = rec.get("caller"), rec.get("receiver")
            if (not caller and rec.get("callerNumber")) or (not receiver and rec.get("receiverNumber")):
                by_number.append((rec.id, caller, receiver))
            else:
                _pairs(out, "call", caller, receiver, rec.id)
        elif schema == "Message":
            senders = rec.get("sender") + rec.get("senderAccount")
            recipients = rec.get("recipients") + rec.get("recipientAccount")
            _pairs(out, "message", senders, recipients, rec.id)
        elif schema == "Email":
            _pairs(out, "message", rec.get("emitters"), rec.get("recipients"), rec.id)
        elif schema == "Payment":
            payer = rec.get("payer") + rec.get("payerAccount")
            beneficiary = rec.get("beneficiary") + rec.get("beneficiaryAccount")
            out.payments.append((payer, beneficiary, rec.id))
        elif schema == "Event":
            involved = sorted(set(rec.get("involved") + rec.get("organizer")))
            if len(involved) > 1:
                out.gatherings.append(("event", rec.id, involved))
        elif schema == "Ownership":
            for asset in rec.get("asset"):
                out.holders[asset].update(rec.get("owner"))
        elif schema in ("BankAccount", "CryptoWallet"):
            out.holders[rec.id].update(rec.get("holder") + rec.get("clew:holder") + rec.get("owner"))
        elif schema in DIRECT_LINKS or schema == "UnknownLink":
            left, right = DIRECT_LINKS.get(schema, ("subject", "object"))
            _pairs(out, "link", rec.get(left), rec.get(right), rec.id)
        elif schema in ("Image", "Video", "Document"):
            digest = next((rec.first(p) for p in HASH_PROPS if rec.first(p)), None)
            if digest:
                for holder in rec.get("clew:holder"):
                    out.files[digest.lower()].append((holder, rec.id))
    if by_number:
        _calls_by_number(out, by_number)
    _organisation_members(out)
    return out


def _organisation_members(out: Inputs) -> None:
    """A membership of an organisation (a party, not a chat group) is a direct tie between the
    member and the organisation, not a co-membership tie among all its members."""
    kept = []
    for member, group, role, via in out.memberships:
        if group in out.actors and group not in out.groups:
            _pairs(out, "link", [member], [group], via)
        else:
            kept.append((member, group, role, via))
    out.memberships = kept


NUMBER_PROPS = {"callerNumber": 0, "receiverNumber": 1}


def _calls_by_number(out: Inputs, calls: list[tuple[str, list[str], list[str]]]) -> None:
    """Calls whose caller or receiver is known only by number: the number's identifier key (the
    call's ``mentions``) names the actor records that carry the same number; a side joins when
    they all belong to one subject (a number shared by several subjects says nothing)."""
    wanted = {call for call, _c, _r in calls}
    found = out.mentions
    numbers: dict[str, tuple[set[str], set[str]]] = {c: (set(), set()) for c in wanted}
    holders: dict[str, set[str]] = defaultdict(set)
    for key, entity, prop in zip(found["key"], found["entity_id"], found["prop"], strict=True):
        if entity in wanted and prop in NUMBER_PROPS:
            numbers[entity][NUMBER_PROPS[prop]].add(key)
        elif entity in out.actors:
            holders[key].add(entity)
    index = out.index()

    def side(keys: set[str]) -> list[str]:
        people: list[str] = []
        for key in sorted(keys):
            entities = holders.get(key, set())
            if len({index.of(e) for e in entities}) == 1:
                people.append(min(entities))
        return people

    for call, caller, receiver in calls:
        left, right = numbers[call]
        _pairs(out, "call", caller or side(left), receiver or side(right), call)


def _pairs(out: Inputs, kind: str, left: list[str], right: list[str], via: str) -> None:
    for a in left:
        for b in right:
            if a != b:
                out.interactions.append((kind, a, b, via))
