"""The shape of a Telegram Desktop export (``clew.ingest.telegram``): its chat kinds, peer ids
and times, and :class:`Chat`, what the reader keeps of the chat it is in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson

from clew.ingest import ids

SERVICE = "Telegram"
chat_account_id = lru_cache(maxsize=1 << 16)(ids.chat_account_id)  # a sender recurs on every message
GROUPS = frozenset({"private_group", "private_supergroup", "public_supergroup"})
CHANNELS = frozenset({"private_channel", "public_channel"})
PERSONAL = frozenset({"personal_chat", "bot_chat", "saved_messages"})
PEER = re.compile(r"^(user|channel|chat)?(\d{1,20})$")
JOIN = frozenset({"invite_members", "join_group_by_link", "join_group_by_request", "create_group"})
CREATORS = {"create_group": "creator", "create_channel": "creator", "migrate_from_group": "admin"}
NOT_INCLUDED = "(File "  # "(File not included. Change data exporting settings to download.)"
MAX_UNIXTIME = 4102444800  # 2100-01-01: a later time is not a message's


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


def raw(obj: Any) -> str:
    """The element as JSON text, for a quarantined record's raw value."""
    return orjson.dumps(obj, default=str).decode()
