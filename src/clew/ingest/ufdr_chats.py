"""Chats and their messages in a UFDR report (``clew.ingest.ufdr_models``): a chat's service,
group (an ``Organization``, topic ``clew.chatgroup``) and participants, computed once per chat;
each ``InstantMessage``, ``SMS`` and ``MMS`` a ``Message`` (date, sender, recipients: the text is
not read). Messages are most of a report's models: this is its hot path."""

from __future__ import annotations

from typing import Any

from clew.ingest.ids import ufdr_account_id, ufdr_group_id, ufdr_model_id
from clew.ingest.records import RecordResult
from clew.ingest.ufdr_parties import Parties, locator, record
from clew.ingest.ufdr_xml import fields, first, flag, parts, submodels

GROUP_TYPES = {"group", "groupchat", "channel", "broadcast", "supergroup"}
ADMIN_ROLES = {"admin", "administrator", "owner", "creator", "groupadmin", "moderator"}
TIME_FIELDS = frozenset(("TimeStamp",))  # the message's own field read first (its body never is); its status
STATUS_FIELDS = ("Status", "Folder", "Direction")  # read only when no party is the sender
SENDER_FIELDS = ("From",)  # a message's parties: these send, the others receive unless their Role is From
RECIPIENT_FIELDS = ("To", "Parties")
PARTY_FIELDS = frozenset(SENDER_FIELDS + RECIPIENT_FIELDS)
OUTGOING = ("sent", "outgoing", "outbox")  # a message's status, folder or direction: the owner sent it


class Chats:
    """The chats of one report, read one at a time: the chat whose messages are being read."""

    def __init__(self, parties: Parties) -> None:
        self.project, self.owner_id, self.region = parties.project, parties.owner_id, parties.region
        self.numbers = parties.numbers
        # bound once: called for every party of every message
        self.number, self.party, self.account = parties.number, parties.party, parties.account
        self.chat: tuple[str, dict[str, Any]] | None = None
        self.chat_el: Any = None  # the element of ``self.chat`` (``models`` yields one object a chat)

    def context(self, chat: Any) -> tuple[dict[str, Any], list[RecordResult]]:
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
            out.append(
                record(self.region, locator(chat), chat.sourceline, gid, "Organization", props, "groups")
            )
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
                out.append(record(self.region, locator(p), p.sourceline, mid, "Membership", mprops))
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
        and the properties built with no empty value to filter out (in
        :func:`~clew.ingest.ufdr_parties.record`'s order)."""
        f, subs = parts(el, TIME_FIELDS, PARTY_FIELDS)
        ctx = None
        out: list[RecordResult] = []
        if chat is not None and chat is self.chat_el and self.chat is not None:
            ctx = self.chat[1]
        elif chat is not None:
            ctx, out = self.context(chat)
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
        if (key := self.number(ident)) and key in self.numbers:
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


def _outgoing(f: dict[str, list[str]]) -> bool:
    """Whether a message's status, folder or direction says the owner sent it."""
    status = " ".join(f.get("Status", []) + f.get("Folder", []) + f.get("Direction", [])).lower()
    return any(w in status for w in OUTGOING)
