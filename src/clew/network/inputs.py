"""Everything the network reads from the store, gathered in one pass over the records.

Kept as plain data (entity ids, not subjects) so that the edge builders stay pure
functions and can be tested without a store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from clew.model.kinds import LEGAL_IDENTITY_PROPS, PARTIES, EntityKind, kind_of_record
from clew.model.names import NAME_PARTS, NAME_PROPS, WEAK_NAME_PROPS, full_names
from clew.network import records, ties
from clew.network.country import COUNTRY_PROPS
from clew.network.subjects import SubjectIndex
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
    "Address",
    "Identification",
    "Documentation",
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
    # entity -> [(prop, cc, record)]: its own country properties, and LINKED records about it
    countries: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
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
    "actor": ("id", *NAME_PROPS, *NAME_PARTS, *WEAK_NAME_PROPS, "username", *COUNTRY_PROPS, "owner"),
    "Address": ("addressEntity",),
    "Identification": ("holder", "country"),
    "Organization": ("id", "name", "topics", *LEGAL_IDENTITY_PROPS),
    "Interest": ("director", "organization", "employee", "employer", "agent", "client"),
    "Membership": ("member", "organization", "role"),
    "Call": ("caller", "receiver", "callerNumber", "receiverNumber"),
    "Message": ("sender", "senderAccount", "recipients", "recipientAccount"),
    "Email": ("emitters", "recipients", *ties.SIDES["message"]),
    "Payment": ("payer", "payerAccount", "beneficiary", "beneficiaryAccount"),
    "Event": ("involved", "organizer"),
    "Ownership": ("owner", "asset"),
    "Account": ("holder", "clew:holder", "owner"),
    "Link": ("person", "associate", "relative", "subject", "object"),
    "File": (*HASH_PROPS, "clew:holder"),
    "Documentation": ("document", "entity"),
}


def read(store: Store) -> Inputs:
    """One streamed pass over the statements the network uses, plus sources, resolution and
    the identifier mentions (read once here for every later use: calls by number, countries)."""
    out = Inputs(resolved=subject_map(store))
    out.mentions = store.select_columns("mentions", ["key", "entity_id", "prop"])
    for row in store.select("sources", columns=["id", "owner_entity"]):
        if row["owner_entity"]:
            out.source_owners[str(row["id"])] = row["owner_entity"]
    by_identifier: list[ties.ByIdentifier] = []  # calls and e-mails naming a side by identifier only
    owned: list[tuple[str, str, str]] = []  # owner, asset, ownership id
    addressed: list[tuple[str, str]] = []  # party, its Address entity
    address_countries: dict[str, list[str]] = {}
    held: dict[str, tuple[str, list[str]]] = {}  # file -> (digest, its clew:holder)
    documented: dict[str, list[str]] = defaultdict(list)  # file -> Documentation entities
    for rec in records.read(store, SCHEMATA, {p for group in PROPS.values() for p in group}):
        schema = rec.schema
        kind = kind_of_record(rec)
        if kind in PARTIES:
            out.actors[rec.id] = schema
            out.names[rec.id] = full_names(rec) or rec.get("username") or rec.get("weakAlias")
            cc = [(prop, c, rec.id) for prop in COUNTRY_PROPS for c in rec.get(prop)]
            if cc:
                out.countries.setdefault(rec.id, []).extend(cc)
            addressed += [(rec.id, address) for address in rec.get("addressEntity")]
            if schema == "UserAccount" and rec.first("owner"):
                out.owners[rec.id] = rec.first("owner")
            out.record_sources[rec.id] = set(rec.sources)
        elif kind == EntityKind.CHAT_GROUP:
            out.groups[rec.id] = rec.first("name") or rec.id
        elif schema == "Address":
            address_countries[rec.id] = rec.get("country")
        elif rec.is_a("Identification"):
            for holder in rec.get("holder"):
                cc = [("identification", c, rec.id) for c in rec.get("country")]
                out.countries.setdefault(holder, []).extend(cc)
        elif schema == "Membership":
            role = (rec.first("role") or "member").strip().lower()
            for member in rec.get("member"):
                for group in rec.get("organization"):
                    out.memberships.append((member, group, role, rec.id))
        elif schema == "Call":
            _interaction(out, by_identifier, rec, "call", rec.get("caller"), rec.get("receiver"))
        elif schema == "Message":
            senders = rec.get("sender") + rec.get("senderAccount")
            recipients = rec.get("recipients") + rec.get("recipientAccount")
            ties.pairs(out, "message", senders, recipients, rec.id)
        elif schema == "Email":
            _interaction(out, by_identifier, rec, "message", rec.get("emitters"), rec.get("recipients"))
        elif schema == "Payment":
            payer = rec.get("payer") + rec.get("payerAccount")
            beneficiary = rec.get("beneficiary") + rec.get("beneficiaryAccount")
            out.payments.append((payer, beneficiary, rec.id))
        elif schema == "Event":
            involved = sorted(set(rec.get("involved") + rec.get("organizer")))
            if len(involved) > 1:
                out.gatherings.append(("event", rec.id, involved))
        elif schema == "Ownership":
            owned += [(owner, asset, rec.id) for owner in rec.get("owner") for asset in rec.get("asset")]
        elif schema in ("BankAccount", "CryptoWallet"):
            out.holders[rec.id].update(rec.get("holder") + rec.get("clew:holder") + rec.get("owner"))
        elif schema in DIRECT_LINKS or schema == "UnknownLink":
            left, right = DIRECT_LINKS.get(schema, ("subject", "object"))
            ties.pairs(out, "link", rec.get(left), rec.get(right), rec.id)
        elif schema in ("Image", "Video", "Document"):
            digest = file_digest(rec)
            if digest:
                held[rec.id] = (digest, rec.get("clew:holder"))
        elif schema == "Documentation":
            for document in rec.get("document"):
                documented[document] += rec.get("entity")
    for file, (digest, holders) in sorted(held.items()):
        for holder in holders or sorted(set(documented.get(file, ()))):
            out.files[digest].append((holder, file))
    if by_identifier:
        ties.by_identifier(out, by_identifier)
    ties.organisations(out, owned)
    for party, address in addressed:
        cc = [("address", c, address) for c in address_countries.get(address, [])]
        if cc:
            out.countries.setdefault(party, []).extend(cc)
    return out


def file_digest(rec) -> str | None:
    """The file's strongest checksum (longest, then smallest), from Clew's own hash properties
    or FtM's ``contentHash`` (where another tool writes every checksum it has): two copies of a
    file are one file whichever property or order a tool wrote its hashes in."""
    values = {v.strip().lower() for p in HASH_PROPS for v in rec.get(p) if v.strip()}
    return min(values, key=lambda v: (-len(v), v)) if values else None


def _interaction(
    out: Inputs,
    later: list[ties.ByIdentifier],
    rec: records.Rec,
    kind: str,
    left: list[str],
    right: list[str],
) -> None:
    """A call or e-mail: its pairs now, or later (``ties.by_identifier``) when a side is named
    only by number or address (``ties.SIDES``)."""
    sides = ties.SIDES[kind]
    named = [any(rec.get(p) for p, s in sides.items() if s == side) for side in (0, 1)]
    if (not left and named[0]) or (not right and named[1]):
        later.append(ties.ByIdentifier(kind, rec.id, left, right))
    else:
        ties.pairs(out, kind, left, right, rec.id)
