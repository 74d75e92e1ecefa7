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
from pathlib import Path
from typing import Any

import ijson

from clew.errors import FormatError, Location
from clew.ingest.chats import entity, name_of
from clew.ingest.ids import chat_named_id
from clew.ingest.records import Reader, RecordResult, SourceContext, lower_name
from clew.ingest.telegram_chat import ChatRecords
from clew.ingest.telegram_format import SERVICE, Chat, chat_account_id, peer, raw

CHAT_PREFIXES = ("", "chats.list.item", "left_chats.list.item")
CAPTURED = frozenset(
    {f"{p}.messages.item".lstrip(".") for p in CHAT_PREFIXES} | {"personal_information", "contacts.list.item"}
)  # the objects built whole (one at a time): messages, the exporter, contacts
SKIPPED = frozenset(
    {"text", "text_entities", "reactions", "inline_bot_buttons", "poll", "contact_information"}
)
SNIFF = re.compile(
    rb'^\s*\{\s*"(name"\s*:\s*(".*?"|null)\s*,\s*"type"\s*:\s*"[a-z_]+"|about"\s*:\s*"Here is the data)'
)


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
            self._ctx, self._chats = ctx, ChatRecords(path.parent, ctx)
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
                yield from self._chats.finish(chats.pop())
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
            yield from self._chats.message(chat, obj)

    def _owner(self, info: Any) -> Iterator[RecordResult]:
        """``personal_information`` of a full export: the exporting account (the device's owner
        when the manifest names one)."""
        if not isinstance(info, dict):
            yield RecordResult.fail("personal_information", None, "must be a JSON object",
                                    "$.personal_information", raw(info))  # fmt: skip
            return
        found = peer(info.get("user_id"))
        if found is None:
            yield RecordResult.fail("personal_information", None, "user_id is not a number",
                                    "$.personal_information.user_id", raw(info))  # fmt: skip
            return
        account = self._chats.owner_account = chat_account_id(SERVICE, found[1])
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
