"""UFDR models to Clew's records (FtM entities), the way Aleph's ingest-file understands them.

Contacts become ``Person`` s (each ``UserID`` entry a ``UserAccount`` it owns); the device's
``UserAccount`` models the owner's accounts; chats their participants' accounts, and a group chat
an ``Organization`` (topic ``clew.chatgroup``) with a ``Membership`` per participant (``admin``
where the report flags it); messages, SMS and MMS ``Message`` s (date, sender, recipients: the
text is not read); calls ``Call`` s; e-mails ``Email`` s (addresses and date only); calendar
entries ``Event`` s; messaging and wallet apps (``clew.vocabulary.LEAD_APPS``) a ``UserAccount``
of the owner as a lead. The full table is in docs/formats.md ("UFDR").

A party (of a call, message, event) is the device's owner when flagged ``IsPhoneOwner`` or when
its number is the SIM's; a contact of the report when its number (read against the device's
country) is one of that contact's; else its own ``LegalEntity``. Every other model type is
counted and listed as not read. Locators are ``model[@id='…'] (Type)``: the model's id, which
Physical Analyzer shows, so the analyst finds the item there.
"""

from __future__ import annotations

import re
from typing import Any

from followthemoney.types import registry

from clew.ingest.identifier_rows import cached_normalise, identifier_context
from clew.ingest.ids import ufdr_account_id, ufdr_group_id, ufdr_model_id, ufdr_party_id
from clew.ingest.records import RecordResult
from clew.ingest.region import Region
from clew.ingest.summary import SKIPPED
from clew.ingest.ufdr_xml import fields, first, flag, parts, submodels
from clew.vocabulary import LEAD_APPS

MAX_NUMBERS = 200_000  # numbers of contacts remembered to recognise call parties (~30 MB)
GROUP_TYPES = {"group", "groupchat", "channel", "broadcast", "supergroup"}
ADMIN_ROLES = {"admin", "administrator", "owner", "creator", "groupadmin", "moderator"}
PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]{5,}$")
WORDS = re.compile(r"[a-z0-9]+")
TIME_FIELDS = frozenset(("TimeStamp",))  # the message's own field read first (its body never is); its status
STATUS_FIELDS = ("Status", "Folder", "Direction")  # read only when no party is the sender
SENDER_FIELDS = ("From",)  # a message's parties: these send, the others receive unless their Role is From
RECIPIENT_FIELDS = ("To", "Parties")
PARTY_FIELDS = frozenset(SENDER_FIELDS + RECIPIENT_FIELDS)
OUTGOING = ("sent", "outgoing", "outbox")  # a message's status, folder or direction: the owner sent it
Subs = list[tuple[str, Any]]  # a model's nested models by field name (``ufdr_xml.parts``)


def seconds(text: str | None) -> str | None:
    """``"01:02:03"`` or ``"75"`` as whole seconds; None if neither."""
    if not text:
        return None
    try:
        parts = [float(p) for p in text.strip().split(":")]
    except ValueError:
        return None
    total = 0.0
    for part in parts:
        total = total * 60 + part
    return str(int(total))


class Mapper:
    """The records of one report's models; remembers the contacts' numbers to place parties."""

    def __init__(self, project: str, owner_id: str, owner_phones: list[str], region: Region) -> None:
        self.project, self.owner_id, self.region = project, owner_id, region
        self.context = identifier_context("phone", {}, region.basis)  # as the loader will: one cache entry
        self.numbers: dict[str, str] = {}
        for raw in owner_phones:
            if key := self._number(raw):
                self.numbers[key] = owner_id
        self.parties: set[str] = set()
        self.chat: tuple[str, dict[str, Any]] | None = None
        self.chat_el: Any = None  # the element of ``self.chat`` (``models`` yields one object a chat)

    def result(self, locator: str, line: int | None, entity_id: str, schema: str,
               props: dict[str, list[str]], tally: str | None = None) -> RecordResult:  # fmt: skip
        entity = {"id": entity_id, "schema": schema, "properties": {k: v for k, v in props.items() if v}}
        return RecordResult(locator, line, entity=entity, region=self.region, tally=tally)

    def _number(self, raw: str) -> str | None:
        if not PHONE_LIKE.match(raw.strip()):
            return None
        return cached_normalise("phone", raw, self.region.country, self.context).value

    def map(self, el: Any) -> list[RecordResult]:
        kind = el.get("type") or "?"
        handler = getattr(self, f"_{kind.lower()}", None)
        if handler is None:
            return [RecordResult(locator(el), el.sourceline, tally=f"{SKIPPED}{kind}")]
        if handler == self._sms:  # its body is never read
            return self.message(el, None)
        return handler(el, *parts(el))

    # --- people and accounts -------------------------------------------------------------
    def _contact(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        cid = ufdr_model_id(self.project, el.get("id") or locator(el))
        phones, emails, out = [], [], []
        service = first(f, "Source", "ServiceIdentifier")
        for entry in submodels(subs, "Entries", "PhoneNumbers", "Emails"):
            ef = fields(entry)
            value = first(ef, "Value")
            if not value:
                continue
            kind = entry.get("type")
            if kind == "PhoneNumber":
                phones.append(value)
                if (key := self._number(value)) and len(self.numbers) < MAX_NUMBERS:
                    self.numbers.setdefault(key, cid)
            elif kind == "EmailAddress":
                emails.append(value)
            elif kind == "UserID":
                app = first(ef, "Domain", "Category") or service
                if app:
                    aid = ufdr_account_id(self.project, app, value)
                    props = {"service": [app], "username": [value], "owner": [cid]}
                    out.append(self.result(locator(entry), entry.sourceline, aid, "UserAccount", props))
        props = {"name": f.get("Name", [])[:1], "phone": phones, "email": emails}
        return [self.result(locator(el), el.sourceline, cid, "Person", props, "contacts"), *out]

    def _useraccount(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        service = first(f, "Source", "ServiceType", "ServiceIdentifier")
        entries = [(e.get("type"), first(fields(e), "Value")) for e in submodels(subs, "Entries")]
        user = first(f, "Username", "UserName") or next((v for t, v in entries if t == "UserID" and v), None)
        phones = [v for t, v in entries if t == "PhoneNumber" and v]
        ident = user or (phones[0] if phones else None)
        if not service or not ident:
            why = "a user account needs its app (Source) and a user name, user id or number"
            return [RecordResult.fail(locator(el), el.sourceline, why, "Source/Username", _text(el))]
        props = {
            "service": [service], "username": [user] if user else [], "name": f.get("Name", [])[:1],
            "phone": phones, "email": [v for t, v in entries if t == "EmailAddress" and v],
            "owner": [self.owner_id],
        }  # fmt: skip
        aid = ufdr_account_id(self.project, service, ident)
        return [self.result(locator(el), el.sourceline, aid, "UserAccount", props, "accounts")]

    def _installedapplication(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        name, package = first(f, "Name"), first(f, "Identifier", "PackageName")
        words = set(WORDS.findall(f"{name or ''} {package or ''}".lower().replace(".", " ")))
        kind = next((k for k, apps in LEAD_APPS.items() if words & set(apps)), None)
        if kind is None or not (name or package):
            return [RecordResult(locator(el), el.sourceline, tally="apps")]
        summary = f"installed {kind} application {package or name} {first(f, 'Version') or ''}".strip()
        aid = ufdr_model_id(self.project, el.get("id") or locator(el))
        props = {"service": [name or package], "owner": [self.owner_id], "summary": [summary]}
        return [self.result(locator(el), el.sourceline, aid, "UserAccount", props, "app leads")]

    # --- parties -------------------------------------------------------------------------
    def party(
        self, el: Any, f: dict[str, list[str]] | None = None
    ) -> tuple[str | None, str | None, list[RecordResult]]:
        """``(entity id, the party's identifier, records to add)`` of a ``Party`` (``f``: its fields)."""
        f = fields(el) if f is None else f
        ident, name = first(f, "Identifier"), first(f, "Name")
        if flag(f, "IsPhoneOwner"):
            return self.owner_id, ident, []
        if ident and (key := self._number(ident)) and key in self.numbers:
            return self.numbers[key], ident, []
        if not ident and not name:
            return None, None, []
        pid = ufdr_party_id(self.project, ident or name or "")
        if pid in self.parties:
            return pid, ident, []
        if len(self.parties) < MAX_NUMBERS:
            self.parties.add(pid)
        phone_like = bool(ident and PHONE_LIKE.match(ident))
        props = {
            "name": [name] if name else [], "phone": [ident] if phone_like else [],
            "email": [ident] if ident and "@" in ident and not phone_like else [],
        }  # fmt: skip
        return pid, ident, [self.result(locator(el), el.sourceline, pid, "LegalEntity", props)]

    def account(
        self, el: Any, service: str, is_owner: bool, f: dict[str, list[str]] | None = None
    ) -> tuple[str, RecordResult] | None:
        f = fields(el) if f is None else f
        ident = first(f, "Identifier") or first(f, "Name")
        if not ident:
            return None
        aid = ufdr_account_id(self.project, service, ident)
        phone_like = bool(PHONE_LIKE.match(ident))
        props = {
            "service": [service], "username": [] if phone_like else [ident],
            "phone": [ident] if phone_like else [], "name": f.get("Name", [])[:1],
            "owner": [self.owner_id] if is_owner else [],
        }  # fmt: skip
        return aid, self.result(locator(el), el.sourceline, aid, "UserAccount", props)

    # --- chats and messages ----------------------------------------------------------------
    def chat_context(self, chat: Any) -> tuple[dict[str, Any], list[RecordResult]]:
        """The chat's service, group and participants (computed once per chat)."""
        key = chat.get("id") or str(chat.sourceline)
        if self.chat is not None and self.chat[0] == key:
            return self.chat[1], []
        f, subs = parts(chat)
        service = first(f, "Source", "ServiceIdentifier") or "unknown app"
        members = submodels(subs, "Participants")
        ctype = (first(f, "ChatType", "Type") or "").lower().replace(" ", "")
        group = ctype in GROUP_TYPES or (not ctype and len(members) > 2)
        out: list[RecordResult] = []
        ctx: dict[str, Any] = {"service": service, "group": None, "people": [], "accounts": set()}
        ctx["known"] = {}  # identifier -> account id of the members met (``_sender``)
        if group:
            gid = ufdr_group_id(service, first(f, "Id", "ChatId") or f"{self.project}:{key}")
            ctx["group"] = gid
            props = {"name": f.get("Name", [])[:1], "topics": ["clew.chatgroup"], "keywords": [service]}
            out.append(self.result(locator(chat), chat.sourceline, gid, "Organization", props, "groups"))
        for p in members:
            pf = fields(p)
            is_owner = flag(pf, "IsPhoneOwner")
            if group:
                acct = self.account(p, service, is_owner, pf)
                if acct is None:
                    continue
                aid, rec = acct
                out.append(rec)
                ctx["accounts"].add(aid)
                admin = flag(pf, "IsAdmin", "IsGroupAdmin", "IsOwner") or any(
                    r.lower().replace(" ", "") in ADMIN_ROLES for r in pf.get("Role", [])
                )
                mid = ufdr_model_id(self.project, f"{key}/member/{aid}")
                mprops = {
                    "member": [aid],
                    "organization": [ctx["group"]],
                    "role": ["admin" if admin else "member"],
                }
                out.append(self.result(locator(p), p.sourceline, mid, "Membership", mprops))
            else:
                pid, _, recs = self.party(p, pf)
                out.extend(recs)
                if pid:
                    ctx["people"].append(pid)
        self.chat = (key, ctx)
        return ctx, out

    def message(self, el: Any, chat: Any | None) -> list[RecordResult]:
        """A chat's ``InstantMessage`` or an ``SMS``/``MMS``: who sent it to whom, and when. In a
        chat, a party that is neither the owner nor a contact is the app account it names.

        The hot path of a report (most of its models are messages): only the fields and parties
        used are read, parties in one loop (``From`` first, then ``To``/``Parties``), the
        status only when no party is the sender, the chat's context found by the chat's object,
        and the properties built with no empty value to filter out (in :meth:`result`'s order)."""
        f, subs = parts(el, TIME_FIELDS, PARTY_FIELDS)
        ctx = None
        out: list[RecordResult] = []
        if chat is not None and chat is self.chat_el and self.chat is not None:
            ctx = self.chat[1]
        elif chat is not None:
            ctx, out = self.chat_context(chat)
            self.chat_el = chat
        senders: list[str] = []
        recipients: list[str] = []
        for names in SENDER_FIELDS, RECIPIENT_FIELDS:
            for name, p in subs:
                if name not in names:
                    continue
                pf = fields(p)
                pid, recs = self._sender(p, pf, ctx)
                if recs:
                    out += recs
                if pid:
                    role = pf.get("Role")
                    from_ = names is SENDER_FIELDS or (role is not None and role[0].lower() == "from")
                    (senders if from_ else recipients).append(pid)
        if not senders and _outgoing(fields(el, *STATUS_FIELDS)):
            senders = [self.owner_id]
        group = ctx["group"] if ctx is not None else None
        if ctx is not None and not group and senders and not recipients:
            recipients = [p for p in ctx["people"] if p not in senders]
        where = locator(el)
        accounts = ctx["accounts"] if ctx is not None else ()
        props: dict[str, list[str]] = {}
        if date := f.get("TimeStamp"):
            props["date"] = date[:1]
        if senders:
            props["senderAccount" if senders[0] in accounts else "sender"] = senders[:1]
        if recipients:
            if people := [i for i in recipients if i not in accounts]:
                props["recipients"] = people
            if own := [i for i in recipients if i in accounts]:
                props["recipientAccount"] = own
        if group:
            props["clew:group"] = [group]
        mid = ufdr_model_id(self.project, el.get("id") or where)
        entity = {"id": mid, "schema": "Message", "properties": props}
        out.append(RecordResult(where, el.sourceline, entity=entity, region=self.region, tally="messages"))
        return out

    def _sender(
        self, p: Any, pf: dict[str, list[str]], ctx: dict[str, Any] | None
    ) -> tuple[str | None, list[RecordResult]]:
        """The entity a message's party stands for (see :meth:`message`). In a chat, an account
        already met is looked up by its identifier (``ctx["known"]``): no number parsed, no id
        hashed again for the thousands of messages of one member."""
        ident = pf["Identifier"][0] if "Identifier" in pf else None
        if ctx is None or not ident or ("IsPhoneOwner" in pf and flag(pf, "IsPhoneOwner")):
            pid, _, recs = self.party(p, pf)
            return pid, recs
        known = ctx["known"].get(ident)
        if known is not None:
            return known, []
        if (key := self._number(ident)) and key in self.numbers:
            pid, _, recs = self.party(p, pf)
            return pid, recs
        if (aid := ufdr_account_id(self.project, ctx["service"], ident)) in ctx["accounts"]:
            ctx["known"][ident] = aid
            return aid, []
        acct = self.account(p, ctx["service"], False, pf)
        if acct is None:
            return None, []
        aid, rec = acct
        ctx["known"][ident] = aid
        if aid in ctx["accounts"]:
            return aid, []
        ctx["accounts"].add(aid)
        return aid, [rec]

    def _chat(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        _, out = self.chat_context(el)
        self.chat = self.chat_el = None
        return [*out, RecordResult(locator(el), el.sourceline, tally="chats")]

    def _sms(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        return self.message(el, None)

    _mms = _instantmessage = _sms

    # --- calls, e-mail, calendar -------------------------------------------------------------
    def _call(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        out: list[RecordResult] = []
        outgoing = any(t.lower() in ("outgoing", "dialed") for t in f.get("Type", f.get("Direction", [])))
        caller = receiver = None
        numbers: dict[str, str | None] = {}
        others = []
        for p in submodels(subs, "Parties", "From", "To"):
            pf = fields(p)
            pid, ident, recs = self.party(p, pf)
            out += recs
            role = (first(pf, "Role") or "").lower()
            if pid is None:
                continue
            if role == "from":
                caller, numbers["caller"] = pid, ident
            elif role == "to":
                receiver, numbers["receiver"] = pid, ident
            elif pid != self.owner_id:
                others.append((pid, ident))
        if others and caller is None and receiver is None:
            pid, ident = others[0]
            if outgoing:
                caller, receiver, numbers["receiver"] = self.owner_id, pid, ident
            else:
                caller, receiver, numbers["caller"] = pid, self.owner_id, ident
        props = {
            "caller": [caller] if caller else [], "receiver": [receiver] if receiver else [],
            "callerNumber": [n] if (n := numbers.get("caller")) else [],
            "receiverNumber": [n] if (n := numbers.get("receiver")) else [],
            "date": f.get("TimeStamp", [])[:1],
            "duration": [d] if (d := seconds(first(f, "Duration"))) else [],
        }  # fmt: skip
        cid = ufdr_model_id(self.project, el.get("id") or locator(el))
        return [*out, self.result(locator(el), el.sourceline, cid, "Call", props, "calls")]

    def _email(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        def addresses(*names: str) -> list[str]:
            return [i for p in submodels(subs, *names) if (i := first(fields(p), "Identifier"))]

        props = {
            "date": f.get("TimeStamp", [])[:1],
            "from": addresses("From"),
            "to": addresses("To", "Cc", "Bcc"),
        }
        eid = ufdr_model_id(self.project, el.get("id") or locator(el))
        return [self.result(locator(el), el.sourceline, eid, "Email", props, "e-mails")]

    def _calendarentry(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        out: list[RecordResult] = []
        involved = [self.owner_id]
        for p in submodels(subs, "Attendees", "Participants", "Parties"):
            pid, _, recs = self.party(p)
            out += recs
            if pid and pid not in involved:
                involved.append(pid)
        where = first(f, "Location")
        props = {
            "name": ["calendar entry"], "date": f.get("StartDate", f.get("TimeStamp", []))[:1],
            "endDate": f.get("EndDate", [])[:1], "location": [where] if where else [],
            "country": [where] if where and registry.country.clean(where) else [], "involved": involved,
        }  # fmt: skip
        eid = ufdr_model_id(self.project, el.get("id") or locator(el))
        return [*out, self.result(locator(el), el.sourceline, eid, "Event", props, "events")]


def _outgoing(f: dict[str, list[str]]) -> bool:
    """Whether a message's status, folder or direction says the owner sent it."""
    status = " ".join(f.get("Status", []) + f.get("Folder", []) + f.get("Direction", [])).lower()
    return any(w in status for w in OUTGOING)


def locator(el: Any) -> str:
    """Where an analyst finds the element in the forensic tool: its model id (or line)."""
    ident = el.get("id")
    kind = el.get("type") or "file"
    return f"model[@id='{ident}'] ({kind})" if ident else f"line {el.sourceline} ({kind})"


def _text(el: Any) -> str:
    from lxml import etree

    return etree.tostring(el, encoding="unicode")[:4096]
