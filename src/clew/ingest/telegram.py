"""Telegram Desktop exports (``result.json``): one chat, or a full export with ``chats.list``.

Streamed with ijson (a chat export can be gigabytes; only one message is held at a time, and
its ``text``/``text_entities`` are skipped unparsed into objects, never stored). What becomes
of each element is in docs/formats.md; the shape follows Telegram Desktop's JSON writer:
a chat is ``{name, type, id, messages: [...]}``; a message ``{id, type: message|service,
date, date_unixtime, from, from_id: "user123", forwarded_from, reply_to_message_id, photo,
file, ...}``; a service message ``{actor, actor_id, action, members: [names], inviter}``.
Per chat the reader keeps the display names seen with each user id (to tell which account
a name in ``members`` is) and the sender of each message id (a reply is addressed to the
replied message's sender): memory grows with members and messages, not with text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import ijson
import orjson

from clew.errors import FormatError, Location
from clew.ingest import ids
from clew.ingest.chats import Attachment, attachment, entity, name_of
from clew.ingest.ids import chat_group_id, chat_membership_id, chat_message_id, chat_named_id
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name

SERVICE = "Telegram"
chat_account_id = lru_cache(maxsize=1 << 16)(ids.chat_account_id)  # a sender recurs on every message
GROUPS = frozenset({"private_group", "private_supergroup", "public_supergroup"})
CHANNELS = frozenset({"private_channel", "public_channel"})
PERSONAL = frozenset({"personal_chat", "bot_chat", "saved_messages"})
CHAT_PREFIXES = ("", "chats.list.item", "left_chats.list.item")
CAPTURED = frozenset(
    {f"{p}.messages.item".lstrip(".") for p in CHAT_PREFIXES} | {"personal_information", "contacts.list.item"}
)  # the objects built whole (one at a time): messages, the exporter, contacts
SKIPPED = frozenset(
    {"text", "text_entities", "reactions", "inline_bot_buttons", "poll", "contact_information"}
)
PEER = re.compile(r"^(user|channel|chat)?(\d{1,20})$")
JOIN = frozenset({"invite_members", "join_group_by_link", "join_group_by_request", "create_group"})
CREATORS = {"create_group": "creator", "create_channel": "creator", "migrate_from_group": "admin"}
NOT_INCLUDED = "(File "  # "(File not included. Change data exporting settings to download.)"
MAX_UNIXTIME = 4102444800  # 2100-01-01: a later time is not a message's
SNIFF = re.compile(
    rb'^\s*\{\s*"(name"\s*:\s*(".*?"|null)\s*,\s*"type"\s*:\s*"[a-z_]+"|about"\s*:\s*"Here is the data)'
)


def peer(value: Any) -> tuple[str, str] | None:
    """``("user"|"channel"|"chat", digits)`` of a ``from_id``/``actor_id`` (``"user123"``; a bare
    number in older exports is a user), None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = str(value)
    match = PEER.match(value) if isinstance(value, str) else None
    return (match.group(1) or "user", match.group(2)) if match else None


def when(msg: dict[str, Any]) -> str | None:
    """The message's time: ``date_unixtime`` as UTC ISO-8601 when valid (exact), else ``date`` as
    written (Telegram Desktop's local time, no offset)."""
    raw = msg.get("date_unixtime")
    if isinstance(raw, int | str) and not isinstance(raw, bool) and str(raw).isdigit():
        seconds = int(str(raw)[:12])
        if seconds <= MAX_UNIXTIME:
            return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    date = msg.get("date")
    return date if isinstance(date, str) and date.strip() else None


@dataclass
class Chat:
    """One chat being read: its fields, the accounts and members seen, senders by message id."""

    path: str  # JSON path of the chat, for error fields
    fields: dict[str, Any] = field(default_factory=dict)
    key: str | None = None  # the chat id as text, once known
    kind: str = ""
    entity_id: str | None = None  # the group's Organization (None: a personal chat)
    names: dict[str, set[str]] = field(default_factory=dict)  # display name -> account ids
    accounts: set[tuple[str, str | None]] = field(default_factory=set)  # (account, name) emitted
    members: set[str] = field(default_factory=set)  # accounts given a membership
    senders: dict[int, str] = field(default_factory=dict)  # message id -> sender entity
    deferred: list[tuple[str, str, str | None, bool]] = field(
        default_factory=list
    )  # name, locator, date, left


class TelegramReader(Reader):
    """``result.json`` of Telegram Desktop's "Export chat history" or "Export Telegram data"."""

    name = "telegram"

    def sniff(self, path: Path, head: bytes) -> bool:
        return lower_name(path).endswith(".json") and SNIFF.match(head) is not None

    def read(self, path: Path, ctx: SourceContext) -> Iterator[RecordResult]:
        try:
            fh = path.open("rb")
        except OSError as exc:
            raise FormatError(f"cannot read: {exc.strerror or exc}", Location(file=str(path))) from exc
        with fh:
            if fh.read(3) != codecs.BOM_UTF8:
                fh.seek(0)
            self._root, self._ctx, self._owner_account = path.parent, ctx, None
            try:  # use_float: yajl itself refuses an integer over 64 bits (ijson 3.6's C backend
                # crashes the interpreter converting a 5000-digit one to a Python int otherwise)
                yield from self._events(ijson.parse(fh, use_float=True), fh)
            except (ijson.JSONError, ValueError, UnicodeDecodeError) as exc:
                text = " ".join(str(exc).split())[:300]
                raise FormatError(
                    f"not a readable Telegram export (malformed JSON near byte {fh.tell()}): {text}",
                    Location(file=str(path)),
                ) from exc

    def _events(self, events: Iterator[tuple[str, str, Any]], fh: Any) -> Iterator[RecordResult]:
        chats: list[Chat] = []
        counts = {"chats.list.item": 0, "left_chats.list.item": 0}
        builder: ijson.ObjectBuilder | None = None
        built, skip, skip_dot = "", "", ""
        for prefix, event, value in events:
            if builder is not None:
                if skip and (prefix == skip or prefix.startswith(skip_dot)):
                    continue
                skip = ""
                if event == "map_key" and prefix == built and value in SKIPPED:
                    skip = f"{built}.{value}"
                    skip_dot = skip + "."
                    continue
                if prefix == built and event in ("end_map", "end_array"):
                    builder.event(event, value)
                    obj, builder = builder.value, None
                    self.position = fh.tell()
                    yield from self._object(chats[-1] if chats else None, built, obj)
                    continue
                builder.event(event, value)
                continue
            if event == "start_map" and prefix in CHAT_PREFIXES:
                index = counts.get(prefix, 0)
                counts[prefix] = index + 1
                where = "$" if not prefix else f"$.{prefix[:-5]}[{index}]"
                chats.append(Chat(where))
            elif event == "end_map" and prefix in CHAT_PREFIXES and chats:
                yield from self._finish(chats.pop())
            elif event == "start_map" and prefix in CAPTURED:
                builder, built = ijson.ObjectBuilder(), prefix
                builder.event(event, value)
            elif event in ("string", "number", "null") and chats:
                parent, _, key = prefix.rpartition(".")
                if parent in CHAT_PREFIXES and key in ("name", "type", "id"):
                    chats[-1].fields[key] = value

    def _object(self, chat: Chat | None, prefix: str, obj: Any) -> Iterator[RecordResult]:
        if prefix == "personal_information":
            yield from self._owner(obj)
        elif prefix == "contacts.list.item":
            yield from self._contact(obj)
        elif chat is not None:
            yield from self._message(chat, obj)

    def _start(self, chat: Chat) -> RecordResult | None:
        """Fix the chat's id and kind at its first message; the group's entity (None otherwise)."""
        found = chat.fields.get("id")
        if (
            isinstance(found, bool)
            or not isinstance(found, int | str)
            or not str(found).lstrip("-").isdigit()
        ):
            raise FormatError(
                f"chat id {found!r} is not a number (a chat's name, type and id precede its messages)",
                Location(file=str(self._ctx.path), field=f"{chat.path}.id"),
            )
        chat.key, chat.kind = str(found).lstrip("-")[:20], str(chat.fields.get("type") or "")
        if chat.kind in PERSONAL:
            account = chat_account_id(SERVICE, chat.key)
            return self._account(
                chat, account, chat.key, name_of(chat.fields.get("name")), f"chat {chat.key}"
            )
        chat.entity_id = chat_group_id(SERVICE, chat.key)
        return RecordResult(f"chat {chat.key}", None, entity=entity(
            chat.entity_id, "Organization", name=name_of(chat.fields.get("name")), topics="clew.chatgroup",
            description=f"{SERVICE} {chat.kind or 'chat'} {chat.key}",
        ))  # fmt: skip

    def _account(
        self, chat: Chat, account: str, user_id: str | None, name: str | None, locator: str
    ) -> RecordResult | None:
        if name and user_id:
            chat.names.setdefault(name, set()).add(account)
        if (account, name) in chat.accounts:
            return None
        chat.accounts.add((account, name))
        return RecordResult(locator, None, entity=entity(
            account, "UserAccount", service=SERVICE, username=user_id, clew_userId=user_id, name=name,
        ))  # fmt: skip

    def _member(
        self,
        chat: Chat,
        account: str,
        locator: str,
        role: str = "member",
        date: str | None = None,
        left: bool = False,
    ) -> RecordResult | None:
        """A membership of ``account`` in a group (channels list only their creators: Telegram
        does not export subscribers); its first sighting, a join date, a leaving date."""
        if chat.entity_id is None or (chat.kind in CHANNELS and role == "member"):
            return None
        if account in chat.members and not date:
            return None
        first = account not in chat.members
        chat.members.add(account)
        props: dict[str, Any] = {"endDate" if left else "startDate": date}
        if first:
            props.update(member=account, organization=chat.entity_id, role=role)
        mid = chat_membership_id(SERVICE, chat.key or "", account)
        return RecordResult(locator, None, entity=entity(mid, "Membership", **props))

    def _who(self, chat: Chat, who: Any, name: Any, locator: str, out: list) -> tuple[str | None, bool]:
        """The entity a ``from_id``/``actor_id`` names and whether it is an account (else a
        channel or group posting as itself)."""
        found = peer(who)
        if found is None:
            return None, False
        kind, digits = found
        if kind != "user":
            return chat_group_id(SERVICE, digits), False
        account = chat_account_id(SERVICE, digits)
        out.append(self._account(chat, account, digits, name_of(name), locator))
        return account, True

    def _message(self, chat: Chat, msg: Any) -> Iterator[RecordResult]:
        out: list[RecordResult | None] = []
        if chat.key is None:
            out.append(self._start(chat))
        mid = msg.get("id") if isinstance(msg, dict) else None
        base = f"{chat.path}.messages[id={mid}]"
        locator = f"chat {chat.key} message {mid}"
        if not isinstance(msg, dict) or isinstance(mid, bool) or not isinstance(mid, int) or mid < 0:
            yield RecordResult.fail(
                locator, None, "a message needs a whole-number id", f"{base}.id", _raw(msg)
            )
            yield from (r for r in out if r is not None)
            return
        service = msg.get("type") == "service"
        who_key, name_key = ("actor_id", "actor") if service else ("from_id", "from")
        if msg.get(who_key) is not None and peer(msg.get(who_key)) is None:
            why = f"{who_key} {msg.get(who_key)!r} is not a Telegram peer id (user123, channel123)"
            yield RecordResult.fail(locator, None, why, f"{base}.{who_key}", _raw(msg))
        sender, is_account = self._who(chat, msg.get(who_key), msg.get(name_key), locator, out)
        date = when(msg)
        action = msg.get("action") if service else None
        if sender is not None and is_account:
            role = CREATORS.get(action, "member") if isinstance(action, str) else "member"
            joined = date if action in ("join_group_by_link", "join_group_by_request") else None
            out.append(self._member(chat, sender, locator, role, joined))
            chat.senders[mid] = sender
        if service:
            out.extend(self._action(chat, msg, action, sender, date, locator))
        else:
            out.extend(self._post(chat, msg, mid, (sender, is_account), date, locator, base))
        yield from (r for r in out if r is not None)

    def _action(self, chat: Chat, msg: dict, action: Any, sender: str | None, date: str | None,
                locator: str) -> list:  # fmt: skip
        """Members a service message names (joined, invited, removed or left: matched to accounts
        at the chat's end), and a personal chat's calls."""
        out: list = []
        names = msg.get("members") if action in JOIN or action == "remove_members" else None
        for raw_name in names if isinstance(names, list) else []:
            name = name_of(raw_name)
            if name:
                chat.deferred.append((name, locator, date, action == "remove_members"))
        if action == "phone_call" and chat.kind in PERSONAL and sender is not None:
            other = self._other(chat, sender)
            out.append(RecordResult(locator, None, entity=entity(
                chat_message_id(SERVICE, chat.key or "", f"call:{msg.get('id')}"), "Call", caller=sender,
                receiver=other, date=date, duration=msg.get("duration_seconds"),
            )))  # fmt: skip
        return out

    def _other(self, chat: Chat, sender: str) -> str | None:
        """In a personal chat: the party that did not send (the exporter when the peer did)."""
        peer_account = chat_account_id(SERVICE, chat.key or "")
        return peer_account if sender != peer_account else self._owner_account

    def _post(self, chat: Chat, msg: dict, mid: int, who: tuple[str | None, bool], date: str | None,
              locator: str, base: str) -> list:  # fmt: skip
        """The message (sender, time, the account it answers, forwarded-from name) and its files."""
        out: list = []
        sender, is_account = who
        reply = msg.get("reply_to_message_id")
        reply_id = reply if isinstance(reply, int) and not isinstance(reply, bool) else None
        to = [chat.senders.get(reply_id)] if reply_id is not None else []
        if chat.kind in PERSONAL and sender is not None:
            to.append(self._other(chat, sender))
        to = [t for t in dict.fromkeys(to) if t and t != sender]
        forwarded = name_of(msg.get("forwarded_from")) or name_of(msg.get("saved_from"))
        out.append(RecordResult(locator, None, entity=entity(
            chat_message_id(SERVICE, chat.key or "", str(mid)), "Message",
            senderAccount=sender if is_account else None, sender=None if is_account else sender,
            recipientAccount=to, date=date, messageId=mid, clew_group=chat.entity_id,
            inReplyToMessage=chat_message_id(SERVICE, chat.key or "", str(reply_id)) if reply_id is not None
            else None, clew_forwardedFrom=forwarded,
        )))  # fmt: skip
        for key in ("photo", "file"):
            ref = msg.get(key)
            if not isinstance(ref, str) or not ref.strip():
                continue
            item = Attachment(ref if not ref.startswith(NOT_INCLUDED) else None,
                              name_of(msg.get("file_name")) if key == "file" else None,
                              msg.get("file_size") or msg.get("photo_file_size"),
                              msg.get("mime_type") if isinstance(msg.get("mime_type"), str) else None,
                              "photo" if key == "photo" else msg.get("media_type"))  # fmt: skip
            props = {"clew_holder": sender, "clew_group": chat.entity_id, "date": date}
            out.extend(attachment(self._root, SERVICE, chat.key or "", str(mid), item, props, locator,
                                  f"{base}.{key}"))  # fmt: skip
        return out

    def _finish(self, chat: Chat) -> Iterator[RecordResult]:
        """End of a chat: its entity if it had no message, then the members named only by name
        (in ``members`` of a service message), matched to an account by the names seen."""
        if chat.key is None:
            if "id" not in chat.fields:
                return  # the root of a full export, not a chat
            start = self._start(chat)
            if start is not None:
                yield start
        for name, locator, date, left in chat.deferred:
            accounts = chat.names.get(name, set())
            if len(accounts) == 1:
                account = next(iter(accounts))
            else:  # unknown or ambiguous: the name alone, kept apart per chat
                account = chat_named_id(SERVICE, chat.key or "", name)
                named = self._account(chat, account, None, name, locator)
                if named is not None:
                    yield named
            member = self._member(chat, account, locator, "member", date, left)
            if member is not None:
                yield member

    def _owner(self, info: Any) -> Iterator[RecordResult]:
        """``personal_information`` of a full export: the exporting account (the device's owner
        when the manifest names one)."""
        if not isinstance(info, dict):
            yield RecordResult.fail("personal_information", None, "must be a JSON object",
                                    "$.personal_information", _raw(info))  # fmt: skip
            return
        found = peer(info.get("user_id"))
        if found is None:
            yield RecordResult.fail("personal_information", None, "user_id is not a number",
                                    "$.personal_information.user_id", _raw(info))  # fmt: skip
            return
        account = self._owner_account = chat_account_id(SERVICE, found[1])
        handle = info.get("username") if isinstance(info.get("username"), str) else None
        yield RecordResult("personal_information", None, entity=entity(
            account, "UserAccount", service=SERVICE, username=[found[1], handle], clew_userId=found[1],
            name=name_of(" ".join(str(info.get(k) or "") for k in ("first_name", "last_name"))),
            phone=info.get("phone_number"), owner=self._ctx.owner,
        ))  # fmt: skip

    def _contact(self, item: Any) -> Iterator[RecordResult]:
        """An entry of the exporter's contact list: the Telegram account when it has one, else
        an address-book person; the phone number as saved."""
        if not isinstance(item, dict):
            return
        name = name_of(" ".join(str(item.get(k) or "") for k in ("first_name", "last_name")))
        phone = item.get("phone_number") if isinstance(item.get("phone_number"), str) else None
        found = peer(item.get("user_id"))
        locator = f"contact {found[1] if found else phone or name}"[:200]
        if found is not None and found[1] != "0":
            yield RecordResult(locator, None, entity=entity(
                chat_account_id(SERVICE, found[1]), "UserAccount", service=SERVICE, username=found[1],
                clew_userId=found[1], name=name, phone=phone,
            ))  # fmt: skip
        elif phone or name:
            cid = chat_named_id(SERVICE, f"contacts:{self._ctx.sha256}", f"{name}|{phone}")
            yield RecordResult(locator, None, entity=entity(cid, "Person", name=name, phone=phone))


def _raw(obj: Any) -> str:
    return orjson.dumps(obj, default=str).decode()
