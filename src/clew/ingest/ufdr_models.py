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

from clew.ingest.ids import ufdr_account_id, ufdr_model_id
from clew.ingest.records import RecordResult
from clew.ingest.region import Region
from clew.ingest.summary import SKIPPED
from clew.ingest.ufdr_chats import Chats
from clew.ingest.ufdr_parties import Parties, locator, record
from clew.ingest.ufdr_xml import fields, first, parts, submodels
from clew.vocabulary import LEAD_APPS

# imported from here by the UFDR reader
__all__ = ["Mapper", "locator"]

WORDS = re.compile(r"[a-z0-9]+")
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
    """The records of one report's models: contacts, accounts, apps, calls, e-mails, calendar
    entries here; parties placed by :class:`~clew.ingest.ufdr_parties.Parties` (which remembers
    the contacts' numbers), chats and messages by :class:`~clew.ingest.ufdr_chats.Chats`."""

    def __init__(self, project: str, owner_id: str, owner_phones: list[str], region: Region) -> None:
        self.project, self.owner_id, self.region = project, owner_id, region
        self.parties = Parties(project, owner_id, owner_phones, region)
        self.chats = Chats(self.parties)
        self.party = self.parties.party
        self.message = self.chats.message  # a chat's message or an SMS/MMS: the hot path, bound once

    def result(self, locator: str, line: int | None, entity_id: str, schema: str,
               props: dict[str, list[str]], tally: str | None = None) -> RecordResult:  # fmt: skip
        return record(self.region, locator, line, entity_id, schema, props, tally)

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
                self.parties.remember(value, cid)
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

    # --- chats and messages (``clew.ingest.ufdr_chats``) ----------------------------------
    def _chat(self, el: Any, f: dict[str, list[str]], subs: Subs) -> list[RecordResult]:
        _, out = self.chats.context(el)
        self.chats.chat = self.chats.chat_el = None
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


def _text(el: Any) -> str:
    from lxml import etree

    return etree.tostring(el, encoding="unicode")[:4096]
