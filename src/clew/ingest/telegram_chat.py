"""The records of a Telegram chat's messages (``clew.ingest.telegram`` streams them here one at a
time): the chat's group or peer, accounts, memberships, messages, calls and their files.
Members named only by name in a service message are matched to an account at the chat's end,
by the names seen with each user id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clew.errors import FormatError, Location
from clew.ingest.chats import Attachment, attachment, entity, name_of
from clew.ingest.ids import chat_group_id, chat_membership_id, chat_message_id, chat_named_id
from clew.ingest.records import RecordResult, SourceContext
from clew.ingest.telegram_format import (
    CHANNELS,
    CREATORS,
    JOIN,
    NOT_INCLUDED,
    PERSONAL,
    SERVICE,
    Chat,
    chat_account_id,
    peer,
    raw,
    when,
)


class ChatRecords:
    """The records of the chats of one export, in ``root`` (where its files lie) for ``ctx``;
    ``owner_account``, once the export's ``personal_information`` was read, is the exporter's."""

    def __init__(self, root: Path, ctx: SourceContext) -> None:
        self.root, self.ctx = root, ctx
        self.owner_account: str | None = None

    def start(self, chat: Chat) -> RecordResult | None:
        """Fix the chat's id and kind at its first message; the group's entity (None otherwise)."""
        found = chat.fields.get("id")
        if (
            isinstance(found, bool)
            or not isinstance(found, int | str)
            or not str(found).lstrip("-").isdigit()
        ):
            raise FormatError(
                f"chat id {found!r} is not a number (a chat's name, type and id precede its messages)",
                Location(file=str(self.ctx.path), field=f"{chat.path}.id"),
            )
        chat.key, chat.kind = str(found).lstrip("-")[:20], str(chat.fields.get("type") or "")
        if chat.kind in PERSONAL:
            account = chat_account_id(SERVICE, chat.key)
            return self.account(chat, account, chat.key, name_of(chat.fields.get("name")), f"chat {chat.key}")
        chat.entity_id = chat_group_id(SERVICE, chat.key)
        return RecordResult(f"chat {chat.key}", None, entity=entity(
            chat.entity_id, "Organization", name=name_of(chat.fields.get("name")), topics="clew.chatgroup",
            description=f"{SERVICE} {chat.kind or 'chat'} {chat.key}",
        ))  # fmt: skip

    def account(
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

    def member(
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

    def who(self, chat: Chat, who: Any, name: Any, locator: str, out: list) -> tuple[str | None, bool]:
        """The entity a ``from_id``/``actor_id`` names and whether it is an account (else a
        channel or group posting as itself)."""
        found = peer(who)
        if found is None:
            return None, False
        kind, digits = found
        if kind != "user":
            return chat_group_id(SERVICE, digits), False
        account = chat_account_id(SERVICE, digits)
        out.append(self.account(chat, account, digits, name_of(name), locator))
        return account, True

    def message(self, chat: Chat, msg: Any) -> Iterator[RecordResult]:
        out: list[RecordResult | None] = []
        if chat.key is None:
            out.append(self.start(chat))
        mid = msg.get("id") if isinstance(msg, dict) else None
        base = f"{chat.path}.messages[id={mid}]"
        locator = f"chat {chat.key} message {mid}"
        if not isinstance(msg, dict) or isinstance(mid, bool) or not isinstance(mid, int) or mid < 0:
            yield RecordResult.fail(
                locator, None, "a message needs a whole-number id", f"{base}.id", raw(msg)
            )
            yield from (r for r in out if r is not None)
            return
        service = msg.get("type") == "service"
        who_key, name_key = ("actor_id", "actor") if service else ("from_id", "from")
        if msg.get(who_key) is not None and peer(msg.get(who_key)) is None:
            why = f"{who_key} {msg.get(who_key)!r} is not a Telegram peer id (user123, channel123)"
            yield RecordResult.fail(locator, None, why, f"{base}.{who_key}", raw(msg))
        sender, is_account = self.who(chat, msg.get(who_key), msg.get(name_key), locator, out)
        date = when(msg)
        action = msg.get("action") if service else None
        if sender is not None and is_account:
            role = CREATORS.get(action, "member") if isinstance(action, str) else "member"
            joined = date if action in ("join_group_by_link", "join_group_by_request") else None
            out.append(self.member(chat, sender, locator, role, joined))
            chat.senders[mid] = sender
        if service:
            out.extend(self.action(chat, msg, action, sender, date, locator))
        else:
            out.extend(self.post(chat, msg, mid, (sender, is_account), date, locator, base))
        yield from (r for r in out if r is not None)

    def action(self, chat: Chat, msg: dict, action: Any, sender: str | None, date: str | None,
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
            other = self.other(chat, sender)
            out.append(RecordResult(locator, None, entity=entity(
                chat_message_id(SERVICE, chat.key or "", f"call:{msg.get('id')}"), "Call", caller=sender,
                receiver=other, date=date, duration=msg.get("duration_seconds"),
            )))  # fmt: skip
        return out

    def other(self, chat: Chat, sender: str) -> str | None:
        """In a personal chat: the party that did not send (the exporter when the peer did)."""
        peer_account = chat_account_id(SERVICE, chat.key or "")
        return peer_account if sender != peer_account else self.owner_account

    def post(self, chat: Chat, msg: dict, mid: int, who: tuple[str | None, bool], date: str | None,
              locator: str, base: str) -> list:  # fmt: skip
        """The message (sender, time, the account it answers, forwarded-from name) and its files."""
        out: list = []
        sender, is_account = who
        reply = msg.get("reply_to_message_id")
        reply_id = reply if isinstance(reply, int) and not isinstance(reply, bool) else None
        to = [chat.senders.get(reply_id)] if reply_id is not None else []
        if chat.kind in PERSONAL and sender is not None:
            to.append(self.other(chat, sender))
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
            out.extend(attachment(self.root, SERVICE, chat.key or "", str(mid), item, props, locator,
                                  f"{base}.{key}"))  # fmt: skip
        return out

    def finish(self, chat: Chat) -> Iterator[RecordResult]:
        """End of a chat: its entity if it had no message, then the members named only by name
        (in ``members`` of a service message), matched to an account by the names seen."""
        if chat.key is None:
            if "id" not in chat.fields:
                return  # the root of a full export, not a chat
            start = self.start(chat)
            if start is not None:
                yield start
        for name, locator, date, left in chat.deferred:
            accounts = chat.names.get(name, set())
            if len(accounts) == 1:
                account = next(iter(accounts))
            else:  # unknown or ambiguous: the name alone, kept apart per chat
                account = chat_named_id(SERVICE, chat.key or "", name)
                named = self.account(chat, account, None, name, locator)
                if named is not None:
                    yield named
            member = self.member(chat, account, locator, "member", date, left)
            if member is not None:
                yield member
